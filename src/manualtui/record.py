"""The flat record of an item: the JSON shape of `--json` listings and the csv/json exports.

`link` is the chapter's address when it is a web address (see `links`); any other address
the page gave is kept, as text, in `other_link`.
"""

from __future__ import annotations

from .links import other_address, web_link
from .model import Item


def item_record(item: Item) -> dict[str, object]:
    """An item as a JSON-ready dict, in the field order of the CLI contract."""
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
