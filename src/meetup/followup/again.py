"""Asking again when a friend said "later" and named a time ("in January", "in a couple of weeks").

The answer recorded ``ask_again_at`` on the invite; on that day ``meetup followup`` sends a new
invite. Claimed in one ``BEGIN IMMEDIATE`` transaction (an ``asked_again`` answer row), so
overlapping cron runs send it once; a failure to invite (no free time now) gives the claim back
for the next run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from meetup.store.db import immediate, utc_text


@dataclass(frozen=True)
class AskAgain:
    invite_id: int
    friend: str
    activity: str
    duration: int | None
    on: date


def due_again(conn: sqlite3.Connection, today: date) -> list[AskAgain]:
    """Invites whose friend asked to be asked again by ``today``, not yet asked, with no newer invite."""
    rows = conn.execute(
        "SELECT i.id, f.name, i.activity, i.duration_min, i.ask_again_at FROM invites i "
        "JOIN friends f ON f.id = i.friend_id WHERE i.ask_again_at IS NOT NULL AND i.ask_again_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.invite_id = i.id AND a.outcome = 'asked_again') "
        "AND NOT EXISTS (SELECT 1 FROM invites n WHERE n.friend_id = i.friend_id AND n.id > i.id) "
        "ORDER BY i.ask_again_at, i.id",
        (today.isoformat(),),
    ).fetchall()
    return [
        AskAgain(
            int(r[0]), str(r[1]), str(r[2] or "coffee"), int(r[3]) if r[3] else None, date.fromisoformat(r[4])
        )
        for r in rows
    ]


def ask_again(
    conn: sqlite3.Connection, item: AskAgain, *, now: datetime, invite: Callable[[AskAgain], int]
) -> int | None:
    """Claim ``item`` and send the new invite (``invite`` returns its id); None when another run
    already did. An error from ``invite`` gives the claim back and propagates."""
    with immediate(conn):
        taken = conn.execute(
            "SELECT 1 FROM answers WHERE invite_id = ? AND outcome = 'asked_again'", (item.invite_id,)
        ).fetchone()
        if taken:
            return None
        claim = conn.execute(
            "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) "
            "VALUES (?, 'later', NULL, 'asked_again', 'followup', ?)",
            (item.invite_id, utc_text(now)),
        ).lastrowid
    try:
        return invite(item)
    except BaseException:
        with immediate(conn):
            conn.execute("DELETE FROM answers WHERE id = ?", (claim,))
        raise
