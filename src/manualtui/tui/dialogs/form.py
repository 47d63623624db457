"""What every form dialog shares: escape and Cancel dismiss it with nothing, the confirm
button and enter finish it, and enter in a "moves on" field goes to the next field."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT | None]):
    """A modal form; subclasses compose the fields and implement `finish`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="cancel", tooltip="close the dialog, changing nothing"
        ),
    ]
    CONFIRM: ClassVar[str] = "ok"
    # Ids of inputs where enter moves to the next input instead of finishing.
    MOVES_ON: ClassVar[tuple[str, ...]] = ()

    def finish(self) -> None:
        """Check the fields; dismiss with the result, or show what is wrong."""
        raise NotImplementedError

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in self.MOVES_ON:
            self.focus_next(Input)
        else:
            self.finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.CONFIRM:
            self.finish()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
