"""The state store: WAL and busy timeout, recorded forward-only migrations, transactions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from meetup.store import StoreError, open_store
from meetup.store.migrations import MIGRATIONS


def test_open_sets_wal_busy_timeout_foreign_keys_and_records_migrations(tmp_path: Path) -> None:
    with open_store(tmp_path / "state" / "meetup.db") as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        recorded = [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert recorded[: len(MIGRATIONS)] == [name for name, _ in MIGRATIONS]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"friends", "invites", "invite_options", "messages"} <= tables


def test_reopening_keeps_data_and_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "meetup.db"
    with open_store(path) as store, store.transaction() as conn:
        conn.execute("INSERT INTO friends (name) VALUES ('Sam')")
    with open_store(path) as store:
        first = store.conn.execute("SELECT name, applied_at FROM _migrations").fetchall()
    with open_store(path) as store:
        assert store.conn.execute("SELECT name, applied_at FROM _migrations").fetchall() == first
        assert store.conn.execute("SELECT name FROM friends").fetchall() == [("Sam",)]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "meetup.db") as store:
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.execute("INSERT INTO friends (name) VALUES ('Sam')")
            raise RuntimeError("crash between two writes")
        assert store.conn.execute("SELECT count(*) FROM friends").fetchone()[0] == 0


def test_message_ids_are_unique_in_the_queue(tmp_path: Path) -> None:
    import sqlite3

    row = "INSERT INTO messages (kind, message_id, recipient, raw, transport, state, created_at) VALUES (?,?,?,?,?,?,?)"
    values = ("invite", "<a@x>", "sam@example.net", b"raw", "print", "queued", "2026-11-23T00:00:00+00:00")
    with open_store(tmp_path / "meetup.db") as store:
        with store.transaction() as conn:
            conn.execute(row, values)
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
            conn.execute(row, values)


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "meetup.db"
    code = f"from pathlib import Path; from meetup.store import open_store; open_store(Path({str(path)!r})).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(6)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    with open_store(path) as store:
        names = [row[0] for row in store.conn.execute("SELECT name FROM _migrations")]
    assert len(names) == len(set(names))


def test_an_unusable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot"):
        open_store(blocker / "meetup.db")
