"""The Word briefing pack a team manager hands out at the team meeting.

In order: a title page (councils, period, date prepared, next update, re-read-by date, the
figures at a glance); contents (a TOC field); "Must re-read" (per chapter: why, sections,
legal drivers, link, what changed); new, removed and renamed chapters; the other changes by
release; with two councils, the two side by side (changed in both, only in one, shared
national updates and their lag); an appendix listing every entry, and the evidence for each
chapter title inferred for an entry whose page lost it (such titles say "(title inferred)"
wherever they appear); a sign-off table.

Real Word styles throughout (Title, Heading 1/2, List Bullet, and a "Briefing Table" style
the document defines itself); a header and a "Page X of Y" footer from fields.
"""

from __future__ import annotations

from collections.abc import Callable
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
from ..model import Item, Kind, Priority, Release
from ..wording import count, day_text, lag_text, month_label, month_name, short_council
from .columns import Settings, load_settings
from .docx_parts import (
    META_STYLE,
    add_field,
    add_figures,
    add_hyperlink,
    add_table,
    add_toc,
    ask_to_update_fields,
    bookmark,
    define_styles,
    page_break,
    set_page,
)
from .rows import (
    Row,
    chapter_rows,
    display_title,
    first_sentence,
    marked_title,
    months_text,
    section_text,
)
from .text import clean

if TYPE_CHECKING:
    from . import ExportRequest

Progress = Callable[[float], None]
CONTENTS_LEVELS = 1
SIGN_OFF_BLANK_ROWS = 10


def write_briefing(request: ExportRequest, path: Path, progress: Progress) -> None:
    """Write the briefing pack for `request` to `path`."""
    pack = _Pack(request, load_settings())
    sections: list[Callable[[], None]] = [
        pack.title_page,
        pack.contents,
        pack.must_reread,
        pack.chapter_changes,
        pack.other_changes,
        pack.side_by_side,
        pack.appendix,
        pack.sign_off,
    ]
    for number, section in enumerate(sections, 1):
        section()
        progress(0.9 * number / len(sections))
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


