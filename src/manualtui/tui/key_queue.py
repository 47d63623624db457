"""Keys act on the screen the previous key left, however fast they arrive.

Textual hands each key to the focused widget as a message and goes straight on to the next
key, so in a burst (as keys often arrive over SSH) `enter` on the palette's "go to release"
and the `m` right after it both reach the palette: the `m` is lost, or acts on the release
the cursor was on before. The app admits one key at a time instead: after a key, the keys
that follow are held until what the key set going has run (every message it caused, on
every widget of the screen, including a screen the key opened or closed), and until the
palette has listed what was typed when the next key would pick from that list.

An empty queue is not proof of that. Textual takes a widget's next message off its queue
before it has finished with the current one (to see whether the next supersedes it), and
the app awaits every widget removal and screen change between two messages (a toast
expiring, the palette closing). A toast that expired just as the palette passed `enter` up
to the app left every queue empty while the app held the `enter`, and the `m` went into
the palette. So a widget counts as done only when it holds no such message either, and a
second pass must find the same (a widget still busy with a message answers it only after).

A terminal sends Escape as the byte that also prefixes a key pressed with alt, so Escape and
a letter pressed right after it, arriving in one burst (`esc` `q` to leave a search and
quit), read as alt+q, which a field would take as "q". The explorer binds no alt+letter:
such a key is taken apart into the two keys (`escape_apart`).

Text typed into a field does not hold what follows (a field takes its keys in order, and
the next letter does not depend on what the last one showed), so typing stays as fast as
the terminal sends it.

The explorer holds keys from its start until the library is loaded, too (help and quit
excepted): keys typed while it loads act on the loaded view.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.message_pump import MessagePump
from textual.widgets import Input

ROUNDS = 40  # at most this many passes over the widgets before a held key goes anyway
QUIET_PASSES = 2  # passes in a row that must find the same widgets, none with work left
ROUND_TIMEOUT = 2.0  # seconds a widget may take to answer (one that never does is skipped)
SETTLE_LIMIT = 10.0  # seconds after which a held key goes anyway
PICKING_KEYS = frozenset({"enter", "down", "up", "pagedown", "pageup", "tab", "shift+tab"})
EDITING_KEYS = frozenset({"backspace", "delete", "left", "right", "home", "end"})


class KeyQueue:
    """Admits keys one at a time (see the module's docstring)."""

    def __init__(
        self,
        app: App[Any],
        ready: Callable[[events.Key], bool],
        typed: Callable[[events.Key], bool],
    ) -> None:
        """`ready(key)`: whether the app can take `key` now (False holds it, e.g. while
        loading; call `try_release` when that may have changed). `typed(key)`: whether
        `key` is text for the focused field."""
        self.app = app
        self.ready = ready
        self.typed = typed
        self._held: deque[events.Key] = deque()
        self._busy = False
        self._unsettled = False  # text was typed since the last settling
        self._typing = False  # the key being handled is text for a field
        self._releasing: events.Key | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def idle(self) -> bool:
        """No key is held and the last one has settled."""
        return not self._busy and not self._held and not self._unsettled

    def admit(self, key: events.Key) -> bool:
        """Whether to handle `key` now; if not, it is held and handled in its turn."""
        if key is self._releasing:
            self._releasing = None
        elif self._in_flight or not self.ready(key) or self._must_settle_before(key):
            self._held.append(key)
            return False
        self._busy = True
        self._typing = self.typed(key)
        return True

    @property
    def _in_flight(self) -> bool:
        """A key is being handled, held, or on its way back."""
        return self._busy or bool(self._held) or self._releasing is not None

    def handled(self) -> None:
        """The admitted key was dispatched: settle, then let the next one go (at once if
        it was text for a field: text is settled before the next key that is not)."""
        if self._typing:
            self._busy = False
            self._unsettled = True
            self.try_release()
        else:
            self._settle_then_release()

    def try_release(self) -> None:
        """Let the next held key go, if nothing is in flight and the app can take it."""
        if self._busy or self._releasing is not None or not self._held:
            return
        key = self._held[0]
        if not self.ready(key) or self._must_settle_before(key):
            return
        self._releasing = self._held.popleft()
        self.app.post_message(self._releasing)

    def _must_settle_before(self, key: events.Key) -> bool:
        """After typed text, a key that is not text waits for the text to be taken in (the
        palette to list what was typed, say); this starts that settling."""
        if not self._unsettled or self.typed(key):
            return False
        self._settle_then_release()
        return True

    def _settle_then_release(self) -> None:
        self._busy = True
        self._unsettled = False
        self._task = asyncio.create_task(self._settle())

    async def _settle(self) -> None:
        try:
            await settled(self.app, self._held[0] if self._held else None)
        finally:
            self._busy = False
            self.try_release()


async def settled(app: App[Any], next_key: events.Key | None = None) -> None:
    """Until every message queued on the app and on the current screen's widgets has been
    handled: passes over them until `QUIET_PASSES` in a row end with the same widgets there
    (a screen opened or composed meanwhile adds widgets, which the next pass waits for) and
    none of them with a message left (see `_done`); and, if `next_key` would pick from the
    palette's list, until the palette has gathered its list."""
    deadline = asyncio.get_running_loop().time() + SETTLE_LIMIT
    quiet = 0
    for _ in range(ROUNDS):
        pumps = _pumps(app)
        await _pass(pumps)
        gathering = _palette_gathering(app) if _picks(next_key) else []
        for worker in gathering:
            # failed, or cancelled by the next keystroke: go on; slow: look again next
            # round (shielded: giving up waiting must not cancel the palette's search)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(worker.wait()), ROUND_TIMEOUT)
        after = _pumps(app)
        still = [id(pump) for pump in after] == [id(pump) for pump in pumps]
        if not gathering and still and all(map(_done, after)):
            quiet += 1
            if quiet == QUIET_PASSES:
                return
        else:
            quiet = 0
        if asyncio.get_running_loop().time() > deadline:
            return


def _done(pump: MessagePump) -> bool:
    """No message queued on `pump`, nor one taken off its queue and not yet handled (Textual
    8's `_pending_message`; see the module's docstring)."""
    return pump.message_queue_size == 0 and pump._pending_message is None


def _pumps(app: App[Any]) -> list[MessagePump]:
    """The app, and the current screen and every widget on it."""
    try:
        return [app, *app.screen.walk_children(with_self=True)]
    except Exception:  # no screen: the app is closing
        return [app]


def escape_apart(key: events.Key) -> list[events.Key]:
    """`key`; or, for an alt+letter or alt+digit, Escape and the letter (see above)."""
    name = key.key.removeprefix("alt+")
    if name == key.key:
        return [key]
    if name.startswith("shift+") and len(name) == len("shift+") + 1:
        name = name[-1].upper()
    if len(name) != 1 or not name.isalnum():
        return [key]
    return [events.Key("escape", "\x1b"), events.Key(name, name)]


def typing(key: events.Key, focused: object) -> bool:
    """Whether `key` is text (or its editing) for the focused field."""
    return isinstance(focused, Input) and (key.is_printable or key.key in EDITING_KEYS)


def _picks(key: events.Key | None) -> bool:
    return key is not None and key.key in PICKING_KEYS


def _palette_gathering(app: App[Any]) -> list[Any]:
    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return []
    return [worker for worker in app.workers if worker.node is screen and worker.is_running]


async def _pass(pumps: Iterable[MessagePump]) -> None:
    """Wait until each pump has handled what was queued on it before this call."""
    loop = asyncio.get_running_loop()
    answers: list[asyncio.Future[None]] = []
    for pump in pumps:
        answer: asyncio.Future[None] = loop.create_future()
        if pump.call_later(_answer, answer):
            answers.append(answer)
    if answers:
        await asyncio.wait(answers, timeout=ROUND_TIMEOUT)


def _answer(answer: asyncio.Future[None]) -> None:
    if not answer.done():
        answer.set_result(None)
