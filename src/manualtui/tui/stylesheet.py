"""The explorer's stylesheet: read again only when the theme (its variables) changes.

Textual re-parses every CSS source it holds whenever a screen is shown for the first time
(and a theme change clears its parse cache); at 80x24 that is most of the time a first `2`
or `3` takes, and the first screen parsed the whole stylesheet twice. Rules parsed with the
same variables are still right, and sources added since are parsed when the rules are next
read, so here the full re-parse happens only when the variables changed since the last
parse.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class SteadyStylesheet(Stylesheet):
    """A `Stylesheet` whose `reparse` is skipped while its variables are unchanged."""

    _parsed_with: dict[str, str] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:  # unchanged: keep the parse cache
            super().set_variables(variables)

    def parse(self) -> None:
        super().parse()
        self._parsed_with = dict(self._variables)

    def reparse(self) -> None:
        if self._parsed_with == self._variables:
            _ = self.rules  # parses any source added since, from the cache for the others
            return
        super().reparse()
        self._parsed_with = dict(self._variables)
