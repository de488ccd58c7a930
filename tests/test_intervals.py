from datetime import UTC, datetime

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
