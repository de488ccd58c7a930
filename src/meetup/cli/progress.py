"""Progress bars on stderr for long work (a first CalDAV sync, a large feed, a big import).

Providers and controllers only call a plain callback, ``progress(what, done, total)``, handed
to them in :class:`~meetup.calendar.providers.ProviderContext` (providers never import rich).
This module makes that callback for the CLI: on a terminal, a rich bar appears on stderr once a
piece of work has gone on for :data:`SHOW_AFTER` seconds - even when the work is silent in
between, as while a big file is parsed - and goes away when it is done. rich is imported only
then. Off a terminal or with ``--quiet`` the callback does nothing at all.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from meetup.calendar.providers import Progress

#: quick work never flashes a bar
SHOW_AFTER = 0.4

#: runs ``action`` after ``delay`` seconds unless the returned canceller is called first
Scheduler = Callable[[float, Callable[[], None]], Callable[[], None]]


def no_progress(what: str, done: int, total: int | None) -> None:
    """The callback when nothing should be shown."""


def _timer(delay: float, action: Callable[[], None]) -> Callable[[], None]:
    timer = threading.Timer(delay, action)
    timer.daemon = True
    timer.start()
    return timer.cancel


class TerminalProgress:
    """One rich bar per piece of work, shown after SHOW_AFTER, removed when the work is done."""

    def __init__(self, file: IO[str], schedule: Scheduler = _timer) -> None:
        self.file = file
        self.schedule = schedule
        self.lock = threading.RLock()
        self.latest: dict[str, tuple[int, int | None]] = {}
        self.pending: dict[str, Callable[[], None]] = {}
        self.tasks: dict[str, Any] = {}
        self.bars: Any = None

    def __call__(self, what: str, done: int, total: int | None) -> None:
        finished = total is not None and done >= total
        with self.lock:
            if what in self.tasks:
                self.bars.update(self.tasks[what], completed=done, total=total)
                if finished:
                    self.bars.remove_task(self.tasks.pop(what))
                    self.latest.pop(what, None)
                    if not self.tasks:
                        self._stop_bars()
                return
            if finished:  # done before it was worth a bar
                self.latest.pop(what, None)
                cancel = self.pending.pop(what, None)
                if cancel is not None:
                    cancel()
                return
            self.latest[what] = (done, total)
            if what not in self.pending:
                self.pending[what] = self.schedule(SHOW_AFTER, lambda: self._show(what))

    def _show(self, what: str) -> None:
        with self.lock:
            self.pending.pop(what, None)
            if what not in self.latest or what in self.tasks:
                return
            done, total = self.latest[what]
            self.tasks[what] = self._bars().add_task(what, total=total, completed=done)

    def _bars(self) -> Any:
        if self.bars is None:
            from rich import progress as bars
            from rich.console import Console

            self.bars = bars.Progress(
                bars.TextColumn("{task.description}"),
                bars.BarColumn(),
                bars.MofNCompleteColumn(),
                bars.TimeRemainingColumn(),
                console=Console(file=self.file, stderr=True),
                transient=True,
                refresh_per_second=5,  # a bar, not an animation: leave the CPU to the work
            )
            self.bars.start()
        return self.bars

    def close(self) -> None:
        """Stop drawing (also when the command ends with work unfinished, e.g. on an error)."""
        with self.lock:
            for cancel in self.pending.values():
                cancel()
            self.pending.clear()
            self.tasks.clear()
            self._stop_bars()

    def _stop_bars(self) -> None:
        if self.bars is not None:
            self.bars.stop()
            self.bars = None


def progress_for(*, quiet: bool, stream: IO[str] | None = None) -> Progress:
    """The callback for this run: bars on a terminal's stderr, nothing otherwise."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return no_progress
    return TerminalProgress(stream)
