"""Help text the commands share: what SOURCES are, the environment variables read, and the
Examples section each command ends its help with."""

from __future__ import annotations

# `\b` keeps click from re-flowing the block that follows it.
SOURCES_HELP = """\b
SOURCES (any number; with none, your library when it has manuals, else the
bundled samples):
  PATH           a page saved as text or HTML
  NAME=PATH      the same, shown as council NAME
  FOLDER         the pages its manifest.toml names, else every .txt, .html or
                 .htm file in it
  'GLOB'         the pages and folders a pattern matches ('pages/*.html')
  -              a page piped on standard input"""

ENVIRONMENT_HELP = """\b
Environment:
  MANUALTUI_HOME            where your library is kept (default: the user data
                            folder, e.g. ~/.local/share/manualtui)
  MANUALTUI_CACHE_DIR       where parsed pages are cached (default: the user
                            cache folder, e.g. ~/.cache/manualtui)
  MANUALTUI_NO_CACHE        1 to read every page afresh, without the cache
  MANUALTUI_PRIORITY_RULES  a priority rules file to use instead of the bundled
                            one
  NO_COLOR                  set: no colour in tables or the explorer
  COLUMNS                   the width tables are laid out to (default: the
                            terminal's, else 80)
  TERM                      linux: the explorer draws only what the Linux
                            console's font has
  TEXTUAL_ANIMATIONS        set: the explorer animates as Textual's setting says
                            (default: no animation)
  HTTPS_PROXY, HTTP_PROXY,  the proxy for fetching pages (library add, library
  NO_PROXY                  update), and where not to use one"""


def examples(*commands: str) -> str:
    """An "Examples" section listing `commands`, each a line as typed (a `#` comment after
    it stays on its line)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


def epilog(*commands: str, sources: bool = True) -> str:
    """A command's closing help: its examples, then what SOURCES are if it takes them."""
    return examples(*commands) + (f"\n\n{SOURCES_HELP}" if sources else "")
