"""Claiming a time before the event is written: of two yeses to overlapping times, the first
claim wins, however many runs act at once.

Checking a calendar and writing an event take seconds, far too long to hold SQLite's write lock.
So a yes first *claims* its time: one short ``BEGIN IMMEDIATE`` transaction checks the time
against the agreed meetings and the other claims in flight, and records the claim. Only the
winner writes the event; its confirmation turns the claim into a booking in the same transaction
that queues the mail. A run that dies in between leaves its claim: it keeps the time taken and,
once stale, the next ``meetup inbox`` or ``meetup reply`` finishes it (or releases it when the
time has gone), so the answer is neither lost nor confirmed twice. A group's confirmation claims
for its first member's invite; its stale claim is released and the group decided again.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from meetup.calendar.intervals import Interval
from meetup.store.db import immediate, parse_utc, utc_text

#: A claim older than this belongs to a run presumed dead (as for a message being sent).
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Claim:
    #: won | taken (overlaps a meeting or another claim) | in_flight (another run is booking
    #: this invite right now) | not_open (the invite was answered meanwhile)
    result: str
    token: str = ""
    #: a dead run's claim on this invite was taken over: its event may have been written
    took_over: bool = False


@dataclass(frozen=True)
class StaleClaim:
    invite_id: int
    position: int
    source: str


def claim_time(
    conn: sqlite3.Connection,
    invite_id: int,
    position: int,
    slot: Interval,
    *,
    source: str,
    now: datetime,
    stale_after: timedelta = STALE_AFTER,
    states: tuple[str, ...] = ("open",),
) -> Claim:
    """Claim ``slot`` for option ``position`` of an open invite (a group claims for its first
    member's invite, which may be in ``states``), atomically: no other claim or agreed meeting
    may overlap it. A stale claim of the same invite is taken over."""
    with immediate(conn):
        row = conn.execute("SELECT state FROM invites WHERE id = ?", (invite_id,)).fetchone()
        if row is None or row[0] not in states:
            return Claim("not_open")
        took_over = settle_stale(conn, invite_id, now, stale_after)
        if took_over is None:
            return Claim("in_flight")
        if overlaps_booked(conn, slot, but=invite_id):
            return Claim("taken", took_over=took_over)
        token = uuid.uuid4().hex
        conn.execute(
            "INSERT INTO bookings (invite_id, position, start_utc, end_utc, state, source, token, claimed_at) "
            "VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?)",
            (invite_id, position, utc_text(slot.start), utc_text(slot.end), source, token, utc_text(now)),
        )
        return Claim("won", token, took_over)


def overlaps_booked(conn: sqlite3.Connection, slot: Interval, *, but: int) -> bool:
    """Does ``slot`` overlap an agreed meeting or another invite's claim? Compared in SQL on UTC
    text (every time is stored by ``utc_text``): the history is never parsed row by row."""
    start, end = utc_text(slot.start), utc_text(slot.end)
    row = conn.execute(
        "SELECT 1 FROM bookings WHERE state = 'claimed' AND invite_id != ? AND start_utc < ? AND end_utc > ? "
        "UNION ALL SELECT 1 FROM invite_options o JOIN invites i ON i.id = o.invite_id "
        "WHERE o.state = 'chosen' AND i.state = 'accepted' AND o.start_utc < ? AND o.end_utc > ? LIMIT 1",
        (but, end, start, end, start),
    ).fetchone()
    return row is not None


def settle_stale(
    conn: sqlite3.Connection, invite_id: int, now: datetime, stale_after: timedelta = STALE_AFTER
) -> bool | None:
    """Inside a transaction: release this invite's claim if its run is presumed dead (True), or
    None when a live run holds it; False when there is none."""
    row = conn.execute(
        "SELECT id, claimed_at FROM bookings WHERE invite_id = ? AND state = 'claimed'", (invite_id,)
    ).fetchone()
    if row is None:
        return False
    if parse_utc(str(row[1])) > now - stale_after:
        return None
    conn.execute(
        "UPDATE bookings SET state = 'released', ended_at = ? WHERE id = ?", (utc_text(now), int(row[0]))
    )
    return True


def book(conn: sqlite3.Connection, token: str, now: datetime) -> bool:
    """Inside the confirmation's transaction: the claim becomes a booking. False when the claim
    is no longer this run's (a run that took it over confirms instead)."""
    changed = conn.execute(
        "UPDATE bookings SET state = 'booked', ended_at = ? WHERE token = ? AND state = 'claimed'",
        (utc_text(now), token),
    ).rowcount
    return bool(changed == 1)


def release(conn: sqlite3.Connection, token: str, now: datetime) -> None:
    """Give the time back (the event could not be written, or another run decided meanwhile; a
    booking made in the caller's still open transaction too): inside that transaction, else in
    its own."""
    sql = "UPDATE bookings SET state = 'released', ended_at = ? WHERE token = ? AND state != 'released'"
    if conn.in_transaction:
        conn.execute(sql, (utc_text(now), token))
        return
    with immediate(conn):
        conn.execute(sql, (utc_text(now), token))


def crash_point(where: str) -> None:
    """Test-only fault injection: ``MEETUP_TEST_KILL_AT=claimed`` (or ``written``) SIGKILLs the
    process between claiming a time and writing its event (or right after writing it)."""
    if os.environ.get("MEETUP_TEST_KILL_AT") == where:
        os.kill(os.getpid(), signal.SIGKILL)


def stale_claims(
    conn: sqlite3.Connection, now: datetime, stale_after: timedelta = STALE_AFTER
) -> list[StaleClaim]:
    """Claims whose run is presumed dead, oldest first: the answers they hold are finished next."""
    rows = conn.execute(
        "SELECT invite_id, position, source FROM bookings WHERE state = 'claimed' AND claimed_at <= ? "
        "ORDER BY claimed_at, id",
        (utc_text(now - stale_after),),
    )
    return [StaleClaim(int(r[0]), int(r[1]), str(r[2])) for r in rows]


def in_flight(conn: sqlite3.Connection) -> dict[int, tuple[int, datetime]]:
    """Invite -> (option, when a later run may finish it) for every yes being booked."""
    rows = conn.execute("SELECT invite_id, position, claimed_at FROM bookings WHERE state = 'claimed'")
    return {int(r[0]): (int(r[1]), parse_utc(str(r[2])) + STALE_AFTER) for r in rows}


def holder(conn: sqlite3.Connection, invite_id: int) -> str | None:
    """The answer (Message-ID or 'by hand') whose claim on this invite is in flight, if any."""
    row = conn.execute(
        "SELECT source FROM bookings WHERE invite_id = ? AND state = 'claimed'", (invite_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def drop(conn: sqlite3.Connection, invite_id: int, now: datetime) -> None:
    """Release the invite's claim whatever its age: the invite it was for is gone or closed."""
    with immediate(conn):
        conn.execute(
            "UPDATE bookings SET state = 'released', ended_at = ? WHERE invite_id = ? AND state = 'claimed'",
            (utc_text(now), invite_id),
        )
