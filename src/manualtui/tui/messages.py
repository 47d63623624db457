"""Typed messages the explorer's workers post back to the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from ..model import Item
from .catalog import Catalog
from .state import Reading

if TYPE_CHECKING:  # pulls in fuzzy matching, which start-up does not need
    from .relations import Related


class LibraryLoaded(Message):
    """The loading worker read some manuals: the catalog of those, how many manuals are
    still being read (0: the catalog is the whole library), and what is new to the user and
    what they have read (None unless the explorer shows the library)."""

    def __init__(
        self, catalog: Catalog, reading: Reading | None = None, still_reading: int = 0
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.reading = reading
        self.still_reading = still_reading
        self.shown = False  # the app has shown it (the first screen may take it early)


class ExportProgress(Message):
    """The export worker got `fraction` (0.0-1.0) of the way."""

    def __init__(self, fraction: float) -> None:
        super().__init__()
        self.fraction = fraction


class ExportDone(Message):
    """The export worker wrote `path` with `count` entries."""

    def __init__(self, path: Path, count: int) -> None:
        super().__init__()
        self.path = path
        self.count = count


class RelatedReady(Message):
    """The relating worker found `item`'s chapter and its counterpart."""

    def __init__(self, item: Item, related: Related) -> None:
        super().__init__()
        self.item = item
        self.related = related
