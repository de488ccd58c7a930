"""A group dinner end to end through the CLI: ``meetup invite`` to four friends (one shares
free/busy), personal messages in the outbox, answers read by ``meetup inbox`` from a Maildir,
a non-responder nudged with the tally by ``meetup followup``, and a decision by quorum, by the
deadline (proposed to the user, or confirmed with ``[groups] auto_decide``) and by hand.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner
from ical.calendar_stream import IcsCalendarStream

from meetup.cli import main

NOW = datetime.fromisoformat("2026-11-23T09:00:00+01:00")
USER = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//me//EN
BEGIN:VEVENT
UID:me-1@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261130T170000Z
DTEND:20261130T200000Z
SUMMARY:Choir
END:VEVENT
END:VCALENDAR
"""
# Ana shares free/busy: busy Tue 1 and Wed 2 December evenings (Berlin 18:00-23:00)
ANA_FREEBUSY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//ana//EN
BEGIN:VFREEBUSY
UID:ana-fb@example.org
DTSTAMP:20261101T000000Z
FREEBUSY:20261201T170000Z/20261201T220000Z,20261202T170000Z/20261202T220000Z
END:VFREEBUSY
END:VCALENDAR
"""
FRIENDS = {
    "Ana Lima": ("ana@example.org", "Europe/Lisbon"),
    "Ben Okafor": ("ben@example.org", "Europe/Berlin"),
    "Cleo Park": ("cleo@example.org", None),
    "Dev Rao": ("dev@example.org", "Europe/London"),
}


def at(moment: datetime) -> str:
    return moment.isoformat()


class Rig:
    def __init__(self, root: Path, extra: str = "") -> None:
        self.root = root
        (root / "me.ics").write_text(USER)
        (root / "ana.ifb").write_text(ANA_FREEBUSY)
        self.config = root / "meetup.toml"
        self.config.write_text(
            'timezone = "Europe/Berlin"\nhours = "mon-sun 18:00-22:00"\n[calendars.me]\nsource = "me.ics"\n'
            '[mail]\nname = "Alex Morgan"\nfrom = "alex@example.org"\n'
            '[followup]\nvia = "outbox"\nnudge_after_days = [2, 4]\n[inbox]\nmaildir = "replies"\n' + extra
        )
        self.outbox = root / "data" / "outbox"
        self.maildir = root / "replies"
        self.delivered = 0
        for sub in ("new", "cur", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)

    def run(self, *args: str, now: datetime = NOW) -> Any:
        result = CliRunner().invoke(main, ["--config", str(self.config), "--now", at(now), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    def ok(self, *args: str, now: datetime = NOW) -> str:
        result = self.run(*args, now=now)
        assert result.exit_code == 0, result.output
        return str(result.stdout)

    def setup_friends(self) -> None:
        for name, (email, tz) in FRIENDS.items():
            self.ok("friend", "add", name, "--email", email, *(["--tz", tz] if tz else []))
        self.ok("friend", "edit", "ana", "--freebusy", str(self.root / "ana.ifb"))

    def sent(self) -> list[EmailMessage]:
        files = sorted((self.outbox / "new").glob("*"), key=lambda p: p.stat().st_mtime_ns)
        return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]  # type: ignore[misc]

    def sent_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent() if address in str(m["To"])]

    def _deliver(self, mail: EmailMessage) -> None:
        """Into the maildir under a name that sorts by arrival, as a delivery agent names it
        (``<time>.<unique>``): meetup reads in that order."""
        self.delivered += 1
        (self.maildir / "new" / f"{self.delivered:06d}.{uuid.uuid4().hex}.eml").write_bytes(bytes(mail))

    def reply(self, address: str, text: str) -> None:
        [invitation] = [m for m in self.sent_to(address) if "invite" in str(m["Message-ID"])]
        reply = EmailMessage()
        reply["From"] = address
        reply["To"] = "alex@example.org"
        reply["Subject"] = "Re: " + str(invitation["Subject"])
        reply["Message-ID"] = f"<{uuid.uuid4().hex}@example.org>"
        reply["In-Reply-To"] = str(invitation["Message-ID"])
        reply["References"] = str(invitation["Message-ID"])
        reply.set_content(f"{text}\n\nOn Mon, Alex Morgan wrote:\n> 1. a time\n")
        self._deliver(reply)

    def calendar_reply(self, address: str, uid: str, partstat: str) -> None:
        """What a calendar client sends for Accept/Decline: METHOD:REPLY with the attendee's PARTSTAT."""
        [invitation] = [m for m in self.sent_to(address) if "invite" in str(m["Message-ID"])]
        reply = EmailMessage()
        reply["From"] = address
        reply["To"] = "alex@example.org"
        reply["Subject"] = f"{partstat.capitalize()}: dinner"
        reply["Message-ID"] = f"<{uuid.uuid4().hex}@example.org>"
        reply["In-Reply-To"] = str(invitation["Message-ID"])
        reply.set_content(f"{address} has {partstat.lower()} this invitation.")
        ics = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//client//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261230T180000Z\r\n"
            f"ATTENDEE;PARTSTAT={partstat}:mailto:{address}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        reply.add_alternative(ics.encode(), maintype="text", subtype="calendar", params={"method": "REPLY"})
        self._deliver(reply)

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.root / "data" / "meetup.db")


