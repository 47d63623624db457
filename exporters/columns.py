"""The export settings read from `columns.toml` beside this module: sheets, statuses, columns.

The file is data a council can edit; this module declares what it must hold and reads it
with the data-file loader (`manualtui.settings`), so that a bad edit is reported as a
one-line error naming the file and the key rather than as a broken workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import settings
from ..model import Kind, Priority
from .tracker_format import ROLES

INPUT_FIELDS = frozenset({"assigned", "due", "status", "read_on", "exemption", "notes"})
"""The checklist columns staff fill in: the only cells left unlocked."""
CHECKLIST_FIELDS = INPUT_FIELDS | {
    "council",
    "release",
    "kind",
    "chapter",
    "priority",
    "what",
    "why",
    "sections",
    "drivers",
    "details",
    "earlier",
    "link",
    "source",
    "staff_done",
    "key",
}
REQUIRED_FIELDS = ("chapter", "status", "key")
STAFF_ONLY_FIELDS = frozenset({"staff_done"})


@dataclass(frozen=True)
class Column:
    """One checklist column: what goes in it, its header and width, when it is there, and
    whether it is printed or hidden."""

    field: str
    header: str
    width: float
    only: str = ""
    printed: bool = False
    hidden: bool = False

    def shown_for(self, by: str, with_staff: bool) -> bool:
        if self.field in STAFF_ONLY_FIELDS and not with_staff:
            return False
        return not self.only or self.only == by


@dataclass(frozen=True)
class Statuses:
    """The tracker's status drop-down and which statuses count as done or not to do."""

    values: tuple[str, ...]
    initial: str
    done: tuple[str, ...]
    excluded: tuple[str, ...]

    def least_done(self, statuses: Iterable[str]) -> str:
        """The least advanced done status among `statuses` (Read before Discussed before
        Signed off); the initial status when none of them is done."""
        found = set(statuses)
        return next((s for s in self.done if s in found), self.initial)

    def overall(self, marks: Sequence[str]) -> str:
        """A chapter's status from its people's statuses, as the tracker's Staff sheet
        computes it: nothing to do when everyone is excluded; the initial status until
        everyone is done or excluded; then the least advanced done status anyone has."""
        excluded = sum(m in self.excluded for m in marks)
        done = sum(m in self.done for m in marks)
        if excluded == len(marks):
            return self.excluded[-1] if self.excluded else self.initial
        if done + excluded < len(marks):
            return self.initial
        return self.least_done(marks)


@dataclass(frozen=True)
class Settings:
    """Everything `columns.toml` says."""

    sheets: dict[str, str]
    statuses: Statuses
    priorities: dict[Priority, str]
    kinds: dict[Kind, str]
    checklist: tuple[Column, ...]

    def checklist_columns(self, by: str, with_staff: bool = False) -> tuple[Column, ...]:
        return tuple(c for c in self.checklist if c.shown_for(by, with_staff))


COLUMNS_FILE = Path(__file__).with_name("columns.toml")


@cache
def load_settings() -> Settings:
    """The settings in the bundled `columns.toml` (read once)."""
    data = settings.load(COLUMNS_FILE, _SCHEMA, "the export settings")
    statuses = data["statuses"]
    return Settings(
        sheets=data["sheets"],
        statuses=Statuses(
            tuple(statuses["values"]),
            statuses["initial"],
            tuple(statuses["done"]),
            tuple(statuses["excluded"]),
        ),
        priorities={p: data["priorities"][p.value] for p in Priority},
        kinds={k: data["kinds"][k.value] for k in Kind},
        checklist=tuple(
            Column(c["field"], c["header"], c["width"], c["only"], c["print"], c["hidden"])
            for c in data["checklist"]
        ),
    )


def _statuses_known(statuses: dict[str, Any]) -> None:
    values = statuses["values"]
    for number, value in enumerate(values):
        if value in values[:number]:
            raise settings.Fault(settings.item("values", number), f"repeats {value!r}")
    for name in ("done", "excluded"):
        for number, status in enumerate(statuses[name]):
            if status not in values:
                raise settings.Fault(settings.item(name, number), f"{status!r} is not in values")
    if statuses["initial"] not in values:
        raise settings.Fault("initial", f"{statuses['initial']!r} is not in values")


def _checklist_complete(data: dict[str, Any]) -> None:
    columns = data["checklist"]
    fields = [c["field"] for c in columns]
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing:
        raise settings.Fault("checklist", f"must have the fields {', '.join(missing)}")
    headers: list[str] = []
    for number, column in enumerate(columns):
        key = settings.item("checklist", number)
        if column["field"] in fields[:number]:
            raise settings.Fault(f"{key}.field", f"repeats {column['field']!r}")
        if column["header"].casefold() in headers:
            raise settings.Fault(f"{key}.header", f"repeats {column['header']!r}")
        headers.append(column["header"].casefold())
        if column["print"] and number and not columns[number - 1]["print"]:
            raise settings.Fault(f"{key}.print", "the printed columns must come first")


def _labels(names: Iterable[str]) -> settings.Table:
    return settings.Table({name: settings.Text() for name in names})


def _sheet_names() -> settings.Table:
    """A name for each sheet of the tracker (left out: the role's own name)."""
    return settings.Table({role: settings.Text(default=role.title()) for role in ROLES})


_SCHEMA = settings.Table(
    {
        "sheets": _sheet_names(),
        "statuses": settings.Table(
            {
                "values": settings.Array(settings.Text(), low=1),
                "initial": settings.Text(),
                "done": settings.Array(settings.Text()),
                "excluded": settings.Array(settings.Text()),
            },
            checks=(_statuses_known,),
        ),
        "priorities": _labels(p.value for p in Priority),
        "kinds": _labels(k.value for k in Kind),
        "checklist": settings.Array(
            settings.Table(
                {
                    "field": settings.Text(sorted(CHECKLIST_FIELDS)),
                    "header": settings.Text(),
                    "width": settings.Number(1, 255, default=12.0),
                    "only": settings.Text(("", "chapter", "entry"), default=""),
                    "print": settings.Flag(default=False),
                    "hidden": settings.Flag(default=False),
                }
            ),
            low=1,
        ),
    },
    checks=(_checklist_complete,),
)
