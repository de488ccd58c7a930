"""Keep-in-touch state in the store: cadences, tags, interactions, notes, imported connections.

Interactions are of two kinds: the ones recorded with ``meetup met`` (table ``interactions``) and
every confirmed meeting once it has happened (an accepted invite whose chosen time has ended),
read from the invites themselves so nothing is stored twice and nothing can drift.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetup.errors import UsageError
from meetup.keepintouch.cadence import Cadence, local_date, parse_cadence
from meetup.keepintouch.due import Standing, effective_cadence
from meetup.store.db import parse_utc, utc_text
from meetup.text import clean_text, one_line

#: Invite states that count as "already asked, waiting for an answer".
OPEN_STATES = ("open", "unsent", "draft")


def clean_tag(text: str) -> str:
    tag = one_line(text).lower().lstrip("#")
    if not tag or any(c in tag for c in ",;"):
        raise UsageError(f"--tag {text!r}: a tag is one word or phrase without commas")
    return tag


# --- cadences and tags ------------------------------------------------------------------


def set_cadence(conn: sqlite3.Connection, friend_id: int, cadence: Cadence | None, now: datetime) -> None:
    if cadence is None:
        conn.execute("DELETE FROM friend_cadences WHERE friend_id = ?", (friend_id,))
        return
    conn.execute(
        "INSERT INTO friend_cadences (friend_id, every, set_at) VALUES (?, ?, ?) "
        "ON CONFLICT (friend_id) DO UPDATE SET every = excluded.every, set_at = "
        "CASE WHEN friend_cadences.every = excluded.every THEN friend_cadences.set_at ELSE excluded.set_at END",
        (friend_id, str(cadence), utc_text(now)),
    )


def cadence_of(conn: sqlite3.Connection, friend_id: int) -> tuple[Cadence, datetime] | None:
    row = conn.execute(
        "SELECT every, set_at FROM friend_cadences WHERE friend_id = ?", (friend_id,)
    ).fetchone()
    return (parse_cadence(str(row[0])), parse_utc(str(row[1]))) if row else None


def add_tags(conn: sqlite3.Connection, friend_id: int, tags: Iterable[str], now: datetime) -> None:
    for tag in tags:
        conn.execute(
            "INSERT OR IGNORE INTO friend_tags (friend_id, tag, tagged_at) VALUES (?, ?, ?)",
            (friend_id, clean_tag(tag), utc_text(now)),
        )


def remove_tags(conn: sqlite3.Connection, friend_id: int, tags: Iterable[str]) -> None:
    for tag in tags:
        conn.execute("DELETE FROM friend_tags WHERE friend_id = ? AND tag = ?", (friend_id, clean_tag(tag)))


def tags_of(conn: sqlite3.Connection, friend_id: int) -> dict[str, datetime]:
    return {
        str(r[0]): parse_utc(str(r[1]))
        for r in conn.execute(
            "SELECT tag, tagged_at FROM friend_tags WHERE friend_id = ? ORDER BY tag", (friend_id,)
        )
    }


def friend_ids_with_tag(conn: sqlite3.Connection, tag: str) -> set[int]:
    return {
        int(r[0]) for r in conn.execute("SELECT friend_id FROM friend_tags WHERE tag = ?", (clean_tag(tag),))
    }


def forget(conn: sqlite3.Connection, friend_id: int) -> None:
    """A removed friend's keep-in-touch rows go with them (only friends without invites are removable)."""
    for table in ("friend_cadences", "friend_tags", "interactions", "friend_notes", "connections"):
        conn.execute(f"DELETE FROM {table} WHERE friend_id = ?", (friend_id,))


# --- interactions and notes -------------------------------------------------------------


@dataclass(frozen=True)
class Interaction:
    on: date
    how: str
    note: str | None
    #: "met" for one recorded by hand, else "invite N"
    source: str


def record_met(
    conn: sqlite3.Connection, friend_id: int, on: date, how: str | None, note: str | None, now: datetime
) -> None:
    conn.execute(
        "INSERT INTO interactions (friend_id, on_date, how, note, recorded_at) VALUES (?, ?, ?, ?, ?)",
        (
            friend_id,
            on.isoformat(),
            one_line(how or "") or None,
            clean_text(note or "") or None,
            utc_text(now),
        ),
    )


def _meetings(
    conn: sqlite3.Connection, now: datetime, friend_id: int | None = None
) -> list[tuple[int, datetime, str, int]]:
    """Confirmed meetings that have ended by ``now``: (friend, start, activity, invite)."""
    query = (
        "SELECT i.friend_id, o.start_utc, i.activity, i.id FROM invites i "
        "JOIN invite_options o ON o.invite_id = i.id AND o.state = 'chosen' "
        "WHERE i.state = 'accepted' AND o.end_utc <= ?"
    )
    params: tuple[object, ...] = (utc_text(now),)
    if friend_id is not None:
        query += " AND i.friend_id = ?"
        params += (friend_id,)
    return [
        (int(r[0]), parse_utc(str(r[1])), str(r[2] or "meeting"), int(r[3]))
        for r in conn.execute(query, params)
    ]


def interactions(
    conn: sqlite3.Connection, friend_id: int, zone: ZoneInfo, now: datetime
) -> list[Interaction]:
    """Everything that counts as contact with this friend, newest first."""
    found = [
        Interaction(date.fromisoformat(str(r[0])), str(r[1] or "met"), r[2], "met")
        for r in conn.execute(
            "SELECT on_date, how, note FROM interactions WHERE friend_id = ? ORDER BY on_date, id",
            (friend_id,),
        )
    ]
    found += [
        Interaction(local_date(start, zone), activity, None, f"invite {invite}")
        for _, start, activity, invite in _meetings(conn, now, friend_id)
    ]
    return sorted(found, key=lambda i: i.on, reverse=True)


