"""The pipe layout (the Enfield sample): table cells end with ` |`.

A row is a title cell and a details cell, on two lines or on one (`Title | Details |`). Where
the title was a link the page may have lost it: the details cell then stands alone, usually
followed by a bare `|`. Such a row is a real entry with no title: kept and flagged, never
merged into its neighbour. A cell may span several lines (paragraphs, bullets) until the line
that ends with `|`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Kind
from . import PageDraft, RowDraft
from .lines import bullet_text, removed_name, strip_cells
from .rows import infer_kind, is_title_line, title_shaped
from .textpage import TextPageWalker

_BARE = re.compile(r"^[|\s]+$")
_INNER_SEPARATOR = re.compile(r"(?<!\s)\s+\|\s+")


@dataclass
class Cell:
    first_line: int
    last_line: int
    paragraphs: list[str] = field(default_factory=list)
    barred: bool = False
    joined: bool = False  # the details cell of a "Title | Details" line

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


class PipeWalker(TextPageWalker):
    """Collects the cells of each table and pairs them into rows when the table ends.

    `kind` is None where no table heading named the kind of entries (today's tri.x pages
    have none): each entry's kind is then read from its details."""

    def __init__(self, draft: PageDraft) -> None:
        super().__init__(draft)
        self.cells: list[Cell] = []
        self.open_cell: Cell | None = None

    def feed(self, number: int, line: str, link: str = "") -> None:
        if line and _BARE.match(line):
            self.draft.furniture.append(number)
            if self.cells and self.open_cell is None:
                self.cells[-1].barred = True
            return
        super().feed(number, line, link)

    def structure(self, number: int, line: str) -> bool:
        return self.open_cell is None and super().structure(number, line)

    def open_run(self, kind: Kind | None) -> None:
        """A pipe table's lines go to its cells, not to a run."""

    def end_table(self) -> None:
        self.close_table()

    def content(self, number: int, line: str, link: str = "") -> None:
        if self.release is None:
            super().content(number, line, link)
            return
        bullet = bullet_text(line)
        if bullet is not None and self.kind is Kind.REMOVED and self.open_cell is None:
            self.close_table()
            name = removed_name(strip_cells(bullet))
            self.release.parts.append(RowDraft(Kind.REMOVED, name, [], number, number))
            return
        ends_cell = line.rstrip().endswith("|")
        text = strip_cells(line)
        parts = _INNER_SEPARATOR.split(text) if self.open_cell is None else [text]
        if len(parts) >= 2 and all(parts):
            # "Title | Details |" on one line; without the closing "|" the details cell
            # goes on over the next lines (or the page was cut inside it).
            self.cells.append(Cell(number, number, [parts[0]]))
            self.open_cell = Cell(number, number, [" ".join(parts[1:])], joined=True)
            if ends_cell:
                self.cells.append(self.open_cell)
                self.open_cell = None
            return
        if self.open_cell is None:
            self.open_cell = Cell(number, number)
        self.open_cell.paragraphs.append(text)
        self.open_cell.last_line = number
        if ends_cell:
            self.cells.append(self.open_cell)
            self.open_cell = None

    def close_table(self) -> None:
        """Pair the collected cells into rows: title then details; a lone details cell is an
        entry whose title was lost."""
        if self.open_cell is not None:
            self.cells.append(self.open_cell)
            self.open_cell = None
        cells, self.cells = self.cells, []
        if not cells or self.release is None:
            return
        index = 0
        while index < len(cells):
            cell = cells[index]
            following = cells[index + 1] if index + 1 < len(cells) else None
            if following is not None and following.joined:
                self.release.parts.append(self._row(cell, following))
                index += 2
                continue
            if not cell.barred and _is_title_cell(cell, following):
                details = following if following and not _is_title_cell(following) else None
                self.release.parts.append(self._row(cell, details))
                index += 2 if details else 1
                continue
            row = self._row(None, cell)
            row.lost_title = True
            self.release.parts.append(row)
            index += 1

    def _row(self, title: Cell | None, details: Cell | None) -> RowDraft:
        cells = [c for c in (title, details) if c is not None]
        paragraphs = list(details.paragraphs) if details else []
        return RowDraft(
            self.kind or infer_kind(paragraphs),
            " ".join(title.paragraphs) if title else "",
            paragraphs,
            cells[0].first_line,
            cells[-1].last_line,
        )


def _is_title_cell(cell: Cell, following: Cell | None = None) -> bool:
    """A cell holding a title: title-shaped, on one line or broken over two; a title with
    words a sentence has ("... or Who are Vulnerable") when a details cell follows it."""
    if len(cell.paragraphs) > 2 or not title_shaped(cell.text):
        return False
    details_follow = (
        following is not None and not following.barred and not title_shaped(following.text)
    )
    if len(cell.paragraphs) == 2:
        return details_follow
    return details_follow or is_title_line(cell.text)


def parse(text: str, source: str) -> PageDraft:
    return PipeWalker(PageDraft("pipe", source)).walk(text)
