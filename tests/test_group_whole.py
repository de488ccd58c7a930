"""Group invites as the friends and the user see them: which time is picked and why, word for word."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.calendar.intervals import Interval
from meetup.group.composer import (
    compose_group_confirmation,
    compose_group_invite,
    compose_group_nudge,
    compose_group_sorry,
    group_request_ics,
)
from meetup.group.decide import (
    Decision,
    decide,
    default_decide_by,
    first_names,
    join_names,
    tally_sentence,
)
from meetup.invite.activities import activity_for
from meetup.invite.composer import Draft, InviteContext
from meetup.invite.wording import sentences
from tests.test_group_pure import BERLIN, BY, LONDON, NOW, NUMBERED, OPTIONS, answers, ctx

# --------------------------------------------------------------------------- deciding


@pytest.mark.parametrize(
    ("group", "quorum", "now", "auto", "expected"),
    [
        # the first option (in the order offered) that reaches the quorum, at once
        (
            dict(ana="2,3", ben="3", cleo=None, dev="2,3"), 3, NOW, False,
            Decision("confirm", 3, ("ana", "ben", "dev"), "3 of 4 can make it"),
        ),
        (
            dict(ana="2,3", ben="3", cleo=None, dev="2,3"), 2, NOW, False,
            Decision("confirm", 2, ("ana", "dev"), "2 of 4 can make it"),
        ),
        # exactly the quorum is enough, even after the decision time
        (dict(ana="1", ben="no"), 1, BY, False, Decision("confirm", 1, ("ana",), "1 of 2 can make it")),
        # short of the quorum with someone still to answer: wait until the decision time
        (
            dict(ana="1,2", ben="2", cleo=None, dev="no"), 4, NOW, False,
            Decision("wait", why="waiting for 1 answer(s) until 2026-11-22 09:00"),
        ),
        (
            dict(ana=None, ben=None, cleo="1"), 2, BY - timedelta(minutes=1), False,
            Decision("wait", why="waiting for 2 answer(s) until 2026-11-22 09:00"),
        ),
        # the decision time has come (to the minute): the option most can make, proposed to the user
        (
            dict(ana="1,2", ben="2", cleo=None, dev="no"), 4, BY, False,
            Decision("propose", 2, ("ana", "ben"), "the time to decide has come; 2 of 4 can make it (wanted 4)"),
        ),
        # ... or confirmed when the user lets meetup decide
        (
            dict(ana="1,2", ben="2", cleo=None, dev="no"), 4, BY, True,
            Decision("confirm", 2, ("ana", "ben"), "the time to decide has come; 2 of 4 can make it (wanted 4)"),
        ),
        # everyone answered before the decision time: decided now; equal counts go to the earlier
        (
            dict(ana="1", ben="3", cleo="no"), 3, NOW, False,
            Decision("propose", 1, ("ana",), "everyone has answered; 1 of 3 can make it (wanted 3)"),
        ),
        (
            dict(ana="3", ben="2,3", cleo="later"), 3, NOW, False,
            Decision("propose", 3, ("ana", "ben"), "everyone has answered; 2 of 3 can make it (wanted 3)"),
        ),
        # nobody can make any option
        (dict(ana="no", ben="later"), 2, NOW, False, Decision("give_up", why="nobody can make any of the options")),
        (dict(ana="no", ben=None), 2, BY, True, Decision("give_up", why="nobody can make any of the options")),
    ],
)  # fmt: skip
def test_the_decision_and_the_reason_given_for_it(
    group: dict[str, str | None], quorum: int, now: datetime, auto: bool, expected: Decision
) -> None:
    assert decide([1, 2, 3], answers(**group), quorum=quorum, now=now, decide_by=BY, auto=auto) == expected


def test_options_are_tried_in_the_order_offered() -> None:
    group = answers(ana="1,3", ben="1,3", cleo="no")
    assert decide([3, 1], group, quorum=2, now=NOW, decide_by=BY) == Decision(
        "confirm", 3, ("ana", "ben"), "2 of 3 can make it"
    )
    assert decide([3, 1], group, quorum=3, now=NOW, decide_by=BY) == Decision(
        "propose", 3, ("ana", "ben"), "everyone has answered; 2 of 3 can make it (wanted 3)"
    )


def test_no_options_left_gives_up() -> None:
    assert decide([], answers(ana="1"), quorum=1, now=BY, decide_by=BY) == Decision(
        "give_up", why="nobody can make any of the options"
    )


def test_the_default_decision_time_is_three_days_before_or_halfway_there() -> None:
    assert default_decide_by(datetime(2026, 11, 30, 19, tzinfo=UTC), NOW) == datetime(
        2026, 11, 27, 19, tzinfo=UTC
    )
    # three days before leaves exactly one day: still three days before
    assert default_decide_by(datetime(2026, 11, 24, 9, tzinfo=UTC), NOW) == datetime(
        2026, 11, 21, 9, tzinfo=UTC
    )
    # a minute less than a day: halfway between now and the first option
    assert default_decide_by(datetime(2026, 11, 24, 8, 58, tzinfo=UTC), NOW) == datetime(
        2026, 11, 22, 8, 59, tzinfo=UTC
    )


# --------------------------------------------------------------------------- naming and the tally


def test_first_names_add_an_initial_only_where_two_share_one() -> None:
    assert first_names(["Ana Lima", "Ana Souza", "Ana", "Ben  Okafor", "Cleo Park", ""]) == {
        "Ana Lima": "Ana L.",
        "Ana Souza": "Ana S.",
        "Ana": "Ana",
        "Ben  Okafor": "Ben",
        "Cleo Park": "Cleo",
        "": "?",
    }
    assert first_names(["Ana Maria Lima", "Ana Souza"]) == {"Ana Maria Lima": "Ana L.", "Ana Souza": "Ana S."}


def test_first_names_are_the_names_a_greeting_uses() -> None:
    # a title is never a name; a name filed surname first is still called by its first name
    assert first_names(["Dr. Maria Garcia", "Garcia, Maria", "Prof. Ben Okafor", "Cleo", "Dr."]) == {
        "Dr. Maria Garcia": "Maria G.",
        "Garcia, Maria": "Maria G.",
        "Prof. Ben Okafor": "Ben",
        "Cleo": "Cleo",
        "Dr.": "Dr.",
    }
    assert first_names(["Lima, Ana", "Souza, Ana"]) == {"Lima, Ana": "Ana L.", "Souza, Ana": "Ana S."}


def test_names_are_joined_as_in_a_sentence() -> None:
    assert [join_names(n) for n in ([], ["Ben"], ["Ben", "Cleo"], ["Ben", "Cleo", "Dev"])] == [
        "",
        "Ben",
        "Ben and Cleo",
        "Ben, Cleo and Dev",
    ]


FOUR = {
    **NUMBERED,
    4: Interval(OPTIONS[2].start + timedelta(hours=6), OPTIONS[2].end + timedelta(hours=6)),  # Sat 18:00
}


@pytest.mark.parametrize(
    ("options", "group", "most", "expected"),
    [
        (
            NUMBERED, {"Ana Lima": "1,3", "Ben Okafor": "1,3", "Cleo Park": "2", "Dev Rao": "2", "Eve": "1"}, 2,
            "Ana Lima, Ben Okafor and Eve can do Tuesday, and Cleo Park and Dev Rao can do Thursday.",
        ),
        (
            NUMBERED, {"Ana Lima": "1,3", "Ben Okafor": "1,3", "Cleo Park": "2", "Dev Rao": "2", "Eve": "1"}, 1,
            "Ana Lima, Ben Okafor and Eve can do Tuesday.",
        ),
        (NUMBERED, {"Ana": "3", "Ben": "2"}, 2, "Ben can do Thursday, and Ana can do Saturday."),
        # the same people on two options share a clause; two options on one day carry their times
        (FOUR, {"Ana": "4,3", "Ben": "3,4"}, 2, "Ana and Ben can do Saturday 12:00 or Saturday 18:00."),
        (FOUR, {"Ana": "3,4", "Ben": "3,4,1"}, 3, "Ana and Ben can do Saturday 12:00 or Saturday 18:00, and Ben can do Tuesday."),
        (NUMBERED, {"Ana": "no", "Ben": None}, 2, ""),
    ],
)  # fmt: skip
def test_the_tally_friends_are_told(
    options: dict[int, Interval], group: dict[str, str | None], most: int, expected: str
) -> None:
    assert tally_sentence(options, answers(**group), BERLIN, most=most) == expected


def test_the_tally_uses_the_names_the_reader_knows_and_the_readers_days() -> None:
    group = answers(**{"Ana Lima": "1", "Ben Okafor": "1"})
    assert (
        tally_sentence(NUMBERED, group, BERLIN, names={"Ana Lima": "Ana"})
        == "Ana and Ben Okafor can do Tuesday."
    )
    # 19:00 in Berlin on Tuesday is Wednesday's small hours in Tokyo
    assert (
        tally_sentence(NUMBERED, group, ZoneInfo("Asia/Tokyo")) == "Ana Lima and Ben Okafor can do Wednesday."
    )


# --------------------------------------------------------------------------- the messages


def test_the_invite_word_for_word_to_a_friend_in_another_zone() -> None:
    draft = compose_group_invite(ctx("Ana Lima", LONDON, 1), ["Ben", "Cleo"])
    assert draft == Draft(
        "Dinner: you, Ben, Cleo and me?",
        """Hey Ana!

