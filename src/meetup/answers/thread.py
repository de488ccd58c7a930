"""What the inbox needs to know about an invite's thread, and the state changes that are not a
yes or a no: an automatic reply's hold, and a confirmed meeting the friend's calendar declined.

Database only (no mail, no calendars): the controller in ``meetup.answers.run`` does the I/O.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from meetup.answers.reader import Thread
from meetup.store.db import immediate, utc_text

_LISTED = re.compile(r"^\s*(\d{1,2})[.)]\s+\S", re.MULTILINE)


def _body(raw: bytes | str | None) -> str:
    """The plain text of a message meetup sent (empty when it cannot be read)."""
    if not raw:
        return ""
    data = raw if isinstance(raw, bytes) else raw.encode()
    try:
        message = message_from_bytes(data, policy=policy.default)
        if not isinstance(message, EmailMessage):
            return ""
        part = message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""
    except (LookupError, UnicodeError, ValueError, AttributeError):
        return ""


def thread_of(conn: sqlite3.Connection, invite_id: int, in_reply_to: tuple[str, ...]) -> Thread:
    """The texts meetup sent for this invite, and the option numbers listed in the one answered
    (from ``In-Reply-To``; when there is none and meetup listed options only once, that list)."""
    rows = conn.execute(
        "SELECT message_id, raw FROM messages WHERE invite_id = ? ORDER BY id", (invite_id,)
    ).fetchall()
    texts: dict[str, str] = {str(r[0]): _body(r[1]) for r in rows}
    lists = {mid: tuple(int(n) for n in _LISTED.findall(text)) for mid, text in texts.items()}
    listed: tuple[int, ...] | None = None
    for reference in in_reply_to:
        if lists.get(reference):
            listed = lists[reference]
            break
    distinct = {numbers for numbers in lists.values() if numbers}
    only = distinct.pop() if len(distinct) == 1 else None
    return Thread(sent_texts=tuple(t for t in texts.values() if t), listed=listed, only_list=only)


def chosen_option(conn: sqlite3.Connection, invite_id: int) -> int | None:
    row = conn.execute(
        "SELECT position FROM invite_options WHERE invite_id = ? AND state = 'chosen' ORDER BY position LIMIT 1",
        (invite_id,),
    ).fetchone()
    return int(row[0]) if row else None


def hold_nudges(conn: sqlite3.Connection, invite_id: int, until: date | None) -> None:
    """An automatic reply said the friend is away until ``until``: nudges wait for that day."""
    if until is None:
        return
    conn.execute(
        "UPDATE invites SET hold_until = ? WHERE id = ? AND state = 'open' "
        "AND (hold_until IS NULL OR hold_until < ?)",
        (until.isoformat(), invite_id, until.isoformat()),
    )


def released_at(back: date, zone: ZoneInfo) -> datetime:
    """When nudges held by an automatic reply may go: the morning after the friend said they are
    back (a person gives them a day with a full inbox, and writes in the daytime)."""
    return datetime.combine(back + timedelta(days=1), time(9), tzinfo=zone)


def held_until(conn: sqlite3.Connection) -> dict[int, date]:
    """Open invites whose nudges wait, by invite."""
    return {
        int(r[0]): date.fromisoformat(str(r[1]))
        for r in conn.execute(
            "SELECT id, hold_until FROM invites WHERE state = 'open' AND hold_until IS NOT NULL"
        )
    }


def cancel_confirmed(
    conn: sqlite3.Connection, invite_id: int, *, source: str, now: datetime, record: object = None
) -> bool:
    """The friend declined the confirmed meeting from their calendar: cancelled on the user's
    side (the event is released by the caller), no nudges. False when it was not confirmed."""
    with immediate(conn):
        row = conn.execute("SELECT state FROM invites WHERE id = ?", (invite_id,)).fetchone()
        if row is None or row[0] != "accepted":
            return False
        conn.execute("UPDATE invites SET state = 'cancelled' WHERE id = ?", (invite_id,))
        conn.execute(
            "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'chosen'",
            (invite_id,),
        )
        conn.execute(
            "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) VALUES (?, 'no', NULL, "
            "'cancelled', ?, ?)",
            (invite_id, source, utc_text(now)),
        )
        if callable(record):
            record(conn)
    return True
