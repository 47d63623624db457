"""Completion of a filled-in tracker: by person, by priority, by chapter, and what is overdue.

The figures are the Summary sheet's, computed from the statuses read back (never from the
workbook's formulas): rows, done, nothing to do, % done (done out of the rows left once
nothing-to-do ones are set aside; 100% when none are left) and overdue (a due date passed,
not done, not nothing to do). With staff, a person's figures are over the Staff sheet's
chapters and their own column; without, over the Checklist rows assigned to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .tracker_read import ChecklistRow, Tracker

UNASSIGNED = "(unassigned)"
NO_PRIORITY = "(none)"


@dataclass(frozen=True)
class _Mark:
    """One thing to do: a status, and the day it is due (if any)."""

    status: str
    due: date | None


def completion(tracker: Tracker, today: date) -> dict[str, Any]:
    """The tracker's completion as plain data (what `tracker status --json` prints)."""
    chapters = [_chapter(tracker, row, today) for row in tracker.checklist]
    priorities: dict[str, list[_Mark]] = {}
    for row in tracker.checklist:
        priority = row.text("priority") or NO_PRIORITY
        priorities.setdefault(priority, []).append(_Mark(row.status, row.day("due")))
    return {
        "file": str(tracker.path),
        "grouping": tracker.grouping,
        "generated": tracker.generated,
        "people": [
            {"name": name, **_figures(tracker, marks, today)}
            for name, marks in _people(tracker).items()
        ],
        "priorities": [
            {"priority": name, **_figures(tracker, marks, today)}
            for name, marks in priorities.items()
        ],
        "total": _figures(
            tracker, [_Mark(r.status, r.day("due")) for r in tracker.checklist], today
        ),
        "chapters": chapters,
        "overdue": [chapter for chapter in chapters if chapter["overdue"]],
    }


def _people(tracker: Tracker) -> dict[str, list[_Mark]]:
    """Each person's statuses: their column of the Staff sheet (due dates from the
    Checklist row of the same key), or the Checklist rows assigned to them."""
    if tracker.people:
        checklist = tracker.checklist_by_key
        return {
            person: [
                _Mark(row.marks[person], _due(checklist.get(row.key)) if row.key else None)
                for row in tracker.staff
            ]
            for person in tracker.people
        }
    assigned: dict[str, list[_Mark]] = {}
    for row in tracker.checklist:
        name = row.text("assigned") or UNASSIGNED
        assigned.setdefault(name, []).append(_Mark(row.status, row.day("due")))
    return assigned if set(assigned) != {UNASSIGNED} else {}


def _due(row: ChecklistRow | None) -> date | None:
    return row.day("due") if row is not None else None


def _figures(tracker: Tracker, marks: Iterable[_Mark], today: date) -> dict[str, Any]:
    listed = list(marks)
    done = sum(tracker.is_done(m.status) for m in listed)
    excluded = sum(m.status in tracker.statuses.excluded for m in listed)
    left = len(listed) - excluded
    return {
        "rows": len(listed),
        "done": done,
        "nothing_to_do": excluded,
        "percent_done": _percent(done, left),
        "overdue": sum(_overdue(tracker, m, today) for m in listed),
    }


def _chapter(tracker: Tracker, row: ChecklistRow, today: date) -> dict[str, Any]:
    """A row's status, dates and, on the Staff sheet, who has done it and who not."""
    due = row.day("due")
    read_on = row.day("read_on")
    staff = tracker.staff_by_key.get(row.key) if row.key else None
    record: dict[str, Any] = {
        "key": row.key or None,
        "chapter": row.text("chapter"),
        "council": row.text("council"),
        "priority": row.text("priority"),
        "status": row.status,
        "due": due.isoformat() if due else None,
        "read_on": read_on.isoformat() if read_on else None,
        "overdue": _overdue(tracker, _Mark(row.status, due), today),
        "percent_done": None,
        "done_by": [],
        "waiting_on": [],
    }
    if staff is not None:
        marks = staff.marks
        left = [p for p, m in marks.items() if m not in tracker.statuses.excluded]
        record["done_by"] = [p for p, m in marks.items() if tracker.is_done(m)]
        record["waiting_on"] = [p for p in left if not tracker.is_done(marks[p])]
        record["percent_done"] = _percent(len(record["done_by"]), len(left))
    elif row.text("assigned") and not tracker.is_settled(row.status):
        record["waiting_on"] = [row.text("assigned")]
    return record


def _overdue(tracker: Tracker, mark: _Mark, today: date) -> bool:
    return mark.due is not None and mark.due < today and not tracker.is_settled(mark.status)


def _percent(done: int, out_of: int) -> float:
    """Done out of `out_of` as a percentage to one decimal; 100 when nothing is left."""
    return 100.0 if out_of <= 0 else round(100 * done / out_of, 1)