class _Pack:
    """The document being built, with what every section needs to know."""

    def __init__(self, request: ExportRequest, settings: Settings) -> None:
        self.request = request
        self.settings = settings
        self.items = list(request.items)
        self.councils = list(dict.fromkeys(item.council for item in self.items))
        releases = sorted((i.release for i in self.items), key=lambda r: r.ordinal)
        self.period = _Period(releases[0], releases[-1])
        self.rows = chapter_rows(self.items)
        self.reread = [row for row in self.rows if row.priority is Priority.REREAD]
        self.document: Any = Document()
        self.headings: list[tuple[int, str, str]] = []
        self._contents_anchor: Paragraph | None = None
        self._style_ids: dict[str, str] = {}
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

    def heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        paragraph = self.para(text, f"Heading {level}")
        paragraph.paragraph_format.page_break_before = new_page
        name = bookmark(paragraph, len(self.headings) + 1)
        self.headings.append((level, clean(text), name))

    def para(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.new_paragraph(style)
        if text:
            paragraph.add_run(clean(text))
        return paragraph

    def fact(self, label: str, value: str, style: str | None = None) -> Paragraph:
        paragraph = self.new_paragraph(style)
        paragraph.add_run(clean(label) + ": ").bold = True
        paragraph.add_run(clean(value))
        return paragraph

    def bullet(self, lead: str, text: str) -> None:
        paragraph = self.new_paragraph("List Bullet")
        if lead:
            paragraph.add_run(clean(lead)).bold = True
            paragraph.add_run(" – ")
        paragraph.add_run(clean(text))

    # -- sections ----------------------------------------------------------------------

    def title_page(self) -> None:
        top = self.para()
        top.paragraph_format.space_before = Pt(120)
        self.para("Procedures manual changes", "Title")
        self.para("Briefing pack for the team meeting", "Subtitle")
        facts = [
            ("Council" if len(self.councils) == 1 else "Councils", " and ".join(self.councils)),
            ("Period", self.period.text),
            ("Prepared", day_text(date.today())),
        ]
        facts.extend(("Next update", note) for note in self._next_updates())
        if self.request.due:
            facts.append(("Re-read by", day_text(self.request.due)))
        for label, value in facts:
            self.fact(label, value).paragraph_format.space_after = Pt(6)
        self.para()
        add_figures(self.document, self._figures())
        self.para()
        self.para(self._at_a_glance())
        self.para(
            f"Selection: {self.request.selection.describe()}. "
            f"Prepared with manualtui {__version__}.",
            META_STYLE,
        )
        page_break(self.para())

    def _next_updates(self) -> list[str]:
        """The "Next Update" notes of each council's newest release in the pack."""
        notes: list[str] = []
        for council in self.councils:
            newest = max(
                (i.release for i in self.items if i.council == council), key=lambda r: r.ordinal
            )
            for note in newest.notes:
                if "next update" in note.text.casefold():
                    text = note.text.split(":", 1)[-1].strip() or note.text
                    notes.append(text + (f" ({council})" if len(self.councils) > 1 else ""))
        return notes

    def _figures(self) -> list[tuple[str, str]]:
        count = {p: sum(r.priority is p for r in self.rows) for p in Priority}
        return [
            (str(count[Priority.REREAD]), "chapters to re-read"),
            (str(count[Priority.REVIEW]), "chapters to review"),
            (str(count[Priority.NOTE]), "chapters to note"),
            (str(len(self.items)), "changes in all"),
        ]

    def _at_a_glance(self) -> str:
        by_priority = {p: sum(r.priority is p for r in self.rows) for p in Priority}
        new = sum(i.entry.kind is Kind.NEW for i in self.items)
        removed = sum(i.entry.kind is Kind.REMOVED for i in self.items)
        releases = len({(i.council, i.release.key) for i in self.items})
        return (
            f"At a glance: {count(len(self.items), 'change')} to "
            f"{count(len(self.rows), 'chapter')} in {count(releases, 'release')}. "
            f"{by_priority[Priority.REREAD]} to re-read, {by_priority[Priority.REVIEW]} to review, "
            f"{by_priority[Priority.NOTE]} for information; "
            f"{new} new and {removed} removed."
        )

    def contents(self) -> None:
        self.para("Contents", "TOC Heading")
        self._contents_anchor = self.para()
        page_break(self.para())

    def must_reread(self) -> None:
        self.heading("Must re-read", 1)
        if not self.reread:
            self.para("Nothing in this period has to be re-read.")
            return
        self.para(
            f"{count(len(self.reread), 'chapter')} must be re-read by every practitioner "
            "who uses them: in full, or the sections named. Each says why."
        )
        for row in self.reread:
            self._reread_chapter(row)

    def _reread_chapter(self, row: Row) -> None:
        latest = row.latest
        self.heading(row.title, 2)
        kind = self.settings.kinds[row.kind].lower()
        self.para(f"{latest.council} · {kind} in {month_name(row.release)}", META_STYLE)
        self.fact("Why", _why(row.deciding))
        if row.sections:
            self.fact("Sections", "; ".join(section_text(s) for s in row.sections))
        if row.drivers:
            self.fact("Legal drivers", "; ".join(row.drivers))
        if row.link:
            paragraph = self.new_paragraph()
            paragraph.add_run("Link: ").bold = True
            add_hyperlink(paragraph, row.link, row.link)
        for text in latest.entry.details:
            self.para(text)
        if row.earlier:
            self.para("Earlier in the period:", META_STYLE)
            for item in row.earlier:
                self.bullet(
                    marked_title(month_name(item.release), item.title_inferred),
                    first_sentence(item.entry.details_text),
                )

    def chapter_changes(self) -> None:
        self.heading("New, removed and renamed chapters", 1)
        for kind, title in ((Kind.NEW, "New chapters"), (Kind.REMOVED, "Removed chapters")):
            self.heading(title, 2)
            items = [i for i in self.items if i.entry.kind is kind]
            if not items:
                self.para("None in this period.")
                continue
            if len(self.councils) > 1:
                add_table(
                    self.document,
                    ["Chapter", "Council", "Release", "Details"],
                    [
                        (
                            display_title(i),
                            short_council(i.council),
                            month_label(i.release),
                            first_sentence(i.entry.details_text, 200),
                        )
                        for i in items
                    ],
                    [62, 24, 20, 64],
                )
            else:
                add_table(
                    self.document,
                    ["Chapter", "Release", "Details"],
                    [
                        (
                            display_title(i),
                            month_label(i.release),
                            first_sentence(i.entry.details_text, 200),
                        )
                        for i in items
                    ],
                    [70, 20, 80],
                )
        self.heading("Renamed chapters", 2)
        renames = self._renames()
        if not renames:
            self.para("None in this period.")
            return
        add_table(
            self.document,
            ["Earlier title", "New title", "Council", "Release", "Evidence"],
            [
                (
                    r.old_title,
                    r.new_title,
                    short_council(council),
                    month_label(r.release),
                    r.evidence,
                )
                for council, r in renames
            ],
            [42, 42, 24, 20, 42],
        )

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

    def other_changes(self) -> None:
        self.heading("Other changes by release", 1)
        reread_ids = {item.id for row in self.reread for item in row.items}
        others = [i for i in self.items if i.entry.kind is Kind.UPDATED and i.id not in reread_ids]
        if not others:
            self.para("Every change in this period is covered above.")
            return
        self.para(
            "Changes to review (read the sections named) or to note. Chapters to "
            "re-read are in the first part."
        )
        releases: dict[tuple[str, str], list[Item]] = {}
        for item in others:
            releases.setdefault((item.council, item.release.key), []).append(item)
        for items in releases.values():
            council = f" – {short_council(items[0].council)}" if len(self.councils) > 1 else ""
            self.heading(month_name(items[0].release) + council, 2)
            for item in items:
                label = self.settings.priorities[item.priority]
                self.bullet(f"{display_title(item)} ({label.lower()})", item.entry.details_text)

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
        only_a = [r for r in rows if r.status is Presence.ONLY_A]
        only_b = [r for r in rows if r.status is Presence.ONLY_B]
        shared = [r for r in both if r.shared]
        self.heading(f"{short_council(a)} and {short_council(b)} side by side", 1, new_page=True)
        self.para(
            f"{self.period.text}: {count(len(both), 'chapter')} changed by both councils "
            f"({len(shared)} with the same national update), {len(only_a)} only by "
            f"{short_council(a)}, {len(only_b)} only by {short_council(b)}."
        )
        self.heading("Changed by both", 2)
        if both:
            add_table(
                self.document,
                ["Chapter", short_council(a), short_council(b), "Same national update"],
                [
                    (
                        _compared_title(r),
                        months_text(r.items_a),
                        months_text(r.items_b),
                        _shared_text(r, a, b),
                    )
                    for r in both
                ],
                [58, 30, 30, 52],
            )
        else:
            self.para("None in this period.")
        for council, only in ((a, only_a), (b, only_b)):
            self.heading(f"Changed only by {short_council(council)}", 2)
            if not only:
                self.para("None in this period.")
                continue
            add_table(
                self.document,
                ["Chapter", "Releases", "Latest change"],
                [
                    (
                        _compared_title(r),
                        months_text((*r.items_a, *r.items_b)),
                        first_sentence((*r.items_a, *r.items_b)[0].entry.details_text),
                    )
                    for r in only
                ],
                [62, 30, 78],
            )

    def appendix(self) -> None:
        self.heading("Appendix: every entry", 1, new_page=True)
        self.para(
            f"All {count(len(self.items), 'entry', 'entries')} in the selection, newest "
            "release first, as the Amendments pages give them."
        )
        for council in self.councils:
            if len(self.councils) > 1:
                self.heading(council, 2)
            items = [i for i in self.items if i.council == council]
            add_table(
                self.document,
                ["Release", "Kind", "Chapter", "Priority", "Details"],
                [
                    (
                        month_label(i.release),
                        self.settings.kinds[i.entry.kind],
                        display_title(i),
                        self.settings.priorities[i.priority],
                        i.entry.details_text,
                    )
                    for i in items
                ],
                [20, 20, 44, 18, 68],
            )
        self._inferred_titles()

    def _inferred_titles(self) -> None:
        """The evidence for every chapter title inferred for an entry whose page lost it."""
        inferred = [item for item in self.items if item.title_inferred]
        if not inferred:
            return
        self.heading("Titles inferred", 2)
        self.para(
            "The pages lost the titles of these entries; each title marked “(title "
            "inferred)” above was proposed from the evidence given here. Check it "
            "against the council's manual before relying on it."
        )
        for item in inferred:
            self.bullet(
                item.chapter_title,
                f"{short_council(item.council)}, {month_name(item.release)} (line "
                f"{item.entry.first_line}): {item.inference or 'no evidence recorded'}",
            )

    def sign_off(self) -> None:
        self.heading("Sign-off", 1, new_page=True)
        self.para(
            "By signing, each team member confirms they have read the chapters under "
            "Must re-read and taken part in the discussion of the other changes."
        )
        names = list(self.request.staff) or [""] * SIGN_OFF_BLANK_ROWS
        add_table(
            self.document,
            ["Name", "Role", "Date", "Signature"],
            [(name, "", "", "") for name in names],
            [50, 40, 30, 50],
            min_height_mm=9,
        )

    def finish(self) -> None:
        """Contents from the headings written; header, footer; ask readers to update."""
        if self._contents_anchor is not None:
            add_toc(self._contents_anchor, self.headings, CONTENTS_LEVELS)
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = clean(
            f"Briefing pack · {' and '.join(short_council(c) for c in self.councils)}"
            f" · {self.period.short}"
        )
        header.style = META_STYLE
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.style = META_STYLE
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        add_field(footer, "PAGE", "1")
        footer.add_run(" of ")
        add_field(footer, "NUMPAGES", "1")
        ask_to_update_fields(self.document)


# -- wording ---------------------------------------------------------------------------


def _why(item: Item) -> str:
    """What decided an item's priority, quoting the details when the reason is a phrase."""
    reason = item.assessment.reason
    if reason and reason.casefold() in item.entry.details_text.casefold():
        return f"the details say “{reason}” ({month_name(item.release)})"
    return f"{reason} ({month_name(item.release)})" if reason else month_name(item.release)


def _shared_text(row: ComparedChapter, a: str, b: str) -> str:
    return "\n".join(_shared_update_text(update, a, b) for update in row.shared)


def _shared_update_text(update: SharedUpdate, a: str, b: str) -> str:
    """ "Luton 5 months later (Enfield Oct 2018, Luton Mar 2019)"."""
    when = (
        f"({short_council(a)} {month_label(update.item_a.release)}, "
        f"{short_council(b)} {month_label(update.item_b.release)})"
    )
    lag = lag_text(update.lag_months, a, b)
    return f"{lag[0].upper()}{lag[1:]} {when}"


def _compared_title(row: ComparedChapter) -> str:
    """A compared chapter's title, marked when no entry in the row had it from its page."""
    items = (*row.items_a, *row.items_b)
    return marked_title(row.label, bool(items) and all(i.title_inferred for i in items))
