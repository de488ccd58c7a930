"""Mutual free time (pure): friends' waking hours and busy time narrow the user's free windows."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from meetup.calendar.hours import WeeklyHours
from meetup.calendar.intervals import Interval, merge
from meetup.calendar.mutual import Member, busy_union, common_windows, intersect, waking_hours

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=zone)


def test_busy_friend_cuts_the_window() -> None:
    windows = [Interval(at(24, 18), at(24, 22))]
    ana = Member("Ana", None, (Interval(at(24, 19), at(24, 20)),))
    assert common_windows(windows, [ana], min_duration=timedelta(minutes=60)) == [
        Interval(at(24, 18), at(24, 19)),
        Interval(at(24, 20), at(24, 22)),
    ]


def test_short_leftovers_are_dropped() -> None:
    windows = [Interval(at(24, 18), at(24, 22))]
    ben = Member("Ben", None, (Interval(at(24, 18, 30), at(24, 21, 30)),))
    assert common_windows(windows, [ben], min_duration=timedelta(minutes=60)) == []
    assert common_windows(windows, [ben], min_duration=timedelta(minutes=30)) == [
        Interval(at(24, 18), at(24, 18, 30)),
        Interval(at(24, 21, 30), at(24, 22)),
    ]


def test_a_friend_far_away_keeps_options_in_their_waking_hours() -> None:
    # Berlin 18:00-22:00 is New York 12:00-16:00 (fine) but Tokyo 02:00-06:00 (asleep)
    windows = [Interval(at(24, 18), at(24, 22))]
    ny = Member("Ny", NEW_YORK)
    assert common_windows(windows, [ny], min_duration=timedelta(minutes=60)) == windows
    tokyo = Member("Kenji", TOKYO)
    assert common_windows(windows, [tokyo], min_duration=timedelta(minutes=60)) == []
    # a Berlin morning 07:00-12:00 is Tokyo 15:00-20:00: Kenji's whole waking evening fits
    morning = [Interval(at(25, 7), at(25, 12))]
    assert common_windows(morning, [tokyo], min_duration=timedelta(minutes=60)) == morning
    # with both friends nothing is left: the Berlin morning is 01:00-06:00 in New York
    assert common_windows(morning, [tokyo, ny], min_duration=timedelta(minutes=60)) == []


def test_members_combine_and_nothing_free_is_empty() -> None:
    windows = [Interval(at(24, 18), at(24, 22)), Interval(at(26, 18), at(26, 22))]
    ana = Member("Ana", BERLIN, (Interval(at(24, 17), at(24, 23)),))
    ben = Member("Ben", None, (Interval(at(26, 18), at(26, 19)),))
    assert common_windows(windows, [ana, ben], min_duration=timedelta(minutes=60)) == [
        Interval(at(26, 19), at(26, 22))
    ]
    assert common_windows([], [ana], min_duration=timedelta(minutes=30)) == []
    assert busy_union([ana, ben]) == [Interval(at(24, 17), at(24, 23)), Interval(at(26, 18), at(26, 19))]


def test_waking_hours_and_intersect() -> None:
    day = waking_hours((time(8), time(0)))
    assert day.days[0] == ((480, 1440),) and set(day.days) == set(range(7))
    assert waking_hours((time(7, 30), time(23, 15))) == WeeklyHours(
        {d: ((450, 1395),) for d in range(7)}, "mon-sun 07:30-23:15"
    )
    assert str(waking_hours()) == "mon-sun 08:00-22:00"
    a = [Interval(at(24, 8), at(24, 12)), Interval(at(24, 14), at(24, 18))]
    b = [Interval(at(24, 10), at(24, 15))]
    assert intersect(a, b) == [Interval(at(24, 10), at(24, 12)), Interval(at(24, 14), at(24, 15))]
    assert intersect(a, []) == []


ZONES = [BERLIN, NEW_YORK, TOKYO, ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Sydney"), None]
START = datetime(2026, 3, 20, tzinfo=UTC)  # spans Europe's and the US's DST changes


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    begin = START + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 21)))
    return Interval(begin, begin + timedelta(minutes=15 * draw(st.integers(1, 4 * 12))))


members = st.builds(
    Member,
    name=st.sampled_from(["Ana", "Ben", "Cleo", "Dev"]),
    zone=st.sampled_from(ZONES),
    busy=st.lists(intervals(), max_size=12).map(tuple),
)


@given(windows=st.lists(intervals(), max_size=10), group=st.lists(members, min_size=1, max_size=4))
def test_no_common_window_overlaps_busy_time_or_leaves_the_users(
    windows: list[Interval], group: list[Member]
) -> None:
    found = common_windows(windows, group, min_duration=timedelta(minutes=30))
    for window in found:
        assert window.duration >= timedelta(minutes=30)
        assert any(w.contains(window) for w in merge(windows))
        for member in group:
            assert not any(window.overlaps(b) for b in member.busy)
            if member.zone is not None:
                local_start = window.start.astimezone(member.zone)
                local_end = window.end.astimezone(member.zone)
                assert local_start.time() >= time(8)
                assert local_end.date() == local_start.date() and local_end.time() <= time(22)
    assert found == sorted(found)
