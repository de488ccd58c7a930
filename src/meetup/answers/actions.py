"""Acting on an answer: yes (confirm, write the event, send the iMIP invitation), no (thank them),
later (stop for now). Shared by ``meetup inbox`` and ``meetup reply``.

The slow part (re-reading calendars, writing the event) happens outside any transaction; the
state change and the queued mails are then recorded together in one ``BEGIN IMMEDIATE``
transaction that first re-checks the invite is still open, so two runs never confirm twice.
Between the two, a yes claims its time under the write lock (:mod:`meetup.store.bookings`):
two yeses to overlapping times never both become meetings, whichever runs act on them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.calendar.zones import lookup_zone
from meetup.errors import MeetupError
from meetup.followup.schedule import NOTICE, FollowupSettings, context_for, rules_for
from meetup.invite.activities import activity_for
from meetup.invite.chooser import choose_options
from meetup.invite.composer import (
    InviteContext,
    compose_confirmation,
    compose_slot_taken,
    compose_thanks,
    thread_subject,
)
from meetup.invite.request import StoredRequest
from meetup.invite.wording import event_title, first_name, format_option
from meetup.mail.queue import queue_in_thread
from meetup.store.bookings import book, claim_time, crash_point, release, settle_stale
from meetup.store.db import immediate, parse_utc, utc_text
from meetup.store.history import stored_request, used_texts
from meetup.store.meetings import booked_times, unavailable


@dataclass(frozen=True)
class InviteFacts:
    id: int
    state: str
    friend_name: str
    friend_email: str | None
    friend_zone: ZoneInfo
    activity: str
    subject: str
    thread: str | None
    options: dict[int, Interval]  # offered (or taken meanwhile by someone else), by number
    duration: timedelta
    #: the user's zone when the invite was made, what it asked for, how to greet, the thread so far
    user_zone: ZoneInfo | None = None
    request: StoredRequest | None = None
    friend_given: str | None = None
    seed: int = 0
    used: tuple[str, ...] = ()


def invite_facts(conn: sqlite3.Connection, invite_id: int, default_zone: ZoneInfo) -> InviteFacts | None:
    row = conn.execute(
        "SELECT i.id, i.state, f.name, f.email, f.tz, i.activity, i.thread_message_id, i.duration_min, "
        "COALESCE((SELECT m.subject FROM messages m WHERE m.invite_id = i.id AND m.kind = 'invite' ORDER BY m.id LIMIT 1), i.subject), "
        "f.given_name, i.seed FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.id = ?",
        (invite_id,),
    ).fetchone()
    if row is None:
        return None
    request = stored_request(conn, invite_id)
    options = {
        int(r[0]): Interval(parse_utc(r[1]), parse_utc(r[2]))
        for r in conn.execute(
            "SELECT position, start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state IN ('offered', 'taken') "
            "ORDER BY position",
            (invite_id,),
        )
    }
    return InviteFacts(
        id=int(row[0]),
        state=str(row[1]),
        friend_name=str(row[2]),
        friend_email=row[3],
        friend_zone=ZoneInfo(row[4]) if row[4] else default_zone,
        activity=str(row[5] or "meet up"),
        subject=str(row[8] or f"{row[5] or 'Meet up'}?"),
        thread=row[6],
        options=options,
        duration=timedelta(minutes=int(row[7] or 60)),
        user_zone=lookup_zone(request.zone) if request else default_zone,
        request=request,
        friend_given=row[9],
        seed=int(row[10]) if str(row[10] or "").isdigit() else int(row[0]),
        used=used_texts(conn, int(row[0])),
    )


def request_ics(
    *,
    uid: str,
    option: Interval,
    summary: str,
    organizer: str,
    attendee: str,
    now: datetime,
    method: str = "REQUEST",
) -> bytes:
    """An iMIP invitation (RFC 5546/6047) for the agreed time: Accept/Decline in mail clients."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//meetup//replies//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", option.start)
    event.add("dtend", option.end)
    event.add("sequence", 0)
    event.add("summary", " ".join(summary.split()))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", f"mailto:{organizer}")
    attendee_property = icalendar.vCalAddress(f"mailto:{attendee}")
    attendee_property.params["ROLE"] = "REQ-PARTICIPANT"
    attendee_property.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee_property.params["RSVP"] = "TRUE"
    event.add("attendee", attendee_property)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def compose_context(
    facts: InviteFacts, settings: FollowupSettings, *, options: Sequence[Interval] = (),
    numbers: Sequence[int] | None = None,
) -> InviteContext:  # fmt: skip
    """The shared composer's view of an invite (names, activity, zones, the thread so far)."""
    return context_for(facts, settings, options=options, numbers=numbers)


