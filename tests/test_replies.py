"""Reading replies: a table of real-looking answers with the reading each must get."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.imip import read_imip
from meetup.answers.reader import fresh_text, read_text
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")


def _option(day: int, month: int, hour: int, minute: int = 0) -> Interval:
    start = datetime(2026, month, day, hour, minute, tzinfo=BERLIN)
    return Interval(start, start + timedelta(hours=2))


#: 1 = Thu 26 Nov 19:00, 2 = Sat 28 Nov 10:00, 3 = Tue 1 Dec 18:30 (Berlin)
OPTIONS = [_option(26, 11, 19), _option(28, 11, 10), _option(1, 12, 18, 30)]

GMAIL_QUOTE = """
On Mon, Nov 23, 2026 at 6:02 PM Sam Doe <sam@example.org> wrote:
> Hey Alex! Fancy drinks? I could do:
> 1. Thu 26 Nov, 19:00
> 2. Sat 28 Nov, 10:00
> 3. Tue 1 Dec, 18:30
> Reply with a number.
"""

OUTLOOK_QUOTE = """
________________________________
From: Sam Doe <sam@example.org>
Sent: Monday, November 23, 2026 6:02 PM
To: Alex <alex@example.com>
Subject: Drinks?

Hey Alex! 1. Thursday 7pm 2. Saturday 10am 3. Tuesday 6:30pm. Yes, any of these works for me.
"""

OUTLOOK_OLD = """
-----Original Message-----
From: Sam Doe [mailto:sam@example.org]
Sent: Monday, November 23, 2026 18:02
Subject: Drinks?

Option 1 works, option 2 works, just say yes
"""

APPLE_QUOTE = """

Sent from my iPhone