I'm asking Ben and Cleo too: would you be up for dinner?

These times work for me:
1. Tue 24 Nov, 19:00-21:00
2. Thu 26 Nov, 19:00-21:00
3. Sat 28 Nov, 12:00-14:00
(Berlin time)

Reply with all the numbers you could do, like "2 and 3" or "any of them", and I'll sort out the rest. \
If none of them fit, just say so.

Speak soon,
Alex
""",
    )


def test_the_invite_with_a_note_and_the_users_signature() -> None:
    context = replace(ctx("Ben Okafor", None, 5), note="The new Thai place\non Elm Street!", signature="A.")
    assert compose_group_invite(context, ["Ana", "Cleo", "Dev"]) == Draft(
        "Dinner with Ana, Cleo and Dev?",
        """Hello Ben,

I'd love to get Ana, Cleo, Dev and you round a table for dinner. The new Thai place on Elm Street!

These times work for me:
1. Tue 24 Nov, 19:00-21:00
2. Thu 26 Nov, 19:00-21:00
3. Sat 28 Nov, 12:00-14:00

Reply with all the numbers you could do, like "2 and 3" or "any of them", and I'll sort out the rest. \
If the timing's bad, say so, no pressure.

Speak soon,
A.
""",
    )


@pytest.mark.parametrize(
    ("seed", "subject", "opener"),
    [
        (0, "Getting together for dinner?",
         "I'm trying to get a few of us together for dinner: you, Ana, Cleo and me."),
        (2, "Dinner together soon?", "I'm asking Ana and Cleo too: would you be up for dinner?"),
        (6, "Dinner: you, Ana, Cleo and me?",
         "How about dinner with Ana, Cleo and me? It's been ages since we were all in one place."),
    ],
)  # fmt: skip
def test_every_way_of_naming_the_group(seed: int, subject: str, opener: str) -> None:
    draft = compose_group_invite(ctx("Ben Okafor", None, seed), ["Ana", "Cleo"])
    assert (draft.subject, draft.body.split("\n\n")[1]) == (subject, opener)


def test_a_nudge_says_nothing_the_invite_said() -> None:
    invite = compose_group_invite(ctx("Ana Lima", LONDON, 1), ["Ben", "Cleo"])
    context = replace(ctx("Ana Lima", LONDON, 1), used=(invite.body,))
    # (the subject is the invite's when queued: tests/test_group_e2e.py)
    assert compose_group_nudge(context, "Ben and Cleo can do Thursday.", 1) == Draft(
        "Re: dinner?",
        """Hello Ana,

