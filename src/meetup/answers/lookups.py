"""What ``meetup inbox`` looks up per message, one indexed query at a time: which invite a
Message-ID belongs to, and whose address an invite expects. Loading these for the whole history
on every run made ``inbox`` cost grow with years of invites."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping


class SentLookup(Mapping[str, int]):
    """Message-ID -> invite, looked up one reference at a time (indexed), never the whole history."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __getitem__(self, message_id: str) -> int:
        row = self.conn.execute(
            "SELECT invite_id FROM messages WHERE message_id = ? AND invite_id IS NOT NULL", (message_id,)
        ).fetchone()
        if row is None:
            raise KeyError(message_id)
        return int(row[0])

    def __iter__(self) -> Iterator[str]:
        return (
            str(r[0])
            for r in self.conn.execute("SELECT message_id FROM messages WHERE invite_id IS NOT NULL")
        )

    def __len__(self) -> int:
        return int(
            self.conn.execute("SELECT COUNT(*) FROM messages WHERE invite_id IS NOT NULL").fetchone()[0]
        )


class FriendEmailLookup(Mapping[int, "str | None"]):
    """Invite -> its friend's address, one invite at a time."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __getitem__(self, invite_id: int) -> str | None:
        row = self.conn.execute(
            "SELECT f.email FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.id = ?", (invite_id,)
        ).fetchone()
        if row is None:
            raise KeyError(invite_id)
        return None if row[0] is None else str(row[0])

    def __iter__(self) -> Iterator[int]:
        return (int(r[0]) for r in self.conn.execute("SELECT id FROM invites"))

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM invites").fetchone()[0])
