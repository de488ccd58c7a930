"""A campaign friend who is away (their automatic reply says until when) does not hold up the
list: the next friend is asked meanwhile, the away one is nudged once back, and the campaign
never counts as exhausted while their invite is still open."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday


def _env(tmp_path: Path, now: datetime) -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n[mail]\nfrom = "sam@example.org"\n'
        f'[followup]\nvia = "outbox"\nnudge_after_days = [3, 5]\n[inbox]\nmaildir = "{tmp_path / "Mail"}"\n'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": now.isoformat(),
    }


def _run(tmp_path: Path, now: datetime, *args: str) -> str:
    result = CliRunner().invoke(main, list(args), env=_env(tmp_path, now), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return str(result.output)


def _sent(tmp_path: Path) -> list[Any]:
    files = sorted((tmp_path / "data" / "outbox" / "new").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def _states(tmp_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    try:
        rows = conn.execute("SELECT f.name, i.state FROM invites i JOIN friends f ON f.id = i.friend_id")
        return {str(name): str(state) for name, state in rows}
    finally:
        conn.close()


def _auto_reply(tmp_path: Path, to: Any, name: str, text: str, n: int) -> None:
    """An Exchange-style out-of-office answer to the invite ``to``."""
    mail = (
        f"From: {name} <{name.lower()}@example.org>\r\nTo: sam@example.org\r\n"
        f"Subject: Automatic reply: {to['Subject']}\r\nMessage-ID: <ooo{n}@example.org>\r\n"
        f"In-Reply-To: {to['Message-ID']}\r\nAuto-Submitted: auto-replied\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    )
    for sub in ("new", "cur", "tmp"):
        (tmp_path / "Mail" / sub).mkdir(parents=True, exist_ok=True)
    (tmp_path / "Mail" / "new" / f"{n:04d}.eml").write_text(mail)


def test_the_next_friend_is_asked_while_one_is_away_and_the_away_one_is_nudged_when_back(
    tmp_path: Path, seeded: Any
) -> None:
    seeded.add_friends(tmp_path / "data" / "meetup.db", ["Ana", "Ben", "Cleo"])
    assert _run(tmp_path, T0, "campaign", "start", "Coffee", "--friends", "ana,ben,cleo") == (
        "campaign 1 started; invited Ana; 1 mail sent\n"
    )
    (to_ana,) = _sent(tmp_path)
    _auto_reply(
        tmp_path, to_ana, "Ana", "I am out of the office until 7 December with no access to email.", 1
    )
    assert _run(tmp_path, T0 + timedelta(hours=1), "inbox").splitlines()[0] == (
        "invite 1: automatic reply (away until 2026-12-07, nudges wait)"
    )
    assert (
        _run(tmp_path, T0 + timedelta(hours=2), "followup")
        == "sent 1, already sent before a crash 0, failed 0\n"
    )
    assert _states(tmp_path) == {"Ana": "open", "Ben": "open"}
    assert [str(m["To"]) for m in _sent(tmp_path)] == ["Ana <ana@example.org>", "Ben <ben@example.org>"]
    shown = _run(tmp_path, T0 + timedelta(hours=3), "campaign", "show", "1")
    assert shown == (
        "campaign 1: Coffee (running, 1 at a time)\n"
        "  1. Ana: open (away until Mon 07 Dec)\n"
        "  2. Ben: open\n"
        "  3. Cleo: waiting\n"
    )
    # back after the 7th: Ana counts again (Ana and Ben open, one at a time: nobody new is asked)
    # and her nudge, held while she was away, goes out the morning after her return date
    back = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
    assert _run(tmp_path, back, "followup") == (
        "invite 1 (Ana): nudge 1 queued\ninvite 2 (Ben): nudge 1 queued\nsent 2, already sent before a crash 0, failed 0\n"
    )
    assert _states(tmp_path) == {"Ana": "open", "Ben": "open"}


def test_a_campaign_is_not_exhausted_while_an_away_friend_may_still_answer(
    tmp_path: Path, seeded: Any
) -> None:
    seeded.add_friends(tmp_path / "data" / "meetup.db", ["Ana", "Ben"])
    _run(tmp_path, T0, "campaign", "start", "Coffee", "--friends", "ana,ben")
    (to_ana,) = _sent(tmp_path)
    _auto_reply(tmp_path, to_ana, "Ana", "I'm on leave until 10 December.", 1)
    _run(tmp_path, T0 + timedelta(hours=1), "inbox")
    _run(tmp_path, T0 + timedelta(hours=2), "followup")  # Ben is asked meanwhile
    (_, to_ben) = _sent(tmp_path)
    reply = (
        f"From: Ben <ben@example.org>\r\nTo: sam@example.org\r\nSubject: Re: {to_ben['Subject']}\r\n"
        f"Message-ID: <ben-no@example.org>\r\nIn-Reply-To: {to_ben['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nSorry, I can't make any of these.\r\n"
    )
    (tmp_path / "Mail" / "new" / "0002.eml").write_text(reply)
    assert "invite 2: no -> thanked" in _run(tmp_path, T0 + timedelta(hours=3), "inbox")
    _run(tmp_path, T0 + timedelta(hours=4), "followup")
    shown = _run(tmp_path, T0 + timedelta(hours=5), "campaign", "show", "1")
    assert shown == (
        "campaign 1: Coffee (running, 1 at a time)\n  1. Ana: open (away until Thu 10 Dec)\n  2. Ben: declined\n"
    )
