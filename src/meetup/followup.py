"""``meetup followup``: nudge open invites nobody answered, with fresh options, exactly once.

Each due step is decided and enqueued in ONE ``BEGIN IMMEDIATE`` transaction per invite: the
``followups`` row (primary key invite+attempt) and the queued message are created together or not
at all, so any number of overlapping runs create each nudge once. Sending then goes through the
claim/send/mark protocol in :mod:`meetup.sending`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from zoneinfo import ZoneInfo

from meetup.followdb import immediate, parse_utc, utc_text
from meetup.intervals import Interval

DEFAULT_SCHEDULE = (2, 4)


@dataclass(frozen=True)
class Step:
    invite_id: int
    attempt: int
    kind: str  # nudge | gave_up
    due: datetime


def next_step(
    invite_id: int, sent_at: datetime, previous: Sequence[datetime], schedule: Sequence[int]
) -> Step:
    """The next follow-up of an invite first sent at ``sent_at`` whose earlier follow-ups were
    made at ``previous``: nudge n is due ``schedule[n-1]`` days after the one before; after the
    last nudge, waiting as long again as the last gap means giving up. Pure."""
    attempt = len(previous) + 1
    anchor = previous[-1] if previous else sent_at
    if attempt <= len(schedule):
        return Step(invite_id, attempt, "nudge", anchor + timedelta(days=schedule[attempt - 1]))
    gap = schedule[-1] if schedule else 0
    return Step(invite_id, attempt, "gave_up", anchor + timedelta(days=gap))


# --------------------------------------------------------------------------- options


def pick_options(
    windows: Sequence[Interval],
    *,
    now: datetime,
    zone: ZoneInfo,
    duration: timedelta,
    count: int,
    notice: timedelta = timedelta(hours=12),
    waking: tuple[time, time] = (time(8), time(22)),
    avoid: Sequence[Interval] = (),
) -> list[Interval]:
    """Fresh options for a nudge: on the hour or half hour, after the notice, in the friend's
    waking hours, one per day, never overlapping an option offered elsewhere."""
    chosen: list[Interval] = []
    days: set[object] = set()
    for window in windows:
        start = max(window.start, now + notice)
        start = start.replace(second=0, microsecond=0)
        if start.minute % 30:
            start += timedelta(minutes=30 - start.minute % 30)
        while start + duration <= window.end and len(chosen) < count:
            local = start.astimezone(zone)
            end_local = (start + duration).astimezone(zone)
            candidate = Interval(start, start + duration)
            fits = waking[0] <= local.time() and (
                end_local.time() <= waking[1] and end_local.date() == local.date()
            )
            if fits and local.date() not in days and not any(candidate.overlaps(a) for a in avoid):
                chosen.append(candidate)
                days.add(local.date())
                break
            start += timedelta(minutes=30)
        if len(chosen) >= count:
            break
    return chosen


# --------------------------------------------------------------------------- the nudge text


_OPENERS = [
    "Hi {name}, just floating this back up in case it got buried.",
    "Hey {name}! No pressure, but I'd still love to meet for {activity}.",
    "{name}, bumping this one: still keen on {activity} if you are.",
    "Hi {name}, second try: I'd really like to catch up.",
]
_CLOSERS = [
    "Just reply with the number that suits you, or tell me none of them do.",
    'A number is all I need; "none" is a fine answer too.',
    "Reply with a number and I'll put it in the calendar.",
]


def nudge_text(
    *,
    name: str,
    activity: str,
    options: Sequence[Interval],
    numbers: Sequence[int],
    zone: ZoneInfo,
    seed: str,
    last: bool,
) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    from meetup.activities import activity_for

    first_name = name.split()[0] if name.split() else name
    what = activity_for(activity).noun_phrase
    opener = _OPENERS[digest[0] % len(_OPENERS)].format(name=first_name, activity=what)
    lines = [opener, "", "Some fresh times I'm free:"]
    for number, option in zip(numbers, options, strict=True):
        start, end = option.start.astimezone(zone), option.end.astimezone(zone)
        lines.append(f"  {number}. {start:%a %d %b}, {start:%H:%M}-{end:%H:%M}")
    lines.append(f"(times in {zone.key})")
    lines.append("")
    lines.append(_CLOSERS[digest[1] % len(_CLOSERS)])
    if last:
        lines.append("If now is a bad time, no worries, I'll ask again another time.")
    return "\n".join(lines) + "\n"


def _clean(value: str) -> str:
    """CR/LF (and other whitespace runs) never reach a mail header raw."""
    return " ".join(value.split())


def build_mail(
    *,
    message_id: str,
    sender: str,
    sender_name: str,
    recipient: str,
    subject: str,
    body: str,
    thread: str | None,
    now: datetime,
    calendar: bytes | None = None,
    method: str = "REQUEST",
) -> bytes:
    """A complete RFC 5322 message; the Message-ID is fixed here, before any send."""
    message = EmailMessage()
    message["From"] = formataddr((_clean(sender_name), _clean(sender)))
    message["To"] = _clean(recipient)
    message["Subject"] = _clean(subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    if thread:
        message["In-Reply-To"] = thread
        message["References"] = thread
    message.set_content(body)
    if calendar is not None:
        message.add_alternative(calendar, maintype="text", subtype="calendar", params={"method": method})
        message.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    # RFC 5322 line endings (CRLF): smtplib sends bytes as they are.
    return message.as_bytes(policy=policy.SMTP)


def make_message_id(invite_id: int, kind: str, attempt: int, domain: str) -> str:
    import uuid

    return f"<meetup.{invite_id}.{kind}.{attempt}.{uuid.uuid4().hex[:12]}@{domain}>"


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class OpenInvite:
    id: int
    friend_name: str
    friend_email: str | None
    friend_zone: ZoneInfo
    activity: str
    duration: timedelta
    sent_at: datetime
    subject: str
    thread: str | None
    previous: tuple[datetime, ...]
    offered: tuple[tuple[int, Interval], ...]
    #: highest option number this invite ever used
    top_position: int


def open_invites(conn: sqlite3.Connection, default_zone: ZoneInfo) -> list[OpenInvite]:
    rows = conn.execute(
        "SELECT i.id, f.name, f.email, f.tz, i.activity, i.duration_min, i.created_at, i.thread_message_id, "
        "COALESCE((SELECT m.subject FROM messages m WHERE m.invite_id = i.id AND m.kind = 'invite' ORDER BY m.id LIMIT 1), i.subject), "
        "(SELECT MIN(COALESCE(m.sent_at, m.created_at)) FROM messages m WHERE m.invite_id = i.id AND m.kind = 'invite') "
        "FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.state = 'open' ORDER BY i.id"
    ).fetchall()
    result = []
    for row in rows:
        previous = tuple(
            parse_utc(r[0])
            for r in conn.execute(
                "SELECT created_at FROM followups WHERE invite_id = ? ORDER BY attempt", (row[0],)
            )
        )
        offered = tuple(
            (int(r[0]), Interval(parse_utc(r[1]), parse_utc(r[2])))
            for r in conn.execute(
                "SELECT position, start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state = 'offered' "
                "ORDER BY position",
                (row[0],),
            )
        )
        result.append(
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
                previous=previous,
                offered=offered,
                top_position=int(
                    conn.execute(
                        "SELECT COALESCE(MAX(position), 0) FROM invite_options WHERE invite_id = ?", (row[0],)
                    ).fetchone()[0]
                ),
            )
        )
    return result


@dataclass(frozen=True)
class Planned:
    step: Step
    invite: OpenInvite
    options: tuple[Interval, ...]
    body: str | None
    #: why this due step waits for a later run (nothing to offer now)
    skipped: str | None = None


@dataclass
class FollowupSettings:
    schedule: tuple[int, ...] = DEFAULT_SCHEDULE
    options: int = 3
    sender: str = "meetup@localhost"
    sender_name: str = "meetup"
    domain: str = "meetup.invalid"
    transport: str = "outbox"


#: Free windows for an invite's fresh options; ``None`` when the calendars cannot be read now.
FreeTime = Callable[[OpenInvite], list[Interval] | None]


def plan(
    invites: Sequence[OpenInvite], *, now: datetime, settings: FollowupSettings, free_time: FreeTime
) -> list[Planned]:
    """What is due now (used by ``--dry-run`` and ``meetup status`` too)."""
    planned = []
    taken = [option for invite in invites for _, option in invite.offered]
    for invite in invites:
        step = next_step(invite.id, invite.sent_at, invite.previous, settings.schedule)
        if step.due > now:
            continue
        if step.kind == "gave_up":
            planned.append(Planned(step, invite, (), None))
            continue
        if settings.transport == "email" and not invite.friend_email:
            planned.append(Planned(step, invite, (), None, f"{invite.friend_name} has no email address"))
            continue
        windows = free_time(invite)
        if windows is None:
            planned.append(Planned(step, invite, (), None, "calendars unreadable; retried next run"))
            continue
        # Avoid every option still on offer, this invite's own included: a fresh option must
        # not repeat an old one under a new number (that would make "Tuesday" ambiguous).
        fresh = pick_options(
            windows,
            now=now,
            zone=invite.friend_zone,
            duration=invite.duration,
            count=settings.options,
            avoid=taken,
        )
        if not fresh:
            planned.append(Planned(step, invite, (), None, "no free time to offer; retried next run"))
            continue
        numbers = _numbers(invite, len(fresh))
        body = nudge_text(
            name=invite.friend_name,
            activity=invite.activity,
            options=fresh,
            numbers=numbers,
            zone=invite.friend_zone,
            seed=f"{invite.id}.{step.attempt}",
            last=step.attempt == len(settings.schedule),
        )
        planned.append(Planned(step, invite, tuple(fresh), body))
        taken.extend(fresh)
    return planned


def _numbers(invite: OpenInvite, count: int) -> list[int]:
    """New options are numbered after every option this invite ever offered, so "2" in a late
    reply to the first mail still means what it meant there."""
    return list(range(invite.top_position + 1, invite.top_position + count + 1))


def enqueue(conn: sqlite3.Connection, item: Planned, *, now: datetime, settings: FollowupSettings) -> bool:
    """Create the follow-up in one IMMEDIATE transaction; False when another run already did."""
    invite = item.invite
    if item.skipped:
        return False
    with immediate(conn):
        state = conn.execute("SELECT state FROM invites WHERE id = ?", (invite.id,)).fetchone()
        if state is None or state[0] != "open":
            return False
        exists = conn.execute(
            "SELECT 1 FROM followups WHERE invite_id = ? AND attempt = ?", (invite.id, item.step.attempt)
        ).fetchone()
        if exists:
            return False
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
        message_id = make_message_id(invite.id, "nudge", item.step.attempt, settings.domain)
        subject = invite.subject if invite.subject.lower().startswith("re:") else f"Re: {invite.subject}"
        raw = build_mail(
            message_id=message_id,
            sender=settings.sender,
            sender_name=settings.sender_name,
            recipient=invite.friend_email or "",
            subject=subject,
            body=item.body or "",
            thread=invite.thread,
            now=now,
        )
        conn.execute(
            "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, 'nudge', ?, ?)",
            (invite.id, item.step.attempt, message_id, utc_text(now)),
        )
        conn.execute(
            "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
            "attempts, created_at, due_at) VALUES (?, 'nudge', ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
            (
                invite.id,
                message_id,
                invite.friend_email or "",
                subject,
                raw,
                settings.transport,
                utc_text(now),
                utc_text(now),
            ),
        )
        # Past options are dropped; the fresh ones are offered (and held) from now on.
        conn.execute(
            "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered' AND start_utc < ?",
            (invite.id, utc_text(now)),
        )
        for position, option in zip(_numbers(invite, len(item.options)), item.options, strict=True):
            conn.execute(
                "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
                (invite.id, position, utc_text(option.start), utc_text(option.end)),
            )
    return True