Still hoping you can join us! So far Ben and Cleo can do Thursday.

The times again:
1. Tue 24 Nov, 19:00-21:00
2. Thu 26 Nov, 19:00-21:00
3. Sat 28 Nov, 12:00-14:00
(times are Berlin time)

Which of these could you make? Name all that work ("1 and 3", "any but 2", "all fine") and I'll pick \
the one that suits most of us.

Best,
Alex
""",
    )
    # with nobody yes yet
    assert compose_group_nudge(ctx("Ana Lima", LONDON, 1), "", 1) == Draft(
        "Re: dinner?",
        """Hello Ana,

Still hoping you can join us!

The times again:
1. Tue 24 Nov, 19:00-21:00
2. Thu 26 Nov, 19:00-21:00
3. Sat 28 Nov, 12:00-14:00
(Berlin time)

Which of these could you make? Name all that work ("1 and 3", "any but 2", "all fine") and I'll pick \
the one that suits most of us.

Best,
Alex
""",
    )


@settings(deadline=None)  # the first example composes cold; mutation runs trace every line
@given(st.integers(0, 2**32 - 1), st.integers(1, 2))
def test_no_message_of_a_group_thread_repeats_a_sentence_of_an_earlier_one(seed: int, attempts: int) -> None:
    thread = [compose_group_invite(ctx("Ana Lima", LONDON, seed), ["Ben", "Cleo"]).body]
    for attempt in range(1, attempts + 1):
        context = replace(ctx("Ana Lima", LONDON, seed), used=tuple(thread))
        thread.append(compose_group_nudge(context, "Ben can do Thursday.", attempt).body)
    context = replace(ctx("Ana Lima", LONDON, seed), used=tuple(thread))
    thread.append(compose_group_confirmation(context, OPTIONS[1], ["Ben"]).body)
    prose = ["\n".join(line for line in body.splitlines() if not line[:1].isdigit()) for body in thread]
    said = [s for body in prose for s in sentences(body)]
    # two nudges (the default schedule) with three ways to ask; the signature, "The times again:"
    # and an unchanged tally are facts, not phrasings
    facts = {"alex", "the times again:", "so far ben can do thursday."}
    assert {s for s in said if said.count(s) > 1} <= facts


def test_the_confirmation_says_when_on_each_clock_and_who_comes() -> None:
    call = InviteContext(
        user_name="Alex", friend_name="Ana Lima", activity=activity_for("call"), options=OPTIONS,
        user_zone=BERLIN, friend_zone=LONDON, note=None, seed=1,
    )  # fmt: skip
    assert compose_group_confirmation(call, OPTIONS[0], ["Ben"]) == Draft(
        "Call: Tue 24 Nov, 18:00-20:00",
        """Hey there Ana!

