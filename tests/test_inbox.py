"""``meetup inbox`` / ``meetup reply`` / ``meetup status`` end to end: a real dovecot holds the
replies (put there with IMAP APPEND), a real aiosmtpd receives what meetup sends."""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # invites sent; options Tue 24 18:00 and Wed 25 18:00 Berlin
NOW = T0 + timedelta(hours=5)


def _config(tmp_path: Path, smtp_port: int, inbox: str, calendar: str = "") -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        f"""
timezone = "Europe/Berlin"
hours = "mon-sun 09:00-21:00"
[mail]
from = "sam@example.org"
name = "Sam"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
security = "plain"
[followup]
via = "email"
{inbox}
{calendar}
"""
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": NOW.isoformat(),
    }


def _imap_section(server: Any, mailbox: str) -> str:
    return f"""
[inbox]
imap_host = "127.0.0.1"
imap_port = {server.port}
security = "plain"
username = "{server.username}"
password_env = "TEST_IMAP_PASSWORD"
mailbox = "{mailbox}"
"""


def _reply(n: int, text: str, *, msgid: str, sender: str | None = None) -> bytes:
    return (
        f"From: Friend{n} <{sender or f'friend{n}@example.org'}>\r\nTo: sam@example.org\r\n"
        f"Subject: Re: Coffee?\r\nMessage-ID: {msgid}\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
        f"References: <meetup.{n}.invite.1.x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{text}\r\n\r\nOn Mon, Nov 23, 2026 at 10:00 AM Sam <sam@example.org> wrote:\r\n> 1. Tue 18:00\r\n"
    ).encode()


