"""How times, zones and names are written: as a person writes them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetup.calendar.intervals import Interval
from meetup.invite.wording import (
    Phrases,
    day_text,
    event_title,
    first_name,
    format_option,
    plural,
    sentences,
    signature_name,
    zone_label,
    zone_note,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def test_days_carry_no_zero_padding() -> None:
    assert day_text(datetime(2026, 12, 5, 10, tzinfo=LONDON)) == "Sat 5 Dec"
    option = Interval(datetime(2026, 12, 5, 10, tzinfo=LONDON), datetime(2026, 12, 5, 11, tzinfo=LONDON))
    assert format_option(option, LONDON) == "Sat 5 Dec, 10:00-11:00"
    late = Interval(datetime(2026, 12, 5, 23, tzinfo=LONDON), datetime(2026, 12, 6, 1, tzinfo=LONDON))
    assert format_option(late, LONDON) == "Sat 5 Dec, 23:00-Sun 6 Dec 01:00"


def test_zones_are_named_as_people_say_them() -> None:
    assert zone_label(LONDON) == "UK time"
    assert zone_label(NEW_YORK) == "New York time"
    assert zone_label(BERLIN) == "Berlin time"
    assert zone_label(ZoneInfo("America/Sao_Paulo")) == "Sao Paulo time"
    # only when the zones differ; the friend's own clock is "your time"
    assert zone_note(LONDON, LONDON, LONDON) == ""
    assert zone_note(LONDON, LONDON, None) == ""
    assert zone_note(NEW_YORK, LONDON, NEW_YORK) == "your time"
    assert zone_note(LONDON, LONDON, NEW_YORK) == "UK time"


def test_first_name_never_a_title() -> None:
    assert first_name("Dr. Maria Garcia") == "Maria"
    assert first_name("Prof Dr. Hans Meier") == "Hans"
    assert first_name("Maria Garcia", "Mia") == "Mia"
    assert first_name("Dr.") == "there"
    assert first_name("Sam") == "Sam"


def test_sentences() -> None:
    assert sentences("Hi Sam,\n\nStill keen! Are you? Yes.") == ["hi sam,", "still keen!", "are you?", "yes."]


def test_phrases_never_repeat_a_sentence_until_all_are_used() -> None:
    choices = ("One.", "Two.", "Three.")
    phrases = Phrases(1, used=["Two."])
    first, second = phrases.pick(choices), phrases.pick(choices)
    assert {first, second} == {"One.", "Three."}
    assert phrases.pick(choices) in choices  # all used: still answers, never fails
    assert Phrases(5).pick(choices) == Phrases(5).pick(choices)  # same seed, same pick


def test_every_zone_people_name_by_a_place_and_the_rest_by_their_city() -> None:
    spoken = {
        "Europe/London": "UK time", "Europe/Belfast": "UK time", "Europe/Dublin": "Irish time",
        "Europe/Lisbon": "Lisbon time", "Asia/Kolkata": "India time", "Asia/Calcutta": "India time",
        "Asia/Singapore": "Singapore time", "Asia/Hong_Kong": "Hong Kong time", "America/Los_Angeles": "LA time",
        "America/New_York": "New York time", "Pacific/Auckland": "New Zealand time", "Asia/Tokyo": "Tokyo time",
        "Asia/Shanghai": "China time", "Etc/UTC": "UTC time", "UTC": "UTC time",
        "America/Argentina/Buenos_Aires": "Buenos Aires time", "Etc/GMT+5": "GMT+5 time", "Japan": "Japan time",
    }  # fmt: skip
    assert {key: zone_label(ZoneInfo(key)) for key in spoken} == spoken
    # in person in Berlin, for a friend in New York: the place's clock, named
    assert zone_note(BERLIN, LONDON, NEW_YORK) == "Berlin time"


@pytest.mark.parametrize(
    ("full", "given", "greeted"),
    [
        ("  Maria   Garcia", " Mia  Rose ", "Mia Rose"),  # the vCard's given name, spaces tidied
        ("Maria Garcia", "   ", "Maria"),  # a blank given name counts as none
        ("Garcia, Maria", None, "Maria"),  # filed surname first
        ("Garcia, Dr. Maria", None, "Maria"),
        ("Maria, Ana", None, "Ana"),
        ("DR Hans Meier", None, "Hans"),
        ("Mme. Claire Dubois", None, "Claire"),
        ("Mlle. Claire Dubois", None, "Claire"),  # a title listed without its dot
        ("M. Jean Dupont", None, "Jean"),  # a title listed only with its dot
        ("Xavier Dupont", None, "Xavier"),
        ("Dupont, Xavier", None, "Xavier"),
        ("Garcia, Maria,", None, "Maria"),
        ("Herr Dr. Müller", None, "Müller"),
        ("Sam,", None, "Sam"),
        ("Mr", None, "there"),
        ("", None, "there"),
    ],
)
def test_the_name_a_friend_is_greeted_by(full: str, given: str | None, greeted: str) -> None:
    assert first_name(full, given) == greeted


def test_how_the_user_signs_and_events_are_titled() -> None:
    assert signature_name("Dr. Alex Morgan") == "Alex"
    assert signature_name("Dr.") == "me"  # nothing but a title: "me" rather than "there"
    assert signature_name("Alex Morgan", "  [me]   A. ") == "[me] A."
    assert signature_name("Alex Morgan", "  ") == "Alex"
    assert event_title("Coffee", "  Maria  ") == "Coffee with Maria"
    assert [plural(n, "answer", "answers") for n in (0, 1, 2)] == ["answers", "answer", "answers"]


def test_sentences_split_at_stops_and_lines_only() -> None:
    assert sentences("One. Two!  Three?\n\n  Four...  five\nSix.Seven") == [
        "one.", "two!", "three?", "four...", "five", "six.seven",
    ]  # fmt: skip


def test_when_every_phrasing_was_said_the_one_said_longest_ago_comes_back() -> None:
    phrases = Phrases(3)
    picks = [phrases.pick(("Hi {name}.", "Hey {name}!"), name="Sam") for _ in range(6)]
    assert picks == ["Hey Sam!", "Hi Sam.", "Hey Sam!", "Hi Sam.", "Hey Sam!", "Hi Sam."]
    # what the thread already said is older than anything picked now
    phrases = Phrases(3, used=["Hi Sam, how are you?\nOne.", "Two."])
    assert [phrases.pick(("One.", "Two.", "Three.")) for _ in range(4)] == [
        "Three.",
        "One.",
        "Two.",
        "Three.",
    ]
    # a phrasing counts as said when any of its sentences was
    phrases = Phrases(1, used=["Great. See you."])
    assert [phrases.pick(("Great. Bye.", "See you.", "Cheers.")) for _ in range(3)] == [
        "Cheers.", "Great. Bye.", "See you.",
    ]  # fmt: skip


def test_phrasings_come_back_in_the_order_they_were_first_said() -> None:
    choices = ("One.", "Two.", "Three.")
    for seed in range(6):
        phrases = Phrases(seed)
        picks = [phrases.pick(choices) for _ in range(9)]
        assert sorted(picks[:3]) == sorted(choices) and picks == picks[:3] * 3, (seed, picks)


def test_saying_nothing_is_never_a_repeat() -> None:
    phrases = Phrases(2)
    assert [phrases.pick(("", "Sure.")) for _ in range(4)] == ["Sure.", "", "", ""]
