"""``meetup invite --via email`` against a real aiosmtpd server with STARTTLS (a self-signed
certificate made here with ``cryptography``) and AUTH: the happy path, a refused login that leaves
the invite recorded as unsent, and ``--resend`` delivering exactly one copy afterwards."""

from __future__ import annotations

import sqlite3
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

NOW = "2026-11-23T09:00:00+01:00"
ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "alex", "correct horse battery staple"  # the tls_smtp fixture's account (conftest_mail)


def _config(tmp_path: Path, port: int) -> Path:
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "starttls"\n'
        f'username = "{USER}"\npassword_env = "TEST_SMTP_PASSWORD"\n'
    )
    return config


def _run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args])


def test_starttls_and_auth_deliver_a_clean_message(
    meetup_env: Path, tmp_path: Path, tls_smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_smtp.cafile))  # trust the fixture's own certificate
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    config = _config(tmp_path, tls_smtp.port)
    assert (
        _run(
            config, "friend", "add", "Sam Lee", "--email", "sam@example.net", "--tz", "Europe/London"
        ).exit_code
        == 0
    )
    result = _run(config, "invite", "sam", "--via", "email", "--note", "New place\r\nSubject: spam")
    assert result.exit_code == 0, result.stderr
    assert tls_smtp.logins == [USER] and len(tls_smtp.messages) == 1
    message = message_from_bytes(tls_smtp.messages[0], policy=policy.default)
    assert message["To"] == "sam@example.net" and message["From"] == "Alex <alex@example.org>"
    assert message["Message-ID"].startswith("<meetup.1.invite.1.")
    assert len(message.get_all("Subject") or []) == 1
    for name, value in message.items():
        assert "\r" not in value and "\n" not in value, name
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "Europe/London" in body.get_content()
    # no iMIP before a time is chosen: the friend's first mail carries only text
    assert not [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert PASSWORD not in result.output + result.stderr


def test_refused_login_keeps_the_invite_then_resend_delivers_once(
    meetup_env: Path, tmp_path: Path, tls_smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_smtp.cafile))
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong password")
    config = _config(tmp_path, tls_smtp.port)
    _run(config, "friend", "add", "Sam", "--email", "sam@example.net")
    failed = _run(config, "invite", "sam", "--via", "email")
    assert failed.exit_code == 1 and "Traceback" not in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    assert "invite 1 to Sam is recorded but not sent" in failed.stderr
    assert "wrong password" not in failed.output + failed.stderr
    assert tls_smtp.messages == []
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    state, error, raw = db.execute("SELECT state, last_error, raw FROM messages").fetchone()
    assert state == "failed" and error
    message_id = message_from_bytes(raw)["Message-ID"]
    db.close()

    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    assert _run(config, "invite", "--resend", "1").exit_code == 0
    assert _run(config, "invite", "--resend", "1").exit_code != 0  # already sent: nothing to do
    assert len(tls_smtp.messages) == 1
    assert message_from_bytes(tls_smtp.messages[0])["Message-ID"] == message_id  # the same message
    assert b"wrong password" not in (meetup_env / "data" / "meetup.db").read_bytes()


def test_missing_password_is_one_clear_line(
    meetup_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    monkeypatch.setattr("keyring.get_password", lambda *_: None)
    config = _config(tmp_path, 1)
    _run(config, "friend", "add", "Sam", "--email", "sam@example.net")
    result = _run(config, "invite", "sam", "--via", "email")
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert "TEST_SMTP_PASSWORD" in result.stderr
