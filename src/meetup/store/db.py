"""Database access for replies and follow-ups: the shared ``meetup.db`` plus this feature's own
forward-only migrations (``m010_followups``, ``m011_inbox``).

The store module (``meetup.store``) owns the file and the invites/messages tables; when it is
present its ``open_store`` is used so every migration is applied in one place. The tables below are
this feature's own and are only ever added to, never edited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from meetup.errors import MeetupError

#: Appended after the store's migrations; names are recorded in ``_migrations``.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "m010_followups",
        """
        -- One row per follow-up decision. The primary key is what makes a nudge exactly-once:
        -- however many `meetup followup` runs overlap, only one can insert (invite, attempt).
        CREATE TABLE IF NOT EXISTS followups (
            invite_id INTEGER NOT NULL,
            attempt INTEGER NOT NULL,          -- 1, 2, ... nudges, then the give-up step
            kind TEXT NOT NULL,                -- nudge | gave_up
            message_id TEXT,                   -- the queued message (NULL for gave_up)
            created_at TEXT NOT NULL,
            PRIMARY KEY (invite_id, attempt)
        );
        """,
    ),
    (
        "m011_inbox",
        """
        -- Every incoming message meetup has looked at, keyed by Message-ID: never read twice.
        CREATE TABLE IF NOT EXISTS inbox_messages (
            message_id TEXT PRIMARY KEY,
            invite_id INTEGER,
            sender TEXT NOT NULL,
            subject TEXT NOT NULL,
            kind TEXT NOT NULL,                -- yes | no | later | ambiguous | unmatched
            option INTEGER,
            why TEXT NOT NULL,
            needs_user INTEGER NOT NULL DEFAULT 0,
            resolved_at TEXT,
            received_at TEXT NOT NULL,
            excerpt TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    (
        "m012_answers",
        """
        -- Every answer recorded for an invite, from mail or by hand (meetup reply).
        CREATE TABLE IF NOT EXISTS answers (
            id INTEGER PRIMARY KEY,
            invite_id INTEGER NOT NULL,
            kind TEXT NOT NULL,                -- yes | no | later
            option INTEGER,
            outcome TEXT NOT NULL,             -- confirmed | slot_taken | thanked | later
            source TEXT NOT NULL,              -- the Message-ID, or 'by hand'
            recorded_at TEXT NOT NULL
        );
        """,
    ),
    (
        "m013_campaigns",
        """
        CREATE TABLE IF NOT EXISTS campaigns (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            activity TEXT NOT NULL,
            duration_min INTEGER NOT NULL,
            parallel INTEGER NOT NULL,
            state TEXT NOT NULL,               -- running | succeeded | exhausted | stopped
            created_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE TABLE IF NOT EXISTS campaign_members (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            position INTEGER NOT NULL,
            friend_id INTEGER NOT NULL,
            invite_id INTEGER,                 -- set once invited
            PRIMARY KEY (campaign_id, position)
        );
        """,
    ),
    (
        "m033_i12_inbox_indexes",
        """
        -- the daily commands' lookups, so their cost does not grow with years of history
        CREATE INDEX IF NOT EXISTS inbox_messages_waiting ON inbox_messages (needs_user, resolved_at);
        CREATE INDEX IF NOT EXISTS inbox_messages_invite ON inbox_messages (invite_id);
        CREATE INDEX IF NOT EXISTS answers_invite ON answers (invite_id);
        CREATE INDEX IF NOT EXISTS campaigns_state ON campaigns (state);
        """,
    ),
    (
        "m034_i10_answer_times",
        """
        -- An automatic reply's "back on DATE" holds the invite's nudges until then, and a "later"
        -- that named a time is asked again then (no semicolons in comments: statements split on them).
        ALTER TABLE invites ADD COLUMN hold_until TEXT;
        ALTER TABLE invites ADD COLUMN ask_again_at TEXT;
        ALTER TABLE inbox_messages ADD COLUMN until TEXT;
        """,
    ),
    (
        "m035_i12_imap_positions",
        """
        -- how far `meetup inbox` has read each IMAP folder: fetch only what is new
        CREATE TABLE IF NOT EXISTS imap_positions (
            folder TEXT PRIMARY KEY,           -- user@host:port/mailbox
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
]


class StoreError(MeetupError):
    """The database could not be read or written (locked too long, corrupt, missing tables)."""


#: The invites feature's tables; until they exist there is nothing to follow up.
REQUIRED_TABLES = ("friends", "invites", "invite_options", "messages")


def has_invite_tables(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return all(name in names for name in REQUIRED_TABLES)


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """sqlite3 failures become one clear line naming the database."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"database {path}: {exc}") from None


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done so itself (a full disk, an
    I/O error): a second error from ROLLBACK would hide the one the user has to see."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: the write lock is taken up front, so a decision made
    inside (is this nudge due? has it been created?) cannot be raced by another process."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        rollback(conn)
        raise
    conn.execute("COMMIT")


def apply_migrations(conn: sqlite3.Connection, now: datetime) -> None:
    with immediate(conn):
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, utc_text(now)))


def connect(path: Path, now: datetime) -> sqlite3.Connection:
    """A connection in autocommit mode (every transaction here is explicit), WAL, busy timeout.

    When the store module is installed it opens the file first so its own migrations run; this
    feature then uses its own autocommit connection, so an implicit transaction can never hold
    the write lock between a claim and a send."""
    try:
        from meetup.store import open_store
    except ImportError:  # the invites feature's store is not installed: nothing to migrate
        pass
    else:
        open_store(path).close()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA foreign_keys=ON")
    apply_migrations(conn, now)
    return conn
