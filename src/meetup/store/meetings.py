"""meetup's own meetings and open offers, as busy time for every free-time search.

A time a friend agreed to is busy whether or not it was written to a calendar (``write = true``);
when it was, the calendar's copy and this one are the same interval and count once, because free
time is availability minus the *union* of busy intervals. An option still offered in an open
invite is not busy (it may never be chosen), but no other invite may offer it at the same time.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from meetup.calendar.intervals import Interval


def _interval(start: str, end: str) -> Interval:
    return Interval(datetime.fromisoformat(start), datetime.fromisoformat(end))


def own_meetings(conn: sqlite3.Connection) -> list[Interval]:
    """Every agreed meeting (the chosen option of an accepted invite)."""
    rows = conn.execute(
        "SELECT o.start_utc, o.end_utc FROM invite_options o JOIN invites i ON i.id = o.invite_id "
        "WHERE o.state = 'chosen' AND i.state = 'accepted' ORDER BY o.start_utc"
    )
    return [_interval(a, b) for a, b in rows]


def offered_elsewhere(conn: sqlite3.Connection, *, but: int | None = None) -> list[Interval]:
    """Options still on offer in open invites (except invite ``but``): never offer a time twice."""
    rows = conn.execute(
        "SELECT o.start_utc, o.end_utc FROM invite_options o JOIN invites i ON i.id = o.invite_id "
        "WHERE i.state = 'open' AND o.state = 'offered' AND i.id IS NOT ?",
        (but,),
    )
    return [_interval(a, b) for a, b in rows]


def claimed_times(conn: sqlite3.Connection, *, but: int | None = None) -> list[Interval]:
    """Times a yes has claimed and is booking right now (see :mod:`meetup.store.bookings`),
    except invite ``but``'s."""
    rows = conn.execute(
        "SELECT start_utc, end_utc FROM bookings WHERE state = 'claimed' AND invite_id IS NOT ?", (but,)
    )
    return [_interval(a, b) for a, b in rows]


def booked_times(conn: sqlite3.Connection, *, but: int | None = None) -> list[Interval]:
    """What a yes can no longer have: agreed meetings and other invites' claims in flight."""
    return own_meetings(conn) + claimed_times(conn, but=but)


def unavailable(conn: sqlite3.Connection, *, but: int | None = None) -> list[Interval]:
    """What a new option must not overlap: agreed meetings, times being booked, and other
    invites' open offers."""
    return booked_times(conn, but=but) + offered_elsewhere(conn, but=but)


def own_meetings_at(path: Path) -> list[Interval]:
    """The agreed meetings in the database at ``path``, read-only; none when there is no
    database (or no invite tables) yet, as for ``meetup slots`` before the first invite."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path, timeout=30)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"invites", "invite_options"} <= tables:
            return []
        return own_meetings(conn)
    finally:
        conn.close()


def labelled_times_at(path: Path) -> tuple[list[tuple[Interval, str]], list[tuple[Interval, str]]]:
    """``(offered, agreed)``: options on offer in open invites and agreed meetings, each with its
    friend's name, for the week grid; none when there is no database yet. Read-only."""
    if not path.exists():
        return [], []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"invites", "invite_options", "friends"} <= tables:
            return [], []
        rows = conn.execute(
            "SELECT o.start_utc, o.end_utc, f.name, i.state, o.state FROM invite_options o "
            "JOIN invites i ON i.id = o.invite_id JOIN friends f ON f.id = i.friend_id "
            "WHERE (i.state = 'open' AND o.state = 'offered') OR (i.state = 'accepted' AND o.state = 'chosen')"
        ).fetchall()
    finally:
        conn.close()
    offered = [(_interval(a, b), str(n)) for a, b, n, invite, _ in rows if invite == "open"]
    agreed = [(_interval(a, b), str(n)) for a, b, n, invite, _ in rows if invite == "accepted"]
    return offered, agreed
