"""``meetup invite --via email`` against a real aiosmtpd server with STARTTLS (a self-signed
certificate made here with ``cryptography``) and AUTH: the happy path, a refused login that leaves
the invite recorded as unsent, and ``--resend`` delivering exactly one copy afterwards."""

from __future__ import annotations

import re
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
    assert message["To"] == "Sam Lee <sam@example.net>" and message["From"] == "Alex <alex@example.org>"
    assert message["Message-ID"].startswith("<meetup.1.invite.1.")
    assert len(message.get_all("Subject") or []) == 1
    for name, value in message.items():
        assert "\r" not in value and "\n" not in value, name
    body = message.get_body(preferencelist=("plain",))
    assert body is not None  # in person: the place's clock, named in the zone line under the options
    assert re.search(r"^\([^()]*Berlin time\)\r?$", body.get_content(), re.MULTILINE)
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
    assert failed.stderr == (  # the server's own answer, in words: no class names, no byte strings
        "meetup: error: invite 1 to Sam is recorded but not sent (the server refused the login: 535 5.7.8 "
        "Authentication credentials invalid); send it later with `meetup invite --resend 1`\n"
    )
    assert "wrong password" not in failed.output + failed.stderr
    assert tls_smtp.messages == []
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    state, error, raw = db.execute("SELECT state, last_error, raw FROM messages").fetchone()
    assert (state, error) == (
        "failed",
        "the server refused the login: 535 5.7.8 Authentication credentials invalid",
    )
    message_id = message_from_bytes(raw)["Message-ID"]
    db.close()

    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    assert _run(config, "invite", "--resend", "1").exit_code == 0
    assert _run(config, "invite", "--resend", "1").exit_code == 2  # already sent: nothing to do
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


@pytest.fixture
def stalled_smtp() -> Any:
    """A loopback port that accepts connections and never says a word (no SMTP greeting)."""
    import contextlib
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)  # kept open, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], held
    stop.set()
    with contextlib.suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
    listener.close()
    for connection in held:
        connection.close()
    thread.join(5)


def test_a_stalled_server_times_out_keeps_the_invite_and_resend_sends_the_same_message(
    meetup_env: Path, tmp_path: Path, stalled_smtp: Any, smtp_recorder: Any
) -> None:
    port, held = stalled_smtp
    stalled = tmp_path / "stalled.toml"
    stalled.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "plain"\ntimeout = 1\n'
    )
    assert _run(stalled, "friend", "add", "Sam", "--email", "sam@example.net").exit_code == 0
    failed = _run(stalled, "invite", "sam", "--via", "email")
    assert failed.exit_code == 1 and "Traceback" not in failed.stderr
    assert len(held) == 1, "meetup reached the stalled server"
    [line] = failed.stderr.strip().splitlines()
    assert line == (
        "meetup: error: invite 1 to Sam is recorded but not sent (Connection unexpectedly closed: timed out); "
        "send it later with `meetup invite --resend 1`"
    )
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    invite_state, offered = db.execute(
        "SELECT i.state, (SELECT COUNT(*) FROM invite_options o WHERE o.invite_id = i.id) FROM invites i"
    ).fetchone()
    state, stored = db.execute("SELECT state, raw FROM messages WHERE kind = 'invite'").fetchone()
    db.close()
    assert (invite_state, offered, state) == ("unsent", 3, "failed")

    working = tmp_path / "working.toml"
    working.write_text(
        stalled.read_text().replace(f"smtp_port = {port}", f"smtp_port = {smtp_recorder.port}")
    )
    resent = _run(working, "invite", "--resend", "1")
    assert resent.exit_code == 0, resent.stderr
    assert _run(working, "invite", "--resend", "1").exit_code == 2  # sent now: nothing to resend
    [delivered] = smtp_recorder.messages
    raw = stored if isinstance(stored, bytes) else stored.encode()
    assert message_from_bytes(delivered)["Message-ID"] == message_from_bytes(raw)["Message-ID"]

    def text(raw: bytes) -> str:
        body = message_from_bytes(raw, policy=policy.default).get_body(preferencelist=("plain",))
        assert body is not None
        return str(body.get_content())

    assert text(delivered) == text(raw) and text(delivered).startswith(("Hi Sam", "Hey Sam", "Hello Sam"))
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    assert db.execute("SELECT state FROM invites").fetchone() == ("open",)
    db.close()
