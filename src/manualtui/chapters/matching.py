"""One-to-one matching of two councils' chapters: same titles, near-identical updates (the
same national change), then similar titles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import process

from .details import details_form, details_score, is_informative
from .model import Chapter, ChapterMatch
from .thresholds import load_thresholds
from .titles import normalise_title, title_score


def match_chapters(a: Sequence[Chapter], b: Sequence[Chapter]) -> list[ChapterMatch]:
    """One-to-one matches between two councils' chapters.

    First chapters sharing a normalised title (current or earlier), then chapters whose
    entries include a near-identical update (the same national change), then titles scoring
    at least the `cross_council_title` threshold.
    """
    matches: list[ChapterMatch] = []
    taken_a: set[int] = set()
    taken_b: set[int] = set()

    def take(i: int, j: int, evidence: str, score: float) -> None:
        taken_a.add(i)
        taken_b.add(j)
        matches.append(ChapterMatch(a[i], b[j], evidence, score))

    for i, j, evidence in _same_title_pairs(a, b):
        if i not in taken_a and j not in taken_b:
            take(i, j, evidence, 100.0)
    for i, j, score, evidence in _twin_pairs(a, b, taken_a, taken_b):
        if i not in taken_a and j not in taken_b:
            take(i, j, evidence, score)
    rest_b = [j for j in range(len(b)) if j not in taken_b]
    rest_forms = {j: [normalise_title(t) for t in b[j].titles] for j in rest_b}
    for i, chapter in enumerate(a):
        if i in taken_a:
            continue
        best: tuple[float, int] = (0.0, -1)
        for form in (normalise_title(t) for t in chapter.titles):
            for j in rest_b:
                if j in taken_b:
                    continue
                score = max(title_score(form, f) for f in rest_forms[j])
                best = max(best, (score, j))
        if best[0] >= load_thresholds().cross_council_title:
            take(i, best[1], f"titles {best[0]:.0f}% alike", best[0])
    return matches


def _same_title_pairs(a: Sequence[Chapter], b: Sequence[Chapter]) -> Iterable[tuple[int, int, str]]:
    current_b = {normalise_title(c.title): j for j, c in enumerate(b)}
    any_b: dict[str, int] = {}
    for j, chapter in enumerate(b):
        for title in chapter.titles:
            any_b.setdefault(normalise_title(title), j)
    for i, chapter in enumerate(a):
        form = normalise_title(chapter.title)
        if form in current_b:
            yield i, current_b[form], "same title"
    for i, chapter in enumerate(a):
        for title in chapter.titles:
            other = any_b.get(normalise_title(title))
            if other is not None:
                yield i, other, f"same title ('{title}')"


def _twin_pairs(
    a: Sequence[Chapter], b: Sequence[Chapter], taken_a: set[int], taken_b: set[int]
) -> list[tuple[int, int, float, str]]:
    rows_b = [
        (j, item, details_form(item.entry.details_text))
        for j, chapter in enumerate(b)
        if j not in taken_b
        for item in chapter.items
    ]
    rows_b = [row for row in rows_b if is_informative(row[2])]
    if not rows_b:
        return []
    forms_b = [row[2] for row in rows_b]
    pairs: list[tuple[int, int, float, str]] = []
    for i, chapter in enumerate(a):
        if i in taken_a:
            continue
        for item in chapter.items:
            form = details_form(item.entry.details_text)
            if not is_informative(form):
                continue
            best = process.extractOne(
                form, forms_b, scorer=details_score, score_cutoff=load_thresholds().twin_details
            )
            if best:
                j, twin, _ = rows_b[best[2]]
                pairs.append(
                    (
                        i,
                        j,
                        best[1],
                        f"same update: {item.release.label} and "
                        f"{twin.release.label} details {best[1]:.0f}% alike",
                    )
                )
    return sorted(pairs, key=lambda p: -p[2])
