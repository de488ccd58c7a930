"""The pure follow-up schedule: when the next step is due, which fresh times a nudge offers, and
what ``plan`` decides for each open invite. Every expectation is the whole value."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.calendar.intervals import Interval
from meetup.followup.schedule import FollowupSettings, OpenInvite, Step, next_step, plan
from meetup.invite.request import StoredRequest

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


# Which fresh times a nudge offers (notice, :00/:30, waking hours, one per day, activity hours) is
# the option chooser's job: tests/test_choose.py and tests/test_choose_rules.py.


# --------------------------------------------------------------------------- plan


def invite(
    ident: int,
    *,
    email: str | None = "f@example.org",
    sent: datetime = T0,
    previous: tuple[datetime, ...] = (),
    activity: str = "coffee",
) -> OpenInvite:
    option = Interval(T0 + timedelta(days=1, hours=8), T0 + timedelta(days=1, hours=9))
    return OpenInvite(
        id=ident,
        friend_name=f"Friend{ident} Doe",
        friend_email=email,
        friend_zone=TOKYO if ident >= 7 else BERLIN,
        activity=activity,
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
        user_zone=BERLIN,  # the user lives in Berlin: coffee is on Berlin's clock
    )


def test_plan_decides_every_case_and_goes_on_after_each() -> None:
    """Schedule (2, 2): a nudge two days after the invite, the last two days later, then give
    up two days after that. Each case is followed by others, so none may end the run."""
    now = T0 + timedelta(days=6)  # Sun 29 Nov, 09:00 UTC
    tomorrow = Interval(now + timedelta(days=1), now + timedelta(days=1, hours=3))  # Mon 09:00-12:00 UTC
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
        invite(8, activity="call"),  # a call with Tokyo, free only at midnight there: the friend's clock
    ]
    settings = FollowupSettings(schedule=(2, 2), transport="email", options=1)
    got = plan(invites, now=now, settings=settings, free_time=lambda i: free.get(i.id, [tomorrow]))
    first_nudge = Step(0, 1, "nudge", T0 + timedelta(days=2))
    assert [(p.invite.id, p.step, p.skipped) for p in got] == [
        (2, Step(2, 3, "gave_up", now), None),
        (3, Step(3, 1, "nudge", first_nudge.due), None),
        (4, Step(4, 1, "nudge", first_nudge.due), "calendars unreadable; retried next run"),
        (5, Step(5, 1, "nudge", first_nudge.due), "no free time to offer; retried next run"),
        (6, Step(6, 2, "nudge", now), None),
        (7, Step(7, 1, "nudge", first_nudge.due), None),
        (8, Step(8, 1, "nudge", first_nudge.due), "no free time to offer; retried next run"),
    ]
    assert [p.options for p in got[:4]] == [(), (), (), ()]
    assert [p.body for p in got[:4]] == [None, None, None, None]
    assert [p.remind for p in got] == [False, True, False, False, False, False, False]
    assert got[6].options == ()
    # one hour each inside tomorrow's free three hours, on :00/:30, never the same time twice
    (six,), (seven,) = got[4].options, got[5].options
    for option in (six, seven):
        assert tomorrow.contains(option) and option.duration == HOUR and option.start.minute in (0, 30)
    assert not six.overlaps(seven)
    last, tokyo = got[4].body, got[5].body
    assert last is not None and tokyo is not None
    # numbered after the two options already offered; in person, on the clock of the place (Berlin),
    # named for the friend in Tokyo only
    assert (
        f"\n3. Mon 30 Nov, {six.start.astimezone(BERLIN):%H:%M}-{six.end.astimezone(BERLIN):%H:%M}\n" in last
    )
    assert f"\n3. Mon 30 Nov, {seven.start.astimezone(BERLIN):%H:%M}-" in tokyo and "Berlin time" in tokyo
    assert "Berlin time" not in last
    # nothing promises a follow-up that is not scheduled; both greet by first name and sign off
    for body in (last, tokyo):
        assert "ask again" not in body and body.splitlines()[0].rstrip(",!").endswith(("Friend6", "Friend7"))
        assert body.rstrip().endswith("\nmeetup")  # FollowupSettings() signs as sender_name "meetup"


# --------------------------------------------------------------------------- rules_for


def test_a_nudge_keeps_the_invites_own_request() -> None:
    """An invite made with a request (length, activity hours, any time, in person or a call) is
    nudged by the same rules; an older invite without one falls back to the activity's own."""
    from meetup.followup.schedule import rules_for
    from meetup.invite.activities import activity_for
    from meetup.invite.chooser import ChoiceRules
    from meetup.invite.request import StoredRequest

    coffee, call = activity_for("coffee"), activity_for("call")
    assert rules_for(coffee, None, count=2) == ChoiceRules(
        timedelta(minutes=45), count=2, hours=(time(9), time(17)), in_person=True
    )
    assert rules_for(call, None, count=3, duration=timedelta(minutes=50)) == ChoiceRules(
        timedelta(minutes=50), count=3, hours=None, in_person=False
    )
    asked = StoredRequest(
        activity="lunch", duration_min=75, zone="Europe/Berlin", hours="mon-fri 09:00-18:00",
        activity_hours="11:30-14:30", any_time=True, in_person=False,
    )  # fmt: skip
    assert rules_for(coffee, asked, count=4) == ChoiceRules(
        timedelta(minutes=75), count=4, hours=(time(11, 30), time(14, 30)), any_time=True, in_person=False
    )
    anywhen = StoredRequest(
        activity="walk", duration_min=60, zone="Europe/Berlin", hours="", activity_hours=None
    )
    assert rules_for(coffee, anywhen, count=1) == ChoiceRules(
        timedelta(hours=1), count=1, hours=None, in_person=True
    )


