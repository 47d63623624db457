"""Command palette providers: go to a council, a release or a chapter by typing part of its
name; and the current view's own actions (the app's come from `get_system_commands`).

Labels are plain words (no markup, no double spaces), and each place appears once: two
chapters of one manual with the same title are told apart by their first change.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..model import Release
from ..wording import count, month_label, short_council
from .catalog import Catalog
from .state import ChapterFocus

if TYPE_CHECKING:
    from .app import ManualApp

Command = tuple[str, Callable[[], object], str]

_MOST_HITS = 40


@dataclass(frozen=True)
class GoTo:
    """A place the palette can go to: its label, a hint, and where it is (a manual and one
    of its releases, or a chapter)."""

    label: str
    hint: str
    manual: str
    release: Release | None = None
    chapter: ChapterFocus | None = None


_PLACES: weakref.WeakKeyDictionary[Catalog, list[tuple[str, GoTo]]] = weakref.WeakKeyDictionary()
_PLACES_LOCK = threading.Lock()


def places(catalog: Catalog) -> list[tuple[str, GoTo]]:
    """Every council, release and chapter of the catalog, with its label casefolded for
    search: "Go to council: Luton", "Go to release: Luton December 2019", "Go to chapter:
    Placements with Parents (Luton)". Made once per catalog (the app makes it in the
    background after loading)."""
    with _PLACES_LOCK:
        found = _PLACES.get(catalog)
        if found is None:
            found = _PLACES[catalog] = [(p.label.casefold(), p) for p in _places(catalog)]
        return found


def _places(catalog: Catalog) -> Iterable[GoTo]:
    for manual in catalog.library.manuals:
        council = short_council(manual.council)
        yield GoTo(f"Go to council: {council}", manual.title, manual.key)
        for release in manual.releases:
            yield GoTo(
                f"Go to release: {council} {release.label}",
                count(len(release.entries), "entry", "entries"),
                manual.key,
                release,
            )
    refs = catalog.chapters()
    titles = [(ref.manual, ref.title.casefold()) for ref in refs]
    repeated = {title for title, times in Counter(titles).items() if times > 1}
    for ref, title in zip(refs, titles, strict=True):
        items = catalog.chapter_items(ref.manual, ref.chapter)
        council = short_council(catalog.manual(ref.manual).council)
        since = f", since {month_label(items[-1].release.key)}" if title in repeated else ""
        yield GoTo(
            f"Go to chapter: {ref.title} ({council}{since})",
            f"its history: {count(len(items), 'change')}",
            ref.manual,
            chapter=ChapterFocus(ref.manual, ref.chapter, items[0]),
        )


class GoToProvider(Provider):
    """Every council, release and chapter: every typed word must occur in the label (case
    ignored), shorter labels first. Thousands of chapters stay quick, where fuzzy matching
    each one per keystroke would not. Searched, not listed before anything is typed."""

    @property
    def manual_app(self) -> ManualApp:
        return self.app  # type: ignore[return-value]

    async def search(self, query: str) -> Hits:
        catalog = self.manual_app.catalog
        if catalog is None:
            return
        words = query.casefold().split()
        found = [place for folded, place in places(catalog) if all(w in folded for w in words)]
        found.sort(key=lambda place: len(place.label))
        matcher = self.matcher(query)
        for rank, place in enumerate(found[:_MOST_HITS]):
            yield Hit(
                1.0 - rank / (2 * _MOST_HITS),
                matcher.highlight(place.label),
                partial(self.manual_app.go_to_place, place),
                text=place.label,
                help=place.hint,
            )


class ViewCommandsProvider(Provider):
    """The actions of the view the palette was opened from (and only those)."""

    def commands(self) -> list[Command]:
        commands = getattr(self.screen, "palette_commands", None)
        return list(commands()) if callable(commands) else []

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), callback, text=name, help=help_text or None
                )
