"""The rules of the pure core that a person would notice, each on a case built so that the rule
alone decides the outcome: the chooser's ranking, a clock time in a reply, and fresh nudge times.

Each test was checked against the broken rule (docs/testing.md lists the mutants): inverting or
removing the rule makes it fail, for every seed it tries.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.reader import read_text
from meetup.calendar.intervals import Interval
from meetup.invite.chooser import ChoiceRules, choose_options

BERLIN = ZoneInfo("Europe/Berlin")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
HOUR = ChoiceRules(duration=timedelta(hours=1), count=2)
SEEDS = range(20)


def at(day: int, hour: int, month: int = 3, year: int = 2026, zone: ZoneInfo = BERLIN) -> Interval:
    """One hour from ``hour``:00 local time: a free window that fits exactly one option."""
    start = datetime(year, month, day, hour, tzinfo=zone)
    return Interval(start, start + timedelta(hours=1))


def offered(windows: list[Interval], now: datetime, seed: int, **zones: ZoneInfo) -> list[Interval]:
    return choose_options(
        windows,
        now=now,
        rules=HOUR,
        user_zone=zones.get("user", BERLIN),
        friend_zone=zones.get("friend", BERLIN),
        seed=seed,
    )


# Mon 2 Mar 2026 is the first free day; the second option is chosen at least three days later,
# where the distance to the first no longer differs between the candidates.
NOW = datetime(2026, 3, 1, 8, tzinfo=BERLIN)
MONDAY_NOON = at(2, 12)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_early_morning_time_loses_to_an_evening_on_the_same_day(seed: int) -> None:
    """Thu 08:00 and Thu 18:00 are both free; 08:00 is at the edge of the day (before 10:00).
    On spread alone 08:00 would win (a new time of day, further from Monday noon)."""
    got = offered([MONDAY_NOON, at(5, 8), at(5, 18)], NOW, seed)
    assert got == [MONDAY_NOON, at(5, 18)]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_first_option_is_not_at_the_edge_of_the_day_when_daytime_is_free(seed: int) -> None:
    """The first option comes from the earliest candidates, but an 08:00 start ranks after
    comfortable times: of 08:00, 12:00, 12:30, 13:00 on Monday the first pick is never 08:00."""
    (first,) = choose_options(
        [at(2, 8), Interval(at(2, 12).start, at(2, 14).start)],
        now=NOW,
        rules=ChoiceRules(duration=timedelta(hours=1), count=1),
        user_zone=BERLIN,
        friend_zone=BERLIN,
        seed=seed,
    )
    assert first.start.astimezone(BERLIN).hour in (12, 13)


def test_an_edge_of_day_time_is_offered_when_nothing_else_is_free() -> None:
    assert offered([at(2, 8), at(5, 8)], NOW, 0) == [at(2, 8), at(5, 8)]


@pytest.mark.parametrize("seed", SEEDS)
def test_of_two_equal_evenings_a_week_apart_the_sooner_is_offered(seed: int) -> None:
    """Thu 5 Mar and Tue 10 Mar, both 18:00: equal in every way but the date."""
    got = offered([MONDAY_NOON, at(5, 18), at(10, 18)], NOW, seed)
    assert got == [MONDAY_NOON, at(5, 18)]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_time_round_in_both_zones_beats_one_round_only_for_the_user(seed: int) -> None:
    """Nepal moved from UTC+05:30 to +05:45 on 1 Jan 1986: Berlin 10:00 was 14:30 in Kathmandu
    on 31 Dec 1985 (round for both) and 14:45 a day later (round only for the user). Today's zones
    never switch between the two, so a historical week is the one place the rule decides."""
    now = datetime(1985, 12, 26, 8, tzinfo=BERLIN)
    first = at(27, 15, month=12, year=1985)
    round_for_both = at(31, 10, month=12, year=1985)
    round_for_user_only = at(1, 10, month=1, year=1986)
    got = offered([first, round_for_both, round_for_user_only], now, seed, friend=KATHMANDU)
    assert got == [first, round_for_both]
    assert round_for_both.start.astimezone(KATHMANDU).minute == 30
    assert round_for_user_only.start.astimezone(KATHMANDU).minute == 45


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("first_hour", "same_part", "other_part"),
    [
        (12, (16, 30), (10, 0)),  # noon is afternoon: a morning is the new part of the day
        (17, (20, 0), (15, 0)),  # 17:00 is evening: an afternoon is the new part of the day
    ],
)
def test_a_new_part_of_the_day_beats_a_little_more_distance(
    seed: int, first_hour: int, same_part: tuple[int, int], other_part: tuple[int, int]
) -> None:
    """Mon at FIRST, then Thu: the time further from FIRST lies in the same part of the day
    (morning < 12:00 <= afternoon < 17:00 <= evening), the nearer one in another part."""
    first = at(2, first_hour)
    same, other = (at(5, h).start.replace(minute=m) for h, m in (same_part, other_part))
    windows = [first, Interval(same, same + timedelta(hours=1)), Interval(other, other + timedelta(hours=1))]
    got = offered(windows, NOW, seed)
    assert got == [first, Interval(other, other + timedelta(hours=1))]


@pytest.mark.parametrize("seed", SEEDS)
def test_waking_hours_are_the_friends_own_day(seed: int) -> None:
    """Auckland is UTC+13 in March: Mon 20:00 in Berlin (19:00 UTC) is already Tue 08:00 there,
    awake on the friend's Tuesday although it is still Monday in UTC; Mon 12:00 Berlin is
    midnight in Auckland."""
    auckland = ZoneInfo("Pacific/Auckland")
    got = offered([at(2, 12), at(2, 20)], NOW, seed, friend=auckland)
    assert got == [at(2, 20)]
    assert at(2, 20).start.astimezone(auckland).isoformat() == "2026-03-03T08:00:00+13:00"


# --------------------------------------------------------------------------- replies

#: 1 = Tue 24 Nov 18:00, 2 = Thu 26 Nov 19:00, 3 = Sat 28 Nov 11:00 (Berlin)
OPTIONS = [
    Interval(datetime(2026, 11, d, h, tzinfo=BERLIN), datetime(2026, 11, d, h + 1, tzinfo=BERLIN))
    for d, h in ((24, 18), (26, 19), (28, 11))
]


@pytest.mark.parametrize(
    "text",
    ["Thursday 7pm works", "7 pm on Thursday is perfect", "thu 7PM works for me", "Let's do 7pm."],
)
def test_an_afternoon_clock_time_picks_the_evening_option(text: str) -> None:
    reading = read_text(text, OPTIONS, BERLIN)
    assert (reading.kind, reading.option) == ("yes", 2)


def test_a_morning_clock_time_picks_the_morning_option() -> None:
    reading = read_text("11am on Saturday works", OPTIONS, BERLIN)
    assert (reading.kind, reading.option) == ("yes", 3)


# --------------------------------------------------------------------------- nudges


def test_a_nudge_never_offers_a_time_already_on_offer(tmp_path: Path, seeded: Any) -> None:
    """The calendar is free exactly at the invite's two offered times and at one other time:
    the nudge offers only the other time, under a new number."""
    from meetup.followup.nudges import open_invites
    from meetup.followup.schedule import FollowupSettings, plan
    from meetup.store.db import connect

    db = tmp_path / "data" / "meetup.db"
    seeded.seed(db, 1, sent_at=seeded.T0)
    now = seeded.T0 + timedelta(days=2, hours=1)
    conn = connect(db, now)
    old = [
        Interval(datetime(2026, 11, d, 10, tzinfo=UTC), datetime(2026, 11, d, 11, tzinfo=UTC))
        for d in (27, 28)
    ]
    for position, option in enumerate(old, start=1):
        conn.execute(
            "UPDATE invite_options SET start_utc = ?, end_utc = ? WHERE invite_id = 1 AND position = ?",
            (option.start.isoformat(), option.end.isoformat(), position),
        )
    other = Interval(datetime(2026, 11, 29, 10, tzinfo=UTC), datetime(2026, 11, 29, 11, tzinfo=UTC))
    invites = open_invites(conn, ZoneInfo("UTC"))
    assert [o for _, o in invites[0].offered] == old
    (item,) = plan(invites, now=now, settings=FollowupSettings(), free_time=lambda invite: [*old, other])
    assert item.options == (other,)
    # coffee in person: inside coffee hours, on the clock of the place (the user's UTC)
    assert item.body is not None and "\n3. Sun 29 Nov, 10:00-11:00" in item.body
