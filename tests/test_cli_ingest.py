"""The ingestion commands (check, releases, entries) and bad input, through click's runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from manualtui.cli import main
from manualtui.load import samples_dir

ENFIELD = str(samples_dir() / "enfield-children.txt")
LUTON = str(samples_dir() / "luton-children.txt")
PAGE = (
    "May 2021\nUpdated Chapters\nChapter Title Details\n"
    "Short Breaks This chapter has been updated to reflect the Children’s Act.\n"
)


def run(*args: str) -> Result:
    """The command, its tables as wide as they need to be (one line a row)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env={"COLUMNS": "300"})


def test_every_command_has_help_text() -> None:
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help"
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_check_reports_each_sample_and_exits_0() -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "London Borough of Enfield" in result.output
    assert "9 releases, 118 entries" in result.output
    assert "19 releases, 367 entries" in result.output
    assert "line 4: warning: the page lost this entry's title" in result.output
    assert result.output.count("unaccounted lines: 0") == 2


def test_check_json_counts_entries_by_kind() -> None:
    reports = json.loads(run("check", "--json").output)
    luton = reports[1]
    assert luton["council"] == "Luton Borough Council"
    assert luton["entries"] == {"updated": 279, "new": 75, "removed": 13}
    assert luton["releases"][0] == {
        "council": "Luton Borough Council",
        "manual": "Children's Services Procedures Manual",
        "release": "2023-12",
        "release_label": "December 2023",
        "line": 3,
        "updated": 11,
        "new": 1,
        "removed": 0,
        "notes": ["Next Update: December 2023"],
    }
    assert luton["unaccounted"] == 0


def test_a_line_nothing_took_is_reported_and_fails_check(tmp_path: Path) -> None:
    """The safety net behind the parsers: a text line no entry, heading or note covers."""
    from manualtui.load import load_manuals
    from manualtui.parse import PageDraft, ReleaseDraft, finish_page
    from manualtui.parse.split import TitleIndex

    draft = PageDraft(
        "caption",
        "page.txt",
        releases=[ReleaseDraft("May 2021", 2021, 5, 1)],
        text_lines={1: "May 2021", 2: "stray text"},
    )
    manual = finish_page(draft, TitleIndex(), council="Test", title="Manual")
    assert [(d.line, d.code) for d in manual.unaccounted] == [(2, "unaccounted")]
    assert manual.diagnostics[0].message == "line not understood: 'stray text'"
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert load_manuals([page]).manuals[0].unaccounted == ()
    assert run("check", str(page)).exit_code == 0


def test_check_exits_1_on_unaccounted_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from manualtui.parse import textpage

    original = textpage.TextPageWalker.content

    def drop_a_line(self: textpage.TextPageWalker, number: int, line: str, link: str = "") -> None:
        if "Short Breaks" not in line:
            original(self, number, line, link)

    monkeypatch.setattr(textpage.TextPageWalker, "content", drop_a_line)
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run("check", str(page))
    assert result.exit_code == 1
    assert "line 4: error: line not understood: 'Short Breaks This chapter" in result.output


def test_entries_json_shape_and_filters() -> None:
    rows = json.loads(run("entries", "--council", "enfield", "--from", "2020-10", "--json").output)
    assert len(rows) == 9
    first = rows[0]
    assert {
        k: first[k] for k in ("council", "release", "release_label", "kind", "title", "line")
    } == {
        "council": "London Borough of Enfield",
        "release": "2020-10",
        "release_label": "October 2020",
        "kind": "updated",
        "title": "",
        "line": 4,
    }
    assert first["source"].endswith("enfield-children.txt")
    assert first["details"].startswith("The information contained in this procedure")
    two_paragraphs = json.loads(
        run(
            "entries",
            "--council",
            "luton",
            "--from",
            "2019-03",
            "--to",
            "2019-03",
            "--chapter",
            "Ceasing",
            "--json",
        ).output
    )
    assert len(two_paragraphs) == 1
    assert two_paragraphs[0]["details"].count("\n\n") == 2


def test_entries_kind_filter_and_table_output() -> None:
    rows = json.loads(run("entries", "--kind", "removed", "--json").output)
    assert {r["council"] for r in rows} == {"Luton Borough Council"}
    assert len(rows) == 13
    table = run("entries", "--council", "luton", "--from", "2022-03", "--to", "2022-03")
    lines = table.output.splitlines()
    assert lines[0].split() == ["council", "release", "kind", "priority", "line", "title"]
    assert len(lines) == 5
    assert "Family Group Conference Service" in lines[3]


def test_releases_lists_every_release_newest_first() -> None:
    rows = json.loads(run("releases", "--json").output)
    assert len(rows) == 9 + 19
    enfield = [r for r in rows if "Enfield" in r["council"]]
    assert [r["release"] for r in enfield][:2] == ["2020-10", "2020-06"]
    assert enfield[0]["notes"] == ["Next Update: March 2021 |"]
    assert enfield[0]["updated"] == 9


