"""One entry in full: what changed, why it matters, the chapter's history, the other council.

`entry_lines` builds the content (tested on its own) as a list of Rich texts; everything
wraps, nothing is cut. Page text is shown as text (never read as markup). `EntryView` is the
scrolling pane.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual.containers import VerticalScroll
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, RichVisual
from textual.widget import Widget
from textual.widgets import Static

from ...model import Item
from ...printable import printable_line
from ...wording import (
    count,
    day_text,
    lag_text,
    month_label,
    month_name,
    short_council,
    summary,
)
from ..catalog import Catalog
from ..labels import (
    KIND_WORD,
    NEW_MARK,
    PRIORITY_MARK,
    PRIORITY_STYLE,
    PRIORITY_WORD,
    READ_MARK,
    READING_STYLE,
    chapter_label,
)
from ..state import Reading

if TYPE_CHECKING:
    from ..relations import Related

K = TypeVar("K")
V = TypeVar("V")


def entry_lines(
    catalog: Catalog,
    item: Item,
    related: Related | None = None,
    partner: str | None = None,
    history: bool = True,
    reading: Reading | None = None,
) -> list[Text]:
    """The entry, its re-read assessment, whether it is new to the user and read (on the
    library), the chapter's history and its counterpart.

    `related` is None while the chapter's renames and the `partner` council's matching
    chapter are still being worked out.
    """
    lines = [
        Text(
            chapter_label(item),
            "bold",
        )
    ]
    when = month_name(item.release.key)
    label = f" ({item.release.label})" if item.release.label != when else ""
    lines.append(
        Text(f"{short_council(item.council)} · {when}{label} · {KIND_WORD[item.entry.kind]}", "dim")
    )
    assessment = item.assessment
    verdict = Text(
        f"{PRIORITY_MARK[item.priority]} {PRIORITY_WORD[item.priority]}",
        PRIORITY_STYLE[item.priority],
    )
    if assessment.reason:
        verdict.append(f": {assessment.reason}", "")
    lines.append(verdict)
    if reading is not None:
        lines += reading_lines(catalog, item, reading)
    if item.title_inferred:
        lines.append(Text(f"Title inferred: {item.inference or 'from a matching entry'}", "italic"))
    for paragraph in item.entry.details or ("(no details)",):
        lines += [Text(""), Text(paragraph)]
    lines += _facts(item)
    source = printable_line(Path(item.manual.source).name)  # a file name may hold escapes
    lines += [Text(""), Text(f"{source}, line {item.entry.first_line}", "dim")]
    if history:
        lines += _history(catalog, item, related)
    if partner is not None and partner != item.council:
        lines += _counterpart(item, related, partner)
    return lines


def reading_lines(catalog: Catalog, item: Item, reading: Reading) -> list[Text]:
    """ "+ New since your last look (arrived 12 May 2025)", "✓ Read on 6 May 2025 · chapter:
    3 of 5 entries read"."""
    lines: list[Text] = []
    new = reading.new.get(item.id)
    if new is not None:
        rewritten = new.change == "changed"
        arrived = datetime.datetime.fromisoformat(new.at).astimezone().date()
        lines.append(
            Text.assemble(
                (
                    f"{NEW_MARK} {'Rewritten' if rewritten else 'New'} since your last look",
                    READING_STYLE[NEW_MARK],
                ),
                f" ({'rewritten' if rewritten else 'arrived'} {day_text(arrived)})",
            )
        )
    done = reading.progress.get(item.id)
    line = Text()
    if done is not None:
        line.append(f"{READ_MARK} {done.status} on {day_text(done.on)}", READING_STYLE[READ_MARK])
    else:
        line.append("Not marked read", "dim")
    if item.chapter:
        chapter = catalog.chapter_items(item.manual.key, item.chapter)
        read = sum(other.id in reading.progress for other in chapter)
        line.append(f" · chapter: {read} of {count(len(chapter), 'entry', 'entries')} read", "dim")
    return [*lines, line]


def _facts(item: Item) -> list[Text]:
    assessment = item.assessment
    facts: list[Text] = []
    if assessment.sections:
        facts.append(
            Text.assemble(
                ("Sections: ", "bold"),
                "; ".join(f"{s.number} {s.name}".strip() for s in assessment.sections),
            )
        )
    if assessment.drivers:
        facts.append(Text.assemble(("Legal drivers: ", "bold"), "; ".join(assessment.drivers)))
    if item.entry.link:
        facts.append(Text.assemble(("Link: ", "bold"), item.entry.link))
    return [Text(""), *facts] if facts else []


def _history(catalog: Catalog, item: Item, related: Related | None) -> list[Text]:
    if not item.chapter:
        return []
    history = catalog.chapter_items(item.manual.key, item.chapter)
    lines = [
        Text(""),
        Text.assemble(
            (f"History in {short_council(item.council)} ", "bold"),
            (f"({count(len(history), 'change')}; h opens the chapter view)", "dim"),
        ),
    ]
    lines += timeline(history, current=item)
    chapter = related.chapter if related else None
    if chapter is not None:
        for rename in chapter.renames:
            when = f" in {month_label(rename.release)}" if rename.release else ""
            lines.append(
                Text.assemble(
                    (f"  renamed{when}: “{rename.old_title}” → “{rename.new_title}”", "italic"),
                    (f" ({rename.evidence})", "dim"),
                )
            )
        if chapter.aliases:
            lines.append(Text("  also titled: " + "; ".join(chapter.aliases), "dim"))
    return lines


