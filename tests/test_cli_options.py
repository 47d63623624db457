"""The one set of selection options: on every command that selects entries, meaning the same
everywhere; usage errors (exit 2) that say what was wrong."""

from __future__ import annotations

import json

import click
import pytest

from manualtui.cli import main
from tests.cli_support import ENFIELD, LUTON, last_error, run

SELECTING = ["entries", "releases", "chapters", "history", "compare", "check", "export"]
SELECTION = {"--council", "--from", "--to", "--kind", "--priority", "--chapter"}
# The commands that name councils or a chapter as arguments leave out that option.
LEFT_OUT = {"history": {"--chapter"}, "compare": {"--council"}}


def option(name: str, command: str) -> click.Option:
    params = main.commands[command].params
    return next(p for p in params if isinstance(p, click.Option) and name in p.opts)


@pytest.mark.parametrize("command", SELECTING)
def test_every_selecting_command_takes_the_selection_options(command: str) -> None:
    names = {o for p in main.commands[command].params for o in p.opts}
    assert names >= SELECTION - LEFT_OUT.get(command, set())
    assert not names & LEFT_OUT.get(command, set())


@pytest.mark.parametrize("name", sorted(SELECTION))
def test_each_selection_option_is_the_same_everywhere(name: str) -> None:
    found = [option(name, c) for c in SELECTING if name not in LEFT_OUT.get(c, set())]
    kinds = {(o.help, o.metavar, o.multiple, o.type.name, repr(vars(o.type))) for o in found}
    assert len(kinds) == 1


def test_a_year_is_january_to_december() -> None:
    rows = json.loads(run("releases", "--from", "2019", "--to", "2019", "--json").stdout)
    assert sorted(r["release"] for r in rows) == ["2019-03", "2019-04", "2019-10", "2019-12"]
    december = json.loads(run("entries", "--from", "2019-12", "--to", "2019", "--json").stdout)
    assert {r["release"] for r in december} == {"2019-12"}


def test_chapter_text_means_the_same_in_entries_chapters_and_history() -> None:
    """Key, title or an earlier title contains the text: "asylum seeking" is an earlier
    title of Enfield's chapter on unaccompanied migrant children."""
    entries = json.loads(run("entries", "--chapter", "asylum seeking", "--json").stdout)
    chapters = json.loads(run("chapters", "--chapter", "asylum seeking", "--json").stdout)
    assert {(e["council"], e["chapter"]) for e in entries} == {
        (c["council"], c["key"]) for c in chapters
    }
    assert [(c["council"], c["changes"]) for c in chapters] == [(ENFIELD, 5), (LUTON, 3)]
    assert len(entries) == 8
    assert "Unaccompanied Asylum Seeking Children" in chapters[0]["aliases"]
    history = json.loads(run("history", "asylum seeking", "--all", "--json").stdout)
    assert {(t["council"], t["key"]) for t in history} >= {
        (c["council"], c["key"]) for c in chapters
    }


def test_history_of_text_naming_several_chapters_lists_them_and_exits_2() -> None:
    result = run("history", "foster")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: main history [OPTIONS] CHAPTER [SOURCES]..." in result.stderr
    assert last_error(result) == (
        "Error: 'foster' names 20 chapters (listed above): give a key, or --all for each of them"
    )
    for title in ("Pace Fostering", "Private Fostering", "Placements in Foster Care"):
        assert title in result.stderr
    every = json.loads(run("history", "foster", "--all", "--json").stdout)
    assert {(t["council"], t["title"]) for t in every} >= {
        (LUTON, "Pace Fostering"),
        (ENFIELD, "Private Fostering"),
        (LUTON, "Private Fostering"),
    }
    assert len({(t["council"], t["key"]) for t in every}) == len(every) == 20


def test_history_of_a_key_or_a_whole_title_is_one_chapter_in_every_council() -> None:
    for text in ("private-fostering", "Private Fostering"):
        result = run("history", text, "--json")
        assert result.exit_code == 0, result.output
        assert [t["council"] for t in json.loads(result.stdout)] == [ENFIELD, LUTON]


