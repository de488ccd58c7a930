"""Three weeks of meetup, simulated end to end: ten friends in five zones, every message read back.

Run it to read the whole conversation and the checks::

    python examples/three_weeks.py [WORKDIR]

It drives the real CLI (``meetup friend import``, ``invite``, ``campaign start``, ``inbox``,
``followup``, ``status --json``) with a fixed clock, twice a day for 21 days, from Mon 23 Nov 2026.
The friends answer by mail into a Maildir (``In-Reply-To`` the message they answer): some pick an
option, one picks a time the user has meanwhile filled, one declines, one asks to be asked later,
some never answer. Everything meetup sends lands in the outbox Maildir and is read back.

The checks (``Report.problems``, empty when all hold) are what a person reading the conversation
would notice: a message without greeting or sign-off, a sentence said twice in a thread, a reply
outside the invite's thread, zones named like a machine, zero-padded days, two meetings at once or
a meeting on top of the calendar, a meal at an odd hour, and any nudge option outside the invite's
own request (its hours, its ``--from/--to``).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from meetup.cli import main

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)  # a Monday
DAYS = 21

#: name, vCard extras, zone, email; the N given name or NICKNAME is what a greeting uses
FRIENDS = [
    ("Dr. Maria Garcia", "N:Garcia;Maria;;Dr.;\nFN:Dr. Maria Garcia", "Europe/London", "maria@example.org"),
    ("Jonas Weber", "N:Weber;Jonas;;;\nFN:Jonas Weber", "Europe/Berlin", "jonas@example.de"),
    ("Priya Raman", "N:Raman;Priya;;;\nFN:Priya Raman", "America/Los_Angeles", "priya@example.com"),
    (
        "Thomas Baker",
        "N:Baker;Thomas;;;\nFN:Thomas Baker\nNICKNAME:Tom",
        "Europe/London",
        "tom@example.co.uk",
    ),
    ("Aiko Tanaka", "N:Tanaka;Aiko;;;\nFN:Aiko Tanaka", "Asia/Tokyo", "aiko@example.jp"),
    ("Sam Lee", "N:Lee;Sam;;;\nFN:Sam Lee", "Europe/London", "sam@example.net"),
    ("Dan Smith", "N:Smith;Dan;;;\nFN:Dan Smith", "America/New_York", "dan@example.com"),
    ("Lena Fischer", "N:Fischer;Lena;;;\nFN:Lena Fischer", "Europe/Berlin", "lena@example.de"),
    ("Grace Kim", "N:Kim;Grace;;;\nFN:Grace Kim", "America/New_York", "grace@example.com"),
    ("Felix Braun", "N:Braun;Felix;;;\nFN:Felix Braun", "Europe/Berlin", "felix@example.de"),
]

#: activity -> (start, end) on the clock of the place (London): what "not an odd hour" means here
HOURS = {
    "coffee": (time(9), time(17)),
    "lunch": (time(11, 30), time(14, 30)),
    "drinks": (time(17, 30), time(23)),
    "dinner": (time(18), time(22, 30)),
    "walk": (time(10), time(16)),
    "board games": (time(14), time(22)),
}
WAKING = (time(8), time(22))


def _config(work: Path) -> str:
    return f"""
timezone = "Europe/London"
hours = "mon-fri 08:00-22:00; sat,sun 09:00-22:00"

[calendars.work]
source = "{work}"

[me]
name = "Alex Weber"
email = "alex@example.org"

[mail]
name = "Alex Weber"
from = "alex@example.org"

[followup]
via = "outbox"
nudge_after_days = [2, 4]

[inbox]
maildir = "{work.parent / "replies"}"

