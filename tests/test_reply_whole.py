"""Whole readings of replies: the decision, the chosen option, the date and the reason the user sees.

When a reply goes to the user, ``why`` is what ``meetup inbox`` and ``meetup status`` show them, and
``question`` is a question the friend asked on the side (shown even when the answer is acted on).
So every case here states the whole reading, not only its kind. Replies are written as friends
write them, in English, German, Spanish and French; the invite offered
1 = Thu 26 Nov 19:00, 2 = Sat 28 Nov 10:00, 3 = Tue 1 Dec 18:30 (Berlin), read on Tue 24 Nov 2026.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.reader import ReplyReading, Thread, read_text
from meetup.answers.words import fold
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 24)


def _id(value: object) -> str | None:
    """A plain ASCII test id for a reply (mutmut selects tests by id; escaped ones go missing)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")[:40] if isinstance(value, str) else None


def _option(day: int, month: int, hour: int, minute: int = 0) -> Interval:
    start = datetime(2026, month, day, hour, minute, tzinfo=BERLIN)
    return Interval(start, start + timedelta(hours=2))


THU, SAT, TUE = _option(26, 11, 19), _option(28, 11, 10), _option(1, 12, 18, 30)
OPTIONS = [THU, SAT, TUE]


def _read(text: str, options: object = None, thread: Thread | None = None) -> ReplyReading:
    return read_text(text, OPTIONS if options is None else options, BERLIN, today=TODAY, thread=thread)  # type: ignore[arg-type]


def _yes(option: int, why: str | None = None, question: str | None = None) -> ReplyReading:
    return ReplyReading("yes", option, why or f"picks option {option}", question=question)


def _no(why: str = "declines", question: str | None = None) -> ReplyReading:
    return ReplyReading("no", None, why, question=question)


def _user(why: str, question: str | None = None) -> ReplyReading:
    return ReplyReading("ambiguous", None, why, question=question)


def _later(why: str, until: date | None = None, question: str | None = None) -> ReplyReading:
    return ReplyReading("later", None, why, until=until, question=question)


# ------------------------------------------------------------------ every reason, word for word

REASONS: list[tuple[str, ReplyReading]] = [
    ("Samstag passt!", _yes(2)),
    ("El sábado me va bien", _yes(2)),
    ("Jeudi ça marche !", _yes(1)),
    ("Sorry, can't make it this time.", _no()),
    ("Leider nicht, sorry!", _no()),
    ("Thursday, Saturday and Tuesday are all booked for me", _no("none of the options works")),
    ("Ask me again in January", _later("asks to be asked later ('ask me again in')", date(2027, 1, 1))),
    (
        "Frag mich nächsten Monat nochmal",
        _later("asks to be asked later ('nachsten monat')", date(2026, 12, 1)),
    ),
    ("Relance-moi le mois prochain", _later("asks to be asked later ('relance-moi')", date(2026, 12, 1))),
    ("Rain check! Crazy month at work.", _later("asks to be asked later ('rain check')")),
    (
        "---------- Forwarded message ---------\nFrom: Ana <ana@example.org>\nSaturday works for me",
        _user("forwards another message"),
    ),
    (
        "> 1. Thu 26 Nov, 19:00\n> 2. Sat 28 Nov, 10:00",
        _user("the reply has no text of its own (only quoted text)"),
    ),
    ("The first one from your first email", _user("refers to options of another message")),
    ("Probably Saturday, will confirm", _user("hedges or sets a condition ('probably')")),
    ("Si puedo, el sábado", _user("hedges or sets a condition ('si')")),
    (
        "Saturday works, what time exactly?",
        _user("asks about the answer ('Saturday works, what time exactly?')"),
    ),
    ("How's the new flat?", _user('asks a question ("How\'s the new flat?")')),
    ("lol", _user("could not tell what the reply means")),
    ("?", _user("could not tell what the reply means")),
    (
        "Saturday I have a wedding, but great to hear from you",
        _user("says something about an option that is neither yes nor no ('Saturday I have a wedding')"),
    ),
    ("Yes please\nNo\nNo", _user("says both yes and no without naming an option")),
    ("Ja danke\nNein\nNein", _user("says both yes and no without naming an option")),
    ("Thursday is out, but either of the others works", _user("rules out option 1 only")),
    ("Saturday 3pm works for me", _user("names a time that was not offered ('3pm')")),
    ("Thursday and Saturday are both fine", _user("mentions several options (1 and 2)")),
    ("Either works for me!", _user("answers for several options at once ('either')")),
    ("Cualquiera me va bien", _user("answers for several options at once ('cualquiera')")),
    ("Thursday works but sorry, no", _user("mentions option 1 but also says no")),
    ("Saturday, I have a wedding", _user("mentions option 2 without saying yes")),
    ("Saturday and Tuesday don't work", _user("rules out option 2 and 3 only")),
    ("Sounds great!", _user("says yes but not to which option")),
]


