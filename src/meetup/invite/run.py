"""Controller behind ``meetup invite`` and ``meetup ics``: pick options, write, record, send.

The invite, its options and its message are recorded in one transaction before anything is
sent, with the Message-ID fixed, so a failed or interrupted send loses nothing: the message
stays queued (or failed, with the reason) and ``meetup invite --resend ID`` sends it later.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar import providers
from meetup.calendar.intervals import Interval, subtract
from meetup.calendar.providers import EventSpec, WritableCalendar
from meetup.calendar.run import build_request, find_free_time
from meetup.calendar.timeparse import MAX_DURATION
from meetup.errors import MeetupError, NoFreeTime, UsageError
from meetup.followup.schedule import FollowupSettings, rules_for
from meetup.friends import Friend, find
from meetup.invite.activities import Activity, activity_for
from meetup.invite.chooser import choose_options
from meetup.invite.composer import InviteContext, compose_invite
from meetup.invite.html import one_tap_html
from meetup.invite.request import StoredRequest
from meetup.invite.wording import event_title, first_name, signature_name
from meetup.mail.message import build_mail, make_message_id
from meetup.mail.queue import send_queued
from meetup.mail.settings import settings_from, transport_for
from meetup.store import Store, open_store
from meetup.store.db import parse_utc, utc_text
from meetup.store.history import recent_for_friend
from meetup.store.meetings import unavailable
from meetup.text import one_line

VIAS = ("print", "outbox", "email")


@dataclass(frozen=True)
class InviteRequest:
    friend: str
    activity: str = "coffee"
    duration: int | None = None
    options: int = 3
    note: str | None = None
    via: str = "print"
    calendars: Sequence[str] = ()
    start: str | None = None
    end: str | None = None
    days: int | None = None
    tz: str | None = None
    hours: str | None = None
    #: invite even though the friend already has an open invite
    again: bool = False
    #: a new connection rather than an old friend (the message opens differently)
    first_contact: bool = False
    #: the friend asked to be asked again and the day has come (``meetup followup``)
    asked_again: bool = False
    #: Outside the activity's hours too (lunch at 17:00); otherwise they are a rule.
    any_time: bool = False


@dataclass
class InviteResult:
    invite: int
    friend: str
    subject: str
    body: str
    options: list[Interval]
    zone: ZoneInfo
    attachments: list[Path] = field(default_factory=list)
    sent: bool = False
    error: str | None = None
    #: What the user should know (fewer options than asked, and why); never shown to the friend.
    notes: list[str] = field(default_factory=list)


class NotSent(MeetupError):
    """Recorded, but the transport refused it; nothing is lost."""


def store_for(app: App) -> Store:
    return open_store(app.data_dir / "meetup.db")


#: caps on ``meetup invite`` (documented in docs/limits-and-safety.md)
MAX_OPTIONS = 10


def check_invite_id(invite_id: int) -> None:
    """An invite number SQLite can hold (a bigger one would overflow, not just be missing)."""
    if not 1 <= invite_id < 2**63:
        raise UsageError(f"no invite {invite_id}")


def refuse_stacking(conn: sqlite3.Connection, friend: Friend) -> None:
    """One live invite per friend unless ``--again``: an open one waits for an answer, an unsent
    one for ``--resend``."""
    row = conn.execute(
        "SELECT id, state FROM invites WHERE friend_id = ? AND state IN ('open', 'unsent') ORDER BY id LIMIT 1",
        (friend.id,),
    ).fetchone()
    if row is None:
        return
    if row[1] == "unsent":
        raise UsageError(
            f"{friend.name}'s invite {row[0]} was never sent: send it with `meetup invite --resend {row[0]}` "
            "(or add --again for another invite)"
        )
    raise UsageError(
        f"{friend.name} already has an open invite ({row[0]}); add --again to send another one anyway"
    )


def _seed(friend: Friend, now: datetime) -> int:
    """Reproducible per invite (same friend, same --now), different across friends and days."""
    return zlib.crc32(f"{friend.id}:{friend.name}:{now.isoformat()}".encode())


def _write_holds(app: App, zone: ZoneInfo, invite_id: int, summary: str, options: list[Interval]) -> None:
    """Tentative holds on the calendar marked ``write = true``, when its provider can write."""
    targets = [c for c in app.config.calendars.values() if c.options.get("write")]
    for calendar in targets:
        try:
            provider = providers.open_calendar(calendar, app.provider_context(zone))
            if not isinstance(provider, WritableCalendar):
                app.warn(
                    f"calendar {calendar.name!r} cannot store events; holds are in `meetup ics {invite_id}`"
                )
                continue
            for n, option in enumerate(options, start=1):
                provider.write_event(
                    EventSpec(
                        uid=f"meetup-{invite_id}-opt{n}", summary=summary, start=option.start, end=option.end,
                        timezone=zone.key, status="TENTATIVE",
                    )
                )  # fmt: skip
        except MeetupError as exc:
            app.warn(f"holds not written to {calendar.name!r}: {exc}")


def _stored_calendars(app: App, selectors: Sequence[str]) -> tuple[str, ...]:
    """``--calendar`` selectors as they will still mean the same from cron: configured names and
    URLs as given, file paths made absolute."""
    kept = []
    for selector in selectors:
        if selector in app.config.calendars or "://" in selector:
            kept.append(selector)
        else:
            kept.append(str(Path(selector).expanduser().resolve()))
    return tuple(kept)


def create_invite(app: App, request: InviteRequest, echo: Callable[[str], None]) -> InviteResult:
    if request.via not in VIAS:
        raise UsageError(f"--via {request.via!r}: use print, outbox or email")
    if not 1 <= request.options <= MAX_OPTIONS:
        raise UsageError(f"--options must be 1..{MAX_OPTIONS}, got {request.options}")
    if request.duration is not None and not 1 <= request.duration <= MAX_DURATION:
        raise UsageError(
            f"--duration must be a positive number of minutes, at most {MAX_DURATION}, got {request.duration}"
        )
    settings = settings_from(app)
    activity = activity_for(request.activity, settings.activities)
    minutes = request.duration or int(activity.duration.total_seconds() // 60)
    free = build_request(
        app, calendars=request.calendars, start=request.start, end=request.end, days=request.days,
        tz=request.tz, hours=request.hours, duration=minutes,
    )  # fmt: skip
    stored = StoredRequest(
        activity=activity.name, duration_min=minutes, zone=free.zone.key, hours=str(free.hours),
        calendars=_stored_calendars(app, request.calendars),
        not_before=utc_text(free.period.start) if request.start else None,
        not_after=utc_text(free.period.end) if request.end else None,
        any_time=request.any_time, options=request.options,
        activity_hours=activity.hours_text if activity.hours else None, in_person=activity.in_person,
    )  # fmt: skip
    store = store_for(app)
    try:
        conn = store.conn
        friend = find(conn, request.friend)
        if not request.again:
            refuse_stacking(conn, friend)
        if request.via == "email" and not friend.email:
            raise UsageError(
                f"{friend.name} has no email address (meetup friend edit {friend.name!r} --email ...)"
            )
        from meetup.calendar.together import member_for

        # the friend's shared busy time (waking hours are the chooser's own rule)
        windows = subtract(
            find_free_time(app, free), member_for(app, conn, friend, free.period, free.zone).busy
        )
        friend_zone = ZoneInfo(friend.tz) if friend.tz else None
        seed = _seed(friend, free.now)
        options = choose_options(
            windows, now=free.now, rules=rules_for(activity, stored, count=request.options), user_zone=free.zone,
            friend_zone=friend_zone or free.zone, taken=unavailable(conn), seed=seed,
        )  # fmt: skip
        notes = shortfall(
            activity, wanted=request.options, found=len(options), minutes=minutes, any_time=request.any_time,
            period=free.period, zone=free.zone, who=friend.name,
        )  # fmt: skip
        if not options:
            raise NoFreeTime(notes[0])
        for note in notes:
            app.warn(note)
        context = InviteContext(
            user_name=settings.sender_name, friend_name=friend.name, activity=activity, options=options,
            user_zone=free.zone, friend_zone=friend_zone, note=request.note, seed=seed,
            templates=settings.templates or None, friend_given=friend.given_name, signature=settings.signature,
            used=recent_for_friend(conn, friend.id), first_contact=request.first_contact,
            asked_again=request.asked_again,
        )  # fmt: skip
        draft = compose_invite(context)
        with store.transaction():
            if not request.again:  # decided under the write lock: parallel invites cannot both open
                refuse_stacking(conn, friend)
            invite_id = int(
                conn.execute(
                    "INSERT INTO invites (friend_id, activity, duration_min, note, state, created_at, seed, subject, body,"
                    " request) VALUES (?, ?, ?, ?, 'unsent', ?, ?, ?, ?, ?)",
                    (
                        friend.id, activity.name, minutes, request.note, utc_text(free.now), str(seed),
                        draft.subject, draft.body, stored.to_json(),
                    ),
                ).lastrowid
                or 0
            )  # fmt: skip
            html = one_tap_html(body=draft.body, numbers=range(1, len(options) + 1), reply_to=settings.sender,
                                subject=draft.subject, invite_id=invite_id)  # fmt: skip
            record_invite_mail(conn, invite_id, friend, options, draft.subject, draft.body, request.via, settings,
                               free.now, html=html)  # fmt: skip
        result = InviteResult(
            invite_id, friend.name, draft.subject, draft.body, options, context.zone, notes=notes
        )
        result.attachments.append(write_holds_file(app, conn, invite_id, free.zone, free.now))
        _write_holds(app, free.zone, invite_id, _hold_summary(activity.title, friend), options)
        _send(app, conn, invite_id, request.via, settings.sender, free.now, echo, result)
        return result
    finally:
        store.close()


def _hold_summary(title: str, friend: Friend) -> str:
    """The user's own calendar names the friend ("Hold: Coffee with Maria")."""
    return one_line(f"Hold: {title} with {first_name(friend.name, friend.given_name)}")


