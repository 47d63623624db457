"""`python -m manualtui`: the same as the `manualtui` command."""

from .cli import main

main()
