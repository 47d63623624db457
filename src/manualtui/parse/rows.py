"""Assembling the lines of a table body into rows (caption and blocks layouts).

Each line is one of: a title on its own, details (a paragraph, or a bullet item), or a
one-line row holding both. Details belong to the row above; details with no row above are an
entry whose title the page lost. In a Removed list, bullets are the removed chapters and a
paragraph after them is a note on the release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from ..model import Kind, Note
from . import Line, RowDraft, TextRun
from .lines import bullet_text, removed_name
from .split import (
    SMALL_WORDS,
    Split,
    TitleIndex,
    could_be_title,
    ends_unfinished,
    is_strong,
    only_change_words,
    opener_weight,
    split_row,
    title_before_first_opening,
    title_case_ratio,
)

_PROSE = re.compile(
    r"\b(has|have|had|is|are|was|were|will|should|must|sets out|provides|"
    r"explains|describes|covers|applies|deals|contains|includes)\b"
)
# Kinds on pages without table headings, read from what the details say of the entry itself
# ("This chapter was added", "Chapter removed."), not of something in it ("The form has been
# removed from this chapter", "a link to the new chapter on ...").
_ENTRY = (
    r"(?:this\s+(?:new\s+)?(?:local\s+|national\s+|practice\s+|additional\s+)?"
    r"(?:chapter|procedure|guidance|document|policy|protocol|resource|page|"
    r"strategy|guide|form|booklet|leaflet|flowchart)|the\s+(?:new\s+)?(?:chapter|procedure|"
    r"guidance|policy|protocol|document))"
)
_SUBJECT = _ENTRY + r"\s+(?:was|were|has|have|is|are)\s+(?:now\s+|also\s+|been\s+|newly\s+)*"
_OPENING = r"(?:^|\.\s+)(?:in\s+\w+\s+\d{4},?\s+)?"
_ENTRY_NOUN = r"(?:chapter|procedure|policy|guidance|protocol|document)"
_NOT_FROM_A_PART = (
    r"(?!\s+from\s+(?:this|the)\s+(?:chapter|section|procedure|page)|\s+from\s+sections?\b"
    r"|\s+from\s+appendi)"
)
_NEW = re.compile(
    _SUBJECT
    + r"(?:added|introduced|created|new)\b(?!\s+(?:to|into)\s+(?:section|appendi))"
    # "New chapter added.", "This new chapter sets out ...", "This is a new procedure."
    + r"|"
    + _OPENING
    + r"(?:this\s+is\s+)?(?:an?\s+|this\s+)?(?:brand\s+)?new\s+"
    + _ENTRY_NOUN
    # "Added to the manual.", "Chapter added in March 2025."
    + r"|^(?:"
    + _ENTRY_NOUN
    + r"\s+)?(?:newly\s+)?added(?:\s+to\s+the\s+(?:manual|handbook|"
    r"procedures|website))?(?:\s+in\s+\w+\s+\d{4})?\s*\.?$",
    re.IGNORECASE,
)
_REMOVED = re.compile(
    _SUBJECT
    + r"(?:removed|deleted|withdrawn|archived|retired)\b"
    + _NOT_FROM_A_PART
    # "Chapter removed.", "Removed as now covered by ...", "Withdrawn."
    + r"|"
    + _OPENING
    + r"(?:"
    + _ENTRY_NOUN
    + r"\s+)?(?:removed|deleted|withdrawn|archived|"
    r"retired)(?=\s*[.;,]|\s*$|\s+(?:as|because|since|following|due|in|on|and\s+replaced|from"
    r"\s+the\s+(?:manual|handbook|website)))"
    # "This procedure is no longer required and has been withdrawn."
     + r"|" + _OPENING + r"(?:this\s+\w+|it)\s+(?:is|was)\s+no\s+longer\s+(?:required|needed|"
    r"in\s+use|relevant|applicable)\b[^.]{0,60}?\b(?:removed|withdrawn|deleted|archived)\b",
    re.IGNORECASE,
)


# A reference to a part of a chapter: a details line, never a title on its own.
_PART_REFERENCE = re.compile(r"\b(?:Sections?|Appendix|Appendices|Annexe?|Paragraphs?)\s+\d")
# A one-line row whose line opens like details is split only on good evidence: a sentence
# plainly starting (the split's score) after a title of several content words.
_SENTENCE_AFTER_TITLE = 1.5
# "In May 2024, Appendix 3: Escalation" is the start of details, never a title.
_DATED_OPENING = re.compile(r"^(?:In|During|From|Since)\s+[A-Z][a-z]+\s+(?:19|20)\d{2}\b")
_LONG_TITLE_WORDS = 3


class Role(Enum):
    TITLE = "title"
    DETAILS = "details"
    ROW = "row"


@dataclass
class Assembled:
    rows: list[RowDraft] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def is_title_line(text: str) -> bool:
    """A line that is a title and nothing more: title-shaped, not prose."""
    return title_shaped(text) and not _PROSE.search(text)


@lru_cache(maxsize=1 << 16)
def title_shaped(text: str) -> bool:
    """A title by its shape (title case, no closing full stop, no opening of details),
    though it may hold words that prose has ("... or Who are Vulnerable to Exploitation",
    "Understanding what Transition is"): taken for a title only where its place says so."""
    return (
        not text.endswith((".", ":", ";", "?", "!"))
        and not only_change_words(text)
        and could_be_title(text)
        and title_case_ratio(text) >= 0.6
        and not is_strong(opener_weight(text))
    )


@lru_cache(maxsize=1 << 16)
def _all_title_case(text: str) -> bool:
    return (
        could_be_title(text)
        and title_case_ratio(text) == 1
        and not text.endswith((".", ":", ";"))
        and not _PROSE.search(text)
    )


@dataclass(frozen=True)
class Context:
    """Where a line stands. `continuing`: it follows a blank line inside a row's details,
    where only strong evidence makes it a new one-line row. `awaiting`: it follows a title
    still without details. `details_next`: the next line, after a blank, opens like details."""

    continuing: bool = False
    awaiting: bool = False
    details_next: bool = False


def classify(line: Line, index: TitleIndex, context: Context) -> tuple[Role, Split | None]:
    """What a line is: a title, details, or a one-line row holding both."""
    text = line.text.strip()
    if line.link and could_be_title(text):
        return Role.TITLE, None
    if is_strong(opener_weight(text)):
        # A title whose first words open like details ("Links to Legislation and Guidance",
        # "Section 47 Enquiries", "Guidance on Managing Allegations"): on its own line, where
        # details follow after a blank line, or followed by details on the same line.
        if context.details_next and _title_alone(text):
            return Role.TITLE, None
        if not context.awaiting and _title_runs_on(text):
            split = split_row(text, index)
            if _title_opens_row(split, context):
                return Role.ROW, split
        return Role.DETAILS, None
    if context.awaiting or context.details_next:
        if title_shaped(text):
            return Role.TITLE, None
        if context.awaiting:
            return Role.DETAILS, None
    split = split_row(text, index)
    if split.strong and split.title:
        return Role.ROW, split
    if is_title_line(text):
        return Role.TITLE, None
    if split.title and split.score > 0 and not context.continuing:
        return Role.ROW, split
    if split.title and _long_title_then_sentence(split):
        return Role.ROW, split
    return Role.DETAILS, None


def _title_alone(text: str) -> bool:
    """A line that is a whole title in title case ("Links to Legislation, Regulations and
    Statutory Guidance"), not a reference to a part ("See Section 4, Visits")."""
    return (
        _all_title_case(text) and not only_change_words(text) and not _PART_REFERENCE.search(text)
    )


def _title_opens_row(split: Split, context: Context) -> bool:
    """Whether a one-line row's split stands where the line opens like details: the title is
    in title case and more than an opening ("See", "Please": "See Section 4, Visits." is
    details), and the details open strongly of their own ("... Guidance A link to ... has
    been added") or, on a line of its own in a table, a sentence starts after a long title
    ("Links to Legislation, Regulations and Statutory Guidance Job titles have been ...")."""
    if (
        not _all_title_case(split.title)
        or len(split.title.split()) < 2
        or _DATED_OPENING.match(split.title)
    ):
        return False
    if split.strong and is_strong(opener_weight(split.details)):
        return True
    return not context.continuing and _long_title_then_sentence(split)


def _long_title_then_sentence(split: Split) -> bool:
    """A one-line row split where a sentence plainly starts after a title of several
    title-case words ("Shared Lives Schemes Job titles have been updated ..."): a new row
    even after a blank line inside the details above."""
    return (
        split.score >= _SENTENCE_AFTER_TITLE
        and _all_title_case(split.title)
        and _content_words(split.title) >= _LONG_TITLE_WORDS
    )


def _content_words(text: str) -> int:
    return sum(1 for word in text.split() if word.casefold().strip(",;:") not in SMALL_WORDS)


def _title_runs_on(text: str) -> bool:
    """Whether the words after the first carry on like a title (the next word that is not a
    small word starts with a capital or a number): only then can a title end before a later
    opening ("Changes to a Child's Name New chapter added.")."""
    for word in text.split()[1:5]:
        if word.casefold() not in SMALL_WORDS:
            return word[:1].isupper() or word[:1].isdigit()
    return False


def own_titles(run: TextRun) -> list[str]:
    """Titles standing on their own line in a run (no index needed to see them)."""
    return [
        line.text.strip()
        for line in run.lines
        if bullet_text(line.text) is None and is_title_line(line.text.strip())
    ]


def strong_split_titles(run: TextRun) -> list[str]:
    """Titles of the run's one-line rows that end at a strong opening of details."""
    titles = []
    for line in run.lines:
        text = line.text.strip()
        if bullet_text(line.text) is not None or is_strong(opener_weight(text)):
            continue
        title = title_before_first_opening(text)
        if title:
            titles.append(title)
    return titles


def infer_kind(details: list[str]) -> Kind:
    """The kind of a blocks-layout entry, read from its details."""
    return _kind_of(" ".join(details))


@lru_cache(maxsize=1 << 16)
def _kind_of(text: str) -> Kind:
    if _REMOVED.search(text):
        return Kind.REMOVED
    if _NEW.search(text):
        return Kind.NEW
    return Kind.UPDATED


def assemble(run: TextRun, index: TitleIndex) -> Assembled:
    """The rows (and release notes) of a run."""
    out = Assembled()
    current: RowDraft | None = None
    from_bullet = False
    lines = _join_broken_titles(run.lines)
    for position, line in enumerate(lines):
        bullet = bullet_text(line.text)
        if bullet is not None:
            if run.kind is Kind.REMOVED and (current is None or from_bullet):
                current = _row(run, removed_name(bullet), [], line)
                out.rows.append(current)
                from_bullet = True
            elif current is not None:
                _extend(current, "• " + bullet, line)
            else:
                current = _lost_title_row(run, "• " + bullet, line)
                out.rows.append(current)
            continue
        if from_bullet and run.kind is Kind.REMOVED and line.after_blank:
            out.notes.append(Note(line.text.strip(), line.number))
            continue
        from_bullet = False
        following = lines[position + 1] if position + 1 < len(lines) else None
        context = Context(
            continuing=current is not None and line.after_blank,
            awaiting=current is not None and not current.details and not current.lost_title,
            details_next=(current is None or line.after_blank)
            and following is not None
            and following.after_blank
            and is_strong(opener_weight(following.text)),
        )
        role, split = classify(line, index, context)
        if role is Role.TITLE:
            current = _row(run, line.text.strip(), [], line)
            current.link = line.link
            out.rows.append(current)
        elif role is Role.ROW and split is not None:
            current = _row(run, split.title, [split.details], line)
            current.split_evidence = split.evidence
            current.weak_split = not split.strong
            out.rows.append(current)
        elif current is not None and line.blanks < 2:
            _extend(current, line.text.strip(), line)
        else:
            # Details with no title above them, or after two blank lines where the page left
            # a title line empty: an entry whose title the page lost.
            current = _lost_title_row(run, line.text.strip(), line)
            out.rows.append(current)
    if run.kind is None:
        for row in out.rows:
            row.kind = infer_kind(row.details)
    return out


def _join_broken_titles(lines: list[Line]) -> list[Line]:
    """A title broken over two lines as one line: where the first line cannot end a title
    ("... and", "... Care,"), or where both lines are title-shaped and, after a blank line,
    details follow ("... Regarding" / "School Attendance" / "" / "This chapter was ...")."""
    joined: list[Line] = []
    for position, line in enumerate(lines):
        before = joined[-1] if joined else None
        after = lines[position + 1] if position + 1 < len(lines) else None
        if (
            before is not None
            and not line.after_blank
            and bullet_text(line.text) is None
            and could_be_title(f"{before.text} {line.text}")
            and (
                ends_unfinished(before.text)
                or (
                    title_shaped(before.text)
                    and title_shaped(line.text)
                    and after is not None
                    and after.after_blank
                    and is_strong(opener_weight(after.text))
                )
            )
        ):
            joined[-1] = Line(
                before.number, f"{before.text} {line.text}", before.blanks, before.link, line.end
            )
            continue
        joined.append(line)
    return joined


def _row(run: TextRun, title: str, details: list[str], line: Line) -> RowDraft:
    return RowDraft(run.kind or Kind.UPDATED, title, details, line.number, line.end)


def _lost_title_row(run: TextRun, details: str, line: Line) -> RowDraft:
    row = _row(run, "", [details], line)
    row.lost_title = True
    return row


def _extend(row: RowDraft, paragraph: str, line: Line) -> None:
    row.details.append(paragraph)
    row.last_line = line.end
