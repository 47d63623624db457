"""The command line: a thin click layer over the core. Every listing command has `--json`.

Errors are one line on stderr naming the file or option and the problem, exit 1; usage
errors exit 2; no tracebacks. `app` holds the group; each command lives in the module named
for it, and `options` holds what they share.
"""

from . import chapters, check, compare, export, library, listing, tracker
from .app import main

__all__ = ["chapters", "check", "compare", "export", "library", "listing", "main", "tracker"]
