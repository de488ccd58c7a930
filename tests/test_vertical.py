"""The whole path with real servers: `meetup invite` over SMTP (aiosmtpd), the friend's reply put
into a real IMAP mailbox (dovecot, IMAP APPEND), `meetup inbox` confirms with an iMIP
invitation, and `meetup followup` then leaves the answered invite alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.server
def test_invite_reply_by_imap_confirm(
    tmp_path: Path, dovecot_server: Any, imap_mailbox: str, smtp_recorder: Any
) -> None:
    (tmp_path / "config.toml").write_text(
        f"""
timezone = "Europe/Berlin"
hours = "mon-sun 09:00-21:00"
[mail]
from = "sam@example.org"
name = "Sam"
smtp_host = "127.0.0.1"
smtp_port = {smtp_recorder.port}
security = "plain"
[followup]
via = "email"
[inbox]
imap_host = "127.0.0.1"
imap_port = {dovecot_server.port}
security = "plain"
username = "{dovecot_server.username}"
password_env = "TEST_IMAP_PASSWORD"
mailbox = "{imap_mailbox}"
"""
    )
    env = {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": T0.isoformat(),
        "TEST_IMAP_PASSWORD": dovecot_server.password,
    }

    def run(*args: str, now: datetime = T0) -> Any:
        result = CliRunner().invoke(main, list(args), env={**env, "MEETUP_NOW": now.isoformat()})
        assert result.exit_code == 0, result.output
        return result

    run("friend", "add", "Ana Lima", "--email", "ana@example.org", "--tz", "America/Sao_Paulo")
    invite = json.loads(run("invite", "ana", "--activity", "drinks", "--via", "email", "--json").output)
    assert len(smtp_recorder.messages) == 1
    sent = message_from_bytes(smtp_recorder.messages[0], policy=policy.default)
    chosen = invite["options"][1]

    reply = (
        f"From: Ana Lima <ana@example.org>\r\nTo: sam@example.org\r\nSubject: Re: {sent['Subject']}\r\n"
        f"Message-ID: <ana-reply-1@mail.example.org>\r\nIn-Reply-To: {sent['Message-ID']}\r\n"
        f"References: {sent['Message-ID']}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "2 works for me, see you there!\r\n\r\nAna\r\n\r\n"
        "On Mon, Nov 23, 2026 at 10:00 AM Sam <sam@example.org> wrote:\r\n> 1. ...\r\n> 3. ...\r\n"
    ).encode()
    dovecot_server.append(imap_mailbox, reply)

    later = T0 + timedelta(hours=3)
    result = run("inbox", now=later)
    assert f"invite {invite['invite']}: yes -> confirmed" in result.output
    assert len(smtp_recorder.messages) == 2
    confirmation = message_from_bytes(smtp_recorder.messages[1], policy=policy.default)
    assert confirmation["To"] == "Ana Lima <ana@example.org>"
    assert confirmation["In-Reply-To"] == sent["Message-ID"]
    (part,) = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    import icalendar

    event = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.fromisoformat(chosen["start"])

    # answered: no nudge ever, and a re-read of the mailbox changes nothing
    assert (
        run("followup", now=T0 + timedelta(days=3)).output
        == "sent 0, already sent before a crash 0, failed 0\n"
    )
    assert run("inbox", now=T0 + timedelta(days=3)).output == "0 answers acted on, 0 need you, 0 mails sent\n"
    assert len(smtp_recorder.messages) == 2
    assert run("status", now=T0 + timedelta(days=3)).output == "No open invites.\n"


def test_invites_from_meetup_invite_get_nudged_and_given_up(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n[mail]\nfrom = "sam@example.org"\n'
        '[followup]\nvia = "outbox"\nnudge_after_days = [1, 2]\n'
    )
    env = {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
    }

    def run(now: datetime, *args: str) -> Any:
        result = CliRunner().invoke(main, list(args), env={**env, "MEETUP_NOW": now.isoformat()})
        assert result.exit_code == 0, result.output
        return result

    run(T0, "friend", "add", "Ana", "--email", "ana@example.org")
    run(T0, "friend", "add", "Ben", "--email", "ben@example.org")
    run(T0, "invite", "ana", "--via", "outbox")
    run(T0, "invite", "ben", "--via", "outbox", "--activity", "lunch")
    outbox = tmp_path / "data" / "outbox" / "new"
    invites = {message_from_bytes(p.read_bytes())["To"]: p for p in outbox.iterdir()}
    assert set(invites) == {"Ana <ana@example.org>", "Ben <ben@example.org>"}

    first = run(T0 + timedelta(days=1, hours=1), "followup")
    assert first.output == (
        "invite 1 (Ana): nudge 1 queued\ninvite 2 (Ben): nudge 1 queued\nsent 2, already sent before a crash 0, failed 0\n"
    )
    nudges = [message_from_bytes(p.read_bytes()) for p in outbox.iterdir() if p not in invites.values()]
    threads = {str(m["To"]): str(m["In-Reply-To"]) for m in nudges}
    for to, path in invites.items():
        assert threads[to] == str(message_from_bytes(path.read_bytes())["Message-ID"])
    run(T0 + timedelta(days=3, hours=2), "followup")
    done = run(T0 + timedelta(days=5, hours=3), "followup")
    assert done.output.count("gave up") == 2
    assert len(list(outbox.iterdir())) == 6
