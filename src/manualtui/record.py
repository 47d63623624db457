"""The record of an entry: one definition of its fields, for `--json` listings and the csv,
json and markdown exports alike.

`ENTRY_FIELDS` names every field, in order, with what it holds (the README lists the same);
`item_record` gives an item's values; `field_text` writes one value as text, the one way
csv and markdown show it (booleans `true`/`false` as in JSON). `link` is the chapter's
address when it is a web address (see `links`); any other address the page gave is kept,
as text, in `other_link`.
"""

from __future__ import annotations

from .links import other_address, web_link
from .model import Item

ENTRY_FIELDS: dict[str, str] = {
    "id": "the entry's stable id, `<manual key>/<release>/<hash>`: the same whatever else is "
    "loaded, and in every snapshot of the page",
    "council": "the council, as the page or the source names it",
    "manual": "the manual's title",
    "release": "the release, `YYYY-MM`",
    "release_label": "the release as the page writes it",
    "kind": "`updated`, `new` or `removed`",
    "title": "the chapter title as the page gives it (empty where the page lost it)",
    "details": "what changed, paragraphs joined by a blank line",
    "source": "the page file",
    "line": "the line of the page where the entry starts",
    "chapter": "the chapter key, shared by the chapter's entries under all its titles",
    "chapter_title": "the chapter's title: the page's, or one inferred where the page lost it "
    "(empty when nothing could be inferred)",
    "title_inferred": "`true` where `chapter_title` was inferred, not read from the page",
    "inference": "the evidence for an inferred title",
    "title_confidence": "how sure an inferred title is, 0 to 1 (empty when not inferred)",
    "priority": "`reread`, `review` or `note`",
    "priority_reason": "the phrase of the details (or the rule) that decided the priority",
    "sections": "the sections named: `number` and `name` each (text: `6 Name; 7 Name`)",
    "drivers": "the legal drivers the details cite: Acts, regulations, statutory guidance, "
    "inspections (text: joined by `; `)",
    "link": "the chapter's address, when it is a web address (http, https, mailto)",
    "other_link": "any other address the page gave (`javascript:`, a relative path), kept as "
    "text and never made a link",
}


def item_record(item: Item) -> dict[str, object]:
    """An item as a JSON-ready dict with the `ENTRY_FIELDS`, in their order."""
    entry = item.entry
    assessment = item.assessment
    return {
        "id": item.id,
        "council": item.council,
        "manual": item.manual.title,
        "release": item.release.key,
        "release_label": item.release.label,
        "kind": entry.kind.value,
        "title": entry.title,
        "details": entry.details_text,
        "source": item.manual.source,
        "line": entry.first_line,
        "chapter": item.chapter,
        "chapter_title": item.chapter_title,
        "title_inferred": item.title_inferred,
        "inference": item.inference,
        "title_confidence": item.title_confidence,
        "priority": assessment.priority.value,
        "priority_reason": assessment.reason,
        "sections": [{"number": s.number, "name": s.name} for s in assessment.sections],
        "drivers": list(assessment.drivers),
        "link": web_link(entry.link),
        "other_link": other_address(entry.link),
    }


def field_text(value: object) -> str:
    """A record value as text: `true`/`false`, empty for none, lists joined by "; ", a
    section as "6 Name"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(field_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(field_text(v) for v in value.values() if v)
    return str(value)
