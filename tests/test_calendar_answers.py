"""Calendar answers (iMIP REPLY / COUNTER from Google Calendar, Outlook, Apple): what each says,
whose answer it is, and what meetup does with it in every state of an invite. Pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.imip import CalendarAnswer, judge, parse_calendar_answer, read_imip
from meetup.answers.reader import ReplyReading
from meetup.calendar.intervals import Interval

BERLIN = ZoneInfo("Europe/Berlin")
FRIEND = "alex@example.com"


def _at(day: int, month: int, hour: int, minute: int = 0) -> Interval:
    start = datetime(2026, month, day, hour, minute, tzinfo=BERLIN)
    return Interval(start, start + timedelta(hours=2))


#: 1 = Thu 26 Nov 19:00, 2 = Sat 28 Nov 10:00, 3 = Tue 1 Dec 18:30 (Berlin)
OPTIONS = [_at(26, 11, 19), _at(28, 11, 10), _at(1, 12, 18, 30)]


def ical(
    *,
    method: str = "REPLY",
    uid: str = "meetup-7-opt2@example.org",
    attendees: tuple[str, ...] = (f"ATTENDEE;CN=Alex;PARTSTAT=ACCEPTED:mailto:{FRIEND}",),
    dtstart: str | None = None,
    comment: str | None = None,
) -> bytes:
    """An iMIP answer the way Google Calendar writes one."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        *([dtstart] if dtstart else []),
        "DTSTAMP:20261123T180000Z",
        f"UID:{uid}",
        "SEQUENCE:0",
        "ORGANIZER:mailto:sam@example.org",
        *attendees,
        *([comment] if comment else []),
        "SUMMARY:Drinks",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def answer(
    partstat: dict[str, str] | None = None,
    *,
    method: str = "REPLY",
    start: datetime | None = None,
    comment: str = "",
    uid: str = "meetup-7@example.org",
) -> CalendarAnswer:
    return CalendarAnswer(
        uid, method, partstat if partstat is not None else {FRIEND: "ACCEPTED"}, start, comment
    )


# --------------------------------------------------------------------------- reading the calendar part


def test_a_google_accept_is_read_whole() -> None:
    data = ical(dtstart="DTSTART:20261128T090000Z", comment="COMMENT:See you  there\\,\r\n  Sam!")
    assert parse_calendar_answer(data) == CalendarAnswer(
        uid="meetup-7-opt2@example.org",
        method="REPLY",
        partstat={FRIEND: "ACCEPTED"},
        start=datetime(2026, 11, 28, 9, tzinfo=UTC),
        comment="See you there, Sam!",
    )


def test_a_counter_proposal_with_a_zoned_start_keeps_its_zone() -> None:
    data = ical(
        method="COUNTER",
        uid="meetup-7@example.org",
        dtstart="DTSTART;TZID=Europe/Berlin:20261129T150000",
        comment="COMMENT:Sunday afternoon instead?",
    )
    parsed = parse_calendar_answer(data)
    assert parsed == CalendarAnswer(
        uid="meetup-7@example.org",
        method="COUNTER",
        partstat={FRIEND: "ACCEPTED"},
        start=datetime(2026, 11, 29, 15, tzinfo=BERLIN),
        comment="Sunday afternoon instead?",
    )
    assert parsed is not None and parsed.start is not None and parsed.start.utcoffset() == timedelta(hours=1)


def test_a_floating_start_is_read_as_utc() -> None:
    parsed = parse_calendar_answer(ical(dtstart="DTSTART:20261128T090000"))
    assert parsed is not None and parsed.start == datetime(2026, 11, 28, 9, tzinfo=UTC)


def test_an_all_day_start_is_no_time() -> None:
    parsed = parse_calendar_answer(ical(dtstart="DTSTART;VALUE=DATE:20261128"))
    assert parsed is not None and parsed.start is None


def test_every_attendee_with_their_answer_and_a_missing_answer_is_needs_action() -> None:
    data = ical(
        attendees=(
            "ATTENDEE;CN=Alex;PARTSTAT=declined:MAILTO:Alex@Example.com",
            "ATTENDEE;CN=Ben:mailto:ben@example.net",
        )
    )
    parsed = parse_calendar_answer(data)
    assert parsed is not None and parsed.partstat == {FRIEND: "DECLINED", "ben@example.net": "NEEDS-ACTION"}


def test_an_answer_without_attendee_uid_or_comment() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        b"DTSTAMP:20261123T180000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert parse_calendar_answer(data) == CalendarAnswer(
        uid="", method="REPLY", partstat={}, start=None, comment=""
    )


@pytest.mark.parametrize(
    "data",
    [
        ical(method="REQUEST"),  # an invitation, not an answer
        ical(method="CANCEL"),
        ical(method="").replace(b"METHOD:\r\n", b""),  # no method at all
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n",  # no event
        b"BEGIN:VCALENDAR\r\ngarbage",
        b"\xff\xfe not a calendar",
        "",
    ],
)
def test_what_is_not_a_readable_answer_is_none(data: bytes | str) -> None:
    assert parse_calendar_answer(data) is None


