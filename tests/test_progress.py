"""Progress on stderr: a bar for long work on a terminal, nothing off one or with --quiet, and
the providers only ever see a plain callback."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner

from meetup.cli import main
from meetup.cli.progress import SHOW_AFTER, TerminalProgress, no_progress, progress_for


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_quick_work_shows_nothing_and_long_work_a_bar_that_goes_away() -> None:
    out, clock = Terminal(), Clock()
    progress = TerminalProgress(out, clock)
    progress("feed example.org", 0, 10)
    progress("feed example.org", 10, 10)  # done within SHOW_AFTER: no bar at all
    assert out.getvalue() == "" and progress.bars is None
    progress("CalDAV 'work': Personal", 0, 40)
    clock.now += SHOW_AFTER + 0.1
    progress("CalDAV 'work': Personal", 12, 40)
    assert progress.bars is not None
    progress.bars.refresh()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert "CalDAV 'work': Personal" in shown and "12/40" in shown
    progress("CalDAV 'work': Personal", 40, 40)
    assert progress.bars is None and progress.tasks == {}


def test_off_a_terminal_or_quiet_the_callback_is_a_no_op() -> None:
    assert progress_for(quiet=False, stream=io.StringIO()) is no_progress
    assert progress_for(quiet=True, stream=Terminal()) is no_progress
    assert isinstance(progress_for(quiet=False, stream=Terminal()), TerminalProgress)


def test_quiet_is_a_global_option_and_a_pipe_gets_no_bar(meetup_env: Path) -> None:
    calendar = Path(__file__).resolve().parents[1] / "examples" / "calendar.ics"
    result = CliRunner().invoke(main, ["--quiet", "slots", "--calendar", str(calendar)])
    assert result.exit_code == 0 and result.stderr == ""


def test_rich_is_imported_only_to_draw_on_a_terminal(meetup_env: Path) -> None:
    """rich costs about 30 ms to import: never for --help, nor for output into a pipe."""
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
