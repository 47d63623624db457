"""Re-read priority of an entry, the sections it names and the legal drivers behind it.

The rules are data: `data/priority.toml` (or the file named by the environment variable
`MANUALTUI_PRIORITY_RULES`), read once by the data-file loader (`settings`) against this
module's schema, and compiled. This module applies them: a kind rule
(a new chapter is re-read), else the most urgent vote of the phrase rules over the details'
sentences (the vote of a decisive rule, such as an explicit re-read request or "technical
updates only", outranks the others), recording the phrase that decided; then it extracts
section references ("Section 6, Placements of Children under 13 years") and tags legal
drivers (neutral citations, named Acts and Regulations, statutory guidance, Working
Together, KCSIE, Ofsted, ...).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import RULES_ENV, settings
from .model import Assessment, Entry, Kind, Priority, SectionRef

Drivers = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One phrase rule: it votes `priority` in a sentence where a pattern matches."""

    name: str
    priority: Priority
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    title: re.Pattern[str] | None = None
    unless_title: tuple[re.Pattern[str], ...] = ()
    decisive: bool = False
    outranks: Priority | None = None
    fallback: bool = False


@dataclass(frozen=True)
class Driver:
    """A legal driver: `label` ("{match}" for the matched text) where `pattern` matches."""

    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, eq=False)
class Rules:
    """A compiled rules file (compared by identity: one object per file read)."""

    source: str
    kinds: dict[Kind, tuple[Priority, str]]
    default: tuple[Priority, str]
    rules: tuple[Rule, ...]
    drivers: tuple[Driver, ...]
    section_trailing_words: tuple[str, ...] = ()


def default_rules_path() -> Path:
    return settings.bundled("priority.toml")


def load_rules(path: Path | None = None) -> Rules:
    """Read and compile a rules file (the bundled one, or `$MANUALTUI_PRIORITY_RULES`)."""
    if path is None:
        return _configured_rules(os.environ.get(RULES_ENV, ""))
    return _load_rules_cached(path.resolve())


@cache
def _configured_rules(configured: str) -> Rules:
    path = Path(configured) if configured else default_rules_path()
    return _load_rules_cached(path.resolve())


@cache
def _load_rules_cached(path: Path) -> Rules:
    return _compile(settings.load(path, _SCHEMA, "the priority rules"), str(path))


_PRIORITY = settings.Text(tuple(p.value for p in Priority))
_PATTERN = settings.Pattern(re.IGNORECASE)
_DECISION = settings.Table({"priority": _PRIORITY, "reason": settings.Text()})


def _joined(patterns: list[str]) -> str:
    """A rule's patterns as one alternation: one search per sentence instead of one per
    pattern."""
    return "|".join(f"(?:{p})" for p in patterns)


def _patterns_join(rule: dict[str, Any]) -> None:
    for name in ("patterns", "unless"):
        try:
            re.compile(_joined(rule[name]), re.IGNORECASE)
        except re.error as error:
            raise settings.Fault(name, f"cannot be joined into one pattern ({error})") from None


_SCHEMA = settings.Table(
    {
        "kinds": settings.Map(settings.Text(tuple(k.value for k in Kind)), _DECISION),
        "default": _DECISION,
        "rule": settings.Array(
            settings.Table(
                {
                    "name": settings.Text(),
                    "priority": _PRIORITY,
                    "patterns": settings.Array(_PATTERN, low=1),
                    "unless": settings.Array(_PATTERN, default=[]),
                    "title": settings.Pattern(re.IGNORECASE, default=None),
                    "unless_title": settings.Array(_PATTERN, default=[]),
                    "decisive": settings.Flag(default=False),
                    "outranks": settings.Text(_PRIORITY.choices, default=None),
                    "fallback": settings.Flag(default=False),
                },
                checks=(_patterns_join,),
            ),
            default=[],
        ),
        "driver": settings.Array(
            settings.Table({"label": settings.Text(), "pattern": _PATTERN}), default=[]
        ),
        "sections": settings.Table({"trailing_words": settings.Array(settings.Text(), default=[])}),
    }
)


