"""A week as a grid of half hours: what ``meetup slots --week`` and ``meetup status --week`` draw.

Pure: intervals in, a grid of cell states out. Busy time arrives as bare intervals, so no
event's title can reach the grid; offered and confirmed times are meetup's own and may carry a
short label (the friend's first name). Rows cover the hours that matter that week - your
availability and meetup's own times - in your zone's wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval

State = Literal["outside", "free", "busy", "offered", "confirmed"]

#: what wins when a half hour holds several things
_RANK: dict[State, int] = {"outside": 0, "free": 1, "busy": 2, "offered": 3, "confirmed": 4}


@dataclass(frozen=True)
class Labelled:
    """One of meetup's own times (an option offered, a meeting agreed) and its short label."""

    interval: Interval
    label: str = ""


@dataclass(frozen=True)
class Cell:
    state: State
    #: set on the first cell of an offered/confirmed time: whose it is
    label: str = ""


@dataclass(frozen=True)
class WeekGrid:
    days: tuple[date, ...]
    rows: tuple[time, ...]
    #: ``cells[row][day]``
    cells: tuple[tuple[Cell, ...], ...]
    zone: str
    step: timedelta


def _instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _row_range(
    days: Sequence[date], zone: ZoneInfo, spans: Sequence[Interval], step_min: int
) -> tuple[int, int]:
    """First and last minute of the day worth drawing (08:00-22:00 when nothing says otherwise).

    A span counts from where it starts on the shown days (one that began earlier, from 00:00 of
    the first day) to its end that day, or to midnight when it runs on."""
    first_midnight = datetime.combine(days[0], time(0), tzinfo=zone)
    hull: list[tuple[int, int]] = []
    for span in spans:
        start, end = max(span.start.astimezone(zone), first_midnight), span.end.astimezone(zone)
        if end <= start or start.date() > days[-1]:
            continue
        b = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
        hull.append((start.hour * 60 + start.minute, b))
    if not hull:
        return 8 * 60, 22 * 60
    first, last = min(a for a, _ in hull), max(b for _, b in hull)
    return first - first % step_min, -(-last // step_min) * step_min


def week_grid(
    *,
    start: date,
    zone: ZoneInfo,
    available: Sequence[Interval],
    busy: Sequence[Interval],
    offered: Sequence[Labelled] = (),
    confirmed: Sequence[Labelled] = (),
    days: int = 7,
    step: timedelta = timedelta(minutes=30),
) -> WeekGrid:
    day_list = tuple(start + timedelta(days=i) for i in range(days))
    step_min = step // timedelta(minutes=1)
    own = [x.interval for x in (*offered, *confirmed)]
    first, last = _row_range(day_list, zone, [*available, *own], step_min)
    rows = tuple(time(m // 60, m % 60) for m in range(first, last, step_min))  # last rounds up: never 24:00
    marks: list[tuple[State, Labelled]] = [
        *(("offered", x) for x in offered),
        *(("confirmed", x) for x in confirmed),
    ]
    labelled: set[int] = set()
    grid: list[tuple[Cell, ...]] = []
    for clock in rows:
        line: list[Cell] = []
        for day in day_list:
            begin = _instant(day, clock, zone)
            cell = Interval(begin, begin + step)
            middle = begin + step / 2
            state: State = "free" if any(a.start <= middle < a.end for a in available) else "outside"
            if any(b.overlaps(cell) for b in busy):
                state = "busy"
            shown: Labelled | None = None  # the time this cell shows: the first of the highest rank
            for kind, mark in marks:
                if mark.interval.overlaps(cell) and _RANK[kind] > _RANK[state]:
                    state, shown = kind, mark
            label = ""
            if shown is not None and id(shown) not in labelled:  # its label on the first cell it shows
                labelled.add(id(shown))
                label = shown.label
            line.append(Cell(state, label))
        grid.append(tuple(line))
    return WeekGrid(day_list, rows, tuple(grid), zone.key, step)
