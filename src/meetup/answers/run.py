"""Controllers behind ``meetup inbox``, ``meetup reply`` and ``meetup status``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetup.answers.actions import (
    InviteFacts,
    Outcome,
    WriteEvent,
    act_on_answer,
    invite_facts,
    outbox_ics_writer,
)
from meetup.answers.lookups import FriendEmailLookup, SentLookup
from meetup.answers.reader import read_reply
from meetup.answers.reference import without_reference
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError, UsageError
from meetup.followup.run import FOLLOWUP_KINDS, free_time_for, open_db
from meetup.followup.schedule import FollowupSettings, next_step
from meetup.invite.icsfile import event_uid
from meetup.mail.limits import DEFAULT_LIMITS, Unreadable, time_budget
from meetup.mail.queue import SendReport, send_queued
from meetup.mail.settings import settings_from, transport_for
from meetup.mail.sources import IncomingMail, match_invite, parse_incoming, source_from_config
from meetup.store.db import immediate, parse_utc, utc_text


def slot_checker(app: App, zone: ZoneInfo) -> Callable[[Interval, Sequence[Interval]], bool]:
    """Re-reads every configured calendar for the chosen slot. Busy time lying inside one of the
    invite's own options is the invite's own hold and does not count; a meeting meetup agreed with
    someone else always does, written to a calendar or not."""

    def is_free(slot: Interval, own: Sequence[Interval]) -> bool:
        from meetup.calendar.run import collect_busy, select_calendars
        from meetup.store.meetings import own_meetings_at

        if any(m.overlaps(slot) for m in own_meetings_at(app.data_dir / "meetup.db")):
            return False
        selection = select_calendars((), app.config.calendars)
        if not selection.calendars:
            return True
        busy = collect_busy(selection, slot, app.provider_context(zone))
        return not any(b.overlaps(slot) and not any(o.contains(b) for o in own) for b in busy)

    return is_free


def event_writer(app: App, settings: FollowupSettings, now: datetime, zone: ZoneInfo) -> WriteEvent:
    """The calendar marked ``write = true`` when its provider can write; else the outbox."""
    fallback = outbox_ics_writer(app.data_dir / "outbox-ics", organizer=settings.sender, now=now)

    def write(facts: InviteFacts, option: Interval, uid: str) -> str:
        from meetup.calendar.providers import Attendee, EventSpec, WritableCalendar, open_calendar

        for calendar in app.config.calendars.values():
            if calendar.options.get("write") is True:
                provider = open_calendar(calendar, app.provider_context(zone))
                if isinstance(provider, WritableCalendar):
                    provider.write_event(
                        EventSpec(
                            uid=uid,
                            summary=f"{facts.activity.capitalize()} with {facts.friend_name}",
                            start=option.start,
                            end=option.end,
                            timezone=zone.key,
                            organizer=Attendee(settings.sender, settings.sender_name),
                            attendees=[Attendee(facts.friend_email, facts.friend_name)]
                            if facts.friend_email
                            else [],
                        )
                    )
                    return f"calendar {calendar.name}"
                app.warn(f"calendar {calendar.name!r} cannot be written; the event goes to the outbox")
        return fallback(facts, option, uid)

    return write


def release_holds(app: App, zone: ZoneInfo, conn: sqlite3.Connection, invite_id: int) -> int:
    """Delete the invite's tentative holds (UIDs ``meetup-ID-optN``, as the invite wrote them)
    from the calendars marked ``write = true``; once answered they block nothing. Failures warn."""
    from meetup.calendar.providers import WritableCalendar, open_calendar

    positions = [
        int(r[0])
        for r in conn.execute("SELECT position FROM invite_options WHERE invite_id = ?", (invite_id,))
    ]
    deleted = 0
    for calendar in app.config.calendars.values():
        if calendar.options.get("write") is not True:
            continue
        try:
            provider = open_calendar(calendar, app.provider_context(zone))
            if not isinstance(provider, WritableCalendar):
                continue
            for position in positions:
                provider.delete_event(f"meetup-{invite_id}-opt{position}")
                deleted += 1
        except MeetupError as exc:
            app.warn(f"holds of invite {invite_id} not released from {calendar.name!r}: {exc}")
    return deleted


#: what a pure reader may raise on hostile text; the message is then recorded, the run goes on
READER_FAILURES = (
    RecursionError,
    ValueError,
    LookupError,
    IndexError,
    TypeError,
    AttributeError,
    OverflowError,
)


_ENDS_OFFER = ("confirmed", "thanked", "later")


@dataclass
class InboxResult:
    outcomes: list[Outcome] = field(default_factory=list)
    needs_user: list[tuple[str, str]] = field(default_factory=list)  # (message-id, why)
    skipped: int = 0
    report: SendReport | None = None


def _record_seen(
    conn: sqlite3.Connection,
    mail: IncomingMail,
    *,
    invite_id: int | None,
    kind: str,
    option: int | None,
    why: str,
    needs_user: bool,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO inbox_messages (message_id, invite_id, sender, subject, kind, option, why, needs_user, "
        "received_at, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        ),
    )


def run_inbox(app: App) -> InboxResult:
    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    source = source_from_config(
        app.config.section("inbox"),
        base_dir=app.config.path.parent if app.config.path else app.data_dir,
        now=now,
    )
    conn = open_db(app, now)
    result = InboxResult()
    try:
        sent = SentLookup(conn)
        friend_email = FriendEmailLookup(conn)
        open_by_sender: dict[str, list[int]] = {}
        for invite_id, email in conn.execute(
            "SELECT i.id, f.email FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.state = 'open'"
        ):
            if email:
                open_by_sender.setdefault(str(email).lower(), []).append(int(invite_id))
        is_free = slot_checker(app, zone)
        writer = event_writer(app, settings, now, zone)
        free_time = free_time_for(app, now)
        for raw in source.messages():
            mail = parse_incoming(raw)
            if (
                mail.message_id in sent
                or conn.execute(
                    "SELECT 1 FROM inbox_messages WHERE message_id = ?", (mail.message_id,)
                ).fetchone()
            ):
                result.skipped += 1
                continue
            _handle(
                conn,
                mail,
                app,
                zone,
                now,
                settings,
                sent,
                friend_email,
                open_by_sender,
                is_free,
                writer,
                free_time,
                result,
            )
        result.report = send_queued(
            conn,
            transport_for(app, settings.transport, lambda text: None),
            sender=settings.sender,
            now=now,
            kinds=FOLLOWUP_KINDS,
        )
        return result
    finally:
        conn.close()


def _handle(
    conn: sqlite3.Connection,
    mail: IncomingMail,
    app: App,
    zone: ZoneInfo,
    now: datetime,
    settings: FollowupSettings,
    sent: Mapping[str, int],
    friend_email: Mapping[int, str | None],
    open_by_sender: dict[str, list[int]],
    is_free: Callable[[Interval, Sequence[Interval]], bool],
    writer: WriteEvent,
    free_time: Callable[..., list[Interval] | None],
    result: InboxResult,
) -> None:
    def remember(invite_id: int | None, kind: str, option: int | None, why: str, needs_user: bool) -> None:
        try:
            conn.execute("BEGIN IMMEDIATE")
            _record_seen(
                conn,
                mail,
                invite_id=invite_id,
                kind=kind,
                option=option,
                why=why,
                needs_user=needs_user,
                now=now,
            )
            conn.execute("COMMIT")
        except sqlite3.IntegrityError:  # another run got there first
            conn.execute("ROLLBACK")
            return
        if needs_user:
            result.needs_user.append((mail.message_id, why))

    match = match_invite(mail, sent=sent, open_by_sender=open_by_sender, friend_email=friend_email)
    if mail.unreadable:
        remember(match.invite_id, "unreadable", None, f"could not be read: {mail.unreadable}", True)
        return
    if match.invite_id is None:
        remember(
            None, "unmatched", None, match.problem or "not a reply to an invite", match.problem is not None
        )
        return
    facts = invite_facts(conn, match.invite_id, zone)
    if facts is None:
        remember(None, "unmatched", None, "invite no longer exists", True)
        return
    try:
        with time_budget(DEFAULT_LIMITS.seconds, "reading the reply"):
            reading = read_reply(
                without_reference(mail.text),
                facts.options,
                facts.friend_zone,
                calendar=mail.calendar,
                uids={event_uid(facts.id, settings.domain): None},
            )
    except Unreadable as exc:
        remember(facts.id, "unreadable", None, f"could not be read: {exc}", True)
        return
    except READER_FAILURES as exc:  # this message's content broke the reader: keep it for the user
        remember(
            facts.id, "unreadable", None, f"could not be read: the reader failed ({type(exc).__name__})", True
        )
        return
    if reading.kind in ("yes", "no", "later"):  # a person's clear answer, never an auto-reply
        _keep_phone_number(conn, facts.id, facts.friend_zone.key, mail.text, now)
    if facts.state != "open":
        expected = facts.state == "accepted" and reading.kind == "yes"
        why = f"invite already {facts.state}; the reply says {reading.kind}: {reading.why}"
        remember(facts.id, reading.kind, reading.option, why, not expected)
        return
    if match.problem or reading.kind == "ambiguous":
        remember(facts.id, "ambiguous", reading.option, match.problem or reading.why, True)
        return

    def extra(inner: sqlite3.Connection) -> None:
        _record_seen(
            inner,
            mail,
            invite_id=facts.id,
            kind=reading.kind,
            option=reading.option,
            why=reading.why,
            needs_user=False,
            now=now,
        )

    try:
        outcome = act_on_answer(
            conn, facts, kind=reading.kind, option=reading.option, source=mail.message_id, now=now,
            settings=settings, slot_is_free=is_free, write_event=writer, free_time=lambda f: free_time(f) or [], extra=extra,
        )  # fmt: skip
    except sqlite3.IntegrityError:
        return
    except MeetupError as exc:  # calendar unreadable or unwritable: keep the reply for the user
        remember(facts.id, "ambiguous", reading.option, f"could not act on {reading.kind}: {exc}", True)
        return
    if outcome.result in _ENDS_OFFER:
        release_holds(app, zone, conn, facts.id)
    result.outcomes.append(outcome)


def _keep_phone_number(conn: sqlite3.Connection, invite_id: int, zone: str, text: str, now: datetime) -> None:
    """A number given in the answer ("call me on 07700 900123") becomes the friend's phone."""
    from meetup.answers.reader import fresh_text
    from meetup.keepintouch.phone import find_phone
    from meetup.keepintouch.run import record_phone

    phone = find_phone(fresh_text(text), zone)
    if phone is None:
        return
    with immediate(conn):
        row = conn.execute("SELECT friend_id FROM invites WHERE id = ?", (invite_id,)).fetchone()
        if row is not None:
            record_phone(conn, int(row[0]), phone, now, f"reply to invite {invite_id}")


