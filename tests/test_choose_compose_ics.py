"""The pure parts of an invite: option choice (properties), messages, .ics files."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.calendar.intervals import Interval
from meetup.invite.activities import activity_for
from meetup.invite.chooser import ChoiceRules, choose_options
from meetup.invite.composer import InviteContext, compose_invite, compose_nudge
from meetup.invite.icsfile import holds_ics, request_ics

BERLIN = ZoneInfo("Europe/Berlin")
BASE = datetime(2026, 11, 23, 8, tzinfo=BERLIN)
ZONES = [BERLIN, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Lord_Howe")]

windows = st.lists(
    st.tuples(st.integers(0, 24 * 4 * 10), st.integers(2, 4 * 12)).map(
        lambda t: Interval(BASE + timedelta(minutes=15 * t[0]), BASE + timedelta(minutes=15 * (t[0] + t[1])))
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(
    free=windows,
    taken=windows,
    duration=st.sampled_from([30, 45, 60, 90, 120]),
    count=st.integers(1, 5),
    friend_zone=st.sampled_from(ZONES),
    seed=st.integers(0, 1000),
)
def test_options_obey_every_rule(
    free: list[Interval], taken: list[Interval], duration: int, count: int, friend_zone: ZoneInfo, seed: int
) -> None:
    now = BASE
    rules = ChoiceRules(duration=timedelta(minutes=duration), count=count)
    got = choose_options(
        free, now=now, rules=rules, user_zone=BERLIN, friend_zone=friend_zone, taken=taken, seed=seed
    )
    assert len(got) <= count
    assert got == sorted(got)
    for n, option in enumerate(got):
        assert option.duration == rules.duration
        assert any(w.contains(option) for w in free), "inside one free window"
        assert option.start >= now + rules.min_notice
        assert not any(option.overlaps(t) for t in taken)
        assert not any(option.overlaps(other) for other in got[n + 1 :])
        local = option.start.astimezone(BERLIN)
        assert local.minute in (0, 30) and local.second == 0
        start_f, end_f = option.start.astimezone(friend_zone), option.end.astimezone(friend_zone)
        assert time(8) <= start_f.time() and (end_f.time() <= time(22) and end_f.date() == start_f.date())
    assert got == choose_options(
        free, now=now, rules=rules, user_zone=BERLIN, friend_zone=friend_zone, taken=taken, seed=seed
    )


def test_options_spread_over_days_instead_of_bunching() -> None:
    evenings = [Interval(BASE.replace(day=d, hour=18), BASE.replace(day=d, hour=22)) for d in range(23, 30)]
    for seed in range(10):
        got = choose_options(
            evenings,
            now=BASE,
            rules=ChoiceRules(timedelta(hours=1)),
            user_zone=BERLIN,
            friend_zone=BERLIN,
            seed=seed,
        )
        assert len({o.start.date() for o in got}) == 3


def _context(seed: int, friend: str = "Sam Lee", zone: ZoneInfo | None = None, **kw: object) -> InviteContext:
    options = [Interval(BASE.replace(day=d, hour=18), BASE.replace(day=d, hour=19)) for d in (24, 26)]
    return InviteContext(
        "Alex", friend, activity_for("coffee"), options, BERLIN, zone, "New place!", seed, **kw
    )  # type: ignore[arg-type]


def test_message_names_friend_options_zone_and_how_to_answer() -> None:
    draft = compose_invite(_context(1, zone=ZoneInfo("Europe/London")))
    assert "Sam" in draft.body and "Lee" not in draft.body.split("\n")[0]
    assert "1. Tue 24 Nov, 17:00-18:00" in draft.body and "2. Thu 26 Nov, 17:00-18:00" in draft.body
    assert "(times in your zone, Europe/London)" in draft.body
    assert "New place!" in draft.body and "coffee" in draft.body
    assert "Alex" in draft.subject
    same_zone = compose_invite(_context(1, zone=BERLIN))
    assert "times in your zone" not in same_zone.body and "1. Tue 24 Nov, 18:00-19:00" in same_zone.body


def test_messages_vary_by_seed_and_are_reproducible() -> None:
    bodies = {compose_invite(_context(seed)).body for seed in range(20)}
    assert len(bodies) >= 12
    assert compose_invite(_context(5)) == compose_invite(_context(5))
    assert "Some fresh times" in compose_nudge(_context(5), 1).body


def test_templates_replace_the_phrasings() -> None:
    draft = compose_invite(
        _context(3, templates={"invite": "Yo $friend, $activity?\n$options\n-- $me ($unknown)"})
    )
    assert draft.body.startswith("Yo Sam, a coffee?\n1. Tue 24 Nov")
    assert draft.body.rstrip().endswith("-- Alex ($unknown)")


def test_subject_never_carries_control_characters() -> None:
    ctx = InviteContext(
        "Alex\r\nBcc: x@example.org", "Sam", activity_for("Board\ngames"), [], BERLIN, None, None, 1
    )
    assert "\n" not in compose_invite(ctx).subject and "\r" not in compose_invite(ctx).subject


def _both_parsers(data: bytes) -> icalendar.Calendar:
    from ical.calendar_stream import IcsCalendarStream

    stream = IcsCalendarStream.from_ics(data.decode())
    assert stream.calendars and stream.calendars[0].events
    return icalendar.Calendar.from_ical(data)


def test_holds_are_tentative_and_parse_in_two_parsers() -> None:
    options = [Interval(BASE.replace(day=d, hour=18), BASE.replace(day=d, hour=19)) for d in (24, 26)]
    cal = _both_parsers(
        holds_ics(
            uid_base="meetup-7", options=options, summary="Hold: coffee with Sam", zone=BERLIN, dtstamp=BASE
        )
    )
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["meetup-7-opt1", "meetup-7-opt2"]
    assert all(str(e["STATUS"]) == "TENTATIVE" and str(e["TRANSP"]) == "OPAQUE" for e in events)
    assert events[0]["DTSTART"].dt == options[0].start and cal.walk("VTIMEZONE")


def test_imip_request_has_what_mail_clients_need() -> None:
    data = request_ics(
        uid="meetup-7@example.org", sequence=1, start=BASE.replace(hour=18), end=BASE.replace(hour=19), zone=BERLIN,
        summary="Coffee\r\nX-Injected: yes", description="See you!", organizer=("Alex", "alex@example.org"),
        attendee=('Sam "The Man"\r\nLee', "sam@example.net"), dtstamp=datetime(2026, 11, 23, tzinfo=UTC),
    )  # fmt: skip
    cal = _both_parsers(data)
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "meetup-7@example.org" and int(event["SEQUENCE"]) == 1
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:sam@example.net"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert "\n" not in attendee.params["CN"] and '"' not in attendee.params["CN"]
    assert str(event["ORGANIZER"]) == "mailto:alex@example.org"
    assert "X-Injected" not in [k for k in event] and "\n" not in str(event["SUMMARY"])
    assert any(str(tz["TZID"]) == "Europe/Berlin" for tz in cal.walk("VTIMEZONE"))