def test_a_lower_case_method_is_still_an_answer() -> None:
    parsed = parse_calendar_answer(ical(method="counter"))
    assert parsed is not None and parsed.method == "COUNTER"


@pytest.mark.parametrize(
    ("uid", "named"),
    [
        ("meetup-7@example.org", (7, None)),
        ("meetup-7-opt2@example.org", (7, 2)),
        ("meetup-12-opt3@EXAMPLE.org", (12, 3)),  # domains compare without case
        ("meetup-7@example.net", None),  # another meetup's
        ("meetup-x@example.org", None),
        ("abc123@google.com", None),
        ("", None),
    ],
)
def test_the_invite_and_option_a_uid_stands_for(uid: str, named: tuple[int, int | None] | None) -> None:
    assert answer(uid=uid).invite_option("example.org") == named


# --------------------------------------------------------------------------- what it means


START_2 = datetime(2026, 11, 28, 9, tzinfo=UTC)  # option 2


@pytest.mark.parametrize(
    ("status", "start", "hint", "verdict", "reading"),
    [
        (
            "ACCEPTED",
            None,
            2,
            "act",
            ReplyReading("yes", 2, "accepted the calendar invitation (option 2)"),
        ),
        (
            "ACCEPTED",
            START_2,
            None,
            "act",
            ReplyReading("yes", 2, "accepted the calendar invitation (option 2)"),
        ),
        (
            "ACCEPTED",
            datetime(2026, 11, 28, 11, tzinfo=UTC),
            None,
            "user",
            ReplyReading("ambiguous", None, "accepted a time that matches no option (Sat 28 Nov 12:00)"),
        ),
        (
            "ACCEPTED",
            None,
            None,
            "user",
            ReplyReading("ambiguous", None, "accepted a time that matches no option (no time)"),
        ),
        (
            "ACCEPTED",
            None,
            5,
            "user",
            ReplyReading("ambiguous", None, "accepted a time that matches no option (no time)"),
        ),
        ("DECLINED", START_2, None, "act", ReplyReading("no", None, "declined the calendar invitation")),
        (
            "TENTATIVE",
            START_2,
            2,
            "user",
            ReplyReading("ambiguous", None, "tentatively accepted (Sat 28 Nov 10:00)"),
        ),
        (
            "NEEDS-ACTION",
            None,
            2,
            "user",
            ReplyReading("ambiguous", None, "calendar answer with status NEEDS-ACTION"),
        ),
        (
            "DELEGATED",
            None,
            2,
            "user",
            ReplyReading("ambiguous", None, "calendar answer with status DELEGATED"),
        ),
    ],
)
def test_an_answer_to_an_open_invite(
    status: str, start: datetime | None, hint: int | None, verdict: str, reading: ReplyReading
) -> None:
    got = judge(
        answer({FRIEND: status}, start=start), state="open", options=OPTIONS, friend=FRIEND, zone=BERLIN,
        option_hint=hint,
    )  # fmt: skip
    assert got == (verdict, reading)


def test_the_option_named_by_the_uid_wins_over_the_start() -> None:
    # the friend moved the hold in their own calendar, then accepted it: the UID names the option
    got = judge(
        answer(start=datetime(2026, 11, 28, 11, tzinfo=UTC)), state="open", options=OPTIONS, friend=FRIEND,
        zone=BERLIN, option_hint=2,
    )  # fmt: skip
    assert got == (
        "act",
        ReplyReading("yes", 2, "accepted the calendar invitation (option 2)"),
    )


def test_options_keep_the_numbers_the_friend_saw() -> None:
    nudged = {4: OPTIONS[1], 5: OPTIONS[2]}
    got = judge(answer(start=START_2), state="open", options=nudged, friend=FRIEND, zone=BERLIN)
    assert got == (
        "act",
        ReplyReading("yes", 4, "accepted the calendar invitation (option 4)"),
    )


def test_a_counter_proposal_goes_to_the_user_with_the_time_and_the_note() -> None:
    start = datetime(2026, 11, 29, 14, tzinfo=UTC)
    got = judge(
        answer(method="COUNTER", start=start, comment="Sunday instead?"), state="open", options=OPTIONS,
        friend=FRIEND, zone=BERLIN,
    )  # fmt: skip
    assert got == (
        "user",
        ReplyReading("ambiguous", None, "proposes another time: Sun 29 Nov 15:00 (Sunday instead?)"),
    )
    got = judge(answer(method="COUNTER"), state="open", options=OPTIONS, friend=FRIEND, zone=BERLIN)
    assert got == ("user", ReplyReading("ambiguous", None, "proposes another time: no time"))


def test_an_answer_from_someone_else_is_never_the_friends() -> None:
    got = judge(
        answer({"eve@example.org": "ACCEPTED", "bob@example.org": "DECLINED"}), state="open", options=OPTIONS,
        friend=FRIEND, zone=BERLIN,
    )  # fmt: skip
    assert got == (
        "user",
        ReplyReading(
            "ambiguous", None, "calendar answer from bob@example.org, eve@example.org, not the invited friend"
        ),
    )
    got = judge(answer({}), state="open", options=OPTIONS, friend=FRIEND, zone=BERLIN)
    assert got == (
        "user",
        ReplyReading("ambiguous", None, "calendar answer from nobody, not the invited friend"),
    )


