"""Campaigns: down the list on no / no answer, withdraw the others on yes."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _env(tmp_path: Path, now: datetime) -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n[mail]\nfrom = "sam@example.org"\n'
        '[followup]\nvia = "outbox"\n'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": now.isoformat(),
    }


def _run(tmp_path: Path, now: datetime, *args: str) -> Any:
    result = CliRunner().invoke(main, list(args), env=_env(tmp_path, now), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _outbox(tmp_path: Path) -> list[Any]:
    files = sorted((tmp_path / "data" / "outbox" / "new").iterdir())
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def _invite_of(tmp_path: Path, name: str) -> tuple[int, str]:
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    row = conn.execute(
        "SELECT i.id, i.state FROM invites i JOIN friends f ON f.id = i.friend_id WHERE f.name = ? ORDER BY i.id DESC",
        (name,),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "none")


def test_one_at_a_time_moves_on_after_no_and_no_answer(tmp_path: Path, seeded: Any) -> None:
    seeded.add_friends(tmp_path / "data" / "meetup.db", ["Ana", "Ben", "Cleo"])
    started = _run(tmp_path, T0, "campaign", "start", "Coffee this month", "--friends", "ana,ben,cleo")
    assert started.output == "campaign 1 started; invited Ana; 1 mail sent\n"
    first = _outbox(tmp_path)[0]
    assert first["To"] == "Ana <ana@example.org>"
    numbered = re.findall(r"^(\d)\. ", first.get_body(("plain",)).get_content(), re.MULTILINE)
    assert numbered == ["1", "2", "3"]

    _run(tmp_path, T0 + timedelta(hours=2), "reply", "ana", "no")
    _run(tmp_path, T0 + timedelta(hours=3), "followup")
    assert _invite_of(tmp_path, "Ben")[1] == "open"
    assert _invite_of(tmp_path, "Cleo")[1] == "none"

    # Ben never answers: two nudges, then given up, and Cleo is asked
    _run(tmp_path, T0 + timedelta(days=2, hours=4), "followup")
    _run(tmp_path, T0 + timedelta(days=6, hours=5), "followup")
    _run(tmp_path, T0 + timedelta(days=10, hours=6), "followup")
    assert _invite_of(tmp_path, "Ben")[1] == "unanswered"
    assert _invite_of(tmp_path, "Cleo")[1] == "open"
    status = _run(tmp_path, T0 + timedelta(days=10, hours=7), "status")
    assert (
        status.output.splitlines()[-1]
        == "campaign 1 Coffee this month: Ana declined, Ben unanswered, Cleo open"
    )
    show = _run(tmp_path, T0 + timedelta(days=10, hours=7), "campaign", "show", "1")
    assert show.output == (
        "campaign 1: Coffee this month (running, 1 at a time)\n"
        "  1. Ana: declined\n  2. Ben: unanswered\n  3. Cleo: open\n"
    )


def test_parallel_yes_withdraws_the_others(tmp_path: Path, seeded: Any) -> None:
    seeded.add_friends(tmp_path / "data" / "meetup.db", ["Ana", "Ben", "Cleo"])
    _run(
        tmp_path,
        T0,
        "campaign",
        "start",
        "Drinks",
        "--friends",
        "Ana,Ben,Cleo",
        "--parallel",
        "2",
        "--activity",
        "drinks",
    )
    assert _invite_of(tmp_path, "Ana")[1] == "open" and _invite_of(tmp_path, "Ben")[1] == "open"
    _run(tmp_path, T0 + timedelta(hours=1), "reply", "ben", "yes", "--option", "1")
    _run(tmp_path, T0 + timedelta(hours=2), "followup")
    assert _invite_of(tmp_path, "Ana")[1] == "withdrawn"
    assert _invite_of(tmp_path, "Cleo")[1] == "none"
    to_ana = [m for m in _outbox(tmp_path) if m["To"] == "Ana <ana@example.org>"]
    assert len(to_ana) == 2, "the invite, then exactly one withdrawal"
    withdrawal = [m for m in to_ana if m["In-Reply-To"]]
    assert len(withdrawal) == 1 and str(withdrawal[0]["Subject"]).startswith("Re:")
    kinds = sqlite3.connect(tmp_path / "data" / "meetup.db").execute("SELECT kind FROM messages").fetchall()
    assert kinds.count(("withdrawal",)) == 1
    listing = _run(tmp_path, T0 + timedelta(hours=3), "campaign", "list")
    assert listing.output == "1  Drinks  succeeded  asked 2/3\n"
    # options of two parallel invites never overlap, not even partly
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    rows = conn.execute("SELECT invite_id, start_utc, end_utc FROM invite_options").fetchall()
    spans = [(invite, datetime.fromisoformat(a), datetime.fromisoformat(b)) for invite, a, b in rows]
    assert sorted(invite for invite, _, _ in spans) == [1, 1, 1, 2, 2, 2]  # three options each
    clashes = [(x, y) for n, x in enumerate(spans) for y in spans[n + 1 :] if x[1] < y[2] and y[1] < x[2]]
    assert clashes == []


def test_stop_and_unknown_friend(tmp_path: Path, seeded: Any) -> None:
    seeded.add_friends(tmp_path / "data" / "meetup.db", ["Ana", "Ben"])
    bad = CliRunner().invoke(main, ["campaign", "start", "X", "--friends", "ana,zed"], env=_env(tmp_path, T0))
    assert (bad.exit_code, bad.stderr) == (2, "meetup: error: --friends: 'zed' is unknown (Ana, Ben)\n")
    _run(tmp_path, T0, "campaign", "start", "Walk", "--friends", "ana,ben")
    _run(tmp_path, T0, "campaign", "stop", "1")
    _run(tmp_path, T0 + timedelta(hours=1), "reply", "ana", "no")
    _run(tmp_path, T0 + timedelta(hours=2), "followup")
    assert _invite_of(tmp_path, "Ben")[1] == "none"
    again = CliRunner().invoke(main, ["campaign", "stop", "1"], env=_env(tmp_path, T0))
    assert (again.exit_code, again.stderr) == (2, "meetup: error: campaign 1 is not running\n")
