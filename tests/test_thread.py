"""A whole conversation read as the friends read it: a campaign invites Ana (New York) and Ben
(London) to dinner; both are nudged twice; Ana picks a time the user has meanwhile filled (slot
taken), Ben says yes (confirmation), and Ana's invite is withdrawn. Every message: threaded under
the invite (Re: + the same subject, In-Reply-To/References), greeting by first name, sign-off,
no sentence said twice in the thread, zones named as people say them and only when they differ."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday
GREETING = re.compile(r"^(Hi|Hey|Hello|Hey there) (Ana|Ben)[,!]$")
OPTION = re.compile(r"^\d+\. ")
LONDON = ZoneInfo("Europe/London")


class Conversation:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.calendar = root / "me.ics"
        self.events: list[tuple[datetime, datetime]] = []
        self._write_calendar()
        for sub in ("new", "cur", "tmp"):
            (root / "Maildir" / sub).mkdir(parents=True, exist_ok=True)
        (root / "config.toml").write_text(
            'timezone = "Europe/London"\nhours = "mon-sun 09:00-22:00"\n'
            f'[calendars.me]\nsource = "{self.calendar}"\n'
            '[me]\nname = "Alex Weber"\nemail = "alex@example.org"\n'
            '[followup]\nvia = "outbox"\nnudge_after_days = [2, 2]\n'
            f'[inbox]\nmaildir = "{root / "Maildir"}"\n'
        )
        self.now = T0
        self.replies = 0

    def _write_calendar(self) -> None:
        events = "".join(
            f"BEGIN:VEVENT\r\nUID:e{n}@x\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{a:%Y%m%dT%H%M%SZ}\r\n"
            f"DTEND:{b:%Y%m%dT%H%M%SZ}\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n"
            for n, (a, b) in enumerate(self.events)
        )
        self.calendar.write_text(
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n"
        )

    def run(self, *args: str) -> str:
        env = {
            "MEETUP_CONFIG": str(self.root / "config.toml"),
            "MEETUP_DATA_DIR": str(self.root / "data"),
            "MEETUP_CACHE_DIR": str(self.root / "cache"),
            "MEETUP_NOW": self.now.isoformat(),
        }
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    def sent(self) -> list[EmailMessage]:
        messages = []
        for path in (self.root / "data" / "outbox" / "new").iterdir():
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            messages.append(message)
        return sorted(messages, key=lambda m: parsedate_to_datetime(str(m["Date"])))

    def thread(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent() if m["To"].addresses[0].addr_spec == address]

    def reply(self, address: str, text: str) -> None:
        last = self.thread(address)[-1]
        self.replies += 1
        raw = (
            f"From: {address}\r\nTo: alex@example.org\r\nSubject: Re: {last['Subject']}\r\n"
            f"Message-ID: <r{self.replies}@friend.example>\r\nIn-Reply-To: {last['Message-ID']}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        )
        (self.root / "Maildir" / "new" / f"r{self.replies}:2,").write_text(raw)

    def offered(self, friend: str) -> list[dict[str, Any]]:
        status = json.loads(self.run("status", "--json"))
        (invite,) = [i for i in status["invites"] if i["friend"] == friend]
        return [o for o in invite["options"] if o["state"] == "offered"]


def _when(option: dict[str, Any]) -> str:
    """An option as the messages write it on the user's clock: ``Wed 2 Dec, 18:30-20:30``."""
    start, end = (datetime.fromisoformat(option[k]).astimezone(LONDON) for k in ("start", "end"))
    return f"{start:%a} {start.day} {start:%b}, {start:%H:%M}-{end:%H:%M}"


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _sentences(body: str) -> list[str]:
    lines = [line.strip() for line in body.strip().splitlines()]
    prose = [line for line in lines[1:-1] if line and not OPTION.match(line) and not line.startswith("(")]
    return [s.lower() for s in re.split(r"(?<=[.!?:])\s+", " ".join(prose)) if s]


