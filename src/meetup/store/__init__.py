"""meetup's state: one SQLite file (``meetup.db`` in the data dir), opened through here.

SQLite is state, not cache: every change runs in a transaction, migrations are forward-only,
named and recorded, and the file is never deleted or recreated. WAL mode and a busy timeout
let overlapping cron runs share it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from meetup.errors import MeetupError
from meetup.safety import make_private, private_dir
from meetup.store.db import rollback
from meetup.store.migrations import MIGRATIONS

__all__ = ["Store", "StoreError", "open_store"]


class StoreError(MeetupError):
    """The database cannot be opened or written (permissions, disk full, corrupt file)."""


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls the whole change back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            rollback(self.conn)
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NewerDatabase(StoreError):
    """The file carries migrations this meetup does not know: using it could lose data."""


def known_migrations() -> set[str]:
    """Every migration name this version of meetup ships (the store's and the features')."""
    from meetup.store import db

    return {name for name, _ in MIGRATIONS} | {name for name, _ in db.MIGRATIONS}


def refuse_newer(done: set[str]) -> None:
    unknown = sorted(done - known_migrations())
    if unknown:
        raise NewerDatabase(
            f"this database was written by a newer meetup (unknown migrations: {', '.join(unknown[:3])}); "
            "upgrade meetup to use it"
        )


def _apply_migrations(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("BEGIN IMMEDIATE")  # one process migrates at a time
    try:
        done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
        refuse_newer(done)
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            for statement in sql.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat()),
            )
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def open_store(path: Path) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    try:
        private_dir(path.parent)
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        for suffix in ("", "-wal", "-shm"):  # friends' details live here: never world-readable
            make_private(path.with_name(path.name + suffix))
        _apply_migrations(conn)
    except NewerDatabase as exc:
        raise NewerDatabase(f"{path}: {exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {path.parent}: {exc.strerror}") from None
    return Store(conn, path)