def _compile(data: dict[str, Any], source: str) -> Rules:
    """The rules of a file read against `_SCHEMA`, their patterns compiled."""

    def regex(text: str) -> re.Pattern[str]:
        return re.compile(text, re.IGNORECASE)

    def any_of(texts: list[str]) -> tuple[re.Pattern[str], ...]:
        return (regex(_joined(texts)),) if texts else ()

    def decision(table: dict[str, str]) -> tuple[Priority, str]:
        return Priority(table["priority"]), table["reason"]

    rules = tuple(
        Rule(
            name=r["name"],
            priority=Priority(r["priority"]),
            patterns=any_of(r["patterns"]),
            unless=any_of(r["unless"]),
            title=regex(r["title"]) if r["title"] is not None else None,
            unless_title=tuple(regex(p) for p in r["unless_title"]),
            decisive=r["decisive"],
            outranks=Priority(r["outranks"]) if r["outranks"] is not None else None,
            fallback=r["fallback"],
        )
        for r in data["rule"]
    )
    return Rules(
        source,
        {Kind(name): decision(table) for name, table in data["kinds"].items()},
        decision(data["default"]),
        rules,
        tuple(Driver(d["label"], regex(d["pattern"])) for d in data["driver"]),
        tuple(data["sections"]["trailing_words"]),
    )


def assess(entry: Entry, rules: Rules | None = None) -> Assessment:
    """The re-read priority of an entry, the phrase that decided, its sections and drivers."""
    return _assess(entry.kind, entry.title, entry.details, rules or load_rules())


@lru_cache(maxsize=16384)
def _assess(kind: Kind, title: str, details: tuple[str, ...], rules: Rules) -> Assessment:
    # Manuals repeat the same details ("This chapter has been updated.") many times over.
    priority, reason = decide(Entry(kind, title, details, 0, 0), rules)
    named_sections, named_drivers = _named(details, rules)
    return Assessment(priority, reason, sections=named_sections, drivers=named_drivers)


@lru_cache(maxsize=1 << 16)
def _named(details: tuple[str, ...], rules: Rules) -> tuple[tuple[SectionRef, ...], Drivers]:
    """The sections and drivers a details text names (once per text, whatever the title)."""
    text = "\n\n".join(details)
    return sections(text, rules), drivers(text, rules)


def decide(entry: Entry, rules: Rules) -> tuple[Priority, str]:
    """The priority and the reason (the deciding phrase as written) for one entry."""
    if entry.kind in rules.kinds:
        return rules.kinds[entry.kind]
    title = entry.title.strip()
    for rule, options in _votes(entry.details, rules):
        if _title_allows(rule, title):
            for phrase, blockers in options:
                if not any(_title_allows(other, title) for other in blockers):
                    return rule.priority, phrase
    return rules.default


# A rule's votes in one details text: for each statement it votes in, in order, the phrase
# and the rules whose vote there (where the title allows them) silences it (a fallback's).
_Options = tuple[tuple[str, tuple[Rule, ...]], ...]


@lru_cache(maxsize=1 << 16)
def _votes(details: tuple[str, ...], rules: Rules) -> tuple[tuple[Rule, _Options], ...]:
    """The rules that vote in a details text, most urgent first (a decisive vote first).
    A vote counts only where the entry's title allows the rule (and no other rule silences
    a fallback), so the list goes on to the first vote that no title can undo: nothing
    after it can win. Once per details text, whatever the title."""
    clauses = split_clauses("\n\n".join(details))
    found: list[tuple[Rule, _Options]] = []
    for rule in _by_urgency(rules):
        options = _options(rule, clauses, rules)
        if options:
            found.append((rule, options))
            if rule.title is None and not rule.unless_title and not options[0][1]:
                break
    return tuple(found)


def _options(rule: Rule, clauses: list[str], rules: Rules) -> _Options:
    """The votes of `rule` in these statements (see `_Options`); a rule that is not a
    fallback counts its first one only."""
    options: list[tuple[str, tuple[Rule, ...]]] = []
    for clause in clauses:
        phrase = _phrase(rule, clause)
        if not phrase:
            continue
        if not rule.fallback:
            return ((phrase, ()),)
        blockers = tuple(r for r in rules.rules if not r.fallback and _phrase(r, clause))
        options.append((phrase, blockers))
        if not blockers:
            break
    return tuple(options)


@cache
def _by_urgency(rules: Rules) -> tuple[Rule, ...]:
    """The rules in the order their votes outrank each other: decisive first, then by
    urgency, then as listed."""
    ranked = sorted(enumerate(rules.rules), key=lambda r: (not r[1].decisive, _urgency(r[1]), r[0]))
    return tuple(rule for _, rule in ranked)


def _urgency(rule: Rule) -> int:
    """0 for the most urgent vote; a rule that `outranks` a priority comes just before it."""
    urgency = 2 * rule.priority.rank
    if rule.outranks is not None:
        urgency = min(urgency, 2 * rule.outranks.rank - 1)
    return urgency


