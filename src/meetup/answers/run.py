"""Controllers behind ``meetup inbox``, ``meetup reply`` and ``meetup status``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetup.answers.acting import (
    BY_HAND,
    ENDS_OFFER,
    InboxResult,
    act,
    answer_to_closed,
    cancel,
    finish_claims,
    keep_phone_number,
    record_seen,
)
from meetup.answers.actions import (
    InviteFacts,
    Outcome,
    WriteEvent,
    act_on_answer,
    invite_facts,
)
from meetup.answers.autoreply import automatic, back_on
from meetup.answers.events import event_writer, release_event, release_holds, slot_checker
from meetup.answers.group import read_group_text
from meetup.answers.imip import judge, parse_calendar_answer
from meetup.answers.lookups import FriendEmailLookup, SentLookup
from meetup.answers.reader import ReplyReading, read_text
from meetup.answers.reference import without_reference
from meetup.answers.thread import chosen_option, hold_nudges, thread_of
from meetup.answers.when import written_on
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import UsageError
from meetup.followup.run import FOLLOWUP_KINDS, open_db, request_windows
from meetup.followup.schedule import FollowupSettings
from meetup.group.store import LIVE, group_of_invite, load_group
from meetup.mail.limits import DEFAULT_LIMITS, Unreadable, time_budget
from meetup.mail.positions import load_position, save_position
from meetup.mail.queue import send_queued
from meetup.mail.settings import settings_from, transport_for
from meetup.mail.sources import (
    IMAPSource,
    IncomingMail,
    match_invite,
    parse_incoming,
    sender_problem,
    source_from_config,
)
from meetup.store.db import immediate, parse_utc, utc_text


def facts_windows(app: App, now: datetime) -> Callable[[InviteFacts], list[Interval]]:
    """Free windows for a slot-taken reply: the invite's own stored request (calendars, zone,
    hours, period); none when the calendars cannot be read now."""
    find = request_windows(app, now)
    return lambda facts: (
        find(facts.request, facts.request.duration if facts.request else facts.duration) or []
    )


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
        free_time = facts_windows(app, now)
        result.outcomes.extend(finish_claims(conn, app, zone, now, settings, is_free, writer, free_time))
        imap = source if isinstance(source, IMAPSource) else None
        if imap is not None:
            imap.position = load_position(conn, imap.key)
        for item in source.fetch():
            mail = parse_incoming(item.raw, size=item.size)
            if (
                mail.message_id in sent
                or conn.execute(
                    "SELECT 1 FROM inbox_messages WHERE message_id = ?", (mail.message_id,)
                ).fetchone()
            ):
                result.skipped += 1
            else:
                _handle(
                    conn, mail, app, zone, now, settings, sent, friend_email, open_by_sender, is_free, writer,
                    free_time, result,
                )  # fmt: skip
            if imap is not None and imap.uidvalidity is not None and item.uid is not None:
                save_position(conn, imap.key, imap.uidvalidity, item.uid, now)  # read: never fetched again
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
    free_time: Callable[[InviteFacts], list[Interval]],
    result: InboxResult,
) -> None:
    def remember(
        invite_id: int | None,
        kind: str,
        option: int | None,
        why: str,
        needs_user: bool,
        until: date | None = None,
    ) -> None:
        try:
            with immediate(conn):
                record_seen(conn, mail, invite_id=invite_id, kind=kind, option=option, why=why,
                             needs_user=needs_user, now=now, until=until)  # fmt: skip
                if kind == "away" and invite_id is not None:
                    hold_nudges(conn, invite_id, until)
        except sqlite3.IntegrityError:  # another run got there first
            return
        if kind == "away":
            result.away.append((invite_id, until))
        if needs_user:
            result.needs_user.append((mail.message_id, why))

    # A calendar answer names its invite by the UID meetup gave it, threading headers or not.
    answer = parse_calendar_answer(mail.calendar) if mail.calendar else None
    ours = answer.invite_option(settings.domain) if answer else None
    if answer is not None and ours is None:  # a group's event has its own UID
        from meetup.group.replies import group_calendar_answer

        noted = group_calendar_answer(conn, answer.uid, answer.partstat, mail.sender, settings.domain)
        if noted is not None:
            remember(noted[0], noted[1], None, noted[2], noted[3])
            return
    if answer is not None and ours is not None:
        facts = invite_facts(conn, ours[0], zone)
        if facts is None:
            remember(None, "unmatched", None, f"calendar answer for unknown invite {ours[0]}", True)
            return
        verdict, reading = judge(
            answer, state=facts.state, options=facts.options, friend=facts.friend_email or "",
            zone=facts.friend_zone, option_hint=ours[1], chosen=chosen_option(conn, facts.id),
        )  # fmt: skip
        problem = sender_problem(mail, (facts.friend_email or "").lower())
        if problem and verdict != "user":  # the attendee is the friend, the mail must be theirs too
            verdict, reading = "user", ReplyReading("ambiguous", None, f"calendar answer that {problem}")
        if verdict == "cancel":
            cancel(conn, app, zone, mail, facts, reading.why, settings, now, result)
            return
        if verdict != "act":
            remember(facts.id, reading.kind if verdict == "noted" else "ambiguous", reading.option,
                     reading.why, verdict == "user")  # fmt: skip
            return
        act(
            conn, app, zone, mail, facts, reading, now, settings, is_free, writer, free_time, result, remember
        )
        return

    match = match_invite(mail, sent=sent, open_by_sender=open_by_sender, friend_email=friend_email)
    if mail.unreadable:
        remember(match.invite_id, "unreadable", None, f"could not be read: {mail.unreadable}", True)
        return
    robot = automatic(mail.headers, mail.subject, mail.text)
    if match.invite_id is None:
        if robot:
            remember(None, "away", None, f"automatic reply ({robot})", False)
            return
        remember(
            None, "unmatched", None, match.problem or "not a reply to an invite", match.problem is not None
        )
        return
    facts = invite_facts(conn, match.invite_id, zone)
    if facts is None:
        remember(None, "unmatched", None, "invite no longer exists", True)
        return
    if robot:  # never an answer: recorded once, and the nudges wait until the friend is back
        back = back_on(mail.text, now.astimezone(facts.friend_zone).date())
        why = f"automatic reply ({robot})" + (f"; away until {back.isoformat()}" if back else "")
        remember(facts.id, "away", None, why, False, back)
        return
    group_id = group_of_invite(conn, facts.id)
    try:
        with time_budget(DEFAULT_LIMITS.seconds, "reading the reply"):
            if group_id is not None:  # a group member: answers name sets of options
                group_reading = read_group_text(
                    without_reference(mail.text), _group_numbers(conn, group_id, facts.options), facts.friend_zone,
                    thread=thread_of(conn, facts.id, mail.in_reply_to),
                )  # fmt: skip
            else:
                today = now.astimezone(facts.friend_zone).date()
                reading = read_text(
                    without_reference(mail.text), facts.options, facts.friend_zone,
                    today=today, thread=thread_of(conn, facts.id, mail.in_reply_to),
                    written=written_on(mail.headers, facts.friend_zone, today),
                )  # fmt: skip
    except Unreadable as exc:
        remember(facts.id, "unreadable", None, f"could not be read: {exc}", True)
        return
    except READER_FAILURES as exc:  # this message's content broke the reader: keep it for the user
        remember(
            facts.id, "unreadable", None, f"could not be read: the reader failed ({type(exc).__name__})", True
        )
        return
    if group_id is not None:
        if group_reading.kind in ("yes", "no", "later"):  # a person's clear answer, never an auto-reply
            keep_phone_number(conn, facts.id, facts.friend_zone.key, mail.text, now)
        from meetup.group.replies import reply_to_group

        def seen(inner: sqlite3.Connection, kind: str, why: str) -> None:
            record_seen(
                inner, mail, invite_id=facts.id, kind=kind, option=None, why=why, needs_user=False, now=now
            )

        told = reply_to_group(
            app, conn, facts.id, group_id, group_reading, problem=match.problem, source=mail.message_id,
            now=now, seen=seen,
        )  # fmt: skip
        if told.result == "needs_you":
            remember(facts.id, "ambiguous", None, told.detail, True)
        else:
            result.outcomes.append(
                Outcome(facts.id, group_reading.kind, f"group {group_id} {told.result}", told.detail)
            )
        return
    if reading.kind in ("yes", "no", "later"):  # a person's clear answer, never an auto-reply
        keep_phone_number(conn, facts.id, facts.friend_zone.key, mail.text, now)
    if facts.state != "open":
        answer_to_closed(remember, facts.id, facts.state, reading)
        return
    if match.problem or reading.kind == "ambiguous":
        why = match.problem or reading.why
        if reading.question and not match.problem and reading.question not in why:
            why += f"; asks: {reading.question}"
        remember(facts.id, "ambiguous", reading.option, why, True)
        return
    act(conn, app, zone, mail, facts, reading, now, settings, is_free, writer, free_time, result, remember)


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


def ask_again_on(text: str, today: date) -> date:
    """``meetup reply FRIEND later --until WHEN``: an ISO date, or the words a friend would have
    written ("in two weeks", "in January", "after the holidays", "15 March")."""
    from meetup.answers.when import first_date, later_until
    from meetup.answers.words import fold
    from meetup.calendar.timeparse import check_year

    try:
        day: date | None = datetime.fromisoformat(text.strip()).date()
    except ValueError:
        day = later_until(text, today) or first_date(fold(text), today)
    if day is None:
        raise UsageError(
            f"--until {text!r}: not a date (give e.g. 2027-01-10, 'in two weeks' or 'in January')"
        )
    check_year(datetime.combine(day, datetime.min.time()), "--until", text)
    if day <= today:
        raise UsageError(f"--until {text!r}: {day:%a %d %b %Y} is not after today")
    return day


def run_reply(
    app: App,
    friend: str,
    kind: str,
    option: int | None,
    at: str | None,
    more: Sequence[int] = (),
    *,
    until: str | None = None,
) -> Outcome:
    """``meetup reply``; ``more`` are further options, for a group invite; ``until`` is when a
    "later" asked to be asked again, in the user's words."""
    from meetup.calendar.timeparse import parse_when

    zone = app.zone()
    now = app.now(zone)
    again = ask_again_on(until, now.date()) if until is not None else None
    settings = settings_from(app)
    conn = open_db(app, now)
    try:
        is_free, writer, free_time = (
            slot_checker(app, zone),
            event_writer(app, settings, now, zone),
            facts_windows(app, now),
        )
        for done in finish_claims(conn, app, zone, now, settings, is_free, writer, free_time):
            app.warn(f"invite {done.invite_id}: a yes a stopped run left unfinished is now {done.result}")
        facts = invite_facts(conn, find_friend_invite(conn, friend), zone)
        assert facts is not None
        group_id = group_of_invite(conn, facts.id)
        if group_id is not None:
            from meetup.group.replies import reply_by_hand

            if again is not None:
                raise UsageError("--until is for a one-friend invite; a group plan goes on without them")

            chosen = [*([option] if option is not None else []), *more]
            if at is not None:
                moment = parse_when(at, zone, option="--at")
                chosen += [n for n, o in facts.options.items() if o.start == moment] or [0]
            told = reply_by_hand(app, conn, facts.id, group_id, kind, chosen, now)
            return Outcome(facts.id, kind, f"group {group_id} {told.result}", told.detail)
        if more:
            raise UsageError("several --option values are for a group invite; this is a one-friend invite")
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
            conn, facts, kind=kind, option=option, source=BY_HAND, now=now, settings=settings,
            slot_is_free=is_free, write_event=writer, free_time=free_time, until=again,
            unwrite_event=lambda uid: release_event(app, zone, uid),
        )  # fmt: skip
        if outcome.result == "later" and again is not None:
            outcome = Outcome(outcome.invite_id, outcome.kind, outcome.result, f"{again:%a %d %b %Y}")
        if outcome.result in ENDS_OFFER:
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


__all__ = ["parse_utc", "run_inbox", "run_reply"]


def _group_numbers(
    conn: sqlite3.Connection, group_id: int, offered: dict[int, Interval]
) -> dict[int, Interval]:
    """The options a group member's numbers refer to: those still on offer while the group decides;
    once it has decided, every option the invite listed (a late "1 and 3" names the invite's 1 and 3,
    not a time never offered)."""
    group = load_group(conn, group_id)
    return offered if group.state in LIVE else group.options
