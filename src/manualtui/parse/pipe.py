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
from .rows import is_title_line
from .split import is_strong, opener_weight
from .textpage import TextPageWalker

_BARE = re.compile(r"^[|\s]+$")
_CELL_END = re.compile(r"\s*\|\s*$")
_INNER_SEPARATOR = re.compile(r"\s+\|\s+")


@dataclass
class Cell:
    first_line: int
    last_line: int
    paragraphs: list[str] = field(default_factory=list)
    barred: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


class PipeWalker(TextPageWalker):
    """Collects the cells of each table and pairs them into rows when the table ends."""

    def __init__(self, draft: PageDraft) -> None:
        super().__init__(draft)
        self.kind: Kind = Kind.UPDATED
        self.cells: list[Cell] = []
        self.open_cell: Cell | None = None

    def walk(self, text: str) -> PageDraft:
        super().walk(text)
        self.close_table()
        return self.draft

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
        self.kind = kind or Kind.UPDATED

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
        ends_cell = bool(_CELL_END.search(line))
        text = strip_cells(line)
        parts = _INNER_SEPARATOR.split(text) if ends_cell and self.open_cell is None else [text]
        if len(parts) >= 2 and all(parts):
            self.close_table()
            self.release.parts.append(
                RowDraft(self.kind, parts[0], [" ".join(parts[1:])], number, number)
            )
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
            if not cell.barred and _is_title_cell(cell):
                details = following if following and not _is_title_cell(following) else None
                self.release.parts.append(_row(self.kind, cell, details))
                index += 2 if details else 1
                continue
            row = _row(self.kind, None, cell)
            row.lost_title = True
            self.release.parts.append(row)
            index += 1


def _is_title_cell(cell: Cell) -> bool:
    text = cell.text
    return len(cell.paragraphs) == 1 and is_title_line(text) and not is_strong(opener_weight(text))


def _row(kind: Kind, title: Cell | None, details: Cell | None) -> RowDraft:
    cells = [c for c in (title, details) if c is not None]
    return RowDraft(
        kind,
        title.text if title else "",
        list(details.paragraphs) if details else [],
        cells[0].first_line,
        cells[-1].last_line,
    )


def parse(text: str, source: str) -> PageDraft:
    return PipeWalker(PageDraft("pipe", source)).walk(text)
