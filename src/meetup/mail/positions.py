"""How far each IMAP folder has been read (its UIDVALIDITY and the highest UID processed), so
``meetup inbox`` fetches only new messages instead of the whole window again on every run."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from meetup.mail.sources import Position
from meetup.store.db import immediate, utc_text


def load_position(conn: sqlite3.Connection, key: str) -> Position | None:
    row = conn.execute("SELECT uidvalidity, last_uid FROM imap_positions WHERE folder = ?", (key,)).fetchone()
    return Position(int(row[0]), int(row[1])) if row else None


def save_position(conn: sqlite3.Connection, key: str, uidvalidity: int, uid: int, now: datetime) -> None:
    """Record ``uid`` as processed; never moves back (an overlapping run may be behind), and a
    new UIDVALIDITY starts the count afresh."""
    with immediate(conn):
        conn.execute(
            "INSERT INTO imap_positions (folder, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (folder) DO UPDATE SET "
            "last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN MAX(last_uid, excluded.last_uid) "
            "ELSE excluded.last_uid END, uidvalidity = excluded.uidvalidity, updated_at = excluded.updated_at",
            (key, uidvalidity, uid, utc_text(now)),
        )