def _run(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.mark.server
def test_reply_by_imap_confirms_and_sends_imip(
    tmp_path: Path, seeded: Any, dovecot_server: Any, imap_mailbox: str, smtp_recorder: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    seeded.seed(tmp_path / "data" / "meetup.db", 4, sent_at=T0)
    env = _config(tmp_path, smtp_recorder.port, _imap_section(dovecot_server, imap_mailbox))
    dovecot_server.append(
        imap_mailbox, _reply(1, "Wednesday works, see you there!", msgid="<r1@example.org>")
    )
    dovecot_server.append(
        imap_mailbox, _reply(2, "Sorry, can't make it this time.", msgid="<r2@example.org>")
    )
    dovecot_server.append(
        imap_mailbox, _reply(3, "Tuesday or Wednesday, both fine", msgid="<r3@example.org>")
    )
    dovecot_server.append(
        imap_mailbox, _reply(4, "2", msgid="<r4@example.org>", sender="stranger@example.net")
    )

    result = _run(env, "inbox")
    assert result.exit_code == 0, result.output
    event_file = tmp_path / "data" / "outbox-ics" / "meetup-1.ics"
    assert result.output.splitlines() == [
        f"invite 1: yes -> confirmed {event_file}",
        "invite 2: no -> thanked",
        "needs you: <r3@example.org>: mentions several options (1 and 2)",
        "needs you: <r4@example.org>: answers invite 4 but comes from stranger@example.net, not friend4@example.org",
        "2 answers acted on, 2 need you, 2 mails sent",
    ]
    # every reply was read, and every one is still unread in the user's mail client
    flags = dovecot_server.flags(imap_mailbox)
    assert len(flags) == 4 and not any("\\Seen" in f for f in flags), flags

    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    states = dict(conn.execute("SELECT id, state FROM invites"))
    assert states == {1: "accepted", 2: "declined", 3: "open", 4: "open"}
    assert dict(conn.execute("SELECT position, state FROM invite_options WHERE invite_id = 1")) == {
        1: "released",
        2: "chosen",
    }
    # the confirmation to friend1 carries an iMIP REQUEST for Wed 25 Nov 18:00 Berlin
    by_rcpt = {
        rcpt[0]: raw for raw, (_, rcpt) in zip(smtp_recorder.messages, smtp_recorder.envelopes, strict=True)
    }
    confirmation = message_from_bytes(by_rcpt["friend1@example.org"], policy=policy.default)
    assert confirmation["In-Reply-To"] == "<meetup.1.invite.1.x@example.org>"
    calendars = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
    assert calendars and calendars[0].get_param("method") == "REQUEST"
    import icalendar

    event = icalendar.Calendar.from_ical(calendars[0].get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert "RSVP=TRUE" in event.to_ical().decode().replace("\r\n ", "")
    thanks = message_from_bytes(by_rcpt["friend2@example.org"], policy=policy.default)
    thanks_body = thanks.get_body(("plain",))
    assert thanks_body is not None
    thanks_lines = thanks_body.get_content().splitlines()
    assert (
        re.fullmatch(r"(Hi|Hey|Hello|Hey there) Friend2[,!]", thanks_lines[0]) and thanks_lines[-1] == "Sam"
    )
    assert not re.search(r"^\d\. ", thanks_body.get_content(), re.MULTILINE)  # a thank-you offers no times
    assert [p for p in thanks.walk() if p.get_content_type() == "text/calendar"] == []
    # no event-writing calendar configured: the event went to the outbox as an .ics file
    assert list((tmp_path / "data" / "outbox-ics").glob("*.ics")) == [event_file]

    status = _run(env, "status")
    waiting = (
        "invite 3 Friend3: open; offered 1. Tue 24 Nov 18:00; next: nudge 1 at Wed 25 Nov 10:00\n"
        "invite 4 Friend4: open; offered 1. Tue 24 Nov 18:00; next: nudge 1 at Wed 25 Nov 10:00\n"
        "Answers that need you:\n"
        "  invite 3 from friend3@example.org: mentions several options (1 and 2) [<r3@example.org>]: "
        '"Tuesday or Wednesday, both fine On Mon, Nov 23, 2026 at 10:00 AM Sam <sam@exampl"\n'
    )
    stranger = (
        "  invite 4 from stranger@example.net: answers invite 4 but comes from stranger@example.net, not "
        'friend4@example.org [<r4@example.org>]: "2 On Mon, Nov 23, 2026 at 10:00 AM Sam <sam@example.org> '
        'wrote: > 1. Tue 18:00"\n'
    )
    how = "  (settle one with `meetup reply FRIEND ...` or `meetup status --dismiss MESSAGE-ID`)\n"
    assert status.output == waiting + stranger + how
    dismissed = _run(env, "status", "--dismiss", "<r4@example.org>")
    assert dismissed.output == waiting + how
    unknown = CliRunner().invoke(main, ["status", "--dismiss", "<nope@x>"], env=env)
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "meetup: error: --dismiss <nope@x>: no answer waiting for you has that Message-ID\n",
    )

    # a second run reads nothing twice and sends nothing new
    again = _run(env, "inbox")
    assert again.output == "0 answers acted on, 0 need you, 0 mails sent\n"
    assert len(smtp_recorder.messages) == 2

    # the friend's calendar accepting the invitation is expected and needs nobody
    accept = (
        b"From: friend1@example.org\r\nSubject: Accepted: Coffee\r\nMessage-ID: <acc1@example.org>\r\n"
        b"Content-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
        b"BEGIN:VEVENT\r\nUID:meetup-1@example.org\r\nDTSTAMP:20261123T150000Z\r\n"
        b"ATTENDEE;PARTSTAT=ACCEPTED:mailto:friend1@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    dovecot_server.append(imap_mailbox, accept)
    assert _run(env, "inbox").output == "0 answers acted on, 0 need you, 0 mails sent\n"

    # answering by hand settles the unclear mail about invite 3
    assert _run(env, "reply", "friend3", "yes", "--option", "1").exit_code == 0
    # invite 4's only option was Tue 18:00, which invite 3 now has: released, fresh times with the nudge
    assert (
        _run(env, "status").output
        == "invite 4 Friend4: open; offered none; next: nudge 1 at Wed 25 Nov 10:00\n"
    )


def test_imip_decline_and_later_from_a_maildir(tmp_path: Path, seeded: Any, smtp_recorder: Any) -> None:
    import mailbox

    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    decline = (
        b"From: friend1@example.org\r\nSubject: Declined: Coffee\r\nMessage-ID: <d1@example.org>\r\n"
        b"In-Reply-To: <meetup.1.invite.1.x@example.org>\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n"
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:meetup-1@example.org\r\n"
        b"DTSTAMP:20261123T150000Z\r\nATTENDEE;PARTSTAT=DECLINED:mailto:friend1@example.org\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    box.add(decline)
    box.add(_reply(2, "busy this month, ask me later", msgid="<l2@example.org>"))
    seeded.seed(tmp_path / "data" / "meetup.db", 2, sent_at=T0)
    env = _config(tmp_path, smtp_recorder.port, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"')
    result = _run(env, "inbox")
    assert result.output == (
        "invite 1: no -> thanked\ninvite 2: later -> later\n2 answers acted on, 0 need you, 2 mails sent\n"
    )
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert dict(conn.execute("SELECT invite_id, outcome FROM answers")) == {1: "thanked", 2: "later"}


def _busy_calendar(path: Path, start: str, end: str) -> str:
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:busy-1\r\n"
        f"DTSTAMP:20261120T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:Therapy\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    return f'[calendars.home]\nprovider = "ics"\nsource = "{path}"\n'


def test_reply_by_hand_yes_when_slot_was_taken_sends_fresh_options(
    tmp_path: Path, seeded: Any, smtp_recorder: Any
) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=T0)
    calendar = _busy_calendar(tmp_path / "me.ics", "20261125T163000Z", "20261125T173000Z")
    env = _config(tmp_path, smtp_recorder.port, "", calendar)
    result = _run(env, "reply", "friend1", "yes", "--option", "2")
    assert result.exit_code == 0, result.output
    assert (
        result.output == "invite 1: Wed 25 Nov, 18:00-19:00 is no longer free; fresh options sent instead\n"
    )
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "open"
    offered = [
        r[0]
        for r in conn.execute("SELECT position FROM invite_options WHERE invite_id = 1 AND state = 'offered'")
    ]
    assert sorted(offered) == [1, 3, 4]
    body = (
        message_from_bytes(smtp_recorder.messages[0], policy=policy.default)
        .get_body(("plain",))
        .get_content()
    )
    paragraphs = body.replace("\r\n", "\n").split("\n\n")
    assert "Wed 25 Nov, 18:00-19:00" in paragraphs[1] and "Therapy" not in body
    assert re.findall(r"^(\d)\. ", body, re.MULTILINE) == ["1", "3", "4"]  # what stands, then the new ones


def test_reply_by_hand_yes_at_and_errors(tmp_path: Path, seeded: Any, smtp_recorder: Any) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 2, sent_at=T0)
    calendar = _busy_calendar(tmp_path / "me.ics", "20261201T100000Z", "20261201T110000Z")
    env = _config(tmp_path, smtp_recorder.port, "", calendar)
    missing = _run(env, "reply", "friend1", "yes")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "meetup: error: which option? give --option N or --at WHEN (1: Tue 24 Nov 18:00, 2: Wed 25 Nov 18:00)\n",
    )
    wrong = _run(env, "reply", "friend1", "yes", "--option", "7")
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "meetup: error: --option 7 is not offered (1: Tue 24 Nov 18:00, 2: Wed 25 Nov 18:00)\n",
    )
    ambiguous = _run(env, "reply", "friend", "no")
    assert (ambiguous.exit_code, ambiguous.stderr) == (
        2,
        "meetup: error: 'friend' is ambiguous: Friend1, Friend2\n",
    )
    ok = _run(env, "reply", "FRIEND1", "yes", "--at", "2026-11-24T18:00")
    assert (ok.exit_code, ok.output) == (
        0,
        f"invite 1: confirmed; event written to {tmp_path / 'data' / 'outbox-ics' / 'meetup-1.ics'}; "
        "invitation queued\n",
    )
    closed = _run(env, "reply", "friend1", "no")
    assert (closed.exit_code, closed.stderr) == (2, "meetup: error: Friend1 has no open invite\n")
    followup = _run(env, "followup", "--dry-run")
    assert followup.output == "Nothing is due.\n"  # invite 2 is not due yet, invite 1 is settled


def test_cron_prints_the_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["cron", "--every", "10"])
    assert result.exit_code == 0
    meetup = f"{sys.executable} -m meetup"
    assert result.output == f"*/10 * * * * {meetup} inbox && {meetup} followup  # meetup\n"
    systemd = CliRunner().invoke(main, ["cron", "--systemd"])
    assert f"ExecStart=/bin/sh -c '{meetup} inbox && {meetup} followup'\n" in systemd.output
    assert "[Timer]\nOnCalendar=*:0/15\nPersistent=true\n" in systemd.output