def test_named_source_sets_the_council(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    rows = json.loads(run("entries", f"Newtown Council={page}", "--json").output)
    assert [(r["council"], r["title"]) for r in rows] == [("Newtown Council", "Short Breaks")]


@pytest.mark.parametrize(
    "name,council", [("lut", "Luton Borough Council"), ("ENFIELD", "London Borough of Enfield")]
)
def test_partial_council_name(name: str, council: str) -> None:
    rows = json.loads(run("entries", "--council", name, "--json").output)
    assert {r["council"] for r in rows} == {council}


def test_ambiguous_and_unknown_councils_are_usage_errors_listing_the_loaded_ones() -> None:
    result = run("entries", "--council", "borough")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: main entries [OPTIONS] [SOURCES]...")
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--council': 'borough' is ambiguous: it matches "
        "London Borough of Enfield, Luton Borough Council"
    )
    result = run("entries", "--council", "Camden")
    assert result.exit_code == 2
    assert "loaded: London Borough of Enfield, Luton Borough Council" in result.stderr


def test_bad_month_is_a_usage_error() -> None:
    result = run("entries", "--from", "2020-13")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: Invalid value for '--from': '2020-13' has no month 13: months run from 01 to 12"
    )


@pytest.mark.parametrize("command", [["entries"], ["releases"], ["compare", "enfield", "luton"]])
def test_to_before_from_is_a_usage_error(command: list[str]) -> None:
    result = run(*command, "--from", "2020-10", "--to", "2019-01")
    assert result.exit_code == 2
    assert "--to 2019-01 is before --from 2020-10" in result.output


def test_compare_needs_two_different_councils() -> None:
    result = run("compare", "luton", "Luton Borough Council")
    assert result.exit_code == 2
    assert "A and B are the same council (Luton Borough Council)" in result.output


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    no_releases = tmp_path / "notes.txt"
    no_releases.write_text("Shopping list\nmilk\n", encoding="utf-8")
    (tmp_path / "no-pages").mkdir()
    return {
        "missing": (tmp_path / "nope.txt", "no such file"),
        "folder": (tmp_path / "no-pages", "has no pages (.txt, .html or .htm files)"),
        "empty": (empty, "the file is empty"),
        "binary": (binary, "binary file"),
        "no releases": (no_releases, "no releases found"),
    }


@pytest.mark.parametrize("case", ["missing", "folder", "empty", "binary", "no releases"])
def test_bad_input_is_one_line_naming_the_file(tmp_path: Path, case: str) -> None:
    path, problem = bad_inputs(tmp_path)[case]
    process = subprocess.run(
        [sys.executable, "-m", "manualtui", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 1
    assert process.stdout == ""
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    assert str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize(
    "encoding,prefix,newline",
    [
        ("cp1252", b"", "\n"),
        ("utf-8", b"\xef\xbb\xbf", "\n"),
        ("utf-8", b"", "\r\n"),
        ("utf-16", b"", "\n"),
    ],
)
def test_text_encodings_and_line_ends(
    tmp_path: Path, encoding: str, prefix: bytes, newline: str
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(prefix + PAGE.replace("\n", newline).encode(encoding))
    rows = json.loads(run("entries", str(page), "--json").output)
    assert len(rows) == 1
    assert rows[0]["title"] == "Short Breaks"
    assert rows[0]["details"] == "This chapter has been updated to reflect the Children’s Act."
    assert rows[0]["release"] == "2021-05"


def test_chapter_text_follows_a_chapter_through_its_renames() -> None:
    rows = json.loads(
        run("entries", "--council", "enfield", "--chapter", "asylum seeking", "--json").output
    )
    assert [r["title"] for r in rows] == [
        *["Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery"] * 4,
        "Unaccompanied Asylum Seeking Children",
    ]


def test_inferred_titles_say_so_in_the_table() -> None:
    table = run("entries", "--council", "enfield", "--from", "2020-10").output
    inferred = [line for line in table.splitlines() if "inferred" in line]
    assert len(inferred) == 4
    assert all(line.endswith(" (title inferred)") for line in inferred)


def test_an_over_long_file_name_is_a_one_line_error() -> None:
    name = "x" * 300 + ".txt"
    result = run("check", name)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {name}: cannot be read (File name too long)")


@pytest.mark.parametrize(
    "manifest,problem",
    [
        ('[[manual]]\ncouncil = "Newtown"\n', "manual 1: 'file' is missing"),
        ('[[manual]]\nfile = "page.txt"\ncouncil = 5\n', "manual 1: 'council' must be text"),
        ('manual = "page.txt"\n', "'manual' must be a list of [[manual]] tables"),
    ],
)
def test_a_bad_manifest_beside_a_page_is_a_one_line_error(
    tmp_path: Path, manifest: str, problem: str
) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    result = run("check", str(tmp_path / "page.txt"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'manifest.toml'}: {problem}"


def test_two_pages_that_would_show_the_same_name_are_told_apart(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "amendments.txt").write_text(PAGE, encoding="utf-8")
    rows = json.loads(
        run(
            "entries",
            str(tmp_path / "a" / "amendments.txt"),
            str(tmp_path / "b" / "amendments.txt"),
            "--json",
        ).output
    )
    assert [r["council"] for r in rows] == ["amendments", "amendments (2)"]


def test_releases_lists_releases_in_the_period_or_those_with_matching_entries() -> None:
    rows = json.loads(run("releases", "--council", "enfield", "--from", "2020-01", "--json").output)
    assert [(r["release"], r["updated"]) for r in rows] == [
        ("2020-10", 9),
        ("2020-06", 1),
        ("2020-05", 1),
        ("2020-04", 6),
    ]
    removed = json.loads(run("releases", "--kind", "removed", "--json").output)
    assert [(r["release"], r["removed"]) for r in removed] == [
        ("2022-03", 2),
        ("2019-12", 10),
        ("2017-05", 1),
    ]
