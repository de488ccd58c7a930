"""Progress on stderr: a bar for long work on a terminal, nothing off one or with --quiet, and
the providers only ever see a plain callback."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from meetup.cli import main
from meetup.cli.progress import SHOW_AFTER, TerminalProgress, no_progress, progress_for


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Scheduler:
    """Timers the test fires by hand: no sleeping, no threads."""

    def __init__(self) -> None:
        self.waiting: list[tuple[float, Callable[[], None]]] = []
        self.cancelled = 0

    def __call__(self, delay: float, action: Callable[[], None]) -> Callable[[], None]:
        entry = (delay, action)
        self.waiting.append(entry)

        def cancel() -> None:
            self.cancelled += 1
            self.waiting.remove(entry)

        return cancel

    def fire(self) -> None:
        for _, action in list(self.waiting):
            action()
        self.waiting.clear()


def _shown(out: io.StringIO) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())


def test_quick_work_shows_nothing_and_long_work_a_bar_that_goes_away() -> None:
    out, timers = Terminal(), Scheduler()
    progress = TerminalProgress(out, timers)
    progress("calendar 'feed': downloading", 0, 10)
    assert timers.waiting[0][0] == SHOW_AFTER
    progress("calendar 'feed': downloading", 10, 10)  # done before the timer: no bar at all
    assert timers.cancelled == 1 and timers.waiting == [] and progress.bars is None and out.getvalue() == ""
    progress("CalDAV 'work': Personal: downloading", 0, 40)
    progress("CalDAV 'work': Personal: downloading", 12, 40)
    assert progress.bars is None  # not yet: quiet until SHOW_AFTER has passed
    timers.fire()  # the work went on, silent or not: now the bar shows where it is
    assert progress.bars is not None
    progress.bars.refresh()
    assert "CalDAV 'work': Personal: downloading" in _shown(out) and "12/40" in _shown(out)
    progress("CalDAV 'work': Personal: downloading", 40, 40)
    assert progress.bars is None and progress.tasks == {}


def test_a_silent_stretch_still_shows_a_bar_and_close_ends_unfinished_work() -> None:
    out, timers = Terminal(), Scheduler()
    progress = TerminalProgress(out, timers)
    progress("calendar 'big': reading events", 0, None)  # then a long parse says nothing
    timers.fire()
    assert progress.bars is not None and list(progress.tasks) == ["calendar 'big': reading events"]
    progress.close()  # the command ended (an error, say) before the work did
    assert progress.bars is None and progress.tasks == {} and timers.waiting == []


def test_off_a_terminal_or_quiet_the_callback_is_a_no_op() -> None:
    assert progress_for(quiet=False, stream=io.StringIO()) is no_progress
    assert progress_for(quiet=True, stream=Terminal()) is no_progress
    assert isinstance(progress_for(quiet=False, stream=Terminal()), TerminalProgress)


def test_quiet_is_a_global_option_and_a_pipe_gets_no_bar(meetup_env: Path) -> None:
    calendar = Path(__file__).resolve().parents[1] / "examples" / "calendar.ics"
    result = CliRunner().invoke(main, ["--quiet", "slots", "--calendar", str(calendar)])
    assert result.exit_code == 0 and result.stderr == ""


def test_rich_is_imported_only_to_draw_on_a_terminal(meetup_env: Path) -> None:
    """rich costs 25-45 ms to import: never for --help, nor for output into a pipe."""
    import subprocess
    import sys

    calendar = Path(__file__).resolve().parents[1] / "examples" / "calendar.ics"
    for args in (["--help"], ["slots", "--week", "--calendar", str(calendar)]):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "meetup", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        imported = {
            line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line
        }
        assert "rich" not in imported, args


def test_a_big_address_book_reports_its_import(tmp_path: Path) -> None:
    from meetup import friends
    from meetup.store import open_store

    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Friend {n}\r\nEMAIL:f{n}@example.org\r\nUID:u{n}\r\nEND:VCARD\r\n"
        for n in range(250)
    )
    (tmp_path / "big.vcf").write_text(cards)
    calls: list[tuple[str, int, int | None]] = []
    with open_store(tmp_path / "meetup.db") as store, store.transaction() as conn:
        result = friends.import_vcards(conn, tmp_path / "big.vcf", lambda *c: calls.append(c))
    assert len(result.added) == 250
    assert calls == [("importing big.vcf", n, 250) for n in (0, 100, 200, 250)]