[activities."board games"]
hours = "14:00-22:00"
"""


def _busy() -> list[tuple[datetime, datetime, str]]:
    """The user's own calendar: office hours with a lunch gap, and a few evenings out."""
    events = []
    for offset in range(DAYS + 7):
        day = START.date() + timedelta(days=offset)
        if day.weekday() < 5:
            events.append((_at(day, 9), _at(day, 12), "Office"))
            events.append((_at(day, 13, 30), _at(day, 17, 30), "Office"))
    events.append(
        (_at(START.date() + timedelta(days=2), 19), _at(START.date() + timedelta(days=2), 22), "Choir")
    )
    events.append(
        (_at(START.date() + timedelta(days=5), 10), _at(START.date() + timedelta(days=5), 13), "Market")
    )
    return events


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _ics(events: list[tuple[datetime, datetime, str]]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//three weeks//EN"]
    for n, (start, end, title) in enumerate(events):
        lines += [
            "BEGIN:VEVENT", f"UID:busy-{n}@example.org", "DTSTAMP:20261101T000000Z",
            f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}", f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{title}", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _vcards() -> str:
    cards = []
    for _name, extra, zone, email in FRIENDS:
        cards.append(f"BEGIN:VCARD\nVERSION:3.0\n{extra}\nEMAIL:{email}\nTZ:{zone}\nUID:{email}\nEND:VCARD")
    return "\n".join(cards) + "\n"


@dataclass
class Sent:
    """One message meetup sent, as the friend receives it."""

    to: str
    name: str
    subject: str
    message_id: str
    in_reply_to: str | None
    date: datetime
    body: str
    calendar: str | None


@dataclass
class Report:
    messages: list[Sent] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def threads(self) -> dict[str, list[Sent]]:
        """Messages by thread: the Message-ID of the invite each one answers (or itself)."""
        found: dict[str, list[Sent]] = {}
        for message in sorted(self.messages, key=lambda m: m.date):
            found.setdefault(message.in_reply_to or message.message_id, []).append(message)
        return found


class World:
    """The user's machine (config, calendar, data dir) and the friends' mailboxes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "work.ics"
        self.events = _busy()
        self.planned = list(self.events)  # the calendar as it was when the invites went out
        self.work.write_text(_ics(self.events))
        (root / "meetup.toml").write_text(_config(self.work))
        (root / "friends.vcf").write_text(_vcards())
        for sub in ("new", "cur", "tmp"):
            (root / "replies" / sub).mkdir(parents=True, exist_ok=True)
        self.now = START
        self.report = Report()
        self.replied = 0

    def run(self, *args: str) -> str:
        env = {
            "MEETUP_CONFIG": str(self.root / "meetup.toml"),
            "MEETUP_DATA_DIR": str(self.root / "data"),
            "MEETUP_CACHE_DIR": str(self.root / "cache"),
            "MEETUP_NOW": self.now.isoformat(),
        }
        result = CliRunner().invoke(main, list(args), env=env)
        self.report.log.append(f"{self.now:%a %d %b %H:%M} $ meetup {' '.join(args)}\n{result.output}")
        if result.exit_code != 0:
            raise RuntimeError(f"meetup {' '.join(args)} failed ({result.exit_code}): {result.output}")
        return result.output

    def status(self) -> dict[str, Any]:
        return dict(json.loads(self.run("status", "--json")))

    def outbox(self) -> list[Sent]:
        found = []
        folder = self.root / "data" / "outbox" / "new"
        for path in sorted(folder.iterdir()) if folder.exists() else []:
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            body = message.get_body(preferencelist=("plain",))
            calendar = next(
                (str(p.get_content()) for p in message.walk() if p.get_content_type() == "text/calendar"),
                None,
            )
            name, address = parseaddr(str(message["To"]))
            found.append(
                Sent(
                    to=address, name=name, subject=str(message["Subject"]), message_id=str(message["Message-ID"]),
                    in_reply_to=str(message["In-Reply-To"]) if message["In-Reply-To"] else None,
                    date=datetime.strptime(str(message["Date"]), "%a, %d %b %Y %H:%M:%S %z"),
                    body=str(body.get_content()) if body is not None else "", calendar=calendar,
                )
            )  # fmt: skip
        return found

    def last_to(self, email: str) -> Sent:
        return max((m for m in self.outbox() if m.to == email), key=lambda m: m.date)

    def reply(self, email: str, text: str) -> None:
        """The friend answers the last message meetup sent them, quoting it as mail clients do."""
        last = self.last_to(email)
        self.replied += 1
        subject = last.subject if last.subject.lower().startswith("re:") else f"Re: {last.subject}"
        quoted = "\n".join(f"> {line}" for line in last.body.splitlines())
        raw = (
            f"From: {email}\r\nTo: alex@example.org\r\nSubject: {subject}\r\n"
            f"Message-ID: <reply{self.replied}@friends.example>\r\n"
            f"In-Reply-To: {last.message_id}\r\nReferences: {last.in_reply_to or last.message_id} {last.message_id}\r\n"
            f"Date: {self.now.astimezone(UTC):%a, %d %b %Y %H:%M:%S +0000}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\n"
            f"On {last.date:%a, %d %b %Y} Alex Weber <alex@example.org> wrote:\r\n{quoted}\r\n"
        )
        (self.root / "replies" / "new" / f"reply{self.replied}:2,").write_text(raw)

    def fill(self, start: datetime, end: datetime, title: str) -> None:
        """The user books something in their own calendar."""
        self.events.append((start, end, title))
        self.work.write_text(_ics(self.events))

    def invite(self, friend: str, activity: str, *extra: str) -> int:
        data = json.loads(
            self.run("invite", friend, "--activity", activity, "--via", "outbox", "--json", *extra)
        )
        return int(data["invite"])


def _offered(status: dict[str, Any], invite: int) -> list[int]:
    (found,) = [i for i in status["invites"] if i["id"] == invite]
    return [o["n"] for o in found["options"] if o["state"] == "offered"]


def simulate(root: Path) -> Report:
    """The three weeks; returns every message and every problem found."""
    world = World(root)
    world.run("friend", "import", str(root / "friends.vcf"))
    ids = {
        "maria": world.invite("Dr. Maria", "lunch"),
        "jonas": world.invite("Jonas", "call"),
        "priya": world.invite("Priya", "call"),
        "tom": world.invite("Thomas", "dinner"),
        "aiko": world.invite("Aiko", "call"),
        "sam": world.invite("Sam", "walk"),
        "dan": world.invite("Dan", "drinks"),
        "lena": world.invite(
            "Lena",
            "coffee",
            "--from",
            (START + timedelta(days=1)).date().isoformat() + "T09:00",
            "--to",
            (START + timedelta(days=4)).date().isoformat() + "T18:00",
            "--options",
            "2",
        ),
        "grace": world.invite("Grace", "board games"),
    }
    world.run("campaign", "start", "Drinks with someone", "--friends", "Felix", "--activity", "drinks")
    replies: dict[tuple[int, int], list[tuple[str, str]]] = {  # (day, hour) -> answers that arrived
        (0, 15): [("maria@example.org", "2 works for me, see you there!")],
        (1, 9): [("priya@example.com", "Sorry, can't make it this time, crazy month.")],
        (1, 15): [("aiko@example.jp", "1 is perfect!")],
        (1, 20): [("tom@example.co.uk", "Busy this month, ask me later.")],
        (2, 9): [("felix@example.de", "Option 1 works for me.")],
        (4, 15): [("grace@example.com", "3 works for me, see you then!")],
    }
    for day in range(DAYS):
        for hour in (9, 15, 20):
            world.now = _at(START.date() + timedelta(days=day), hour)
            for email, text in replies.get((day, hour), []):
                world.reply(email, text)
            if (day, hour) == (1, 9):
                # the user books their own evening over Dan's first option; then Dan picks it
                (invite,) = [i for i in world.status()["invites"] if i["id"] == ids["dan"]]
                first = invite["options"][0]
                world.fill(
                    datetime.fromisoformat(first["start"]), datetime.fromisoformat(first["end"]), "Theatre"
                )
                world.reply("dan@example.com", "1 works for me!")
            if (day, hour) == (3, 9):
                status = world.status()
                jonas = [n for n in _offered(status, ids["jonas"]) if n > 3]
                if jonas:  # Jonas answers the nudge with one of its fresh times
                    world.reply("jonas@example.de", f"Sorry for the delay! {jonas[0]} works.")
                dan = [n for n in _offered(status, ids["dan"]) if n > 3]
                if dan:  # Dan takes one of the times offered instead
                    world.reply("dan@example.com", f"OK then, {dan[-1]} it is!")
            world.run("inbox")
            world.run("followup")
    world.report.messages = world.outbox()
    world.report.status = world.status()
    world.report.problems = check(world)
    return world.report


# --------------------------------------------------------------------------- the checks

_GREETING = re.compile(r"^(Hi|Hey|Hello|Hey there) [A-Z][\w'-]*[,!]?$|^[A-Z][\w'-]*!$")
_OPTION_LINE = re.compile(r"^\d+\. ")
_PADDED = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d\b")
_ZONE_KEY = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b")


def _sentences(body: str) -> list[str]:
    lines = [line.strip() for line in body.splitlines()]
    text = " ".join(
        line for line in lines[1:-1] if line and not _OPTION_LINE.match(line) and not line.startswith("(")
    )
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 3]


def check(world: World) -> list[str]:
    problems: list[str] = []
    report = world.report
    first_names = {"maria@example.org": "Maria", "tom@example.co.uk": "Tom"}
    for thread in report.threads().values():
        root = thread[0]
        seen: set[str] = set()
        for message in thread:
            where = f"{message.to} {message.date:%d %b %H:%M} {message.subject!r}"
            lines = [line for line in message.body.strip().splitlines()]
            if not lines or not _GREETING.match(lines[0].strip()):
                problems.append(f"{where}: no greeting ({lines[:1]})")
            elif message.to in first_names and first_names[message.to] not in lines[0]:
                problems.append(f"{where}: greets {lines[0]!r}, not {first_names[message.to]}")
            if lines[-1].strip() != "Alex" or not lines[-2].strip().endswith(","):
                problems.append(f"{where}: not signed off as Alex ({lines[-2:]})")
            if message is not root and (
                message.in_reply_to != root.message_id or message.subject != f"Re: {root.subject}"
            ):
                problems.append(f"{where}: not a reply in its thread (subject {message.subject!r})")
            if "Weber" in message.subject or "(" in message.subject:
                problems.append(f"{where}: a subject no person writes: {message.subject!r}")
            if not message.name:
                problems.append(f"{where}: To: without the friend's name")
            if _PADDED.search(message.body) or _ZONE_KEY.search(message.body):
                problems.append(f"{where}: zero-padded day or a zone key in the text")
            if "ask again another time" in message.body or "get back to you" in message.body:
                problems.append(f"{where}: promises a follow-up nobody scheduled")
            for sentence in [lines[0].strip().lower(), *_sentences(message.body)]:
                if sentence in seen:
                    problems.append(f"{where}: says again {sentence!r}")
                seen.add(sentence)
    problems += _check_times(world)
    return problems


def _check_times(world: World) -> list[str]:
    problems: list[str] = []
    zones = {name: ZoneInfo(zone) for name, _, zone, _ in FRIENDS}
    meetings: list[tuple[datetime, datetime, str, int]] = []
    offers: list[tuple[datetime, datetime, str, int]] = []
    for invite in world.report.status["invites"]:
        friend, activity = invite["friend"], invite["activity"]
        for option in invite["options"]:
            start, end = datetime.fromisoformat(option["start"]), datetime.fromisoformat(option["end"])
            where = (
                f"invite {invite['id']} ({friend}, {activity}) option {option['n']} {start:%a %d %b %H:%M}"
            )
            if activity == "call":
                for zone in (LONDON, zones[friend]):
                    if not _inside(start, end, zone, WAKING):
                        problems.append(f"{where}: a call outside waking hours in {zone.key}")
            elif not _inside(start, end, LONDON, HOURS[activity]):
                problems.append(f"{where}: {activity} at an odd hour")
            if any(s < end and start < e for s, e, _ in world.planned):
                problems.append(f"{where}: offered on top of the calendar")
            lena = (_at(START.date() + timedelta(days=1), 9), _at(START.date() + timedelta(days=4), 18))
            if friend.startswith("Lena") and not (lena[0] <= start and end <= lena[1]):
                problems.append(f"{where}: outside the invite's --from/--to")
            offers.append((start, end, option["state"], invite["id"]))
        if invite["meeting"]:
            meeting = invite["meeting"]
            start, end = datetime.fromisoformat(meeting["start"]), datetime.fromisoformat(meeting["end"])
            meetings.append((start, end, friend, invite["id"]))
    for start, end, state, invite_id in offers:
        for meeting_start, meeting_end, _, meeting_invite in meetings:
            if (
                state == "offered"
                and meeting_invite != invite_id
                and start < meeting_end
                and meeting_start < end
            ):
                problems.append(f"invite {invite_id} still offers {start:%a %d %b %H:%M}, an agreed meeting")
    for n, (start, end, friend, _) in enumerate(meetings):
        for other_start, other_end, other, _ in meetings[n + 1 :]:
            if start < other_end and other_start < end:
                problems.append(f"double booking: {friend} and {other} at {start:%a %d %b %H:%M}")
        for busy_start, busy_end, title in world.events:
            if start < busy_end and busy_start < end:
                problems.append(f"double booking: {friend} on top of {title} at {start:%a %d %b %H:%M}")
    return problems


def _inside(start: datetime, end: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> bool:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        local_start.date() == local_end.date()
        and hours[0] <= local_start.time()
        and local_end.time() <= hours[1]
    )


def render(report: Report) -> str:
    out = []
    for thread in report.threads().values():
        out.append(f"===== {thread[0].name} <{thread[0].to}>: {thread[0].subject}")
        for message in thread:
            out.append(f"--- {message.date:%a %d %b %H:%M}  {message.subject}\n{message.body.rstrip()}")
    meetings = [i for i in report.status["invites"] if i["meeting"]]
    out.append("===== meetings")
    out += [f"{i['meeting']['start']}  {i['activity']} with {i['friend']}" for i in meetings]
    out.append("===== problems: " + (", ".join(report.problems) if report.problems else "none"))
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        folder = Path(sys.argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        print(render(simulate(folder)))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            print(render(simulate(Path(tmp))))
