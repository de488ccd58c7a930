"""Friends from LinkedIn's connections export, and phone numbers friends give. Store services."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from meetup.friends import add, all_friends, edit, is_email
from meetup.keepintouch import book
from meetup.keepintouch.linkedin import Connection


@dataclass
class ConnectionsImport:
    added: list[str]
    updated: list[str]
    without_email: int


def import_connections(
    conn: sqlite3.Connection, rows: Iterable[Connection], now: datetime
) -> ConnectionsImport:
    """Friends tagged ``linkedin``; their work as a note; the connection date kept. A known friend
    (by profile URL, then email, then name) is updated, and nothing is added twice."""
    result = ConnectionsImport([], [], 0)
    everyone = all_friends(conn)
    by_url = {
        str(r[1]): int(r[0])
        for r in conn.execute("SELECT friend_id, url FROM connections WHERE url IS NOT NULL")
    }
    for row in rows:
        email = row.email if row.email and is_email(row.email) else None
        match = next((f for f in everyone if f.id == by_url.get(row.url or "")), None)
        match = match or next(
            (f for f in everyone if email and f.email and f.email.lower() == email.lower()), None
        )
        match = match or next((f for f in everyone if f.name.lower() == row.name.lower()), None)
        if match is None:
            friend = add(conn, row.name, email=email)
            everyone.append(friend)
            result.added.append(friend.name)
        else:
            friend = edit(conn, match, email=email) if email and not match.email else match
            result.updated.append(friend.name)
        book.add_tags(conn, friend.id, ["linkedin"], now)
        book.set_connection(conn, friend.id, "linkedin", row.url, row.connected_on)
        if row.work:
            book.add_note(conn, friend.id, row.work, now, source="linkedin")
        result.without_email += friend.email is None
    return result


def record_phone(conn: sqlite3.Connection, friend_id: int, phone: str, now: datetime, source: str) -> bool:
    """A number the friend gave: kept as their phone; a different old one stays as a note."""
    old = conn.execute("SELECT phone FROM friends WHERE id = ?", (friend_id,)).fetchone()
    if old is None or (old[0] or "").replace(" ", "") == phone.replace(" ", ""):
        return False
    if old[0]:
        book.add_note(conn, friend_id, f"earlier phone number: {old[0]}", now, source="meetup")
    conn.execute("UPDATE friends SET phone = ? WHERE id = ?", (phone, friend_id))
    book.add_note(conn, friend_id, f"gave their number {phone} ({source})", now, source="meetup")
    return True
