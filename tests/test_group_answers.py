"""Answers to a group invite, where a friend may be able to make several options: the whole
reading (which options, or why it goes to the user) for realistic replies in EN/DE/ES/FR."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.group import GroupReading, read_group_text, spell_out_lists
from meetup.answers.reader import Thread
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
#: 1 = Tue 24 Nov 19:00, 2 = Thu 26 Nov 19:00, 3 = Sat 28 Nov 12:00 (Berlin)
OPTIONS = [
    Interval(datetime(2026, 11, 24, 19, tzinfo=BERLIN), datetime(2026, 11, 24, 21, tzinfo=BERLIN)),
    Interval(datetime(2026, 11, 26, 19, tzinfo=BERLIN), datetime(2026, 11, 26, 21, tzinfo=BERLIN)),
    Interval(datetime(2026, 11, 28, 12, tzinfo=BERLIN), datetime(2026, 11, 28, 14, tzinfo=BERLIN)),
]
QUOTE = "\n\nOn Mon, Alex wrote:\n> 1. Tue 24 Nov\n> 2. Thu 26 Nov\n> 3. Sat 28 Nov"


@pytest.mark.parametrize(
    ("text", "kind", "chosen", "why"),
    [
        ("1 and 3 work", "yes", {1, 3}, "can make 1 and 3"),
        ("1 and 3 work for me!" + QUOTE, "yes", {1, 3}, "can make 1 and 3"),
        ("1, 2 and 3 all work", "yes", {1, 2, 3}, "can make 1, 2 and 3"),
        ("1 and 3", "yes", {1, 3}, "can make 1 and 3"),
        ("1 works", "yes", {1}, "can make 1"),
        ("Thursday", "yes", {2}, "can make 2"),
        ("Thursday at 8pm works", "yes", {2}, "can make 2"),
        ("Not 2, but 1 and 3 are fine", "yes", {1, 3}, "can make 1 and 3"),
        ("1 and 3. Can't do 2", "yes", {1, 3}, "can make 1 and 3"),
        ("Thursday is fine, Tuesday not", "yes", {2}, "can make 2"),
        ("Dienstag geht nicht, Donnerstag passt", "yes", {2}, "can make 2"),
        ("Jeudi ça marche, mardi non", "yes", {2}, "can make 2"),
        ("1 und 3 passen", "yes", {1, 3}, "can make 1 and 3"),
        ("1 y 3 me van bien", "yes", {1, 3}, "can make 1 and 3"),
        ("Ask me later, but 2 works", "yes", {2}, "can make 2"),
        ("Tuesday. Thursday is fine", "yes", {1, 2}, "can make 1 and 2"),
        ("Nov 24 and Nov 28 work", "yes", {1, 3}, "can make 1 and 3"),
        ("1 and 3 work. Any questions, call me", "yes", {1, 3}, "can make 1 and 3"),
        ("1 and 3 work. Either way, thanks!", "yes", {1, 3}, "can make 1 and 3"),
        ("Any but 2 work. Saturday I'd bring my partner", "yes", {1, 3}, "can make all but 2"),
        ("2 works. Friday!", "ambiguous", set(), "names a time that was not offered ('friday')"),
        ("Friday!", "ambiguous", set(), "names a time that was not offered ('friday')"),
        (
            "all except Tuesday and Friday",
            "ambiguous",
            set(),
            "leaves out something not offered ('all except Tuesday and Friday')",
        ),
        ("le 26 ou le 28, les deux me vont", "yes", {2, 3}, "can make 2 and 3"),
        # all, or all but some
        ("all fine", "yes", {1, 2, 3}, "can make any of them"),
        ("Any of them works", "yes", {1, 2, 3}, "can make any of them"),
        ("I can do all of them", "yes", {1, 2, 3}, "can make any of them"),
        ("I'm flexible", "yes", {1, 2, 3}, "can make any of them"),
        ("Alle passen!", "yes", {1, 2, 3}, "can make any of them"),
        ("toutes marchent", "yes", {1, 2, 3}, "can make any of them"),
        ("Any time works, but not Thursday", "yes", {1, 3}, "can make all but 2"),
        ("can't do Tuesday, but everything else works", "yes", {2, 3}, "can make all but 1"),
        ("any but 2", "yes", {1, 3}, "can make all but 2"),
        ("Anything but Thursday", "yes", {1, 3}, "can make all but 2"),
        ("all except the second", "yes", {1, 3}, "can make all but 2"),
        ("all good except 3", "yes", {1, 2}, "can make all but 3"),
        ("alle außer 2", "yes", {1, 3}, "can make all but 2"),
        ("todas menos la 2", "yes", {1, 3}, "can make all but 2"),
        ("Any but 2 work. Not 3 either", "yes", {1}, "can make all but 2 and 3"),
        ("Anything but Thursday, and Saturday is out too", "yes", {1}, "can make all but 2 and 3"),
        ("all except 1, 2 and 3", "no", set(), "none of the options works"),
        ("all except 1 and 2. Not 3 either", "no", set(), "none of the options works"),
        # no, later
        ("Sorry, can't make any of these", "no", set(), "none of the options works"),
        ("none of those work for me", "no", set(), "none of the options works"),
        ("Tuesday, Thursday and Saturday are all booked for me", "no", set(), "none of the options works"),
        ("Can't make it, sorry", "no", set(), "declines"),
        ("ask me later, swamped this month", "later", set(), "asks to be asked later ('ask me later')"),
        # never guess
        ("all except Friday", "ambiguous", set(), "leaves out something not offered ('all except Friday')"),
        (
            "Any of them work, except the 4th",
            "ambiguous",
            set(),
            "leaves out something not offered ('Any of them work, except the 4th')",
        ),
        ("Tuesday and Thursday are out", "ambiguous", set(), "rules out option 1 and 2 only"),
        ("Tuesday is out", "ambiguous", set(), "rules out option 1 only"),
        ("maybe 1 and 3", "ambiguous", set(), "hedges or sets a condition ('maybe')"),
        ("Vielleicht Dienstag", "ambiguous", set(), "hedges or sets a condition ('vielleicht')"),
        ("1 and 3 work, I might be late though", "ambiguous", set(), "hedges or sets a condition ('might')"),
        ("Friday works", "ambiguous", set(), "names a time that was not offered ('friday')"),
        ("1 and 5 work", "ambiguous", set(), "names a time that was not offered ('5')"),
        ("yes!", "ambiguous", set(), "says yes but not to which option"),
        ("Sounds good!", "ambiguous", set(), "says yes but not to which option"),
        ("could we do 4 instead?", "ambiguous", set(), "the reply asks a question"),
        ("Thursday sounds good but I can't", "ambiguous", set(), "mentions option 2 but also says no"),
        (
            "Saturday I have a wedding, but 1 works",
            "ambiguous",
            set(),
            "says something about an option that is neither yes nor no ('Saturday I have a wedding')",
        ),
        (
            "1 works, 2 as well",
            "ambiguous",
            set(),
            "says something about an option that is neither yes nor no ('2 as well')",
        ),
        (
            "See the options in my other mail: 2 works",
            "ambiguous",
            set(),
            "refers to options of another message",
        ),
        (
            "FYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.org>\nSubject: plans\n\n1 works",
            "ambiguous",
            set(),
            "forwards another message",
        ),
        (QUOTE, "ambiguous", set(), "the reply has no text of its own (only quoted text)"),
        ("lol", "ambiguous", set(), "could not tell what the reply means"),
    ],
)
def test_a_group_answer_is_read_whole(text: str, kind: str, chosen: set[int], why: str) -> None:
    assert read_group_text(text, OPTIONS, BERLIN) == GroupReading(kind, frozenset(chosen), why)  # type: ignore[arg-type]


def test_answers_written_under_the_quoted_options_go_to_the_user() -> None:
    text = "> 1. Tue 24 Nov\nyes\n> 2. Thu 26 Nov\nno\n> 3. Sat 28 Nov\nyes"
    assert read_group_text(text, OPTIONS, BERLIN) == GroupReading(
        "ambiguous", frozenset(), "answers between the quoted options"
    )


def test_a_quote_of_meetups_own_message_is_not_the_friends_text() -> None:
    sent = "Hi Ana! Dinner with Ben and Cleo? I could do:\n1. Tue 24 Nov\n2. Thu 26 Nov\n3. Sat 28 Nov"
    # Outlook quotes without ">": the numbers below its header are meetup's, not the friend's
    text = "2 works!\n\nFrom: Alex <alex@example.org>\nSent: Monday\nTo: Ana\nSubject: Dinner\n\n" + sent
    reading = read_group_text(text, OPTIONS, BERLIN, thread=Thread(sent_texts=(sent,)))
    assert reading == GroupReading("yes", frozenset({2}), "can make 2")


def test_numbers_and_ordinals_follow_the_list_in_the_message_answered() -> None:
    nudged = {4: OPTIONS[1], 5: OPTIONS[2]}
    thread = Thread(listed=(4, 5))
    assert read_group_text("the first one", nudged, BERLIN, thread=thread) == GroupReading(
        "yes", frozenset({4}), "can make 4"
    )
    assert read_group_text("any but the last", nudged, BERLIN, thread=thread) == GroupReading(
        "yes", frozenset({4}), "can make all but 5"
    )
    assert read_group_text("Not 5, sorry", nudged, BERLIN, thread=thread) == GroupReading(
        "ambiguous", frozenset(), "rules out option 5 only"
    )


def test_a_weekday_means_the_one_in_the_message_answered() -> None:
    later = Interval(OPTIONS[1].start + timedelta(days=7), OPTIONS[1].end + timedelta(days=7))  # Thu 3 Dec
    options = {1: OPTIONS[0], 2: OPTIONS[1], 3: later}
    assert read_group_text("Thursday works", options, BERLIN, thread=Thread(listed=(1, 3))) == GroupReading(
        "yes", frozenset({3}), "can make 3"
    )
    assert read_group_text("Thursday works", options, BERLIN) == GroupReading(
        "yes", frozenset({2, 3}), "can make 2 and 3"
    )


def test_a_single_option_group_takes_a_plain_yes_and_a_plain_no() -> None:
    assert read_group_text("Yes, count me in!", OPTIONS[:1], BERLIN) == GroupReading(
        "yes", frozenset({1}), "says yes to the only option"
    )
    assert read_group_text("Sorry, can't make it", OPTIONS[:1], BERLIN) == GroupReading(
        "no", frozenset(), "declines"
    )


TOKYO = ZoneInfo("Asia/Tokyo")


def test_the_day_is_the_friends_day() -> None:
    # 19:00 Tuesday in Berlin is already Wednesday in Tokyo
    assert read_group_text("Wednesday works", OPTIONS, TOKYO) == GroupReading(
        "yes", frozenset({1}), "can make 1"
    )
    assert read_group_text("all but Wednesday", OPTIONS, TOKYO) == GroupReading(
        "yes", frozenset({2, 3}), "can make all but 1"
    )
    assert read_group_text("All but Saturday. Not Wednesday either", OPTIONS, TOKYO) == GroupReading(
        "yes", frozenset({2}), "can make all but 1 and 3"
    )


def test_ordinals_count_down_the_list_quoted_in_the_reply() -> None:
    text = "the first one works\n\nOn Mon, Alex wrote:\n> 2. Thu 26 Nov\n> 3. Sat 28 Nov"
    assert read_group_text(text, OPTIONS, BERLIN) == GroupReading("yes", frozenset({2}), "can make 2")


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("1 and 3 work", "option 1 and option 3 work"),
        ("1, 2 and 3", "option 1 and option 2 and option 3"),
        ("#1 or #3", "option 1 and option 3"),
        ("options 2 & 3 are fine", "option 2 and option 3 are fine"),
        ("1 and 5 work", "1 and 5 work"),  # 5 was not offered: left to the reader to name
        ("7:30 and 8 work", "7:30 and 8 work"),
        ("the 1st and 3rd", "the 1st and 3rd"),
    ],
)
def test_a_list_of_option_numbers_is_spelled_out(text: str, spelled: str) -> None:
    assert spell_out_lists(text, {1, 2, 3}) == spelled