def shortfall(
    activity: Activity, *, wanted: int, found: int, minutes: int, any_time: bool, period: Interval, zone: ZoneInfo,
    who: str,
) -> list[str]:  # fmt: skip
    """Why fewer options than asked were found, for the user (never the friend); ``who`` are the
    people the times must suit ("Ana Lima", "you and Ana Lima, Ben Okafor")."""
    if found >= wanted:
        return []
    ruled = activity.hours is not None and not any_time
    where = f"{period.start.astimezone(zone):%a %d %b %H:%M} and {period.end.astimezone(zone):%a %d %b %H:%M}"
    rule = f" inside {activity.name} hours ({activity.hours_text}, {zone.key})" if ruled else ""
    hint = "try a longer period (--days 14) or wider --hours" + (", or --any-time" if ruled else "")
    if found == 0:
        return [f"no free {minutes}-minute slot for {who}{rule} between {where}; {hint}"]
    return [
        f"only {found} of {wanted} options for {who} fit{rule} between {where}; offering {found} ({hint})"
    ]


def record_invite_mail(
    conn: sqlite3.Connection, invite_id: int, friend: Friend, options: Sequence[Interval], subject: str, body: str,
    via: str, settings: FollowupSettings, now: datetime, *, html: str | None = None,
) -> str:  # fmt: skip
    """An invite's options and its first mail, queued with its Message-ID fixed (the thread's
    root); call inside the transaction that created the invite. Shared with group invites."""
    for n, option in enumerate(options, start=1):
        conn.execute(
            "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
            (invite_id, n, utc_text(option.start), utc_text(option.end)),
        )
    message_id = make_message_id(invite_id, "invite", 1, settings.domain)
    raw = build_mail(
        message_id=message_id, sender=settings.sender, sender_name=settings.sender_name,
        recipient=friend.email or friend.name, recipient_name=friend.name, subject=subject, body=body,
        thread=None, now=now, html=html,
    )  # fmt: skip
    conn.execute("UPDATE invites SET thread_message_id = ? WHERE id = ?", (message_id, invite_id))
    conn.execute(
        "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, created_at)"
        " VALUES (?, 'invite', ?, ?, ?, ?, ?, 'queued', ?)",
        (invite_id, message_id, friend.email or friend.name, subject, raw, via, utc_text(now)),
    )
    return message_id


