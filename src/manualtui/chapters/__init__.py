"""Chapter identity: one key per chapter across a manual's releases; aliases, renames, history.

- `titles`: the comparable form of a title, the chapter key, title similarity;
- `details`: the comparable form of an entry's details and how alike two updates are;
- `lost`: titles proposed for entries whose page lost them, from a twin entry or suggested
  from what the details are about (always marked, with evidence and a confidence);
- `renames`: links between two titles of one chapter, each with its evidence;
- `grouping`: a manual's entries grouped into chapters;
- `matching`: two councils' chapters matched one to one;
- `library`: the chapters of a library, found by text (`named_chapters`: what a chapter text
  names), and a chapter's history;
- `thresholds`: how alike titles and details must be, read from `data/chapters.toml`.
"""

from ..model import RenameLink
from .details import details_form, details_score, is_informative, update_similarity
from .grouping import assign_chapters
from .library import (
    ChapterBook,
    ChapterRef,
    chapter_ref,
    chapters,
    find_chapter,
    history,
    named_chapters,
    timeline,
)
from .lost import Proposal, propose_lost_titles
from .matching import match_chapters
from .model import Assignment, Chapter, ChapterHistory, ChapterMatch
from .renames import stated_renames
from .thresholds import Thresholds, load_thresholds
from .titles import chapter_key, display_title, normalise_title, title_similarity

__all__ = [
    "Assignment",
    "Chapter",
    "ChapterBook",
    "ChapterHistory",
    "ChapterMatch",
    "ChapterRef",
    "Proposal",
    "RenameLink",
    "Thresholds",
    "assign_chapters",
    "chapter_key",
    "chapter_ref",
    "chapters",
    "details_form",
    "details_score",
    "display_title",
    "find_chapter",
    "history",
    "is_informative",
    "load_thresholds",
    "match_chapters",
    "named_chapters",
    "normalise_title",
    "propose_lost_titles",
    "stated_renames",
    "timeline",
    "title_similarity",
    "update_similarity",
]
