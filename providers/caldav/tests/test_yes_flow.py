"""invite -> holds on a real Radicale -> the friend says yes -> the event is written and the
holds are released. The holds are busy time when the yes is checked: they lie inside the invite's
own options, so they are the invite's own and do not make the chosen time "taken"."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from meetup.cli import main

pytestmark = pytest.mark.server
NOW = "2026-03-02T09:00:00+01:00"


def run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args], catch_exceptions=False)


def events(radicale: Any, slug: str) -> dict[str, tuple[datetime, str]]:
    """UID -> (start, STATUS) of every event stored in alice's calendar ``slug``."""
    found = {}
    for path in sorted((radicale.storage / "collection-root" / "alice" / slug).glob("*.ics")):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            start = event.decoded("DTSTART").astimezone(UTC)
            found[str(event["UID"])] = (start, str(event.get("STATUS", "")))
    return found


def invite_sam(config: Path, radicale: Any, fixtures: Any, calendar: str, more: str = "") -> list[datetime]:
    """Alex's config (the Radicale ``calendar``, written to) and an invite to Sam: its options."""
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 09:00-17:00"\n'
        + fixtures.account_toml("dav", radicale.url, calendars=[calendar], extra="write = true")
        + '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
        + more
    )
    assert (
        run(config, "friend", "add", "Sam", "--email", "sam@example.net", "--tz", "Europe/Berlin").exit_code
        == 0
    )
    invited = run(config, "invite", "sam", "--via", "outbox", "--days", "5", "--json")
    assert invited.exit_code == 0, invited.stderr
    return [datetime.fromisoformat(o["start"]).astimezone(UTC) for o in json.loads(invited.stdout)["options"]]


def reply_by_mail(config: Path, data: Path) -> None:
    """Sam answers the invite mail ("2 works for me"); ``meetup inbox`` reads it from a Maildir."""
    import mailbox
    from email import message_from_bytes

    (invite,) = (data / "outbox" / "new").iterdir()
    message_id = message_from_bytes(invite.read_bytes())["Message-ID"]
    box = mailbox.Maildir(data.parent / "Mail", create=True)
    box.add(
        "From: Sam <sam@example.net>\r\nTo: alex@example.org\r\nSubject: Re: coffee\r\n"
        f"Message-ID: <answer-1@example.net>\r\nIn-Reply-To: {message_id}\r\nReferences: {message_id}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n2 works for me!\r\n"
    )
    with config.open("a") as toml:
        toml.write(f'[inbox]\nmaildir = "{data.parent / "Mail"}"\n')
    answered = run(config, "inbox")
    assert answered.exit_code == 0, answered.stderr
    assert (
        answered.stdout
        == "invite 1: yes -> confirmed calendar dav\n1 answer acted on, 0 need you, 1 mail sent\n"
    ), answered.stdout


@pytest.mark.parametrize("how", ["by hand", "by mail"])
def test_yes_writes_the_event_and_releases_the_holds(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any, how: str
) -> None:
    slug = "yesflow" + ("mail" if how == "by mail" else "")
    radicale.mkcalendar("alice", slug, "Yes flow " + how)
    # Tuesday morning is busy (and stays so): coffee options fall in the other daytimes.
    radicale.put(
        f"/alice/{slug}/choir.ics",
        fixtures.event("choir", "20260303T090000Z", "20260303T130000Z", summary="Choir rehearsal"),
    )
    config = meetup_env / "meetup.toml"
    options = invite_sam(config, radicale, fixtures, "Yes flow " + how)
    assert len(options) == 3
    held = events(radicale, slug)
    holds = {uid: start for uid, (start, status) in held.items() if status == "TENTATIVE"}
    assert sorted(holds.values()) == sorted(options), held

    if how == "by hand":
        answered = run(config, "reply", "sam", "yes", "--option", "2")
        assert answered.exit_code == 0, answered.stderr
    else:
        reply_by_mail(config, meetup_env / "data")
    after = events(radicale, slug)
    assert not any(uid in after for uid in holds), "every hold is released"
    meetings = {uid: v for uid, v in after.items() if uid != "choir"}
    assert list(meetings.values()) == [(options[1], "CONFIRMED")]
    assert after["choir"][0] == datetime(2026, 3, 3, 9, tzinfo=UTC)


@pytest.mark.parametrize("kill_at", ["claimed", "written"])
def test_a_yes_killed_mid_booking_is_finished_once_on_radicale(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any, kill_at: str
) -> None:
    """`meetup reply` is SIGKILLed after claiming the time (before the PUT, or right after it);
    the first `meetup inbox` once the claim is stale writes the event (again, same UID: one
    event), releases the holds and queues the one confirmation."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys

    slug = f"killed{kill_at}"
    radicale.mkcalendar("alice", slug, f"Killed {kill_at}")
    for sub in ("new", "cur", "tmp"):
        (meetup_env / "Mail" / sub).mkdir(parents=True, exist_ok=True)
    config = meetup_env / "meetup.toml"
    more = f'[followup]\nvia = "outbox"\n[inbox]\nmaildir = "{meetup_env / "Mail"}"\n'
    options = invite_sam(config, radicale, fixtures, f"Killed {kill_at}", more)

    def cli(now: str, *args: str, kill: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **({"MEETUP_TEST_KILL_AT": kill} if kill else {})}
        return subprocess.run(
            [sys.executable, "-m", "meetup", "--config", str(config), "--now", now, *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    killed = cli(NOW, "reply", "sam", "yes", "--option", "2", kill=kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    written = {uid: v for uid, v in events(radicale, slug).items() if v[1] == "CONFIRMED"}
    assert len(written) == (1 if kill_at == "written" else 0)

    later = cli("2026-03-02T09:30:00+01:00", "inbox")
    assert later.returncode == 0, later.stderr
    assert "yes -> confirmed calendar dav" in later.stdout
    after = events(radicale, slug)
    assert list(after.values()) == [(options[1], "CONFIRMED")], after  # holds released, one event
    db = sqlite3.connect(meetup_env / "data" / "meetup.db")
    assert db.execute("SELECT kind FROM messages WHERE kind != 'invite'").fetchall() == [("confirmation",)]
    again = cli("2026-03-02T09:45:00+01:00", "inbox")
    assert "0 answers acted on" in again.stdout, again.stdout
    assert db.execute("SELECT COUNT(*) FROM messages WHERE kind = 'confirmation'").fetchone()[0] == 1
