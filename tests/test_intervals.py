from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup.calendar.intervals import Interval, clip, merge, subtract


def t(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute, tzinfo=UTC)


def test_merge_joins_touching_and_overlapping() -> None:
    got = merge(
        [Interval(t(10), t(11)), Interval(t(9), t(10)), Interval(t(12), t(14)), Interval(t(13), t(15))]
    )
    assert got == [Interval(t(9), t(11)), Interval(t(12), t(15))]


def test_subtract_cuts_holes_across_pieces() -> None:
    base = [Interval(t(8), t(12)), Interval(t(13), t(18))]
    holes = [Interval(t(9), t(10)), Interval(t(11), t(14)), Interval(t(17), t(19))]
    assert subtract(base, holes) == [
        Interval(t(8), t(9)),
        Interval(t(10), t(11)),
        Interval(t(14), t(17)),
    ]


def test_clip() -> None:
    assert clip([Interval(t(8), t(12)), Interval(t(13), t(14))], Interval(t(9), t(13, 30))) == [
        Interval(t(9), t(12)),
        Interval(t(13), t(13, 30)),
    ]


# ---------------------------------------------------------------- edges, and a model on a minute grid

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_naive_start_or_end_is_refused() -> None:
    naive = datetime(2026, 1, 5, 10)
    for start, end in ((naive, t(11)), (t(9), naive)):
        with pytest.raises(ValueError) as caught:
            Interval(start, end)
        assert str(caught.value) == "Interval needs timezone-aware datetimes"


def test_stored_in_utc_whatever_zone_it_was_given_in() -> None:
    # 29 Mar 2026 01:00-04:00 Berlin spans the spring-forward gap: two real hours.
    got = Interval(datetime(2026, 3, 29, 1, tzinfo=BERLIN), datetime(2026, 3, 29, 4, tzinfo=BERLIN))
    assert got.start.tzinfo is UTC and got.end.tzinfo is UTC
    assert (got.start.isoformat(), got.end.isoformat()) == (
        "2026-03-29T00:00:00+00:00",
        "2026-03-29T02:00:00+00:00",
    )
    assert got.duration.total_seconds() == 2 * 3600


def test_contains_needs_both_ends_inside() -> None:
    day = Interval(t(9), t(17))
    assert day.contains(Interval(t(9), t(17))) and day.contains(Interval(t(10), t(11)))
    assert not day.contains(Interval(t(8), t(10)))
    assert not day.contains(Interval(t(16), t(18)))


def test_empty_intervals_vanish_and_touching_cuts_leave_no_empty_piece() -> None:
    assert merge([Interval(t(10), t(10))]) == []
    piece = [Interval(t(10), t(12))]
    assert subtract(piece, [Interval(t(10), t(11))]) == [Interval(t(11), t(12))]
    assert subtract(piece, [Interval(t(11), t(12))]) == [Interval(t(10), t(11))]
    assert subtract(piece, [Interval(t(10), t(12))]) == []
    assert clip([Interval(t(8), t(10)), Interval(t(12), t(13))], Interval(t(10), t(12))) == []


def _spans(draw_from: st.SearchStrategy[int]) -> st.SearchStrategy[list[Interval]]:
    return st.lists(
        st.tuples(draw_from, st.integers(0, 8)).map(lambda p: Interval(_m(p[0]), _m(p[0] + p[1]))), max_size=8
    )


def _m(minutes: int) -> datetime:
    return datetime(2026, 1, 5, tzinfo=UTC).replace(hour=minutes // 60, minute=minutes % 60)


def _cells(intervals: list[Interval]) -> set[int]:
    """The model: an interval set is the set of grid minutes it covers."""
    base = datetime(2026, 1, 5, tzinfo=UTC)
    return {
        m
        for i in intervals
        for m in range(int((i.start - base).total_seconds() // 60), int((i.end - base).total_seconds() // 60))
    }


def _runs(cells: set[int]) -> list[Interval]:
    """Maximal runs of covered minutes: the one canonical form of a set."""
    runs: list[Interval] = []
    for m in sorted(cells):
        if runs and runs[-1].end == _m(m):
            runs[-1] = Interval(runs[-1].start, _m(m + 1))
        else:
            runs.append(Interval(_m(m), _m(m + 1)))
    return runs


GRID = st.integers(0, 40)


@given(_spans(GRID))
def test_merge_is_the_canonical_form(intervals: list[Interval]) -> None:
    assert merge(intervals) == _runs(_cells(intervals))


@given(_spans(GRID), _spans(GRID))
def test_subtract_is_set_difference(base: list[Interval], holes: list[Interval]) -> None:
    assert subtract(base, holes) == _runs(_cells(base) - _cells(holes))


@given(_spans(GRID), GRID, st.integers(0, 20))
def test_clip_is_intersection_with_the_bounds(intervals: list[Interval], start: int, length: int) -> None:
    bounds = Interval(_m(start), _m(start + length))
    got = clip(merge(intervals), bounds)
    assert got == _runs(_cells(intervals) & _cells([bounds]))
