"""How times, zones and names are written: as a person writes them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.invite.wording import (
    Phrases,
    day_text,
    first_name,
    format_option,
    sentences,
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
