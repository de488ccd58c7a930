"""``meetup invite`` end to end: options, no free time, JSON, a real SMTP server, privacy."""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T09:00:00+01:00"

SECRET_CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:hawaii@example.org
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261125
DTEND;VALUE=DATE:20261127
SUMMARY:Vacation in Hawaii
LOCATION:Waikiki Beach Resort
DESCRIPTION:Flight UA 1234. Do not tell anyone.
ATTENDEE;CN=Kailani Secretperson:mailto:kailani@example.org
END:VEVENT
BEGIN:VEVENT
UID:therapy@example.org
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261123T183000
DTEND;TZID=Europe/Berlin:20261123T193000
RRULE:FREQ=WEEKLY
SUMMARY:Therapy with Dr. Confidential
LOCATION:Praxis Hinterhof
END:VEVENT
END:VCALENDAR
"""
SECRET_WORDS = [
    "Hawaii",
    "Waikiki",
    "Resort",
    "UA 1234",
    "Kailani",
    "Secretperson",
    "Therapy",
    "Confidential",
    "Praxis",
    "Hinterhof",
]


def write_config(tmp_path: Path, extra: str = "", calendar: str | None = None) -> Path:
    cal_path = tmp_path / "calendar.ics"
    cal_path.write_text(calendar or (ROOT / "examples" / "calendar.ics").read_text())
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{cal_path}"\n[mail]\nname = "Alex"\nfrom = "alex@example.org"\n{extra}'
    )
    return config


def run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args])


@pytest.fixture
def with_friends(meetup_env: Path, tmp_path: Path) -> Path:
    config = write_config(tmp_path)
    assert run(config, "friend", "import", str(ROOT / "examples" / "friends.vcf")).exit_code == 0
    return config


def test_json_shape_and_options_in_friends_zone(with_friends: Path) -> None:
    result = run(with_friends, "invite", "sam", "--activity", "drinks", "--json", "--note", "My treat!")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"invite", "friend", "subject", "body", "options", "attachments"} <= set(data)
    assert data["friend"] == "Sam Lee" and len(data["options"]) == 3
    # in person: the clock of the place (the user's Berlin), named as people say it
    assert all(o["start"].endswith("+01:00") for o in data["options"])
    assert "My treat!" in data["body"] and "Berlin time" in data["body"] and "Europe/" not in data["body"]
    call = json.loads(run(with_friends, "invite", "sam", "--activity", "call", "--json", "--again").stdout)
    assert all(o["start"].endswith("+00:00") for o in call["options"])  # a call: the friend's own clock
    assert "your time" in call["body"]
    assert Path(data["attachments"][0]).read_text().count("STATUS:TENTATIVE") == 3
    days = {o["start"][:10] for o in data["options"]}
    assert len(days) == 3, "a week of free evenings: one option a day"


def test_second_invite_never_offers_the_same_time(with_friends: Path) -> None:
    first = json.loads(run(with_friends, "invite", "sam", "--json").stdout)
    second = json.loads(run(with_friends, "invite", "jonas", "--json").stdout)
    spans = [(o["start"], o["end"]) for o in first["options"]]
    from datetime import datetime

    for o in second["options"]:
        s, e = datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"])
        for a, b in spans:
            assert e <= datetime.fromisoformat(a) or s >= datetime.fromisoformat(b)
    assert first["body"] != second["body"]


def test_no_free_time_records_nothing(with_friends: Path) -> None:
    result = run(with_friends, "invite", "sam", "--hours", "tue 19:00-20:00", "--days", "2")
    assert result.exit_code == 1
    assert result.stderr == (
        "meetup: error: no free 45-minute slot for Sam Lee inside coffee hours (09:00-17:00, Europe/Berlin) "
        "between Mon 23 Nov 09:00 and Wed 25 Nov 09:00; try a longer period (--days 14) or wider --hours, "
        "or --any-time\n"
    )
    assert json.loads(run(with_friends, "invite", "sam", "--json").stdout)["invite"] == 1


def test_email_through_a_real_smtp_server(meetup_env: Path, tmp_path: Path, smtp_recorder: Any) -> None:
    config = write_config(
        tmp_path, f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_recorder.port}\nsecurity = "plain"\n'
    )
    run(config, "friend", "add", "Eve\r\nBcc: victim@example.org", "--email", "eve@example.org")
    result = run(config, "invite", "eve", "--via", "email", "--note", "Hi\r\nBcc: spam@example.org")
    assert result.exit_code == 0, result.stderr
    assert len(smtp_recorder.messages) == 1
    message = message_from_bytes(smtp_recorder.messages[0], policy=policy.default)
    assert smtp_recorder.envelopes[0] == ("alex@example.org", ["eve@example.org"])
    assert [a.addr_spec for a in message["To"].addresses] == ["eve@example.org"] and message[
        "Message-ID"
    ].startswith("<meetup.1.invite.1.")
    assert message["Bcc"] is None
    for name, value in message.items():
        assert "\n" not in value and "\r" not in value, name
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    text = plain.get_content()
    assert re.findall(r"^(\d)\. \w{3} \d+ \w{3}, \d\d:\d\d-\d\d:\d\d\r?$", text, re.MULTILINE) == [
        "1",
        "2",
        "3",
    ]
    assert "Hi Bcc: spam@example.org" in text  # the note, flattened to one line in the body


def test_smtp_down_keeps_the_invite_and_resend_sends_it_once(
    meetup_env: Path, tmp_path: Path, smtp_recorder: Any
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    down = write_config(tmp_path, f'smtp_host = "127.0.0.1"\nsmtp_port = {dead_port}\nsecurity = "plain"\n')
    run(down, "friend", "add", "Sam", "--email", "sam@example.net")
    result = run(down, "invite", "sam", "--via", "email")
    assert result.exit_code == 1
    assert result.stderr == (
        "meetup: error: invite 1 to Sam is recorded but not sent (connection refused); "
        "send it later with `meetup invite --resend 1`\n"
    )
    assert "Traceback" not in result.stderr
    up = write_config(
        tmp_path, f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_recorder.port}\nsecurity = "plain"\n'
    )
    assert run(up, "invite", "--resend", "1").exit_code == 0
    again = run(up, "invite", "--resend", "1")  # already sent: nothing to do
    assert (again.exit_code, again.stderr) == (
        2,
        "meetup: error: invite 1 was sent already; nothing to resend\n",
    )
    assert len(smtp_recorder.messages) == 1


def test_outbox_holds_a_complete_message(with_friends: Path, meetup_env: Path) -> None:
    assert run(with_friends, "invite", "priya", "--via", "outbox").exit_code == 0
    (path,) = (meetup_env / "data" / "outbox" / "new").iterdir()
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "Priya Raman <priya@example.org>" and message["From"] == "Alex <alex@example.org>"


def test_privacy_busy_titles_never_leak(meetup_env: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, calendar=SECRET_CALENDAR)
    run(config, "friend", "add", "Sam", "--email", "sam@example.net")
    outputs = []
    for args in (["--json"], ["--via", "outbox"], ["--via", "print"]):
        result = run(config, "invite", "sam", "--again", *args)
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    outputs += [
        p.read_text(errors="replace")
        for p in (meetup_env / "data").rglob("*")
        if p.is_file() and p.suffix != ".db"
    ]
    outputs.append(run(config, "ics", "1").stdout)
    outputs += [p.read_text() for p in (meetup_env / "data" / "ics").glob("*.ics")]
    import sqlite3

    conn = sqlite3.connect(meetup_env / "data" / "meetup.db")
    outputs += [
        str(row)
        for table in ("invites", "messages", "invite_options")
        for row in conn.execute(f"SELECT * FROM {table}")
    ]
    everything = "\n".join(outputs)
    for word in SECRET_WORDS:
        assert word not in everything, word


def test_ics_writes_holds_then_the_invitation_once_a_time_is_chosen(
    with_friends: Path, meetup_env: Path
) -> None:
    assert run(with_friends, "invite", "sam", "--via", "outbox").exit_code == 0
    paths = run(with_friends, "ics", "1").stdout.split()
    assert [Path(p).name for p in paths] == ["invite-1-holds.ics"]
    assert run(with_friends, "reply", "sam", "yes", "--option", "2").exit_code == 0
    paths = run(with_friends, "ics", "1").stdout.split()
    assert [Path(p).name for p in paths] == ["invite-1-holds.ics", "invite-1-request.ics"]
    request = Path(paths[1]).read_text()
    assert "METHOD:REQUEST" in request and "UID:meetup-1@example.org" in request
    assert "mailto:sam.lee@example.net" in request and "RSVP=TRUE" in request
    assert "STATUS:TENTATIVE" not in Path(paths[0]).read_text()  # no option is on offer any more


def test_ics_for_an_unknown_invite_is_one_line(with_friends: Path) -> None:
    result = run(with_friends, "ics", "42")
    assert result.exit_code == 2 and result.stderr == "meetup: error: no invite 42\n"


def test_identity_from_the_me_section(meetup_env: Path, tmp_path: Path) -> None:
    config = tmp_path / "me.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[me]\nname = "Robin"\nemail = "robin@example.org"\n'
    )
    assert run(config, "friend", "add", "Sam", "--email", "sam@example.net").exit_code == 0
    assert run(config, "invite", "sam", "--via", "outbox").exit_code == 0
    (path,) = (meetup_env / "data" / "outbox" / "new").iterdir()
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["From"] == "Robin <robin@example.org>"
    body = message.get_body(preferencelist=("plain",))
    assert (
        body is not None and body.get_content().rstrip().splitlines()[-1] == "Robin"
    )  # signed by the [me] name


def test_control_characters_never_reach_an_icalendar_property(meetup_env: Path, tmp_path: Path) -> None:
    import icalendar
    from ical.calendar_stream import IcsCalendarStream

    config = write_config(tmp_path)
    evil = "Eve\r\nATTENDEE:mailto:evil@example.org\r\nSUMMARY:pwned"
    assert run(config, "friend", "add", evil, "--email", "eve@example.org").exit_code == 0
    assert run(config, "invite", "eve", "--via", "outbox", "--note", "hi\nX-INJECTED:1").exit_code == 0
    assert run(config, "reply", "eve", "yes", "--option", "1").exit_code == 0
    paths = [Path(p) for p in run(config, "ics", "1").stdout.split()]
    assert [p.name for p in paths] == ["invite-1-holds.ics", "invite-1-request.ics"]
    for path in paths:
        text = path.read_text()
        assert "\nATTENDEE:mailto:evil" not in text and "\nSUMMARY:pwned" not in text
        assert "X-INJECTED" not in text
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):  # both parsers read every file
            assert not isinstance(event.get("ATTENDEE"), list)  # at most the one real attendee
            assert "\n" not in str(event["SUMMARY"]) and "\r" not in str(event["SUMMARY"])
        IcsCalendarStream.calendar_from_ics(text)
    request = icalendar.Calendar.from_ical(paths[1].read_text())
    (event,) = request.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:eve@example.org"
    assert "\n" not in str(event["SUMMARY"]) and "\r" not in str(event["ATTENDEE"].params.get("CN", ""))


def test_the_configured_delivery_is_the_default_and_via_still_wins(meetup_env: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, extra='via = "outbox"\n')  # as `meetup init` writes it
    assert run(config, "friend", "import", str(ROOT / "examples" / "friends.vcf")).exit_code == 0
    result = run(config, "invite", "priya")
    assert result.exit_code == 0, result.output
    outbox = meetup_env / "data" / "outbox" / "new"
    assert [p.name.split(".")[2] for p in outbox.iterdir()] == ["invite"]
    assert result.stdout == "invite 1 to Priya Raman sent (outbox)\n"
    printed = run(config, "invite", "sam", "--via", "print")
    assert printed.exit_code == 0
    assert re.match(r"To: Sam Lee <sam\.lee@example\.net>\nSubject: [^\n]+\n\n(Hi|Hey|Hello)", printed.stdout)
    assert len(list(outbox.iterdir())) == 1
