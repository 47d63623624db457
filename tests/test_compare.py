"""Two councils side by side: rows, shared national updates with their lag, word diffs, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from manualtui.cli import main
from manualtui.compare import ComparedChapter, Comparison, Presence, compare, word_diff
from manualtui.load import load_manuals
from manualtui.model import Library

ENFIELD = "London Borough of Enfield"
LUTON = "Luton Borough Council"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def library() -> Library:
    return load_manuals()


@pytest.fixture(scope="module")
def common_period(library: Library) -> Comparison:
    return compare(library, ENFIELD, LUTON, "2017-10", "2020-10")


def row(comparison: Comparison, title: str) -> ComparedChapter:
    found = [r for r in comparison.rows if r.title == title]
    assert len(found) == 1, f"{title!r} is in {len(found)} rows"
    return found[0]


def test_secure_accommodation_shares_the_dfe_under_13s_updates_with_their_lag(
    common_period: Comparison,
) -> None:
    secure = row(common_period, "Placements in Secure Accommodation on Welfare Grounds")
    assert secure.status is Presence.BOTH
    lags = [(s.item_a.release.key, s.item_b.release.key, s.lag_months) for s in secure.shared]
    assert lags == [("2020-10", "2021-01", 3), ("2018-10", "2019-03", 5)]
    newest = secure.shared[0]
    assert newest.item_a.title_inferred and newest.item_a.entry.title == ""
    assert newest.similarity >= 90


def test_rows_are_changed_in_both_only_a_or_only_b(common_period: Comparison) -> None:
    statuses = {r.title: r.status for r in common_period.rows}
    assert statuses["Placements with Parents"] is Presence.BOTH
    assert statuses["Short Breaks"] is Presence.ONLY_A
    assert statuses["Supervision Guidance"] is Presence.ONLY_B
    for r in common_period.rows:
        assert bool(r.items_a) == (r.status is not Presence.ONLY_B)
        assert bool(r.items_b) == (r.status is not Presence.ONLY_A)
        for item in (*r.items_a, *r.items_b):
            assert "2017-10" <= item.release.key <= "2020-10"
    order = [r.status for r in common_period.rows]
    assert order == sorted(order, key=[Presence.BOTH, Presence.ONLY_A, Presence.ONLY_B].index)


def test_chapters_with_different_titles_are_aligned_with_their_reason(
    common_period: Comparison,
) -> None:
    death = row(common_period, "Death or Serious Injury to a Child")
    assert death.key_b == "death-or-serious-injury-to-a-child-looked-after-and-child-in-need"
    assert death.status is Presence.BOTH and death.match
    assert [s.lag_months for s in death.shared] == [2, -1]


def test_enfield_lost_titles_with_a_luton_twin_are_proposed(common_period: Comparison) -> None:
    proposed = {
        (i.release.key, i.chapter_title)
        for i in common_period.inferred
        if not i.inference.startswith("suggestion")
    }
    assert proposed == {
        ("2020-10", "Placements in Secure Accommodation on Welfare Grounds"),
        ("2020-10", "Notifications of Significant Events"),
        ("2020-04", "Assessments"),
        ("2020-04", "Recording Policy and Guidelines"),
        ("2020-04", "Notifications of Significant Events"),
    }
    assessments = row(common_period, "Assessments")
    assert (assessments.shared[0].item_b.release.key, assessments.shared[0].lag_months) == (
        "2020-06",
        2,
    )


def test_word_diff_gives_back_both_texts() -> None:
    a = "This chapter has been updated to reflect the 2018 guidance."
    b = "This chapter has been amended to reflect the 2019 guidance and case-law."
    diff = word_diff(a, b)
    assert "".join(t for op, t in diff if op != "insert") == a
    assert "".join(t for op, t in diff if op != "delete") == b
    assert ("delete", "updated") in diff and ("insert", "amended") in diff
    assert {op for op, _ in diff} == {"equal", "delete", "insert"}
    assert word_diff("same words", "same words") == [("equal", "same words")]


# ---- CLI ----------------------------------------------------------------------------------


def test_compare_json_lists_rows_shared_updates_and_proposed_titles() -> None:
    result = run("compare", "enfield", "luton", "--from", "2017-10", "--to", "2020-10", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["council_a"], data["council_b"], data["from"], data["to"]) == (
        ENFIELD,
        LUTON,
        "2017-10",
        "2020-10",
    )
    secure = next(
        r
        for r in data["chapters"]
        if r["title"] == "Placements in Secure Accommodation on Welfare Grounds"
    )
    assert {(s["release_a"], s["release_b"], s["lag_months"]) for s in secure["shared"]} == {
        ("2018-10", "2019-03", 5),
        ("2020-10", "2021-01", 3),
    }
    assert data["summary"]["both"] == sum(r["status"] == "both" for r in data["chapters"])
    inferred = data["inferred_titles"]
    assert len(inferred) == 7
    assert sum(t["evidence"].startswith("suggestion") for t in inferred) == 2
    diffs = [r for r in data["chapters"] if r["status"] == "both" and not r["shared"]]
    assert diffs and all(r["diff"] for r in diffs)


def test_compare_text_marks_shared_updates_with_their_lag() -> None:
    result = run("compare", "enfield", "luton", "--from", "2017-10", "--to", "2020-10")
    assert result.exit_code == 0
    secure = next(line for line in result.output.splitlines() if "Secure Accommodation" in line)
    assert secure.endswith("2020-10: Luton 3 months later; 2018-10: Luton 5 months later")
    assert "Titles proposed for entries whose title the page lost" in result.output


def test_compare_with_an_unknown_council_is_a_usage_error_listing_councils() -> None:
    result = CliRunner().invoke(main, ["compare", "enfield", "bristol"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: main compare [OPTIONS] A B [SOURCES]...")
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: Invalid value for 'B': 'bristol' is not a loaded council")
    assert ENFIELD in last and LUTON in last


def test_compare_with_a_bad_month_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["compare", "enfield", "luton", "--from", "2019-13"])
    assert result.exit_code == 2
    assert "'2019-13' has no month 13" in result.output


def test_chapters_json_gives_key_title_aliases_changes_and_releases() -> None:
    result = run("chapters", "--council", "enfield", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    social = next(c for c in data if c["key"] == "social-visits-including-overnight-stays")
    assert social["aliases"] == ["Overnight Stays and Social Visits"]
    assert (social["changes"], social["first_release"], social["last_release"]) == (
        1,
        "2017-10",
        "2017-10",
    )
    assert "previously called" in social["renames"][0]["evidence"]
    assert {c["council"] for c in data} == {ENFIELD}


def test_history_json_follows_the_chapter_in_both_councils() -> None:
    result = run("history", "Placements in Secure Accommodation on Welfare Grounds", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["council"] for d in data] == [ENFIELD, LUTON]
    enfield = data[0]["entries"]
    assert [e["release"] for e in enfield] == ["2020-10", "2018-10", "2017-10"]
    assert enfield[0]["title_inferred"] and enfield[0]["title"] == ""


def test_history_of_an_unknown_chapter_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["history", "Quantum Knitting"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for 'CHAPTER': 'Quantum Knitting' names no chapter "
        "(see `manualtui chapters --chapter TEXT`)"
    )


def test_entries_json_carries_chapter_priority_reason_sections_and_drivers() -> None:
    result = run("entries", "--council", "enfield", "--from", "2020-10", "--json")
    data = json.loads(result.output)
    lost = next(e for e in data if e["line"] == 10)
    assert lost["chapter"] == "placements-in-secure-accommodation-on-welfare-grounds"
    assert lost["title_inferred"] and "Luton" in lost["inference"]
    assert lost["priority"] == "review" and lost["priority_reason"]
    assert lost["sections"] == [{"number": "6", "name": "Placements of Children under 13 years"}]
    ofsted = next(e for e in data if e["line"] == 12)
    assert "Ofsted" in ofsted["drivers"]
