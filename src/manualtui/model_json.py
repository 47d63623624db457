"""A `Library` as JSON and back: the form the cache stores, data that cannot run code.

Each object is a JSON array of its fields in a fixed order, and each text is a number into
one table of distinct texts (pages repeat the same details again and again: the table keeps
the file small, and texts shared in memory after reading). Objects shared in the library
stay shared after a round trip: an item's manual, release and entry are those of the
manual's tree, and equal assessments are stored once.

Reading rebuilds the frozen dataclasses directly, filling each instance's fields without
running `__init__` (as unpickling does: the values were valid when written), so that a
warm start stays quick. Text that is not what `library_to_json` wrote raises
`LibraryFormatError`. The field lists below are checked against the model when this module
is imported: a field added to the model cannot be forgotten here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from itertools import accumulate, islice
from typing import Any, TypeVar

from .model import (
    Assessment,
    ChapterNames,
    Diagnostic,
    Entry,
    Item,
    Kind,
    Library,
    Manual,
    Note,
    Priority,
    Release,
    RenameLink,
    SectionRef,
    Severity,
)

_FIELDS: dict[type, tuple[str, ...]] = {
    Library: ("manuals", "items", "chapter_names"),
    Manual: (
        "council",
        "title",
        "source",
        "layout",
        "releases",
        "diagnostics",
        "furniture",
        "key",
    ),
    Release: ("label", "year", "month", "line", "entries", "notes"),
    Entry: ("kind", "title", "details", "first_line", "last_line", "link"),
    Note: ("text", "line"),
    Diagnostic: ("line", "message", "severity", "code"),
    Item: (
        "id",
        "manual",
        "release",
        "entry",
        "chapter",
        "chapter_title",
        "assessment",
        "title_inferred",
        "inference",
        "title_confidence",
    ),
    Assessment: ("priority", "reason", "sections", "drivers"),
    SectionRef: ("number", "name"),
    ChapterNames: ("manual", "chapter", "aliases", "renames"),
    RenameLink: ("old_title", "new_title", "evidence", "release", "line"),
}
for _cls, _names in _FIELDS.items():
    if tuple(f.name for f in fields(_cls)) != _names:
        raise ImportError(f"model_json does not know every field of {_cls.__name__}")

_new = object.__new__
T = TypeVar("T")


class LibraryFormatError(Exception):
    """The text is not a library in the expected format (or for another key)."""


class _Texts:
    """The table of distinct texts being written: their numbers, each given once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.numbers.setdefault(text, len(self.numbers))

    def column(self, texts: list[str]) -> list[int]:
        """The numbers of many texts (quicker than one call per text)."""
        numbers = self.numbers
        fresh = [text for text in dict.fromkeys(texts) if text not in numbers]
        numbers.update(zip(fresh, range(len(numbers), len(numbers) + len(fresh)), strict=True))
        return [numbers[text] for text in texts]


