"""Messages: content, variety per seed, templates, clean subjects, and nothing but free times."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetup.calendar.intervals import Interval
from meetup.invite import composer as compose
from meetup.invite.activities import activity_for
from meetup.invite.composer import (
    InviteContext,
    compose_confirmation,
    compose_invite,
    compose_nudge,
    compose_slot_taken,
    compose_thanks,
    compose_withdrawal,
)

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
OPTIONS = [
    Interval(datetime(2026, 11, 24, 18, tzinfo=BERLIN), datetime(2026, 11, 24, 19, tzinfo=BERLIN)),
    Interval(datetime(2026, 11, 26, 12, tzinfo=BERLIN), datetime(2026, 11, 26, 13, tzinfo=BERLIN)),
    Interval(datetime(2026, 11, 28, 10, 30, tzinfo=BERLIN), datetime(2026, 11, 28, 11, 30, tzinfo=BERLIN)),
]


def ctx(seed: int = 1, **kw: object) -> InviteContext:
    values: dict[str, object] = dict(
        user_name="Alex Morgan", friend_name="Sam Lee", activity=activity_for("coffee"), options=OPTIONS,
        user_zone=BERLIN, friend_zone=None, note="There's a new place on Elm Street!", seed=seed,
    )  # fmt: skip
    values.update(kw)
    return InviteContext(**values)  # type: ignore[arg-type]


ALL = [
    lambda c: compose_invite(c),
    lambda c: compose_nudge(c, 1),
    lambda c: compose_nudge(c, 2),
    lambda c: compose_confirmation(c, OPTIONS[0]),
    lambda c: compose_thanks(c),
    lambda c: compose_withdrawal(c),
    lambda c: compose_slot_taken(c),
]


def test_call_content_in_the_friends_zone() -> None:
    for seed in range(10):
        draft = compose_invite(ctx(seed, friend_zone=LONDON, activity=activity_for("call")))
        first_line = draft.body.splitlines()[0]
        assert "Sam" in first_line and "Lee" not in first_line
        assert "a quick call" in draft.body and "There's a new place on Elm Street!" in draft.body
        assert "1. Tue 24 Nov, 17:00-18:00" in draft.body
        assert "2. Thu 26 Nov, 11:00-12:00" in draft.body
        assert "3. Sat 28 Nov, 09:30-10:30" in draft.body
        assert "your time" in draft.body and "Europe/" not in draft.body
        assert re.search(r"number|none work|none of them", draft.body, re.I), "how to answer"
        assert draft.body.rstrip().endswith("\nAlex"), "signed with the first name"


def test_the_friends_own_clock_is_named_as_people_say_it() -> None:
    """The zone line under a call's options reads naturally: never "(all your time)"."""
    seen = set()
    for seed in range(40):
        for draft in (compose_invite(ctx(seed, friend_zone=LONDON, activity=activity_for("call"))),
                      compose_nudge(ctx(seed, friend_zone=LONDON, activity=activity_for("call")), 1)):  # fmt: skip
            (line,) = [x for x in draft.body.splitlines() if "your time" in x]
            assert line in {"(all in your time zone)", "(in your time)", "(your time)", "(that's your time)"}
            seen.add(line)
    assert len(seen) >= 3, "the zone line varies like the rest of the message"


def test_in_person_times_on_the_clock_of_the_place() -> None:
    for seed in range(10):
        draft = compose_invite(ctx(seed, friend_zone=LONDON))
        assert "1. Tue 24 Nov, 18:00-19:00" in draft.body and "Berlin time" in draft.body
        assert "Alex" not in draft.subject and "Morgan" not in draft.subject


def test_same_zone_needs_no_zone_note_and_unknown_zone_uses_the_users() -> None:
    for zone in (BERLIN, None):
        body = compose_invite(ctx(friend_zone=zone)).body
        assert "1. Tue 24 Nov, 18:00-19:00" in body and "time)" not in body


def test_confirmation_names_both_times_when_zones_differ() -> None:
    draft = compose_confirmation(ctx(friend_zone=LONDON, activity=activity_for("call")), OPTIONS[0])
    assert "Tue 24 Nov, 17:00-18:00 your time (18:00 for me)" in draft.body
    assert draft.subject == "Call: Tue 24 Nov, 17:00-18:00"
    in_person = compose_confirmation(ctx(friend_zone=LONDON), OPTIONS[0])
    assert "Tue 24 Nov, 18:00-19:00 Berlin time" in in_person.body
    same = compose_confirmation(ctx(), OPTIONS[0])
    assert "Tue 24 Nov, 18:00-19:00." in same.body and " time" not in same.body.split("\n\n")[1]