def find_friend_invite(conn: sqlite3.Connection, name: str) -> int:
    """The open invite of the friend called ``name`` (case-insensitive, or a unique prefix)."""
    rows = conn.execute("SELECT id, name FROM friends").fetchall()
    exact = [r for r in rows if str(r[1]).lower() == name.lower()]
    candidates = exact or [r for r in rows if str(r[1]).lower().startswith(name.lower())]
    if not candidates:
        raise UsageError(f"no friend called {name!r}")
    if len(candidates) > 1:
        raise UsageError(f"{name!r} is ambiguous: " + ", ".join(sorted(str(r[1]) for r in candidates)))
    invite = conn.execute(
        "SELECT id FROM invites WHERE friend_id = ? AND state = 'open' ORDER BY id DESC LIMIT 1",
        (candidates[0][0],),
    ).fetchone()
    if invite is None:
        raise UsageError(f"{candidates[0][1]} has no open invite")
    return int(invite[0])


def run_reply(app: App, friend: str, kind: str, option: int | None, at: str | None) -> Outcome:
    from meetup.calendar.timeparse import parse_when

    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    conn = open_db(app, now)
    try:
        facts = invite_facts(conn, find_friend_invite(conn, friend), zone)
        assert facts is not None
        if kind == "yes":
            if at is not None:
                moment = parse_when(at, zone, option="--at")
                hits = [n for n, o in facts.options.items() if o.start == moment]
                if not hits:
                    raise UsageError(f"--at {at}: no offered option starts then ({_listing(facts, zone)})")
                option = hits[0]
            elif option is None:
                if len(facts.options) != 1:
                    raise UsageError(f"which option? give --option N or --at WHEN ({_listing(facts, zone)})")
                (option,) = facts.options
            elif option not in facts.options:
                raise UsageError(f"--option {option} is not offered ({_listing(facts, zone)})")
        outcome = act_on_answer(
            conn, facts, kind=kind, option=option, source="by hand", now=now, settings=settings,
            slot_is_free=slot_checker(app, zone), write_event=event_writer(app, settings, now, zone),
            free_time=lambda f: free_time_for(app, now)(f) or [],  # type: ignore[arg-type]
        )  # fmt: skip
        if outcome.result in _ENDS_OFFER:
            release_holds(app, zone, conn, facts.id)
        if outcome.result in ("confirmed", "slot_taken", "passed", "thanked", "later"):
            # answering by hand settles whatever mail about this invite was waiting for the user
            conn.execute(
                "UPDATE inbox_messages SET resolved_at = ? WHERE invite_id = ? AND needs_user = 1 AND resolved_at IS NULL",
                (utc_text(now), facts.id),
            )
        send_queued(
            conn,
            transport_for(app, settings.transport, lambda text: None),
            sender=settings.sender,
            now=now,
            kinds=FOLLOWUP_KINDS,
        )
        return outcome
    finally:
        conn.close()


