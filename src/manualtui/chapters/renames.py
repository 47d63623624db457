"""Renames: links between two titles of one chapter, stated in the details ("previously
called ..."), a Removed list beside a new chapter of the same subject, or near-identical
titles that never appear in the same release. Each link records its evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..model import Kind, RenameLink
from .blocking import candidate_pairs
from .model import Fact
from .thresholds import load_thresholds
from .titles import display_title, normalise_title, title_score

# Rename phrases. Each captures the earlier title (group "old") where the page names it.
_TITLE_END = r"(?=\s*(?:[.;]\s|[.;]?$|\)|,?\s+and\s+(?:has|is|was|extensively)\b))"
_STATED_RENAMES = [
    re.compile(
        r"re-?titled\s*\(\s*(?:previously|formerly)\s+(?:called|named|entitled|known as)\s+"
        r"(?P<old>[^)]+)\)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:has been|was)\s+(?:previously|formerly)\s+(?:called|named|entitled|known as)"
        r"\s+(?P<old>.+?)" + _TITLE_END,
        re.IGNORECASE,
    ),
    re.compile(
        r"replaces\s+the\s+previous(?:ly)?\s+(?:entitled\s+)?chapter\s+(?:called\s+|"
        r"entitled\s+|named\s+)?(?P<old>[A-Z].+?)" + _TITLE_END
    ),
    re.compile(
        r"(?:previously|formerly)\s+(?:located|found)\s+in\s+(?:the\s+)?(?P<old>[A-Z].+?)"
        r"(?:\s+chapter)?" + _TITLE_END
    ),
    re.compile(
        r"(?:previously|formerly)\s+(?:called|named|entitled|known as)\s+(?P<old>[A-Z].+?)"
        + _TITLE_END
    ),
]
_COMBINED = re.compile(
    r"combines?\s+to\s+replace\s+the\s+previous\s+(?:\d+|two|three)\s+chapters"
    r"\s+(?P<old>.+?)" + _TITLE_END,
    re.IGNORECASE,
)
_UNNAMED_PREDECESSOR = re.compile(
    r"replaces\s+(?:a|the)\s+previous\s+(?:one|chapter|version|procedure)(?=\s*[.;]|\s*$)",
    re.IGNORECASE,
)


def stated_renames(details: str) -> list[tuple[str, str]]:
    """The earlier titles an entry's details name, each with the phrase naming it.

    "re-titled (previously called Overnight Stays and Social Visits)" gives
    `[("Overnight Stays and Social Visits", "re-titled (previously called ...)")]`; "combines
    to replace the previous 2 chapters A And B" gives both A and B.
    """
    return list(_stated_renames(details))


def _may_name_predecessor(details: str) -> bool:
    """Every rename phrase says "previous(ly)" or "formerly": a cheap test before the
    patterns (most details say neither)."""
    folded = details.casefold()
    return "previous" in folded or "formerly" in folded


@lru_cache(maxsize=65536)
def _stated_renames(details: str) -> tuple[tuple[str, str], ...]:
    if not _may_name_predecessor(details):
        return ()
    found: list[tuple[str, str]] = []
    combined = _COMBINED.search(details)
    if combined:
        return tuple((part, combined.group(0)) for part in _split_combined(combined["old"]))
    for pattern in _STATED_RENAMES:
        for match in pattern.finditer(details):
            old = match["old"].strip(" .'\"‘’“”")
            if old and all(old != known for known, _ in found):
                found.append((old, match.group(0)))
        if found:
            break
    return tuple(found)


def _split_combined(names: str) -> list[str]:
    """Split "A and B" where A and B are titles that may themselves contain "and".

    The split is made at the "and" after which the text repeats the first word of A
    ("Holidays and School Trips In the UK And Holidays and ..."), else at a capitalised
    "And", else at the last "and".
    """
    names = names.strip(" .")
    joints = list(re.finditer(r"\s+(and|And|&)\s+", names))
    if not joints:
        return [names]
    first_word = names.split()[0].casefold()
    repeating = [j for j in joints if names[j.end() :].casefold().startswith(first_word)]
    capitalised = [j for j in joints if j.group(1) == "And"]
    joint = (repeating or capitalised or joints)[-1 if not repeating else 0]
    return [names[: joint.start()].strip(), names[joint.end() :].strip()]


def stated_links(
    facts: Sequence[Fact], seen: dict[str, list[str]]
) -> list[tuple[str, str, RenameLink]]:
    links: list[tuple[str, str, RenameLink]] = []
    forms = list(seen)
    last_seen: dict[str, tuple[str, str]] = {}
    resolved: dict[tuple[str, str], str] = {}
    for fact in facts:
        details = fact.entry.details_text
        if not fact.title.strip() or not _may_name_predecessor(details):
            continue  # every rename phrase names a predecessor
        new_form = normalise_title(fact.title)
        for old, phrase in stated_renames(details):
            if (old, new_form) not in resolved:
                others = [f for f in forms if f != new_form]
                resolved[(old, new_form)] = _resolve_form(old, others)
            old_form = resolved[(old, new_form)]
            if old_form and old_form != new_form:
                links.append(
                    (
                        old_form,
                        new_form,
                        RenameLink(
                            old,
                            display_title(fact.title),
                            f"'{phrase}'",
                            fact.release.key,
                            fact.entry.first_line,
                        ),
                    )
                )
        if _UNNAMED_PREDECESSOR.search(details):
            last_seen = last_seen or _last_seen(facts)
            links += _unnamed_predecessor(fact, new_form, last_seen)
    links += _removed_beside_new(facts)
    return links


def _resolve_form(title: str, forms: Sequence[str]) -> str:
    """The form of a title named in a phrase: a title the manual uses, or its own form."""
    form = normalise_title(title)
    if form in forms or not forms:
        return form
    near = process.extract(
        form,
        forms,
        scorer=fuzz.token_set_ratio,
        score_cutoff=load_thresholds().stated_name,
        limit=10,
    )
    scored = [(title_score(form, match), match) for match, _, _ in near]
    best = max(scored, default=(0.0, form))
    return best[1] if best[0] >= load_thresholds().stated_name else form


def _last_seen(facts: Sequence[Fact]) -> dict[str, tuple[str, str]]:
    """Per title form: the newest release it appears in, and the title as written."""
    last: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if fact.title.strip():
            form = normalise_title(fact.title)
            if form not in last or fact.release.key > last[form][0]:
                last[form] = (fact.release.key, display_title(fact.title))
    return last


def _unnamed_predecessor(
    fact: Fact, new_form: str, seen: dict[str, tuple[str, str]]
) -> list[tuple[str, str, RenameLink]]:
    phrase = _UNNAMED_PREDECESSOR.search(fact.entry.details_text)
    if not phrase:
        return []
    when = fact.release.key
    last_seen = {form: release for form, (release, _) in seen.items()}
    earlier = [f for f, last in last_seen.items() if last < when and f != new_form]
    ranked = process.extract(
        new_form,
        earlier,
        scorer=fuzz.token_set_ratio,
        limit=None,
        score_cutoff=load_thresholds().unnamed_predecessor,
    )
    if not ranked:
        return []
    limits = load_thresholds()
    margin, tie_break = limits.unnamed_predecessor_margin, limits.unnamed_predecessor_tie_break
    close = [r for r in ranked if ranked[0][1] - r[1] < margin]
    if len(close) > 1 and ranked[0][1] < tie_break:
        return []
    # Among equally good candidates the one in use last is the one replaced.
    best = max(close, key=lambda r: (r[1] >= tie_break, last_seen[r[0]]))
    return [
        (
            best[0],
            new_form,
            RenameLink(
                seen[best[0]][1],
                display_title(fact.title),
                f"'{phrase.group(0)}' (unnamed; most similar earlier title, {best[1]:.0f}%)",
                when,
                fact.entry.first_line,
            ),
        )
    ]


def _removed_beside_new(facts: Sequence[Fact]) -> list[tuple[str, str, RenameLink]]:
    by_release: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.title.strip():
            by_release[fact.release.key].append(fact)
    links: list[tuple[str, str, RenameLink]] = []
    for release, group in by_release.items():
        removed = [f for f in group if f.entry.kind is Kind.REMOVED]
        first_added: dict[str, Fact] = {}
        for fact in group:
            if fact.entry.kind is Kind.NEW:
                first_added.setdefault(normalise_title(fact.title), fact)
        # Titles repeat: each pair of distinct titles is scored once, and of the added
        # chapters that score the same, the first listed is taken.
        removed_forms = list(dict.fromkeys(normalise_title(f.title) for f in removed))
        added_forms = list(first_added)
        best: dict[str, tuple[float, str]] = {}
        for i, j in sorted(candidate_pairs(removed_forms, added_forms)):
            score = title_score(removed_forms[i], added_forms[j])
            if removed_forms[i] not in best or score > best[removed_forms[i]][0]:
                best[removed_forms[i]] = (score, added_forms[j])
        for old in removed:
            score, new_form = best.get(normalise_title(old.title), (0.0, ""))
            if score >= load_thresholds().removed_beside_new:
                new = first_added[new_form]
                links.append(
                    (
                        normalise_title(old.title),
                        new_form,
                        RenameLink(
                            display_title(old.title),
                            display_title(new.title),
                            f"removed in the release that added a chapter of the same subject "
                            f"(titles {score:.0f}% alike)",
                            release,
                            new.entry.first_line,
                        ),
                    )
                )
    return links


def similar_title_links(
    seen: dict[str, list[str]], releases: dict[str, set[str]]
) -> list[tuple[str, str, RenameLink]]:
    forms = list(seen)
    links: list[tuple[str, str, RenameLink]] = []
    # token_set_ratio bounds `title_score` from above: it sorts and sifts the candidates
    # cheaply, the full score is computed for those left.
    candidates: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j in candidate_pairs(forms, forms):
        bound = fuzz.token_set_ratio(forms[i], forms[j]) if i < j else 0.0
        if bound >= load_thresholds().same_manual_title:
            candidates[i].append((-bound, j))
    pairs = [(forms[i], forms[j]) for i in sorted(candidates) for _, j in sorted(candidates[i])]
    for form, match in pairs:
        score = title_score(form, match)
        if score < load_thresholds().same_manual_title or releases[form] & releases[match]:
            continue
        newer, older = sorted((form, match), key=lambda f: max(releases[f]), reverse=True)
        links.append(
            (
                older,
                newer,
                RenameLink(
                    seen[older][0],
                    seen[newer][0],
                    f"similar titles ({score:.0f}%), never in the same release",
                ),
            )
        )
    return links