def _counterpart(item: Item, related: Related | None, partner: str) -> list[Text]:
    heading = Text(f"In {short_council(partner)}", "bold")
    if related is None:
        heading.append(": looking for the matching chapter…", "dim")
        return [Text(""), heading]
    if related.counterpart is None:
        heading.append(": no matching chapter", "dim")
        return [Text(""), heading]
    counterpart = related.counterpart
    heading.append(f": {counterpart.title}")
    if related.evidence:
        heading.append(f" ({related.evidence})", "dim")
    return [Text(""), heading, *timeline(counterpart.items, current=None, twin_of=item)]


def same_update(a: Item, b: Item) -> bool:
    """Whether two entries are the same (national) update: near-identical details."""
    from ...chapters import details_form, is_informative, load_thresholds, update_similarity

    return is_informative(details_form(a.entry.details_text)) and (
        update_similarity(a.entry, b.entry) >= load_thresholds().twin_details
    )


def timeline(
    items: Iterable[Item], current: Item | None = None, twin_of: Item | None = None
) -> list[Text]:
    """One line per change (wrapping, never cut): release, kind, priority, summary (`>`
    marks `current`; `=` marks the same update as `twin_of`, with the lag in words)."""
    rows: list[Text] = []
    for other in items:
        row = Text()
        row.append(
            f"{'>' if other is current else ' '} {month_label(other.release.key):<9}"
            f"{KIND_WORD[other.entry.kind]:<8}"
        )
        row.append(PRIORITY_MARK[other.priority], PRIORITY_STYLE[other.priority])
        if twin_of is not None and same_update(twin_of, other):
            lag = other.release.ordinal - twin_of.release.ordinal
            row.append(f" = same update, {lag_text(lag, twin_of.council, other.council)}", "bold")
        row.append(f" {summary(other)}", "bold" if other is current else "")
        rows.append(row)
    return rows


class _Wrapped(RichVisual):
    """Lines of text as Rich wraps them, wrapped and drawn once per width (the last two
    widths kept).

    Textual asks a Rich renderable for its height and then draws it, wrapping every line
    twice; and a search hides the tree beside the pane and shows it again, so the pane
    goes back and forth between two widths.
    """

    def __init__(self, widget: Widget, lines: list[Text]) -> None:
        super().__init__(widget, Group(*lines))
        self._wrapped: dict[int, list[Segment]] = {}
        self._drawn: dict[tuple[int, int | None, VisualStyle], list[Strip]] = {}

    def _segments(self, width: int) -> list[Segment]:
        segments = self._wrapped.get(width)
        if segments is None:
            app = self._widget.app
            options = app.console_options.update(highlight=False).update_width(width)
            segments = list(app.console.render(self._renderable, options))
            _keep_two(self._wrapped, width, segments)
        return segments

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(text.count("\n") for text, _, _ in self._segments(width))

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        """As RichVisual draws the lines, from the segments of their last wrapping."""
        key = (width, height, style)
        strips = self._drawn.get(key)
        if strips is None:
            console = self._widget.app.console
            styled = self._widget.post_render(_Replay(self._segments(width)), style.rich_style)
            lines = Segment.split_and_crop_lines(
                console.render(styled), width, include_new_lines=False, pad=False
            )
            strips = [Strip(line) for line in islice(lines, None, height)]
            _keep_two(self._drawn, key, strips)
        return list(strips)


def _keep_two(memo: dict[K, V], key: K, value: V) -> None:
    """Keep `value` under `key`, and one other entry at most (the latest before it)."""
    if len(memo) >= 2:
        memo.pop(next(iter(memo)))
    memo[key] = value


class _Replay:
    """Segments already rendered, rendered again as they are."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self.segments


class EntryView(VerticalScroll, can_focus=True):
    """The scrolling detail pane; `show(...)` replaces its content."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    EntryView { padding: 0 1; scrollbar-size-vertical: 1; }
    EntryView > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Static("", id="entry-text"), id=id, classes=classes)
        self.item: Item | None = None
        self.lines: list[Text] = []

    @property
    def plain(self) -> str:
        """What the pane shows, as plain text."""
        return "\n".join(line.plain for line in self.lines)

    def show(
        self,
        catalog: Catalog | None,
        item: Item | None,
        empty: str = "",
        related: Related | None = None,
        partner: str | None = None,
        history: bool = True,
        reading: Reading | None = None,
    ) -> None:
        """Show `item` (or the `empty` text); scrolls to the top for a new item."""
        if item is not self.item:
            self.scroll_home(animate=False)
        self.item = item
        body = self.query_one("#entry-text", Static)
        if catalog is None or item is None:
            self.lines = [Text(empty, style="dim")]
        else:
            self.lines = entry_lines(catalog, item, related, partner, history, reading)
        body.update(_Wrapped(body, self.lines))

    def show_lines(self, lines: list[Text]) -> None:
        """Show prepared content (the compare and chapter views build their own)."""
        self.item = None
        self.lines = lines
        body = self.query_one("#entry-text", Static)
        body.update(_Wrapped(body, lines))
        self.scroll_home(animate=False)
