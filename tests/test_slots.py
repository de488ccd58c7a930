"""The slot finder: property tests against a brute-force model, and DST weeks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.calendar.finder import free_windows
from meetup.calendar.hours import WEEKDAYS, availability, parse_hours
from meetup.calendar.intervals import Interval, merge

STEP = timedelta(minutes=15)
BASE = datetime(2026, 11, 23, tzinfo=UTC)  # a Monday
NO_DST_ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/Bogota"]


@st.composite
def hours_specs(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        first, last = draw(st.sampled_from(WEEKDAYS)), draw(st.sampled_from(WEEKDAYS))
        ranges = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, 95)) * 15
            end = draw(st.integers(start // 15 + 1, 96)) * 15
            ranges.append(f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
        parts.append(f"{first}-{last} {','.join(ranges)}")
    return "; ".join(parts)


steps = st.integers(0, 4 * 24 * 9)
busy_lists = st.lists(
    st.tuples(steps, st.integers(1, 4 * 30)).map(
        lambda t: Interval(BASE + t[0] * STEP, BASE + (t[0] + t[1]) * STEP)
    ),
    max_size=25,
)


def _free_steps(hours_spec: str, busy: list[Interval], period: Interval, zone: ZoneInfo) -> set[datetime]:
    """Brute force: every 15-minute step whose local wall-clock time is available and not busy."""
    hours = parse_hours(hours_spec)
    free = set()
    t = period.start
    while t < period.end:
        local = t.astimezone(zone)
        minute = local.hour * 60 + local.minute
        in_hours = any(a <= minute < b for a, b in hours.days.get(local.weekday(), ()))
        if in_hours and not any(b.start <= t < b.end for b in busy):
            free.add(t)
        t += STEP
    return free


@settings(max_examples=150, deadline=None)
@given(
    spec=hours_specs(),
    busy=busy_lists,
    zone_name=st.sampled_from(NO_DST_ZONES),
    start=st.integers(0, 4 * 24 * 2),
    length=st.integers(1, 4 * 24 * 7),
    duration_steps=st.integers(1, 12),
)
def test_windows_match_a_brute_force_model(
    spec: str, busy: list[Interval], zone_name: str, start: int, length: int, duration_steps: int
) -> None:
    zone = ZoneInfo(zone_name)
    period = Interval(BASE + start * STEP, BASE + (start + length) * STEP)
    min_duration = duration_steps * STEP
    windows = free_windows(parse_hours(spec), busy, period, zone, min_duration)

    # sorted, disjoint and not touching (maximal), inside the period, long enough
    for a, b in itertools.pairwise(windows):
        assert a.end < b.start
    for w in windows:
        assert period.contains(w)
        assert w.duration >= min_duration
        assert not any(w.overlaps(b) for b in busy), "window overlaps busy time"

    # exactly the free runs of the brute-force model that are long enough
    free = _free_steps(spec, busy, period, zone)
    runs = merge(Interval(t, t + STEP) for t in free)
    expected = [r for r in runs if r.duration >= min_duration]
    assert windows == expected


@settings(max_examples=100, deadline=None)
@given(
    spec=hours_specs(),
    busy=busy_lists,
    zone_name=st.sampled_from(
        ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"]
    ),
    duration_steps=st.integers(1, 8),
)
def test_invariants_hold_in_dst_zones(
    spec: str, busy: list[Interval], zone_name: str, duration_steps: int
) -> None:
    zone = ZoneInfo(zone_name)
    period = Interval(BASE, BASE + timedelta(days=8))
    hours = parse_hours(spec)
    windows = free_windows(hours, busy, period, zone, duration_steps * STEP)
    allowed = availability(hours, period, zone)
    for w in windows:
        assert any(a.contains(w) for a in allowed), "window leaves availability"
        assert not any(w.overlaps(b) for b in busy)
        assert w.duration >= duration_steps * STEP


def _week(zone: str, first_day: datetime, spec: str = "mon-sun 00:00-24:00") -> list[Interval]:
    tz = ZoneInfo(zone)
    start = first_day.replace(tzinfo=tz)
    return free_windows(
        parse_hours(spec), [], Interval(start, start + timedelta(days=7)), tz, timedelta(minutes=1)
    )


def test_europe_spring_week_is_one_hour_short() -> None:
    (window,) = _week("Europe/Berlin", datetime(2026, 3, 23))
    assert window.duration == timedelta(days=7) - timedelta(hours=1)


def test_us_autumn_week_is_one_hour_long() -> None:
    (window,) = _week("America/New_York", datetime(2026, 10, 26))
    assert window.duration == timedelta(days=7, hours=1)


def test_lord_howe_shifts_by_thirty_minutes() -> None:
    # DST starts first Sunday of October (02:00 -> 02:30); ends first Sunday of April.
    (spring,) = _week("Australia/Lord_Howe", datetime(2026, 9, 28))
    (autumn,) = _week("Australia/Lord_Howe", datetime(2026, 3, 30))
    assert spring.duration == timedelta(days=7) - timedelta(minutes=30)
    assert autumn.duration == timedelta(days=7, minutes=30)


def test_wall_clock_hours_follow_local_time_across_the_transition() -> None:
    tz = ZoneInfo("America/New_York")
    windows = _week("America/New_York", datetime(2026, 3, 2), spec="mon-sun 18:00-20:00")
    assert len(windows) == 7
    for w in windows:
        local_start, local_end = w.start.astimezone(tz), w.end.astimezone(tz)
        assert (local_start.hour, local_end.hour) == (18, 20)
        assert w.duration == timedelta(hours=2)
    offsets = {w.start.astimezone(tz).utcoffset() for w in windows}
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}


def test_autumn_overlap_range_covers_the_repeated_hour() -> None:
    # Berlin 2026-10-25: 02:00-03:00 happens twice; 01:00-04:00 wall clock is four real hours.
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 25, tzinfo=tz)
    windows = free_windows(
        parse_hours("sun 01:00-04:00"),
        [],
        Interval(start, start + timedelta(days=1)),
        tz,
        timedelta(minutes=1),
    )
    assert [w.duration for w in windows] == [timedelta(hours=4)]


def test_busy_time_in_another_zone_is_subtracted_in_real_time() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 11, 23, tzinfo=berlin)
    busy = [
        Interval(datetime(2026, 11, 24, 3, tzinfo=tokyo), datetime(2026, 11, 24, 4, tzinfo=tokyo))
    ]  # 19-20 Berlin
    windows = free_windows(
        parse_hours("mon 18:00-22:00"),
        busy,
        Interval(start, start + timedelta(days=1)),
        berlin,
        timedelta(minutes=30),
    )
    assert [(w.start.astimezone(berlin).hour, w.end.astimezone(berlin).hour) for w in windows] == [
        (18, 19),
        (20, 22),
    ]


def test_short_pieces_are_dropped_and_period_clips() -> None:
    tz = ZoneInfo("UTC")
    start = datetime(2026, 11, 23, 18, 30, tzinfo=tz)
    busy = [Interval(datetime(2026, 11, 23, 19, 15, tzinfo=tz), datetime(2026, 11, 23, 21, tzinfo=tz))]
    windows = free_windows(
        parse_hours("mon 18:00-22:00"),
        busy,
        Interval(start, start + timedelta(hours=3)),
        tz,
        timedelta(minutes=60),
    )
    # 18:30-19:15 is too short; 21:00-21:30 is clipped by the period end and too short.
    assert windows == []
    windows = free_windows(
        parse_hours("mon 18:00-22:00"),
        busy,
        Interval(start, start + timedelta(hours=3)),
        tz,
        timedelta(minutes=30),
    )
    assert windows == [
        Interval(start, datetime(2026, 11, 23, 19, 15, tzinfo=tz)),
        Interval(datetime(2026, 11, 23, 21, tzinfo=tz), datetime(2026, 11, 23, 21, 30, tzinfo=tz)),
    ]
