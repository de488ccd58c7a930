"""Group invites, the pure parts: reading multi-option answers, deciding, the tally, the messages
and the one iMIP REQUEST with every attendee (read back by icalendar and by ical)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from meetup.answers.group import read_group_text
from meetup.calendar.intervals import Interval
from meetup.group.composer import (
    compose_group_confirmation,
    compose_group_invite,
    compose_group_nudge,
    compose_group_sorry,
    group_request_ics,
)
from meetup.group.decide import (
    MemberAnswer,
    decide,
    default_decide_by,
    first_names,
    join_names,
    tally_sentence,
)
from meetup.invite.activities import activity_for
from meetup.invite.composer import InviteContext

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
OPTIONS = [
    Interval(datetime(2026, 11, 24, 19, tzinfo=BERLIN), datetime(2026, 11, 24, 21, tzinfo=BERLIN)),  # Tue
    Interval(datetime(2026, 11, 26, 19, tzinfo=BERLIN), datetime(2026, 11, 26, 21, tzinfo=BERLIN)),  # Thu
    Interval(datetime(2026, 11, 28, 12, tzinfo=BERLIN), datetime(2026, 11, 28, 14, tzinfo=BERLIN)),  # Sat
]
NUMBERED = dict(enumerate(OPTIONS, start=1))


@pytest.mark.parametrize(
    ("text", "kind", "chosen"),
    [
        ("1 and 3 work", "yes", {1, 3}),
        (
            "1 and 3 work for me!\n\nOn Mon, Alex wrote:\n> 1. Tue 24 Nov\n> 2. Thu 26 Nov\n> 3. Sat 28 Nov",
            "yes",
            {1, 3},
        ),
        ("Options 2 & 3 are both fine", "yes", {2, 3}),
        ("1, 3", "yes", {1, 3}),
        ("any but 2", "yes", {1, 3}),
        ("Anything but Thursday", "yes", {1, 3}),
        ("all except the second", "yes", {1, 3}),
        ("all good except 3", "yes", {1, 2}),
        ("all fine", "yes", {1, 2, 3}),
        ("Any of them works", "yes", {1, 2, 3}),
        ("I can do all of them", "yes", {1, 2, 3}),
        ("Either is fine, whatever suits the others", "yes", {1, 2, 3}),
        ("Thursday works", "yes", {2}),
        ("Tuesday and Saturday are good", "yes", {1, 3}),
        ("Not 2, but 1 and 3 are fine", "yes", {1, 3}),
        ("1 and 3. Can't do 2", "yes", {1, 3}),
        ("count me in for 1 and 2", "yes", {1, 2}),
        ("Thursday is fine, Tuesday not", "yes", {2}),
        ("1 und 3 passen", "yes", {1, 3}),
        ("Alle passen!", "yes", {1, 2, 3}),
        ("alle außer 2", "yes", {1, 3}),
        ("Dienstag und Samstag gehen", "yes", {1, 3}),
        ("1 y 3 me van bien", "yes", {1, 3}),
        ("todas menos la 2", "yes", {1, 3}),
        ("1 et 3 me conviennent", "yes", {1, 3}),
        ("toutes marchent", "yes", {1, 2, 3}),
        ("Sorry, can't make any of these", "no", set()),
        ("Can't make it, sorry", "no", set()),
        ("none of those work for me", "no", set()),
        ("ask me later, swamped this month", "later", set()),
        # never guess
        ("maybe 1 and 3", "ambiguous", set()),
        ("Friday works", "ambiguous", set()),
        ("yes!", "ambiguous", set()),
        ("Sounds good!", "ambiguous", set()),
        ("could we do 4 instead?", "ambiguous", set()),
        ("1 and 5 work", "ambiguous", set()),
        ("", "ambiguous", set()),
    ],
)
def test_group_answers_name_sets_of_options(text: str, kind: str, chosen: set[int]) -> None:
    reading = read_group_text(text, OPTIONS, BERLIN)
    assert (reading.kind, set(reading.options)) == (kind, chosen), reading.why


def test_a_single_option_group_takes_a_plain_yes() -> None:
    reading = read_group_text("Yes, count me in!", OPTIONS[:1], BERLIN)
    assert (reading.kind, set(reading.options)) == ("yes", {1})


NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
BY = datetime(2026, 11, 22, 9, tzinfo=UTC)


def answers(**given: str | None) -> list[MemberAnswer]:
    """``ana="1,3"``, ``ben="no"``, ``cleo=None`` (waiting)."""
    out = []
    for name, value in given.items():
        if value is None:
            out.append(MemberAnswer(name))
        elif value in ("no", "later"):
            out.append(MemberAnswer(name, value))
        else:
            out.append(MemberAnswer(name, "yes", frozenset(int(x) for x in value.split(","))))
    return out


def test_first_option_reaching_the_quorum_is_confirmed_at_once() -> None:
    group = answers(ana="2,3", ben="3", cleo=None, dev="2,3")
    decision = decide([1, 2, 3], group, quorum=3, now=NOW, decide_by=BY)
    assert (decision.action, decision.option, decision.can) == ("confirm", 3, ("ana", "ben", "dev"))
    # quorum 2: option 2 is earlier and already has two
    assert decide([1, 2, 3], group, quorum=2, now=NOW, decide_by=BY).option == 2


def test_waits_for_answers_until_the_deadline_then_proposes_the_best() -> None:
    group = answers(ana="1,2", ben="2", cleo=None, dev="no")
    assert decide([1, 2, 3], group, quorum=4, now=NOW, decide_by=BY).action == "wait"
    late = decide([1, 2, 3], group, quorum=4, now=BY, decide_by=BY)
    assert (late.action, late.option, late.can) == ("propose", 2, ("ana", "ben"))
    auto = decide([1, 2, 3], group, quorum=4, now=BY, decide_by=BY, auto=True)
    assert (auto.action, auto.option) == ("confirm", 2)


def test_everyone_answered_decides_before_the_deadline_and_ties_go_to_the_earlier() -> None:
    group = answers(ana="1", ben="3", cleo="no")
    decision = decide([1, 2, 3], group, quorum=3, now=NOW, decide_by=BY)
    assert (decision.action, decision.option) == ("propose", 1)
    nobody = decide([1, 2, 3], answers(ana="no", ben="later"), quorum=2, now=NOW, decide_by=BY)
    assert nobody.action == "give_up"


@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["no", "later"]), st.sets(st.integers(1, 4), min_size=1)),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 6),
    st.booleans(),
)
def test_decisions_never_pick_an_option_fewer_can_make(raw: list[object], quorum: int, late: bool) -> None:
    group = [
        MemberAnswer(
            f"m{i}",
            None if v is None else ("yes" if isinstance(v, set) else str(v)),
            frozenset(v) if isinstance(v, set) else frozenset(),
        )
        for i, v in enumerate(raw)
    ]
    quorum = min(quorum, len(group))
    decision = decide([1, 2, 3, 4], group, quorum=quorum, now=BY if late else NOW, decide_by=BY)
    counts = {p: sum(a.can(p) for a in group) for p in (1, 2, 3, 4)}
    if decision.action == "confirm" and not late:
        assert counts[decision.option or 0] >= quorum
    if decision.action in ("propose", "confirm") and decision.option is not None:
        assert len(decision.can) == counts[decision.option] > 0
        if decision.action == "propose":
            assert counts[decision.option] == max(counts.values())
    if decision.action == "wait":
        assert not late and any(a.answer is None for a in group) and max(counts.values()) < quorum


def test_default_decision_time() -> None:
    first = datetime(2026, 11, 30, 19, tzinfo=UTC)
    assert default_decide_by(first, NOW) == first - timedelta(days=3)
    soon = datetime(2026, 11, 21, 19, tzinfo=UTC)  # three days before is already past: halfway
    assert default_decide_by(soon, NOW) == NOW + (soon - NOW) / 2


def test_tally_names_by_first_name_and_leads_with_the_most() -> None:
    group = answers(**{"Ana Lima": "1", "Ben Okafor": "2", "Cleo Park": "2,1", "Dev Rao": None})
    shown = first_names([a.name for a in group])
    assert tally_sentence(NUMBERED, group, BERLIN, names=shown) == (
        "Ana and Cleo can do Tuesday, and Ben and Cleo can do Thursday."
    )
    assert tally_sentence(NUMBERED, answers(a="no"), BERLIN) == ""
    same_day = {
        1: OPTIONS[0],
        2: Interval(OPTIONS[0].start + timedelta(hours=3), OPTIONS[0].end + timedelta(hours=3)),
    }
    assert tally_sentence(same_day, answers(Ben="2"), BERLIN) == "Ben can do Tuesday 22:00."
    assert first_names(["Ana Lima", "Ana Souza", "Ben"]) == {
        "Ana Lima": "Ana L.",
        "Ana Souza": "Ana S.",
        "Ben": "Ben",
    }
    assert join_names(["Ben", "Cleo", "Dev"]) == "Ben, Cleo and Dev"


def ctx(name: str, zone: ZoneInfo | None, seed: int) -> InviteContext:
    return InviteContext(
        user_name="Alex", friend_name=name, activity=activity_for("dinner"), options=OPTIONS,
        user_zone=BERLIN, friend_zone=zone, note=None, seed=seed,
    )  # fmt: skip


def test_each_member_gets_a_personal_message_naming_the_others_by_first_name() -> None:
    people = {"Ana Lima": LONDON, "Ben Okafor": None, "Cleo Park": BERLIN}
    bodies = []
    for seed, (name, zone) in enumerate(people.items()):
        others = [n.split()[0] for n in people if n != name]
        draft = compose_group_invite(ctx(name, zone, seed * 7919), others)
        first = name.split()[0]
        assert first in draft.body.split("\n")[0]
        assert all(o in draft.body for o in others)
        for other in people:
            if other != name:
                assert other.split()[1] not in draft.body  # no surnames, no addresses
        assert "@" not in draft.body and "@" not in draft.subject
        bodies.append(draft.body)
    assert len(set(bodies)) == 3
    # an in-person dinner is on the place's clock (the user's), said as such to a friend elsewhere
    london = compose_group_invite(ctx("Ana Lima", LONDON, 1), ["Ben", "Cleo"]).body
    assert "1. Tue 24 Nov, 19:00-21:00" in london and "Berlin" in london
    # a call is on each friend's own clock
    call = InviteContext(
        user_name="Alex", friend_name="Ana Lima", activity=activity_for("call"), options=OPTIONS,
        user_zone=BERLIN, friend_zone=LONDON, note=None, seed=1,
    )  # fmt: skip
    assert "1. Tue 24 Nov, 18:00-" in compose_group_invite(call, ["Ben", "Cleo"]).body


def test_nudge_confirmation_and_sorry_texts() -> None:
    nudge = compose_group_nudge(ctx("Dev Rao", None, 3), "Ben and Cleo can do Thursday.", 1)
    assert "So far Ben and Cleo can do Thursday." in nudge.body and "Dev" in nudge.body
    assert "1. Tue 24 Nov" in nudge.body
    done = compose_group_confirmation(ctx("Ana Lima", LONDON, 3), OPTIONS[1], ["Ben", "Cleo"])
    assert "Thu 26 Nov, 19:00-21:00" in done.body and "with Ben and Cleo" in done.body
    sorry = compose_group_sorry(ctx("Dev Rao", None, 3), OPTIONS[1], BERLIN)
    assert "Thursday 26 November" in sorry.body and "Dev" in sorry.body


def test_one_request_lists_every_attendee_for_icalendar_and_ical() -> None:
    data = group_request_ics(
        uid="meetup-group-7@example.org", sequence=0, chosen=OPTIONS[1], zone=BERLIN, summary="Dinner with Ana, Ben and Cleo",
        organizer=("Alex", "alex@example.org"),
        attendees=[("Ana Lima", "ana@example.org", "ACCEPTED"), ("Ben Okafor", "ben@example.org", "ACCEPTED"),
                   ("Cleo Park", "cleo@example.org", "NEEDS-ACTION")],
        dtstamp=NOW,
    )  # fmt: skip
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    people = {str(a): (a.params["CN"], a.params["PARTSTAT"], a.params["RSVP"]) for a in event["ATTENDEE"]}
    assert people == {
        "mailto:ana@example.org": ("Ana Lima", "ACCEPTED", "TRUE"),
        "mailto:ben@example.org": ("Ben Okafor", "ACCEPTED", "TRUE"),
        "mailto:cleo@example.org": ("Cleo Park", "NEEDS-ACTION", "TRUE"),
    }
    assert str(event["ORGANIZER"]) == "mailto:alex@example.org"
    assert event.decoded("DTSTART") == OPTIONS[1].start
    [other] = IcsCalendarStream.from_ics(data.decode()).calendars[0].events
    assert sorted(a.uri for a in other.attendees) == [
        "mailto:ana@example.org", "mailto:ben@example.org", "mailto:cleo@example.org",
    ]  # fmt: skip
    assert other.uid == "meetup-group-7@example.org" and other.dtstart == OPTIONS[1].start


START = datetime(2026, 3, 23, tzinfo=UTC)  # spans Europe's DST change


@st.composite
def busy_lists(draw: st.DrawFn) -> tuple[Interval, ...]:
    found = []
    for _ in range(draw(st.integers(0, 10))):
        begin = START + timedelta(minutes=30 * draw(st.integers(0, 2 * 24 * 14)))
        found.append(Interval(begin, begin + timedelta(minutes=30 * draw(st.integers(1, 12)))))
    return tuple(found)


@given(
    st.lists(st.tuples(st.sampled_from([BERLIN, LONDON, ZoneInfo("America/New_York"), None]), busy_lists()),
             min_size=2, max_size=4),
    st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_no_group_option_overlaps_any_members_busy_time(
    group: list[tuple[ZoneInfo | None, tuple[Interval, ...]]], seed: int
) -> None:
    from meetup.calendar.finder import free_windows
    from meetup.calendar.hours import parse_hours
    from meetup.calendar.mutual import Member, common_windows
    from meetup.invite.chooser import ChoiceRules, choose_options

    period = Interval(START, START + timedelta(days=14))
    mine = free_windows(parse_hours("mon-sun 08:00-23:00"), [], period, BERLIN, timedelta(minutes=90))
    members = [Member(f"m{i}", zone, busy) for i, (zone, busy) in enumerate(group)]
    windows = common_windows(mine, members, min_duration=timedelta(minutes=90))
    options = choose_options(
        windows, now=START, rules=ChoiceRules(duration=timedelta(minutes=90), count=3), user_zone=BERLIN,
        friend_zone=BERLIN, seed=seed,
    )  # fmt: skip
    for option in options:
        for member in members:
            assert not any(option.overlaps(b) for b in member.busy)
            if member.zone is not None:
                start, end = option.start.astimezone(member.zone), option.end.astimezone(member.zone)
                assert start.hour >= 8 and (end.hour, end.minute) <= (22, 0) and start.date() == end.date()