@pytest.mark.parametrize(("text", "reading"), REASONS, ids=_id)
def test_every_reading_states_its_reason(text: str, reading: ReplyReading) -> None:
    assert _read(text) == reading


# ------------------------------------------------------------------ a question on the side


ASIDE = "How was Rome?"
WITH_ASIDE: list[tuple[str, ReplyReading]] = [
    ("Saturday works!", _yes(2, question=ASIDE)),
    ("Sorry, can't make it.", _no(question=ASIDE)),
    ("None of the three work, sorry.", _no(question=ASIDE)),
    ("Busy this month, ask me later.", _later("asks to be asked later ('ask me later')", question=ASIDE)),
    ("Saturday 3pm works.", _user("names a time that was not offered ('3pm')", ASIDE)),
    ("Thursday or Saturday, both fine.", _user("mentions several options (1 and 2)", ASIDE)),
    ("Any of them works!", _user("answers for several options at once ('any of them')", ASIDE)),
    ("Thursday works but sorry, no.", _user("mentions option 1 but also says no", ASIDE)),
    ("Saturday, but I have a wedding.", _user("mentions option 2 without saying yes", ASIDE)),
    ("Thursday doesn't work.", _user("rules out option 1 only", ASIDE)),
    ("Thursday, Saturday and Tuesday are all booked.", _no("none of the options works", ASIDE)),
    ("Yes!", _user("says yes but not to which option", ASIDE)),
    ("Yes please\nNo\nNo", _user("says both yes and no without naming an option", ASIDE)),
    (
        "Saturday I have a wedding, but great to hear from you.",
        _user(
            "says something about an option that is neither yes nor no ('Saturday I have a wedding')", ASIDE
        ),
    ),
    (
        "Friday doesn't work for me.",
        _user('says no to a time that was not offered ("Friday doesn\'t work for me")', ASIDE),
    ),
    ("lol.", _user("could not tell what the reply means", ASIDE)),
]


@pytest.mark.parametrize(("text", "reading"), WITH_ASIDE, ids=_id)
def test_a_question_on_the_side_is_kept_with_every_reading(text: str, reading: ReplyReading) -> None:
    assert _read(f"{text}\n{ASIDE}") == reading


def test_a_question_before_the_answer_does_not_hide_it() -> None:
    assert _read("Hey! How was the trip? Saturday works for me.") == _yes(2, question="How was the trip?")
    assert _read("¿Qué tal el viaje? El sábado me va genial.") == _yes(2, question="¿Qué tal el viaje?")


def test_two_questions_on_the_side_are_both_kept() -> None:
    assert _read("Saturday works! How was Rome? And how is Anna?") == _yes(
        2, question="How was Rome? And how is Anna?"
    )


def test_a_greeting_on_its_own_line_is_not_a_yes() -> None:
    assert _read("Hi Sam!\nSorry, can't make it.") == _no()


def test_doubled_question_marks_ask_one_question() -> None:
    assert _read("See you Saturday! How have you been??") == _yes(2, question="How have you been?")


def test_the_only_option_with_a_question_on_the_side() -> None:
    assert _read("Count me in! Wie geht's Anna?", [SAT]) == ReplyReading(
        "yes", 1, "says yes to the only option", question="Wie geht's Anna?"
    )