Great news, we have a date: Tue 24 Nov, 18:00-20:00 your time (19:00 for me), with Ben.

The calendar invitation is attached.

All the best,
Alex
""",
    )
    # in person: on the place's clock, named for a friend elsewhere
    assert compose_group_confirmation(ctx("Ana Lima", LONDON, 3), OPTIONS[1], ["Ben", "Cleo"]) == Draft(
        "Dinner: Thu 26 Nov, 19:00-21:00",
        """Hey Ana!

Done, here's the plan: Thu 26 Nov, 19:00-21:00 Berlin time, with Ben and Cleo.

The calendar invitation is attached.

See you soon,
Alex
""",
    )
    # the same zone and nobody else coming: just the time
    assert compose_group_confirmation(ctx("Ben Okafor", None, 4), OPTIONS[1], []) == Draft(
        "Dinner: Thu 26 Nov, 19:00-21:00",
        "Hey Ben,\n\nIt's settled: Thu 26 Nov, 19:00-21:00.\n\nThe calendar invitation is attached.\n\nTalk soon,\nAlex\n",
    )


def test_the_sorry_names_the_day_on_the_friends_clock_without_zero_padding() -> None:
    saturday = Interval(datetime(2026, 12, 5, 23, 30, tzinfo=LONDON), datetime(2026, 12, 6, 1, tzinfo=LONDON))
    assert compose_group_sorry(ctx("Dev Rao", LONDON, 3), saturday, LONDON) == Draft(
        "Re: dinner?",
        """Hey Dev!

The group settled on Saturday 5 December. I know that one doesn't work for you, sorry! Next time I'll \
ask you first.

