"""Sending queued messages exactly once: claim, send, mark — and recover a crashed send.

A message row goes ``queued -> sending -> sent`` (or ``failed``). The claim is one atomic UPDATE
whose WHERE clause only matches an unclaimed (or stale) row, so two overlapping runs can never
both send it. The remaining window is a crash after the transport accepted the message but
before ``sent`` was written; a later run finds the row ``sending`` with a stale claim and first
asks the transport whether the message already left (outbox: the Maildir file exists; SMTP with
an IMAP copy configured: the Sent folder holds that Message-ID). Only if it cannot tell does it
resend, with the same Message-ID, so the friend's mail client shows one message.
"""

from __future__ import annotations

import os
import smtplib
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from meetup.followup.schedule import FollowupSettings
from meetup.mail.failures import failure_reason
from meetup.mail.message import build_mail, make_message_id
from meetup.mail.transports import Transport
from meetup.store.db import rollback, utc_text

#: A claim older than this is presumed dead (its process crashed or was killed).
STALE_AFTER = timedelta(minutes=10)


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # found already sent after a crash
    failed: list[tuple[str, str]] = field(default_factory=list)


def _crash_hook(count: int) -> None:
    """Test-only fault injection: ``MEETUP_TEST_CRASH_AFTER_SENDS=N`` kills the process right
    after the N-th transport send and before it is recorded (the crash window under test)."""
    limit = os.environ.get("MEETUP_TEST_CRASH_AFTER_SENDS")
    if limit and count >= int(limit):
        os._exit(137)


def send_queued(
    conn: sqlite3.Connection,
    transport: Transport,
    *,
    sender: str,
    now: datetime,
    kinds: tuple[str, ...] | None = None,
    stale_after: timedelta = STALE_AFTER,
    invite_id: int | None = None,
) -> SendReport:
    """Send every queued (or stale ``sending``) message once; with ``invite_id``, only that
    invite's (``meetup invite`` sends its own message, never one a parallel run is sending)."""
    report = SendReport()
    # A nudge queued just before the friend answered is no longer wanted.
    conn.execute(
        "UPDATE messages SET state = 'cancelled', last_error = 'invite answered before sending' "
        "WHERE kind = 'nudge' AND state IN ('queued', 'failed') "
        "AND invite_id IN (SELECT id FROM invites WHERE state != 'open')"
    )
    stale = utc_text(now - stale_after)
    where = "(state IN ('queued', 'failed') OR (state = 'sending' AND claimed_at < ?)) AND transport = ?"
    params: list[object] = [stale, transport.name]
    if kinds:
        where += f" AND kind IN ({','.join('?' for _ in kinds)})"
        params.extend(kinds)
    if invite_id is not None:
        where += " AND invite_id = ?"
        params.append(invite_id)
    candidates = conn.execute(
        f"SELECT id FROM messages WHERE {where} AND (due_at IS NULL OR due_at <= ?) ORDER BY id",
        (*params, utc_text(now)),
    ).fetchall()
    sends = 0
    for (row_id,) in candidates:
        token = uuid.uuid4().hex
        # Autocommit: this UPDATE is its own transaction; rowcount says whether we won the claim.
        claimed = conn.execute(
            "UPDATE messages SET state = 'sending', claim_token = ?, claimed_at = ?, attempts = attempts + 1 "
            "WHERE id = ? AND (state IN ('queued', 'failed') OR (state = 'sending' AND claimed_at < ?))",
            (token, utc_text(now), row_id, stale),
        ).rowcount
        if claimed != 1:
            continue
        row = conn.execute(
            "SELECT message_id, recipient, raw, attempts FROM messages WHERE id = ?", (row_id,)
        ).fetchone()
        message_id, recipient, raw, attempts = row[0], row[1], bytes(row[2]), row[3]
        if attempts > 1 and transport.already_sent(message_id):
            _mark_sent(conn, row_id, token, now)
            report.recovered.append(message_id)
            continue
        try:
            transport.send(raw, sender, [recipient])
        except (OSError, smtplib.SMTPException) as exc:
            conn.execute(
                "UPDATE messages SET state = 'failed', last_error = ? WHERE id = ? AND claim_token = ?",
                (failure_reason(exc)[:500], row_id, token),
            )
            report.failed.append((message_id, failure_reason(exc)))
            continue
        sends += 1
        _crash_hook(sends)
        _mark_sent(conn, row_id, token, now)
        report.sent.append(message_id)
    return report


def _mark_sent(conn: sqlite3.Connection, row_id: int, token: str, now: datetime) -> None:
    """The message is sent; an invite's first mail going out is what makes the invite open."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        marked = conn.execute(
            "UPDATE messages SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ? AND claim_token = ?",
            (utc_text(now), row_id, token),
        ).rowcount
        if marked:
            conn.execute(
                "UPDATE invites SET state = 'open' WHERE state = 'unsent' AND id = "
                "(SELECT invite_id FROM messages WHERE id = ? AND kind = 'invite')",
                (row_id,),
            )
    except BaseException:
        if own:
            rollback(conn)
        raise
    if own:
        conn.execute("COMMIT")


def queue_message(
    conn: sqlite3.Connection,
    *,
    invite_id: int,
    kind: str,
    message_id: str,
    recipient: str,
    subject: str,
    raw: bytes,
    transport: str,
    now: datetime,
) -> None:
    """Put a finished message in the queue, due now. Call it inside the transaction that records
    why the message exists, so the two are created together or not at all; ``send_queued``
    then sends it exactly once."""
    conn.execute(
        "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
        "attempts, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
        (invite_id, kind, message_id, recipient, subject, raw, transport, utc_text(now), utc_text(now)),
    )


def queue_in_thread(
    conn: sqlite3.Connection,
    *,
    invite_id: int,
    kind: str,
    recipient: str,
    recipient_name: str,
    subject: str,
    body: str,
    thread: str | None,
    settings: FollowupSettings,
    now: datetime,
    calendar: bytes | None = None,
) -> None:
    """Build and queue a message of ``kind`` in an invite's thread (a confirmation, a thank-you, a
    group's tally...): its Message-ID counts the earlier ones of that kind, fixed before any send."""
    attempt = conn.execute(
        "SELECT COUNT(*) FROM messages WHERE invite_id = ? AND kind = ?", (invite_id, kind)
    ).fetchone()[0]
    message_id = make_message_id(invite_id, kind, int(attempt) + 1, settings.domain)
    raw = build_mail(
        message_id=message_id, sender=settings.sender, sender_name=settings.sender_name, recipient=recipient,
        recipient_name=recipient_name, subject=subject, body=body, thread=thread, now=now, calendar=calendar,
    )  # fmt: skip
    queue_message(
        conn, invite_id=invite_id, kind=kind, message_id=message_id, recipient=recipient, subject=subject,
        raw=raw, transport=settings.transport, now=now,
    )  # fmt: skip
