"""Issue 11's properties over random calendars, activities and zones: no option overlaps an agreed
meeting or another open offer; an activity's hours hold unless --any-time (a call: both people
awake); two options share a day only when fewer free days than options exist; every nudge option
satisfies the invite's stored request (its hours, period, length, activity)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.calendar.finder import free_windows
from meetup.calendar.hours import parse_hours
from meetup.calendar.intervals import Interval
from meetup.followup.schedule import FollowupSettings, OpenInvite, plan, rules_for
from meetup.invite.activities import KNOWN, activity_for
from meetup.invite.chooser import choose_options
from meetup.invite.request import StoredRequest, satisfies

LONDON = ZoneInfo("Europe/London")
ZONES = [
    LONDON, ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo"),
    ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kolkata"),
]  # fmt: skip
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
ACTIVITIES = [*KNOWN, "board games"]
HOURS = ["mon-sun 07:00-23:00", "mon-fri 12:00-14:00,17:00-22:00; sat,sun 09:00-22:00", "sat,sun 10:00-18:00"]


def _inside(option: Interval, zone: ZoneInfo, hours: tuple[time, time]) -> bool:
    start, end = option.start.astimezone(zone), option.end.astimezone(zone)
    last = hours[1] if hours[1] != time(0) else time(23, 59, 59)
    return start.date() == end.date() and hours[0] <= start.time() and end.time() <= last


def _intervals(base: datetime, max_size: int) -> st.SearchStrategy[list[Interval]]:
    return st.lists(
        st.tuples(st.integers(0, 4 * 24 * 12), st.integers(2, 4 * 4)).map(
            lambda t: Interval(
                base + timedelta(minutes=15 * t[0]), base + timedelta(minutes=15 * (t[0] + t[1]))
            )
        ),
        max_size=max_size,
    )


@st.composite
def world(draw: st.DrawFn) -> tuple[list[Interval], list[Interval], list[Interval]]:
    """Free windows (availability minus a random calendar), agreed meetings, other open offers."""
    busy = draw(_intervals(NOW, 25))
    hours = parse_hours(draw(st.sampled_from(HOURS)))
    free = free_windows(hours, busy, Interval(NOW, NOW + timedelta(days=12)), LONDON, timedelta(minutes=30))
    return free, draw(_intervals(NOW, 6)), draw(_intervals(NOW, 8))


@settings(max_examples=150, deadline=None)
@given(
    case=world(),
    name=st.sampled_from(ACTIVITIES),
    friend_zone=st.sampled_from(ZONES),
    count=st.integers(1, 4),
    any_time=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_options_avoid_meetings_and_offers_and_keep_activity_hours(
    case: tuple[list[Interval], list[Interval], list[Interval]],
    name: str,
    friend_zone: ZoneInfo,
    count: int,
    any_time: bool,
    seed: int,
) -> None:
    free, meetings, offers = case
    activity = activity_for(name)
    request = StoredRequest(
        activity=name, duration_min=int(activity.duration.total_seconds() // 60), zone=LONDON.key,
        hours=HOURS[0], any_time=any_time, activity_hours=activity.hours_text if activity.hours else None,
        in_person=activity.in_person, options=count,
    )  # fmt: skip
    rules = rules_for(activity, request, count=count)
    got = choose_options(
        free,
        now=NOW,
        rules=rules,
        user_zone=LONDON,
        friend_zone=friend_zone,
        taken=[*meetings, *offers],
        seed=seed,
    )
    assert len(got) <= count and got == sorted(got)
    for n, option in enumerate(got):
        assert option.duration == activity.duration and any(w.contains(option) for w in free)
        assert not any(option.overlaps(m) for m in meetings), "never on top of an agreed meeting"
        assert not any(option.overlaps(o) for o in offers), "never a time on offer to someone else"
        assert not any(option.overlaps(other) for other in got[n + 1 :])
        if activity.hours is not None and not any_time:
            assert _inside(option, LONDON, activity.hours), f"{name} outside {activity.hours_text}"
        awake = (LONDON,) if activity.in_person else (LONDON, friend_zone)
        for zone in awake:
            assert _inside(option, zone, (time(8), time(22))), f"asleep in {zone.key}"
    days = [o.start.astimezone(LONDON).date() for o in got]
    if len(set(days)) < len(days):  # two on one day: only when no other free day had room
        others = choose_options(
            free, now=NOW, rules=rules, user_zone=LONDON, friend_zone=friend_zone,
            taken=[*meetings, *offers, *got], seed=seed,
        )  # fmt: skip
        assert all(o.start.astimezone(LONDON).date() in days for o in others)


@settings(max_examples=100, deadline=None)
@given(
    case=world(),
    name=st.sampled_from(ACTIVITIES),
    hours=st.sampled_from(HOURS),
    friend_zone=st.sampled_from(ZONES),
    start_day=st.integers(0, 3),
    length=st.integers(1, 10),
    limited=st.booleans(),
    any_time=st.booleans(),
)
def test_every_nudge_option_satisfies_the_invites_stored_request(
    case: tuple[list[Interval], list[Interval], list[Interval]],
    name: str,
    hours: str,
    friend_zone: ZoneInfo,
    start_day: int,
    length: int,
    limited: bool,
    any_time: bool,
) -> None:
    _, meetings, offers = case
    activity = activity_for(name)
    begin = NOW + timedelta(days=start_day)
    request = StoredRequest(
        activity=name, duration_min=int(activity.duration.total_seconds() // 60), zone=LONDON.key, hours=hours,
        not_before=begin.isoformat() if limited else None,
        not_after=(begin + timedelta(days=length)).isoformat() if limited else None,
        any_time=any_time, activity_hours=activity.hours_text if activity.hours else None,
        in_person=activity.in_person,
    )  # fmt: skip
    now = NOW + timedelta(days=2, hours=1)
    period = request.period(now)
    windows = (
        free_windows(parse_hours(hours), meetings, period, LONDON, request.duration)
        if period is not None
        else []
    )
    invite = OpenInvite(
        id=1, friend_name="Maria Garcia", friend_email="maria@example.org", friend_zone=friend_zone,
        activity=name, duration=request.duration, sent_at=NOW, subject="Lunch?", thread="<t@x>",
        previous=(), offered=(), top_position=3, request=request, user_zone=LONDON,
    )  # fmt: skip
    (item,) = plan([invite], now=now, settings=FollowupSettings(), free_time=lambda _: windows, busy=offers)
    if request.ended(now):
        assert item.ended and item.options == () and item.body is not None
        return
    for option in item.options:
        assert satisfies(request, option, windows), "inside the stored hours, period and length"
        assert not any(option.overlaps(o) for o in offers)
        if activity.hours is not None and not any_time:
            assert _inside(option, LONDON, activity.hours)