# ------------------------------------------------------------------ typography as mail clients send it


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("2\ufe0f\u20e3", _yes(2)),  # a keycap emoji
        ("Saturday\u00a0works", _yes(2)),  # a no-break space from an HTML mail
        ("No \u2013 Saturday works!", _yes(2)),  # en dash
        ("Nope \u2014 Saturday works for me", _yes(2)),  # em dash
        ("Sorry, I can\u2019t make it", _no()),  # curly apostrophe
        ("Sorry, I can\u2018t make it", _no()),  # the opening quote some keyboards put there
    ],
    ids=["keycap", "no-break-space", "en-dash", "em-dash", "curly-apostrophe", "opening-quote"],
)
def test_typographic_characters_read_as_plain_ones(text: str, reading: ReplyReading) -> None:
    assert _read(text) == reading


# ------------------------------------------------------------------ questions are not answers


@pytest.mark.parametrize(
    "text",
    ["¿Te va bien el sábado", "¿Quedamos el jueves entonces", "¿Podemos el sábado? Sí"],
    ids=_id,
)
def test_a_spanish_question_without_its_closing_mark_is_still_a_question(text: str) -> None:
    question = text.split("?")[0] + ("?" if "?" in text else "")
    assert _read(text) == _user(f"asks about the answer ({question!r})")


# ------------------------------------------------------------------ a no that is not a no


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("No no, Saturday works!", 2),
        ("Nope, but Saturday works", 2),
        ("No, but Saturday works, see you then", 2),
        ("Nein, aber Samstag geht, bis dann", 2),
        ("Non, mais samedi ça marche, à bientôt", 2),
        ("Nope, all good, Saturday!", 2),
        ("No :( but Saturday works!", 2),
        ("Hi Sam, , Saturday works for me", 2),
        ("I'm busy Friday but Saturday works", 2),
        ("Leider kann ich Freitag nicht, aber Samstag passt", 2),
    ],
    ids=_id,
)
def test_a_no_before_a_yes_to_an_option_is_its_contrast(text: str, option: int) -> None:
    assert _read(text) == _yes(option)


def test_a_lone_no_beside_an_option_is_not_a_yes() -> None:
    assert _read("No, Saturday.") == _user("mentions option 2 but also says no")


#: (reply, the options offered, the clause that says no); Thu/Sat/Tue offered, or Saturday alone
NO_ELSEWHERE = [
    ("Friday doesn't work for me", OPTIONS, "Friday doesn't work for me"),
    ("Sorry, Friday is no good", OPTIONS, "Friday is no good"),
    ("No, Friday doesn't work", OPTIONS, "Friday doesn't work"),
    ("Leider kann ich am Freitag nicht", OPTIONS, "Leider kann ich am Freitag nicht"),
    ("Lo siento, el viernes no puedo", OPTIONS, "el viernes no puedo"),
    ("Désolé, vendredi je ne peux pas", OPTIONS, "vendredi je ne peux pas"),
    ("Thursday doesn't work, but the others do", [SAT], "Thursday doesn't work"),
    ("No, Thursday doesn't work", [SAT], "Thursday doesn't work"),
    ("Tue - no, gym", [SAT], "Tue"),
]


@pytest.mark.parametrize(("text", "offered", "clause"), NO_ELSEWHERE, ids=_id)
def test_a_no_to_a_day_never_offered_is_not_a_no_to_the_invite(
    text: str, offered: list[Interval], clause: str
) -> None:
    assert _read(text, offered) == _user(f"says no to a time that was not offered ({clause!r})")


def test_a_plain_no_with_a_reason_naming_other_days_declines() -> None:
    assert _read("Can't make it, I'm travelling until Sunday") == _no()
    assert _read("No, sorry - I'm away all weekend") == _no()


# ------------------------------------------------------------------ a no until a day


#: (reply, the clause that bounds the no): away until Friday 27 Nov, and Sat 28 / Tue 1 Dec come after
BOUNDED = [
    ("I'm away until Friday", "I'm away until Friday"),
    ("Hi Sam, I'm away until Friday", "I'm away until Friday"),
    ("Sorry, I'm away until Friday", "I'm away until Friday"),
    ("No, I'm away until Friday", "I'm away until Friday"),
    ("Leider bin ich bis Freitag weg", "Leider bin ich bis Freitag weg"),
    ("Bin bis Freitag unterwegs, leider", "Bin bis Freitag unterwegs"),
    ("Lo siento, estoy fuera hasta el viernes", "estoy fuera hasta el viernes"),
    ("Désolé, je suis en vacances jusqu'à vendredi", "je suis en vacances jusqu'à vendredi"),
    ("I'm away until Friday, thanks for thinking of me", "I'm away until Friday"),
]


