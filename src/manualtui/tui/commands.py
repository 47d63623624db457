"""Command palette providers: go to a council, a release or a chapter by typing part of its
name; and the current view's own actions (global ones come from `get_system_commands`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..wording import short_council

if TYPE_CHECKING:
    from .app import ManualApp

Command = tuple[str, Callable[[], object], str]


_MOST_HITS = 40


class _ListProvider(Provider):
    """Search over a long list of (name, callback, help) commands: every typed word must
    occur in the name (case ignored), shorter names first. Thousands of chapters stay
    quick, where fuzzy matching each one per keystroke would not."""

    @property
    def manual_app(self) -> ManualApp:
        return self.app  # type: ignore[return-value]

    def commands(self) -> Iterable[Command]:
        return ()

    async def startup(self) -> None:
        self._commands = [
            (name.casefold(), (name, callback, help_text))
            for name, callback, help_text in self.commands()
        ]

    async def search(self, query: str) -> Hits:
        words = query.casefold().split()
        found = [
            command for folded, command in self._commands if all(word in folded for word in words)
        ]
        found.sort(key=lambda command: len(command[0]))
        matcher = self.matcher(query)
        for rank, (name, callback, help_text) in enumerate(found[:_MOST_HITS]):
            yield Hit(
                1.0 - rank / (2 * _MOST_HITS),
                matcher.highlight(name),
                callback,
                help=help_text or None,
            )


class CouncilProvider(_ListProvider):
    """ "Go to council: …" for each loaded manual."""

    def commands(self) -> Iterable[Command]:
        app = self.manual_app
        if app.catalog is None:
            return
        for index, manual in enumerate(app.catalog.library.manuals):
            yield (
                f"Go to council: {manual.council}",
                partial(app.show_release, index),
                manual.title,
            )


class ReleaseProvider(_ListProvider):
    """ "Go to release: Enfield October 2020" for every release."""

    def commands(self) -> Iterable[Command]:
        app = self.manual_app
        if app.catalog is None:
            return
        for index, manual in enumerate(app.catalog.library.manuals):
            council = short_council(manual.council)
            for release in manual.releases:
                count = len(release.entries)
                yield (
                    f"Go to release: {council} {release.label}",
                    partial(app.go_to_release, index, release),
                    f"{count} entr{'y' if count == 1 else 'ies'}",
                )


class ChapterProvider(_ListProvider):
    """ "Go to chapter: Placements with Parents (Luton)" for every chapter of every manual."""

    def commands(self) -> Iterable[Command]:
        app = self.manual_app
        catalog = app.catalog
        if catalog is None:
            return
        for ref in catalog.chapters():
            council = short_council(catalog.library.manuals[ref.manual].council)
            yield (
                f"Go to chapter: {ref.title} ({council})",
                partial(app.show_chapter, ref.manual, ref.chapter),
                "its history in both councils",
            )


class ViewCommandsProvider(Provider):
    """The actions of the view the palette was opened from (and only those)."""

    def commands(self) -> list[Command]:
        commands = getattr(self.screen, "palette_commands", None)
        return list(commands()) if callable(commands) else []

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(name, callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text or None)
