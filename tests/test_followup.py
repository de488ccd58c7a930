"""``meetup followup``: schedule, dry run, exactly-once under concurrency and after a crash."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.calendar.intervals import Interval
from meetup.cli import main
from meetup.followup.schedule import FollowupSettings, OpenInvite, next_step, plan

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_schedule_default() -> None:
    step = next_step(1, T0, (), (2, 4))
    assert (step.attempt, step.kind, step.due) == (1, "nudge", T0 + timedelta(days=2))
    nudged = T0 + timedelta(days=2, hours=3)
    step = next_step(1, T0, (nudged,), (2, 4))
    assert (step.attempt, step.kind, step.due) == (2, "nudge", nudged + timedelta(days=4))
    step = next_step(1, T0, (nudged, nudged + timedelta(days=4)), (2, 4))
    assert (step.kind, step.due) == ("gave_up", nudged + timedelta(days=8))


def test_nudge_options_spread_respect_notice_waking_hours_and_other_offers() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    windows = [Interval(T0 + timedelta(days=d), T0 + timedelta(days=d, hours=14)) for d in range(5)]
    taken = [Interval(T0 + timedelta(days=1, hours=0), T0 + timedelta(days=1, hours=2))]
    invite = OpenInvite(
        id=1, friend_name="Ana Lima", friend_email="ana@example.org", friend_zone=zone, activity="call",
        duration=timedelta(hours=1), sent_at=T0 - timedelta(days=2), subject="A quick call?", thread=None,
        previous=(), offered=(), top_position=3, user_zone=zone,
    )  # fmt: skip
    (item,) = plan([invite], now=T0, settings=FollowupSettings(), free_time=lambda _: windows, busy=taken)
    chosen = list(item.options)
    assert len(chosen) == 3
    assert len({c.start.astimezone(zone).date() for c in chosen}) == 3
    for option in chosen:
        local = option.start.astimezone(zone)
        assert option.start >= T0 + timedelta(hours=12)
        assert local.hour >= 8 and option.end.astimezone(zone).hour <= 22
        assert local.minute in (0, 30)
        assert not any(option.overlaps(t) for t in taken)
    assert item.body is not None and "4. " in item.body and "6. " in item.body and "1. " not in item.body


def _env(tmp_path: Path, now: datetime, config: str) -> dict[str, str]:
    (tmp_path / "config.toml").write_text(config)
    env = dict(os.environ)
    env.update(
        MEETUP_DATA_DIR=str(tmp_path / "data"),
        MEETUP_CACHE_DIR=str(tmp_path / "cache"),
        MEETUP_CONFIG=str(tmp_path / "config.toml"),
        MEETUP_NOW=now.isoformat(),
    )
    env.pop("MEETUP_TEST_CRASH_AFTER_SENDS", None)
    return env


OUTBOX_CONFIG = """
timezone = "Europe/Berlin"
hours = "mon-sun 09:00-21:00"
[mail]
from = "sam@example.org"
name = "Sam"
[followup]
via = "outbox"
"""


def _run(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result


def _db(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "data" / "meetup.db")


def test_followup_schedule_through_the_cli(tmp_path: Path, seeded: Any) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=T0)
    early = _run(_env(tmp_path, T0 + timedelta(days=1), OUTBOX_CONFIG), "followup", "--dry-run")
    assert (early.exit_code, early.output) == (0, "Nothing is due.\n")

    day2 = T0 + timedelta(days=2, hours=1)
    dry = _run(_env(tmp_path, day2, OUTBOX_CONFIG), "followup", "--dry-run")
    assert "invite 1 (Friend1): nudge 1 with" in dry.output
    assert re.search(r"\n    3\. \w{3} \d{1,2} \w{3}, \d\d:\d\d-", dry.output), (
        "the text, indented, options numbered on"
    )
    assert not list((tmp_path / "data" / "outbox").glob("new/*")), "--dry-run must not send"

    first = _run(_env(tmp_path, day2, OUTBOX_CONFIG), "followup")
    assert (
        first.output
        == "invite 1 (Friend1): nudge 1 queued\nsent 1, already sent before a crash 0, failed 0\n"
    )
    files = list((tmp_path / "data" / "outbox" / "new").iterdir())
    assert len(files) == 1
    mail = files[0].read_bytes()
    assert b"In-Reply-To: <meetup.1.invite.1.x@example.org>" in mail
    assert b"Subject: Re: Coffee?" in mail and b"To: Friend1 <friend1@example.org>" in mail
    # fresh options are numbered after the original two, and past options were released
    assert b"\r\n3. " in mail
    conn = _db(tmp_path)
    states = dict(conn.execute("SELECT position, state FROM invite_options WHERE invite_id = 1"))
    # 1 has passed, 2 starts within the 12 hours' notice: both released; three fresh ones offered
    assert states == {1: "released", 2: "released", 3: "offered", 4: "offered", 5: "offered"}

    again = _run(_env(tmp_path, day2 + timedelta(minutes=5), OUTBOX_CONFIG), "followup")
    assert (
        again.output == "sent 0, already sent before a crash 0, failed 0\n"
        and len(list((tmp_path / "data" / "outbox" / "new").iterdir())) == 1
    )

    second = _run(_env(tmp_path, day2 + timedelta(days=4, minutes=1), OUTBOX_CONFIG), "followup")
    assert (
        second.output
        == "invite 1 (Friend1): nudge 2 queued\nsent 1, already sent before a crash 0, failed 0\n"
    )
    done = _run(_env(tmp_path, day2 + timedelta(days=8, minutes=2), OUTBOX_CONFIG), "followup")
    assert done.output == "invite 1 (Friend1): gave up\nsent 0, already sent before a crash 0, failed 0\n"
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "unanswered"
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM invite_options WHERE invite_id = 1 AND state = 'offered'"
        ).fetchone()[0]
        == 0
    )
    later = _run(_env(tmp_path, day2 + timedelta(days=30), OUTBOX_CONFIG), "followup")
    assert (
        later.output == "sent 0, already sent before a crash 0, failed 0\n"
        and len(list((tmp_path / "data" / "outbox" / "new").iterdir())) == 2
    )


def test_bad_schedule_is_a_clear_error(tmp_path: Path, seeded: Any) -> None:
    result = _run(_env(tmp_path, T0, OUTBOX_CONFIG + "nudge_after_days = 3\n"), "followup")
    assert (result.exit_code, result.stderr) == (
        1,
        "meetup: error: [followup] nudge_after_days must be a list of positive days, got 3\n",
    )


def _smtp_config(port: int) -> str:
    return f"""