def library_to_json(library: Library, fmt: int, key: str) -> bytes:
    """`library` as compact UTF-8 JSON, tagged with the format number and cache key.

    Entries and items are stored column by column (one array per field, in `entries()`
    order of each manual in turn); a `ValueError` if the items are not the manuals' entries
    in that order, as `load.load_manuals` makes them.
    """
    t = _Texts()
    entries = [e for m in library.manuals for _, e in m.entries()]
    items = library.items
    if len(items) != len(entries) or any(
        i.entry is not e for i, e in zip(items, entries, strict=True)
    ):
        raise ValueError("the items are not the manuals' entries in order")
    # Items mostly share their assessment objects: number each object, then equal values once.
    shared = {id(i.assessment): i.assessment for i in items}
    assessments: dict[Assessment, int] = {}
    numbers = {n: assessments.setdefault(a, len(assessments)) for n, a in shared.items()}
    details = t.column([d for e in entries for d in e.details])
    ends = list(accumulate(len(e.details) for e in entries))
    document = {
        "format": fmt,
        "key": key,
        "manuals": [_manual(m, t) for m in library.manuals],
        "entries": {
            "kind": [e.kind for e in entries],  # a StrEnum: written as its value
            "title": t.column([e.title for e in entries]),
            "details": [
                details[end - len(e.details) : end] for e, end in zip(entries, ends, strict=True)
            ],
            "first_line": [e.first_line for e in entries],
            "last_line": [e.last_line for e in entries],
            "link": t.column([e.link for e in entries]),
        },
        "items": {
            "id": t.column([i.id for i in items]),
            "chapter": t.column([i.chapter for i in items]),
            "chapter_title": t.column([i.chapter_title for i in items]),
            "assessment": [numbers[id(i.assessment)] for i in items],
            "title_inferred": [int(i.title_inferred) for i in items],
            "inference": t.column([i.inference for i in items]),
            "title_confidence": [i.title_confidence for i in items],
        },
        "chapter_names": [
            [
                t(n.manual),
                t(n.chapter),
                [t(a) for a in n.aliases],
                [
                    [t(r.old_title), t(r.new_title), t(r.evidence), t(r.release), r.line]
                    for r in n.renames
                ],
            ]
            for n in library.chapter_names
        ],
        "assessments": [
            [
                a.priority.value,
                t(a.reason),
                [[t(s.number), t(s.name)] for s in a.sections],
                [t(d) for d in a.drivers],
            ]
            for a in assessments
        ],
        "texts": list(t.numbers),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _manual(manual: Manual, t: _Texts) -> list[object]:
    """A manual's own fields; its releases give their entries' number, not the entries."""
    return [
        t(manual.council),
        t(manual.title),
        t(manual.source),
        t(manual.layout),
        [
            [
                t(r.label),
                r.year,
                r.month,
                r.line,
                len(r.entries),
                [[t(n.text), n.line] for n in r.notes],
            ]
            for r in manual.releases
        ],
        [[d.line, t(d.message), d.severity.value, t(d.code)] for d in manual.diagnostics],
        manual.furniture,
        t(manual.key),
    ]


def library_from_json(data: bytes, fmt: int, key: str) -> Library:
    """The library `library_to_json(library, fmt, key)` wrote; `LibraryFormatError` for
    anything else."""
    try:
        document = json.loads(data)
        if document["format"] != fmt or document["key"] != key:
            raise LibraryFormatError("another format or key")
        return _read_library(document)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise LibraryFormatError(f"{type(error).__name__}: {error}") from None


def _build(cls: type[T], *values: object) -> T:
    """An instance of a (frozen) dataclass with these field values, without `__init__`."""
    made = _new(cls)
    made.__dict__.update(zip(_FIELDS[cls], values, strict=True))
    return made


def _columns(table: dict[str, list[Any]], cls: type[Any]) -> zip[tuple[Any, ...]]:
    """The rows of a column-by-column table, fields in `cls`'s order (those stored)."""
    names = [n for n in _FIELDS[cls] if n in table]
    return zip(*(table[n] for n in names), strict=True)


def _read_library(document: dict[str, Any]) -> Library:
    t = document["texts"]
    if not all(type(text) is str for text in t):
        raise TypeError("the table of texts holds something other than text")
    entries = _read_entries(document["entries"], t)
    next_entry = iter(entries)
    manuals = tuple([_read_manual(m, t, next_entry) for m in document["manuals"]])
    if next(next_entry, None) is not None:
        raise ValueError("more entries than the releases hold")
    priorities = {p.value: p for p in Priority}
    assessments = [
        _build(
            Assessment,
            priorities[priority],
            t[reason],
            tuple([_build(SectionRef, t[n], t[s]) for n, s in sections]),
            tuple([t[d] for d in drivers]),
        )
        for priority, reason, sections, drivers in document["assessments"]
    ]
    places = [(m, r) for m in manuals for r in m.releases for _ in r.entries]
    items: list[Item] = []
    append = items.append
    new = _new
    # Run for every item: fields set one by one in the instance's dict, the fastest way.
    columns = _columns(document["items"], Item)
    for (manual, release), entry, (item_id, chapter, title, a, inferred, inference, sure) in zip(
        places, entries, columns, strict=True
    ):
        item = new(Item)
        fields_of = item.__dict__
        fields_of["id"] = t[item_id]
        fields_of["manual"] = manual
        fields_of["release"] = release
        fields_of["entry"] = entry
        fields_of["chapter"] = t[chapter]
        fields_of["chapter_title"] = t[title]
        fields_of["assessment"] = assessments[a]
        fields_of["title_inferred"] = inferred == 1
        fields_of["inference"] = t[inference]
        fields_of["title_confidence"] = None if sure is None else float(sure)
        append(item)
    names = tuple(
        [
            _build(
                ChapterNames,
                t[manual],
                t[chapter],
                tuple([t[a] for a in aliases]),
                tuple(
                    [
                        _build(RenameLink, t[old], t[new], t[evidence], t[release], line)
                        for old, new, evidence, release, line in renames
                    ]
                ),
            )
            for manual, chapter, aliases, renames in document["chapter_names"]
        ]
    )
    return _build(Library, manuals, tuple(items), names)


def _read_entries(table: dict[str, list[Any]], t: list[str]) -> list[Entry]:
    kinds = {k.value: k for k in Kind}
    entries: list[Entry] = []
    append = entries.append
    new = _new
    # Run for every entry, as the item loop above.
    for kind, title, details, first, last, link in _columns(table, Entry):
        entry = new(Entry)
        fields_of = entry.__dict__
        fields_of["kind"] = kinds[kind]
        fields_of["title"] = t[title]
        fields_of["details"] = tuple([t[d] for d in details])
        fields_of["first_line"] = first
        fields_of["last_line"] = last
        fields_of["link"] = t[link]
        append(entry)
    return entries


def _read_manual(fields: list[Any], t: list[str], entries: Iterator[Entry]) -> Manual:
    council, title, source, layout, releases, diagnostics, furniture, key = fields
    severities = {s.value: s for s in Severity}
    return _build(
        Manual,
        t[council],
        t[title],
        t[source],
        t[layout],
        tuple(
            [
                _build(
                    Release,
                    t[label],
                    year,
                    month,
                    line,
                    tuple(islice(entries, count)),
                    tuple([_build(Note, t[text], at) for text, at in notes]),
                )
                for label, year, month, line, count, notes in releases
            ]
        ),
        tuple(
            [
                _build(Diagnostic, line, t[message], severities[severity], t[code])
                for line, message, severity, code in diagnostics
            ]
        ),
        tuple([int(line) for line in furniture]),
        t[key],
    )
