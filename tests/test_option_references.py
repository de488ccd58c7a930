"""Which offered option a piece of a reply points at, as a person reading it would say: by number,
ordinal, weekday, date, clock time or part of the day, in English, German, Spanish and French.

A reference that fits no offered option is named as not offered (it goes to the user as a
counter-proposal), never guessed; one that fits two options is ambiguous. The first tests state
what one clause points at (``find_references``); the last ones read whole replies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.reader import Thread, read_text
from meetup.answers.references import find_references
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def _at(day: int, month: int, hour: int, minute: int = 0, hours: float = 2, year: int = 2026) -> Interval:
    start = datetime(year, month, day, hour, minute, tzinfo=BERLIN)
    return Interval(start, start + timedelta(hours=hours))


#: 1 = Thu 26 Nov 19:00-21:00, 2 = Sat 28 Nov 10:00-12:00, 3 = Tue 1 Dec 18:30-20:30 (Berlin)
OPTIONS = {1: _at(26, 11, 19), 2: _at(28, 11, 10), 3: _at(1, 12, 18, 30)}
#: two Thursdays: 1 = Thu 26 Nov 12:30-13:30 (lunch), 2 = Thu 3 Dec 19:00, 3 = Sat 28 Nov 10:00
THURSDAYS = {1: _at(26, 11, 12, 30, hours=1), 2: _at(3, 12, 19), 3: _at(28, 11, 10)}
#: one evening a day, Mon 30 Nov (1) to Sun 6 Dec (7), 19:00
WEEK = {n: _at(29 + n, 11, 19) if n == 1 else _at(n - 1, 12, 19) for n in range(1, 8)}


def points(
    text: str, options: dict[int, Interval] = OPTIONS, listed: tuple[int, ...] | None = None
) -> tuple[set[int], list[str]]:
    """(the options a clause points at, what it names that was not offered)."""
    refs = find_references(text, options, BERLIN, listed)
    return refs.options, refs.unmatched


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Nov 28 works for me", {2}),
        ("November 28th is perfect", {2}),
        ("the 28th of November", {2}),
        ("Dec. 1st is good", {3}),
        ("28. November passt", {2}),
        ("am 28.11. passt es mir", {2}),
        ("28.11.2026 passt", {2}),
        ("28.11.26 geht", {2}),
        ("El 28 de noviembre me va bien", {2}),
        ("le 28 novembre", {2}),
        ("1er décembre parfait", {3}),
        ("28/11 works", {2}),
        ("11/28 works", {2}),  # only as month/day is it a date
        ("11/26/2026 works", {1}),
        ("1/12 works for me", {3}),  # 1 December or 12 January: only one of them is offered
        ("12/1 is good", {3}),
    ],
)
def test_a_date_points_at_the_option_on_that_day(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Nov 27 works for me", "nov 27"),
        ("27.11. passt", "27.11."),
        ("31.11. passt", "31.11."),
        ("le 2 décembre", "2 decembre"),
        ("29/11 works", "29/11"),
    ],
)
def test_a_date_that_was_not_offered_is_named_as_such(text: str, named: str) -> None:
    assert points(text) == (set(), [named])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Nov 28 or Dec 1", {2, 3}),
        ("28.11. oder 1.12.", {2, 3}),
        ("the 26th or the 28th", {1, 2}),
        ("26th or 28th", {1, 2}),
        ("7pm or 10am", {1, 2}),
        ("Thursday evening or Saturday morning", {1, 2}),
        ("jeudi soir ou samedi matin", {1, 2}),
    ],
)
def test_two_days_or_times_in_one_clause_point_at_either(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


def test_one_date_offered_and_one_not() -> None:
    assert points("Nov 28 or Nov 29") == ({2}, ["nov 29"])


def test_a_time_with_a_full_stop_is_not_a_date() -> None:
    assert points("Sat at 10.30.") == ({2}, [])
    assert points("Samstag um 10.15.") == ({2}, [])


def test_the_month_tells_apart_options_on_the_same_day_number() -> None:
    # after a nudge: 1 = Sat 28 Nov, 2 = Fri 11 Dec, 3 = Mon 28 Dec
    months = {1: _at(28, 11, 10), 2: _at(11, 12, 19), 3: _at(28, 12, 19)}
    assert points("28.11.", months) == ({1}, [])
    assert points("Dec 28th", months) == ({3}, [])
    assert points("28/11", months) == ({1}, [])
    assert points("11/28", months) == ({1}, [])
    assert points("28/12", months) == ({3}, [])
    assert points("12/11", months) == ({2}, [])  # 11 December; 12 November is not offered
    assert points("the 28th", months) == ({1, 3}, [])


def test_a_date_with_two_options_that_day_points_at_both() -> None:
    two = {1: _at(1, 12, 12), 2: _at(1, 12, 19), 3: _at(3, 12, 19)}
    assert points("1/12", two) == ({1, 2}, [])
    assert points("1/12 at 7pm", two) == ({2}, [])
    assert points("1.12. abends", two) == ({2}, [])


def test_a_day_and_month_read_both_ways_when_both_are_offered_is_ambiguous() -> None:
    both = {1: _at(1, 12, 18, 30), 2: _at(12, 1, 18, 30, year=2027)}
    assert points("12/1 works", both) == (set(), ["12/1"])
    assert points("12.1. passt", both) == ({2}, [])  # the German form has one reading


def test_a_phone_number_is_never_a_date_time_or_option() -> None:
    assert points("call me on 0176 1234567 if Saturday works") == ({2}, [])
    assert points("my number is +33 6 12 34 56 78, samedi me va") == ({2}, [])
    assert points("ring me on 234 56 78 about 7pm") == ({1}, [])
    # a date written in full is a date, not a phone number
    assert points("28.11.2026") == ({2}, [])


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Saturday works", {2}),
        ("Samstag passt", {2}),
        ("Sonnabend passt", {2}),
        ("El sábado me va bien", {2}),
        ("samedi, parfait", {2}),
        ("Thrusday works", {1}),  # a typo in a long name
        ("Sat works", {2}),
        ("sat 10am", {2}),
        ("Tue!", {3}),
        ("tues works", {3}),
        ("Thurs is good", {1}),
        ("I sat down with my calendar: Tuesday works", {3}),
        ("mon mari dit que samedi c'est bon", {2}),
        ("Thanks Sam, Thursday works", {1}),
        ("jueves me va", {1}),
        ("Dienstag passt", {3}),
    ],
)
def test_a_weekday_points_at_the_option_on_that_day(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Friday works", ["friday"]),
        ("Mon works", ["mon"]),
        ("Wed is fine", ["wed"]),
        ("Sun!", ["sun"]),
        ("domingo", ["domingo"]),
        ("So geht", ["so"]),  # "So" capitalised before a yes word is Sonntag
        ("vie 4 me va", ["vie"]),
    ],
)
def test_a_weekday_that_was_not_offered_is_named_as_such(text: str, named: list[str]) -> None:
    assert points(text) == (set(), named)


@pytest.mark.parametrize(
    "text",
    [
        "mon mari est d'accord",  # French "my"
        "I sat with Tom yesterday",
        "The sun is out",
        "We wed in May",
        "do passt",  # a lower-case "do" is not Donnerstag
        "so geht das",
        "Grüße, do passt",  # still lower case after an "ß"
        "Sam says hi",
        "sam est content",
        "vie privée",
        "Grüße von Mo und Sa",
        "ça me tue",  # French "kills me"
        "le trafic le tue",
        "I sat",
        "We sat!",
    ],
)
def test_a_word_that_only_looks_like_a_weekday_points_at_nothing(text: str) -> None:
    assert points(text) == (set(), [])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Do passt", {1}),
        ("Do geht", {1}),
        ("Sa 10 Uhr geht", {2}),
        ("Sa. ist gut", {2}),
        ("Di ok", {3}),
        ("sam 28 ça me va", {2}),
        ("sam. 28", {2}),
        ("jeu. 26", {1}),
        ("mar 1 ok", {3}),
        ("sáb. 28", {2}),
        ("jue 26", {1}),
        ("Schöne Grüße und Do passt", {1}),  # "ß" folds to two letters: the capital is still found
        ("Weiß nicht, Sa geht", {2}),
        ("ça me tue, jeudi ça marche", {1}),  # "tue" the verb, then a day
    ],
)
def test_a_short_weekday_counts_where_a_person_reads_it_as_one(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("samedi 28", {2}),
        ("Saturday the 28th", {2}),
        ("Saturday, the 28th", {2}),
        ("Thursday 26", {1}),
        ("Donnerstag, den 26.", {1}),
        ("jeudi le 26", {1}),
        ("Sat 10", {2}),  # no option that Saturday is on the 10th: the hour
        ("Tuesday 6", {3}),  # 18:30
        ("Thursday 7", {1}),
        ("Saturday 10am", {2}),
    ],
)
def test_a_number_after_a_weekday_is_its_date_or_else_its_hour(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Saturday 29th", ["saturday"]),
        ("Saturday 3", ["saturday"]),
        ("Thursday 25", ["thursday"]),
    ],
)
def test_a_weekday_with_a_date_or_hour_of_no_option_is_not_offered(text: str, named: list[str]) -> None:
    assert points(text) == (set(), named)


def test_two_options_on_the_same_weekday_are_told_apart_by_date_hour_or_part_of_day() -> None:
    assert points("Thursday", THURSDAYS) == ({1, 2}, [])
    assert points("Thursday the 3rd", THURSDAYS) == ({2}, [])
    assert points("Thu 3rd", THURSDAYS) == ({2}, [])
    assert points("Thursday 7", THURSDAYS) == ({2}, [])
    assert points("Thursday 12:30", THURSDAYS) == ({1}, [])
    assert points("Thursday 1pm", THURSDAYS) == ({1}, [])  # inside the lunch option
    assert points("Thursday lunch", THURSDAYS) == ({1}, [])
    assert points("Thursday evening", THURSDAYS) == ({2}, [])
    assert points("Donnerstagabend", THURSDAYS) == ({2}, [])
    assert points("Donnerstagmittag", THURSDAYS) == ({1}, [])
    assert points("jueves a las 7", THURSDAYS) == ({2}, [])


def test_a_weekday_that_fits_several_options_means_the_one_in_the_message_answered() -> None:
    # a nudge listed 2 and 3: "Thursday" is the Thursday it offered
    assert points("Thursday", THURSDAYS, listed=(2, 3)) == ({2}, [])
    assert points("Thursday", THURSDAYS, listed=(1,)) == ({1}, [])
    # a message that listed neither Thursday leaves both: the reader will call it ambiguous
    assert points("Thursday", THURSDAYS, listed=(3,)) == ({1, 2}, [])
    assert points("Saturday", THURSDAYS, listed=(1, 2)) == ({3}, [])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Montagabend passt", 1),
        ("Dienstagabend passt", 2),
        ("Mittwochabend passt", 3),
        ("Donnerstagabend passt", 4),
        ("Freitagabend passt", 5),
        ("Samstagabend passt", 6),
        ("Sonntagabend passt", 7),
        ("Sonntagnachmittag passt", 7),  # 19:00 is not the afternoon: see below
    ][:7],
)
def test_a_german_weekday_with_its_part_of_the_day_in_one_word(text: str, meant: int) -> None:
    assert points(text, WEEK) == ({meant}, [])


def test_a_compound_with_a_typo_in_the_day() -> None:
    assert points("Dinstagabend passt", WEEK) == ({2}, [])
    assert points("Donerstagabend", WEEK) == ({4}, [])


def test_a_part_of_the_day_has_its_hours() -> None:
    saturday = {1: _at(28, 11, 10), 2: _at(28, 11, 12, hours=1), 3: _at(27, 11, 17)}
    assert points("Saturday morning", saturday) == ({1}, [])  # noon is lunch, not morning
    assert points("Samstagvormittag", saturday) == ({1}, [])
    assert points("Saturday lunch", saturday) == ({2}, [])
    assert points("Freitagabend", saturday) == ({3}, [])  # 17:00 is evening
    assert points("Friday evening", saturday) == ({3}, [])
    assert points("Friday afternoon", saturday) == ({3}, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Donnerstagfrüh passt", ["donnerstagfruh"]),
        ("Sonntagnachmittag passt", ["sonntagnachmittag"]),
        ("Samstagabend passt", ["samstagabend"]),
    ],
)
def test_a_german_compound_at_a_part_of_the_day_of_no_option(text: str, named: list[str]) -> None:
    options = WEEK if text.startswith("Sonntag") else OPTIONS
    assert points(text, options) == (set(), named)


# --------------------------------------------------------------------------- "the 28th", "el 1"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("the 26th works", {1}),
        ("the 28 works", {2}),
        ("el 28 me va bien", {2}),
        ("am 28. passt", {2}),
        ("den 28. bitte", {2}),
        ("le 28, parfait", {2}),
        ("28th!", {2}),
        ("26th works", {1}),
        ("the 1st", {3}),
    ],
)
def test_a_day_of_the_month_alone_points_at_the_option_that_day(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("27th works", ["27th"]),
        ("9th works", ["9th"]),
        ("le 1", ["le 1"]),  # option 1, or the option on 1 December?
        ("the 3", []),  # option 3: no option is on the 3rd
    ],
)
def test_a_day_number_of_no_option_or_of_two_readings(text: str, named: list[str]) -> None:
    expected = ({3}, []) if text == "the 3" else (set(), named)
    assert points(text) == expected


def test_a_day_number_that_is_also_an_option_number_on_that_day_is_that_option() -> None:
    # option 1 is on the 1st: "the 1" means it either way
    first = {1: _at(1, 12, 18), 2: _at(3, 12, 18)}
    assert points("the 1 works", first) == ({1}, [])
    assert points("the 1st works", first) == ({1}, [])
    # option 2 is on the 2nd... of no month offered here; "the 2" is option 2
    assert points("the 2", first) == ({2}, [])
    # "the 3": the option on the 3rd is option 2, option 3 does not exist
    assert points("the 3 works", first) == ({2}, [])


# --------------------------------------------------------------------------- clock times


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("7pm works", {1}),
        ("7 pm", {1}),
        ("7p.m. works", {1}),
        ("7 P.M.", {1}),
        ("6:30pm", {3}),
        ("6.30pm", {3}),
        ("10am", {2}),
        ("10 a.m.", {2}),
        ("19:00 works", {1}),
        ("19.00 passt", {1}),
        ("19h ça marche", {1}),
        ("18h30 ça marche", {3}),
        ("19 Uhr passt", {1}),
        ("um 19 passt", {1}),
        ("gegen 10", {2}),
        ("at 7 works", {1}),  # 7 in the evening: the morning has no option
        ("@ 10", {2}),
        ("around 7", {1}),
        ("a las 10 me va bien", {2}),
        ("a la 1", set()),
        ("vers 19h", {1}),
        ("à 10h", {2}),
        ("20:45", {1}),  # inside the 19:00 option
        ("11:30am", {2}),
    ],
)
def test_a_clock_time_points_at_the_option_at_that_time(text: str, meant: set[int]) -> None:
    named = [] if meant else ["a la 1"]
    assert points(text) == (meant, named)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("3pm works", "3pm"),
        ("12pm", "12pm"),
        ("12am", "12am"),
        ("21:00", "21:00"),  # the 19:00 option ends then
        ("um 9", "um 9"),
        ("at 13", "at 13"),
        ("14h", "14h"),
        ("17 Uhr", "17 uhr"),
        ("9:45am", "9:45am"),
    ],
)
def test_a_clock_time_of_no_option_is_named_as_not_offered(text: str, named: str) -> None:
    assert points(text) == (set(), [named])


def test_an_exact_start_time_wins_over_a_time_inside_another_option() -> None:
    # 19:00 starts the Saturday option and falls inside Thursday's 18:00-20:00
    options = {1: _at(26, 11, 18), 2: _at(28, 11, 19)}
    assert points("7pm", options) == ({2}, [])
    assert points("19:00", options) == ({2}, [])
    assert points("at 7", options) == ({2}, [])
    assert points("19:30", options) == ({1, 2}, [])  # inside both: ambiguous


def test_noon_and_midday_hours() -> None:
    lunch = {1: _at(26, 11, 12, hours=1), 2: _at(28, 11, 12, 30, hours=1)}
    assert points("12pm", lunch) == ({1}, [])
    assert points("12:30pm", lunch) == ({2}, [])
    assert points("at 12", lunch) == ({1}, [])
    assert points("um 12", lunch) == ({1}, [])
    assert points("13:15", lunch) == ({2}, [])
    assert points("12:45", lunch) == ({1, 2}, [])


LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def _la(day: int, month: int, hour: int) -> Interval:
    start = datetime(2026, month, day, hour, tzinfo=LOS_ANGELES)
    return Interval(start, start + timedelta(hours=2))


#: evenings in Los Angeles are the next day in UTC: 1 = Thu 26 Nov 19:00, 2 = Mon 30 Nov 18:00,
#: 3 = Sat 28 Nov 10:00 (Los Angeles)
LA_OPTIONS = {1: _la(26, 11, 19), 2: _la(30, 11, 18), 3: _la(28, 11, 10)}


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Nov 30", {2}),
        ("30.11.", {2}),
        ("11/30", {2}),
        ("Thursday the 26th", {1}),
        ("the 26th", {1}),
        ("26th!", {1}),
        ("Thursday", {1}),
        ("Donnerstagabend", {1}),
        ("Monday evening", {2}),
        ("8:30pm", {1}),
        ("6pm", {2}),
    ],
)
def test_days_and_hours_are_the_friends(text: str, meant: set[int]) -> None:
    refs = find_references(text, LA_OPTIONS, LOS_ANGELES, None)
    assert (refs.options, refs.unmatched) == (meant, [])


def test_times_are_read_on_the_friends_clock() -> None:
    # 19:00 in Berlin is 13:00 in New York
    refs = find_references("1pm works", OPTIONS, NEW_YORK, None)
    assert (refs.options, refs.unmatched) == ({1}, [])
    refs = find_references("7pm works", OPTIONS, NEW_YORK, None)
    assert (refs.options, refs.unmatched) == (set(), ["7pm"])


# --------------------------------------------------------------------------- parts of the day


@pytest.mark.parametrize(
    ("text", "meant", "named"),
    [
        ("Thursday evening", {1}, []),
        ("tuesday night", {3}, []),
        ("Saturday morning", {2}, []),
        ("samedi matin", {2}, []),
        ("el sábado por la mañana", {2}, []),
        ("jeudi soir", {1}, []),
        ("Donnerstag abends", {1}, []),
        ("Saturday evening", set(), ["that day and time"]),
        ("Tuesday morning", set(), ["that day and time"]),
        ("Evening works", set(), []),  # alone, a part of the day picks nothing
        ("morning or evening, whatever", set(), []),
    ],
)
def test_a_part_of_the_day_narrows_a_day(text: str, meant: set[int], named: list[str]) -> None:
    assert points(text) == (meant, named)


def test_a_day_and_a_time_must_be_the_same_option() -> None:
    assert points("Thursday 10am") == (set(), ["that day and time"])
    assert points("Saturday at 10") == ({2}, [])
    assert points("Nov 28, 10:00") == ({2}, [])
    assert points("Nov 28 at 7pm") == (set(), ["that day and time"])
    # a time not offered is named itself
    assert points("Saturday 3pm") == (set(), ["3pm"])


# --------------------------------------------------------------------------- ordinals and numbers


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("the first one", {1}),
        ("second option works", {2}),
        ("the 2nd", {2}),
        ("3rd one please", {3}),
        ("The last one works best", {3}),
        ("First!", {1}),
        ("Last works", {3}),
        ("erste passt", {1}),
        ("the first time works", {1}),
        ("- last one", {3}),
        ("die zweite passt", {2}),
        ("den ersten Termin", {1}),
        ("der letzte Vorschlag", {3}),
        ("la segunda me va bien", {2}),
        ("el último", {3}),
        ("le premier", {1}),
        ("la deuxième", {2}),
        ("le dernier créneau", {3}),
        ("third one, definitely", {3}),  # a choice by its noun
        ("die zweite wäre super", {2}),  # a choice by its article
        ("la segunda, claro", {2}),
        ("... last!", {3}),
        ("First of all thanks - the second one", {2}),
    ],
)
def test_an_ordinal_counts_down_the_list(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


def test_an_ordinal_counts_down_the_list_the_friend_saw() -> None:
    nudged = {3: OPTIONS[2], 4: _at(2, 12, 19), 5: _at(4, 12, 19)}
    assert points("the first one", nudged, listed=(4, 5)) == ({4}, [])
    assert points("the last one", nudged, listed=(4, 5)) == ({5}, [])
    assert points("the second one", nudged) == ({4}, [])  # no list known: in number order
    assert points("the third one", nudged, listed=(4, 5)) == (set(), ["the third one"])


@pytest.mark.parametrize(
    ("text", "named"),
    [("the fourth one", "the fourth one"), ("die fünfte Option", "die funfte option")],
)
def test_an_ordinal_past_the_end_of_the_list_is_not_offered(text: str, named: str) -> None:
    assert points(text) == (set(), [named])


@pytest.mark.parametrize(
    "text",
    [
        "At first I thought so",
        "first of all, thanks",
        "First things first",
        "my second week back",
        "last time was fun",
        "Last week was mad",
        "In letzter Zeit viel los",
        "Zum ersten Mal",
        "primero de todo",
        "a primera hora",
    ],
)
def test_an_ordinal_inside_a_sentence_is_not_a_choice(text: str) -> None:
    assert points(text) == (set(), [])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2", {2}),
        ("#3", {3}),
        ("# 1", {1}),
        ("option 1", {1}),
        ("Option #2", {2}),
        ("Option two", {2}),
        ("opción tres", {3}),
        ("Nummer 2", {2}),
        ("Vorschlag 3", {3}),
        ("Termin eins", {1}),
        ("número 3 por favor", {3}),
        ("numéro deux", {2}),
        ("nr. 2", {2}),
        ("no. 2", {2}),
        ("choice 1", {1}),
        ("la 2", {2}),
        ("die 3", {3}),
        ("l'1", {1}),
        ("2 works", {2}),
    ],
)
def test_an_option_number(text: str, meant: set[int]) -> None:
    assert points(text) == (meant, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [("5 works", "5"), ("option 4", "option 4"), ("#7", "#7"), ("Option vier", "option vier")],
)
def test_a_number_that_was_not_offered_is_named_as_such(text: str, named: str) -> None:
    assert points(text) == (set(), [named])


def test_a_number_from_another_message_is_not_an_option_here() -> None:
    # the nudge listed 3 and 4; the invite's "2" is still stored but was not in the message answered
    nudged = {2: OPTIONS[1], 3: OPTIONS[2], 4: _at(2, 12, 19)}
    assert points("4 works", nudged, listed=(3, 4)) == ({4}, [])
    assert points("2 works", nudged, listed=(3, 4)) == (set(), ["2"])
    assert points("2 works", nudged) == ({2}, [])


@pytest.mark.parametrize(
    "text",
    [
        "in 2 weeks",
        "in 3 Wochen",
        "dentro de 2 semanas",
        "dans 2 semaines",
        "in 2 days",
        "2-3 people",
        "1.5 hours",
        "2,5 Stunden",
    ],
)
def test_a_number_that_counts_something_else_is_not_an_option(text: str) -> None:
    assert points(text) == (set(), [])


# --------------------------------------------------------------------------- whole replies


@pytest.mark.parametrize(
    ("text", "kind", "option", "why"),
    [
        ("sam. 28 ça me va", "yes", 2, "picks option 2"),
        ("Sa. 28.11. passt!", "yes", 2, "picks option 2"),
        ("jeu. 26, parfait", "yes", 1, "picks option 1"),
        ("Saturday 3pm works", "ambiguous", None, "names a time that was not offered ('3pm')"),
        ("Nov 27 works for me", "ambiguous", None, "names a time that was not offered ('nov 27')"),
        ("Friday works better", "ambiguous", None, "names a time that was not offered ('friday')"),
        ("Saturday evening?", "ambiguous", None, "asks about the answer ('Saturday evening?')"),
        (
            "Saturday evening works",
            "ambiguous",
            None,
            "names a time that was not offered ('that day and time')",
        ),
        ("7pm works, see you", "yes", 1, "picks option 1"),
        ("Call me on 0176 1234567 - Saturday works!", "yes", 2, "picks option 2"),
        ("Donnerstagabend passt super", "yes", 1, "picks option 1"),
        ("le dernier me va", "yes", 3, "picks option 3"),
        ("Option 4 please", "ambiguous", None, "names a time that was not offered ('option 4')"),
        ("Sat. 28 works", "yes", 2, "picks option 2"),
        ("ça me tue, mais jeudi ça marche", "yes", 1, "picks option 1"),
        ("OK Tue", "yes", 3, "picks option 3"),
    ],
)
def test_whole_replies(text: str, kind: str, option: int | None, why: str) -> None:
    reading = read_text(text, OPTIONS, BERLIN)
    assert (reading.kind, reading.option, reading.why) == (kind, option, why)


def test_after_a_nudge_the_weekday_means_the_newly_offered_one() -> None:
    reading = read_text("Thursday works!", THURSDAYS, BERLIN, thread=Thread(listed=(2, 3)))
    assert (reading.kind, reading.option, reading.why) == ("yes", 2, "picks option 2")
    reading = read_text("Thursday works!", THURSDAYS, BERLIN, thread=Thread())
    assert (reading.kind, reading.option, reading.why) == (
        "ambiguous",
        None,
        "mentions several options (1 and 2)",
    )


# --------------------------------------------------------------------------- "tomorrow", "the later one"

WRITTEN = date(2026, 11, 23)  # a Monday
#: 1 = Tue 24 Nov 19:00 (tomorrow), 2 = Wed 25 Nov 19:00 (the day after), 3 = Sat 28 Nov 10:00
SOON = {1: _at(24, 11, 19), 2: _at(25, 11, 19), 3: _at(28, 11, 10)}


@pytest.mark.parametrize(
    ("text", "meant", "named"),
    [
        ("tomorrow works", {1}, []),
        ("tmrw at 7pm", {1}, []),
        ("Morgen Abend passt", {1}, []),
        ("mañana me va bien", {1}, []),
        ("demain soir", {1}, []),
        ("übermorgen passt", {2}, []),
        ("the day after tomorrow", {2}, []),
        ("pasado mañana", {2}, []),
        ("après-demain", {2}, []),
        ("Guten Morgen! Morgen Abend passt", {1}, []),  # the greeting is no day
        ("heute geht", set(), []),  # no option today: an aside ("busy today")
        ("tomorrow at 10am", set(), ["that day and time"]),
    ],
)
def test_a_day_named_from_the_day_the_reply_was_written(text: str, meant: set[int], named: list[str]) -> None:
    refs = find_references(text, SOON, BERLIN, None, day_written=WRITTEN)
    assert (refs.options, refs.unmatched) == (meant, named)


def test_today_and_tomorrow_when_offered_or_not() -> None:
    today = {1: _at(23, 11, 19), 2: _at(28, 11, 10)}
    refs = find_references("today works", today, BERLIN, None, day_written=WRITTEN)
    assert (refs.options, refs.unmatched) == ({1}, [])
    refs = find_references("tomorrow works", today, BERLIN, None, day_written=WRITTEN)
    assert (refs.options, refs.unmatched) == (set(), ["tomorrow"])


def test_tomorrow_is_the_friends_tomorrow() -> None:
    # 18:00 on Tuesday in Los Angeles is already Wednesday in UTC
    options = {1: _la(24, 11, 18), 2: _la(28, 11, 10)}
    refs = find_references("tomorrow works", options, LOS_ANGELES, None, day_written=WRITTEN)
    assert (refs.options, refs.unmatched) == ({1}, [])


def test_the_earlier_or_later_of_one_days_options() -> None:
    # after a nudge the numbers are not in the order of the day: 2 is the earliest
    saturday = {1: _at(28, 11, 12), 2: _at(28, 11, 10), 3: _at(28, 11, 16), 4: _at(1, 12, 18)}
    assert points("Saturday, the earlier one", saturday) == ({2}, [])
    assert points("Saturday, the later one", saturday) == ({3}, [])
    assert points("Samstag, den späteren Termin", saturday) == ({3}, [])
    assert points("el sábado, la más temprana", saturday) == ({2}, [])
    # without one day to choose within, "the later one" picks nothing, and says so: a doubt, so
    # "Saturday the later one works, or the earlier one" is never read as the later one
    assert points("the later one", saturday) == (set(), ["the later"])


def test_the_later_one_of_a_day_is_the_friends_day() -> None:
    # 10:00 and 18:00 on Monday in Los Angeles are Monday and Tuesday in UTC
    monday = {1: _la(30, 11, 10), 2: _la(30, 11, 18)}
    refs = find_references("Monday, the later one", monday, LOS_ANGELES, None)
    assert (refs.options, refs.unmatched) == ({2}, [])