def test_the_friends_address_is_matched_without_case() -> None:
    got = judge(
        answer(), state="open", options=OPTIONS, friend="Alex@Example.COM", zone=BERLIN, option_hint=1
    )
    assert got == (
        "act",
        ReplyReading("yes", 1, "accepted the calendar invitation (option 1)"),
    )


CONFIRMED = {2: OPTIONS[1]}


@pytest.mark.parametrize(
    ("status", "start", "hint", "verdict", "reading"),
    [
        # the friend's calendar accepting the meeting meetup confirmed: expected, nothing to do
        ("ACCEPTED", START_2, None, "noted", ReplyReading("yes", 2, "the friend's calendar accepted the meeting")),
        ("ACCEPTED", None, None, "noted", ReplyReading("yes", 2, "the friend's calendar accepted the meeting")),
        ("ACCEPTED", START_2, 2, "noted", ReplyReading("yes", 2, "the friend's calendar accepted the meeting")),
        # accepting an old hold of another option after the confirmation
        ("ACCEPTED", datetime(2026, 11, 26, 18, tzinfo=UTC), 1, "user",
         ReplyReading("ambiguous", None, "calendar answer accepted for Thu 26 Nov 19:00")),
        ("DECLINED", START_2, None, "cancel", ReplyReading("no", None, "declined the confirmed meeting (Sat 28 Nov 10:00)")),
        ("TENTATIVE", START_2, None, "user", ReplyReading("ambiguous", None, "tentatively accepted (Sat 28 Nov 10:00)")),
        ("NEEDS-ACTION", START_2, None, "user",
         ReplyReading("ambiguous", None, "calendar answer needs-action for Sat 28 Nov 10:00")),
    ],
)  # fmt: skip
def test_an_answer_about_the_confirmed_meeting(
    status: str, start: datetime | None, hint: int | None, verdict: str, reading: ReplyReading
) -> None:
    got = judge(
        answer({FRIEND: status}, start=start), state="accepted", options=CONFIRMED, friend=FRIEND, zone=BERLIN,
        option_hint=hint, chosen=2,
    )  # fmt: skip
    assert got == (verdict, reading)


def test_an_accept_of_the_meeting_when_the_chosen_option_is_unknown_is_noted() -> None:
    got = judge(
        answer(start=START_2), state="accepted", options=CONFIRMED, friend=FRIEND, zone=BERLIN, option_hint=1
    )
    assert got == ("noted", ReplyReading("yes", None, "the friend's calendar accepted the meeting"))


@pytest.mark.parametrize(
    ("state", "status"), [("declined", "ACCEPTED"), ("withdrawn", "DECLINED"), ("expired", "ACCEPTED")]
)
def test_an_answer_to_a_closed_invite_goes_to_the_user(state: str, status: str) -> None:
    got = judge(
        answer({FRIEND: status}), state=state, options=OPTIONS, friend=FRIEND, zone=BERLIN, option_hint=2
    )
    assert got == (
        "user",
        ReplyReading("ambiguous", None, f"calendar answer {status.lower()}, but the invite is {state}"),
    )


# --------------------------------------------------------------------------- read_imip (for reply reading)


def test_read_imip_takes_the_option_from_the_uid_it_was_sent_with() -> None:
    uids = {"meetup-7-opt2@example.org": 2, "meetup-7@example.org": None}
    assert read_imip(ical(), OPTIONS, uids=uids) == ReplyReading(
        "yes", 2, "accepted the calendar invitation (option 2)"
    )


def test_read_imip_matches_the_invites_uid_by_start_and_names_times_in_utc() -> None:
    uids = {"meetup-7@example.org": None}
    accepted = ical(uid="meetup-7@example.org", dtstart="DTSTART:20261201T173000Z")
    assert read_imip(accepted, OPTIONS, uids=uids) == ReplyReading(
        "yes", 3, "accepted the calendar invitation (option 3)"
    )
    maybe = ical(
        uid="meetup-7@example.org",
        dtstart="DTSTART:20261201T173000Z",
        attendees=(f"ATTENDEE;PARTSTAT=TENTATIVE:mailto:{FRIEND}",),
    )
    assert read_imip(maybe, OPTIONS, uids=uids) == ReplyReading(
        "ambiguous", None, "tentatively accepted (Tue 01 Dec 17:30)"
    )


def test_read_imip_ignores_other_uids_and_unreadable_parts() -> None:
    assert read_imip(ical(uid="abc@google.com"), OPTIONS, uids={"meetup-7@example.org": None}) is None
    assert read_imip(b"BEGIN:VCALENDAR\r\ngarbage", OPTIONS, uids={"meetup-7@example.org": None}) is None


def test_read_imip_without_an_attendee_goes_to_the_user() -> None:
    data = ical(attendees=())
    assert read_imip(data, OPTIONS, uids={"meetup-7-opt2@example.org": 2}) == ReplyReading(
        "ambiguous", None, "calendar reply names no attendee"
    )
