"""manualtui: tri.x procedures-manual Amendments pages as data, in the terminal and in files."""

__version__ = "0.1.0"

# Names a priority rules file to use instead of the bundled one. Here rather than in
# `priority` because the cache's key reads it too, and the explorer's loading would
# otherwise import the rules' schema (and the data-file reader) to learn a name.
RULES_ENV = "MANUALTUI_PRIORITY_RULES"
