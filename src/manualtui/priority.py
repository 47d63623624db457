"""Re-read priority of an entry, decided by ordered phrase rules (first cut)."""

from __future__ import annotations

from .model import Assessment, Entry, Kind, Priority


def assess(entry: Entry) -> Assessment:
    """The re-read priority of an entry and the phrase that decided it."""
    text = entry.details_text.casefold()
    if entry.kind is Kind.NEW:
        return Assessment(Priority.REREAD, "a new chapter")
    if "re-read" in text or "reread" in text:
        return Assessment(Priority.REREAD, "re-read")
    if "link" in text:
        return Assessment(Priority.NOTE, "link")
    return Assessment(Priority.REVIEW, "updated")
