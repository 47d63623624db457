"""The export dialog (`e`): format and path for what the current view shows.

It opens on the view's export scope (the marks and filters in the releases view, the
compared councils and period in Compare, the chapter in the chapter view), in the folder of
the last export, and returns an `ExportChoice` holding the very selection and items it
showed; the app writes them in a worker. Staff, due date and one row per entry are the Excel
tracker's and are offered for it only. An existing file is reported here, before anything
is written, unless "replace" is ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioSet

from ...model import Item
from ...select import Selection, parse_day
from ...wording import count
from ..state import ExportScope
from ..widgets.toggles import MarkedCheckbox, MarkedRadioButton
from .form import FormDialog

FORMATS = (
    ("xlsx", "Excel re-read tracker (.xlsx)", "tracker"),
    ("docx", "Word briefing pack (.docx)", "briefing"),
    ("csv", "CSV (.csv)", "entries"),
    ("json", "JSON (.json)", "entries"),
    ("md", "Markdown (.md)", "entries"),
)
TRACKER_ONLY = ("#tracker-fields", "#by-entry")


@dataclass(frozen=True)
class ExportChoice:
    """What the dialog returns: the selection and items it showed, format, path, replace or
    not, and the tracker's extras (one row per entry instead of per chapter; staff for the
    Staff sheet; a due date)."""

    selection: Selection
    items: Sequence[Item]
    fmt: str
    path: Path
    force: bool
    by: str = "chapter"
    staff: tuple[str, ...] = ()
    due: date | None = None


def default_path(fmt: str, selection: Selection, folder: Path) -> Path:
    """`manualtui-tracker-2019-04-to-2020-10.xlsx` in `folder`."""
    stem = next(name for key, _, name in FORMATS if key == fmt)
    period = ""
    if selection.start or selection.end:
        period = f"-{selection.start or 'first'}-to-{selection.end or 'latest'}"
    return folder / f"manualtui-{stem}{period}.{fmt}"


def with_format_suffix(path: Path, fmt: str) -> Path:
    """The path ending in `.fmt`: a known format's suffix is replaced, others kept."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == fmt:
        return path
    if suffix in {key for key, _, _ in FORMATS}:
        return path.with_suffix(f".{fmt}")
    return path.with_name(f"{path.name}.{fmt}")


class ExportDialog(FormDialog[ExportChoice]):
    """Choose a format (arrows), a path (tab), then enter or the Export button."""

    CONFIRM = "export"

    def __init__(
        self,
        scope: ExportScope,
        items: Sequence[Item],
        fmt: str = "xlsx",
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.scope = scope
        self.items = items
        self.fmt = fmt
        self.folder = folder or Path.cwd()
        self._default = str(default_path(fmt, scope.selection, self.folder))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog") as box:
            box.border_title = "Export"
            yield Label(
                Text(f"{count(len(self.items), 'entry', 'entries')}: {self.scope.what}"),
                id="export-summary",
            )
            with RadioSet(id="formats"):
                for key, label, _ in FORMATS:
                    yield MarkedRadioButton(label, value=key == self.fmt, id=f"fmt-{key}")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(self._default, id="path")
            with Horizontal(classes="field", id="tracker-fields"):
                yield Label("Staff", classes="field-label")
                yield Input(placeholder="names, comma-separated (optional)", id="staff")
                yield Label("Due", classes="field-label")
                yield Input(placeholder="YYYY-MM-DD", id="due", classes="date")
            with Horizontal(id="export-options"):
                yield MarkedCheckbox("Replace the file if it exists", id="force")
                yield MarkedCheckbox("One row per entry", id="by-entry")
            yield Label("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_tracker_fields()
        self.query_one(RadioSet).focus()

    def _show_tracker_fields(self) -> None:
        for selector in TRACKER_ONLY:
            self.query_one(selector).display = self.fmt == "xlsx"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        button_id = event.pressed.id or ""
        self.fmt = button_id.removeprefix("fmt-")
        self._show_tracker_fields()
        path_input = self.query_one("#path", Input)
        if path_input.value == self._default:  # not edited: follow the format
            self._default = str(default_path(self.fmt, self.scope.selection, self.folder))
            path_input.value = self._default

    def finish(self) -> None:
        problem = self.query_one("#problem", Label)
        text = self.query_one("#path", Input).value.strip()
        if not text or text.endswith("/"):
            problem.update("Give a file name.")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        path = with_format_suffix(path, self.fmt)
        force = self.query_one("#force", MarkedCheckbox).value
        if path.exists() and not force:
            problem.update(Text(f'{path.name} exists: tick "Replace" or change the name.'))
            return
        tracker = self.fmt == "xlsx"
        due_text = self.query_one("#due", Input).value.strip() if tracker else ""
        try:
            due = parse_day(due_text) if due_text else None
        except ValueError as error:
            problem.update(Text(str(error)))
            return
        staff = tuple(
            name.strip()
            for name in self.query_one("#staff", Input).value.split(",")
            if name.strip() and tracker
        )
        by = "entry" if tracker and self.query_one("#by-entry", MarkedCheckbox).value else "chapter"
        self.dismiss(
            ExportChoice(self.scope.selection, self.items, self.fmt, path, force, by, staff, due)
        )