def last_contacts(conn: sqlite3.Connection, zone: ZoneInfo, now: datetime) -> dict[int, date]:
    last: dict[int, date] = {}
    for friend_id, on_date in conn.execute(
        "SELECT friend_id, MAX(on_date) FROM interactions GROUP BY friend_id"
    ):
        last[int(friend_id)] = date.fromisoformat(str(on_date))
    # the latest meeting per friend, aggregated in SQLite: one row per friend, not per meeting ever had
    for friend_id, start in conn.execute(
        "SELECT i.friend_id, MAX(o.start_utc) FROM invites i "
        "JOIN invite_options o ON o.invite_id = i.id AND o.state = 'chosen' "
        "WHERE i.state = 'accepted' AND o.end_utc <= ? GROUP BY i.friend_id",
        (utc_text(now),),
    ):
        on = local_date(parse_utc(str(start)), zone)
        if on > last.get(int(friend_id), date.min):
            last[int(friend_id)] = on
    return last


def add_note(conn: sqlite3.Connection, friend_id: int, text: str, now: datetime, source: str = "you") -> bool:
    """Keep a note; the same text from the same source is kept once (re-imports add nothing)."""
    clean = clean_text(text)
    if not clean:
        raise UsageError("the note is empty")
    if conn.execute(
        "SELECT 1 FROM friend_notes WHERE friend_id = ? AND source = ? AND text = ?",
        (friend_id, source, clean),
    ).fetchone():
        return False
    conn.execute(
        "INSERT INTO friend_notes (friend_id, text, source, created_at) VALUES (?, ?, ?, ?)",
        (friend_id, clean, source, utc_text(now)),
    )
    return True


def notes_of(conn: sqlite3.Connection, friend_id: int) -> list[tuple[datetime, str, str]]:
    """(when, text, source), newest first."""
    return [
        (parse_utc(str(r[0])), str(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT created_at, text, source FROM friend_notes WHERE friend_id = ? ORDER BY created_at DESC, id DESC",
            (friend_id,),
        )
    ]


def set_connection(
    conn: sqlite3.Connection, friend_id: int, source: str, url: str | None, connected_on: date | None
) -> None:
    conn.execute(
        "INSERT INTO connections (friend_id, source, url, connected_on) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (friend_id) DO UPDATE SET source = excluded.source, url = COALESCE(excluded.url, url), "
        "connected_on = COALESCE(excluded.connected_on, connected_on)",
        (friend_id, source, url, connected_on.isoformat() if connected_on else None),
    )


def connection_of(conn: sqlite3.Connection, friend_id: int) -> tuple[str, str | None, date | None] | None:
    row = conn.execute(
        "SELECT source, url, connected_on FROM connections WHERE friend_id = ?", (friend_id,)
    ).fetchone()
    if row is None:
        return None
    return str(row[0]), row[1], date.fromisoformat(str(row[2])) if row[2] else None


def connected_since(conn: sqlite3.Connection) -> dict[int, date]:
    return {
        int(r[0]): date.fromisoformat(str(r[1]))
        for r in conn.execute(
            "SELECT friend_id, connected_on FROM connections WHERE connected_on IS NOT NULL"
        )
    }


# --- the due list's input ---------------------------------------------------------------


def open_invites(conn: sqlite3.Connection) -> dict[int, int]:
    """friend -> their newest invite still waiting for an answer."""
    marks = ",".join("?" for _ in OPEN_STATES)
    return {
        int(r[0]): int(r[1])
        for r in conn.execute(
            f"SELECT friend_id, MAX(id) FROM invites WHERE state IN ({marks}) GROUP BY friend_id", OPEN_STATES
        )
    }


def standings(
    conn: sqlite3.Connection, *, zone: ZoneInfo, now: datetime, tag_defaults: Mapping[str, Cadence]
) -> list[Standing]:
    """Every friend with what the due list needs: cadence (own or by tag), last contact, open invite."""
    last = last_contacts(conn, zone, now)
    waiting = open_invites(conn)
    own = {
        int(r[0]): (parse_cadence(str(r[1])), local_date(parse_utc(str(r[2])), zone))
        for r in conn.execute("SELECT friend_id, every, set_at FROM friend_cadences")
    }
    tags: dict[int, dict[str, date]] = {}
    for friend_id, tag, tagged_at in conn.execute("SELECT friend_id, tag, tagged_at FROM friend_tags"):
        tags.setdefault(int(friend_id), {})[str(tag)] = local_date(parse_utc(str(tagged_at)), zone)
    result = []
    for friend_id, name in conn.execute("SELECT id, name FROM friends ORDER BY name COLLATE NOCASE"):
        mine, mine_on = own.get(int(friend_id), (None, None))
        cadence, anchor = effective_cadence(mine, mine_on, tags.get(int(friend_id), {}), tag_defaults)
        result.append(
            Standing(
                friend_id=int(friend_id),
                name=str(name),
                cadence=cadence,
                cadence_set_on=anchor,
                last_contact=last.get(int(friend_id)),
                open_invite=waiting.get(int(friend_id)),
                tags=frozenset(tags.get(int(friend_id), {})),
            )
        )
    return result
