"""Progress bars on stderr for long work (a first CalDAV sync, a large feed, a big import).

Providers and controllers only call a plain callback, ``progress(what, done, total)``, handed
to them in :class:`~meetup.providers.ProviderContext` (providers never import rich). This
module makes that callback for the CLI: on a terminal, and only once a piece of work has taken
longer than :data:`SHOW_AFTER`, a rich bar appears on stderr (rich is imported then, not
before); off a terminal or with ``--quiet`` the callback does nothing at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

from meetup.calendar.providers import Progress

#: quick work never flashes a bar
SHOW_AFTER = 0.4


def no_progress(what: str, done: int, total: int | None) -> None:
    """The callback when nothing should be shown."""


class TerminalProgress:
    """One rich bar per piece of work, created lazily, removed when the work is done."""

    def __init__(self, file: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.file = file
        self.clock = clock
        self.started: dict[str, float] = {}
        self.tasks: dict[str, Any] = {}
        self.bars: Any = None

    def __call__(self, what: str, done: int, total: int | None) -> None:
        now = self.clock()
        first = self.started.setdefault(what, now)
        finished = total is not None and done >= total
        if what not in self.tasks:
            if finished or now - first < SHOW_AFTER:
                if finished:
                    self.started.pop(what, None)
                return
            self.tasks[what] = self._bars().add_task(what, total=total, completed=done)
        self._bars().update(self.tasks[what], completed=done, total=total)
        if finished:
            self._bars().remove_task(self.tasks.pop(what))
            self.started.pop(what, None)
            if not self.tasks:
                self.close()

    def _bars(self) -> Any:
        if self.bars is None:
            from rich import progress as bars
            from rich.console import Console

            console = Console(file=self.file, stderr=True)
            self.bars = bars.Progress(
                bars.TextColumn("{task.description}"),
                bars.BarColumn(),
                bars.MofNCompleteColumn(),
                bars.TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self.bars.start()
        return self.bars

    def close(self) -> None:
        if self.bars is not None:
            self.bars.stop()
            self.bars = None


def progress_for(*, quiet: bool, stream: IO[str] | None = None) -> Progress:
    """The callback for this run: bars on a terminal's stderr, nothing otherwise."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return no_progress
    return TerminalProgress(stream)