def to(message: EmailMessage) -> str:
    """The recipient's address (the To: header also carries their name)."""
    return parseaddr(str(message["To"]))[1]


def _start(made: dict[str, Any], n: int) -> datetime:
    return datetime.fromisoformat(made["options"][n - 1]["start"]).astimezone(ZoneInfo("Europe/Berlin"))


def _short(made: dict[str, Any], n: int) -> str:
    """Option ``n`` as the CLI names it to the user: ``Thu 03 Dec 19:00``."""
    return f"{_start(made, n):%a %d %b %H:%M}"


def _long(made: dict[str, Any], n: int) -> str:
    """Option ``n``'s day as a message to a friend says it: ``Thursday 3 December``."""
    start = _start(made, n)
    return f"{start:%A} {start.day} {start:%B}"


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def calendar_of(message: EmailMessage) -> bytes:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return bytes(part.get_payload(decode=True))


@pytest.fixture
def rig(meetup_env: Path) -> Rig:
    made = Rig(meetup_env)
    made.setup_friends()
    return made


def invite(rig: Rig, *extra: str) -> dict[str, Any]:
    out = rig.ok(
        "invite", "ana", "ben", "cleo", "dev", "--activity", "dinner", "--via", "outbox",
        "--from", "2026-11-30", "--days", "7", "--json", *extra,
    )  # fmt: skip
    return dict(json.loads(out))


def test_group_invite_sends_personal_messages_that_avoid_everyones_busy_time(rig: Rig) -> None:
    made = invite(rig)
    assert made["friends"] == list(FRIENDS) and "friend" not in made
    assert made["min"] == 4 and made["sent"] is True and len(made["invites"]) == 4
    options = [
        (datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])) for o in made["options"]
    ]
    assert len(options) == 3
    busy = [
        (
            datetime.fromisoformat("2026-11-30T17:00:00+00:00"),
            datetime.fromisoformat("2026-11-30T20:00:00+00:00"),
        ),
        (
            datetime.fromisoformat("2026-12-01T17:00:00+00:00"),
            datetime.fromisoformat("2026-12-01T22:00:00+00:00"),
        ),
        (
            datetime.fromisoformat("2026-12-02T17:00:00+00:00"),
            datetime.fromisoformat("2026-12-02T22:00:00+00:00"),
        ),
    ]
    for start, end in options:
        assert all(end <= a or start >= b for a, b in busy)
    messages = rig.sent()
    assert sorted(to(m) for m in messages) == sorted(e for e, _ in FRIENDS.values())
    threads = {str(m["Message-ID"]) for m in messages}
    assert len(threads) == 4 and all(m["In-Reply-To"] is None for m in messages)
    texts = {to(m): body(m) for m in messages}
    assert len(set(texts.values())) == 4
    for name, (email, _) in FRIENDS.items():
        text = texts[email]
        assert name.split()[0] in text.splitlines()[0]
        for other, (other_email, _) in FRIENDS.items():
            if other != name:
                assert other.split()[0] in text and other_email not in text and other.split()[1] not in text
    # a dinner is on the place's clock: Dev (in London) is told it is Berlin time, Ben needs no note
    first = options[0][0].astimezone(ZoneInfo("Europe/Berlin"))
    for email in ("dev@example.org", "ben@example.org"):
        assert f"1. {first:%a} {first.day} {first:%b}, {first:%H:%M}" in texts[email]
    assert "Berlin" in texts["dev@example.org"] and "Berlin" not in texts["ben@example.org"]


