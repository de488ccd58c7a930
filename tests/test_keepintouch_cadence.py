"""Cadence arithmetic (months, leap years, DST nights) and the due list's ordering. Pure."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup.errors import UsageError
from meetup.keepintouch.cadence import (
    Cadence,
    add_months,
    iso_week,
    local_date,
    parse_cadence,
    parse_day,
    parse_span,
)
from meetup.keepintouch.due import Standing, due_list, effective_cadence, least_recent, next_up


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6w", Cadence(6, "w")), ("10d", Cadence(10, "d")), ("3m", Cadence(3, "m")), (" 2 weeks ", Cadence(2, "w")),
     ("1 Month", Cadence(1, "m"))],
)  # fmt: skip
def test_parse_cadence(text: str, expected: Cadence) -> None:
    assert parse_cadence(text) == expected


@pytest.mark.parametrize("text", ["", "6", "w", "0w", "6y", "-2d", "1.5w", "6 fortnights"])
def test_bad_cadence_names_the_option(text: str) -> None:
    with pytest.raises(UsageError, match=r"^--every .*: use a number and d, w or m"):
        parse_cadence(text)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),  # over the year end
        (date(2026, 12, 31), 14, date(2028, 2, 29)),
        (date(2026, 5, 10), -5, date(2025, 12, 10)),
    ],
)
def test_months_clamp_to_the_last_day(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_month_cadence_spans_the_real_month_length() -> None:
    monthly = Cadence(1, "m")
    assert monthly.days_from(date(2026, 2, 1)) == 28
    assert monthly.days_from(date(2026, 3, 1)) == 31
    assert Cadence(6, "w").days_from(date(2026, 3, 1)) == 42


def test_dst_nights_do_not_move_dates() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 23:30 local on the night clocks go back (25 Oct 2026) is still that local date
    late = datetime(2026, 10, 25, 22, 30, tzinfo=UTC)  # 23:30 CET
    assert local_date(late, berlin) == date(2026, 10, 25)
    assert Cadence(1, "w").after(local_date(late, berlin)) == date(2026, 11, 1)
    # spring forward in New York: a week after 8 March is 15 March, not a day earlier or later
    ny = ZoneInfo("America/New_York")
    early = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT, just after the jump
    assert local_date(early, ny) == date(2026, 3, 8)
    assert Cadence(7, "d").after(local_date(early, ny)) == date(2026, 3, 15)
    # a UTC evening is already tomorrow in Auckland
    assert local_date(datetime(2026, 4, 4, 13, 0, tzinfo=UTC), ZoneInfo("Pacific/Auckland")) == date(
        2026, 4, 5
    )


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 36))
def test_month_addition_properties(start: date, months: int) -> None:
    later = add_months(start, months)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    # the same day, or the month's last day when the month is shorter
    assert later.day == min(start.day, calendar.monthrange(later.year, later.month)[1])


def test_spans_days_and_iso_weeks() -> None:
    assert parse_span("7d", option="--within") == timedelta(days=7)
    assert parse_span("2w", option="--within") == timedelta(days=14)
    assert parse_span("0", option="--within") == timedelta(0)
    with pytest.raises(UsageError, match="--within '1m': give days or weeks"):
        parse_span("1m", option="--within")
    assert iso_week(date(2026, 11, 30)) == "2026-W49"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    today = date(2026, 11, 28)
    assert parse_day("yesterday", today=today, option="--on") == date(2026, 11, 27)
    with pytest.raises(UsageError, match="--on '28/11': give a date as YYYY-MM-DD"):
        parse_day("28/11", today=today, option="--on")


def test_spans_and_days_name_the_option_they_came_from() -> None:
    assert [parse_span(t, option="--within") for t in ("0d", " 0 ", "10d", "1 week")] == [
        timedelta(0), timedelta(0), timedelta(days=10), timedelta(days=7),
    ]  # fmt: skip
    with pytest.raises(UsageError) as caught:
        parse_span("soon", option="--within")
    assert str(caught.value) == (
        "--within 'soon': use a number and d, w or m (days, weeks, months), like 10d, 6w or 3m"
    )
    today = date(2026, 11, 28)
    assert [parse_day(t, today=today, option="--on") for t in ("today", " Today ", "YESTERDAY", "2026-11-02")] == [
        today, today, date(2026, 11, 27), date(2026, 11, 2),
    ]  # fmt: skip


def test_a_cadence_reads_as_words() -> None:
    cadences = ("1w", "6w", "1m", "3m", "1d", "10d")
    assert [parse_cadence(c).describe() for c in cadences] == [
        "every week", "every 6 weeks", "every month", "every 3 months", "every day", "every 10 days",
    ]  # fmt: skip
    assert [str(parse_cadence(c)) for c in ("6 weeks", "3 Months", "10 days")] == ["6w", "3m", "10d"]


TODAY = date(2026, 11, 28)


def _friend(n: int, name: str, every: str | None, last: date | None, set_on: date = date(2026, 1, 1),
            invite: int | None = None, tags: tuple[str, ...] = ()) -> Standing:  # fmt: skip
    return Standing(n, name, parse_cadence(every) if every else None, set_on, last, invite, frozenset(tags))


def test_due_list_orders_by_overdue_relative_to_cadence() -> None:
    friends = [
        _friend(1, "Weekly Wu", "1w", TODAY - timedelta(days=14)),  # 7 days late on 7: 1.0
        _friend(2, "Quarterly Quinn", "3m", date(2026, 7, 1)),  # due 1 Oct: 58 days late on 92: 0.63
        _friend(3, "Monthly Mo", "1m", date(2026, 9, 28)),  # due 28 Oct: 31 days late on 30: 1.03
        _friend(4, "Fresh Fay", "6w", TODAY - timedelta(days=3)),  # not due
        _friend(5, "No Cadence", None, None),
        _friend(6, "Never Met", "2w", None, set_on=date(2026, 11, 1), invite=42),  # due 15 Nov: 13 late on 14
    ]
    entries = due_list(friends, today=TODAY)
    assert [(d.friend, d.overdue_days, d.every_days) for d in entries] == [
        ("Monthly Mo", 31, 30),
        ("Weekly Wu", 7, 7),
        ("Never Met", 13, 14),
        ("Quarterly Quinn", 58, 92),
    ]
    assert entries[2].as_json() == {
        "friend": "Never Met", "last_contact": None, "every_days": 14, "overdue_days": 13, "open_invite": 42,
    }  # fmt: skip
    assert entries[1].as_json()["last_contact"] == "2026-11-14"
    assert next_up(entries) == entries[0]
    assert next_up(entries, skip=[3]) == entries[1]  # Weekly Wu
    assert next_up(entries, skip=[3, 1]) == entries[3]  # Never Met has an open invite: Quarterly Quinn


def test_equal_urgency_puts_the_longer_wait_first_and_due_today_is_next() -> None:
    friends = [
        _friend(1, "Weekly Wu", "1w", TODAY - timedelta(days=14)),  # 7 days late on 7
        _friend(2, "Fortnightly Fin", "2w", TODAY - timedelta(days=28)),  # 14 days late on 14
        _friend(3, "Today Tess", "10d", TODAY - timedelta(days=10)),  # due today
    ]
    entries = due_list(friends, today=TODAY)
    assert [(d.friend, d.due_on, d.overdue_days, d.every_days) for d in entries] == [
        ("Fortnightly Fin", date(2026, 11, 14), 14, 14),
        ("Weekly Wu", date(2026, 11, 21), 7, 7),
        ("Today Tess", TODAY, 0, 10),
    ]
    assert next_up(entries, skip=[1, 2]) == entries[2]  # due today is due


def test_within_includes_soon_due_and_tag_filters() -> None:
    friends = [
        _friend(4, "Fresh Fay", "1w", TODAY - timedelta(days=3), tags=("college",)),  # due in 4 days
        _friend(1, "Weekly Wu", "1w", TODAY - timedelta(days=7)),  # due today
    ]
    assert [d.friend for d in due_list(friends, today=TODAY)] == ["Weekly Wu"]
    soon = due_list(friends, today=TODAY, within=timedelta(days=7))
    assert [(d.friend, d.overdue_days) for d in soon] == [("Weekly Wu", 0), ("Fresh Fay", -4)]
    assert [d.friend for d in due_list(friends, today=TODAY, within=timedelta(days=7), tag="College")] == [
        "Fresh Fay"
    ]
    assert next_up(soon, skip=[1]) is None  # due later is not due yet


def test_never_contacted_counts_from_when_the_cadence_was_set() -> None:
    set_today = _friend(1, "New", "4w", None, set_on=TODAY)
    assert due_list([set_today], today=TODAY) == []
    assert due_list([set_today], today=TODAY + timedelta(days=28))[0].overdue_days == 0


def test_own_cadence_wins_else_the_most_frequent_tag() -> None:
    defaults = {"college": Cadence(8, "w"), "family": Cadence(2, "w")}
    tags = {"college": date(2026, 1, 5), "family": date(2026, 3, 1), "misc": date(2026, 1, 1)}
    assert effective_cadence(None, None, tags, defaults) == (Cadence(2, "w"), date(2026, 3, 1))
    assert effective_cadence(Cadence(6, "w"), date(2026, 2, 2), tags, defaults) == (
        Cadence(6, "w"),
        date(2026, 2, 2),
    )
    assert effective_cadence(None, None, {"misc": date(2026, 1, 1)}, defaults) == (None, None)
    assert effective_cadence(None, None, {}, defaults) == (None, None)


def test_tags_as_frequent_as_each_other_anchor_on_the_earliest_given_then_the_first_by_name() -> None:
    defaults = {"college": Cadence(14, "d"), "family": Cadence(2, "w"), "club": Cadence(1, "w"), "gym": Cadence(7, "d")}  # fmt: skip

    def by_tags(**tags: date) -> tuple[Cadence | None, date | None]:
        return effective_cadence(None, None, tags, defaults)

    # two weeks either way: the tag given first counts from its day
    assert by_tags(family=date(2026, 3, 1), college=date(2026, 1, 5)) == (Cadence(14, "d"), date(2026, 1, 5))
    assert by_tags(college=date(2026, 3, 1), family=date(2026, 1, 5)) == (Cadence(2, "w"), date(2026, 1, 5))
    # given on the same day: the first tag by name, whichever order the tags come in
    same_day = date(2026, 2, 2)
    assert (
        by_tags(gym=same_day, club=same_day)
        == by_tags(club=same_day, gym=same_day)
        == (Cadence(1, "w"), same_day)
    )


def test_least_recent_puts_never_contacted_first() -> None:
    friends = [
        _friend(1, "Seen Long Ago", None, date(2025, 1, 1)),
        _friend(2, "Seen Lately", None, date(2026, 11, 1)),
        _friend(3, "Zed Never", None, None),
        _friend(4, "Amy Never", None, None),
    ]
    since = {3: date(2026, 1, 1), 4: date(2026, 6, 1)}
    assert [f.name for f in least_recent(friends, since=since)] == [
        "Zed Never",
        "Amy Never",
        "Seen Long Ago",
        "Seen Lately",
    ]
    # a friend added by hand has no connection date: among the never contacted, as if known longest
    by_hand = _friend(5, "Bo By-Hand", None, None)
    assert [f.name for f in least_recent([*friends, by_hand], since=since)] == [
        "Bo By-Hand",
        "Zed Never",
        "Amy Never",
        "Seen Long Ago",
        "Seen Lately",
    ]
    assert [f.name for f in least_recent(friends)] == [
        "Amy Never",
        "Zed Never",
        "Seen Long Ago",
        "Seen Lately",
    ]


def test_ties_sort_by_name_as_people_read_it() -> None:
    same = [
        _friend(n, name, "1w", TODAY - timedelta(days=9)) for n, name in enumerate(["Zoe", "Ólafur", "Ngozi"])
    ]
    assert [d.friend for d in due_list(same, today=TODAY)] == ["Ngozi", "Ólafur", "Zoe"]


_standings = st.lists(
    st.builds(
        Standing,
        friend_id=st.integers(1, 10_000),
        name=st.sampled_from(["Ana", "Ben", "Cleo", "Ólafur", "Zoe"]),
        cadence=st.one_of(st.none(), st.builds(Cadence, st.integers(1, 12), st.sampled_from("dwm"))),
        cadence_set_on=st.dates(min_value=date(2025, 1, 1), max_value=TODAY),
        last_contact=st.one_of(st.none(), st.dates(min_value=date(2025, 1, 1), max_value=TODAY)),
        open_invite=st.one_of(st.none(), st.integers(1, 99)),
    ),
    max_size=30,
)


@given(_standings, st.integers(0, 60))
def test_due_list_properties(friends: list[Standing], within: int) -> None:
    horizon = TODAY + timedelta(days=within)
    entries = due_list(friends, today=TODAY, within=timedelta(days=within))
    urgencies = [e.urgency for e in entries]
    assert urgencies == sorted(urgencies, reverse=True)  # most overdue (relative) first
    listed = {id(e) for e in entries}
    assert len(listed) == len(entries)
    for entry in entries:
        assert entry.due_on <= horizon and entry.overdue_days == (TODAY - entry.due_on).days
        assert entry.every_days >= 1
    # everyone with a cadence due by the horizon is listed, nobody else
    expected = sum(
        1
        for f in friends
        if f.cadence is not None and f.cadence.after(f.last_contact or f.cadence_set_on or TODAY) <= horizon
    )
    assert len(entries) == expected
    # the first listed who is due (not merely soon) and has no open invite; nobody when none is
    assert next_up(entries) == next(
        (e for e in entries if e.open_invite is None and e.overdue_days >= 0), None
    )
