"""Secure by default on disk and on screen: the data and cache dirs are 0700 and every file meetup
writes (meetup.db and its WAL, outbox mails, .ics files) is 0600, also when an older meetup left
them world-readable; URLs are shown without their secrets; control and escape characters from mail
and names never reach the terminal; ``meetup cron`` keeps the environment the commands need."""

from __future__ import annotations

import mailbox
import os
import stat
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T09:00:00+01:00"


def _config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n' + extra
    )
    return config


def _run(config: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args], env=env)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _check_private(root: Path) -> list[str]:
    problems = []
    for path in [root, *root.rglob("*")]:
        wanted = 0o700 if path.is_dir() else 0o600
        if _mode(path) & 0o077:
            problems.append(f"{path}: {oct(_mode(path))}, want {oct(wanted)}")
    return problems


def test_everything_meetup_writes_is_private(meetup_env: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)  # a typical user's umask: files would be 0644
    try:
        config = _config(tmp_path)
        assert (
            _run(config, "friend", "add", "Sam", "--email", "sam@example.org", "--note", "secret").exit_code
            == 0
        )
        assert _run(config, "invite", "sam", "--via", "outbox").exit_code == 0
        assert _run(config, "ics", "1").exit_code == 0
        assert _run(config, "slots").exit_code == 0
    finally:
        os.umask(old)
    data = meetup_env / "data"
    assert (data / "meetup.db").exists()
    assert [p.name.split(".")[1:3] for p in (data / "outbox" / "new").iterdir()] == [["1", "invite"]]
    assert [p.name for p in (data / "ics").glob("*.ics")] == ["invite-1-holds.ics"]
    assert _check_private(data) == []
    if (meetup_env / "cache").exists():
        assert _check_private(meetup_env / "cache") == []


def test_an_old_world_readable_data_dir_is_made_private(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.org").exit_code == 0
    data = meetup_env / "data"
    data.chmod(0o755)
    (data / "meetup.db").chmod(0o644)
    cache = meetup_env / "cache"
    cache.mkdir(exist_ok=True)
    cache.chmod(0o755)
    assert _run(config, "friend", "list").exit_code == 0
    assert _mode(data) == 0o700 and _mode(data / "meetup.db") == 0o600
    assert _run(config, "slots").exit_code == 0
    assert _mode(cache) == 0o700


def test_config_shows_urls_without_secrets(meetup_env: Path, tmp_path: Path) -> None:
    config = tmp_path / "meetup.toml"
    config.write_text(
        '[calendars.work]\nsource = "https://alex:hunter2@cal.example.org/feed.ics?token=s3cr3t&view=week"\n'
        '[calendars.team]\nprovider = "ics"\nsource = "webcal://cal.example.org/x.ics?key=abcdef"\n'
    )
    result = CliRunner().invoke(main, ["--config", str(config), "config"])
    assert result.exit_code == 0, result.output
    for secret in ("hunter2", "s3cr3t", "abcdef", "alex:"):
        assert secret not in result.output
    assert result.output.splitlines()[-2:] == [  # user, password and tokens masked; the rest kept
        "calendar:     work  [ics]  source=https://***@cal.example.org/feed.ics?token=***&view=week",
        "calendar:     team  [ics]  source=webcal://cal.example.org/x.ics?key=***",
    ]


def test_escape_sequences_never_reach_the_terminal(meetup_env: Path, tmp_path: Path, seeded: Any) -> None:
    evil = "Ana \x1b]0;pwned\x07\x1b[2J\x1b[31mRed\x9b1m\u202egnp.exe"
    data = meetup_env / "data"
    seeded.seed(data / "meetup.db", 1)
    import sqlite3

    conn = sqlite3.connect(data / "meetup.db")
    conn.execute("UPDATE friends SET name = ? WHERE id = 1", (evil,))
    conn.commit()
    conn.close()
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    box.add(
        "From: Mallory\x1b[5m <mallory@example.net>\r\nSubject: \x1b]8;;http://evil\x07hi\r\n"
        "Message-ID: <m1@example.net>\r\nIn-Reply-To: <meetup.1.invite.1.x@example.org>\r\n"
        "Content-Type: text/plain\r\n\r\nmaybe \x1b[2J\x1b[1;1H thursday?\r\n"
    )
    config = _config(tmp_path, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"\n')
    outputs = []
    for command in (["inbox"], ["status"], ["friend", "list"], ["friend", "show", "ana"]):
        result = _run(config, *command, env={"MEETUP_NOW": "2026-11-23T14:00:00+00:00"})
        assert result.exit_code == 0, (command, result.output)
        outputs.append(result.output)
    shown = "".join(outputs)
    # the name is shown with every control and bidi character taken out, the words kept
    assert outputs[0] == (  # the sender's address is read past the escape in its name
        "needs you: <m1@example.net>: answers invite 1 but comes from mallory@example.net, not friend1@example.org\n"
        "0 answers acted on, 1 needs you, 0 mails sent\n"
    )
    assert outputs[2] == "Ana Red1mgnp.exe  friend1@example.org  Europe/Berlin\n"
    assert outputs[3].splitlines()[0] == "name:  Ana Red1mgnp.exe"
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in shown, repr(bad)


def test_cron_line_keeps_the_environment(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, 'username = "alex"\npassword_env = "MY_SMTP_PW"\n')
    env = {
        "MEETUP_CONFIG": str(config),
        "MEETUP_DATA_DIR": str(tmp_path / "my data"),
        "MY_SMTP_PW": "pa$$ word",
        "MEETUP_CONFIG_DIR": str(tmp_path / "config"),
    }
    result = CliRunner().invoke(main, ["cron"], env=env)
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert f"MEETUP_CONFIG={config}" in line
    assert "MEETUP_DATA_DIR='" + str(tmp_path / "my data") + "'" in line
    assert "pa$$ word" not in line  # the secret itself goes to a private file, not the crontab
    env_file = tmp_path / "config" / "cron.env"
    assert str(env_file) in line
    assert _mode(env_file) == 0o600 and "MY_SMTP_PW='pa$$ word'" in env_file.read_text()


def test_cron_without_passwords_writes_no_env_file(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, 'username = "alex"\npassword_env = "MY_SMTP_PW"\n')
    env = {"MEETUP_CONFIG": str(config), "MEETUP_CONFIG_DIR": str(tmp_path / "config")}
    result = CliRunner().invoke(main, ["cron"], env=env)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "config" / "cron.env").exists()
    assert f"MEETUP_CONFIG={config}" in result.stdout


def test_doctor_reads_the_program_behind_the_environment(tmp_path: Path) -> None:
    from meetup.cronenv import job_program

    line = (
        "*/15 * * * * set -a && . '/home/a b/.config/meetup/cron.env' && set +a && "
        "MEETUP_CONFIG=/c.toml MEETUP_DATA_DIR='/d d' /usr/bin/meetup inbox && /usr/bin/meetup followup  # meetup"
    )
    assert job_program(line) == "/usr/bin/meetup"
    assert job_program("*/15 * * * * /opt/meetup inbox  # meetup") == "/opt/meetup"