> On 23 Nov 2026, at 18:02, Sam Doe <sam@example.org> wrote:
>
> Saturday 10:00 or Thursday 19:00? Yes please, no pressure.
"""

CASES: list[tuple[str, str, int | None, str]] = [
    # (name, text, expected option, expected kind)
    ("bare number", "2", 2, "yes"),
    ("hash number", "#3", 3, "yes"),
    ("option N", "Option 1 please!", 1, "yes"),
    ("number with works", "2 works for me", 2, "yes"),
    ("the second one", "Let's do the second one :)", 2, "yes"),
    ("2nd", "2nd one is perfect", 2, "yes"),
    ("last one", "The last one works best", 3, "yes"),
    ("first option", "First option sounds great", 1, "yes"),
    ("weekday works", "Thursday works!", 1, "yes"),
    ("abbrev weekday with time", "sat 10am", 2, "yes"),
    ("weekday part of day", "tuesday evening is good", 3, "yes"),
    ("24h time", "19:00 works for me", 1, "yes"),
    ("date", "Nov 28 is perfect", 2, "yes"),
    ("the 1st (date)", "The 1st works, see you then", 3, "yes"),
    ("gmail top-posted", "Saturday sounds great, see you there!\n\nAlex" + GMAIL_QUOTE, 2, "yes"),
    ("gmail quoted numbers ignored", "2 it is." + GMAIL_QUOTE, 2, "yes"),
    (
        "outlook top-posted",
        "Thursday works.\n\nBest regards,\nAlex Smith\nAcme Corp" + OUTLOOK_QUOTE,
        1,
        "yes",
    ),
    ("old outlook", "Tuesday!" + OUTLOOK_OLD, 3, "yes"),
    ("apple", "Sat works 👍" + APPLE_QUOTE, 2, "yes"),
    ("signature with numbers", "Option 3.\n\n-- \nAlex Smith\n+49 30 1234 2 1\nFloor 2", 3, "yes"),
    ("busy one day but another", "I'm busy Thursday but Saturday works", 2, "yes"),
    ("cannot thursday, sat is fine", "Can't do Thursday, sat morning is fine", 2, "yes"),
    ("no problem", "No problem, Tuesday is good for me", 3, "yes"),
    ("yes only one option", "yes!", None, "ambiguous"),  # several offered
    ("sounds great no option", "Sounds great!", None, "ambiguous"),
    ("two options", "1 or 2 both work", None, "ambiguous"),
    ("two weekdays", "Thursday or Saturday, whatever suits you", None, "ambiguous"),
    ("question", "Could we do Friday instead?", None, "ambiguous"),
    ("question with option", "Does 2 work for you too?", None, "ambiguous"),
    ("counter proposal", "Friday works better for me", None, "ambiguous"),
    ("time not offered", "Saturday 3pm works", None, "ambiguous"),
    ("hedge", "Probably Thursday, will confirm", None, "ambiguous"),
    ("only quoted", GMAIL_QUOTE, None, "ambiguous"),
    ("rules out one only", "Thursday doesn't work for me", None, "ambiguous"),
    ("gibberish", "lol", None, "ambiguous"),
    ("cant make it", "Sorry, can't make it this time.", None, "no"),
    ("not this time", "Not this time, sorry!\n\nCheers,\nAlex" + GMAIL_QUOTE, None, "no"),
    ("none of these", "None of these work for me unfortunately.", None, "no"),
    ("no thanks", "No thanks.\n\nSent from my iPhone", None, "no"),
    ("neither", "Neither works, sorry", None, "no"),
    ("i'll pass", "I'll pass this time, thanks for thinking of me" + OUTLOOK_QUOTE, None, "no"),
    ("all ruled out", "Thursday, Saturday and Tuesday are all booked for me", None, "no"),
    ("ask me later", "busy this month, ask me later", None, "later"),
    ("rain check", "Can I take a rain check? Crazy month.", None, "later"),
    ("rain check statement", "Rain check! Crazy month at work.", None, "later"),
    ("next month", "Swamped right now, try me next month", None, "later"),
    ("get back to you is a hedge", "Let me check and get back to you" + APPLE_QUOTE, None, "ambiguous"),
    ("empty", "", None, "ambiguous"),
]


CASES += [
    ("at 7 means the evening option", "Yes! Thursday at 7 is perfect", 1, "yes"),
    ("option please", "Option 2 please. Looking forward!", 2, "yes"),
    ("em dash hash", "Sounds good \u2014 #1", 1, "yes"),
    ("can do part of day", "I can do Saturday morning", 2, "yes"),
    (
        "outlook with greeting and sign-off",
        "Hi Sam,\n\nSaturday is great!\n\nThanks,\nAna\n\nFrom: Sam <sam@example.org>\nSent: Monday\n"
        "To: Ana\nSubject: Drinks\n\n1. Thu",
        2,
        "yes",
    ),
    ("abbrev thu", "Thu!", 1, "yes"),
    ("tues", "tues works", 3, "yes"),
    ("the 28th", "the 28th works", 2, "yes"),
    ("weekday and date", "Let's go with Tuesday the 1st", 3, "yes"),
    (
        "android signature",
        "Hey! Yeah Thursday evening works great. See you then!\n\nSent from my Galaxy",
        1,
        "yes",
    ),
    ("none of those", "Unfortunately I can't do any of those", None, "no"),
    ("sure with 24h", "Sure, saturday 10:00", 2, "yes"),
    ("ok number", "ok 1", 1, "yes"),
    ("long yes", "Thanks for the invite! I'd love to, let's do Tuesday", 3, "yes"),
    ("out of town that week is a no", "I'm out of town that week, sorry", None, "no"),
]


@pytest.mark.parametrize(("name", "text", "option", "kind"), CASES, ids=[c[0] for c in CASES])
def test_reply_table(name: str, text: str, option: int | None, kind: str) -> None:
    reading = read_text(text, OPTIONS, BERLIN)
    assert (reading.kind, reading.option) == (kind, option), reading.why
    assert reading.why


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_friend_zone_decides_the_day() -> None:
    # 23:30 Berlin on Thursday is already Friday in Tokyo: "friday" must pick it for a Tokyo friend.
    late = Interval(datetime(2026, 11, 26, 23, 30, tzinfo=BERLIN), datetime(2026, 11, 27, 1, tzinfo=BERLIN))
    options = [late, OPTIONS[1]]
    assert read_text("friday works", options, ZoneInfo("Asia/Tokyo")).option == 1
    assert read_text("friday works", options, BERLIN).kind == "ambiguous"


def test_yes_with_a_single_option() -> None:
    reading = read_text("Sounds great, count me in", OPTIONS[:1], BERLIN)
    assert (reading.kind, reading.option) == ("yes", 1)


def test_fresh_text_strips_quotes_and_signature() -> None:
    text = "See you Saturday!\n\nBest,\nAlex\n" + GMAIL_QUOTE
    assert fresh_text(text) == "See you Saturday!"
    assert fresh_text("Yes\n-- \nAlex\n") == "Yes"


def _imip_reply(uid: str, partstat: str, start: datetime | None = None) -> bytes:
    dtstart = f"DTSTART:{start.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}\r\n" if start else ""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        f"{dtstart}DTSTAMP:20261123T180000Z\r\nUID:{uid}\r\nSEQUENCE:0\r\n"
        "ORGANIZER:mailto:sam@example.org\r\n"
        f"ATTENDEE;CN=Alex;PARTSTAT={partstat}:mailto:alex@example.com\r\n"
        "SUMMARY:Drinks\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("partstat", "kind", "option"),
    [("ACCEPTED", "yes", 2), ("DECLINED", "no", None), ("TENTATIVE", "ambiguous", None)],
)
def test_imip_reply(partstat: str, kind: str, option: int | None) -> None:
    data = _imip_reply("meetup-7-2@example.org", partstat)
    reading = read_imip(data, OPTIONS, uids={"meetup-7-2@example.org": 2})
    assert reading is not None and (reading.kind, reading.option) == (kind, option)


def test_imip_reply_matched_by_start_when_uid_is_the_invites() -> None:
    data = _imip_reply("meetup-7@example.org", "ACCEPTED", OPTIONS[2].start)
    reading = read_imip(data, OPTIONS, uids={"meetup-7@example.org": None})
    assert reading is not None and (reading.kind, reading.option) == ("yes", 3)


def test_imip_for_another_uid_leaves_the_text_to_be_read() -> None:
    data = _imip_reply("someone-else@example.org", "ACCEPTED")
    assert read_imip(data, OPTIONS, uids={"meetup-7@example.org": None}) is None


def test_broken_calendar_part_is_ignored() -> None:
    assert read_imip(b"BEGIN:VCALENDAR\r\ngarbage", OPTIONS, uids={"x": None}) is None


def test_numbers_follow_the_options_the_friend_saw() -> None:
    # after a nudge the offered options are numbered 3 and 4; an old "1" is not one of them
    later = {3: OPTIONS[1], 4: OPTIONS[2]}
    assert read_text("4 works", later, BERLIN).option == 4
    assert read_text("the first one", later, BERLIN).option == 3
    assert read_text("Saturday!", later, BERLIN).option == 3
    assert read_text("1 works", later, BERLIN).kind == "ambiguous"


QUOTE_STYLES = [GMAIL_QUOTE, OUTLOOK_QUOTE, OUTLOOK_OLD, "\n\n> 2\n> Thursday works? no thanks\n"]
SIGNATURES = ["", "\n-- \nSam Smith\n+49 30 1234 5678\n", "\n\nSent from my iPhone", "\n\nBest,\nSam"]


def test_quotes_and_signatures_never_change_the_reading() -> None:
    """Every table reply without its own quote or signature, under every quoting style and
    signature, reads the same (784 combinations)."""
    plain = [c for c in CASES if c[1].strip() and fresh_text(c[1]) == c[1].strip()]
    assert len(plain) >= 40
    for name, text, option, kind in plain:
        for quote in QUOTE_STYLES:
            for signature in SIGNATURES:
                reading = read_text(text + signature + quote, OPTIONS, BERLIN)
                assert (reading.kind, reading.option) == (kind, option), (
                    name,
                    signature,
                    quote[:20],
                    reading.why,
                )


# --------------------------------------------------------------------------- any quote, any signature

from hypothesis import assume, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from meetup.answers.reader import Thread  # noqa: E402

CLEAR = [
    ("2 works for me!", "yes", 2),
    ("Saturday sounds great, see you there!", "yes", 2),
    ("Donnerstag passt!", "yes", 1),
    ("El sábado me va bien", "yes", 2),
    ("Jeudi ça marche !", "yes", 1),
    ("the last one please", "yes", 3),
    ("Sorry, can't make any of these.", "no", None),
    ("Leider nicht, sorry!", "no", None),
    ("Busy busy. Another time!", "later", None),
    ("Probably Saturday.", "ambiguous", None),
]
#: any text, but no line that lists a numbered option (a quoted list is what numbers refer to)
_ANY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300).filter(
    lambda t: not any(re.match(r"^\s*\d{1,2}[.)]\s", line) for line in t.splitlines())
)


def _quoted(text: str) -> str:
    return "\n".join("> " + line for line in text.replace("\r", "\n").split("\n"))


@given(
    case=st.sampled_from(CLEAR),
    quote=_ANY,
    signature=_ANY,
    who=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60),
    style=st.sampled_from(["gmail", "outlook", "dash-signature", "sign-off"]),
)
def test_quoted_text_and_signatures_of_any_content_never_change_the_outcome(
    case: tuple[str, str, int | None], quote: str, signature: str, who: str, style: str
) -> None:
    text, kind, option = case
    signature_lines = signature.replace("\r", "\n")
    if style == "gmail":
        mail = f"{text}\n\n-- \n{signature_lines}\n\nOn Mon, {who} wrote:\n{_quoted(quote)}\n"
    elif style == "outlook":
        mail = f"{text}\n\n________________________________\nFrom: {who}\nSent: Monday\nTo: Sam\nSubject: x\n\n{quote}"
    elif style == "dash-signature":
        mail = f"{text}\n-- \n{signature_lines}"
    else:
        mail = f"{text}\n\nCheers,\nAlex Smith\n-- \n{signature_lines}\n\n{_quoted(quote)}"
    assume("\n-- \n" not in text)
    reading = read_text(mail, OPTIONS, BERLIN, thread=Thread())
    assert (reading.kind, reading.option) == (kind, option), reading.why