timezone = "Europe/Berlin"
hours = "mon-sun 09:00-21:00"
[mail]
from = "sam@example.org"
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "plain"
[followup]
via = "email"
options = 1                                # 50 parallel coffee invites: room for one fresh time each
"""


def _popen(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "meetup", "followup"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.server
def test_eight_concurrent_runs_send_each_nudge_once(tmp_path: Path, seeded: Any, smtp_recorder: Any) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 50, sent_at=T0)
    env = _env(tmp_path, T0 + timedelta(days=2, hours=1), _smtp_config(smtp_recorder.port))
    processes = [_popen(env) for _ in range(8)]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    counts = Counter(smtp_recorder.message_ids())
    assert len(counts) == 50 and set(counts.values()) == {1}
    recipients = sorted(rcpt[0] for _, rcpt in smtp_recorder.envelopes)
    assert recipients == sorted(f"friend{n}@example.org" for n in range(1, 51))
    conn = _db(tmp_path)
    assert (
        conn.execute("SELECT COUNT(*) FROM messages WHERE kind = 'nudge' AND state = 'sent'").fetchone()[0]
        == 50
    )
    assert conn.execute("SELECT COUNT(*) FROM followups").fetchone()[0] == 50


@pytest.mark.server
def test_killed_mid_send_then_rerun_sends_each_once(tmp_path: Path, seeded: Any, smtp_recorder: Any) -> None:
    """The SMTP server stalls on the 5th DATA; the test SIGKILLs the run there; a re-run after
    the claim went stale sends the rest and the stalled one, each exactly once."""
    seeded.seed(tmp_path / "data" / "meetup.db", 12, sent_at=T0)
    stalled = threading.Event()
    release = threading.Event()
    recorder_handler = smtp_recorder.handler

    async def stalling_data(server: Any, session: Any, envelope: Any) -> str:
        if len(smtp_recorder.messages) == 4 and not release.is_set():
            stalled.set()
            import asyncio

            # Held until the test has killed the run (at most a minute, should the test fail first).
            await asyncio.get_running_loop().run_in_executor(None, release.wait, 60)
            return "451 try again later"
        return await original(server, session, envelope)

    original = recorder_handler.handle_DATA
    recorder_handler.handle_DATA = stalling_data
    now = T0 + timedelta(days=2, hours=1)
    process = _popen(_env(tmp_path, now, _smtp_config(smtp_recorder.port)))
    try:
        assert stalled.wait(60), "the run never reached the 5th send"
    finally:
        process.kill()
        process.wait()
        release.set()
    assert len(smtp_recorder.messages) == 4
    conn = _db(tmp_path)
    assert conn.execute("SELECT COUNT(*) FROM messages WHERE state = 'sending'").fetchone()[0] == 1

    # Right away, another run must not touch the claimed one (its claim is fresh) ...
    rerun = _popen(_env(tmp_path, now + timedelta(minutes=1), _smtp_config(smtp_recorder.port)))
    assert rerun.wait(60) == 0
    assert len(smtp_recorder.messages) == 11
    # ... and once the claim is stale, the stalled message (which never left) is sent.
    final = _popen(_env(tmp_path, now + timedelta(minutes=30), _smtp_config(smtp_recorder.port)))
    assert final.wait(60) == 0
    counts = Counter(smtp_recorder.message_ids())
    assert len(counts) == 12 and set(counts.values()) == {1}
    assert (
        conn.execute("SELECT COUNT(*) FROM messages WHERE kind = 'nudge' AND state = 'sent'").fetchone()[0]
        == 12
    )


def test_crash_between_send_and_record_is_recovered_without_a_second_copy(
    tmp_path: Path, seeded: Any
) -> None:
    """Outbox transport: the process dies right after writing the 3rd message, before marking
    it sent; the next run sees the file, marks it sent, and does not write it again."""
    seeded.seed(tmp_path / "data" / "meetup.db", 6, sent_at=T0)
    now = T0 + timedelta(days=2, hours=1)
    env = _env(tmp_path, now, OUTBOX_CONFIG)
    env["MEETUP_TEST_CRASH_AFTER_SENDS"] = "3"
    crashed = subprocess.run([sys.executable, "-m", "meetup", "followup"], env=env, capture_output=True)
    assert crashed.returncode == 137
    outbox = tmp_path / "data" / "outbox" / "new"
    assert len(list(outbox.iterdir())) == 3
    rerun = subprocess.run(
        [sys.executable, "-m", "meetup", "followup"],
        env=_env(tmp_path, now + timedelta(minutes=30), OUTBOX_CONFIG),
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout == "sent 3, already sent before a crash 1, failed 0\n"
    assert len(list(outbox.iterdir())) == 6


@pytest.mark.server
def test_smtp_crash_after_send_is_recovered_from_the_sent_folder(
    tmp_path: Path, seeded: Any, smtp_recorder: Any, dovecot_server: Any, imap_mailbox: str
) -> None:
    """SMTP accepted the 2nd nudge, then the run died before recording it. The mail server filed
    it in Sent (as Gmail does for SMTP submissions); the next run finds it there and does not
    send a second copy."""
    seeded.seed(tmp_path / "data" / "meetup.db", 3, sent_at=T0)
    original = smtp_recorder.handler.handle_DATA

    async def filing_data(server: Any, session: Any, envelope: Any) -> str:
        reply = await original(server, session, envelope)
        dovecot_server.append(imap_mailbox, bytes(envelope.content))  # the server's copy in Sent
        return str(reply)

    smtp_recorder.handler.handle_DATA = filing_data
    # [mail] sent_mailbox names the folder the server files sent mail in
    config = _smtp_config(smtp_recorder.port).replace(
        "[followup]", f'sent_mailbox = "{imap_mailbox}"\n[followup]'
    )
    config += (
        f'[inbox]\nimap_host = "127.0.0.1"\nimap_port = {dovecot_server.port}\nsecurity = "plain"\n'
        f'username = "{dovecot_server.username}"\npassword_env = "TEST_IMAP_PASSWORD"\n'
    )
    now = T0 + timedelta(days=2, hours=1)
    env = _env(tmp_path, now, config)
    env["TEST_IMAP_PASSWORD"] = dovecot_server.password
    env["MEETUP_TEST_CRASH_AFTER_SENDS"] = "2"
    crashed = subprocess.run([sys.executable, "-m", "meetup", "followup"], env=env, capture_output=True)
    assert crashed.returncode == 137 and len(smtp_recorder.messages) == 2
    env = _env(tmp_path, now + timedelta(minutes=30), config)
    env["TEST_IMAP_PASSWORD"] = dovecot_server.password
    rerun = subprocess.run(
        [sys.executable, "-m", "meetup", "followup"], env=env, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout == "sent 1, already sent before a crash 1, failed 0\n"
    counts = Counter(smtp_recorder.message_ids())
    assert len(counts) == 3 and set(counts.values()) == {1}


def test_before_any_invite_commands_say_so_and_exit_zero(tmp_path: Path) -> None:
    env = _env(tmp_path, T0, OUTBOX_CONFIG)
    database = tmp_path / "data" / "meetup.db"
    for command in (["followup"], ["status"], ["campaign", "list"]):
        result = _run(env, *command)
        assert result.exit_code == 0, result.output
        assert result.output == f"no invites yet in {database}: send one with `meetup invite FRIEND` first\n"


def test_a_broken_database_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "meetup.db").write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(main, ["followup"], env=_env(tmp_path, T0, OUTBOX_CONFIG))
    assert result.exit_code == 1
    assert result.stderr == (
        f"meetup: error: cannot open the database {tmp_path / 'data' / 'meetup.db'}: file is not a database\n"
    )


def test_a_queued_nudge_is_cancelled_when_the_friend_answers_first(tmp_path: Path, seeded: Any) -> None:
    from meetup.followup.nudges import enqueue, open_invites
    from meetup.followup.schedule import FollowupSettings, plan
    from meetup.mail.queue import send_queued
    from meetup.mail.transports import OutboxTransport
    from meetup.store.db import connect

    db = tmp_path / "data" / "meetup.db"
    seeded.seed(db, 1, sent_at=T0)
    now = T0 + timedelta(days=2, hours=1)
    conn = connect(db, now)
    from zoneinfo import ZoneInfo

    settings = FollowupSettings()
    week = [Interval(now, now + timedelta(days=7))]
    (item,) = plan(open_invites(conn, ZoneInfo("UTC")), now=now, settings=settings, free_time=lambda i: week)
    assert enqueue(conn, item, now=now, settings=settings)
    assert not enqueue(conn, item, now=now, settings=settings), "the same step is created once"
    conn.execute("UPDATE invites SET state = 'declined' WHERE id = 1")
    report = send_queued(conn, OutboxTransport(tmp_path / "outbox"), sender="s@example.org", now=now)
    assert report.sent == []
    assert conn.execute("SELECT state FROM messages WHERE kind = 'nudge'").fetchone()[0] == "cancelled"


def test_unreadable_calendar_delays_the_nudge_and_loses_nothing(tmp_path: Path, seeded: Any) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 1, sent_at=T0)
    broken = OUTBOX_CONFIG + f'\n[calendars.home]\nprovider = "ics"\nsource = "{tmp_path / "missing.ics"}"\n'
    now = T0 + timedelta(days=2, hours=1)
    result = CliRunner().invoke(main, ["followup"], env=_env(tmp_path, now, broken))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "invite 1 (Friend1): nudge waits: calendars unreadable; retried next run\n"
        "sent 0, already sent before a crash 0, failed 0\n"
    )
    assert result.stderr.splitlines()[-1] == (
        "meetup: warning: no fresh options this run: no calendar could be read (1 failed)"
    )
    assert not (tmp_path / "data" / "outbox").exists()
    (tmp_path / "missing.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"
    )
    later = _run(_env(tmp_path, now + timedelta(hours=1), broken), "followup")
    assert (
        later.output
        == "invite 1 (Friend1): nudge 1 queued\nsent 1, already sent before a crash 0, failed 0\n"
    )
