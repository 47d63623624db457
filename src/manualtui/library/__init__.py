"""The library: the manuals a user follows, kept in SQLite with every snapshot of their pages.

- `store`: where the library lives, opening it (WAL, migrations), transactions;
- `schema`: the tables, as ordered migrations;
- `pages` and `fetch`: what a source is made of and reading its pages (disk or web);
- `snapshots`: stored snapshots as files the one loader reads; `library_sources()` is what
  `load.load_manuals` reads when it is given no sources;
- `identity`: entries' stable ids across snapshots;
- `update`: adding and updating sources, and what each update found;
- `catalogue`: listing and removing sources;
- `news`: what is new for a user since their last look;
- `progress`: who has read which entry.

Nothing here imports the TUI; the CLI (`cli/library.py`) is a thin layer over it.
"""

from .store import Store, open_store

__all__ = ["Store", "open_store"]
