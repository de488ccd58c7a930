"""``meetup status --json``: the checked contract, open and closed invites, numbers across nudges."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _iso(value: object) -> datetime:
    assert isinstance(value, str)
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


def check_contract(doc: Any) -> None:
    """Exactly the keys and types the issue promises scripts."""
    assert set(doc) >= {"invites", "needs_you"}
    for invite in doc["invites"]:
        assert set(invite) >= {"id", "friend", "state", "activity", "options", "meeting", "next_followup"}
        assert isinstance(invite["id"], int) and isinstance(invite["friend"], str)
        assert isinstance(invite["state"], str) and isinstance(invite["activity"], str)
        for option in invite["options"]:
            assert set(option) == {"n", "start", "end", "state"}
            assert isinstance(option["n"], int) and isinstance(option["state"], str)
            assert _iso(option["start"]) < _iso(option["end"])
        assert [o["n"] for o in invite["options"]] == sorted({o["n"] for o in invite["options"]})
        if invite["meeting"] is not None:
            assert set(invite["meeting"]) == {"start", "end"}
            assert _iso(invite["meeting"]["start"]) < _iso(invite["meeting"]["end"])
        if invite["next_followup"] is not None:
            _iso(invite["next_followup"])
    for item in doc["needs_you"]:
        assert set(item) >= {"message_id", "invite", "friend", "why"}
        assert isinstance(item["message_id"], str) and isinstance(item["why"], str)
        assert item["invite"] is None or isinstance(item["invite"], int)
        assert item["friend"] is None or isinstance(item["friend"], str)


def _env(tmp_path: Path, now: datetime) -> dict[str, str]:
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nmaildir = "{maildir}"\n'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": now.isoformat(),
    }


def _reply(tmp_path: Path, n: int, text: str, msgid: str, sender: str | None = None) -> None:
    (tmp_path / "Maildir" / "new" / f"{msgid.strip('<>')}:2,").write_bytes(
        (
            f"From: Friend{n} <{sender or f'friend{n}@example.org'}>\r\nTo: sam@example.org\r\n"
            f"Subject: Re: Coffee?\r\nMessage-ID: {msgid}\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
            f"References: <meetup.{n}.invite.1.x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{text}\r\n"
        ).encode()
    )


def _status(env: dict[str, str]) -> Any:
    result = CliRunner().invoke(main, ["status", "--json"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    check_contract(doc)
    return doc


def test_status_json_before_any_invite_is_empty(tmp_path: Path) -> None:
    assert _status(_env(tmp_path, T0)) == {"invites": [], "needs_you": [], "due": []}


def test_status_json_contract_meeting_numbers_and_needs_you(tmp_path: Path, seeded: Any) -> None:
    seeded.seed(tmp_path / "data" / "meetup.db", 3, sent_at=T0)
    env = _env(tmp_path, T0 + timedelta(hours=5))
    _reply(tmp_path, 1, "2 works for me, see you then!", "<r1@example.org>")
    _reply(tmp_path, 2, "Tuesday or Wednesday, both fine", "<r2@example.org>")
    _reply(tmp_path, 3, "2", "<r3@example.org>", sender="stranger@example.net")
    assert CliRunner().invoke(main, ["inbox"], env=env, catch_exceptions=False).exit_code == 0

    doc = _status(env)
    by_id = {invite["id"]: invite for invite in doc["invites"]}
    assert by_id[1]["state"] == "accepted" and by_id[1]["next_followup"] is None
    chosen = [o for o in by_id[1]["options"] if o["state"] == "chosen"]
    assert [o["n"] for o in chosen] == [2]
    assert by_id[1]["meeting"] == {"start": chosen[0]["start"], "end": chosen[0]["end"]}
    assert _iso(by_id[1]["meeting"]["start"]) == T0 + timedelta(days=2, hours=8)
    assert by_id[2]["state"] == "open" and by_id[2]["meeting"] is None
    assert _iso(by_id[2]["next_followup"]) == T0 + timedelta(days=2)  # nudge_after_days [2, 4]
    assert by_id[2]["activity"] == "coffee" and by_id[2]["friend"] == "Friend2"
    needs = {item["message_id"]: item for item in doc["needs_you"]}
    assert needs["<r2@example.org>"]["invite"] == 2 and needs["<r2@example.org>"]["friend"] == "Friend2"
    assert needs["<r2@example.org>"]["why"] == "mentions several options (1 and 2)"
    assert needs["<r3@example.org>"]["why"] == (
        "answers invite 3 but comes from stranger@example.net, not friend3@example.org"
    )
    assert set(needs) == {"<r2@example.org>", "<r3@example.org>"}

    # a nudge numbers its fresh options after the first ones: 3, 4, 5
    later = dict(env, MEETUP_NOW=(T0 + timedelta(days=2, hours=1)).isoformat())
    assert CliRunner().invoke(main, ["followup"], env=later, catch_exceptions=False).exit_code == 0
    nudged = {invite["id"]: invite for invite in _status(later)["invites"]}[2]
    # 1 has passed, 2 is the time invite 1 booked; the nudge's three fresh ones follow
    assert [(o["n"], o["state"]) for o in nudged["options"]] == [
        (1, "released"),
        (2, "taken"),
        (3, "offered"),
        (4, "offered"),
        (5, "offered"),
    ]
    assert _iso(nudged["next_followup"]) == T0 + timedelta(days=6, hours=1)
