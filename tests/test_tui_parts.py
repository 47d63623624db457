"""The explorer's plain parts: labels, months and periods, filters and marks as the core's
selection, search, layout, the key bar, and what reaches the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from manualtui.model import Item, Kind, Priority
from manualtui.select import Selection, parse_month, parse_period
from manualtui.tui import search
from manualtui.tui.catalog import Catalog, ItemsAt
from manualtui.tui.dialogs.export import default_path, with_format_suffix
from manualtui.tui.glyphs import CONSOLE_FONT, console_text, terminal_safe
from manualtui.tui.labels import filters_text, list_label
from manualtui.tui.screens.compare import diff_text, side_text, status_text
from manualtui.tui.search import SearchIndex, fold
from manualtui.tui.state import CompareSetup, Marks, common_period
from manualtui.tui.widgets.entry_view import entry_lines
from manualtui.tui.widgets.item_table import layout_columns
from manualtui.tui.widgets.key_bar import key_bar_text
from manualtui.wording import lag_text, month_label, period_text, short_council, summary
from tests.tui_support import ENFIELD, LUTON, sample_library


def test_council_names_are_shortened_for_narrow_columns() -> None:
    assert short_council(ENFIELD) == "Enfield"
    assert short_council(LUTON) == "Luton"
    assert short_council("Royal Borough of Kingston upon Thames") == "Kingston upon Thames"
    assert short_council("Kent County Council") == "Kent"
    assert short_council("Council") == "Council"


def test_months_periods_and_lags_are_said_in_words() -> None:
    assert month_label("2020-10") == "Oct 2020"
    assert month_label("2019-4") == "Apr 2019"
    assert month_label("nonsense") == "nonsense"
    assert lag_text(5, ENFIELD, LUTON) == "Luton 5 months later"
    assert lag_text(-1, ENFIELD, LUTON) == "Enfield 1 month later"
    assert lag_text(0, ENFIELD, LUTON) == "same month"
    assert period_text("2019-04", "2020-10") == "Apr 2019 to Oct 2020"
    assert period_text("2019-04", None) == "from Apr 2019"
    assert period_text(None, None) == "all releases"


def test_an_entry_without_a_title_is_listed_by_its_details() -> None:
    lost = [i for i in sample_library().items if not i.chapter_title]
    assert lost, "the Enfield sample has rows whose titles were lost"
    item = lost[0]
    assert list_label(item).startswith("? ")
    assert summary(item) in list_label(item)


def test_one_month_parser_reads_years_and_months_and_says_what_is_wrong() -> None:
    assert parse_month("2019") == "2019-01"
    assert parse_month("2019", end=True) == "2019-12"
    assert parse_month(" 2019-4 ", end=True) == "2019-04"
    assert parse_month("2019-04") == "2019-04"
    with pytest.raises(ValueError, match="'April' is not a month"):
        parse_month("April")
    with pytest.raises(ValueError, match="'2019-13' has no month 13"):
        parse_month("2019-13")
    with pytest.raises(ValueError, match="is not a month"):
        parse_month("\uff12\uff10\uff11\uff19")  # digits, but not ASCII ones
    assert parse_period("2019", "2019") == ("2019-01", "2019-12")
    assert parse_period("", " ") == (None, None)
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        parse_period("2020", "2019-06")


def test_the_command_line_reads_months_as_the_explorer_does() -> None:
    from click.testing import CliRunner

    from manualtui.cli.app import main

    result = CliRunner().invoke(main, ["entries", "--from", "2019", "--to", "2019", "--json"])
    assert result.exit_code == 0, result.output
    keys = {record["release"] for record in json.loads(result.output)}
    assert keys and all(key.startswith("2019-") for key in keys)
    bad = CliRunner().invoke(main, ["entries", "--from", "2019-13"])
    assert bad.exit_code == 2 and "'2019-13' has no month 13" in bad.output


def test_the_views_change_the_apps_state_only_through_its_reactives() -> None:
    """The explorer's state is in one place: no screen, dialog or widget sets an attribute
    of the app for another to read, only the reactives that the views watch."""
    import ast

    from textual.reactive import Reactive

    import manualtui.tui
    from manualtui.tui.app import ManualApp

    reactives = {name for name, value in vars(ManualApp).items() if isinstance(value, Reactive)}
    assert {"filters", "marks", "compare_setup", "chapter_focus"} <= reactives
    written = []
    for path in Path(manualtui.tui.__file__).parent.rglob("*.py"):
        if path.name == "app.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign | ast.AnnAssign)
                else []
            )
            written += [
                f"{path.name}: {target.attr}"
                for target in targets
                if isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr in ("app", "manual_app")
            ]
    assert written, "the scan finds the compare view setting the compare setup"
    assert [w for w in written if w.split(": ")[1] not in reactives] == []


def test_marking_a_range_takes_two_presses_in_either_order() -> None:
    marks = Marks().mark_release("2020-10")
    assert marks.pending == "2020-10" and marks.start is None
    assert marks.in_range("2020-10") and not marks.in_range("2020-06")
    assert marks.describe() == "from Oct 2020, to ?"
    marks = marks.mark_release("2019-04")
    assert (marks.start, marks.end, marks.pending) == ("2019-04", "2020-10", None)
    assert marks.in_range("2019-10") and not marks.in_range("2019-03")
    assert marks.describe() == "Apr 2019 to Oct 2020"
    assert marks.toggle_entry("a/1/4").toggle_entry("b/2/9").describe() == (
        "Apr 2019 to Oct 2020 + 2 entries"
    )
    assert marks.toggle_entry("a/1/4").toggle_entry("a/1/4").entry_ids == frozenset()


def test_marks_narrow_the_filters_into_one_selection() -> None:
    library = sample_library()
    reread = Selection(priorities=(Priority.REREAD,))
    ranged = Marks(start="2019-04", end="2020-10")
    selection = ranged.selection(reread)
    assert (selection.start, selection.end) == ("2019-04", "2020-10")
    items = selection.apply(library)
    assert items and all(i.priority is Priority.REREAD for i in items)
    assert all("2019-04" <= i.release.key <= "2020-10" for i in items)
    assert {i.council for i in items} == {ENFIELD, LUTON}

    one = library.items[0]
    alone = Marks(entry_ids=frozenset({one.id})).selection(reread)
    assert alone.apply(library) == [one]

    narrowed = ranged.selection(Selection(start="2020-01"))
    assert (narrowed.start, narrowed.end) == ("2020-01", "2020-10")
    assert Marks().selection(Selection()).apply(library) == list(library.items)


def test_the_filters_are_a_selection_and_read_in_a_few_words() -> None:
    library = sample_library()
    filters = Selection(councils=(LUTON,), kinds=(Kind.NEW,), start="2019-01", end="2019-12")
    matched = [i for i in library.items if filters.matches(i)]
    assert matched and all(
        i.council == LUTON and i.entry.kind is Kind.NEW and i.release.year == 2019 for i in matched
    )
    assert filters.filters_anything and not Selection().filters_anything
    assert filters_text(filters) == "Luton · new · Jan 2019 to Dec 2019"


def test_the_default_compare_period_is_the_span_both_councils_cover() -> None:
    assert common_period(("2017-10", "2020-10"), ("2015-02", "2023-12")) == ("2017-10", "2020-10")
    assert common_period(("2010-01", "2011-01"), ("2015-02", "2023-12")) is None
    setup = CompareSetup(ENFIELD, LUTON, "2019-01", "2019-12")
    assert setup.describe() == "Enfield and Luton, Jan 2019 to Dec 2019"
    picked = setup.selection(Selection(priorities=(Priority.REREAD,))).apply(sample_library())
    assert picked and all(i.priority is Priority.REREAD and i.release.year == 2019 for i in picked)


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
        assert list(index.search(typed[:end], scope)) == brute_force(index, typed[:end], scope)
    for end in range(len(typed), 0, -1):  # backspacing
        assert list(index.search(typed[:end], scope)) == brute_force(index, typed[:end], scope)
    assert list(index.search("SECURE", scope)) == brute_force(index, "secure", scope)
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
        assert list(index.search(query, everything)) == brute_force(index, query, list(everything))
        assert list(index.search(query, filtered)) == brute_force(index, query, filtered)


@pytest.mark.parametrize("block", [1024, 16])
def test_search_agrees_with_a_plain_scan_for_many_queries_typed_and_erased(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every prefix of queries typed and erased in turn (so that each is narrowed from the
    remembered ones: a longer word, another word, words swapped or repeated, accents and
    typographic quotes), in the whole library and in a filtered scope; with the matches
    found a block of 1,024 positions at a time (the samples fit in one) or of 16."""
    monkeypatch.setattr(search, "_BLOCK", block)
    library = sample_library()
    everything = range(len(library.items))
    filtered = [i for i in everything if library.items[i].council == LUTON]
    queries = (
        "placement",
        "foster care",
        "care foster",
        "section 4",
        "children’s home",
        "children's HOME",
        "Café émigré",
        "the the",
        "secure accommodation upskirting",
        "zzzz care",
    )
    for scope in (everything, filtered):
        index = SearchIndex(library.items)
        for query in queries:
            typed = [query[:end] for end in range(1, len(query) + 1)]
            for text in typed + typed[::-1]:
                found = index.search(text, scope)
                assert list(found) == brute_force(index, text, list(scope)), (text, scope)