# --------------------------------------------------------------------------- plan: the whole nudge

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # Sun 29 Nov
NOTICE = timedelta(hours=12)


def open_invite(ident: int, **kw: object) -> OpenInvite:
    values: dict[str, object] = dict(
        id=ident, friend_name="Samantha Lee", friend_email="sam@example.org", friend_zone=BERLIN,
        activity="coffee", duration=HOUR, sent_at=NOW - timedelta(days=3), subject="Coffee soon?",
        thread=None, previous=(), offered=(), top_position=2, user_zone=BERLIN, seed=5,
    )  # fmt: skip
    values.update(kw)
    return OpenInvite(**values)  # type: ignore[arg-type]


def request(**kw: object) -> StoredRequest:
    values: dict[str, object] = dict(activity="coffee", duration_min=60, zone="Europe/Berlin", hours="")
    values.update(kw)
    return StoredRequest(**values)  # type: ignore[arg-type]


def no_calendars(invite: OpenInvite) -> list[Interval] | None:
    raise AssertionError(f"invite {invite.id} must not read calendars")


def test_a_nudge_after_the_period_says_so_reads_its_thread_and_offers_nothing() -> None:
    """The hard end leaves less than the length after the 12 hours' notice: no new times, an honest
    last message, written after reading what the thread already said."""
    ends = request(not_after=(NOW + NOTICE + timedelta(minutes=59)).isoformat())
    past = (1, Interval(NOW - HOUR, NOW))
    threads: list[int] = []

    def history(ident: int) -> tuple[str, ...]:
        threads.append(ident)
        return ("Hi Samantha,",)

    got, after = plan(
        [open_invite(4, request=ends, offered=(past,)), open_invite(5, friend_email=None)], now=NOW,
        settings=FollowupSettings(), free_time=no_calendars, history=history,
    )  # fmt: skip
    assert threads == [4]
    assert (after.invite.id, after.remind, after.body) == (5, True, None)  # the run goes on
    assert (got.step, got.options, got.skipped, got.remind, got.ended, got.listed) == (
        Step(4, 1, "nudge", NOW - timedelta(days=1)), (), None, False, True, (),
    )  # fmt: skip
    assert got.invite == open_invite(4, request=ends, offered=(past,), used=("Hi Samantha,",))
    assert got.body == ENDED_BODY


ENDED_BODY = """Hey Samantha,

My window for this has run out, so I'll stop nudging you about it.

If you'd like to find another time, just reply and we'll sort something out.

Take care,
meetup
"""


def test_a_period_with_room_left_is_nudged_with_the_times_still_standing() -> None:
    """A time still on offer keeps a period open even when no fresh one fits any more. A time
    exactly 12 hours ahead still stands; one that started an hour ago does not. The nudge is
    written after reading the thread: it opens differently from the mail before."""
    still = (2, Interval(NOW + NOTICE, NOW + NOTICE + HOUR))  # Sun 22:00-23:00 Berlin
    gone = (1, Interval(NOW - HOUR, NOW))
    ends = request(not_after=(NOW + NOTICE + timedelta(minutes=59)).isoformat())
    got = plan(
        [open_invite(4, request=ends, offered=(gone, still))], now=NOW, settings=FollowupSettings(),
        free_time=lambda i: [], history=lambda ident: (EARLIER,),
    )  # fmt: skip
    (nudge,) = got
    assert nudge.invite.used == (EARLIER,)
    assert (nudge.options, nudge.skipped, nudge.ended, nudge.listed) == ((), None, False, (2,))
    assert nudge.body == STANDING_BODY


EARLIER = "Hi Samantha,\n\nStill keen if you are!"
STANDING_BODY = """Hey Samantha,

Just checking in on this one.

This one from before still works for me:
2. Sun 29 Nov, 22:00-23:00

Reply with a number and I'll put it in the calendar.

All the best,
meetup
"""


