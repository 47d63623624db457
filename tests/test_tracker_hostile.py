"""Files that are not trackers, or no longer are: each is one line naming the file, exit 1,
for every `tracker` command, and nothing in them is evaluated or expanded."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from manualtui.exporters import tracker_read
from tests.tracker_support import one_line_error, run, write_tracker

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
OUTSIDE = '<!DOCTYPE x [<!ENTITY outside SYSTEM "file:///etc/passwd">]>'


def rewrite_part(tracker: Path, part: str, change: Callable[[str], str], out: Path) -> Path:
    """A copy of `tracker` with one XML part changed."""
    with (
        zipfile.ZipFile(tracker) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return out


def with_dtd(dtd: str, entity: str) -> Callable[[str], str]:
    """Put `dtd` after the XML declaration and `entity` in place of the first text value."""

    def change(xml: str) -> str:
        declaration, _, rest = xml.partition("?>")
        return declaration + "?>" + dtd + rest.replace("<t>", f"<t>{entity}", 1)

    return change


def plain_text(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    path.write_text("Chapter,Status\nAdoption,Read\n")
    return path


def from_elsewhere(folder: Path) -> Path:
    book = Workbook()
    book.active.append(["Chapter", "Status"])
    book.active.append(["Adoption", "Read"])
    path = folder / "elsewhere.xlsx"
    book.save(path)
    return path


def truncated(folder: Path) -> Path:
    data = write_tracker(folder).read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged(folder: Path) -> Path:
    """A tracker whose Checklist's packed data was overwritten (a bad disk, a bad copy)."""
    tracker = write_tracker(folder)
    with zipfile.ZipFile(tracker) as package:
        part = package.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(tracker.read_bytes())
    start = part.header_offset + 30 + len(part.filename) + len(part.extra) + 20
    data[start : start + 200] = bytes(b ^ 0x55 for b in data[start : start + 200])
    path = folder / "damaged.xlsx"
    path.write_bytes(data)
    return path


def huge(folder: Path) -> Path:
    path = folder / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(tracker_read.MAX_FILE_BYTES + 10 * 2**20)  # sparse: no disk used
    return path


def zip_bomb(folder: Path) -> Path:
    """A tracker whose shared strings unpack to more than the limit (a few MB packed)."""
    path = folder / "bomb.xlsx"
    shutil.copyfile(write_tracker(folder), path)
    block = b" " * 2**20
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(tracker_read.MAX_UNPACKED_BYTES // len(block) + 1):
            part.write(block)
    return path


def entity_expansion(folder: Path) -> Path:
    return rewrite_part(
        write_tracker(folder),
        "xl/worksheets/sheet1.xml",
        with_dtd(LAUGHS, "&lol9;"),
        folder / "laughs.xlsx",
    )


def outside_file(folder: Path) -> Path:
    return rewrite_part(
        write_tracker(folder), "xl/workbook.xml", with_dtd(OUTSIDE, ""), folder / "outside.xlsx"
    )


def edited(change: Callable[[Workbook], None], name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        book = load_workbook(write_tracker(folder))
        change(book)
        path = folder / name
        book.save(path)
        return path

    return make


def drop_format_sheet(book: Workbook) -> None:
    del book["manualtui"]


def newer_format(book: Workbook) -> None:
    book["manualtui"]["B3"] = 2


def clear_row_keys(book: Workbook) -> None:
    sheet = book["Checklist"]
    column = [c.value for c in sheet[1]].index("Row key") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column).value = None


def delete_status_column(book: Workbook) -> None:
    book["Checklist"].delete_cols(2)


HOSTILE: list[tuple[Callable[[Path], Path], str]] = [
    (plain_text, "is not an Excel workbook (.xlsx)"),
    (from_elsewhere, "is not a manualtui tracker (it has no manualtui format marker)"),
    (truncated, "is not an Excel workbook (.xlsx)"),
    (damaged, "is damaged (error: Error -3 while decompressing data"),
    (huge, "is too large for a tracker (60 MB; at most 50 MB)"),
    (zip_bomb, "unpacks to 501 MB (at most 500 MB for a tracker)"),
    (entity_expansion, "declares XML entities in xl/worksheets/sheet1.xml: refused, not a tracker"),
    (outside_file, "declares XML entities in xl/workbook.xml: refused, not a tracker"),
    (
        edited(drop_format_sheet, "no-format.xlsx"),
        "is a manualtui tracker edited beyond recognition: its hidden sheet 'manualtui' is missing",
    ),
    (
        edited(newer_format, "newer.xlsx"),
        "is a manualtui tracker of format version 2; this manualtui reads version 1",
    ),
    (
        edited(clear_row_keys, "no-keys.xlsx"),
        "is a manualtui tracker edited beyond recognition: the row keys of 'Checklist' are missing",
    ),
    (
        edited(delete_status_column, "no-status.xlsx"),
        "is a manualtui tracker edited beyond recognition: column B of 'Checklist' is headed "
        "'Staff done', not 'Status' (columns were moved or removed)",
    ),
]


@pytest.mark.parametrize(("make", "problem"), HOSTILE, ids=[m.__name__ for m, _ in HOSTILE])
def test_hostile_or_foreign_files_are_one_line_errors(
    tmp_path: Path, library_home: Path, make: Callable[[Path], Path], problem: str
) -> None:
    path = make(tmp_path)
    expected = f"Error: {path}: {problem}"  # a damaged file's line ends with zlib's words
    assert one_line_error(run("tracker", "status", path)).startswith(expected)
    assert one_line_error(run("tracker", "import", path)).startswith(expected)
    target = tmp_path / "combined.xlsx"
    assert one_line_error(run("tracker", "merge", "-o", target, path, path)).startswith(expected)
    assert not target.exists() and not library_home.exists()


def test_missing_files_and_folders_are_one_line_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    assert one_line_error(run("tracker", "status", missing)) == (
        f"Error: {missing}: cannot be read (No such file or directory)"
    )
    assert one_line_error(run("tracker", "status", tmp_path)) == (
        f"Error: {tmp_path}: cannot be read (Is a directory)"
    )