def test_invites_vary_by_seed_but_not_on_rerun() -> None:
    bodies = {compose_invite(ctx(seed)).body for seed in range(20)}
    subjects = {compose_invite(ctx(seed)).subject for seed in range(20)}
    assert len(bodies) >= 18 and len(subjects) >= 3
    assert compose_invite(ctx(7)) == compose_invite(ctx(7))
    # Two friends invited the same day with their own seeds get different texts.
    sam, kim = compose_invite(ctx(101)), compose_invite(ctx(202, friend_name="Kim"))
    assert sam.body.replace("Sam", "X") != kim.body.replace("Kim", "X")


@pytest.mark.parametrize("make", ALL)
def test_every_kind_is_personal_reproducible_and_varied(make) -> None:  # type: ignore[no-untyped-def]
    drafts = [make(ctx(seed)) for seed in range(20)]
    assert all("Sam" in d.body.splitlines()[0] for d in drafts)
    assert all(d.body.rstrip().endswith("\nAlex") for d in drafts)
    assert len({d.body for d in drafts}) >= 4
    assert make(ctx(3)) == make(ctx(3))


def test_nudges_and_slot_taken_carry_fresh_numbered_options() -> None:
    for draft in (compose_nudge(ctx(numbers=[4, 5, 6]), 1), compose_slot_taken(ctx(numbers=[4, 5, 6]))):
        assert "4. Tue 24 Nov, 18:00-19:00" in draft.body and "6. Sat 28 Nov, 10:30-11:30" in draft.body
    assert sum(compose_nudge(ctx(s), 1).body != compose_nudge(ctx(s), 2).body for s in range(10)) >= 8
    assert len(compose_nudge(ctx(), 1).body) < len(compose_invite(ctx()).body) + 40


def test_nudge_says_whether_earlier_options_still_stand() -> None:
    standing = compose_nudge(ctx(numbers=[4, 5, 6]), 1, standing=[(1, OPTIONS[0]), (3, OPTIONS[2])]).body
    # the standing ones listed again under their own numbers (a reply to this mail may name them)
    assert "\n1. Tue 24 Nov, 18:00-19:00\n3. Sat 28 Nov, 10:30-11:30\n" in standing
    assert "\n4. Tue 24 Nov" in standing
    one = compose_nudge(ctx(options=OPTIONS[:1], numbers=[4]), 1, standing=[(2, OPTIONS[1])]).body
    assert "\n2. Thu 26 Nov, 12:00-13:00\n" in one and "These" not in one and "4. Tue 24 Nov" in one
    only = compose_nudge(ctx(options=[]), 1, standing=[(2, OPTIONS[1])]).body
    assert "2. Thu 26 Nov" in only and any(a in only for a in compose.NUDGE_ASKS)
    gone = compose_nudge(ctx(numbers=[4, 5, 6]), 1).body
    assert any(line in gone for line in compose.GONE)
    ended = compose_nudge(ctx(options=[]), 2, ended=True).body
    assert any(line in ended for line in compose.ENDED) and "1." not in ended
    assert ended.rstrip().endswith("\nAlex")


def test_thanks_is_warm_and_asks_nothing() -> None:
    for seed in range(10):
        body = compose_thanks(ctx(seed)).body
        assert "1." not in body and "?" not in body and "sorry" not in body.lower()


def test_templates_replace_the_phrasings() -> None:
    templates = {
        "invite": "Yo $friend, $activity?\n$note\n$options\n-- $me ($unknown)",
        "confirmation": "Booked: $when",
        "thanks": "ok $friend",
    }
    c = ctx(3, templates=templates, friend_zone=LONDON)
    # The template's own words, the options, then the zone line (Sam is in London; its wording is
    # one of the composer's phrasings), the sign-off with the unknown placeholder kept.
    lines = compose_invite(c).body.splitlines()
    assert lines[:5] + lines[6:] == [
        "Yo Sam, a coffee?",
        "There's a new place on Elm Street!",
        "1. Tue 24 Nov, 18:00-19:00",
        "2. Thu 26 Nov, 12:00-13:00",
        "3. Sat 28 Nov, 10:30-11:30",
        "-- Alex ($unknown)",
    ]
    assert re.fullmatch(r"\([^()]*Berlin time\)", lines[5]), lines[5]
    assert compose_confirmation(c, OPTIONS[1]).body == "Booked: Thu 26 Nov, 12:00-13:00 Berlin time\n"
    assert compose_thanks(c).body == "ok Sam\n"
    nudge = compose_nudge(c, 1).body  # no "nudge" template: the built-in phrasings
    assert nudge.splitlines()[0] in {g.format(name="Sam") for g in compose.GREETINGS}