def _title_allows(rule: Rule, title: str) -> bool:
    if rule.title is not None and not rule.title.search(title):
        return False
    return not any(pattern.search(title) for pattern in rule.unless_title)


def _phrase(rule: Rule, sentence: str) -> str:
    """The phrase by which `rule` votes in `sentence`, or '' where it does not."""
    for pattern in rule.patterns:
        match = pattern.search(sentence)
        if match:
            if any(u.search(sentence) for u in rule.unless):
                return ""
            return " ".join(match.group(0).split())
    return ""


_SENTENCE_END = re.compile(r"(?<=[.])\s+(?=[A-Z(\"'‘“])|\n\s*\n")
# Where one sentence joins two statements ("A link has been added and the threshold has
# changed"; "... amended; Section 4 was rewritten"): each is voted on by itself, so that
# a link in one does not silence the other.
_CLAUSE_JOIN = re.compile(
    r"(;\s+|,?(?<!\s)\s+(?:and|but)\s+)"
)  # a run of spaces tried from its start only
_FINITE_VERB = re.compile(r"\b(?:has|have|had|was|were|is|are)\b", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Sentences and paragraphs of a details text (a rule's patterns stay within one)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def split_clauses(text: str) -> list[str]:
    """The statements of a details text: its sentences, each cut where "and", "but" or ";"
    joins two parts that both have a verb of their own."""
    clauses: list[str] = []
    for sentence in split_sentences(text):
        parts = _CLAUSE_JOIN.split(sentence)
        current = parts[0]
        for join, part in zip(parts[1::2], parts[2::2], strict=True):
            if _FINITE_VERB.search(current) and _FINITE_VERB.search(part):
                clauses.append(current)
                current = part
            else:
                current += join + part
        clauses.append(current)
    return clauses


# ---------------------------------------------------------------------------------------
# Section references

_SECTION = re.compile(
    r"\b(?P<new>[Nn]ew )?Section,?\s+(?P<number>\d+(?:\.\d+)*)(?![\w(])"
    r"(?P<name>,?\s+[A-Z‘'\"][^.;:)]*?(?="
    r"\s+(?:has|have|had|was|were|will|should)\b"
    r"|\s+(?:and|as well as)\s+(?:(?:a\s+)?new\s+)?Sections?\b|,\s+(?:new\s+)?Section\b"
    r"|\s+(?:in relation to|in line with|to draw|to reflect|to include|following|which|that"
    r"|with regard)\b"
    r"|\)|[.;:](?:\s|$)|[.;]?$|,\s+(?=[a-z])|\s+\())?"
)
_BARE_SECTION_FOLLOWER = re.compile(r"(?<!\s)\s*(?:\)|(?:has|have|was|were)\b)")
_LEGAL_SECTION = re.compile(r"\b(?:Act|Regulations|Order)\b|^of\b|^\d")


def sections(text: str, rules: Rules | None = None) -> tuple[SectionRef, ...]:
    """The chapter sections an entry's details name, in order, each once.

    "Section 6, Placements of Children under 13 years has been updated" gives number "6",
    name "Placements of Children under 13 years". Sections of Acts ("Section 38(6) Children
    Act 1989", "Section 3 of the ... Regulations") are not chapter sections and are left out.
    """
    trailing = (rules or load_rules()).section_trailing_words
    found: list[SectionRef] = []
    for match in _SECTION.finditer(text):
        name = (match["name"] or "").strip(" ,")
        if not name and not _BARE_SECTION_FOLLOWER.match(text, match.end()):
            continue
        if name and _LEGAL_SECTION.search(name):
            continue
        ref = SectionRef(match["number"], _trim_name(name, trailing))
        if ref not in found:
            found.append(ref)
    return tuple(found)


def _trim_name(name: str, trailing: tuple[str, ...]) -> str:
    for words in trailing:
        cut = re.search(rf"\s+{re.escape(words)}\b.*$", name)
        if cut:
            name = name[: cut.start()]
    return name.strip(" ,")


# ---------------------------------------------------------------------------------------
# Legal drivers


def drivers(text: str, rules: Rules | None = None) -> tuple[str, ...]:
    """The legal drivers an entry's details name, in rule order, each once."""
    found: list[str] = []
    for driver in (rules or load_rules()).drivers:
        for match in driver.pattern.finditer(text):
            label = driver.label.replace("{match}", _clean_citation(match.group(0)))
            if label.casefold() not in {f.casefold() for f in found}:
                found.append(label)
            if "{match}" not in driver.label:
                break
    return tuple(found)


def _clean_citation(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^(?:The|the|Schedule \d+ The) ", "", text)
