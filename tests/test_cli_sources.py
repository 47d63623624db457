"""SOURCES on the command line: pages, a folder (its manifest, else every page), a manifest,
a glob, `-` for standard input; a page named twice is read once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from manualtui.load import samples_dir
from tests.cli_support import ENFIELD, LUTON, LUTON_PAGE, PAGE, last_error, run


def councils(*sources: str) -> list[str]:
    result = run("releases", "--json", *sources)
    assert result.exit_code == 0, result.output
    return list(dict.fromkeys(r["council"] for r in json.loads(result.stdout)))


def test_a_folder_with_a_manifest_loads_the_pages_it_names(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(samples_dir(), folder)
    (folder / "notes.txt").write_text("not named by the manifest", encoding="utf-8")
    assert councils(str(folder)) == [ENFIELD, LUTON]


def test_a_folder_without_a_manifest_loads_every_page_in_it(tmp_path: Path) -> None:
    (tmp_path / "newtown.txt").write_text(PAGE, encoding="utf-8")
    shutil.copy(LUTON_PAGE, tmp_path / "luton.txt")
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("not shown", encoding="utf-8")
    assert councils(str(tmp_path)) == ["luton", "newtown"]  # named by their files


def test_a_glob_over_a_folder_with_its_manifest_reads_each_page_once(tmp_path: Path) -> None:
    """`samples/*` (as a shell would not expand it) matches manifest.toml too: it names the
    same pages, which are read once, under the manifest's names."""
    folder = tmp_path / "pages"
    shutil.copytree(samples_dir(), folder)
    assert councils(f"{folder}/*") == [ENFIELD, LUTON]
    expanded = sorted(str(p) for p in folder.iterdir())  # as the shell expands it
    assert councils(*expanded) == [ENFIELD, LUTON]
    assert councils(f"{folder}/luton-*.txt") == [LUTON]


def test_a_glob_that_matches_no_page_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("entries", f"{tmp_path}/*.html")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {tmp_path}/*.html: matches no page (.txt, .html or .htm file) or folder"
    )


def test_a_manifest_named_as_a_source_loads_its_pages() -> None:
    assert councils(str(samples_dir() / "manifest.toml")) == [ENFIELD, LUTON]


def test_dash_reads_a_page_from_standard_input() -> None:
    result = run("entries", "--json", "-", stdin=PAGE)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert (entry["title"], entry["source"], entry["release"]) == (
        "Short Breaks",
        "<stdin>",
        "2021-05",
    )
    named = json.loads(run("entries", "--json", "Newtown Council=-", stdin=PAGE).stdout)
    assert named[0]["council"] == "Newtown Council"
    both = json.loads(run("releases", "--json", "-", LUTON_PAGE, stdin=PAGE).stdout)
    assert [r["council"] for r in both][:2] == ["<stdin>", LUTON]


def test_empty_standard_input_is_a_one_line_error() -> None:
    result = run("check", "-", stdin="")
    assert result.exit_code == 1
    assert last_error(result) == "Error: <stdin>: the file is empty"


def test_a_page_named_twice_is_read_once() -> None:
    assert councils(LUTON_PAGE, LUTON_PAGE, str(samples_dir())) == [LUTON, ENFIELD]
