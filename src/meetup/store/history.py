"""What a thread has said so far and what an invite asked for, read back for the next message.

The composer never repeats a sentence within a thread or to the same friend across their last
few invites; it needs the earlier texts, which are the bodies of the messages meetup recorded.
"""

from __future__ import annotations

import sqlite3
from email import message_from_bytes, policy

from meetup.invite.request import StoredRequest

#: How many of a friend's earlier invites count as "lately" for not repeating a sentence.
RECENT_INVITES = 3


def body_of(raw: bytes | str) -> str:
    """The plain-text body of a recorded message ("" when it cannot be read)."""
    data = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else bytes(raw)
    try:
        message = message_from_bytes(data, policy=policy.default)
        part = message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""
    except (LookupError, ValueError, TypeError, AttributeError):
        return ""


def used_texts(conn: sqlite3.Connection, invite_id: int) -> tuple[str, ...]:
    """Bodies of every message in this invite's thread and in the friend's last few invites."""
    row = conn.execute("SELECT friend_id FROM invites WHERE id = ?", (invite_id,)).fetchone()
    if row is None:
        return ()
    recent = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM invites WHERE friend_id = ? AND id != ? ORDER BY id DESC LIMIT ?",
            (row[0], invite_id, RECENT_INVITES),
        )
    ]
    return friend_texts(conn, [invite_id, *recent])


def friend_texts(conn: sqlite3.Connection, invite_ids: list[int]) -> tuple[str, ...]:
    if not invite_ids:
        return ()
    marks = ", ".join("?" for _ in invite_ids)
    rows = conn.execute(f"SELECT raw FROM messages WHERE invite_id IN ({marks}) ORDER BY id", invite_ids)
    return tuple(text for (raw,) in rows if (text := body_of(raw)))


def recent_for_friend(conn: sqlite3.Connection, friend_id: int) -> tuple[str, ...]:
    """Bodies of the messages of a friend's last few invites (for a new invite to them)."""
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM invites WHERE friend_id = ? ORDER BY id DESC LIMIT ?", (friend_id, RECENT_INVITES)
        )
    ]
    return friend_texts(conn, ids)


def stored_request(conn: sqlite3.Connection, invite_id: int) -> StoredRequest | None:
    """The request an invite was made with; None for invites made before requests were stored."""
    row = conn.execute("SELECT request FROM invites WHERE id = ?", (invite_id,)).fetchone()
    return parse_request(row[0] if row else None)


def parse_request(text: object) -> StoredRequest | None:
    """A stored request column; None when empty (an older invite) or unreadable."""
    if not text:
        return None
    try:
        return StoredRequest.from_json(str(text))
    except (ValueError, TypeError, KeyError):
        return None
