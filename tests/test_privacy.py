"""Privacy: an invite never reveals what the user is busy with, only when they are free.

Busy events with distinctive titles, places, descriptions and guests go in through the real
.ics provider; a whole conversation runs (slots, invite, holds, a nudge, a yes, the
confirmation, status); then every output is searched: what each command printed, every mail
(decoded), every .ics file and a full dump of the database. A second run over the same busy
*times* with bland details must produce the very same messages: whatever the messages say
cannot depend on what the busy time is.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

NOW = "2026-11-23T09:00:00+01:00"
NUDGE_AT = "2026-11-25T10:00:00+01:00"
REPLY_AT = "2026-11-25T12:00:00+01:00"

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:one@example.org
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261123T183000
DTEND;TZID=Europe/Berlin:20261123T200000
RRULE:FREQ=WEEKLY
SUMMARY:{title1}
LOCATION:{place1}
DESCRIPTION:{note1}
ATTENDEE;CN={guest1}:mailto:{mail1}
END:VEVENT
BEGIN:VEVENT
UID:two@example.org
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261125T180000
DTEND;TZID=Europe/Berlin:20261125T213000
SUMMARY:{title2}
LOCATION:{place2}
ORGANIZER;CN={guest2}:mailto:{mail2}
END:VEVENT
BEGIN:VEVENT
UID:three@example.org
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261128
DTEND;VALUE=DATE:20261129
SUMMARY:{title3}
END:VEVENT
END:VCALENDAR
"""
SECRET = {
    "title1": "Oncology follow-up Quarzberg",
    "place1": "Klinik Vellmar Ward 7",
    "note1": "bring scans, code ZX-4471",
    "guest1": "Ottoline Brackwater",
    "mail1": "ottoline.brackwater@example.org",
    "title2": "Divorce mediation Harkness",
    "place2": "Kanzlei Dunmore",
    "guest2": "Percival Ashgrove",
    "mail2": "percival.ashgrove@example.org",
    "title3": "Job interview Zentrion AG",
}
BLAND = {
    key: "x" if key.startswith(("title", "place", "note", "guest")) else "x@example.org" for key in SECRET
}
#: every distinctive word of the secret details (the .ics keys themselves are not secrets)
SECRET_WORDS = sorted(
    {w for value in SECRET.values() for w in re.findall(r"[A-Za-z0-9-]{4,}", value)} - {"example"}
)


def converse(
    tmp_path: Path, details: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], Path]:
    """One whole conversation; returns everything printed and the data dir."""
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"MEETUP_{name}_DIR", str(tmp_path / name.lower()))
    tmp_path.mkdir(parents=True, exist_ok=True)
    calendar = tmp_path / "calendar.ics"
    calendar.write_text(CALENDAR.format(**details))
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{calendar}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\ntransport = "outbox"\n'
    )
    printed: list[str] = []

    def run(now: str, *args: str) -> None:
        result = CliRunner().invoke(
            main, ["--config", str(config), "--now", now, *args], catch_exceptions=False
        )
        assert result.exit_code == 0, (args, result.output)
        printed.append(result.output)

    run(NOW, "friend", "add", "Sam Lee", "--email", "sam@example.net", "--tz", "Europe/London")
    run(NOW, "friend", "add", "Priya", "--email", "priya@example.org")
    run(NOW, "slots")
    run(NOW, "slots", "--json")
    run(NOW, "invite", "sam", "--via", "outbox", "--json")
    run(NOW, "invite", "priya", "--via", "print")
    run(NOW, "ics", "1")
    run(NUDGE_AT, "followup")
    run(REPLY_AT, "reply", "sam", "yes", "--option", "4")  # a time from the nudge
    run(REPLY_AT, "ics", "1")
    run(REPLY_AT, "status")
    run(REPLY_AT, "status", "--json")
    return printed, tmp_path / "data"


def test_busy_details_reach_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outputs: Any) -> None:
    printed, data = converse(tmp_path, SECRET, monkeypatch)
    mails = sorted((data / "outbox").rglob("*.eml")) + sorted(
        p for p in (data / "outbox").rglob("*") if p.is_file()
    )
    # Sam's invite, nudge and confirmation; Priya's invite was printed (she is nudged by mail)
    assert sorted({tuple(p.name.split(".")[1:3]) for p in mails}) == [
        ("1", "confirmation"),
        ("1", "invite"),
        ("1", "nudge"),
        ("2", "nudge"),
    ]
    everything = "\n".join(printed) + "\n" + outputs.of(data)
    leaked = [word for word in SECRET_WORDS if word.lower() in everything.lower()]
    assert leaked == []
    # the search sees the conversation: the confirmed time and both friends are in it
    assert "Sam" in everything and "Priya" in everything and "METHOD:REQUEST" in everything


def _messages(data: Path, outputs: Any) -> list[tuple[str, str]]:
    """(subject, decoded text) of every mail in the outbox, in order of writing."""
    found = []
    for path in sorted(
        (p for p in (data / "outbox").rglob("*") if p.is_file()), key=lambda p: p.stat().st_mtime_ns
    ):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        texts = [
            str(part.get_content()) for part in message.walk() if part.get_content_type() == "text/plain"
        ]
        found.append((str(message["Subject"]), "\n".join(texts)))
    return found


def test_the_messages_do_not_depend_on_what_the_busy_time_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outputs: Any
) -> None:
    secret_printed, secret = converse(tmp_path / "secret", SECRET, monkeypatch)
    bland_printed, bland = converse(tmp_path / "bland", BLAND, monkeypatch)
    assert _messages(secret, outputs) == _messages(bland, outputs)
    assert len(_messages(secret, outputs)) == 4
    # what was printed differs only in the paths of the two runs
    strip = [(str(tmp_path / "secret"), "<run>"), (str(tmp_path / "bland"), "<run>")]

    def normal(lines: list[str]) -> list[str]:
        out = []
        for text in lines:
            for old, new in strip:
                text = text.replace(old, new)
            out.append(text)
        return out

    assert normal(secret_printed) == normal(bland_printed)
