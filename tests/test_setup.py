"""``meetup init`` and ``meetup doctor``: from nothing to a checked setup without editing TOML,
against the real aiosmtpd (STARTTLS + AUTH) and dovecot servers; passwords only in the keyring."""

from __future__ import annotations

import json
import stat
import tomllib
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from meetup.app import App
from meetup.cli import main
from meetup.setup.doctor import Finding, run_doctor

ROOT = Path(__file__).resolve().parents[1]
CALENDAR = ROOT / "examples" / "calendar.ics"
NOW = "2026-11-23T09:00:00+01:00"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> None:
        raise RuntimeError("no keyring backend")

    monkeypatch.setattr("keyring.set_password", refuse)
    monkeypatch.setattr("keyring.get_password", refuse)


def _run(env: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        main, ["--config", str(env / "cfg" / "config.toml"), "--now", NOW, *args], input=input
    )


def _config(env: Path) -> Path:
    return env / "cfg" / "config.toml"


SCRIPTED = [
    "init",
    "--no-input",
    "--name",
    "Alex Weber",
    "--email",
    "alex@example.org",
    "--tz",
    "Europe/Berlin",
]


def test_scripted_init_writes_a_commented_private_config_and_says_what_next(meetup_env: Path) -> None:
    result = _run(meetup_env, *SCRIPTED, "--calendar", str(CALENDAR))
    assert result.exit_code == 0, result.output
    path = _config(meetup_env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    data = tomllib.loads(text)
    assert data["timezone"] == "Europe/Berlin"
    assert data["hours"] == "mon-fri 18:00-22:00; sat,sun 10:00-22:00"  # the default, offered
    assert data["me"] == {"name": "Alex Weber", "email": "alex@example.org"}
    assert data["calendars"] == {"calendar": {"source": str(CALENDAR)}}
    assert data["followup"] == {"via": "outbox"}
    assert sum(line.startswith("#") for line in text.splitlines()) >= 5
    lines = result.output.strip().splitlines()
    assert f"Wrote {path} (mode 0600). Next:" in lines
    assert lines[-1].strip() == "meetup invite sam --via outbox"
    # the written config is what the rest of meetup reads: from nothing to a first invite
    slots = _run(meetup_env, "slots", "--json")
    assert slots.exit_code == 0
    assert json.loads(slots.output)["windows"][0] == {  # the example calendar, on the clock written
        "start": "2026-11-23T18:30:00+01:00",
        "end": "2026-11-23T22:00:00+01:00",
    }
    assert _run(meetup_env, "friend", "add", "Sam Lee", "--email", "sam@example.net").exit_code == 0
    invite = _run(meetup_env, "invite", "sam", "--via", "outbox")
    assert invite.exit_code == 0, invite.output + invite.stderr
    (sent,) = (meetup_env / "data" / "outbox" / "new").iterdir()
    message = message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert (
        message["From"] == "Alex Weber <alex@example.org>"
        and message["To"].addresses[0].addr_spec == "sam@example.net"
    )


def test_init_never_overwrites_without_force(meetup_env: Path) -> None:
    assert _run(meetup_env, *SCRIPTED).exit_code == 0
    before = _config(meetup_env).read_text()
    again = _run(meetup_env, *SCRIPTED[:-2], "--tz", "America/New_York")
    assert again.exit_code == 1
    assert again.stderr.strip().splitlines() == [
        f"meetup: error: {_config(meetup_env)} already exists; run `meetup init --force` to replace it"
    ]
    assert _config(meetup_env).read_text() == before
    forced = _run(meetup_env, *SCRIPTED[:-2], "--tz", "America/New_York", "--force")
    assert forced.exit_code == 0
    assert tomllib.loads(_config(meetup_env).read_text())["timezone"] == "America/New_York"


def test_interactive_init_asks_reasks_a_bad_answer_and_offers_defaults(meetup_env: Path) -> None:
    answers = [
        "Alex Weber",
        "not-an-address",  # re-asked
        "alex@example.org",
        "Mars/Olympus",  # re-asked
        "Europe/Berlin",
        "",  # the offered default hours
        "/no/such/file.ics",  # reported, not added
        str(CALENDAR),
        "",  # done with calendars
        "",  # no CalDAV
        "n",  # no Google
        "",  # outbox
        "n",  # no IMAP
    ]
    result = _run(meetup_env, "init", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1:4] == [
        "Your email address: not-an-address",
        "Error: 'not-an-address' is not an email address",
        "Your email address: alex@example.org",
    ]
    assert lines[4:7] == [
        "Your time zone [Etc/UTC]: Mars/Olympus",
        "Error: unknown time zone 'Mars/Olympus' (use an IANA name like Europe/Berlin)",
        "Your time zone [Etc/UTC]: Europe/Berlin",
    ]
    assert lines[8:12] == [
        "Calendar file or feed URL (Enter when done): /no/such/file.ics",
        "  not added: calendar '/no/such/file.ics': no such file (give a path to an .ics file or an https:// URL)",
        f"Calendar file or feed URL (Enter when done): {CALENDAR}",
        "  calendar: read, 10 busy in the next 7 days",
    ]
    data = tomllib.loads(_config(meetup_env).read_text())
    assert data["timezone"] == "Europe/Berlin" and list(data["calendars"]) == ["calendar"]
    assert data["hours"] == "mon-fri 18:00-22:00; sat,sun 10:00-22:00"


def test_scripted_init_rejects_bad_values_and_writes_nothing(meetup_env: Path) -> None:
    bad_zone = _run(meetup_env, *SCRIPTED[:-2], "--tz", "Mars/Olympus")
    assert bad_zone.exit_code == 2 and bad_zone.stderr.splitlines()[-1] == (
        "Error: Invalid value: unknown time zone 'Mars/Olympus' (use an IANA name like Europe/Berlin)"
    )
    missing = _run(meetup_env, "init", "--no-input", "--email", "alex@example.org")
    assert missing.exit_code == 2 and missing.stderr.splitlines()[-1] == (
        "Error: Your name: needed (give its flag, or run without --no-input)"
    )
    no_file = _run(meetup_env, *SCRIPTED, "--calendar", "/no/such.ics")
    assert (no_file.exit_code, no_file.stderr) == (
        1,
        "meetup: error: calendar '/no/such.ics': no such file (give a path to an .ics file or an https:// URL)\n",
    )
    assert "Traceback" not in bad_zone.output + missing.output + no_file.output
    assert not _config(meetup_env).exists()


# --------------------------------------------------------------------------- mail servers


#: every answer but the password given as a flag: the password is typed at the hidden prompt
ANSWERED = [*SCRIPTED[:1], *SCRIPTED[2:], "--hours", "mon-sun 09:00-21:00", "--no-google"]


def _smtp_flags(server: Any) -> list[str]:
    return ["--send", "email", "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)]


def test_init_with_smtp_tries_the_login_and_keeps_the_password_in_the_keyring(
    meetup_env: Path,
    tls_smtp: Any,
    keyring_memory: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    USER, PASSWORD = tls_smtp.user, tls_smtp.password
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_smtp.cafile))
    flags = [*ANSWERED, *_smtp_flags(tls_smtp), "--smtp-security", "starttls"]
    flags += ["--smtp-user", USER, "--imap-host", "none"]
    result = _run(meetup_env, *flags, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    assert tls_smtp.logins == [USER] and tls_smtp.messages == []  # logged in, sent nothing
    assert keyring_memory == {("meetup-smtp", USER): PASSWORD}
    text = _config(meetup_env).read_text()
    assert PASSWORD not in text and "password =" not in text
    data = tomllib.loads(text)
    assert data["mail"] == {
        "smtp_host": "127.0.0.1",
        "smtp_port": tls_smtp.port,
        "security": "starttls",
        "username": USER,
    }
    assert data["followup"]["via"] == "email"
    assert result.output.splitlines()[1] == "  SMTP 127.0.0.1: login accepted (nothing sent)"
    assert result.output.endswith(
        'Next:\n  meetup doctor\n  meetup friend add "Sam Lee" --email sam@example.net\n  meetup invite sam --via email\n'
    )
    doctor = _run(meetup_env, "doctor")
    assert "ok    SMTP 127.0.0.1 reachable, login accepted (nothing sent)" in doctor.output.splitlines()
    assert tls_smtp.messages == [] and PASSWORD not in doctor.output


def test_init_refuses_a_wrong_smtp_password_and_writes_nothing(
    meetup_env: Path,
    tls_smtp: Any,
    keyring_memory: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    USER = tls_smtp.user
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_smtp.cafile))
    flags = [*ANSWERED, *_smtp_flags(tls_smtp), "--smtp-user", USER, "--smtp-security", "starttls"]
    result = _run(meetup_env, *flags, input="wrong\nstill wrong\nnope\n")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"meetup: error: SMTP 127.0.0.1:{tls_smtp.port} (starttls): login refused for {USER} (535)"
    ]
    assert result.stdout.count("login refused") == 2  # asked three times in all
    assert not _config(meetup_env).exists() and keyring_memory == {}


