"""Friends from LinkedIn's connections export, and phone numbers friends give. Store services."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import count

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
    by_id = {f.id: f for f in all_friends(conn)}
    by_url = {
        str(r[1]): int(r[0])
        for r in conn.execute("SELECT friend_id, url FROM connections WHERE url IS NOT NULL")
    }
    urls = {friend_id: url for url, friend_id in by_url.items()}
    by_email = {f.email.lower(): f.id for f in by_id.values() if f.email}
    by_name = {f.name.lower(): f.id for f in by_id.values()}
    for row in rows:
        email = row.email if row.email and is_email(row.email) else None
        found = by_url.get(row.url or "") or by_email.get((email or "").lower())
        named = by_name.get(row.name.lower())
        if found is None and named is not None and not (row.url and urls.get(named, row.url) != row.url):
            found = named  # the same name and no other profile: the same person
        match = by_id.get(found) if found else None
        if match is None:
            friend = add(conn, _free_name(row, by_name), email=email)
            result.added.append(friend.name)
        else:
            friend = edit(conn, match, email=email) if email and not match.email else match
            result.updated.append(friend.name)
        by_id[friend.id] = friend
        by_name[friend.name.lower()] = friend.id
        if friend.email:
            by_email[friend.email.lower()] = friend.id
        if row.url:
            by_url[row.url] = friend.id
            urls.setdefault(friend.id, row.url)
        book.add_tags(conn, friend.id, ["linkedin"], now)
        book.set_connection(conn, friend.id, "linkedin", row.url, row.connected_on)
        if row.work:
            book.add_note(conn, friend.id, row.work, now, source="linkedin")
        result.without_email += friend.email is None
    return result


def _free_name(row: Connection, taken: dict[str, int]) -> str:
    """Two connections called John Smith are two friends: the second is "John Smith (Acme)"."""
    if row.name.lower() not in taken:
        return row.name
    base = f"{row.name} ({row.company})" if row.company else row.name
    if base.lower() not in taken:
        return base
    return next(f"{base} ({n})" for n in count(2) if f"{base} ({n})".lower() not in taken)


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