Talk soon,
Alex
""",
    )
    # the same time is already Sunday in Berlin
    assert (
        "settled on Sunday 6 December." in compose_group_sorry(ctx("Dev Rao", None, 3), saturday, BERLIN).body
    )


def test_the_calendar_request_every_guest_needs() -> None:
    data = group_request_ics(
        uid="meetup-group-7@example.org", sequence=2, chosen=OPTIONS[1], zone=BERLIN,
        summary="Dinner with Ana,\nBen and Cleo", organizer=("Alex", "alex@example.org"),
        attendees=[("Ana Lima", "ana@example.org", "ACCEPTED"), ("Cleo Park", "cleo@example.org", "NEEDS-ACTION")],
        dtstamp=datetime(2026, 11, 20, 10, tzinfo=BERLIN),
    )  # fmt: skip
    text = data.decode().replace("\r\n ", "")
    head, _, rest = text.partition("BEGIN:VTIMEZONE")
    event = rest[rest.index("BEGIN:VEVENT") : rest.index("END:VEVENT")].splitlines()
    assert head.splitlines() == [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//meetup//meetup//EN", "CALSCALE:GREGORIAN", "METHOD:REQUEST",
    ]  # fmt: skip
    assert sorted(event) == sorted(
        [
            "BEGIN:VEVENT",
            "SUMMARY:Dinner with Ana\\, Ben and Cleo",
            "DTSTART;TZID=Europe/Berlin:20261126T190000",
            "DTEND;TZID=Europe/Berlin:20261126T210000",
            "DTSTAMP:20261120T090000Z",
            "UID:meetup-group-7@example.org",
            "SEQUENCE:2",
            'ATTENDEE;CN="Ana Lima";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:ana@example.org',
            'ATTENDEE;CN="Cleo Park";PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:cleo@example.org',
            "ORGANIZER;CN=Alex:mailto:alex@example.org",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
        ]
    )
    assert "TZID:Europe/Berlin" in rest and "20251026T030000" in rest and "2024" not in rest


def test_a_new_group_invite_to_a_friend_says_nothing_of_their_last_one() -> None:
    last = compose_group_invite(ctx("Ana Lima", LONDON, 1), ["Ben", "Cleo"])
    again = compose_group_invite(replace(ctx("Ana Lima", LONDON, 1), used=(last.body,)), ["Ben", "Cleo"])
    assert again.body == (
        "Hello Ana,\n\n"
        "How about dinner with Ben, Cleo and me? It's been ages since we were all in one place.\n\n"
        "These times work for me:\n1. Tue 24 Nov, 19:00-21:00\n2. Thu 26 Nov, 19:00-21:00\n"
        "3. Sat 28 Nov, 12:00-14:00\n(times are Berlin time)\n\n"
        'Which of these could you make? Name all that work ("1 and 3", "any but 2", "all fine") and I\'ll pick '
        "the one that suits most of us. No worries if none work for you.\n\n"
        "Talk soon,\nAlex\n"
    )


def test_a_second_sorry_is_worded_afresh() -> None:
    first = compose_group_sorry(ctx("Dev Rao", LONDON, 3), OPTIONS[1], LONDON)
    second = compose_group_sorry(replace(ctx("Dev Rao", LONDON, 3), used=(first.body,)), OPTIONS[1], LONDON)
    assert second.body == (
        "Hi Dev,\n\nWe went with Thursday 26 November, since that's when most of us could make it. Sorry it "
        "doesn't work for you this time; we'll miss you, and I'll make sure the next one suits you too.\n\n"
        "Best,\nAlex\n"
    )


@pytest.fixture
def machine_far_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's own clock set to UTC+14: nothing a friend sees may depend on it."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_far_east")
def test_nothing_depends_on_the_computers_own_zone() -> None:
    # 19:00 and 22:00 on one Berlin Tuesday are two days in UTC+14: still one day here
    same_day = {1: OPTIONS[0], 2: Interval(OPTIONS[0].start + timedelta(hours=3), OPTIONS[0].end)}
    assert (
        tally_sentence(same_day, answers(Ben="1,2"), BERLIN) == "Ben can do Tuesday 19:00 or Tuesday 22:00."
    )
    data = group_request_ics(
        uid="u@example.org", sequence=0, chosen=OPTIONS[1], zone=BERLIN, summary="Dinner",
        organizer=("Alex", "alex@example.org"), attendees=[], dtstamp=datetime(2026, 11, 20, 10, tzinfo=BERLIN),
    )  # fmt: skip
    assert "\r\nDTSTAMP:20261120T090000Z\r\n" in data.decode()


def test_names_that_are_only_titles_and_the_default_tally_length() -> None:
    assert first_names(["Dr.  Prof.", "Ana", "Ana Lima"]) == {
        "Dr.  Prof.": "Dr. Prof.",
        "Ana": "Ana",
        "Ana Lima": "Ana L.",
    }
    # two options at most by default: the most yeses first
    group = answers(Ana="1", Ben="2,1", Cleo="3,2,1")
    assert (
        tally_sentence(NUMBERED, group, BERLIN)
        == "Ana, Ben and Cleo can do Tuesday, and Ben and Cleo can do Thursday."
    )
