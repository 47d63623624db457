"""The thresholds of chapter identity, read from `data/chapters.toml` (what each means is
said there), each backed by tests of pairs that must and must not match."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from .. import settings

_SCORE = settings.Number(0.0, 100.0)
_SHARE = settings.Number(0.0, 1.0)
# The thresholds compared with `title_score`: titles are only scored where no word is
# substituted (see `blocking`), so each must lie above the cap of such titles.
_TITLE_THRESHOLDS = ("same_manual_title", "removed_beside_new", "cross_council_title")


@dataclass(frozen=True)
class Thresholds:
    """Everything `chapters.toml` says (scores 0-100, shares 0-1)."""

    same_manual_title: float
    stated_name: float
    unnamed_predecessor: float
    unnamed_predecessor_margin: float
    unnamed_predecessor_tie_break: float
    removed_beside_new: float
    cross_council_title: float
    substituted_word_cap: float
    twin_details: float
    twin_min_informative_words: int
    suggestion_min_coverage: float
    suggestion_margin: float
    suggestion_unstated_subject: float
    shared_update_window_months: int


def _cap_below_title_thresholds(table: dict[str, Any]) -> None:
    for name in _TITLE_THRESHOLDS:
        if table["substituted_word_cap"] >= table[name]:
            raise settings.Fault(
                "substituted_word_cap",
                f"must be below {name} ({table[name]:g}), not {table['substituted_word_cap']:g}",
            )


_FIELDS: dict[str, settings.Field] = {
    "twin_min_informative_words": settings.Whole(1, 50),
    "suggestion_min_coverage": _SHARE,
    "suggestion_margin": _SHARE,
    "suggestion_unstated_subject": _SHARE,
    "shared_update_window_months": settings.Whole(0, 120),
}
_SCHEMA = settings.Table(
    {f.name: _FIELDS.get(f.name, _SCORE) for f in fields(Thresholds)},
    checks=(_cap_below_title_thresholds,),
)


@cache
def load_thresholds() -> Thresholds:
    """The thresholds in the bundled `chapters.toml` (read once)."""
    data = settings.load(settings.bundled("chapters.toml"), _SCHEMA, "the chapter thresholds")
    return Thresholds(**data)