def test_search_results_are_read_as_a_sequence_in_any_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "_BLOCK", 16)
    library = sample_library()
    index = SearchIndex(library.items)
    everything = range(len(library.items))
    found = index.search("e", everything)
    expected = brute_force(index, "e", list(everything))
    assert 8 * len(expected) > len(everything)  # common: found as the list reads it
    assert len(found) == len(expected)
    assert found[len(expected) // 2] == expected[len(expected) // 2]
    assert found[-1] == expected[-1] and found[0] == expected[0]
    assert found[3:10] == expected[3:10] and found[::-7] == expected[::-7]
    assert list(found) == expected == [found[i] for i in range(len(found))]
    with pytest.raises(IndexError):
        found[len(expected)]


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


def test_catalog_indexes_releases_and_chapters_by_manual_key() -> None:
    library = sample_library()
    catalog = Catalog(library)
    manual = library.manuals[0]
    release = manual.releases[0]
    positions = catalog.release_positions(manual.key, release)
    assert [catalog.items[p].entry for p in positions] == list(release.entries)
    assert len(catalog.manual_positions(manual.key)) == sum(len(r.entries) for r in manual.releases)
    item = next(i for i in library.items if i.chapter_title)
    history = catalog.chapter_items(item.manual.key, item.chapter)
    assert item in history
    assert [h.release.key for h in history] == sorted(
        (h.release.key for h in history), reverse=True
    )


def test_list_columns_give_titles_room_first_and_keep_the_council() -> None:
    # search results at 80 columns (the tree steps aside): the council and 40+ of the title
    results = layout_columns(79, show_release=True, council_width=7, longest_title=80)
    assert results.council == 8 and results.chapter >= 40 and results.release == 9
    assert 14 + results.release + results.council + results.chapter + results.summary == 79
    # a release's entries beside the tree at 80 columns: the title takes what there is
    beside_tree = layout_columns(53, show_release=False, council_width=0, longest_title=80)
    assert beside_tree.chapter == 53 - 14 and beside_tree.summary == 0
    # wide: titles as long as they are, then the summary
    wide = layout_columns(120, show_release=True, council_width=7, longest_title=50)
    assert wide.chapter == 52 and wide.summary > 0 and wide.release
    # narrow: the council stays, the release goes first
    narrow = layout_columns(50, show_release=True, council_width=7, longest_title=60)
    assert narrow.council == 8 and narrow.release == 0 and narrow.chapter == 50 - 14 - 8
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
    assert side_text(()) == "-"


def test_export_paths_carry_the_period_and_the_format() -> None:
    selection = Marks(start="2019-04", end="2020-10").selection(Selection())
    assert default_path("xlsx", selection, Path("/x")) == Path(
        "/x/manualtui-tracker-2019-04-to-2020-10.xlsx"
    )
    assert default_path("docx", Selection(), Path("/x")) == Path("/x/manualtui-briefing.docx")
    assert with_format_suffix(Path("a/b.xlsx"), "docx") == Path("a/b.docx")
    assert with_format_suffix(Path("a/b"), "docx") == Path("a/b.docx")
    assert with_format_suffix(Path("a/b.v2"), "md") == Path("a/b.v2.md")


def test_compare_status_is_spelled_out_with_the_lag_in_words() -> None:
    from manualtui.compare import compare

    comparison = compare(sample_library(), ENFIELD, LUTON, "2019-01", "2019-12")
    statuses = {status_text(row, ENFIELD, LUTON) for row in comparison.rows}
    assert {"only Enfield", "only Luton"} <= statuses
    lagged = [row for row in comparison.rows if row.lag_months]
    assert lagged, "some national updates were made by both councils, months apart"
    said = status_text(lagged[0], ENFIELD, LUTON)
    assert said == lag_text(lagged[0].lag_months or 0, ENFIELD, LUTON)
    assert said.endswith(("months later", "month later"))


def test_page_text_reaches_the_terminal_without_controls() -> None:
    assert terminal_safe("a\x1b[31mb\rc\u202ed\te") == "a[31mbcd\te"


def test_the_linux_console_gets_characters_of_its_font_in_the_same_width() -> None:
    drawn = "╭─ Help ─╮ “q” – … » ▕▔▁▆ 🔎 é ⇄"
    plain = console_text(drawn)
    assert set(plain) <= CONSOLE_FONT
    assert cell_len(plain) == cell_len(drawn)
    assert plain.startswith('┌─ Help ─┐ "q" - . >')


def test_the_key_bar_keeps_enter_escape_views_help_and_quit() -> None:
    from textual.binding import Binding

    from manualtui.tui.app import ManualApp
    from manualtui.tui.screens.base import ViewScreen
    from manualtui.tui.screens.releases import ReleasesScreen
    from manualtui.tui.widgets.item_table import ItemTable

    def shown(owner: type) -> list[Binding]:
        return [b for b in owner.__dict__["BINDINGS"] if isinstance(b, Binding) and b.show]

    bindings = [*shown(ItemTable), *shown(ViewScreen), *shown(ReleasesScreen), *shown(ManualApp)]
    for width in (80, 60):
        line = key_bar_text(bindings, width).plain
        assert len(line) <= width
        for needed in ("enter Read", "esc Back", "1-3 Views", "? Help", "q Quit"):
            assert needed in line, (width, line)
    assert "e Export" in key_bar_text(bindings, 80).plain