@pytest.mark.parametrize("make", ALL)
def test_no_control_characters_reach_the_subject(make) -> None:  # type: ignore[no-untyped-def]
    nasty = ctx(
        user_name="Alex\r\nBcc: x@example.org\x00",
        friend_name="Sam\x1b[31m\nLee",
        activity=activity_for("Board\r\ngames\x07"),
        note="hi\r\nSubject: spam\x0b",
    )
    draft = make(nasty)
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in draft.subject)
    assert not any((ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127 for ch in draft.body)
    assert "\r" not in draft.body and "Sam" in draft.body.splitlines()[0]


# Privacy is checked end to end in tests/test_privacy.py: the messages of a whole conversation are
# the same whatever the busy time is (titles, places, guests), and no output carries those details.
# (The composer never receives busy data at all: only free intervals.)


# A coffee invite from Alex (Berlin) to Sam, two evenings: content, variety, templates, subjects.
MONDAY = datetime(2026, 11, 23, 8, tzinfo=BERLIN)


def _coffee(seed: int, friend: str = "Sam Lee", zone: ZoneInfo | None = None, **kw: object) -> InviteContext:
    options = [Interval(MONDAY.replace(day=d, hour=18), MONDAY.replace(day=d, hour=19)) for d in (24, 26)]
    return InviteContext(
        "Alex", friend, activity_for("coffee"), options, BERLIN, zone, "New place!", seed, **kw
    )  # type: ignore[arg-type]


def test_message_names_friend_options_zone_and_how_to_answer() -> None:
    draft = compose_invite(_coffee(1, zone=ZoneInfo("Europe/London")))
    assert "Sam" in draft.body and "Lee" not in draft.body.split("\n")[0]
    assert "1. Tue 24 Nov, 18:00-19:00" in draft.body and "2. Thu 26 Nov, 18:00-19:00" in draft.body
    assert "Berlin time" in draft.body
    assert "New place!" in draft.body and "coffee" in draft.body
    assert "Alex" not in draft.subject
    same_zone = compose_invite(_coffee(1, zone=BERLIN))
    assert "Berlin time" not in same_zone.body and "1. Tue 24 Nov, 18:00-19:00" in same_zone.body


def test_messages_vary_by_seed_and_are_reproducible() -> None:
    bodies = {compose_invite(_coffee(seed)).body for seed in range(20)}
    assert len(bodies) >= 12
    assert compose_invite(_coffee(5)) == compose_invite(_coffee(5))
    assert "1. Tue 24 Nov, 18:00-19:00" in compose_nudge(_coffee(5), 1).body


def test_invite_template_fills_placeholders_and_keeps_unknown_ones() -> None:
    draft = compose_invite(
        _coffee(3, templates={"invite": "Yo $friend, $activity?\n$options\n-- $me ($unknown)"})
    )
    assert draft.body == (
        "Yo Sam, a coffee?\n1. Tue 24 Nov, 18:00-19:00\n2. Thu 26 Nov, 18:00-19:00\n-- Alex ($unknown)\n"
    )


def test_subject_never_carries_control_characters_from_names() -> None:
    ctx = InviteContext(
        "Alex\r\nBcc: x@example.org", "Sam", activity_for("Board\ngames"), [], BERLIN, None, None, 1
    )
    assert "\n" not in compose_invite(ctx).subject and "\r" not in compose_invite(ctx).subject


def test_slot_taken_lists_what_still_stands_then_the_new_times() -> None:
    body = compose_slot_taken(
        ctx(options=OPTIONS[2:], numbers=[4], friend_zone=LONDON), OPTIONS[0], standing=[(2, OPTIONS[1])]
    ).body
    assert "Tue 24 Nov, 18:00-19:00" in body.split("\n\n")[1]  # names the time that went
    assert body.index("\n2. Thu 26 Nov, 12:00-13:00") < body.index("\n4. Sat 28 Nov, 10:30-11:30")
    assert body.count("Berlin time") == 1 and body.rstrip().endswith("\nAlex")
    none = compose_slot_taken(ctx(options=[]), OPTIONS[0]).body
    assert any(line.split(".")[0] in none for line in compose.SLOT_NONE)


def test_an_invite_asked_for_again_says_so_and_never_its_been_too_long() -> None:
    """The friend said "ask me again in January": the new invite opens with that, in varied words."""
    openers = {o.format(what="a coffee") for o in compose.AGAIN_OPENERS}
    seen = set()
    for seed in range(40):
        paragraphs = compose_invite(ctx(seed, asked_again=True, note=None)).body.split("\n\n")
        assert paragraphs[1] in openers, paragraphs[1]
        seen.add(paragraphs[1])
    assert seen == openers
