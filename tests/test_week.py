"""The week grid: half-hour cells in the user's zone, busy / free / offered / agreed drawn apart,
80 columns, plain text off a terminal, colours on one, and never an event's title."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from meetup.calendar.intervals import Interval
from meetup.calendar.week import Cell, Labelled, WeekGrid, week_grid
from meetup.cli import main
from meetup.cli.weekview import draw, plain

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[1]


def _at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=zone)


def _grid() -> WeekGrid:
    available = [Interval(_at(d, 18), _at(d, 22)) for d in range(23, 30)]
    busy = [Interval(_at(24, 19), _at(24, 20, 30))]
    offered = [Labelled(Interval(_at(25, 18), _at(25, 19)), "Sam")]
    confirmed = [Labelled(Interval(_at(27, 20), _at(27, 21)), "Ana")]
    return week_grid(
        start=date(2026, 11, 23),
        zone=BERLIN,
        available=available,
        busy=busy,
        offered=offered,
        confirmed=confirmed,
    )


def test_cells_show_each_state_in_the_users_wall_clock() -> None:
    grid = _grid()
    assert grid.rows[0].isoformat() == "18:00:00" and grid.rows[-1].isoformat() == "21:30:00"
    tuesday, wednesday, friday = 1, 2, 4
    column = [row[tuesday].state for row in grid.cells]
    assert column == ["free", "free", "busy", "busy", "busy", "free", "free", "free"]
    assert [row[wednesday] for row in grid.cells[:3]] == [
        Cell("offered", "Sam"),
        Cell("offered"),
        Cell("free"),
    ]
    assert grid.cells[4][friday] == Cell("confirmed", "Ana")


def test_the_plain_grid_fits_80_columns_and_reads_without_colour() -> None:
    text = plain(_grid())
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "Mon 23 Nov - Sun 29 Nov 2026, times in Europe/Berlin"
    assert lines[1].split() == [
        "Mon",
        "23",
        "Tue",
        "24",
        "Wed",
        "25",
        "Thu",
        "26",
        "Fri",
        "27",
        "Sat",
        "28",
        "Sun",
        "29",
    ]
    assert lines[2] == "18:00 " + " ".join(["---------", "---------", "Sam ooooo", *["---------"] * 4])
    assert lines[4].split()[2] == "#########"  # Tue 19:00 busy
    assert "Ana XXXXX" in lines[6]
    assert lines[-1].split() == ["##", "busy", "--", "free", "oo", "offered", "XX", "agreed"]
    assert "\x1b[" not in text


def test_on_a_terminal_the_same_grid_is_styled() -> None:
    out = io.StringIO()
    draw(_grid(), out, color=True)
    styled = out.getvalue()
    assert "\x1b[" in styled
    bare = [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", styled).splitlines()]
    assert bare == plain(_grid()).splitlines()


def test_rows_follow_dst_and_cover_a_meeting_outside_hours() -> None:
    london = ZoneInfo("Europe/London")
    start = date(2026, 3, 28)  # clocks go forward on Sun 29 Mar
    available = [
        Interval(datetime(2026, 3, d, 9, tzinfo=london), datetime(2026, 3, d, 10, tzinfo=london))
        for d in (28, 29)
    ]
    late = Labelled(
        Interval(datetime(2026, 3, 29, 22, tzinfo=london), datetime(2026, 3, 29, 23, tzinfo=london)), "Ben"
    )
    grid = week_grid(start=start, zone=london, available=available, busy=[], confirmed=[late], days=2)
    assert grid.rows[0].hour == 9 and grid.rows[-1].hour == 22 and grid.rows[-1].minute == 30
    assert [grid.cells[0][d].state for d in (0, 1)] == ["free", "free"]  # 09:00 both days, either offset
    assert grid.cells[-2][1] == Cell("confirmed", "Ben")


def test_slots_week_draws_the_grid_and_never_a_title(meetup_env: Path) -> None:
    calendar = ROOT / "examples" / "calendar.ics"
    result = CliRunner().invoke(
        main,
        [
            "--now",
            "2026-11-23T09:00:00+01:00",
            "slots",
            "--week",
            "--calendar",
            str(calendar),
            "--tz",
            "Europe/Berlin",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Mon 23 Nov - Sun 29 Nov 2026, times in Europe/Berlin"
    assert "#########" in result.output and "---------" in result.output
    assert max(len(line) for line in lines) <= 80
    titles = [
        line.split(":", 1)[1].strip()
        for line in calendar.read_text().splitlines()
        if line.startswith("SUMMARY")
    ]
    assert titles and not any(title in result.output for title in titles)


def test_offered_and_agreed_times_come_from_the_database_with_first_names(meetup_env: Path) -> None:
    env = {"MEETUP_CONFIG": str(ROOT / "examples" / "meetup.toml"), "MEETUP_NOW": "2026-11-23T09:00:00+01:00"}

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    run("friend", "import", str(ROOT / "examples" / "friends.vcf"))
    run("invite", "sam", "--via", "outbox")
    run("reply", "sam", "yes", "--option", "2")
    run("invite", "jonas", "--via", "outbox")
    grid = run("slots", "--week")
    assert sum("Sam XXXXX" in line for line in grid.splitlines()) == 1  # the agreed meeting, labelled once
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    starts = [r[0] for r in db.execute("SELECT start_utc FROM invite_options WHERE invite_id = 2")]
    db.close()
    this_week = [s for s in starts if datetime.fromisoformat(s) < datetime(2026, 11, 30, tzinfo=BERLIN)]
    assert this_week and grid.count("Jonas ooo") == len(this_week)  # each option on offer, labelled once
    status = run("status", "--week")
    assert status.splitlines()[0].startswith("invite 2 Jonas Weber: open; offered 1. ")
    assert "Mon 23 Nov - Sun 29 Nov 2026, times in Europe/Berlin" in status and "Sam XXXXX" in status
