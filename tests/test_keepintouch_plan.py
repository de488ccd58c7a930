"""A connection week's pure parts: which days get calls, the personal line of each invite, and how
each call stands in `meetup week status`. The whole week through the CLI is in test_keepintouch_week.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetup.errors import UsageError
from meetup.keepintouch.week import Days, call_note, call_state, summary

MON = date(2026, 11, 30)


def test_week_days_fill_in_order_and_move_on_when_full() -> None:
    days = Days.starting(MON, 3, 2)
    assert days.days == [MON, date(2026, 12, 1), date(2026, 12, 2)]
    assert days.capacity == 6
    assert days.first_with_room() == MON
    assert days.candidates(MON) == [MON, date(2026, 12, 1), date(2026, 12, 2)]
    assert days.candidates(date(2026, 12, 1)) == [date(2026, 12, 1), date(2026, 12, 2)]
    days.take(MON)
    assert days.candidates(MON) == [MON, date(2026, 12, 1), date(2026, 12, 2)]  # one call of two taken
    days.take(MON)
    assert days.candidates(MON) == [date(2026, 12, 1), date(2026, 12, 2)]
    assert days.first_with_room() == date(2026, 12, 1)
    for day in (date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 2)):
        days.take(day)
    assert days.first_with_room() is None
    assert days.candidates(MON) == []
    with pytest.raises(ValueError, match=r"^2026-11-30 is full$"):
        days.take(MON)


def test_week_days_skip_days_without_hours() -> None:
    weekdays = Days.starting(date(2026, 11, 28), 5, 2, weekdays={0, 1, 2, 3, 4})  # from a Saturday
    assert weekdays.days == [MON + timedelta(days=n) for n in range(5)]
    assert Days.starting(date(2026, 11, 28), 3, 1, weekdays={5}).days == [
        date(2026, 11, 28), date(2026, 12, 5), date(2026, 12, 12),
    ]  # fmt: skip
    with pytest.raises(
        UsageError, match=r"^your hours leave no day of the week free; see `hours` in the config$"
    ):
        Days.starting(date(2026, 11, 28), 3, 1, weekdays=set())


def test_the_limits_of_days_and_calls_per_day() -> None:
    one = Days.starting(MON, 1, 1)
    assert (one.days, one.capacity) == ([MON], 1)
    most = Days.starting(MON, 31, 12)
    assert (most.days[0], most.days[-1], len(most.days), most.capacity) == (MON, date(2026, 12, 30), 31, 372)
    for count, per_day, message in ((0, 2, "--days must be 1..31, got 0"), (32, 2, "--days must be 1..31, got 32"),
                                    (3, 0, "--per-day must be 1..12, got 0"), (3, 13, "--per-day must be 1..12, got 13")):  # fmt: skip
        with pytest.raises(UsageError) as caught:
            Days.starting(MON, count, per_day)
        assert str(caught.value) == message


def test_the_personal_line_is_the_users_own_reason_else_one_about_them() -> None:
    assert (
        call_note("Loved your talk on heat pumps.", ask_phone=False, seed=1)
        == "Loved your talk on heat pumps."
    )
    assert call_note("  Loved your talk\n on heat pumps. ", ask_phone=True, seed=1) == (
        "Loved your talk on heat pumps. What's the best number to reach you?"
    )
    # no reason given: one about them, picked by the invite's seed (same seed, same line)
    assert [call_note(None, ask_phone=True, seed=s) for s in (1, 2, 7)] == [
        "I'd like to learn more about what you do, and see if there's a way I can be useful to you. "
        "What number should I call you on?",
        "I'd love to hear what you're working on these days, and whether there's anything I could help with. "
        "What's the best number to reach you?",
        "I'm curious what you're focused on at the moment, and happy to help where I can. "
        "What's the best number to reach you?",
    ]
    assert call_note("", ask_phone=False, seed=7) == (
        "I'm curious what you're focused on at the moment, and happy to help where I can."
    )
    assert len({call_note(None, ask_phone=True, seed=s) for s in range(40)}) > 4  # not one fixed text


def test_how_each_call_of_the_week_stands() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert call_state("accepted", now - timedelta(hours=1), now, False) == "called"
    assert call_state("accepted", now, now, False) == "called"  # ended this minute
    assert call_state("accepted", now + timedelta(minutes=1), now, False) == "booked"
    assert call_state("accepted", None, now, False) == "booked"
    assert call_state("open", None, now, True) == "called"  # met since: recorded by hand
    assert call_state(None, None, now, True) == "called"
    states = ("open", "unsent", "draft", "declined", "cancelled", "unanswered", None)
    assert [call_state(s, None, now, False) for s in states] == [
        "waiting", "waiting", "waiting", "declined", "declined", "no answer", "not invited",
    ]  # fmt: skip


def test_the_status_line_counts_each_state_in_a_fixed_order() -> None:
    states = ["waiting", "no answer", "called", "not invited", "waiting", "declined", "booked", "called"]
    assert summary(states) == "2 called, 1 booked, 2 waiting, 1 declined, 1 no answer, 1 not invited"
    assert summary(["no answer", "waiting", "no answer"]) == "1 waiting, 2 no answer"
    assert summary(["not invited"]) == "1 not invited"
    assert summary([]) == ""
