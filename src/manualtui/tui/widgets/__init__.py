"""Widgets shared by the explorer's screens."""
