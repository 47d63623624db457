"""The terminal driver on Linux and macOS: Textual's own, except that quitting does not wait
for the thread that reads the keyboard.

Textual's `LinuxDriver`, when the app ends, joins that thread, which notices only when its
0.1 s `select` returns (the `q` just read has restarted it) and then sleeps 0.1 s more on an
empty selector: about 0.2 s of every quit. The terminal is restored all the same (mouse,
paste, keyboard protocol, alternate screen, cursor, termios), and the thread, told to stop,
ends by itself, or with the process (`run_app` ends it as soon as the app returns).
"""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message


class QuickQuitDriver(LinuxDriver):
    """`LinuxDriver` that, once the app has stopped, leaves the input thread unjoined."""

    def disable_input(self) -> None:
        # A suspend (ctrl+z) still joins the thread: another one reads the keys on resume.
        stopped = not self._app.is_running
        if stopped:
            self._key_thread = None
        super().disable_input()
        if stopped:
            self.exit_event.set()  # Textual clears it after its join: set, the thread ends

    def process_message(self, message: Message) -> None:
        if self._app.is_running:  # keys read after the app has stopped are for no one
            super().process_message(message)
