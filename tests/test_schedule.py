"""The pure follow-up schedule: when the next step is due, which fresh times a nudge offers, and
what ``plan`` decides for each open invite. Every expectation is the whole value."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.calendar.intervals import Interval
from meetup.followup.schedule import FollowupSettings, OpenInvite, Step, next_step, pick_options, plan

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


# --------------------------------------------------------------------------- next_step


def test_steps_carry_the_invite_and_give_up_after_the_last_gap_again() -> None:
    sent = T0
    nudges = (T0 + timedelta(days=2), T0 + timedelta(days=6), T0 + timedelta(days=13))
    assert next_step(7, sent, (), (2, 4, 7)) == Step(7, 1, "nudge", T0 + timedelta(days=2))
    assert next_step(7, sent, nudges[:2], (2, 4, 7)) == Step(7, 3, "nudge", nudges[1] + timedelta(days=7))
    assert next_step(7, sent, nudges, (2, 4, 7)) == Step(7, 4, "gave_up", nudges[2] + timedelta(days=7))


def test_no_schedule_gives_up_at_once() -> None:
    assert next_step(3, T0, (), ()) == Step(3, 1, "gave_up", T0)


# --------------------------------------------------------------------------- pick_options


def pick(windows: list[Interval], now: datetime, **rules: object) -> list[Interval]:
    return pick_options(windows, now=now, zone=rules.pop("zone", BERLIN), duration=HOUR, count=3, **rules)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("now", "first"),
    [
        (datetime(2026, 11, 23, 6, 17, 45, 123456, tzinfo=BERLIN), berlin(23, 18, 30)),
        (datetime(2026, 11, 23, 6, 30, tzinfo=BERLIN), berlin(23, 18, 30)),
        (datetime(2026, 11, 23, 6, 0, 0, 500, tzinfo=BERLIN), berlin(23, 18, 0)),
        (datetime(2026, 11, 23, 6, 44, tzinfo=BERLIN), berlin(23, 19, 0)),
    ],
)
def test_the_first_time_is_the_next_round_half_hour_after_the_notice(now: datetime, first: datetime) -> None:
    """Twelve hours' notice; the start rounds up to :00 or :30, to the second."""
    (got,) = pick([Interval(berlin(23, 17), berlin(23, 21))], now)
    assert got == Interval(first, first + HOUR)


def test_waking_hours_are_inclusive_and_a_window_as_long_as_the_meeting_fits() -> None:
    now = berlin(20, 0)
    windows = [
        Interval(berlin(23, 8), berlin(23, 9)),  # exactly one hour, from the first waking minute
        Interval(berlin(24, 21), berlin(24, 22)),  # ends at the last waking minute
        Interval(berlin(25, 7), berlin(25, 8, 30)),  # only 07:00 and 07:30 fit, both before waking
    ]
    assert pick(windows, now) == [
        Interval(berlin(23, 8), berlin(23, 9)),
        Interval(berlin(24, 21), berlin(24, 22)),
    ]


def test_one_time_per_day_and_never_more_than_asked() -> None:
    now = berlin(20, 0)
    windows = [Interval(berlin(23, 10), berlin(23, 12)), Interval(berlin(23, 18), berlin(23, 20))]
    windows += [Interval(berlin(d, 18), berlin(d, 19)) for d in (24, 25, 26)]
    assert [o.start for o in pick(windows, now)] == [berlin(23, 10), berlin(24, 18), berlin(25, 18)]


def test_waking_hours_are_the_friends_own_clock() -> None:
    """18:00 Berlin is 02:00 in Tokyo: asleep. 01:00 Berlin is 09:00 in Tokyo."""
    now = berlin(20, 0)
    windows = [Interval(berlin(23, 18), berlin(23, 19)), Interval(berlin(25, 1), berlin(25, 2))]
    assert pick(windows, now, zone=TOKYO) == [Interval(berlin(25, 1), berlin(25, 2))]
    assert pick(windows, now, zone=TOKYO, waking=(time(0), time(23, 59))) == windows