def test_without_a_keyring_the_password_comes_from_the_environment(
    meetup_env: Path, tls_smtp: Any, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_smtp.cafile))
    flags = [*ANSWERED, *_smtp_flags(tls_smtp), "--smtp-security", "starttls", "--smtp-user", tls_smtp.user]
    result = _run(meetup_env, *flags, "--imap-host", "none", input=tls_smtp.password + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    text = _config(meetup_env).read_text()
    assert tls_smtp.password not in text
    assert tomllib.loads(text)["mail"]["password_env"] == "MEETUP_SMTP_PASSWORD"
    assert result.output.split("Next:\n")[1].splitlines()[0] == (
        "  export MEETUP_SMTP_PASSWORD=...   # no OS keyring here: the password comes from the environment"
    )
    assert tls_smtp.logins == [tls_smtp.user] and tls_smtp.messages == []


def test_init_and_doctor_with_imap_on_dovecot(
    meetup_env: Path, dovecot_server: Any, keyring_memory: dict[tuple[str, str], str]
) -> None:
    flags = [*ANSWERED, "--imap-host", "127.0.0.1", "--imap-port", str(dovecot_server.port)]
    flags += ["--send", "outbox", "--imap-security", "plain", "--imap-user", dovecot_server.username]
    result = _run(meetup_env, *flags, input=dovecot_server.password + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    assert keyring_memory == {("meetup-imap", dovecot_server.username): dovecot_server.password}
    assert tomllib.loads(_config(meetup_env).read_text())["inbox"]["imap_host"] == "127.0.0.1"
    assert result.output.rstrip().endswith(
        "meetup cron --install   # read answers and send nudges every 15 minutes"
    )
    doctor = _run(meetup_env, "doctor")
    assert "ok    IMAP 127.0.0.1 reachable, login accepted, INBOX readable" in doctor.output.splitlines()
    keyring_memory[("meetup-imap", dovecot_server.username)] = "wrong"
    doctor = _run(meetup_env, "doctor")
    assert doctor.exit_code == 1
    expected = f"FAIL  IMAP {dovecot_server.username}@127.0.0.1:{dovecot_server.port}/INBOX: login refused"
    assert expected in doctor.output


# --------------------------------------------------------------------------- doctor


def test_doctor_without_a_config_says_run_init(meetup_env: Path) -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"FAIL  no config file at {meetup_env / 'config' / 'config.toml'}: run `meetup init`"
    )


def test_doctor_names_each_problem_on_one_line(meetup_env: Path) -> None:
    config = _config(meetup_env)
    config.parent.mkdir()
    config.write_text(
        'timezone = "Europe/Berlin"\n'
        f'[calendars.home]\nsource = "{CALENDAR}"\n'
        '[calendars.gone]\nsource = "/no/such/calendar.ics"\n'
        '[followup]\nvia = "email"\n[mail]\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\nsecurity = "plain"\n'
    )
    config.chmod(0o644)
    data = meetup_env / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    result = _run(meetup_env, "doctor")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"FAIL  {config} can be read by others (mode 0644): run `chmod 600 {config}`" in lines
    assert f"FAIL  {data} can be read by others (mode 0755): run `chmod 700 {data}`" in lines
    assert "ok    calendar 'home' [ics] readable (2 busy in the next day)" in lines
    assert [line for line in lines if "'gone'" in line] == [
        "FAIL  calendar 'gone': calendar file not found: /no/such/calendar.ics"
    ]
    assert "FAIL  SMTP 127.0.0.1:1 (plain): cannot connect: connection refused" in lines
    assert "Traceback" not in result.output


def test_doctor_finds_the_cron_line_and_a_stale_one(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(meetup_env)
    config.parent.mkdir()
    config.write_text('timezone = "UTC"\n')
    config.chmod(0o600)
    app = App(config_path=config, now_text=NOW)

    def last(crontab: str | None) -> Finding:
        return list(run_doctor(app, crontab=lambda: crontab, systemd_dir=tmp_path / "none"))[-1]

    assert last(None) == Finding(
        "warn", "no cron line: nudges wait until you run `meetup followup`; `meetup cron --install` adds it"
    )
    program = tmp_path / "meetup"
    program.write_text("#!/bin/sh\n")
    line = f"*/15 * * * * {program} inbox && {program} followup  # meetup\n"
    assert last("MAILTO=me\n" + line) == Finding("ok", "cron line installed")
    program.unlink()
    assert last(line) == Finding(
        "fail", f"the cron line runs {program}, which no longer exists: run `meetup cron --install`"
    )
    timer = tmp_path / "systemd" / "meetup.timer"
    timer.parent.mkdir()
    timer.write_text("[Timer]\n")
    found = list(run_doctor(app, crontab=lambda: None, systemd_dir=timer.parent))[-1]
    assert found == Finding("ok", f"systemd timer {timer} installed")


def test_google_is_added_for_meetup_auth_google_to_sign_in(meetup_env: Path) -> None:
    result = _run(meetup_env, *SCRIPTED, "--google")
    assert result.exit_code == 0, result.output + result.stderr
    text = _config(meetup_env).read_text()
    assert tomllib.loads(text)["calendars"] == {"google": {"provider": "google", "account": "default"}}
    assert "# sign in once with: meetup auth google --client-secret CLIENT_SECRET.json" in text
    steps = result.output.split("Next:")[1].split("\n")
    assert (
        steps[1].strip().startswith("meetup auth google --client-secret")
        and steps[2].strip() == "meetup doctor"
    )