def test_a_whole_conversation_reads_like_one_person(tmp_path: Path) -> None:
    talk = Conversation(tmp_path)
    talk.run("friend", "add", "Ana Lima", "--email", "ana@example.org", "--tz", "America/New_York")
    talk.run("friend", "add", "Ben Okafor", "--email", "ben@example.org", "--tz", "Europe/London")
    talk.run("campaign", "start", "Dinner", "--friends", "Ana,Ben", "--parallel", "2", "--activity", "dinner")
    for days in (2, 4):  # two nudges each
        talk.now = T0 + timedelta(days=days, hours=1)
        talk.run("followup")
    # the user fills the evening Ana is about to pick; Ana picks it: slot taken, other times
    talk.now = T0 + timedelta(days=4, hours=3)
    pick = talk.offered("Ana Lima")[-1]
    talk.events.append((datetime.fromisoformat(pick["start"]), datetime.fromisoformat(pick["end"])))
    talk._write_calendar()
    talk.reply("ana@example.org", f"{pick['n']} works for me!")
    taken = _when(pick)
    assert talk.run("inbox") == (
        f"invite 1: yes -> slot_taken {taken}\n1 answer acted on, 0 need you, 1 mail sent\n"
    )
    still_offered = [o["n"] for o in talk.offered("Ana Lima")]
    # Ben says yes; the next run withdraws Ana's open invite
    talk.now = T0 + timedelta(days=4, hours=5)
    ben_pick = talk.offered("Ben Okafor")[0]
    talk.reply("ben@example.org", f"{ben_pick['n']} please, see you then!")
    assert talk.run("inbox") == (
        f"invite 2: yes -> confirmed {tmp_path / 'data' / 'outbox-ics' / 'meetup-2.ics'}\n"
        "1 answer acted on, 0 need you, 1 mail sent\n"
    )
    talk.now = T0 + timedelta(days=4, hours=6)
    talk.run("followup")

    ana, ben = talk.thread("ana@example.org"), talk.thread("ben@example.org")
    assert len(ana) == 5 and len(ben) == 4  # invite, 2 nudges, slot taken, withdrawal / confirmation
    for thread, name, far in ((ana, "Ana", True), (ben, "Ben", False)):
        root = thread[0]
        assert "Weber" not in str(root["Subject"]) and "(" not in str(root["Subject"])
        said: set[str] = set()
        for message in thread:
            body = _body(message)
            lines = body.strip().splitlines()
            assert GREETING.match(lines[0]), lines[0]
            assert lines[-1] == "Alex" and lines[-2].endswith(","), lines[-2:]
            assert message["To"].addresses[0].display_name.startswith(name)
            if message is not root:
                assert message["Subject"] == f"Re: {root['Subject']}"
                assert message["In-Reply-To"] == root["Message-ID"]
                assert root["Message-ID"] in str(message["References"])
            for sentence in [lines[0].lower(), *_sentences(body)]:  # the greeting too
                assert sentence not in said, f"said twice to {name}: {sentence!r}"
                said.add(sentence)
            assert "Europe/" not in body and "America/" not in body and "your zone" not in body
            assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d", body)
            if OPTION.search(body.replace("\n", "\n")) or re.search(r"\d\d:\d\d-", body):
                # Ana is in New York: a dinner in London is on UK time, and says so; Ben shares the zone
                assert ("UK time" in body) == far, body
    slot_taken, withdrawal = _body(ana[3]), _body(ana[4])
    # names the time that went (after the greeting), then every option still open, by its number
    assert taken in slot_taken.replace("\r\n", "\n").split("\n\n")[1]
    assert [int(n) for n in re.findall(r"^(\d+)\. ", slot_taken, re.MULTILINE)] == sorted(still_offered)
    assert "ignore" in withdrawal or "off" in withdrawal or "disregard" in withdrawal
    assert "I'll" not in withdrawal and "?" not in withdrawal  # promises nothing, asks nothing
    assert not re.search(r"^\d+\. ", withdrawal, re.MULTILINE)
    confirmation = ben[3]
    (calendar,) = [
        str(p.get_content()) for p in confirmation.walk() if p.get_content_type() == "text/calendar"
    ]
    start, end = (datetime.fromisoformat(ben_pick[k]).astimezone(LONDON) for k in ("start", "end"))
    event = calendar.replace("\r\n ", "").split("BEGIN:VEVENT\r\n")[1].split("\r\n")
    assert "SUMMARY:Dinner with Alex" in event and "STATUS:CONFIRMED" in event
    assert f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}" in event
    assert f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}" in event
    nudges = [_body(m) for m in ana[1:3]]
    assert nudges[0] != nudges[1]
    assert all(re.search(r"^\d+\. ", nudge, re.MULTILINE) for nudge in nudges)