@pytest.mark.parametrize(("text", "clause"), BOUNDED, ids=_id)
def test_a_no_until_a_day_says_nothing_about_the_options_after_it(text: str, clause: str) -> None:
    assert _read(text) == _user(f"says no only until {clause!r}, not to the options after")


def test_back_on_the_day_of_an_option_is_not_a_no_to_it() -> None:
    # back on Saturday at 9, and the option is Saturday at 10
    back = 'says no only until "I\'m away until Saturday 9am", not to the options after'
    assert _read("I'm away until Saturday 9am", [THU, SAT]) == _user(back)


def test_a_bare_no_explained_by_a_stay_until_a_day_says_nothing_about_the_options_after() -> None:
    # Thu 26 Nov and Sat 28 Nov are before early December, Thu 10 Dec is after
    options = [THU, SAT, _option(10, 12, 19)]
    stay = "says no only until {!r}, not to the options after"
    assert _read("Sorry, no. In Rome until early December.", options) == _user(
        stay.format("In Rome until early December")
    )
    assert _read("Leider nein, bin bis Anfang Dezember in Rom", options) == _user(
        stay.format("bin bis Anfang Dezember in Rom")
    )


def test_a_no_until_after_every_option_declines() -> None:
    assert _read("Away till Sunday, sorry", [THU, SAT]) == _no()
    assert _read("Sorry, can't make it, I'm away until Friday") == _no()


def test_a_no_until_a_day_keeps_the_question_on_the_side() -> None:
    bounded = 'says no only until "I\'m away until Friday", not to the options after'
    assert _read(f"I'm away until Friday. {ASIDE}") == _user(bounded, ASIDE)


# ------------------------------------------------------------------ a time never offered


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Love to! Friday 6pm.", "names a time that was not offered ('friday')"),
        ("Sounds great! Friday at 6pm then", "names a time that was not offered ('friday')"),
        ("Saturday 3pm works for me", "names a time that was not offered ('3pm')"),
        ("Rain check. Friday 6pm", "names a time that was not offered ('friday')"),
        ("Not now, but Friday the 4th works", "names a time that was not offered ('friday')"),
    ],
    ids=_id,
)
def test_a_time_never_offered_is_never_a_yes_to_the_only_option(text: str, why: str) -> None:
    assert _read(text, [SAT]) == _user(why)


# ------------------------------------------------------------------ after a nudge

NUDGE_QUOTE = """

On Tue, Nov 24, 2026 at 9:00 AM Sam Doe <sam@example.org> wrote:
> Still up for it? How about:
> 4. Wed 2 Dec, 19:00
> 5. Fri 4 Dec, 18:00
> 6. Sat 5 Dec, 11:00
"""
#: the first invite's three options and the nudge's three
SIX = {1: THU, 2: SAT, 3: TUE, 4: _option(2, 12, 19), 5: _option(4, 12, 18), 6: _option(5, 12, 11)}


def test_an_ordinal_counts_down_the_list_the_friend_quoted() -> None:
    assert _read("The first one works" + NUDGE_QUOTE, SIX) == _yes(4)
    assert _read("the last one" + NUDGE_QUOTE, SIX) == _yes(6)


def test_ruling_out_every_option_still_offered_is_a_no() -> None:
    # option 1 was taken meanwhile; the friend answers the list 1-3 they saw
    still = {2: SAT, 3: TUE}
    thread = Thread(listed=(1, 2, 3))
    assert _read("Neither Saturday nor Tuesday works", still, thread) == _no("none of the options works")
    assert _read("Saturday doesn't work", still, thread) == _user("rules out option 2 only")


# ------------------------------------------------------------------ answers written under each option

ATTRIBUTION = "On Mon, Nov 23, 2026 at 6:02 PM Sam Doe <sam@example.org> wrote:"
LABELS = {1: "Thu 26 Nov, 19:00", 2: "Sat 28 Nov, 10:00", 3: "Tue 1 Dec, 18:30"}


