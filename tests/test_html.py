"""Saved HTML read without silent loss: deep nesting, tables and text inside forms and
headers, a body wrapped in a form, text outside paragraphs, and every line of the rendered
page accounted for (what is dropped is a diagnostic, and `check` fails on it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from manualtui.cli import main
from manualtui.model import Kind, Manual
from tests.test_layouts import read_alone

ROWS = """<h2>October 2020</h2>
<h3>Updated Chapters</h3>
<table>
<tr><th>Chapter Name</th><th>Details</th></tr>
<tr><td><a href="/short-breaks">Short Breaks</a></td>
<td><p>This chapter has been updated.</p></td></tr>
<tr><td></td><td><p>A link has been added to the local offer.</p></td></tr>
</table>
<p>Next Update: March 2021</p>"""


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Amendments</title></head><body>{body}</body></html>"


def entries(manual: Manual) -> list[tuple[str, Kind, tuple[str, ...]]]:
    return [(e.title, e.kind, e.details) for _, e in manual.entries()]


EXPECTED = [
    ("Short Breaks", Kind.UPDATED, ("This chapter has been updated.",)),
    ("", Kind.UPDATED, ("A link has been added to the local offer.",)),
]


@pytest.mark.parametrize(
    "body",
    [
        f"<form action='/amendments' method='post'>{ROWS}</form>",
        f"<header><a href='#main'>Skip to content</a>{ROWS}</header>",
        f"<form><header><h1>Amendments</h1></header><main>{ROWS}</main></form>",
        "<div>" * 400 + ROWS + "</div>" * 400,
    ],
    ids=["table-in-form", "table-in-header", "body-in-form", "nested-400-deep"],
)
def test_tables_are_read_wherever_the_page_puts_them(body: str) -> None:
    manual = read_alone(page(body), "page.html")
    assert manual.layout == "html"
    assert entries(manual) == EXPECTED
    assert [n.text for r in manual.releases for n in r.notes] == ["Next Update: March 2021"]
    assert manual.unaccounted == ()


def test_navigation_scripts_hidden_parts_and_cookie_banners_are_not_page_text() -> None:
    body = (
        "<nav><ul><li>Updated Chapters</li><li>March 2019</li></ul></nav>"
        "<div role='navigation'><p>Removed Chapters</p></div>"
        "<script>var x = 'June 2019';</script><style>p { color: red }</style>"
        "<div id='cookieConsent'><p>We use cookies (updated May 2024).</p></div>"
        "<div hidden><p>April 2018</p></div>" + ROWS + "<footer><p>Copyright 2024</p></footer>"
    )
    manual = read_alone(page(body), "page.html")
    assert [r.key for r in manual.releases] == ["2020-10"]
    assert entries(manual) == EXPECTED
    assert manual.diagnostics == tuple(d for d in manual.diagnostics if d.code == "lost-title")


def test_text_outside_paragraphs_is_read() -> None:
    """A CMS page of divs, spans and line breaks instead of paragraphs."""
    body = (
        "<div><span>March 2025</span></div>"
        "<div><a href='/kinship'>Kinship Care Procedure</a><br>"
        "This chapter was added to the procedures manual in March 2025.</div>"
        "<div><b>Placements in Foster Care</b><br>In March 2025, Section 4 was updated.</div>"
    )
    manual = read_alone(page(body), "page.html")
    assert entries(manual) == [
        (
            "Kinship Care Procedure",
            Kind.NEW,
            ("This chapter was added to the procedures manual in March 2025.",),
        ),
        ("Placements in Foster Care", Kind.UPDATED, ("In March 2025, Section 4 was updated.",)),
    ]
    assert manual.unaccounted == ()


def test_a_layout_table_around_the_entries_table_lays_out_the_page() -> None:
    """Older proceduresonline pages lay the page out in a table: its rows are not entries."""
    body = (
        "<table><tr><td><p>Menu</p></td><td>"
        + ROWS
        + "</td></tr><tr><td colspan='2'><p>Top of page</p></td></tr></table>"
    )
    manual = read_alone(page(body), "page.html")
    assert entries(manual) == EXPECTED


def test_entries_carry_their_source_lines() -> None:
    text = page("\n" + ROWS)
    manual = read_alone(text, "page.html")
    lines = text.split("\n")
    for _, entry in manual.entries():
        assert ("Short Breaks" if entry.title else "local offer") in lines[entry.first_line - 1]


def test_content_nested_deeper_than_the_parser_reads_is_reported(tmp_path: Path) -> None:
    deep = "<div>" * 3000 + "<p>Deep text</p>" + "</div>" * 3000
    html = tmp_path / "deep.html"
    html.write_text(page(ROWS + "\n" + deep + "<p>After the deep part</p>"), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(html)], catch_exceptions=False, env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1
    assert "the HTML parser stopped reading here" in result.output
    assert "the rest of the page was not read" in result.output
