"""The week grid, whole: every row and cell of small weeks stated in full."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.calendar.week import Labelled, WeekGrid, week_grid

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)
MARK = {"outside": ".", "free": "-", "busy": "#", "offered": "o", "confirmed": "X"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def span(day: int, start: tuple[int, int], end_day: int, end: tuple[int, int]) -> Interval:
    return Interval(at(day, *start), at(end_day, *end))


def drawn(grid: WeekGrid) -> list[str]:
    """Each row as its clock and one mark per day, a label right after its mark."""
    return [
        f"{clock:%H:%M} " + " ".join(MARK[c.state] + c.label for c in row)
        for clock, row in zip(grid.rows, grid.cells, strict=True)
    ]


def test_every_state_and_whose_time_it_is() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=3,
        available=[span(23, (18, 15), 23, (20, 0)), span(24, (18, 15), 24, (19, 15))],
        busy=[span(23, (18, 45), 23, (19, 0)), span(25, (18, 0), 25, (19, 0)), span(25, (3, 0), 25, (4, 0))],
        offered=[Labelled(span(23, (18, 30), 23, (19, 30)), "Sam"), Labelled(span(25, (18, 30), 25, (19, 30)), "Ben")],
        confirmed=[Labelled(span(23, (19, 0), 23, (20, 15)), "Ana")],
    )  # fmt: skip
    # a cell is free when its middle is; busy beats free, an offer beats busy, an agreed time beats
    # an offer; the name stands on the first cell each time shows; busy time never widens the rows
    assert drawn(grid) == [
        "18:00 - - #",
        "18:30 oSam - oBen",
        "19:00 XAna . o",
        "19:30 X . .",
        "20:00 X . .",
    ]
    assert (grid.days, grid.zone, grid.step) == (
        (MONDAY, date(2026, 11, 24), date(2026, 11, 25)),
        "Europe/Berlin",
        timedelta(minutes=30),
    )


def test_two_offers_in_one_cell_each_keep_their_name() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=1, available=[span(23, (18, 0), 23, (20, 0))], busy=[],
        offered=[Labelled(span(23, (18, 0), 23, (18, 45)), "Sam"), Labelled(span(23, (18, 45), 23, (19, 30)), "Ben")],
    )  # fmt: skip
    assert drawn(grid) == ["18:00 oSam", "18:30 o", "19:00 oBen", "19:30 -"]


def test_without_anything_to_show_the_day_runs_from_eight_to_ten() -> None:
    grid = week_grid(start=MONDAY, zone=BERLIN, days=2, available=[], busy=[span(23, (9, 0), 23, (9, 30))])
    assert drawn(grid) == [
        f"{8 + i // 2:02}:{30 * (i % 2):02} " + (". ." if i != 2 else "# .") for i in range(28)
    ]


def test_rows_cover_only_what_falls_on_the_shown_days() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=2,
        available=[
            span(22, (6, 0), 22, (7, 0)),  # the day before: not shown
            span(22, (20, 0), 23, (0, 0)),  # ends as the first day begins
            span(22, (23, 0), 23, (1, 0)),  # began the day before: from 00:00
            span(25, (5, 0), 25, (6, 0)),  # the day after: not shown
        ],
        busy=[],
    )  # fmt: skip
    assert drawn(grid) == ["00:00 - .", "00:30 - ."]


def test_a_time_running_past_midnight_fills_its_evening_and_rows_round_to_the_step() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=2,
        available=[span(23, (21, 15), 23, (21, 40)), span(24, (22, 50), 25, (1, 0))],
        busy=[], step=timedelta(hours=1),
    )  # fmt: skip
    assert drawn(grid) == ["21:00 - .", "22:00 . .", "23:00 . -"]
    # a half hour is free when its middle is
    late = week_grid(start=MONDAY, zone=BERLIN, days=1, available=[span(23, (20, 12), 23, (21, 14))], busy=[])
    assert drawn(late) == ["20:00 -", "20:30 -", "21:00 ."]


def test_a_time_ending_as_the_week_begins_adds_no_rows() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=1,
        available=[span(22, (20, 0), 23, (0, 0)), span(23, (18, 0), 23, (19, 0))], busy=[],
    )  # fmt: skip
    assert drawn(grid) == ["18:00 -", "18:30 -"]


def test_steps_that_do_not_divide_the_hour_end_before_midnight() -> None:
    grid = week_grid(
        start=MONDAY, zone=BERLIN, days=1, available=[span(23, (21, 0), 24, (2, 0))], busy=[],
        step=timedelta(minutes=50),
    )  # fmt: skip
    assert drawn(grid) == ["20:50 -", "21:40 -", "22:30 -", "23:20 -"]
