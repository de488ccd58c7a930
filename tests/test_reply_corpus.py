"""The reply corpus (tests/data/replies, 150+ raw replies as Gmail, Outlook, Apple Mail,
Thunderbird, mutt and Android write them, in English, German, Spanish and French) through
``meetup inbox``: every reply gets its expected outcome, and nothing is ever acted on wrongly.

All of it is read from a Maildir; a mixed subset goes through the real dovecot over IMAP.
"""

from __future__ import annotations

import importlib.util
import json
import mailbox
import sqlite3
import sys
import tomllib
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main
from meetup.mail.message import build_mail
from meetup.store.db import connect, utc_text

CORPUS = Path(__file__).parent / "data" / "replies"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]


def _scenario() -> Any:
    spec = importlib.util.spec_from_file_location("reply_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reply_corpus"] = module
    spec.loader.exec_module(module)
    return module


S = _scenario()


def _message(conn: sqlite3.Connection, n: int, kind: str, email: str, body: str, at: Any) -> None:
    message_id = S.message_id(n, kind)
    raw = build_mail(
        message_id=message_id, sender="sam@example.org", sender_name="Sam Keller", recipient=email,
        subject="Coffee?" if kind == "invite" else "Re: Coffee?", body=body,
        thread=None if kind == "invite" else S.message_id(n, "invite"), now=at,
    )  # fmt: skip
    conn.execute(
        "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
        "created_at, sent_at) VALUES (?, ?, ?, ?, 'Coffee?', ?, 'email', 'sent', ?, ?)",
        (n, kind, message_id, email, raw, utc_text(at), utc_text(at)),
    )


def seed(db: Path, cases: list[dict[str, Any]]) -> None:
    """One friend and one invite per case, exactly as the friend saw it: the first invite
    (options 1-3), a nudge (options 4-6), or a confirmation of option 2."""
    conn = connect(db, S.NOW)
    try:
        conn.execute("BEGIN")
        for case in cases:
            n, email, first = case["friend"], case["email"], case["name"].split()[0]
            state = "accepted" if case["invite"] == "accepted" else "open"
            conn.execute("INSERT INTO friends (id, name, email, tz) VALUES (?, ?, ?, 'Europe/Berlin')",
                         (n, case["name"], email))  # fmt: skip
            conn.execute(
                "INSERT INTO invites (id, friend_id, activity, duration_min, state, created_at, thread_message_id, "
                "subject) VALUES (?, ?, 'coffee', 60, ?, ?, ?, 'Coffee?')",
                (n, n, state, utc_text(S.INVITE_SENT), S.message_id(n, "invite")),
            )
            positions = range(1, 7) if case["invite"] == "nudged" else range(1, 4)
            for position in positions:
                start, end = S.OPTIONS[position]
                option_state = "offered"
                if state == "accepted":
                    option_state = "chosen" if position == S.CONFIRMED_OPTION else "released"
                conn.execute(
                    "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, ?)",
                    (n, position, utc_text(start), utc_text(end), option_state),
                )
            _message(conn, n, "invite", email, S.invite_text(first), S.INVITE_SENT)
            if case["invite"] == "nudged":
                _message(conn, n, "nudge", email, S.nudge_text(first), S.NUDGE_SENT)
                conn.execute(
                    "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, 1, 'nudge', ?, ?)",
                    (n, S.message_id(n, "nudge"), utc_text(S.NUDGE_SENT)),
                )
            if state == "accepted":
                at = S.INVITE_SENT + timedelta(hours=5)
                _message(conn, n, "confirmation", email, S.confirmation_text(first), at)
                conn.execute(
                    "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) VALUES "
                    "(?, 'yes', ?, 'confirmed', 'by hand', ?)",
                    (n, S.CONFIRMED_OPTION, utc_text(at)),
                )
        conn.execute("COMMIT")
    finally:
        conn.close()


