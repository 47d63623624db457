"""The Word briefing pack a team manager hands out at the team meeting, as it comes.

Short by default. Page 1 says what changes for practice: the manual, councils, period, who
prepared it and when, the re-read date and the manual's next update (said plainly when it
is already past), the figures, then the chapters to re-read, one line each saying what to
read (the whole chapter or the sections named) and by when, and the chapters removed ("no
longer in the manual; stop using printed copies"), renamed or new.

Then one section per kind of action: re-read, review (the sections named), for information,
removed. Each chapter appears in one of them, once, with every change of the period in
full: the latest, then the earlier ones it supersedes. No entry's details are printed twice
(the `--appendix` list of every entry is the one exception, asked for). With two councils,
the two side by side (changed in both, with shared national updates and their lag; only in
one). Sections with nothing to say are left out, and so are their contents lines. A title
the page lost carries the best name there is: an inferred title, marked, or the entry's
line and opening words. How titles were inferred, renames recognised and priorities decided
is told in the last section, "How this pack was made"; then a sign-off table. A selection
of more than `MOST_ENTRIES` entries is refused, with the narrower selections and the
exports that suit it named.

Real Word styles throughout (Title, Heading 1/2, and a "Briefing Table" style the document
defines itself); a header and a "Page X of Y" footer from fields; the file's properties
name its title, subject and author.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .. import __version__
from ..chapters import RenameLink, chapters
from ..compare import ComparedChapter, Presence, SharedUpdate, compare
from ..errors import ManualError
from ..model import Kind, Manual, Priority, Release
from ..parse.lines import release_heading, strip_cells
from ..wording import count, day_text, lag_text, month_label, month_name, short_council
from .columns import Settings, load_settings
from .docx_parts import (
    BULLET_STYLE,
    EARLIER_STYLE,
    ITEM_STYLE,
    META_STYLE,
    CellContent,
    Run,
    add_field,
    add_figures,
    add_runs,
    add_table,
    add_toc,
    ask_to_update_fields,
    bookmark,
    define_styles,
    set_page,
    set_properties,
)
from .rows import Row, chapter_rows, display_title, marked_title, months_text
from .text import clean

if TYPE_CHECKING:
    from . import ExportRequest

Progress = Callable[[float], None]
CONTENTS_LEVELS = 1
CONTENTS_MIN_ROWS = 15  # a shorter pack needs no contents
SIGN_OFF_BLANK_ROWS = 10
NO_DUE_DATE = "next team meeting"
# A pack is read at a meeting: 10,000 entries already fill thousands of pages, and
# python-docx holds the whole document in memory (about 16 KB an entry).
MOST_ENTRIES = 10_000


def write_briefing(request: ExportRequest, path: Path, progress: Progress) -> None:
    """Write the briefing pack for `request` to `path`; `ManualError` for a selection of
    more than `MOST_ENTRIES` entries."""
    if len(request.items) > MOST_ENTRIES:
        raise ManualError(
            str(request.path),
            f"a briefing of {len(request.items):,} entries is too long for a meeting (at most "
            f"{MOST_ENTRIES:,}): choose fewer councils or releases (--council, --from, --to), "
            "or export csv or xlsx",
        )
    pack = _Pack(request, load_settings())
    parts: list[Callable[[], None]] = [
        pack.title_block,
        pack.contents,
        pack.for_practice,
        pack.actions,
        pack.side_by_side,
        pack.appendix,
        pack.how_made,
        pack.sign_off,
    ]
    for number, part in enumerate(parts, 1):
        part()
        progress(0.9 * number / len(parts))
    pack.finish()
    pack.document.save(str(path))


@dataclass(frozen=True)
class _Period:
    """The releases the items span."""

    first: Release
    last: Release

    @property
    def text(self) -> str:
        first, last = month_name(self.first), month_name(self.last)
        return first if first == last else f"{first} to {last}"

    @property
    def short(self) -> str:
        first, last = month_label(self.first), month_label(self.last)
        return first if first == last else f"{first} – {last}"


@dataclass(frozen=True)
class _Action:
    """One kind of action: its heading, what it asks, and its rows."""

    heading: str
    lead: str
    rows: list[Row]
    with_what_to_read: bool = False


class _Pack:
    """The document being built, with what every part needs to know."""

    def __init__(self, request: ExportRequest, settings: Settings) -> None:
        self.request = request
        self.settings = settings
        self.items = list(request.items)
        self.councils = list(dict.fromkeys(item.council for item in self.items))
        self.manuals = list({id(i.manual): i.manual for i in self.items}.values())
        releases = sorted((i.release for i in self.items), key=lambda r: r.ordinal)
        self.period = _Period(releases[0], releases[-1])
        rows = chapter_rows(self.items)
        if len(self.councils) > 1:
            rows.sort(key=lambda row: self.councils.index(row.council))
        self.rows = rows
        self.reread = [r for r in rows if r.to_read and r.priority is Priority.REREAD]
        self.review = [r for r in rows if r.to_read and r.priority is Priority.REVIEW]
        self.removed = [r for r in rows if r.removed]
        self.noted = [r for r in rows if not r.to_read and not r.removed]
        self.document: Any = Document()
        self.headings: list[tuple[int, str, str]] = []
        self._contents_anchor: Paragraph | None = None
        self._style_ids: dict[str, str] = {}
        self._new_page = False
        define_styles(self.document)
        set_page(self.document.sections[0])
        self._end = self.document.element.body.sectPr

    # -- building blocks ---------------------------------------------------------------

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        """An empty paragraph at the end of the body.

        python-docx looks a style up by name among all styles on every call, which
        dominated the time for long packs; here each style's id is looked up once.
        """
        element = cast(CT_P, OxmlElement("w:p"))
        if style:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.styles[style].style_id
            element.get_or_add_pPr().style = self._style_ids[style]
        self._end.addprevious(element)
        return Paragraph(element, self.document._body)

    def heading(self, text: str, level: int) -> None:
        """A heading, on a new page when one was asked for (`page_break_before`)."""
        paragraph = self.para(text, f"Heading {level}")
        if self._new_page:
            paragraph.paragraph_format.page_break_before = True
            self._new_page = False
        name = bookmark(paragraph, len(self.headings) + 1)
        self.headings.append((level, clean(text), name))

    def para(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.new_paragraph(style)
        if text:
            paragraph.add_run(clean(text))
        return paragraph

    def fact(self, label: str, value: str) -> Paragraph:
        paragraph = self.new_paragraph()
        paragraph.add_run(clean(label) + ": ").bold = True
        paragraph.add_run(clean(value))
        paragraph.paragraph_format.space_after = Pt(2)
        return paragraph

    def bullet(self, *runs: Run) -> None:
        """A bulleted line (the bullet is a character of the body font, not a symbol
        font's)."""
        add_runs(self.new_paragraph(BULLET_STYLE), [Run("•\t"), *runs])

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[CellContent]],
        widths: Sequence[float],
        **options: float,
    ) -> None:
        add_table(self.document, headers, rows, widths, **options)
        self.para().paragraph_format.space_after = Pt(0)

    def on_new_page(self) -> None:
        """Start the next heading on a new page."""
        self._new_page = True

    # -- page 1 ------------------------------------------------------------------------

    def title_block(self) -> None:
        """The manual, councils, period, who prepared it and when, the re-read date and
        the manual's next update; the figures."""
        names = list(dict.fromkeys(m.title for m in self.manuals))
        self.para(names[0] if len(names) == 1 else "Procedures manual changes", "Title")
        self.para(f"What changed from {self.period.text}: briefing for the team", "Subtitle")
        for manual in self.manuals:
            if len(names) > 1:
                self.fact(short_council(manual.council), manual.title)
        if len(names) == 1:
            label = "Council" if len(self.councils) == 1 else "Councils"
            self.fact(label, " and ".join(self.councils))
        prepared = day_text(date.today())
        author = self.request.author
        self.fact("Prepared", f"{prepared} by {author}" if author else prepared)
        if self.request.due:
            self.fact("Re-read by", day_text(self.request.due))
        for note in self._manual_notes():
            self.para(note).paragraph_format.space_after = Pt(2)
        self.para().paragraph_format.space_after = Pt(0)
        add_figures(self.document, self._figures())

    def _manual_notes(self) -> list[str]:
        """Per manual: its next update (plainly past when it is), and its releases after
        the period, which this pack does not cover."""
        notes: list[str] = []
        for manual in self.manuals:
            subject = (
                "the manual"
                if len(self.manuals) == 1
                else f"{short_council(manual.council)}'s manual"
            )
            newest = max(manual.releases, key=lambda r: r.ordinal)
            later = [r for r in manual.releases if r.ordinal > self.period.last.ordinal]
            if later:
                notes.append(
                    f"{subject[0].upper()}{subject[1:]} has {count(len(later), 'later release')}"
                    f", up to {month_name(newest)}, not in this pack."
                )
            next_update = _next_update(newest, subject)
            if next_update:
                notes.append(next_update)
        return notes

    def _figures(self) -> list[tuple[str, str]]:
        figures = [
            (len(self.reread), "to re-read"),
            (len(self.review), "to review"),
            (len(self.noted), "for information"),
            (len(self.removed), "removed"),
        ]
        shown = [(str(n), f"{'chapter' if n == 1 else 'chapters'} {label}") for n, label in figures]
        return [f for f, (n, _) in zip(shown, figures, strict=True) if n]

    def contents(self) -> None:
        if len(self.rows) < CONTENTS_MIN_ROWS:
            return
        self.para("Contents", "TOC Heading")
        self._contents_anchor = self.para()

    def for_practice(self) -> None:
        """What changes for practice: counts, then re-read, removed, renamed and new
        chapters, one line each."""
        self.heading("What changes for practice", 1)
        self.para(self._at_a_glance())
        if self.reread:
            self.heading("Chapters to re-read", 2)
            by_when = day_text(self.request.due) if self.request.due else f"the {NO_DUE_DATE}"
            self.para(f"Every practitioner who uses these chapters reads them by {by_when}:")
            several = len(self.councils) > 1
            self.table(
                ["Chapter", *(["Council"] if several else []), "What to read", "By"],
                [
                    (
                        row.title,
                        *([short_council(row.council)] if several else []),
                        _what_to_read(row),
                        _by_when(self.request.due),
                    )
                    for row in self.reread
                ],
                [74, 22, 42, 32] if several else [90, 48, 32],
            )
        if self.removed:
            self.heading("Chapters removed", 2)
            for row in self.removed:
                self.bullet(
                    Run(row.title, bold=True),
                    Run(f" ({self._where(row)}): {row.what_to_read.lower()}."),
                )
        renames = self._renames()
        if renames:
            self.heading("Chapters renamed", 2)
            for council, rename in renames:
                where = f"{short_council(council)}, " if len(self.councils) > 1 else ""
                self.bullet(
                    Run(
                        f"{rename.old_title} is now {rename.new_title} "
                        f"({where}{month_name(rename.release)})"
                    )
                )
        new = [r for r in self.rows if r.kind is Kind.NEW and r not in self.reread]
        if new:
            self.heading("Other new chapters", 2)
            for row in new:
                self.bullet(Run(row.title, bold=True), Run(f" ({self._where(row)})"))

    def _at_a_glance(self) -> str:
        new = sum(1 for row in self.reread if _is_new(row))
        releases = len({(i.council, i.release.key) for i in self.items})
        text = (
            f"{count(len(self.items), 'change')} to {count(len(self.rows), 'chapter')} in "
            f"{count(releases, 'release')}"
        )
        if new:
            text += f", {count(new, 'new chapter')} among those to re-read"
        return text + "."

    def _where(self, row: Row) -> str:
        """ "removed March 2022", "Luton, new in June 2023"."""
        kind = self.settings.kinds[row.kind].lower()
        council = f"{short_council(row.council)}, " if len(self.councils) > 1 else ""
        return f"{council}{kind} {month_name(row.release)}"

    def _renames(self) -> list[tuple[str, RenameLink]]:
        """Renames stated by a release in the period, of chapters the pack covers."""
        start, end = self.period.first.key, self.period.last.key
        found: list[tuple[str, RenameLink]] = []
        for council in self.councils:
            keys = {i.chapter for i in self.items if i.council == council}
            for chapter in chapters(self.request.library, council):
                if chapter.key not in keys:
                    continue
                found.extend(
                    (council, link)
                    for link in chapter.renames
                    if link.release and start <= link.release <= end
                )
        return found

    # -- one section per kind of action ------------------------------------------------

    def actions(self) -> None:
        """Re-read, review, for information, removed: each chapter once, in full."""
        self.on_new_page()
        for action in (
            _Action(
                "Re-read: what changed",
                "What changed in each chapter to re-read, newest change first.",
                self.reread,
            ),
            _Action(
                "Review: the sections named",
                "Read what each change names; the rest of the chapter is as it was.",
                self.review,
                with_what_to_read=True,
            ),
            _Action(
                "For information",
                "Nothing to read: links, forms, contacts and wording changed.",
                self.noted,
            ),
            _Action(
                "Removed from the manual",
                "These chapters are no longer in the manual; stop using printed copies.",
                self.removed,
            ),
        ):
            if action.rows:
                self._action(action)

    def _action(self, action: _Action) -> None:
        self.heading(action.heading, 1)
        self.para(action.lead)
        for row in action.rows:
            self._item(row, action.with_what_to_read)

    def _item(self, row: Row, with_what_to_read: bool) -> None:
        """A chapter as run-in paragraphs: the title in bold (linked when the page gave a
        web link), where and when, what to read, and every change of the period in full,
        the latest first, each earlier one dated beneath it."""
        lead = [
            Run(row.title, bold=True, link=row.link),
            Run(f" – {self._where(row)}. ", grey=True),
        ]
        if with_what_to_read:
            lead += [Run("Read: ", bold=True), Run(f"{row.what_to_read}. ")]
        details = list(row.latest.entry.details) or [""]
        add_runs(self.new_paragraph(ITEM_STYLE), [*lead, Run(details[0])])
        for text in details[1:]:
            add_runs(self.new_paragraph(ITEM_STYLE), [Run(text)])
        for item in row.earlier:
            kind = self.settings.kinds[item.entry.kind].lower()
            details = list(item.entry.details) or [""]
            add_runs(
                self.new_paragraph(EARLIER_STYLE),
                [
                    Run(
                        f"{marked_title(month_name(item.release), item.title_inferred)}, {kind}: ",
                        grey=True,
                    ),
                    Run(details[0]),
                ],
            )
            for text in details[1:]:
                add_runs(self.new_paragraph(EARLIER_STYLE), [Run(text)])

    # -- two councils ------------------------------------------------------------------

    def side_by_side(self) -> None:
        if len(self.councils) != 2:
            return
        a, b = self.councils
        selected = {item.id for item in self.items}
        comparison = compare(
            self.request.library, a, b, self.period.first.key, self.period.last.key
        )
        rows = [
            row
            for row in comparison.rows
            if any(i.id in selected for i in (*row.items_a, *row.items_b))
        ]
        both = [r for r in rows if r.status is Presence.BOTH]
        only = {
            a: [r for r in rows if r.status is Presence.ONLY_A],
            b: [r for r in rows if r.status is Presence.ONLY_B],
        }
        shared = [r for r in both if r.shared]
        self.heading(f"{short_council(a)} and {short_council(b)} side by side", 1)
        self.para(
            f"{self.period.text}: {count(len(both), 'chapter')} changed by both councils "
            f"({len(shared)} with the same national update), {len(only[a])} only by "
            f"{short_council(a)}, {len(only[b])} only by {short_council(b)}. What changed "
            "is told above."
        )
        if shared:
            self.heading("Same national update", 2)
            self.table(
                ["Chapter", "Same national update"],
                [(_compared_title(r), _shared_text(r, a, b)) for r in shared],
                [70, 100],
            )
        apart = [r for r in both if not r.shared]
        if apart:
            self.heading("Changed by both, not at the same time", 2)
            self._chapter_list(
                f"{_compared_title(r)} ({short_council(a)} {months_text(r.items_a)}; "
                f"{short_council(b)} {months_text(r.items_b)})"
                for r in apart
            )
        for council, chapters_only in only.items():
            if chapters_only:
                self.heading(f"Changed only by {short_council(council)}", 2)
                self._chapter_list(
                    f"{_compared_title(r)} ({months_text((*r.items_a, *r.items_b))})"
                    for r in chapters_only
                )

    def _chapter_list(self, entries: Iterable[str]) -> None:
        """A compact list of chapters, one paragraph in small print."""
        paragraph = self.para("; ".join(entries) + ".", META_STYLE)
        paragraph.paragraph_format.keep_with_next = False

    # -- asked for, and the end ----------------------------------------------------------

    def appendix(self) -> None:
        if not self.request.appendix:
            return
        self.on_new_page()
        self.heading("Appendix: every entry", 1)
        self.para(
            f"All {count(len(self.items), 'entry', 'entries')} in the selection, newest "
            "release first, as the Amendments pages give them."
        )
        for council in self.councils:
            if len(self.councils) > 1:
                self.heading(council, 2)
            self.table(
                ["Release", "Kind", "Chapter", "Priority", "Details"],
                [
                    (
                        month_label(i.release),
                        self.settings.kinds[i.entry.kind],
                        display_title(i),
                        self.settings.priorities[i.priority],
                        i.entry.details_text,
                    )
                    for i in self.items
                    if i.council == council
                ],
                [18, 18, 44, 18, 72],
            )

    def how_made(self) -> None:
        """Where the pack came from, how priorities were decided, and the evidence for
        inferred titles, untitled entries and renames."""
        self.heading("How this pack was made", 1)
        author = f" by {self.request.author}" if self.request.author else ""
        sources = "; ".join(_manual_text(m) for m in self.manuals)
        self.para(
            f"Prepared on {day_text(date.today())}{author} with manualtui {__version__}, "
            f"from the Amendments pages of {sources}. It covers "
            f"{self.request.selection.describe()}.",
            META_STYLE,
        )
        self.para(
            "Priorities come from the wording of each change: a new chapter, or one the "
            "manual says to re-read or says was extensively revised, is to re-read (the "
            "whole chapter, or the sections it names); a change that names sections or adds "
            "information is to review; a change of links, forms, contacts or wording only "
            "is for information. A chapter keeps the most urgent priority of its changes in "
            "the period.",
            META_STYLE,
        )
        inferred = [item for item in self.items if item.title_inferred]
        if inferred:
            self.para(
                "The pages lost the titles of these entries; each title marked “(title "
                "inferred)” was proposed from the evidence given. Check it against the "
                "manual before relying on it.",
                META_STYLE,
            )
            self.table(
                ["Title", "Entry", "Evidence"],
                [
                    (
                        item.chapter_title,
                        f"{short_council(item.council)}, {month_label(item.release)}, "
                        f"line {item.entry.first_line}",
                        item.inference or "no evidence recorded",
                    )
                    for item in inferred
                ],
                [50, 36, 84],
            )
        untitled = [item for item in self.items if not item.chapter_title]
        if untitled:
            self.para(
                f"The pages lost the titles of {count(len(untitled), 'entry', 'entries')} "
                "that no title could be found for; each is named by its line on the page "
                "and its opening words.",
                META_STYLE,
            )
        renames = self._renames()
        if renames:
            self.table(
                ["Earlier title", "New title", "Why taken as a rename"],
                [(r.old_title, r.new_title, r.evidence) for _, r in renames],
                [50, 50, 70],
            )

    def sign_off(self) -> None:
        self.on_new_page()
        self.heading("Sign-off", 1)
        asked = "the chapters to re-read" if self.reread else "the changes in this pack"
        self.para(
            f"By signing, each team member confirms they have read {asked} and taken part "
            "in the discussion of the other changes."
        )
        names = list(self.request.staff) or [""] * SIGN_OFF_BLANK_ROWS
        self.table(
            ["Name", "Role", "Date", "Signature"],
            [(name, "", "", "") for name in names],
            [50, 40, 30, 50],
            min_height_mm=9,
        )

    def finish(self) -> None:
        """Contents from the headings written; header, footer, properties; ask readers to
        update fields."""
        if self._contents_anchor is not None:
            add_toc(self._contents_anchor, self.headings, CONTENTS_LEVELS)
        councils = " and ".join(short_council(c) for c in self.councils)
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = clean(f"Briefing pack · {councils} · {self.period.short}")
        header.style = META_STYLE
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.style = META_STYLE
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        add_field(footer, "PAGE", "1")
        footer.add_run(" of ")
        add_field(footer, "NUMPAGES", "1")
        set_properties(
            self.document,
            title=f"Briefing pack: {councils}, {self.period.text}",
            subject=", ".join(dict.fromkeys(m.title for m in self.manuals)),
            author=self.request.author,
            note=f"Prepared with manualtui {__version__}",
        )
        ask_to_update_fields(self.document)