def test_history_takes_council_period_kind_and_priority() -> None:
    luton = json.loads(
        run("history", "foster", "--council", "luton", "--all", "--from", "2022", "--json").stdout
    )
    assert {t["council"] for t in luton} == {LUTON}
    assert all(e["release"] >= "2022-01" for t in luton for e in t["entries"])
    assert {t["title"] for t in luton} == {
        "Fostering Panel",
        "Placements in Foster Care",
        "Allegations Against Foster Carers",
        "Training and Development of Foster Carers",
        "Luton Borough Council Fostering Statement of Purpose",
        "Early Permanence: Fostering for Adoption, Concurrent Planning and Temporary Approval "
        "as Foster Carers of Approved Prospective Adopters",
    }
    reread = json.loads(
        run("history", "Private Fostering", "--priority", "reread", "--json").stdout
    )
    assert all(e["priority"] == "reread" for t in reread for e in t["entries"])


def test_compare_takes_kind_priority_and_chapter() -> None:
    data = json.loads(
        run(
            "compare", "enfield", "luton", "--chapter", "secure", "--kind", "updated", "--json"
        ).stdout
    )
    assert [r["title"] for r in data["chapters"]] == [
        "Placements in Secure Accommodation on Welfare Grounds",
        "Secure Accommodation (Criteria) Reviews",
    ]
    reread = json.loads(run("compare", "enfield", "luton", "--priority", "reread", "--json").stdout)
    entries = [e for r in reread["chapters"] for e in (*r["entries_a"], *r["entries_b"])]
    assert entries and {e["priority"] for e in entries} == {"reread"}


def test_check_takes_council_and_period() -> None:
    reports = json.loads(run("check", "--council", "enfield", "--from", "2020", "--json").stdout)
    assert [r["council"] for r in reports] == [ENFIELD]
    assert [r["release"] for r in reports[0]["releases"]] == [
        "2020-10",
        "2020-06",
        "2020-05",
        "2020-04",
    ]
    assert reports[0]["entries"] == {"updated": 17, "new": 0, "removed": 0}


@pytest.mark.parametrize(
    "command",
    [
        ["entries"],
        ["releases"],
        ["chapters"],
        ["history", "fostering-panel"],
        ["check"],
        ["export", "-o", "never-written.csv"],
    ],
)
def test_an_unknown_council_is_a_usage_error_in_every_command(command: list[str]) -> None:
    result = run(*command, "--council", "Camden")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: main {command[0]} [OPTIONS]")
    assert last_error(result) == (
        "Error: Invalid value for '--council': 'Camden' is not a loaded council; "
        f"loaded: {ENFIELD}, {LUTON}"
    )


@pytest.mark.parametrize(
    "args,problem",
    [
        (["--from", "2019-13"], "'--from': '2019-13' has no month 13: months run from 01 to 12"),
        (
            ["--to", "April"],
            "'--to': 'April' is not a month: write it as YYYY-MM (2019-04) or YYYY",
        ),
        (["--kind", "changed"], "'--kind': 'changed' is not one of 'updated', 'new', 'removed'."),
    ],
)
def test_bad_values_are_usage_errors_that_say_what_is_wrong(args: list[str], problem: str) -> None:
    result = run("entries", *args)
    assert result.exit_code == 2
    assert last_error(result) == f"Error: Invalid value for {problem}"


def test_compare_with_one_council_twice_or_an_ambiguous_one_exits_2() -> None:
    same = run("compare", "enfield", "London Borough of Enfield")
    assert same.exit_code == 2 and "A and B are the same council" in last_error(same)
    ambiguous = run("compare", "borough", "luton")
    assert ambiguous.exit_code == 2
    assert last_error(ambiguous) == (
        f"Error: Invalid value for 'A': 'borough' is ambiguous: it matches {ENFIELD}, {LUTON}"
    )


@pytest.mark.parametrize("command", ["entries", "releases", "chapters"])
def test_an_empty_result_says_so_in_a_sentence(command: str) -> None:
    result = run(command, "--from", "2040")
    assert result.exit_code == 0
    assert result.stdout == f"No {command} match: all councils; releases 2040-01 to latest.\n"