def environment(tmp_path: Path, inbox: str) -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        f"""
timezone = "Europe/Berlin"
hours = "mon-sun 09:00-21:00"
[mail]
from = "sam@example.org"
name = "Sam Keller"
[followup]
via = "outbox"
{inbox}
"""
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": S.NOW.isoformat(),
    }


def outcome(conn: sqlite3.Connection, case: dict[str, Any]) -> str:
    """What meetup did with one reply, in the expectation file's words."""
    n = case["friend"]
    state, hold, again = conn.execute(
        "SELECT state, hold_until, ask_again_at FROM invites WHERE id = ?", (n,)
    ).fetchone()
    answers = [
        r[0]
        for r in conn.execute("SELECT outcome FROM answers WHERE invite_id = ? AND source != 'by hand'", (n,))
    ]
    seen = conn.execute(
        "SELECT kind, needs_user, why FROM inbox_messages WHERE invite_id = ? ORDER BY received_at", (n,)
    ).fetchall()
    needs_user = any(r[1] for r in seen)
    if answers == ["confirmed"]:
        chosen = conn.execute(
            "SELECT position FROM invite_options WHERE invite_id = ? AND state = 'chosen'", (n,)
        ).fetchone()[0]
        return f"yes:{chosen}" + ("+q" if needs_user else "")
    if answers == ["thanked"]:
        return "no"
    if answers == ["later"]:
        return f"later:{again}" if again else "later"
    if answers == ["cancelled"] and state == "cancelled":
        return "cancel"
    if answers:
        return "acted:" + ",".join(answers)
    if [r[0] for r in seen] == ["away"] and not needs_user:
        return f"away:{hold}" if hold else "away"
    if needs_user and state in ("open", "accepted"):
        return "user"
    if seen and not needs_user and state == "accepted":
        return "noted"
    return f"nothing ({state}, {seen})"


