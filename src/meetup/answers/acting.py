"""Acting on one reply the inbox has read: record it, act on a clear answer (a question asked
alongside stays with the user), or cancel a confirmed meeting the friend's calendar declined."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetup.answers.actions import InviteFacts, Outcome, WriteEvent, act_on_answer, invite_facts
from meetup.answers.events import release_event, release_holds
from meetup.answers.reader import ReplyReading
from meetup.answers.thread import cancel_confirmed
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError
from meetup.followup.schedule import FollowupSettings
from meetup.invite.icsfile import event_uid
from meetup.mail.queue import SendReport
from meetup.mail.sources import IncomingMail
from meetup.store.bookings import StaleClaim, drop, holder, stale_claims
from meetup.store.db import immediate, utc_text

ENDS_OFFER = ("confirmed", "thanked", "later")
#: the source of an answer given with `meetup reply`
BY_HAND = "by hand"


@dataclass
class InboxResult:
    outcomes: list[Outcome] = field(default_factory=list)
    needs_user: list[tuple[str, str]] = field(default_factory=list)  # (message-id, why)
    skipped: int = 0
    report: SendReport | None = None
    #: automatic replies: (invite or None, the day the friend is back or None)
    away: list[tuple[int | None, date | None]] = field(default_factory=list)


def record_seen(
    conn: sqlite3.Connection,
    mail: IncomingMail,
    *,
    invite_id: int | None,
    kind: str,
    option: int | None,
    why: str,
    needs_user: bool,
    now: datetime,
    until: date | None = None,
) -> None:
    conn.execute(
        "INSERT INTO inbox_messages (message_id, invite_id, sender, subject, kind, option, why, needs_user, "
        "received_at, excerpt, until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            mail.message_id,
            invite_id,
            mail.sender,
            mail.subject,
            kind,
            option,
            why,
            int(needs_user),
            utc_text(now),
            " ".join(mail.text.split())[:300],
            until.isoformat() if until else None,
        ),
    )


def act(
    conn: sqlite3.Connection,
    app: App,
    zone: ZoneInfo,
    mail: IncomingMail,
    facts: InviteFacts,
    reading: ReplyReading,
    now: datetime,
    settings: FollowupSettings,
    is_free: Callable[[Interval, Sequence[Interval]], bool],
    writer: WriteEvent,
    free_time: Callable[..., list[Interval] | None],
    result: InboxResult,
    remember: Callable[..., None],
) -> None:
    """Act on a clear yes, no or later; a question asked alongside stays with the user."""
    question = f"{reading.why}; acted on it, and they ask: {reading.question}" if reading.question else None

    def extra(inner: sqlite3.Connection) -> None:
        record_seen(inner, mail, invite_id=facts.id, kind=reading.kind, option=reading.option,
                     why=question or reading.why, needs_user=question is not None, now=now, until=reading.until)  # fmt: skip

    try:
        outcome = act_on_answer(
            conn, facts, kind=reading.kind, option=reading.option, source=mail.message_id, now=now,
            settings=settings, slot_is_free=is_free, write_event=writer, free_time=lambda f: free_time(f) or [],
            extra=extra, until=reading.until, unwrite_event=lambda uid: release_event(app, zone, uid),
        )  # fmt: skip
    except sqlite3.IntegrityError:
        return
    except MeetupError as exc:  # calendar unreadable or unwritable: keep the reply for the user
        remember(facts.id, "ambiguous", reading.option, f"could not act on {reading.kind}: {exc}", True)
        return
    if outcome.result == "not_open":  # answered meanwhile by another run: like any answer to a closed invite
        row = conn.execute("SELECT state FROM invites WHERE id = ?", (facts.id,)).fetchone()
        answer_to_closed(remember, facts.id, str(row[0]) if row else "gone", reading)
        return
    if outcome.result == "in_progress":
        if holder(conn, facts.id) == mail.message_id:  # this very mail is another run's to finish
            result.skipped += 1
            return
        # another run is booking a different answer of this friend's: this one goes to the user
        remember(
            facts.id, reading.kind, reading.option, f"{outcome.detail}; the reply says {reading.why}", True
        )
        return
    if outcome.result in ENDS_OFFER:
        release_holds(app, zone, conn, facts.id)
    if question:
        result.needs_user.append((mail.message_id, question))
    result.outcomes.append(outcome)


def answer_to_closed(
    remember: Callable[..., None], invite_id: int, state: str, reading: ReplyReading
) -> None:
    """A reply to an invite no longer open is kept (never acted on): a yes to the accepted invite
    is expected, anything else goes to the user. Recorded once: a mail another run recorded first
    is left alone."""
    expected = state == "accepted" and reading.kind == "yes"
    why = f"invite already {state}; the reply says {reading.kind}: {reading.why}"
    remember(invite_id, reading.kind, reading.option, why, not expected)


def cancel(
    conn: sqlite3.Connection,
    app: App,
    zone: ZoneInfo,
    mail: IncomingMail,
    facts: InviteFacts,
    why: str,
    settings: FollowupSettings,
    now: datetime,
    result: InboxResult,
) -> None:
    """The friend's calendar declined the confirmed meeting: cancel it on the user's side, release
    the written event, and tell the user (shown in ``meetup status`` until dismissed)."""
    told = f"{facts.friend_name} {why}: cancelled on your side, the event is released"

    def record(inner: sqlite3.Connection) -> None:
        record_seen(
            inner, mail, invite_id=facts.id, kind="no", option=None, why=told, needs_user=True, now=now
        )

    try:
        if not cancel_confirmed(conn, facts.id, source=mail.message_id, now=now, record=record):
            return
    except sqlite3.IntegrityError:
        return
    release_event(app, zone, event_uid(facts.id, settings.domain))
    result.outcomes.append(Outcome(facts.id, "no", "cancelled", why))
    result.needs_user.append((mail.message_id, told))


def finish_claims(
    conn: sqlite3.Connection,
    app: App,
    zone: ZoneInfo,
    now: datetime,
    settings: FollowupSettings,
    is_free: Callable[[Interval, Sequence[Interval]], bool],
    writer: WriteEvent,
    free_time: Callable[..., list[Interval] | None],
) -> list[Outcome]:
    """A run that died between claiming a time and confirming it left its yes behind: it is
    acted on again now, before any new mail (the event written under the same UID, the
    confirmation queued once), or gets fresh options when the time has gone meanwhile. A
    calendar that still cannot be written keeps the claim for the next run."""
    outcomes = []
    for claim in stale_claims(conn, now):
        if claim.source.startswith("group "):  # its answers are kept: the group is decided again
            drop(conn, claim.invite_id, now)
            app.warn(f"{claim.source}: a confirmation a stopped run left unfinished is decided again")
            continue
        facts = invite_facts(conn, claim.invite_id, zone)
        if facts is None or facts.state != "open" or claim.position not in facts.options:
            drop(conn, claim.invite_id, now)
            if facts is None or facts.state != "accepted":  # what the stopped run may have written goes
                release_event(app, zone, event_uid(claim.invite_id, settings.domain))
            app.warn(f"invite {claim.invite_id}: a yes ({claim.source}) left unfinished no longer applies")
            continue

        def seen(inner: sqlite3.Connection, facts: InviteFacts = facts, claim: StaleClaim = claim) -> None:
            """The answer's mail, should it be read again, is known: never acted on twice."""
            if claim.source != BY_HAND:
                inner.execute(
                    "INSERT OR IGNORE INTO inbox_messages (message_id, invite_id, sender, subject, kind, option, "
                    "why, needs_user, received_at) VALUES (?, ?, ?, ?, 'yes', ?, ?, 0, ?)",
                    (claim.source, facts.id, facts.friend_email or "", facts.subject, claim.position,
                     "yes, finished after the run reading it stopped", utc_text(now)),
                )  # fmt: skip

        try:
            outcome = act_on_answer(
                conn, facts, kind="yes", option=claim.position, source=claim.source, now=now,
                settings=settings, slot_is_free=is_free, write_event=writer, free_time=lambda f: free_time(f) or [],
                extra=seen, unwrite_event=lambda uid: release_event(app, zone, uid), keep_claim=True,
            )  # fmt: skip
        except MeetupError as exc:
            app.warn(
                f"invite {facts.id}: the yes ({claim.source}) is not finished yet: {exc}; tried again next run"
            )
            continue
        if outcome.result in ("in_progress", "not_open"):  # an overlapping run took it over first
            continue
        if outcome.result in ENDS_OFFER:
            release_holds(app, zone, conn, facts.id)
        outcomes.append(outcome)
    return outcomes


def keep_phone_number(conn: sqlite3.Connection, invite_id: int, zone: str, text: str, now: datetime) -> None:
    """A number given in the answer ("call me on 07700 900123") becomes the friend's phone."""
    from meetup.answers.reader import fresh_text
    from meetup.keepintouch.contacts import record_phone
    from meetup.keepintouch.phone import find_phone

    phone = find_phone(fresh_text(text), zone)
    if phone is None:
        return
    with immediate(conn):
        row = conn.execute("SELECT friend_id FROM invites WHERE id = ?", (invite_id,)).fetchone()
        if row is not None:
            record_phone(conn, int(row[0]), phone, now, f"reply to invite {invite_id}")