def test_answers_nudge_with_tally_and_deadline_proposal_then_confirmation(rig: Rig) -> None:
    made = invite(rig)
    decide_by = datetime.fromisoformat(made["decide_by"])
    rig.reply("ana@example.org", "1 and 3 work for me!")
    rig.reply("ben@example.org", "Any but 2")
    rig.reply("cleo@example.org", "Sorry, can't make any of these, away all month.")
    out = rig.ok("inbox", now=NOW + timedelta(hours=3))
    assert out.splitlines() == [
        "invite 1: yes -> group 1 recorded yes 1,3",
        "invite 2: yes -> group 1 recorded yes 1,3",
        "invite 3: no -> group 1 recorded no",
        "3 answers acted on, 0 need you, 0 mails sent",
    ]
    members = dict(
        rig.db().execute(
            "SELECT f.name, m.answer || ':' || m.options FROM group_members m JOIN friends f ON f.id = m.friend_id"
        )
    )
    assert members == {"Ana Lima": "yes:1,3", "Ben Okafor": "yes:1,3", "Cleo Park": "no:", "Dev Rao": None}

    # Dev has not answered: nudged after two days with the tally, once
    nudge_time = NOW + timedelta(days=2, hours=1)
    assert nudge_time < decide_by
    out = rig.ok("followup", now=nudge_time)
    rig.ok("followup", now=nudge_time + timedelta(minutes=15))
    nudges = [m for m in rig.sent_to("dev@example.org") if ".nudge." in str(m["Message-ID"])]
    assert len(nudges) == 1
    text = body(nudges[0])
    assert "So far Ana and Ben can do" in text and "Cleo" not in text and "Dev" in text.splitlines()[0]
    assert str(nudges[0]["In-Reply-To"]).startswith("<meetup.")  # in Dev's own thread
    assert not [m for m in rig.sent() if ".nudge." in str(m["Message-ID"]) and "dev@" not in str(m["To"])]

    # the deadline passes: the option most can make is proposed to the user, nothing is sent
    before = len(rig.sent())
    rig.ok("followup", now=decide_by + timedelta(minutes=1))
    assert len(rig.sent()) == before
    status = rig.ok("status", now=decide_by + timedelta(minutes=2))
    assert status == (
        f"group 1 dinner: proposed option 1 ({_short(made, 1)}): the time to decide has come; 2 of 4 can make it "
        "(wanted 4); confirm with `meetup group confirm 1` (or --option N); answers: Ana Lima: 1,3; "
        "Ben Okafor: 1,3; Cleo Park: no; Dev Rao: waiting\n"
    )
    data = json.loads(rig.ok("status", "--json", now=decide_by + timedelta(minutes=2)))
    [group] = data["groups"]
    assert group["friends"] == list(FRIENDS)
    assert group["answers"]["Ana Lima"] == {"answer": "yes", "options": [1, 3], "invite": made["invites"][0]}
    assert group["answers"]["Dev Rao"]["answer"] is None
    assert group["state"] == "proposed" and group["chosen"] == 1 and group["min"] == 4
    members = [i for i in data["invites"] if i.get("group") == 1]
    assert [i["friend"] for i in members] == list(FRIENDS)  # "friend" stays: each member's own invite
    assert all(i["friends"] == list(FRIENDS) for i in members)

    out = rig.ok("group", "confirm", "1", now=decide_by + timedelta(minutes=5))
    assert out == (
        f"group 1: confirmed option 1, {_short(made, 1)}; event in "
        f"{rig.root / 'data' / 'outbox-ics' / 'meetup-group-1.ics'}\n"
    )
    confirmations = [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    assert sorted(to(m) for m in confirmations) == [
        "ana@example.org",
        "ben@example.org",
        "dev@example.org",
    ]
    payloads = {calendar_of(m) for m in confirmations}
    assert len(payloads) == 1  # one REQUEST, the same for everyone
    data_ics = payloads.pop()
    event = icalendar.Calendar.from_ical(data_ics).walk("VEVENT")[0]
    assert sorted(str(a) for a in event["ATTENDEE"]) == [
        "mailto:ana@example.org", "mailto:ben@example.org", "mailto:dev@example.org",
    ]  # fmt: skip
    assert event.decoded("DTSTART") == datetime.fromisoformat(made["options"][0]["start"])
    [other] = IcsCalendarStream.from_ics(data_ics.decode()).calendars[0].events
    assert len(other.attendees) == 3
    sorry = [m for m in rig.sent_to("cleo@example.org") if ".thanks." in str(m["Message-ID"])]
    assert (
        len(sorry) == 1
        and f"The group settled on {_long(made, 1)}." in body(sorry[0])
        and not [p for p in sorry[0].walk() if p.get_content_type() == "text/calendar"]
    )
    states = dict(
        rig.db().execute("SELECT f.name, i.state FROM invites i JOIN friends f ON f.id = i.friend_id")
    )
    assert states == {
        "Ana Lima": "accepted",
        "Ben Okafor": "accepted",
        "Cleo Park": "declined",
        "Dev Rao": "accepted",
    }
    # calendar clients answer the REQUEST: an accept is noted quietly, a decline goes to the user
    uid = str(event["UID"])
    rig.calendar_reply("ana@example.org", uid, "ACCEPTED")
    rig.calendar_reply("dev@example.org", uid, "DECLINED")
    out = rig.ok("inbox", now=decide_by + timedelta(hours=1))
    [needs, summary] = out.splitlines()
    assert re.fullmatch(
        r"needs you: <\w+@example\.org>: declined group 1's calendar invitation \(set for the others\)", needs
    )
    assert summary == "0 answers acted on, 1 needs you, 0 mails sent"
    # confirming again is refused, and nothing more is sent
    again = rig.run("group", "confirm", "1", now=decide_by + timedelta(minutes=6))
    assert again.exit_code == 2 and again.stderr == "meetup: error: group 1 is confirmed already\n"
    # each friend's thread keeps its subject, as their own replies do: clients thread by it too
    for address in ("ana@example.org", "ben@example.org", "cleo@example.org", "dev@example.org"):
        [first, *later] = rig.sent_to(address)
        assert ".invite." in str(first["Message-ID"]) and later
        assert [str(m["Subject"]) for m in later] == ["Re: " + str(first["Subject"])] * len(later)


def test_quorum_confirms_at_once_and_reply_by_hand_takes_several_options(rig: Rig) -> None:
    made = invite(rig, "--min", "3")
    rig.reply("ana@example.org", "all fine")
    rig.reply("cleo@example.org", "2 works but not 3")
    assert rig.ok("inbox", now=NOW + timedelta(hours=1)).splitlines() == [
        "invite 1: yes -> group 1 recorded yes 1,2,3",
        "invite 3: yes -> group 1 recorded yes 2",
        "2 answers acted on, 0 need you, 0 mails sent",
    ]
    assert not [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    out = rig.ok("reply", "ben", "yes", "--option", "2", "--option", "3", now=NOW + timedelta(hours=2))
    assert out == (
        f"invite 2: yes recorded; group 1 confirmed yes 2,3; option 2, {_short(made, 2)}; event in "
        f"{rig.root / 'data' / 'outbox-ics' / 'meetup-group-1.ics'}\n"
    )
    confirmations = [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    assert sorted(to(m) for m in confirmations) == sorted(
        ["ana@example.org", "ben@example.org", "cleo@example.org", "dev@example.org"]
    )
    event = icalendar.Calendar.from_ical(calendar_of(confirmations[0])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.fromisoformat(made["options"][1]["start"])
    partstat = {str(a): a.params["PARTSTAT"] for a in event["ATTENDEE"]}
    assert partstat == {
        "mailto:ana@example.org": "ACCEPTED", "mailto:ben@example.org": "ACCEPTED",
        "mailto:cleo@example.org": "ACCEPTED", "mailto:dev@example.org": "NEEDS-ACTION",
    }  # fmt: skip
    # an answer after the decision is kept for the user, not acted on
    rig.reply("dev@example.org", "1 and 3")
    [needs, summary] = rig.ok("inbox", now=NOW + timedelta(hours=3)).splitlines()
    # read against the options the invite listed (it named 1 and 3, both offered), not "a time not offered"
    assert re.fullmatch(
        r"needs you: <\w+@example\.org>: group 1 already confirmed; the reply says yes: can make 1 and 3",
        needs,
    )
    assert summary == "0 answers acted on, 1 needs you, 0 mails sent"


def test_ambiguous_group_answer_waits_for_the_user(rig: Rig) -> None:
    invite(rig)
    rig.reply("ana@example.org", "maybe 1 and 3?")
    out = rig.ok("inbox", now=NOW + timedelta(hours=1))
    [needs, summary] = out.splitlines()
    assert re.fullmatch(r"needs you: <\w+@example\.org>: the reply asks a question", needs)
    assert summary == "0 answers acted on, 1 needs you, 0 mails sent"
    assert rig.db().execute("SELECT COUNT(*) FROM group_members WHERE answer IS NOT NULL").fetchone()[0] == 0


def test_auto_decide_confirms_at_the_deadline(meetup_env: Path) -> None:
    rig = Rig(meetup_env, "[groups]\nauto_decide = true\n")
    rig.setup_friends()
    made = invite(rig)
    rig.reply("ben@example.org", "3 works")
    rig.reply("dev@example.org", "1 and 3")
    rig.ok("inbox", now=NOW + timedelta(hours=1))
    out = rig.ok("followup", now=datetime.fromisoformat(made["decide_by"]) + timedelta(minutes=1))
    assert out == (
        f"group 1: confirmed option 3, {_short(made, 3)}; event in "
        f"{rig.root / 'data' / 'outbox-ics' / 'meetup-group-1.ics'}\n"
        "sent 0, already sent before a crash 0, failed 0\n"
    )
    confirmations = [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    assert len(confirmations) == 4  # Ben and Dev can, Ana and Cleo never answered
    event = icalendar.Calendar.from_ical(calendar_of(confirmations[0])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.fromisoformat(made["options"][2]["start"])


def test_bad_group_requests_are_one_line(rig: Rig) -> None:
    for args, message in [
        (
            ("invite", "ana", "ben", "--min", "3"),
            "--min must be between 1 and 2 (the friends invited), got 3",
        ),
        (("invite", "ana", "ana"), "a group needs at least two different friends"),
        (
            ("invite", "ana", "ben", "--activity", "dinner", "--decide-by", "2026-11-20"),
            "--decide-by must be after now and before the last option starts",
        ),
        (
            ("invite", "ana", "zed"),
            "no friend called 'zed' (friends: Ana Lima, Ben Okafor, Cleo Park, Dev Rao)",
        ),
    ]:
        result = rig.run(*args)
        assert (result.exit_code, result.stderr) == (2, f"meetup: error: {message}\n")


def test_a_whole_tag_is_invited_as_a_group(rig: Rig) -> None:
    for name in ("ana", "ben", "cleo"):
        rig.ok("friend", "edit", name, "--tag", "dinner-club")
    made = json.loads(
        rig.ok("invite", "--tag", "dinner-club", "dev", "--activity", "dinner", "--via", "outbox", "--json")
    )
    assert made["friends"] == ["Dev Rao", "Ana Lima", "Ben Okafor", "Cleo Park"] and made["min"] == 4
    assert sorted(to(m) for m in rig.sent()) == sorted(e for e, _ in FRIENDS.values())
    result = rig.run("invite", "--tag", "nobody-has-this")
    assert result.exit_code == 2 and result.stderr == (
        "meetup: error: no friend has the tag 'nobody-has-this' (meetup friend edit NAME --tag nobody-has-this)\n"
    )


def test_quorum_on_a_time_the_user_has_filled_since_is_proposed_not_confirmed(rig: Rig) -> None:
    made = invite(rig, "--min", "2")
    first = made["options"][0]
    # the user books something else over option 1 after the invites went out
    busy = USER.replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\nUID:late@example.org\nDTSTAMP:20261101T000000Z\n"
        f"DTSTART:{datetime.fromisoformat(first['start']).astimezone(UTC):%Y%m%dT%H%M%SZ}\n"
        f"DTEND:{datetime.fromisoformat(first['end']).astimezone(UTC):%Y%m%dT%H%M%SZ}\n"
        "SUMMARY:Dentist\nEND:VEVENT\nEND:VCALENDAR",
    )
    (rig.root / "me.ics").write_text(busy)
    rig.reply("ana@example.org", "1 works")
    rig.reply("ben@example.org", "all fine")
    out = rig.ok("inbox", now=NOW + timedelta(hours=1))
    assert out.splitlines() == [
        "invite 1: yes -> group 1 recorded yes 1",
        f"invite 2: yes -> group 1 proposed yes 1,2,3; option 1 ({_short(made, 1)}): 2 of 4 can make it, "
        "but option 1 is no longer free in your calendar",
        "2 answers acted on, 0 need you, 0 mails sent",
    ]
    assert not [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    status = rig.ok("status", now=NOW + timedelta(hours=2))
    assert status == (
        f"group 1 dinner: proposed option 1 ({_short(made, 1)}): 2 of 4 can make it, but option 1 is no longer "
        "free in your calendar; confirm with `meetup group confirm 1` (or --option N); answers: Ana Lima: 1; "
        "Ben Okafor: 1,2,3; Cleo Park: waiting; Dev Rao: waiting\n"
    )  # the busy event's title ("Dentist") is nowhere
    rig.ok("group", "confirm", "1", "--option", "2", now=NOW + timedelta(hours=3))
    confirmations = [m for m in rig.sent() if ".confirmation." in str(m["Message-ID"])]
    event = icalendar.Calendar.from_ical(calendar_of(confirmations[0])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.fromisoformat(made["options"][1]["start"])
    assert sorted(str(a) for a in event["ATTENDEE"]) == [
        "mailto:ben@example.org", "mailto:cleo@example.org", "mailto:dev@example.org",
    ]  # fmt: skip


def _local_options(made: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(weekday, start, end) of each option on Berlin's clock."""
    berlin = ZoneInfo("Europe/Berlin")
    spans = [
        (
            datetime.fromisoformat(o["start"]).astimezone(berlin),
            datetime.fromisoformat(o["end"]).astimezone(berlin),
        )
        for o in made["options"]
    ]
    return [(f"{a:%a}", f"{a:%H:%M}", f"{b:%H:%M}") for a, b in spans]


def test_a_group_lunch_is_offered_at_lunch_time(rig: Rig) -> None:
    """The activity's hours are a rule for a group as for one friend: lunch 11:30-14:30."""
    out = rig.ok(
        "invite", "ana", "ben", "--activity", "lunch", "--via", "outbox", "--from", "2026-11-30", "--days", "7",
        "--hours", "mon-sun 09:00-22:00", "--json",
    )  # fmt: skip
    options = _local_options(json.loads(out))
    assert len(options) == 3
    assert all(start >= "11:30" and end <= "14:30" for _, start, end in options), options


def test_a_group_lunch_outside_lunch_hours_needs_any_time(rig: Rig) -> None:
    args = (
        "invite",
        "ana",
        "ben",
        "--activity",
        "lunch",
        "--via",
        "outbox",
        "--from",
        "2026-11-30",
        "--days",
        "7",
    )
    result = rig.run(*args)  # the rig's hours are evenings only: no lunch fits
    assert (result.exit_code, result.stderr) == (
        1,
        "meetup: error: no free 60-minute slot for you and Ana Lima, Ben Okafor inside lunch hours "
        "(11:30-14:30, Europe/Berlin) between Mon 30 Nov 00:00 and Mon 07 Dec 00:00; try a longer period "
        "(--days 14) or wider --hours, or --any-time\n",
    )
    assert rig.db().execute("SELECT COUNT(*) FROM invites").fetchone() == (0,)
    options = _local_options(json.loads(rig.ok(*args, "--any-time", "--json")))
    assert len(options) == 3
    assert all(start >= "18:00" and end <= "22:00" for _, start, end in options), options


def test_fewer_group_options_than_asked_are_offered_with_a_warning(rig: Rig) -> None:
    out = rig.run(
        "invite", "ana", "ben", "--activity", "lunch", "--via", "outbox", "--from", "2026-11-30", "--days", "7",
        "--hours", "wed 12:00-13:00", "--json",
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert _local_options(json.loads(out.stdout)) == [("Wed", "12:00", "13:00")]
    assert out.stderr == (
        "meetup: warning: only 1 of 3 options for you and Ana Lima, Ben Okafor fit inside lunch hours "
        "(11:30-14:30, Europe/Berlin) between Mon 30 Nov 00:00 and Mon 07 Dec 00:00; offering 1 (try a longer "
        "period (--days 14) or wider --hours, or --any-time)\n"
    )


def test_a_members_thread_keeps_the_invites_subject_signature_and_never_repeats_a_sentence(
    meetup_env: Path,
) -> None:
    rig = Rig(meetup_env)
    rig.config.write_text(rig.config.read_text().replace("[mail]\n", '[mail]\nsignature = "Alexander"\n'))
    rig.setup_friends()
    made = invite(rig)
    decide_by = datetime.fromisoformat(made["decide_by"])
    rig.reply("ana@example.org", "1 and 3 work for me!")
    rig.reply("ben@example.org", "1 works")
    rig.reply("cleo@example.org", "Sorry, can't make any of these.")
    rig.ok("inbox", now=NOW + timedelta(hours=3))
    for days in (2, 4):  # Dev is nudged twice
        rig.ok("followup", now=NOW + timedelta(days=days, hours=1))
    rig.ok("group", "confirm", "1", now=decide_by + timedelta(minutes=5))
    [invitation] = [m for m in rig.sent_to("dev@example.org") if ".invite." in str(m["Message-ID"])]
    nudges = [m for m in rig.sent_to("dev@example.org") if ".nudge." in str(m["Message-ID"])]
    assert len(nudges) == 2
    assert {str(m["Subject"]) for m in nudges} == {f"Re: {invitation['Subject']}"}
    [cleo_invite] = [m for m in rig.sent_to("cleo@example.org") if ".invite." in str(m["Message-ID"])]
    [sorry] = [m for m in rig.sent_to("cleo@example.org") if ".thanks." in str(m["Message-ID"])]
    assert str(sorry["Subject"]) == f"Re: {cleo_invite['Subject']}"
    dev = [
        invitation,
        *nudges,
        *[m for m in rig.sent_to("dev@example.org") if ".confirmation." in str(m["Message-ID"])],
    ]
    assert len(dev) == 4
    for message in [*dev, sorry, cleo_invite]:
        assert body(message).rstrip().endswith("\nAlexander"), body(message)
    prose = [
        line.strip()
        for message in dev
        for line in body(message).splitlines()
        if line.strip() and not line.strip()[:1].isdigit() and not line.startswith("(")
    ]
    # greeting, opener, nudge, ask, sign-off: each said once in Dev's thread (the name and the
    # nudges' "The times again:" are not phrasings)
    assert {line for line in prose if prose.count(line) > 1} <= {"Alexander", "The times again:"}
