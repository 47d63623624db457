"""Check boxes and radio buttons whose state shows as a character, not only as a colour.

Textual draws the same mark for on and off and tells them apart by colour; these draw the
mark only when on, so the state survives NO_COLOR and monochrome terminals.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList

ON_CHECK = "X"
ON_RADIO = "●"
OFF = " "


class MarkedCheckbox(Checkbox):
    def on_mount(self) -> None:
        self.BUTTON_INNER = ON_CHECK if self.value else OFF

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = ON_CHECK if self.value else OFF
        self.refresh()


class MarkedRadioButton(RadioButton):
    def on_mount(self) -> None:
        self.BUTTON_INNER = ON_RADIO if self.value else OFF

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = ON_RADIO if self.value else OFF
        self.refresh()


class MarkedSelectionList(SelectionList[str]):
    """A SelectionList drawing `X` for ticked options and a blank for the others."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        # SelectionList draws the button with ToggleButton's mark, which Checkbox shares
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        style = segments[0].style
        index = style.meta.get("option") if style is not None else None
        if index is None:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment(ON_CHECK if ticked else OFF, segments[1].style)
        return Strip(segments, strip.cell_length)