def _listing(facts: InviteFacts, zone: ZoneInfo) -> str:
    return (
        ", ".join(f"{n}: {o.start.astimezone(zone):%a %d %b %H:%M}" for n, o in facts.options.items())
        or "none"
    )


@dataclass
class StatusLine:
    invite_id: int
    friend: str
    state: str
    options: list[tuple[int, Interval]]
    next_action: str
    next_due: datetime | None


def run_status(app: App) -> tuple[list[StatusLine], list[tuple[str, str, str, str]]]:
    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    conn = open_db(app, now)
    try:
        from meetup.followup.nudges import open_invites

        lines = []
        for invite in open_invites(conn, zone):
            step = next_step(invite.id, invite.sent_at, invite.previous, settings.schedule)
            action = "give up (mark unanswered)" if step.kind == "gave_up" else f"nudge {step.attempt}"
            lines.append(
                StatusLine(invite.id, invite.friend_name, "open", list(invite.offered), action, step.due)
            )
        for invite_id, friend in conn.execute(
            "SELECT i.id, f.name FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.state = 'unsent' ORDER BY i.id"
        ):
            lines.append(
                StatusLine(int(invite_id), str(friend), "unsent", [],
                           f"send it with `meetup invite --resend {invite_id}`", None)
            )  # fmt: skip
        needing = [
            (str(r[0]), str(r[1]), f"{r[2]} [{r[4]}]", str(r[3]))
            for r in conn.execute(
                "SELECT COALESCE(invite_id, '-'), sender, why, excerpt, message_id FROM inbox_messages "
                "WHERE needs_user = 1 AND resolved_at IS NULL ORDER BY received_at"
            )
        ]
        return lines, needing
    finally:
        conn.close()


def run_status_json(app: App) -> dict[str, Any]:
    """The ``status --json`` document (see :mod:`meetup.answers.status`); empty lists before the
    first invite."""
    from meetup.answers.status import status_report
    from meetup.followup.run import NothingYet

    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    try:
        conn = open_db(app, now)
    except NothingYet:
        return {"invites": [], "needs_you": []}
    try:
        return status_report(conn, zone=zone, schedule=settings.schedule)
    finally:
        conn.close()


def dismiss_answers(app: App, message_ids: list[str]) -> int:
    """Mark answers that needed the user as handled; an unknown Message-ID is an error."""
    zone = app.zone()
    now = app.now(zone)
    conn = open_db(app, now)
    try:
        with immediate(conn):
            for message_id in message_ids:
                changed = conn.execute(
                    "UPDATE inbox_messages SET resolved_at = ? WHERE message_id = ? AND needs_user = 1",
                    (utc_text(now), message_id),
                ).rowcount
                if not changed:
                    raise UsageError(f"--dismiss {message_id}: no answer waiting for you has that Message-ID")
        return len(message_ids)
    finally:
        conn.close()


__all__ = ["parse_utc", "run_inbox", "run_reply", "run_status", "run_status_json"]
