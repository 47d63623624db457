"""Snapshot tests of the explorer's screens (SVGs in __snapshots__/, made by
pytest-textual-snapshot; regenerate with `pytest tests/snapshots --snapshot-update`
and look at them before committing)."""