# --------------------------------------------------------------------------- plan


def invite(
    ident: int,
    *,
    email: str | None = "f@example.org",
    sent: datetime = T0,
    previous: tuple[datetime, ...] = (),
) -> OpenInvite:
    option = Interval(T0 + timedelta(days=1, hours=8), T0 + timedelta(days=1, hours=9))
    return OpenInvite(
        id=ident,
        friend_name=f"Friend{ident} Doe",
        friend_email=email,
        friend_zone=TOKYO if ident >= 7 else BERLIN,
        activity="coffee",
        duration=HOUR,
        sent_at=sent,
        subject="Coffee?",
        thread=None,
        previous=previous,
        offered=(
            (1, option),
            (2, Interval(option.start + timedelta(days=1), option.end + timedelta(days=1))),
        ),
        top_position=2,
    )


def test_plan_decides_every_case_and_goes_on_after_each() -> None:
    """Schedule (2, 2): a nudge two days after the invite, the last two days later, then give
    up two days after that. Each case is followed by others, so none may end the run."""
    now = T0 + timedelta(days=6)  # Sun 29 Nov, 09:00 UTC
    tomorrow = Interval(now + timedelta(days=1), now + timedelta(days=1, hours=2))  # Mon 09:00-11:00 UTC
    night_in_tokyo = Interval(
        now + timedelta(days=1, hours=6), now + timedelta(days=1, hours=7)
    )  # 00:00 there
    free: dict[int, list[Interval] | None] = {4: None, 5: [], 8: [night_in_tokyo]}
    invites = [
        invite(1, sent=now),  # sent just now: nothing due
        invite(2, previous=(T0 + timedelta(days=2), T0 + timedelta(days=4))),  # give up, due exactly now
        invite(3, email=None),  # due, but sent by hand (no address): the user is reminded instead
        invite(4),  # due, calendars unreadable
        invite(5),  # due, no free time
        invite(6, previous=(T0 + timedelta(days=4),)),  # the last nudge, due exactly now
        invite(7),  # a friend in Tokyo, offered what invite 6 did not take
        invite(8),  # in Tokyo too, free only at midnight there
    ]
    settings = FollowupSettings(schedule=(2, 2), transport="email")
    got = plan(invites, now=now, settings=settings, free_time=lambda i: free.get(i.id, [tomorrow]))
    first_nudge = Step(0, 1, "nudge", T0 + timedelta(days=2))
    assert [(p.invite.id, p.step, p.options, p.skipped) for p in got] == [
        (2, Step(2, 3, "gave_up", now), (), None),
        (3, Step(3, 1, "nudge", first_nudge.due), (), None),
        (4, Step(4, 1, "nudge", first_nudge.due), (), "calendars unreadable; retried next run"),
        (5, Step(5, 1, "nudge", first_nudge.due), (), "no free time to offer; retried next run"),
        (6, Step(6, 2, "nudge", now), (Interval(tomorrow.start, tomorrow.start + HOUR),), None),
        (7, Step(7, 1, "nudge", first_nudge.due), (Interval(tomorrow.start + HOUR, tomorrow.end),), None),
        (8, Step(8, 1, "nudge", first_nudge.due), (), "no free time to offer; retried next run"),
    ]
    assert [p.body for p in got[:4]] == [None, None, None, None]
    assert [p.remind for p in got] == [False, True, False, False, False, False, False]
    last, tokyo = got[4].body, got[5].body
    assert last is not None and tokyo is not None
    # numbered after the two options already offered, on the friend's own clock
    assert "  3. Mon 30 Nov, 10:00-11:00\n(times in Europe/Berlin)" in last
    assert "  3. Mon 30 Nov, 19:00-20:00\n(times in Asia/Tokyo)" in tokyo
    closing = "If now is a bad time, no worries, I'll ask again another time."
    assert last.rstrip().endswith(closing) and closing not in tokyo
