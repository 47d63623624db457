"""The export settings read from `columns.toml` beside this module: sheets, statuses, columns.

The file is data a council can edit; this module only reads and checks it, so that a bad
edit is reported as a one-line error naming the file rather than as a broken workbook.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ..errors import ManualError
from ..model import Kind, Priority

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


@cache
def load_settings() -> Settings:
    """The settings in the bundled `columns.toml` (read once)."""
    resource = files("manualtui.exporters") / "columns.toml"
    path = str(resource)
    try:
        return _settings(tomllib.loads(resource.read_text("utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ManualError(path, f"cannot read the export settings ({error})") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ManualError(path, f"bad export settings ({error!r})") from None


def _settings(data: dict[str, Any]) -> Settings:
    statuses = data["statuses"]
    values = tuple(str(v) for v in statuses["values"])
    chosen = [statuses["initial"], *statuses["done"], *statuses["excluded"]]
    unknown = [s for s in chosen if s not in values]
    if unknown or len(set(values)) != len(values):
        raise ValueError(f"statuses {unknown or values} are not a list of distinct values")
    checklist = tuple(_column(c) for c in data["checklist"])
    headers = [c.header for c in checklist]
    if len({h.casefold() for h in headers}) != len(headers):
        raise ValueError(f"checklist headers repeat: {headers}")
    fields = [c.field for c in checklist]
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing or len(set(fields)) != len(fields):
        raise ValueError(f"checklist fields must include {missing} once each: {fields}")
    printed = [c.printed for c in checklist]
    if any(printed[printed.index(False) :] if False in printed else ()):
        raise ValueError("the printed checklist columns (print = true) must come first")
    return Settings(
        sheets={str(k): str(v) for k, v in data["sheets"].items()},
        statuses=Statuses(
            values, str(statuses["initial"]), tuple(statuses["done"]), tuple(statuses["excluded"])
        ),
        priorities={p: str(data["priorities"][p.value]) for p in Priority},
        kinds={k: str(data["kinds"][k.value]) for k in Kind},
        checklist=checklist,
    )


def _column(data: dict[str, Any]) -> Column:
    field = str(data["field"])
    if field not in CHECKLIST_FIELDS:
        raise ValueError(f"unknown checklist field '{field}'")
    only = str(data.get("only", ""))
    if only not in ("", "chapter", "entry"):
        raise ValueError(f"column '{field}': only must be 'chapter' or 'entry'")
    return Column(
        field,
        str(data["header"]),
        float(data.get("width", 12)),
        only,
        printed=bool(data.get("print", False)),
        hidden=bool(data.get("hidden", False)),
    )