def _inline(answers: dict[int, str], top: str = "", labels: dict[int, str] = LABELS) -> str:
    lines = [top, ""] if top else []
    lines += [ATTRIBUTION, "> Hi Alex!", ">", "> I could do:"]
    for number, label in labels.items():
        lines.append(f"> {number}. {label}")
        if number in answers:
            lines.append(answers[number])
    return "\n".join([*lines, ">", "> Just reply with the number that works.", "> Sam", ""])


INLINE: list[tuple[dict[int, str], str, ReplyReading]] = [
    ({1: "no, gym", 2: "yes!"}, "", _yes(2, "says yes under option 2")),
    ({2: "Saturday works"}, "", _yes(2, "says yes under option 2")),
    ({2: "<- this one"}, "", _yes(2, "says yes under option 2")),
    ({1: "nein", 2: "ja, gerne"}, "", _yes(2, "says yes under option 2")),
    ({1: "no", 2: "no", 3: "no"}, "", _no("says no under every option")),
    ({1: "non", 2: "non", 3: "non, désolé"}, "", _no("says no under every option")),
    ({1: "no", 2: "no"}, "", _user("says no under some options only")),
    ({2: "yes", 3: "yes"}, "", _user("says yes under several options (2 and 3)")),
    ({2: "yes?"}, "", _user("hedges under option 2 ('yes?')")),
    ({2: "probably"}, "", _user("hedges under option 2 ('probably')")),
    ({2: "yes, or Friday"}, "", _user("under option 2 names another time ('yes, or Friday')")),
    ({2: "Tuesday"}, "", _user("under option 2 names another time ('Tuesday')")),
    ({2: "hmm"}, "", _user("unclear answer under option 2 ('hmm')")),
    ({2: "yes"}, "Yes!", _user("answers both above and between the quoted options")),
    ({2: "yes"}, "Maybe", _user("answers both above and between the quoted options")),
    ({2: "yes"}, "2", _user("answers both above and between the quoted options")),
    ({2: "yes"}, "Hi Sam, see below :)", _yes(2, "says yes under option 2")),
]


@pytest.mark.parametrize(
    ("answers", "top", "reading"), INLINE, ids=[_id(f"{a} {top}") for a, top, _ in INLINE]
)
def test_answers_under_each_option(answers: dict[int, str], top: str, reading: ReplyReading) -> None:
    assert _read(_inline(answers, top)) == reading


def test_no_under_every_option_of_the_message_answered_is_a_no() -> None:
    # a nudge offered a fourth time later; the friend answered the first invite's list
    four = {1: THU, 2: SAT, 3: TUE, 4: SIX[5]}
    no_to_all = _inline({1: "no", 2: "no", 3: "no"})
    assert _read(no_to_all, four, Thread(listed=(1, 2, 3))) == _no("says no under every option")
    assert _read(no_to_all, four) == _no("says no under every option")


def test_a_day_under_an_option_means_the_one_in_the_list_answered() -> None:
    # Thursday 26 Nov is still offered from the first invite; the nudge listed Sat 28 and Thu 3 Dec
    thursdays = {1: THU, 2: SAT, 3: _option(3, 12, 19)}
    labels = {2: "Sat 28 Nov, 10:00", 3: "Thu 3 Dec, 19:00"}
    text = _inline({3: "Thursday works"}, labels=labels)
    assert _read(text, thursdays, Thread(listed=(2, 3))) == _yes(3, "says yes under option 3")


def test_a_time_under_an_option_is_read_in_the_friends_zone() -> None:
    # Sat 28 Nov 10:00 in Berlin is 18:00 in Tokyo
    text = _inline({2: "yes, 18:00 works"})
    reading = read_text(text, OPTIONS, ZoneInfo("Asia/Tokyo"), today=TODAY)
    assert reading == _yes(2, "says yes under option 2")


def test_a_yes_under_an_option_taken_meanwhile_goes_to_the_user() -> None:
    still = {2: SAT, 3: TUE}
    assert _read(_inline({1: "yes"}), still) == _user("option 1 is no longer offered")
    assert _read(_inline({1: "no", 3: "no"}), still, Thread(listed=(1, 2, 3))) == _user(
        "says no under some options only"
    )
    assert _read(_inline({2: "no", 3: "no"}), still, Thread(listed=(1, 2, 3))) == _no(
        "says no under every option"
    )