def score(results: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    """Wrong actions (acted, but not as expected), clear answers understood, left to the user."""
    acting = ("yes", "no", "later", "cancel")
    wrong = [(c["file"], c["expect"], got) for c, got in results
             if got.split(":")[0].split("+")[0] in (*acting, "acted") and got != c["expect"]]  # fmt: skip
    clear = [(c, got) for c, got in results if c["expect"].split(":")[0] in ("yes", "no", "later")]
    understood = [c for c, got in clear if got == c["expect"]]
    return {
        "wrong": wrong,
        "clear": len(clear),
        "understood": len(understood),
        "left_to_user": sum(1 for _, got in results if got == "user"),
    }


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 150
    assert {c["client"] for c in CASES} >= {
        "gmail",
        "outlook",
        "apple",
        "iphone",
        "thunderbird",
        "mutt",
        "android",
        "html",
        "google",
    }
    assert set(Counter(c["lang"] for c in CASES)) == {"en", "de", "es", "fr"}
    raw = b"".join((CORPUS / c["file"]).read_bytes() for c in CASES)
    for needle in (b"windows-1252", b"iso-8859-1", b"quoted-printable", b"base64", b"METHOD:REPLY",
                   b"Auto-Submitted", b"In-Reply-To", b"multipart/alternative", b"Content-Type: text/html"):  # fmt: skip
        assert needle.lower() in raw.lower(), needle


def run_alone(tmp_path: Path, case: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """One reply in its own Maildir and database: the corpus offers every friend the same times,
    and one friend's yes must not take another's option (that is a test of its own)."""
    home = tmp_path / case["file"].removesuffix(".eml")
    home.mkdir(parents=True)
    box = mailbox.Maildir(home / "Mail", create=True)
    box.add((CORPUS / case["file"]).read_bytes())
    seed(home / "data" / "meetup.db", [case])
    env = environment(home, f'[inbox]\nmaildir = "{home / "Mail"}"')
    result = CliRunner().invoke(main, ["inbox"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (home / "inbox.out").write_text(result.output)
    conn = sqlite3.connect(home / "data" / "meetup.db")
    try:
        return outcome(conn, case), env
    finally:
        conn.close()


def test_every_reply_from_a_maildir(tmp_path: Path) -> None:
    results = [(case, run_alone(tmp_path, case)[0]) for case in CASES]
    numbers = score(results)
    assert numbers["wrong"] == []
    assert [(c["file"], c["expect"], got) for c, got in results if got != c["expect"]] == []
    assert numbers["understood"] == numbers["clear"] >= 100


def _status_of(tmp_path: Path, expect: str, note: str = "") -> str:
    case = next(c for c in CASES if c["expect"] == expect and c["note"].startswith(note))
    _, env = run_alone(tmp_path, case)
    return CliRunner().invoke(main, ["status"], env=env, catch_exceptions=False).output


def test_status_shows_what_is_left_and_why(tmp_path: Path) -> None:
    counter = _status_of(tmp_path, "user", "iMIP COUNTER")
    assert "proposes another time: Fri 27 Nov 17:00 (How about Friday evening instead?)" in counter
    hedge = _status_of(tmp_path, "user", "hedge")
    assert "hedges or sets a condition ('let me double-check')" in hedge
    away = _status_of(tmp_path, "away:2026-11-30")
    assert "(away until 2026-11-30, automatic reply) at Tue 01 Dec 09:00" in away
    undated = _status_of(tmp_path / "undated", "away")
    assert "nudge 1 (an automatic reply came, with no return date) at" in undated
    later = _status_of(tmp_path, "later:2027-01-01")
    assert "later; next: invite again (they asked to be asked then) on Fri 01 Jan" in later
    cancelled = _status_of(tmp_path, "cancel")
    assert "declined the confirmed meeting (Thu 26 Nov 12:30): cancelled on your side" in cancelled
    question = _status_of(tmp_path, "yes:2+q")
    assert "picks option 2; acted on it, and they ask:" in question


def _subset() -> list[dict[str, Any]]:
    """Every calendar answer and inline reply, every third other one; in one mailbox, so a yes
    per option at most (a confirmed meeting takes its time from every other invite)."""
    taken = {f"yes:{S.CONFIRMED_OPTION}"}
    chosen = []
    for index, case in enumerate(CASES):
        if not (index % 3 == 0 or case["note"].startswith("iMIP") or case["note"] == "inline"):
            continue
        key = case["expect"].split("+")[0]
        if key.startswith("yes") and key in taken:
            continue
        taken.add(key)
        chosen.append(case)
    return chosen


SUBSET = _subset()


@pytest.mark.server
def test_a_mixed_subset_over_imap(
    tmp_path: Path, dovecot_server: Any, imap_mailbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot_server.password)
    for case in SUBSET:
        dovecot_server.append(imap_mailbox, (CORPUS / case["file"]).read_bytes())
    seed(tmp_path / "data" / "meetup.db", SUBSET)
    env = environment(
        tmp_path,
        f'[inbox]\nimap_host = "127.0.0.1"\nimap_port = {dovecot_server.port}\nsecurity = "plain"\n'
        f'username = "{dovecot_server.username}"\npassword_env = "TEST_IMAP_PASSWORD"\nmailbox = "{imap_mailbox}"\n',
    )
    result = CliRunner().invoke(main, ["inbox"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert len(SUBSET) >= 40 and {c["expect"].split(":")[0] for c in SUBSET} >= {
        "no",
        "user",
        "away",
        "cancel",
        "noted",
    }
    assert [(c["file"], c["expect"], got) for c in SUBSET if (got := outcome(conn, c)) != c["expect"]] == []


def test_an_automatic_reply_holds_the_nudges_until_the_friend_is_back(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["expect"] == "away:2026-11-30")
    got, env = run_alone(tmp_path, case)
    assert got == "away:2026-11-30"
    said = (Path(env["MEETUP_DATA_DIR"]).parent / "inbox.out").read_text()
    assert f"invite {case['friend']}: automatic reply (away until 2026-11-30, nudges wait)" in said
    held = CliRunner().invoke(main, ["followup", "--dry-run"], env=env, catch_exceptions=False)
    assert held.output.strip() == "Nothing is due."
    back = dict(env, MEETUP_NOW="2026-11-30T12:00:00+01:00")  # the day they are back: a day's grace
    first_day = CliRunner().invoke(main, ["followup", "--dry-run"], env=back, catch_exceptions=False)
    assert first_day.output.strip() == "Nothing is due."
    morning_after = dict(env, MEETUP_NOW="2026-12-01T09:00:00+01:00")
    due = CliRunner().invoke(main, ["followup", "--dry-run"], env=morning_after, catch_exceptions=False)
    assert f"invite {case['friend']}" in due.output
    shown = CliRunner().invoke(main, ["status", "--json"], env=env, catch_exceptions=False)
    (mine,) = [i for i in json.loads(shown.output)["invites"] if i["friend"] == case["name"]]
    assert (mine["away_until"], mine["next_followup"]) == ("2026-11-30", "2026-12-01T09:00:00+01:00")


def test_a_calendar_answer_sent_by_someone_else_is_never_acted_on(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["expect"] == "cancel")
    home = tmp_path / "forged"
    home.mkdir()
    raw = (
        (CORPUS / case["file"])
        .read_bytes()
        .replace(f"<{case['email']}>".encode(), b"<mallory@example.net>", 1)
    )
    mailbox.Maildir(home / "Mail", create=True).add(raw)
    seed(home / "data" / "meetup.db", [case])
    env = environment(home, f'[inbox]\nmaildir = "{home / "Mail"}"')
    result = CliRunner().invoke(main, ["inbox"], env=env, catch_exceptions=False)
    [needs, summary] = result.output.splitlines()
    assert needs.endswith(f": calendar answer that comes from mallory@example.net, not {case['email']}")
    assert summary == "0 answers acted on, 1 needs you, 0 mails sent"
    conn = sqlite3.connect(home / "data" / "meetup.db")
    assert outcome(conn, case) == "user"


def test_a_later_with_a_time_invites_again_then_once(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["expect"] == "later:2027-01-01")
    got, env = run_alone(tmp_path, case)
    assert got == "later:2027-01-01"
    early = CliRunner().invoke(main, ["followup", "--dry-run"], env=env, catch_exceptions=False)
    assert "invited again" not in early.output
    then = dict(env, MEETUP_NOW="2027-01-01T10:00:00+01:00")
    due = CliRunner().invoke(main, ["followup", "--dry-run"], env=then, catch_exceptions=False)
    assert f"{case['name']}: would be invited again (they asked to be asked by now)" in due.output
    sent = CliRunner().invoke(main, ["followup"], env=then, catch_exceptions=False)
    assert f"invited {case['name']} again, as they asked" in sent.output, sent.output
    again = CliRunner().invoke(main, ["followup"], env=then, catch_exceptions=False)
    assert "again, as they asked" not in again.output
    conn = sqlite3.connect(Path(env["MEETUP_DATA_DIR"]) / "meetup.db")
    invites = conn.execute("SELECT id, state FROM invites WHERE friend_id = ? ORDER BY id", (case["friend"],))
    assert [state for _, state in invites] == ["declined", "open"]
    status = CliRunner().invoke(main, ["status"], env=then, catch_exceptions=False).output
    assert "invite again" not in status


def test_status_json_names_away_and_ask_again(tmp_path: Path) -> None:
    import json

    away = next(c for c in CASES if c["expect"] == "away:2026-11-30")
    _, env = run_alone(tmp_path, away)
    doc = json.loads(CliRunner().invoke(main, ["status", "--json"], env=env, catch_exceptions=False).output)
    assert [(i["away_until"], i["ask_again_on"]) for i in doc["invites"]] == [("2026-11-30", None)]
    later = next(c for c in CASES if c["expect"] == "later:2027-01-01")
    _, env = run_alone(tmp_path, later)
    doc = json.loads(CliRunner().invoke(main, ["status", "--json"], env=env, catch_exceptions=False).output)
    assert [(i["state"], i["away_until"], i["ask_again_on"]) for i in doc["invites"]] == [
        ("declined", None, "2027-01-01")
    ]
