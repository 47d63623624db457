"""The explorer's plain parts: labels, filters and marks, the selection, search, layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualtui.model import Item, Kind, Priority
from manualtui.tui.catalog import Catalog, ItemsAt
from manualtui.tui.dialogs.export import default_path, with_format_suffix
from manualtui.tui.labels import list_label
from manualtui.tui.screens.compare import diff_text, side_text, status_text
from manualtui.tui.search import SearchIndex, fold
from manualtui.tui.state import (
    CompareSetup,
    Filters,
    Marks,
    common_period,
    export_selection,
    parse_period_bound,
)
from manualtui.tui.widgets.entry_view import entry_lines, months_apart
from manualtui.tui.widgets.item_table import layout_columns
from manualtui.wording import month_label, short_council, summary
from tests.tui_support import ENFIELD, LUTON, sample_library


def test_council_names_are_shortened_for_narrow_columns() -> None:
    assert short_council(ENFIELD) == "Enfield"
    assert short_council(LUTON) == "Luton"
    assert short_council("Royal Borough of Kingston upon Thames") == "Kingston upon Thames"
    assert short_council("Kent County Council") == "Kent"
    assert short_council("Council") == "Council"


def test_months_are_labelled_in_words() -> None:
    assert month_label("2020-10") == "Oct 2020"
    assert month_label("2019-4") == "Apr 2019"
    assert month_label("nonsense") == "nonsense"
    assert months_apart("2019-10", "2019-12") == "2 months later"
    assert months_apart("2019-10", "2019-09") == "1 month earlier"
    assert months_apart("2019-10", "2019-10") == "same month"


def test_an_entry_without_a_title_is_listed_by_its_details() -> None:
    lost = [i for i in sample_library().items if not i.chapter_title]
    assert lost, "the Enfield sample has rows whose titles were lost"
    item = lost[0]
    assert list_label(item).startswith("? ")
    assert summary(item) in list_label(item)


def test_period_bounds_accept_years_and_months() -> None:
    assert parse_period_bound("2019", end=False) == "2019-01"
    assert parse_period_bound("2019", end=True) == "2019-12"
    assert parse_period_bound(" 2019-4 ", end=True) == "2019-04"
    assert parse_period_bound("", end=True) is None
    with pytest.raises(ValueError, match="not a year"):
        parse_period_bound("April", end=False)
    with pytest.raises(ValueError, match="no month 13"):
        parse_period_bound("2019-13", end=False)


def test_marking_a_range_takes_two_presses_in_either_order() -> None:
    marks = Marks().mark_release("2020-10")
    assert marks.pending == "2020-10" and marks.start is None
    assert marks.in_range("2020-10") and not marks.in_range("2020-06")
    marks = marks.mark_release("2019-04")
    assert (marks.start, marks.end, marks.pending) == ("2019-04", "2020-10", None)
    assert marks.in_range("2019-10") and not marks.in_range("2019-03")
    assert marks.describe() == "2019-04..2020-10"
    assert marks.toggle_entry("0:4").toggle_entry("1:9").describe() == (
        "2019-04..2020-10 + 2 entries"
    )
    assert marks.toggle_entry("0:4").toggle_entry("0:4").entry_ids == frozenset()


def test_the_export_selection_combines_range_filters_and_marked_entries() -> None:
    library = sample_library()
    reread = Filters(priorities=frozenset({Priority.REREAD}))
    ranged = Marks(start="2019-04", end="2020-10")
    selection = export_selection(reread, ranged)
    assert (selection.start, selection.end) == ("2019-04", "2020-10")
    items = selection.apply(library)
    assert items and all(i.priority is Priority.REREAD for i in items)
    assert all("2019-04" <= i.release.key <= "2020-10" for i in items)
    assert {i.council for i in items} == {ENFIELD, LUTON}

    one = library.items[0]
    alone = export_selection(reread, Marks(entry_ids=frozenset({one.id})))
    assert alone.apply(library) == [one]

    narrowed = export_selection(Filters(start="2020-01"), ranged)
    assert (narrowed.start, narrowed.end) == ("2020-01", "2020-10")
    assert export_selection(Filters(), Marks()).apply(library) == list(library.items)


def test_filters_match_and_describe() -> None:
    library = sample_library()
    filters = Filters(
        councils=frozenset({LUTON}), kinds=frozenset({Kind.NEW}), start="2019-01", end="2019-12"
    )
    matched = [i for i in library.items if filters.matches(i)]
    assert matched and all(
        i.council == LUTON and i.entry.kind is Kind.NEW and i.release.year == 2019 for i in matched
    )
    assert filters.describe({LUTON: "Luton"}) == "Luton · new · 2019-01..2019-12"
    assert Filters().toggle_priority(Priority.REREAD).priorities == {Priority.REREAD}
    assert not Filters().toggle_priority(Priority.REREAD).toggle_priority(Priority.REREAD).active


def test_the_default_compare_period_is_the_span_both_councils_cover() -> None:
    assert common_period(("2017-10", "2020-10"), ("2015-02", "2023-12")) == ("2017-10", "2020-10")
    assert common_period(("2010-01", "2011-01"), ("2015-02", "2023-12")) is None
    setup = CompareSetup(ENFIELD, LUTON, "2019-01", "2019-12")
    assert setup.describe({ENFIELD: "Enfield", LUTON: "Luton"}) == (
        "Enfield ⇄ Luton · 2019-01..2019-12"
    )


def brute_force(index: SearchIndex, query: str, scope: list[int]) -> list[int]:
    """Every word in the item's title or in its details, by a plain scan."""
    words = fold(query).split()

    def has(item: Item, word: str) -> bool:
        return word in fold(f"{item.chapter_title}\n{item.entry.title}") or word in fold(
            "\n".join(item.entry.details)
        )

    return [i for i in scope if all(has(index.items[i], w) for w in words)]


