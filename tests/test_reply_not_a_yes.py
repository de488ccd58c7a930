""" "I'm in!" is a yes; "I'm in Rome that week" or "I'm in a meeting on Saturday" never is.

The yes "I'm in" ends its clause (or goes on with "for"); followed by a place or an engagement it
says where the friend is, which a person reads as a no or a doubt, never as a yes to the option."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.reader import read_text
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY = Interval(datetime(2026, 12, 5, 10, tzinfo=BERLIN), datetime(2026, 12, 5, 11, tzinfo=BERLIN))
ONE = {1: SATURDAY}
THREE = {
    1: Interval(datetime(2026, 12, 1, 18, tzinfo=BERLIN), datetime(2026, 12, 1, 19, tzinfo=BERLIN)),
    2: Interval(datetime(2026, 12, 3, 18, tzinfo=BERLIN), datetime(2026, 12, 3, 19, tzinfo=BERLIN)),
    3: SATURDAY,
}


def _reading(text: str, options: dict[int, Interval]) -> tuple[str, int | None]:
    reading = read_text(text, options, BERLIN, today=date(2026, 11, 28))
    return reading.kind, reading.option


@pytest.mark.parametrize(
    ("text", "one", "three"),
    [
        ("I'm in!", ("yes", 1), ("ambiguous", None)),
        ("I'm in.", ("yes", 1), ("ambiguous", None)),
        ("im in", ("yes", 1), ("ambiguous", None)),
        ("Saturday! I'm in", ("yes", 1), ("yes", 3)),
        ("I'm in for Saturday", ("yes", 1), ("yes", 3)),
        ("I'm so in, see you Saturday", ("yes", 1), ("yes", 3)),
    ],
)
def test_im_in_closing_its_clause_is_a_yes(
    text: str, one: tuple[str, int | None], three: tuple[str, int | None]
) -> None:
    assert (_reading(text, ONE), _reading(text, THREE)) == (one, three)


@pytest.mark.parametrize(
    ("text", "one", "three"),
    [
        ("I'm in Rome that week, sorry.", "ambiguous", "ambiguous"),
        ("I'm in a meeting all day Saturday", "ambiguous", "ambiguous"),
        ("Good to hear from you! I'm in a meeting all day Saturday", "ambiguous", "ambiguous"),
        ("I'm in Paris on Saturday, sorry", "ambiguous", "ambiguous"),
        ("I'm in Berlin on Saturday, so that works", "ambiguous", "ambiguous"),
        # the only option is Saturday's and it is "tricky": a no; among three it rules out one only
        ("I'm in the middle of a move, Saturday is tricky", "no", "ambiguous"),
    ],
)
def test_im_in_a_place_or_an_engagement_is_never_a_yes(text: str, one: str, three: str) -> None:
    assert (_reading(text, ONE), _reading(text, THREE)) == ((one, None), (three, None))


@pytest.mark.parametrize(
    ("text", "one", "three"),
    [
        ("OK so Saturday is my sister's wedding", ("ambiguous", None), ("ambiguous", None)),
        ("Ok so about Saturday, I'm not sure", ("ambiguous", None), ("ambiguous", None)),
        ("ok 1", ("yes", 1), ("yes", 1)),
        ("OK!", ("yes", 1), ("ambiguous", None)),
        ("Okay, Saturday then", ("yes", 1), ("yes", 3)),
        ("Yes I got your mail, will reply properly later", ("ambiguous", None), ("ambiguous", None)),
        ("Yes, received, thanks! Will look at my calendar", ("ambiguous", None), ("ambiguous", None)),
        ("Yes, I saw it. Saturday works!", ("yes", 1), ("yes", 3)),
        ("I'm down for the count with flu, sorry", ("ambiguous", None), ("ambiguous", None)),
        ("I'm down for Saturday", ("yes", 1), ("yes", 3)),
        ("Saturday is free in my calendar but I promised to help my brother move", ("ambiguous", None),
         ("ambiguous", None)),
        ("Saturday works, but I'll be 10 minutes late", ("ambiguous", None), ("ambiguous", None)),
        ("Sábado me va bien, pero tengo que mirar con Ana", ("ambiguous", None), ("ambiguous", None)),
        ("Samstag geht, aber nur bis 20 Uhr", ("ambiguous", None), ("ambiguous", None)),
        ("Samedi ça marche, mais je dois demander à Paul", ("ambiguous", None), ("ambiguous", None)),
        ("Saturday works, but thanks anyway!", ("ambiguous", None), ("ambiguous", None)),
        ("Thanks anyway!", ("no", None), ("no", None)),
        ("happy to chat some time", ("ambiguous", None), ("ambiguous", None)),
        ("Gerne irgendwann mal", ("ambiguous", None), ("ambiguous", None)),
        ("Sometime on Saturday works", ("yes", 1), ("yes", 3)),
        ("Gerne, aber diese Woche ist schlecht", ("ambiguous", None), ("ambiguous", None)),
        ("Sí, recibí tu correo, te contesto luego", ("ambiguous", None), ("ambiguous", None)),
        ("Oui j'ai bien reçu ton mail, je te réponds ce soir", ("ambiguous", None), ("ambiguous", None)),
        ("No, but Saturday works", ("yes", 1), ("yes", 3)),
    ],
)  # fmt: skip
def test_acknowledgements_openers_idioms_and_taken_back_yeses(
    text: str, one: tuple[str, int | None], three: tuple[str, int | None]
) -> None:
    assert (_reading(text, ONE), _reading(text, THREE)) == (one, three)


def test_a_taken_back_yes_names_the_contrast_and_keeps_the_question() -> None:
    reading = read_text(
        "Saturday is free in my calendar but I promised to help my brother move. Are you still in Berlin?",
        ONE,
        BERLIN,
        today=date(2026, 11, 28),
    )
    assert (reading.kind, reading.option, reading.why, reading.question) == (
        "ambiguous",
        None,
        "says yes, then 'I promised to help my brother move'",
        "Are you still in Berlin?",
    )