# -- wording ---------------------------------------------------------------------------


def _is_new(row: Row) -> bool:
    return any(item.entry.kind is Kind.NEW for item in row.items)


def _what_to_read(row: Row) -> str:
    """What to read, saying when the chapter is new: "Whole chapter (new)"."""
    return f"{row.what_to_read} (new)" if _is_new(row) else row.what_to_read


def _by_when(due: date | None) -> str:
    return day_text(due) if due else NO_DUE_DATE


def _next_update(release: Release, manual: str) -> str:
    """From the release's "Next update" note: "The next update of the manual was due in
    December 2023: check it for later changes." when that month is past, "... is due in
    March 2027." when not."""
    for note in release.notes:
        if "next update" not in note.text.casefold():
            continue
        when = strip_cells(note.text.split(":", 1)[-1])
        month = release_heading(when)
        if month is None:
            return f"The next update of {manual}: {when}." if when else ""
        today = date.today()
        named = month_name(f"{month.year:04d}-{month.month:02d}")
        if (month.year, month.month) < (today.year, today.month):
            return f"The next update of {manual} was due in {named}: check it for later changes."
        return f"The next update of {manual} is due in {named}."
    return ""


def _manual_text(manual: Manual) -> str:
    """ "Luton Borough Council's Children's Services Procedures Manual (February 2015 to
    December 2023)"."""
    ordinals = sorted(manual.releases, key=lambda r: r.ordinal)
    span = _Period(ordinals[0], ordinals[-1]).text if ordinals else ""
    return f"{manual.council}'s {manual.title}" + (f" (releases {span})" if span else "")


def _shared_text(row: ComparedChapter, a: str, b: str) -> str:
    return "\n".join(_shared_update_text(update, a, b) for update in row.shared)


def _shared_update_text(update: SharedUpdate, a: str, b: str) -> str:
    """ "Luton 5 months later (Enfield Oct 2018, Luton Mar 2019)", a month marked where
    the entry's title was inferred."""
    when = ", ".join(
        f"{short_council(council)} {months_text([item])}"
        for council, item in ((a, update.item_a), (b, update.item_b))
    )
    lag = lag_text(update.lag_months, a, b)
    return f"{lag[0].upper()}{lag[1:]} ({when})"


def _compared_title(row: ComparedChapter) -> str:
    """A compared chapter's title (or which untitled entry it is), marked when no entry in
    the row had it from its page."""
    items = (*row.items_a, *row.items_b)
    return marked_title(row.label, bool(items) and all(i.title_inferred for i in items))
