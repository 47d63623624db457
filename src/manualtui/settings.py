"""The data files people may tune, all read one way: `load(path, schema)`.

The split phrases and weights (`data/split.toml`), the chapter thresholds
(`data/chapters.toml`), the priority rules (`data/priority.toml`, or a council's own copy)
and the export columns (`exporters/columns.toml`) are TOML, read within textio's size limit:
nothing in them can run code. Each module that uses a file declares its schema beside the
use, from the few field types here: every key's type, range or choices, and regular
expressions compiled. Every fault is one `ManualError` naming the file and the key, arrays
counted from 1: `.../split.toml: opener[3].pattern: unbalanced parenthesis at position 5`.
A key the schema does not know is a fault too, so a renamed key is caught, not ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ManualError
from .textio import read_toml

DATA = Path(__file__).parent / "data"
_SHOWN = 40  # characters of a faulty value quoted in a message


class Fault(Exception):
    """What is wrong with one key of a data file (`key` dotted, arrays counted from 1)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def bundled(name: str) -> Path:
    """A data file shipped with the package (`split.toml`, `chapters.toml`, ...)."""
    return DATA / name


def load(path: Path, schema: Table, what: str) -> dict[str, Any]:
    """The data file at `path`, checked against `schema`, with the defaults of missing
    optional keys filled in; a one-line `ManualError` naming the file (and the key) for
    any fault. `what` names the file's purpose in reading errors ("the priority rules")."""
    data = read_toml(path, what)
    try:
        return schema.read(data, "")
    except Fault as fault:
        raise ManualError(str(path), str(fault)) from None


def item(key: str, index: int) -> str:
    """The key of an array's element, counted from 1 as people count: `opener[3]`."""
    return f"{key}[{index + 1}]"


def _child(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


class _Required:
    def __repr__(self) -> str:
        return "required"


REQUIRED: Any = _Required()
"""The default of a key that must be given."""


@dataclass(frozen=True, kw_only=True)
class Field:
    """One key's value. `default` is used when the key is missing (`REQUIRED`: a fault)."""

    default: Any = REQUIRED

    def read(self, value: object, key: str) -> Any:
        raise NotImplementedError

    def missing(self, key: str) -> Any:
        if self.default is REQUIRED:
            raise Fault(key, "missing")
        return self.default


@dataclass(frozen=True)
class Number(Field):
    """A number from `low` to `high` (inclusive), read as a float."""

    low: float
    high: float

    def read(self, value: object, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Fault(key, f"must be a number, not {_shown(value)}")
        if not self.low <= value <= self.high:
            raise Fault(key, f"must be from {self.low:g} to {self.high:g}, not {value:g}")
        return float(value)


@dataclass(frozen=True)
class Whole(Field):
    """A whole number from `low` to `high` (inclusive)."""

    low: int
    high: int

    def read(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Fault(key, f"must be a whole number, not {_shown(value)}")
        if not self.low <= value <= self.high:
            raise Fault(key, f"must be from {self.low} to {self.high}, not {value}")
        return value


@dataclass(frozen=True)
class Text(Field):
    """A string; one of `choices` when they are given."""

    choices: Sequence[str] = ()

    def read(self, value: object, key: str) -> str:
        if not isinstance(value, str):
            raise Fault(key, f"must be text, not {_shown(value)}")
        if self.choices and value not in self.choices:
            raise Fault(key, f"must be one of {', '.join(self.choices)}, not {_shown(value)}")
        return value


@dataclass(frozen=True)
class Flag(Field):
    """true or false."""

    def read(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise Fault(key, f"must be true or false, not {_shown(value)}")
        return value


@dataclass(frozen=True)
class Pattern(Field):
    """A Python regular expression, compiled with `flags` to check it (kept as text: the
    users of a file may join its patterns into one). It must also compile as one part of a
    larger expression, so a global flag such as `(?i)` is refused."""

    flags: re.RegexFlag = re.NOFLAG

    def read(self, value: object, key: str) -> str:
        text = Text().read(value, key)
        try:
            re.compile(text, self.flags)
            re.compile(f"(?:{text})", self.flags)
        except re.error as error:
            raise Fault(key, str(error)) from None
        except RecursionError:
            raise Fault(key, "nested too deeply") from None
        return text


@dataclass(frozen=True)
class Array(Field):
    """A list of `of` (values or tables), with at least `low` and at most `high` items."""

    of: Field
    low: int = 0
    high: int | None = None

    def read(self, value: object, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise Fault(key, f"must be a list, not {_shown(value)}")
        if len(value) < self.low:
            raise Fault(key, f"must hold at least {self.low}, not {len(value)}")
        if self.high is not None and len(value) > self.high:
            raise Fault(key, f"must hold at most {self.high}, not {len(value)}")
        return [self.of.read(v, item(key, n)) for n, v in enumerate(value)]


Check = Callable[[dict[str, Any]], None]
"""A rule across a table's keys, given the table as read: raises `Fault` with a key
relative to the table."""


@dataclass(frozen=True)
class Table(Field):
    """A table of the keys `fields` names, and no others; then each of `checks`. A missing
    table is read as an empty one (a fault only where it has keys that must be given)."""

    fields: Mapping[str, Field]
    checks: Sequence[Check] = ()

    def read(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Fault(key, f"must be a table, not {_shown(value)}")
        unknown = [name for name in value if name not in self.fields]
        if unknown:
            raise Fault(_child(key, unknown[0]), f"unknown key (known: {', '.join(self.fields)})")
        table = {
            name: spec.read(value[name], _child(key, name))
            if name in value
            else spec.missing(_child(key, name))
            for name, spec in self.fields.items()
        }
        for check in self.checks:
            try:
                check(table)
            except Fault as fault:
                raise Fault(_child(key, fault.key), fault.problem) from None
        return table

    def missing(self, key: str) -> dict[str, Any]:
        return self.read({}, key)


@dataclass(frozen=True)
class Map(Field):
    """A table whose keys the file chooses (each read by `keys`), all of one kind of value;
    a missing one is empty."""

    keys: Text
    values: Field

    def read(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Fault(key, f"must be a table, not {_shown(value)}")
        return {
            self.keys.read(name, _child(key, name)): self.values.read(v, _child(key, name))
            for name, v in value.items()
        }

    def missing(self, key: str) -> dict[str, Any]:
        return {}