def test_overlapping_inbox_runs_act_on_each_reply_once(tmp_path: Path, seeded: Any) -> None:
    import mailbox
    import os
    import subprocess
    import sys

    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    for n in range(1, 21):
        text = "Wednesday works!" if n % 2 else "Sorry, can't make it."
        box.add(_reply(n, text, msgid=f"<c{n}@example.org>"))
    seeded.seed(tmp_path / "data" / "meetup.db", 20, sent_at=T0)
    env = dict(os.environ)
    env.update(_config(tmp_path, 1, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"'))
    (tmp_path / "config.toml").write_text(
        (tmp_path / "config.toml").read_text().replace('via = "email"', 'via = "outbox"')
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "meetup", "inbox"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    sent = [message_from_bytes(p.read_bytes()) for p in (tmp_path / "data" / "outbox" / "new").iterdir()]
    assert sorted(str(m["To"]) for m in sent) == sorted(
        f"Friend{n} <friend{n}@example.org>" for n in range(1, 21)
    )
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 20
    assert conn.execute("SELECT COUNT(*) FROM inbox_messages").fetchone()[0] == 20


def test_cron_install_replaces_its_own_line_only(tmp_path: Path) -> None:
    import os

    store = tmp_path / "crontab.txt"
    store.write_text("0 3 * * * backup.sh\n*/5 * * * * old meetup line  # meetup\n")
    fake = tmp_path / "bin" / "crontab"
    fake.parent.mkdir()
    # a stand-in for cron's crontab(1): -l prints the table, - replaces it from stdin
    fake.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then cat {store}; else cat > {store}; fi\n')
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    result = CliRunner().invoke(main, ["cron", "--install", "--every", "20"], env=env)
    assert result.exit_code == 0, result.output
    lines = store.read_text().splitlines()
    assert lines[0] == "0 3 * * * backup.sh"
    assert len(lines) == 2 and lines[1].startswith("*/20 * * * * ") and lines[1].endswith("# meetup")


def test_cron_systemd_install_writes_units(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["cron", "--systemd", "--install"], env={"HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    unit_dir = tmp_path / ".config" / "systemd" / "user"
    meetup = f"{sys.executable} -m meetup"
    assert (
        f"ExecStart=/bin/sh -c '{meetup} inbox && {meetup} followup'\n"
        in (unit_dir / "meetup.service").read_text()
    )
    assert "[Timer]\nOnCalendar=*:0/15\nPersistent=true\n" in (unit_dir / "meetup.timer").read_text()