@dataclass
class Outcome:
    invite_id: int
    kind: str
    result: str  # confirmed | slot_taken | passed | thanked | later | not_open | no_option
    detail: str = ""


#: why an answer waits: a run holds a claim on the invite's time (one that died is finished by
#: the first ``meetup inbox`` after the claim went stale, see meetup.store.bookings)
BOOKING_NOW = (
    "a yes to invite {} is being booked by another meetup run "
    "(a run that stopped is finished by the next `meetup inbox` or `meetup reply` after 10 minutes)"
)

BusyCheck = Callable[[Interval, Sequence[Interval]], bool]
WriteEvent = Callable[[InviteFacts, Interval, str], str]
FreeTime = Callable[[InviteFacts], list[Interval]]


def act_on_answer(
    conn: sqlite3.Connection,
    facts: InviteFacts,
    *,
    kind: str,
    option: int | None,
    source: str,
    now: datetime,
    settings: FollowupSettings,
    slot_is_free: BusyCheck,
    write_event: WriteEvent,
    free_time: FreeTime,
    extra: Callable[[sqlite3.Connection], None] | None = None,
    until: date | None = None,
    unwrite_event: Callable[[str], None] | None = None,
    keep_claim: bool = False,
) -> Outcome:
    """Record one answer and queue what it causes. ``extra`` runs inside the same transaction
    (the inbox records the processed Message-ID there, so a crash cannot split the two). ``until``
    is when a "later" asked to be asked again. A yes claims its time before the event is written
    (:mod:`meetup.store.bookings`); ``unwrite_event`` removes an event a dead run wrote for an
    answer that ends without a meeting."""
    if facts.state != "open":
        return Outcome(facts.id, kind, "not_open", f"invite {facts.id} is {facts.state}")
    recipient = facts.friend_email or ""
    subject = thread_subject(facts.subject)

    def queue(conn: sqlite3.Connection, message_kind: str, body: str, calendar: bytes | None = None) -> None:
        queue_in_thread(
            conn, invite_id=facts.id, kind=message_kind, recipient=recipient, recipient_name=facts.friend_name,
            subject=subject, body=body, thread=facts.thread, settings=settings, now=now, calendar=calendar,
        )  # fmt: skip

    def record(conn: sqlite3.Connection, outcome: str, chosen: int | None) -> None:
        conn.execute(
            "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (facts.id, kind, chosen, outcome, source, utc_text(now)),
        )
        if extra is not None:
            extra(conn)

    def still_open(conn: sqlite3.Connection) -> bool:
        row = conn.execute("SELECT state FROM invites WHERE id = ?", (facts.id,)).fetchone()
        return row is not None and row[0] == "open"

    if kind in ("no", "later"):
        # "ask me later" with a date is remembered (ask_again_at, shown by `meetup status`), so
        # the thanks may say when; without one, nothing is promised.
        later = kind == "later"
        body = compose_thanks(
            compose_context(facts, settings), later=later, again=until if later else None
        ).body
        with immediate(conn):
            if not still_open(conn):
                return Outcome(facts.id, kind, "not_open")
            stale = settle_stale(conn, facts.id, now)
            if stale is None:  # a yes is being booked right now: that run decides
                return Outcome(facts.id, kind, "in_progress", BOOKING_NOW.format(facts.id))
            conn.execute(
                "UPDATE invites SET state = 'declined', ask_again_at = ? WHERE id = ?",
                (until.isoformat() if until and kind == "later" else None, facts.id),
            )
            conn.execute(
                "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered'",
                (facts.id,),
            )
            queue(conn, "thanks", body)
            record(conn, "later" if kind == "later" else "thanked", None)
        if stale:
            _unwrite(facts, settings, unwrite_event)
        return Outcome(facts.id, kind, "later" if kind == "later" else "thanked")

    if kind != "yes" or option is None or option not in facts.options:
        return Outcome(facts.id, kind, "no_option", f"option {option} is not offered in invite {facts.id}")
    chosen = facts.options[option]
    # A yes to a time already begun is never confirmed: the friend gets fresh options instead.
    passed = chosen.start <= now
    took_over = False
    if not passed and slot_is_free(chosen, list(facts.options.values())):
        # The calendars say free; whether meetup itself has booked the time meanwhile is decided
        # under the write lock, so of two yeses to overlapping times only one can win.
        claim = claim_time(conn, facts.id, option, chosen, source=source, now=now)
        if claim.result == "won":
            return _confirm(
                conn, facts, option, claim.token, queue=queue, record=record, still_open=still_open,
                kind=kind, now=now, settings=settings, write_event=write_event, keep_claim=keep_claim,
            )  # fmt: skip
        if claim.result == "in_flight":
            return Outcome(facts.id, kind, "in_progress", BOOKING_NOW.format(facts.id))
        if claim.result == "not_open":
            return Outcome(facts.id, kind, "not_open")
        took_over = claim.took_over
    # Fresh times obey the invite's own request, never overlap a meeting or another offer.
    context = compose_context(facts, settings)
    # the other options still on offer stand (not past, not booked by someone else meanwhile)
    meetings = booked_times(conn, but=facts.id)
    standing = [
        (n, o) for n, o in facts.options.items()
        if n != option and o.start >= now + NOTICE and not any(o.overlaps(m) for m in meetings)
    ]  # fmt: skip
    count = max(1, settings.options - len(standing))
    rules = rules_for(context.activity, facts.request, count=count, duration=facts.duration)
    others = [o for n, o in facts.options.items() if n != option]
    fresh = choose_options(
        free_time(facts), now=now, rules=rules, user_zone=context.user_zone, friend_zone=facts.friend_zone,
        taken=[*unavailable(conn, but=facts.id), *others],
        seed=(facts.seed or facts.id) * 31 + 97,
    )  # fmt: skip
    top = int(
        conn.execute(
            "SELECT COALESCE(MAX(position), 0) FROM invite_options WHERE invite_id = ?", (facts.id,)
        ).fetchone()[0]
    )
    numbers = list(range(top + 1, top + 1 + len(fresh)))
    draft = compose_slot_taken(
        compose_context(facts, settings, options=fresh, numbers=numbers), chosen, passed=passed,
        standing=standing,
    )  # fmt: skip
    with immediate(conn):
        if not still_open(conn):
            return Outcome(facts.id, kind, "not_open")
        # a dead run's claim on this invite ends here; a live run's is left to that run
        stale = settle_stale(conn, facts.id, now)
        if stale is None:
            return Outcome(facts.id, kind, "in_progress", BOOKING_NOW.format(facts.id))
        took_over = took_over or stale
        conn.execute(
            "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND (position = ? "
            "OR (state = 'offered' AND start_utc <= ?))",
            (facts.id, option, utc_text(now)),
        )
        for number, fresh_option in zip(numbers, fresh, strict=True):
            conn.execute(
                "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
                (facts.id, number, utc_text(fresh_option.start), utc_text(fresh_option.end)),
            )
        queue(conn, "fresh_options", draft.body)
        record(conn, "passed" if passed else "slot_taken", option)
    if took_over:
        _unwrite(facts, settings, unwrite_event)
    return Outcome(facts.id, kind, "passed" if passed else "slot_taken", format_option(chosen, context.zone))


