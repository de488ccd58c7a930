"""Seeding invites for the follow-up tests (loaded by path; see conftest.py)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCHEMA = Path(__file__).with_name("data") / "queue_schema.sql"


def _create_tables(db: Path, conn: sqlite3.Connection) -> None:
    """The store's own migrations when the store module is installed, else the agreed schema
    from QUEUE.md (tests/data/queue_schema.sql)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'messages'").fetchone():
        return
    try:
        from meetup.store import open_store  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        conn.executescript(SCHEMA.read_text())
        return
    store = open_store(db)
    close = getattr(store, "close", None)
    if callable(close):
        close()


T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def seed(db: Path, count: int, *, sent_at: datetime = T0) -> None:
    """``count`` open invites, each with its first mail sent at ``sent_at`` and 2 options."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        _create_tables(db, conn)
        conn.execute("BEGIN")
        for n in range(1, count + 1):
            conn.execute(
                "INSERT INTO friends (id, name, email, tz) VALUES (?, ?, ?, ?)",
                (n, f"Friend{n}", f"friend{n}@example.org", "Europe/Berlin"),
            )
            conn.execute(
                "INSERT INTO invites (id, friend_id, activity, duration_min, state, created_at, thread_message_id) "
                "VALUES (?, ?, 'coffee', 60, 'open', ?, ?)",
                (n, n, sent_at.isoformat(), f"<meetup.{n}.invite.1.x@example.org>"),
            )
            for position in (1, 2):
                start = sent_at + timedelta(days=position, hours=8)
                conn.execute(
                    "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
                    (n, position, start.isoformat(), (start + timedelta(hours=1)).isoformat()),
                )
            conn.execute(
                "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
                "created_at, sent_at) VALUES (?, 'invite', ?, ?, 'Coffee?', x'00', 'email', 'sent', ?, ?)",
                (
                    n,
                    f"<meetup.{n}.invite.1.x@example.org>",
                    f"friend{n}@example.org",
                    sent_at.isoformat(),
                    sent_at.isoformat(),
                ),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()


def add_friends(db: Path, names: list[str]) -> None:
    """Friends with no invites yet (for campaigns)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        _create_tables(db, conn)
        for name in names:
            conn.execute(
                "INSERT INTO friends (name, email, tz) VALUES (?, ?, 'Europe/Berlin')",
                (name, f"{name.lower()}@example.org"),
            )
    finally:
        conn.close()