def test_search_as_you_type_agrees_with_a_plain_scan_at_every_keystroke() -> None:
    library = sample_library()
    index = SearchIndex(library.items)
    scope = list(range(len(library.items)))
    typed = "secure accommodation"
    for end in range(1, len(typed) + 1):
        assert index.search(typed[:end], scope) == brute_force(index, typed[:end], scope)
    for end in range(len(typed), 0, -1):  # backspacing
        assert index.search(typed[:end], scope) == brute_force(index, typed[:end], scope)
    assert index.search("SECURE", scope) == brute_force(index, "secure", scope)
    assert index.search("", scope) == scope
    hits = index.search("secure accommodation", scope)
    assert hits and all(
        "secure accommodation" in fold(" ".join(library.items[i].entry.details))
        or "secure" in fold(library.items[i].chapter_title)
        for i in hits
    )


def test_search_ignores_case_accents_and_curly_quotes() -> None:
    assert fold("Children’s “Café” – Émigré") == 'children\'s "cafe" - emigre'
    library = sample_library()
    index = SearchIndex(library.items)
    scope = list(range(len(library.items)))
    curly = [i for i, item in enumerate(library.items) if "’" in " ".join(item.entry.details)]
    assert curly, "the samples use curly apostrophes"
    word = next(w for w in " ".join(library.items[curly[0]].entry.details).split() if "’" in w)
    assert curly[0] in index.search(word.replace("’", "'"), scope)


def test_search_collects_rare_words_and_filters_common_ones_alike() -> None:
    library = sample_library()
    index = SearchIndex(library.items)
    everything = range(len(library.items))
    filtered = [i for i in everything if library.items[i].council == LUTON]
    for query in ("upskirting", "the", "secure", "zzzz"):
        assert index.search(query, everything) == brute_force(index, query, list(everything))
        assert index.search(query, filtered) == brute_force(index, query, filtered)