def test_fresh_times_fill_up_to_the_count_by_the_invites_request_and_seed() -> None:
    """``options = 3`` with one time still standing: two fresh ones, 90 minutes long as the invite
    asked, numbered after the invite's top number, in the thread's own subject, signed as set."""
    still = (2, Interval(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1, minutes=30)))
    free = [
        Interval(NOW + timedelta(days=d, hours=-1), NOW + timedelta(days=d, hours=8)) for d in (1, 2, 3, 4)
    ]
    settings = FollowupSettings(options=3, sender_name="Alex Morgan", signature="Al")
    asked = request(activity="lunch", duration_min=90)
    (got,) = plan(
        [open_invite(9, request=asked, offered=(still,), top_position=4, friend_given="Sammy", seed=11)],
        now=NOW, settings=settings, free_time=lambda i: free,
    )  # fmt: skip
    assert got.options == FRESH
    assert got.listed == (2, 5, 6)
    assert got.body == FRESH_BODY


# the standing Monday morning counts as chosen: the fresh ones go to other days and times of day
FRESH = (
    Interval(datetime(2026, 12, 1, 16, tzinfo=BERLIN), datetime(2026, 12, 1, 17, 30, tzinfo=BERLIN)),
    Interval(datetime(2026, 12, 3, 16, 30, tzinfo=BERLIN), datetime(2026, 12, 3, 18, tzinfo=BERLIN)),
)
FRESH_BODY = """Hello Sammy,

No pressure, but I'd still love to catch up.

I can still do this one from before:
2. Mon 30 Nov, 10:00-11:30

Some other times I could do:
5. Tue 1 Dec, 16:00-17:30
6. Thu 3 Dec, 16:30-18:00

A number is all I need, or just say if none work.

Cheers,
Al
"""


def test_without_a_stored_request_the_configured_activity_decides() -> None:
    """An invite made before requests were stored: the ``[activities]`` table's hours for its
    activity, the user's templates and the friend's vCard name."""
    free = [Interval(NOW + timedelta(days=1, hours=-2), NOW + timedelta(days=1, hours=10))]
    settings = FollowupSettings(
        options=1, activities={"coffee": {"hours": "15:00-17:00", "phrase": "a flat white"}},
        templates={"nudge": "$friend: $activity?\n$options\n$me"},
    )  # fmt: skip
    (got,) = plan(
        [open_invite(3, friend_given="Sammy")], now=NOW, settings=settings, free_time=lambda i: free
    )
    assert got.options == (
        Interval(
            datetime(2026, 11, 30, 15, 30, tzinfo=BERLIN), datetime(2026, 11, 30, 16, 30, tzinfo=BERLIN)
        ),
    )
    assert got.body == "Sammy: a flat white?\n3. Mon 30 Nov, 15:30-16:30\nmeetup\n"


def test_each_invite_finds_its_own_fresh_time_from_the_same_windows() -> None:
    """Two friends with the same free windows: the second gets another time, not nothing."""
    free = [Interval(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=4))]
    got = plan(
        [open_invite(1), open_invite(2)], now=NOW, settings=FollowupSettings(options=1),
        free_time=lambda i: free,
    )  # fmt: skip
    assert [p.options for p in got] == [
        (Interval(datetime(2026, 11, 30, 10, tzinfo=BERLIN), datetime(2026, 11, 30, 11, tzinfo=BERLIN)),),
        (Interval(datetime(2026, 11, 30, 11, tzinfo=BERLIN), datetime(2026, 11, 30, 12, tzinfo=BERLIN)),),
    ]
    assert [p.body.splitlines()[7] for p in got if p.body] == [
        "3. Mon 30 Nov, 10:00-11:00",
        "3. Mon 30 Nov, 11:00-12:00",
    ]
    assert [p.listed for p in got] == [(3,), (3,)]


def test_broken_activity_hours_in_a_stored_request_name_the_invite() -> None:
    from meetup.errors import MeetupError
    from meetup.followup.schedule import rules_for
    from meetup.invite.activities import activity_for

    with pytest.raises(MeetupError) as caught:
        rules_for(activity_for("coffee"), request(activity_hours="noon"), count=1)
    assert (
        str(caught.value)
        == "the invite's activity hours: hours 'noon' should look like 11:30-14:30 (or 'any')"
    )


def test_the_invites_own_activity_names_the_nudge() -> None:
    """The request says lunch (the invite's name field may be older): templates say lunch."""
    still = (2, Interval(NOW + NOTICE, NOW + NOTICE + HOUR))
    settings = FollowupSettings(templates={"nudge": "$activity"})
    (got,) = plan(
        [open_invite(1, activity="coffee", request=request(activity="lunch"), offered=(still,))],
        now=NOW, settings=settings, free_time=lambda i: [],
    )  # fmt: skip
    assert got.body == "lunch\n"
