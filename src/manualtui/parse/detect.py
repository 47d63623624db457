"""Layout detection (stub)."""
from __future__ import annotations
from collections.abc import Callable
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from . import PageDraft

def parser_for(text: str) -> tuple[str, Callable[[str, str], PageDraft]]:
    raise NotImplementedError