def test_search_respects_the_scope_it_is_given() -> None:
    library = sample_library()
    index = SearchIndex(library.items)
    luton = [i for i, item in enumerate(library.items) if item.council == LUTON]
    hits = index.search("placement", luton)
    assert hits and set(hits) <= set(luton)
    everywhere = index.search("placement", list(range(len(library.items))))
    assert len(everywhere) > len(hits)


def test_items_at_positions_is_a_sequence_without_copying() -> None:
    items = sample_library().items
    view = ItemsAt(items, [5, 2, 9])
    assert len(view) == 3 and view[1] is items[2]
    assert list(view[1:]) == [items[2], items[9]]


def test_catalog_indexes_releases_and_chapters() -> None:
    library = sample_library()
    catalog = Catalog(library)
    manual = library.manuals[0]
    release = manual.releases[0]
    positions = catalog.release_positions(0, release)
    assert [catalog.items[p].entry for p in positions] == list(release.entries)
    assert len(catalog.manual_positions(0)) == sum(len(r.entries) for r in manual.releases)
    item = next(i for i in library.items if i.chapter_title)
    history = catalog.chapter_items(catalog.manual_of(item), item.chapter)
    assert item in history
    assert [h.release.key for h in history] == sorted(
        (h.release.key for h in history), reverse=True
    )


def test_list_columns_fit_the_width() -> None:
    narrow = layout_columns(54, show_release=False, council_width=0)
    assert narrow.summary == 0 and narrow.chapter == 54 - 14
    wide = layout_columns(88, show_release=True, council_width=7)
    assert wide.release and wide.council == 8 and wide.summary > 0
    assert 14 + wide.release + wide.council + wide.chapter + wide.summary == 88
    no_chapter = layout_columns(60, show_release=True, council_width=0, show_chapter=False)
    assert no_chapter.chapter == 0 and no_chapter.summary == 60 - 14 - 9


def test_the_entry_pane_says_everything_about_an_entry() -> None:
    library = sample_library()
    catalog = Catalog(library)
    item = next(i for i in library.items if i.council == LUTON and i.assessment.sections)
    text = "\n".join(line.plain for line in entry_lines(catalog, item, None, ENFIELD))
    assert item.chapter_title in text
    assert item.entry.details[0] in text
    assert f"luton-children.txt, line {item.entry.first_line}" in text
    assert "Sections: " + item.assessment.sections[0].number in text
    assert "History in Luton" in text
    assert "In Enfield: looking for the matching chapter" in text


def test_word_diff_and_compare_cells_use_text_markers() -> None:
    diff = diff_text("the old chapter text", "the new chapter text").plain
    assert diff == "the [-old-]{+new+} chapter text"
    assert diff_text("one two", "one\n\ntwo").plain == "one two"  # spacing is no change
    assert side_text(()) == "—"


def test_export_paths_carry_the_period_and_the_format() -> None:
    library = sample_library()
    selection = export_selection(Filters(), Marks(start="2019-04", end="2020-10"))
    assert default_path("xlsx", selection, Path("/x")) == Path(
        "/x/manualtui-tracker-2019-04-to-2020-10.xlsx"
    )
    assert default_path("docx", export_selection(Filters(), Marks()), Path("/x")) == Path(
        "/x/manualtui-briefing.docx"
    )
    assert with_format_suffix(Path("a/b.xlsx"), "docx") == Path("a/b.docx")
    assert with_format_suffix(Path("a/b"), "docx") == Path("a/b.docx")
    assert with_format_suffix(Path("a/b.v2"), "md") == Path("a/b.v2.md")
    assert library.items  # the selection above was built against real data


def test_compare_status_is_spelled_out() -> None:
    from manualtui.compare import compare

    comparison = compare(sample_library(), ENFIELD, LUTON, "2019-01", "2019-12")
    statuses = {status_text(row, "Enfield", "Luton") for row in comparison.rows}
    assert {"only Enfield", "only Luton"} <= statuses
    assert any(s.startswith("shared, ") or s == "both" for s in statuses)
