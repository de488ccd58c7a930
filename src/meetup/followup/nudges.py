"""Nudges in the database: the open invites to follow up, and enqueueing a due step exactly once.

Each due step is decided and enqueued in ONE ``BEGIN IMMEDIATE`` transaction per invite: the
``followups`` row (primary key invite+attempt) and the queued message are created together or not
at all, so any number of overlapping runs create each nudge once. Sending then goes through the
claim/send/mark protocol in :mod:`meetup.mail.queue`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.calendar.zones import lookup_zone
from meetup.followup.schedule import NOTICE, FollowupSettings, OpenInvite, Planned, option_numbers
from meetup.invite.composer import thread_subject
from meetup.invite.html import one_tap_html
from meetup.invite.request import StoredRequest
from meetup.mail.message import build_mail, make_message_id
from meetup.mail.queue import queue_message
from meetup.store.bookings import holder
from meetup.store.db import immediate, parse_utc, utc_text
from meetup.store.history import parse_request


def _zone(request: StoredRequest | None, default: ZoneInfo) -> ZoneInfo:
    """The user's zone when the invite was made (the one its request names)."""
    return (lookup_zone(request.zone) if request else None) or default


def _seed(text: object) -> int:
    try:
        return int(str(text))
    except ValueError:
        return 0


def open_invites(conn: sqlite3.Connection, default_zone: ZoneInfo) -> list[OpenInvite]:
    """Every open invite with its follow-ups and options: three indexed queries in all, however
    many invites are open or closed (no query per invite)."""
    rows = conn.execute(
        "SELECT i.id, f.name, f.email, f.tz, i.activity, i.duration_min, i.created_at, i.thread_message_id, "
        "COALESCE((SELECT m.subject FROM messages m WHERE m.invite_id = i.id AND m.kind = 'invite' ORDER BY m.id LIMIT 1), i.subject), "
        "(SELECT MIN(COALESCE(m.sent_at, m.created_at)) FROM messages m WHERE m.invite_id = i.id AND m.kind = 'invite'), "
        "f.given_name, i.seed, i.request FROM invites i JOIN friends f ON f.id = i.friend_id "
        "WHERE i.state = 'open' "
        # a group member's invite is followed up by its group (tally, no fresh options)
        "AND i.id NOT IN (SELECT invite_id FROM group_members) ORDER BY i.id"
    ).fetchall()
    previous: dict[int, list[datetime]] = {}
    for invite_id, created_at in conn.execute(
        "SELECT u.invite_id, u.created_at FROM followups u JOIN invites i ON i.id = u.invite_id "
        "WHERE i.state = 'open' ORDER BY u.invite_id, u.attempt"
    ):
        previous.setdefault(int(invite_id), []).append(parse_utc(created_at))
    offered: dict[int, list[tuple[int, Interval]]] = {}
    top: dict[int, int] = {}
    for invite_id, position, start, end, state in conn.execute(
        "SELECT o.invite_id, o.position, o.start_utc, o.end_utc, o.state FROM invite_options o "
        "JOIN invites i ON i.id = o.invite_id WHERE i.state = 'open' ORDER BY o.invite_id, o.position"
    ):
        top[int(invite_id)] = max(top.get(int(invite_id), 0), int(position))
        if state == "offered":
            offered.setdefault(int(invite_id), []).append(
                (int(position), Interval(parse_utc(start), parse_utc(end)))
            )
    requests = {int(row[0]): parse_request(row[12]) for row in rows}
    return [
        OpenInvite(
            id=int(row[0]),
            friend_name=str(row[1]),
            friend_email=row[2],
            friend_zone=ZoneInfo(row[3]) if row[3] else default_zone,
            activity=str(row[4] or "meet up"),
            duration=timedelta(minutes=int(row[5] or 60)),
            sent_at=parse_utc(row[9] or row[6]),
            subject=str(row[8] or f"{row[4] or 'Meet up'}?"),
            thread=row[7],
            previous=tuple(previous.get(int(row[0]), ())),
            offered=tuple(offered.get(int(row[0]), ())),
            top_position=top.get(int(row[0]), 0),
            request=requests[int(row[0])],
            user_zone=_zone(requests[int(row[0])], default_zone),
            friend_given=row[10],
            seed=_seed(row[11]),
        )
        for row in rows
    ]


def enqueue(conn: sqlite3.Connection, item: Planned, *, now: datetime, settings: FollowupSettings) -> bool:
    """Create the follow-up in one IMMEDIATE transaction; False when another run already did."""
    invite = item.invite
    if item.skipped:
        return False
    with immediate(conn):
        state = conn.execute("SELECT state FROM invites WHERE id = ?", (invite.id,)).fetchone()
        if state is None or state[0] != "open":
            return False
        if holder(conn, invite.id) is not None:  # a yes is being booked: never nudged nor given up
            return False
        exists = conn.execute(
            "SELECT 1 FROM followups WHERE invite_id = ? AND attempt = ?", (invite.id, item.step.attempt)
        ).fetchone()
        if exists:
            return False
        if item.remind:  # sent by hand: the user nudges them; this step is done once
            conn.execute(
                "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, 'reminder', NULL, ?)",
                (invite.id, item.step.attempt, utc_text(now)),
            )
            return True
        if item.step.kind == "gave_up":
            conn.execute(
                "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, 'gave_up', NULL, ?)",
                (invite.id, item.step.attempt, utc_text(now)),
            )
            conn.execute("UPDATE invites SET state = 'unanswered' WHERE id = ?", (invite.id,))
            conn.execute(
                "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered'",
                (invite.id,),
            )
            return True
        # The closing nudge (the invite's period is over) is its own kind: it closes the invite
        # and must still go out, where a queued nudge is dropped once an invite is no longer open.
        kind = "closing" if item.ended else "nudge"
        message_id = make_message_id(invite.id, kind, item.step.attempt, settings.domain)
        subject = thread_subject(invite.subject)
        raw = build_mail(
            message_id=message_id,
            sender=settings.sender,
            sender_name=settings.sender_name,
            recipient=invite.friend_email or "",
            recipient_name=invite.friend_name,
            subject=subject,
            body=item.body or "",
            thread=invite.thread,
            now=now,
            html=one_tap_html(
                body=item.body or "",
                numbers=item.listed or option_numbers(invite, len(item.options)),
                reply_to=settings.sender,
                subject=subject,
                invite_id=invite.id,
            ),
        )
        conn.execute(
            "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, ?, ?, ?)",
            (invite.id, item.step.attempt, kind, message_id, utc_text(now)),
        )
        queue_message(
            conn,
            invite_id=invite.id,
            kind=kind,
            message_id=message_id,
            recipient=invite.friend_email or "",
            subject=subject,
            raw=raw,
            transport=settings.transport,
            now=now,
        )
        # Past options (and those too close to still be offered) are dropped; the fresh ones are
        # offered (and held) from now on. A nudge saying the invite's period is over closes it.
        conn.execute(
            "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered' AND start_utc < ?",
            (invite.id, utc_text(now + NOTICE)),
        )
        if item.ended:
            conn.execute("UPDATE invites SET state = 'unanswered' WHERE id = ?", (invite.id,))
            conn.execute(
                "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered'",
                (invite.id,),
            )
        for position, option in zip(option_numbers(invite, len(item.options)), item.options, strict=True):
            conn.execute(
                "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
                (invite.id, position, utc_text(option.start), utc_text(option.end)),
            )
    return True
