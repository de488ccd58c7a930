"""Calendar answers (iMIP, RFC 5546/6047): Accept / Decline / Maybe / Propose new time.

Pure. Google Calendar and Outlook send these without ``In-Reply-To``, so they are matched by the
UID meetup gave the event (``meetup-N@domain`` for the confirmed meeting, ``meetup-N-optK@domain``
for a hold), and only count when the attendee answering is the invited friend.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetup.answers.reader import Options, ReplyReading, numbered

_OUR_UID = re.compile(r"^meetup-(?P<invite>\d+)(?:-opt(?P<option>\d+))?@(?P<domain>.+)$")


@dataclass(frozen=True)
class CalendarAnswer:
    uid: str
    method: str  # REPLY | COUNTER
    #: PARTSTAT per attendee address (lower case)
    partstat: Mapping[str, str]
    start: datetime | None
    comment: str

    def invite_option(self, domain: str) -> tuple[int, int | None] | None:
        """(invite, option) named by a UID meetup made in ``domain``; None for anyone else's."""
        match = _OUR_UID.match(self.uid)
        if match is None or match.group("domain").lower() != domain.lower():
            return None
        option = match.group("option")
        return int(match.group("invite")), int(option) if option else None


def parse_calendar_answer(data: bytes | str) -> CalendarAnswer | None:
    """The answer in an iMIP part, or None when it is not a REPLY/COUNTER or cannot be read
    (a broken calendar part never stops the inbox: the mail is then read as text)."""
    try:
        return _parse(data)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, UnicodeError, RecursionError):
        return None


def _parse(data: bytes | str) -> CalendarAnswer | None:
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    method = str(calendar.get("METHOD", "")).upper()
    if method not in ("REPLY", "COUNTER"):
        return None
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
        partstat = {
            str(a).lower().removeprefix("mailto:"): str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
            for a in attendees
        }
        return CalendarAnswer(
            uid=str(event.get("UID", "")),
            method=method,
            partstat=partstat,
            start=_start(event),
            comment=" ".join(str(event.get("COMMENT", "")).split()),
        )
    return None


def _start(event: Any) -> datetime | None:
    """The answer's start; None when it has none, cannot be read or is a whole day."""
    try:
        value = event.decoded("DTSTART")
    except (ValueError, KeyError):
        return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def judge(
    answer: CalendarAnswer,
    *,
    state: str,
    options: Options,
    friend: str,
    zone: ZoneInfo,
    option_hint: int | None = None,
    chosen: int | None = None,
) -> tuple[str, ReplyReading]:
    """What a calendar answer means for an invite in ``state``: ``act`` (a yes or a no to act
    on), ``cancel`` (the friend declined the confirmed meeting), ``noted`` (expected, nothing to
    do) or ``user`` (shown to the user with the reason)."""
    offered = numbered(options)
    status = answer.partstat.get(friend.lower())
    if status is None:
        who = ", ".join(sorted(answer.partstat)) or "nobody"
        return "user", _user(f"calendar answer from {who}, not the invited friend")
    when = f"{answer.start.astimezone(zone):%a %d %b %H:%M}" if answer.start else "no time"
    if answer.method == "COUNTER":
        note = f" ({answer.comment})" if answer.comment else ""
        return "user", _user(f"proposes another time: {when}{note}")
    option = option_hint
    if option is None and answer.start is not None:
        option = next((n for n, o in offered.items() if o.start == answer.start), None)
    if status == "TENTATIVE":
        return "user", _user(f"tentatively accepted ({when})")
    if state == "accepted":
        if status == "DECLINED":
            return "cancel", ReplyReading("no", None, f"declined the confirmed meeting ({when})")
        if status == "ACCEPTED" and (answer.start is None or chosen is None or option in (None, chosen)):
            return "noted", ReplyReading("yes", chosen, "the friend's calendar accepted the meeting")
        return "user", _user(f"calendar answer {status.lower()} for {when}")
    if state != "open":
        return "user", _user(f"calendar answer {status.lower()}, but the invite is {state}")
    if status == "DECLINED":
        return "act", ReplyReading("no", None, "declined the calendar invitation")
    if status == "ACCEPTED":
        if option is None or option not in offered:
            return "user", _user(f"accepted a time that matches no option ({when})")
        return "act", ReplyReading("yes", option, f"accepted the calendar invitation (option {option})")
    return "user", _user(f"calendar answer with status {status}")


def _user(why: str) -> ReplyReading:
    return ReplyReading("ambiguous", None, why)


def read_imip(data: bytes | str, options: Options, *, uids: Mapping[str, int | None]) -> ReplyReading | None:
    """Read an iMIP answer for an open invite. ``uids`` maps the UIDs meetup sent to the option
    they stand for (``None`` when the UID is the invite's). None when it answers none of them."""
    answer = parse_calendar_answer(data)
    if answer is None or answer.uid not in uids:
        return None
    if not answer.partstat:
        return _user("calendar reply names no attendee")
    friend = next(iter(answer.partstat))
    return judge(answer, state="open", options=options, friend=friend, zone=ZoneInfo("UTC"),
                 option_hint=uids[answer.uid])[1]  # fmt: skip
