"""Stable output: ids that do not depend on what else is loaded; one record for JSON, csv and
markdown (the same fields, the same values); every JSON field in the README; the export
format from `-o`, and `-o -` for stdout."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from manualtui.record import ENTRY_FIELDS, field_text
from tests.cli_support import ENFIELD_PAGE, LUTON, LUTON_PAGE, last_error, run

README = Path(__file__).resolve().parents[1] / "README.md"
SELECTION = ["--council", "enfield", "--from", "2020-10"]  # lost, inferred and plain titles


def luton_ids(*sources: str) -> list[str]:
    records = json.loads(run("entries", "--json", *sources).stdout)
    return [r["id"] for r in records if r["council"] == LUTON]


def test_ids_are_the_same_whatever_else_is_loaded() -> None:
    alone = luton_ids(LUTON_PAGE)
    assert len(alone) == len(set(alone)) == 367
    assert luton_ids(LUTON_PAGE, ENFIELD_PAGE) == alone
    assert luton_ids(ENFIELD_PAGE, LUTON_PAGE) == alone
    assert alone[0].startswith(
        "luton-borough-council/childrens-services-procedures-manual/2023-12/"
    )


def test_json_csv_and_markdown_carry_the_same_fields_and_values() -> None:
    records = json.loads(run("entries", "--json", *SELECTION).stdout)
    assert records and all(list(r) == list(ENTRY_FIELDS) for r in records)
    assert json.loads(run("export", "json", "-o", "-", *SELECTION).stdout) == records
    rows = list(csv.DictReader(io.StringIO(run("export", "csv", "-o", "-", *SELECTION).stdout)))
    assert [list(row) for row in rows] == [list(ENTRY_FIELDS)] * len(records)
    assert [dict(row) for row in rows] == [
        {field: field_text(value) for field, value in record.items()} for record in records
    ]
    markdown = run("export", "md", "-o", "-", *SELECTION).stdout
    assert markdown_records(markdown) == [
        {f: markdown_text(field_text(v)) for f, v in record.items()} for record in records
    ]
    lost = next(r for r in rows if r["title_inferred"] == "true")
    assert lost["title"] == "" and lost["chapter_title"] and lost["inference"]
    assert {r["title_inferred"] for r in rows} == {"true", "false"}


def markdown_records(text: str) -> list[dict[str, str]]:
    """Each entry's `| field | value |` rows, in order."""
    entries: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            entries.append({})
        elif (found := re.fullmatch(r"\| (\w+) \| (.*) \|", line)) and found[1] != "field":
            entries[-1][found[1]] = found[2]
    return entries


def markdown_text(text: str) -> str:
    """A value as a markdown cell shows it (see `exporters.tabular`)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
    return "<br>".join(line.strip() for line in escaped.splitlines() if line.strip()) or " "


def json_keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in json_keys(value)}
    if isinstance(data, list):
        return {k for value in data for k in json_keys(value)}
    return set()


@pytest.mark.parametrize(
    "command",
    [
        ["entries"],
        ["releases"],
        ["chapters"],
        ["history", "placements with parents"],
        ["compare", "enfield", "luton"],
        ["check"],
    ],
)
def test_the_readme_lists_every_json_field(command: list[str]) -> None:
    readme = README.read_text(encoding="utf-8")
    keys = json_keys(json.loads(run(*command, "--json").stdout))
    missing = sorted(k for k in keys if f"`{k}`" not in readme)
    assert not missing, f"{command[0]} --json fields not in the README: {missing}"


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "json", "md"])
def test_the_format_follows_the_extension_of_o(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt.upper()}"
    result = run("export", "-o", str(target), "--council", "luton", "--from", "2023-12")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target} (12 entries)\n"
    magic = target.read_bytes()[:2]
    assert (magic == b"PK") is (fmt in ("xlsx", "docx"))


def test_a_format_that_does_not_match_o_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = run("export", "csv", "-o", str(target))
    assert result.exit_code == 2
    assert last_error(result) == (
        f"Error: FORMAT csv does not match -o {target} (a .xlsx file): give a .csv file, or "
        "leave FORMAT out"
    )
    unknown = run("export", "-o", str(tmp_path / "out.txt"))
    assert unknown.exit_code == 2
    assert "cannot tell the format from -o" in last_error(unknown)
    assert list(tmp_path.iterdir()) == []


def test_dash_writes_text_formats_to_stdout_only(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in ("xlsx", "docx"):
        result = run("export", fmt, "-o", "-")
        assert result.exit_code == 2
        assert last_error(result) == f"Error: {fmt} cannot go to stdout (-o -): give a file name"
    bare = run("export", "-o", "-")
    assert bare.exit_code == 2 and "needs FORMAT: csv, json or md" in last_error(bare)
    empty = run("export", "json", "-o", "-", "--from", "2040")
    assert empty.exit_code == 1
    assert last_error(empty).startswith("Error: -: nothing to export")
    assert list(tmp_path.iterdir()) == []  # no file called "-"
