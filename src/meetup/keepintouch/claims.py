"""Claiming a friend before inviting them for being due (``--next`` and the automatic step).

One ``BEGIN IMMEDIATE`` transaction re-reads open invites, recent invites and this week's claims
and inserts one row into ``kit_starts``, unique per (week, friend) and per (week, source, slot):
overlapping processes therefore never pick the same friend and never exceed ``per_week``, even
if a check were ever wrong. A claim whose invite could not be made is released again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from meetup.keepintouch import book
from meetup.keepintouch.due import Due
from meetup.store.db import immediate, parse_utc, utc_text

#: A friend invited (by any means) within half their cadence, and at least this long ago, is not
#: picked again by --next or auto mode: a "no" is not answered with a new invite the next week.
RECENTLY_ASKED = timedelta(days=7)


def last_asked(conn: sqlite3.Connection) -> dict[int, datetime]:
    return {
        int(r[0]): parse_utc(str(r[1]))
        for r in conn.execute("SELECT friend_id, MAX(created_at) FROM invites GROUP BY friend_id")
    }


def asked_recently(entry: Due, asked: datetime | None, now: datetime) -> bool:
    if asked is None:
        return False
    return now - asked < max(RECENTLY_ASKED, timedelta(days=entry.every_days // 2))


def claim(
    conn: sqlite3.Connection, candidates: Sequence[Due], *, week: str, source: str, per_week: int | None,
    now: datetime, eligible: Callable[[int], bool] = lambda _id: True,
) -> tuple[int, Due] | None:  # fmt: skip
    """Reserve the first candidate nobody has asked yet; (claim id, friend) or None."""
    with immediate(conn):
        slot = None
        if per_week is not None:
            used = conn.execute(
                "SELECT COUNT(*) FROM kit_starts WHERE week = ? AND source = ?", (week, source)
            ).fetchone()[0]
            if int(used) >= per_week:
                return None
            slot = int(used) + 1
        busy = set(book.open_invites(conn))
        busy |= {int(r[0]) for r in conn.execute("SELECT friend_id FROM kit_starts WHERE week = ?", (week,))}
        asked = last_asked(conn)
        for entry in candidates:
            if entry.friend_id in busy or entry.overdue_days < 0 or not eligible(entry.friend_id):
                continue
            if asked_recently(entry, asked.get(entry.friend_id), now):
                continue
            cursor = conn.execute(
                "INSERT INTO kit_starts (friend_id, week, source, slot, created_at) VALUES (?, ?, ?, ?, ?)",
                (entry.friend_id, week, source, slot, utc_text(now)),
            )
            return int(cursor.lastrowid or 0), entry
    return None


def settle(conn: sqlite3.Connection, claim_id: int, invite_id: int | None) -> None:
    """The claim's invite exists (remember it) or could not be made (release the claim)."""
    with immediate(conn):
        if invite_id is None:
            conn.execute("DELETE FROM kit_starts WHERE id = ?", (claim_id,))
        else:
            conn.execute("UPDATE kit_starts SET invite_id = ? WHERE id = ?", (invite_id, claim_id))