def _send(
    app: App, conn: sqlite3.Connection, invite_id: int, via: str, sender: str, now: datetime,
    echo: Callable[[str], None], result: InviteResult,
) -> None:  # fmt: skip
    transport = transport_for(app, via, lambda raw: echo(render_for_terminal(raw)))
    try:
        send_queued(conn, transport, sender=sender, now=now, kinds=("invite",), invite_id=invite_id)
    except OSError as exc:  # a transport error that escaped the queue's own handling
        result.error = str(exc)
    state, error = _settled_state(conn, invite_id)
    result.sent = state == "sent"
    result.error = None if result.sent else (error or result.error or state)


def _settled_state(conn: sqlite3.Connection, invite_id: int, wait: float = 15.0) -> tuple[str, str | None]:
    """The invite mail's state; while another run (an overlapping ``meetup followup``) is in the
    middle of sending it, wait a little for the outcome instead of reporting "sending"."""
    import time

    deadline = time.monotonic() + wait
    while True:
        state, error = conn.execute(
            "SELECT state, last_error FROM messages WHERE invite_id = ? AND kind = 'invite'", (invite_id,)
        ).fetchone()
        if state != "sending" or time.monotonic() > deadline:
            return str(state), error
        time.sleep(0.1)


def render_for_terminal(raw: str) -> str:
    """What ``--via print`` shows: the headers a person reads, then the text."""
    message = message_from_bytes(raw.encode("utf-8", errors="replace"), policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return f"To: {message['To']}\nSubject: {message['Subject']}\n\n{text}".rstrip() + "\n"


def resend(app: App, invite_id: int, via: str | None, echo: Callable[[str], None]) -> InviteResult:
    """Send an invite's unsent message again (same Message-ID), over ``via`` or its own transport."""
    check_invite_id(invite_id)
    store = store_for(app)
    try:
        conn = store.conn
        row = conn.execute(
            "SELECT i.id, f.name, i.subject, i.body, m.state, m.transport FROM invites i JOIN friends f ON f.id = i.friend_id "
            "JOIN messages m ON m.invite_id = i.id AND m.kind = 'invite' WHERE i.id = ?",
            (invite_id,),
        ).fetchone()
        if row is None:
            raise UsageError(f"no invite {invite_id}")
        _, friend, subject, body, state, transport = row
        zone = app.zone()
        result = InviteResult(invite_id, friend, subject or "", body or "", options_of(conn, invite_id), zone)
        if state == "sent":
            raise UsageError(f"invite {invite_id} was sent already; nothing to resend")
        target = via or transport
        if target != transport:
            with store.transaction():
                conn.execute(
                    "UPDATE messages SET transport = ?, state = 'queued' WHERE invite_id = ? AND kind = 'invite'",
                    (target, invite_id),
                )
        settings = settings_from(app)
        _send(app, conn, invite_id, target, settings.sender, app.now(zone), echo, result)
        return result
    finally:
        store.close()


def options_of(conn: sqlite3.Connection, invite_id: int) -> list[Interval]:
    rows = conn.execute(
        "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ? ORDER BY position", (invite_id,)
    )
    return [Interval(parse_utc(a), parse_utc(b)) for a, b in rows]


def write_holds_file(app: App, conn: sqlite3.Connection, invite_id: int, zone: ZoneInfo, now: datetime,
                     out_dir: Path | None = None) -> Path:  # fmt: skip
    """``invite-ID-holds.ics``: the offered times as tentative events for the user's calendar."""
    from meetup.invite.icsfile import holds_ics

    row = conn.execute(
        "SELECT i.activity, f.name, f.given_name FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.id = ?",
        (invite_id,),
    ).fetchone()
    if row is None:
        raise UsageError(f"no invite {invite_id}")
    activity, friend, given = row
    title = activity_for(str(activity or "meet")).title
    offered = conn.execute(
        "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state = 'offered' ORDER BY position",
        (invite_id,),
    ).fetchall()
    data = holds_ics(
        uid_base=f"meetup-{invite_id}",
        options=[Interval(parse_utc(a), parse_utc(b)) for a, b in offered],
        summary=one_line(f"Hold: {title} with {first_name(str(friend), given)}"),
        zone=zone,
        dtstamp=now,
    )
    directory = out_dir or (app.data_dir / "ics")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"invite-{invite_id}-holds.ics"
    path.write_bytes(data)
    return path


def write_ics(app: App, invite_id: int, out_dir: Path | None) -> list[Path]:
    """``meetup ics INVITE``: the holds and, once a time is chosen, the iMIP invitation."""
    from meetup.invite.icsfile import event_uid, request_ics

    check_invite_id(invite_id)
    zone = app.zone()
    now = app.now(zone)
    store = store_for(app)
    try:
        conn = store.conn
        paths = [write_holds_file(app, conn, invite_id, zone, now, out_dir)]
        chosen = conn.execute(
            "SELECT o.start_utc, o.end_utc, i.activity, f.name, f.email FROM invite_options o "
            "JOIN invites i ON i.id = o.invite_id JOIN friends f ON f.id = i.friend_id "
            "WHERE o.invite_id = ? AND o.state = 'chosen'",
            (invite_id,),
        ).fetchone()
        if chosen:
            start, end, activity, name, email = chosen
            settings = settings_from(app)
            data = request_ics(
                uid=event_uid(invite_id, settings.domain), sequence=0, start=parse_utc(start), end=parse_utc(end),
                zone=zone, summary=event_title(activity_for(activity).title, signature_name(settings.sender_name, settings.signature)), description="",
                organizer=(settings.sender_name, settings.sender), attendee=(name, email or ""), dtstamp=now,
            )  # fmt: skip
            path = (out_dir or app.data_dir / "ics") / f"invite-{invite_id}-request.ics"
            path.write_bytes(data)
            paths.append(path)
        return paths
    finally:
        store.close()