def _confirm(
    conn: sqlite3.Connection,
    facts: InviteFacts,
    option: int,
    token: str,
    *,
    queue: Callable[..., None],
    record: Callable[[sqlite3.Connection, str, int | None], None],
    still_open: Callable[[sqlite3.Connection], bool],
    kind: str,
    now: datetime,
    settings: FollowupSettings,
    write_event: WriteEvent,
    keep_claim: bool,
) -> Outcome:
    """The claim is this run's: write the event, then confirm and turn the claim into a booking
    in one transaction. A calendar that refuses the event gives the time back (unless
    ``keep_claim``: a dead run's answer being finished is tried again next run)."""
    from meetup.invite import icsfile

    chosen = facts.options[option]
    context = compose_context(facts, settings)
    uid = icsfile.event_uid(facts.id, settings.domain)
    crash_point("claimed")
    try:
        where = write_event(facts, chosen, uid)
    except MeetupError:
        if not keep_claim:
            release(conn, token, now)
        raise
    crash_point("written")
    calendar = icsfile.request_ics(
        uid=uid,
        sequence=0,
        start=chosen.start,
        end=chosen.end,
        zone=context.zone,
        summary=context.title_for_friend,
        description="",
        organizer=(settings.sender_name, settings.sender),
        attendee=(facts.friend_name, facts.friend_email or ""),
        dtstamp=now,
    )
    body = compose_confirmation(context, chosen).body
    with immediate(conn):
        # a run that took this claim over (this one was presumed dead) confirms instead
        if not still_open(conn) or not book(conn, token, now):
            return Outcome(facts.id, kind, "not_open")
        conn.execute("UPDATE invites SET state = 'accepted' WHERE id = ?", (facts.id,))
        conn.execute(
            "UPDATE invite_options SET state = CASE WHEN position = ? THEN 'chosen' ELSE 'released' END "
            "WHERE invite_id = ? AND state = 'offered'",
            (option, facts.id),
        )
        # The agreed time stops being offered to anyone else at once.
        conn.execute(
            "UPDATE invite_options SET state = 'taken' WHERE state = 'offered' AND invite_id != ? "
            "AND invite_id IN (SELECT id FROM invites WHERE state = 'open') AND start_utc < ? AND end_utc > ?",
            (facts.id, utc_text(chosen.end), utc_text(chosen.start)),
        )
        queue(conn, "confirmation", body, calendar)
        record(conn, "confirmed", option)
    return Outcome(facts.id, kind, "confirmed", where)


def _unwrite(
    facts: InviteFacts, settings: FollowupSettings, unwrite_event: Callable[[str], None] | None
) -> None:
    """A dead run's claim ended without a meeting: the event it may have written goes."""
    from meetup.invite import icsfile

    if unwrite_event is not None:
        unwrite_event(icsfile.event_uid(facts.id, settings.domain))


def user_event_title(facts: InviteFacts) -> str:
    """The user's own calendar event: "Coffee with Maria"."""
    activity = activity_for(facts.request.activity if facts.request else facts.activity)
    return event_title(activity.title, first_name(facts.friend_name, facts.friend_given))


def outbox_ics_writer(directory: Path, *, organizer: str, now: datetime) -> WriteEvent:
    """When no calendar can be written: the event goes into the outbox as an ``.ics`` file."""

    def write(facts: InviteFacts, option: Interval, uid: str) -> str:
        directory.mkdir(parents=True, exist_ok=True)
        data = request_ics(
            uid=uid,
            option=option,
            summary=user_event_title(facts),
            organizer=organizer,
            attendee=facts.friend_email or organizer,
            now=now,
            method="PUBLISH",
        )
        path = directory / f"{uid.split('@')[0]}.ics"
        path.write_bytes(data)
        return str(path)

    return write
