"""Deciding group invites: settling a group after each answer and at its decision time,
confirming a time (claimed under the write lock like a one-friend yes), and nudging members who
have not answered, with the tally so far (``meetup followup``).

Exactly once: each state change and the mail it causes are recorded in one ``BEGIN IMMEDIATE``
transaction that re-checks the group's state first, so overlapping runs cannot confirm twice or
nudge twice (nudges are keyed by ``followups (invite_id, attempt)``).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError, UsageError
from meetup.followup.schedule import FollowupSettings
from meetup.group.composer import (
    compose_group_confirmation,
    compose_group_nudge,
    compose_group_sorry,
    group_request_ics,
)
from meetup.group.decide import Decision, decide, first_names, tally_sentence
from meetup.group.store import (
    LIVE,
    Group,
    GroupOutcome,
    Member,
    close_members,
    live_groups,
    load_group,
    queue_message,
)
from meetup.invite.activities import activity_for
from meetup.invite.composer import InviteContext
from meetup.store.db import immediate, parse_utc, utc_text
from meetup.store.history import used_texts

#: Message kinds a group sends (all also sent by the one-friend runs).
KINDS = ("invite", "nudge", "confirmation", "thanks")


def send_group_mail(app: App, conn: sqlite3.Connection, via: str, settings: FollowupSettings, now: datetime,
          echo: Callable[[str], None]) -> None:  # fmt: skip
    from meetup.invite.run import render_for_terminal
    from meetup.mail.queue import send_queued
    from meetup.mail.settings import transport_for

    transport = transport_for(app, via, lambda raw: echo(render_for_terminal(raw)))
    try:
        send_queued(conn, transport, sender=settings.sender, now=now, kinds=KINDS)
    except OSError as exc:  # the queue keeps the mail; the next run sends it
        app.warn(f"sending stopped: {exc}")


def context_for(settings: FollowupSettings, name: str, zone: ZoneInfo | None, user_zone: ZoneInfo, activity: str,
             options: Sequence[Interval], seed: int, note: str | None = None, *, given: str | None = None,
             used: Sequence[str] = ()) -> InviteContext:  # fmt: skip
    """What a member's message may say: signed and greeted as in one-friend invites, and never
    repeating a sentence of ``used`` (the thread so far)."""
    return InviteContext(
        user_name=settings.sender_name, friend_name=name, activity=activity_for(activity, settings.activities),
        options=list(options), user_zone=user_zone, friend_zone=zone, note=note, seed=seed,
        signature=settings.signature, friend_given=given, used=tuple(used),
    )  # fmt: skip


def member_context(conn: sqlite3.Connection, settings: FollowupSettings, group: Group, member: Member,
                    zone: ZoneInfo) -> InviteContext:  # fmt: skip
    """A member's context in their own thread: what it said so far, their given name."""
    row = conn.execute("SELECT given_name FROM friends WHERE id = ?", (member.friend_id,)).fetchone()
    return context_for(settings, member.name, member.zone, zone, group.activity, list(group.options.values()),
                    zlib.crc32(f"group:{group.id}:{member.friend_id}".encode()), given=row[0] if row else None,
                    used=used_texts(conn, member.invite_id))  # fmt: skip


# --- deciding --------------------------------------------------------------------------------


def auto_decide(app: App) -> bool:
    value = app.config.section("groups").get("auto_decide", False)
    if not isinstance(value, bool):
        from meetup.errors import ConfigError

        raise ConfigError(f"[groups] auto_decide must be true or false, got {value!r}")
    return value


def settle(
    app: App, conn: sqlite3.Connection, group_id: int, now: datetime, *, option: int | None = None
) -> GroupOutcome:
    """Decide the group if its answers (or the clock) allow; ``option`` is the user's own pick."""
    group = load_group(conn, group_id)
    if group.state not in LIVE:
        return GroupOutcome(group_id, "not_open", f"group {group_id} is {group.state}")
    if option is not None:
        if option not in group.options:
            raise UsageError(
                f"--option {option} is not one of group {group_id}'s options ({', '.join(map(str, group.options))})"
            )
        can = tuple(a.name for a in group.answers() if a.can(option))
        decision = Decision("confirm", option, can, "chosen by you")
    else:
        decision = decide(
            sorted(group.options), group.answers(), quorum=group.quorum, now=now, decide_by=group.decide_by,
            auto=auto_decide(app),
        )  # fmt: skip
    if decision.action == "wait":
        return GroupOutcome(group_id, "waiting", decision.why)
    if decision.action == "confirm" and option is None and decision.option is not None:
        # decided by the answers alone: the user's calendar must still be free then, else they choose
        taken = _no_longer_free(app, group, decision.option)
        if taken:
            decision = Decision("propose", decision.option, decision.can, f"{decision.why}, but {taken}")
    if decision.action in ("propose", "give_up"):
        return _leave_open(app, conn, group, decision, now)
    assert decision.option is not None
    outcome = confirm(app, conn, group, decision.option, now, decision.why)
    if outcome.result == "taken":  # booked with someone else since: the user chooses
        why = f"{decision.why}, but {outcome.detail}"
        return _leave_open(app, conn, group, Decision("propose", decision.option, decision.can, why), now)
    return outcome


def _leave_open(
    app: App, conn: sqlite3.Connection, group: Group, decision: Decision, now: datetime
) -> GroupOutcome:
    """Propose a time to the user, or give up: no meeting is booked."""
    state = "proposed" if decision.action == "propose" else "failed"
    with immediate(conn):
        changed = conn.execute(
            "UPDATE groups SET state = ?, chosen = ?, why = ?, decided_at = ? WHERE id = ? AND state IN ('open', 'proposed')",
            (state, decision.option, decision.why, utc_text(now), group.id),
        ).rowcount
        if changed and state == "failed":
            close_members(conn, group, None)
    if decision.option is None:
        return GroupOutcome(group.id, state, decision.why)
    when = group.options[decision.option].start.astimezone(app.zone())
    return GroupOutcome(group.id, state, f"option {decision.option} ({when:%a %d %b %H:%M}): {decision.why}")


def _no_longer_free(app: App, group: Group, option: int) -> str:
    """Why ``option`` cannot be confirmed without asking the user ("" when it can)."""
    from meetup.answers.events import slot_checker

    try:
        free = slot_checker(app, app.zone())(group.options[option], list(group.options.values()))
    except MeetupError as exc:
        return f"your calendar could not be checked ({exc})"
    return "" if free else f"option {option} is no longer free in your calendar"


def confirm(
    app: App, conn: sqlite3.Connection, group: Group, option: int, now: datetime, why: str
) -> GroupOutcome:
    """The time is set: one event with every attendee, written once; a confirmation with the iMIP
    REQUEST to each friend who comes (or has not answered), a kind note to each who can't. The
    time is claimed first, under the write lock, as for a one-friend yes (meetup.store.bookings):
    ``taken`` when another meeting was booked over it meanwhile."""
    from meetup.invite.icsfile import event_uid
    from meetup.mail.settings import settings_from
    from meetup.store.bookings import book, claim_time, crash_point, release

    settings = settings_from(app)
    zone = app.zone()
    chosen = group.options[option]
    uid = event_uid(group.members[0].invite_id, settings.domain).replace("meetup-", "meetup-group-", 1)
    coming = [m for m in group.members if m.answer == "yes" and option in m.options]
    pending = [m for m in group.members if m.answer is None]
    invited = coming + pending
    attendees = [
        (m.name, m.email or "", "ACCEPTED" if m in coming else "NEEDS-ACTION") for m in invited if m.email
    ]
    summary = (
        f"{group.activity.capitalize()} with {', '.join(first_names([m.name for m in invited]).values())}"
    )
    calendar = group_request_ics(
        uid=uid, sequence=0, chosen=chosen, zone=zone, summary=summary,
        organizer=(settings.sender_name, settings.sender), attendees=attendees, dtstamp=now,
    )  # fmt: skip
    claim = claim_time(
        conn, group.members[0].invite_id, option, chosen, source=f"group {group.id}", now=now,
        states=("open", "unsent"),
    )  # fmt: skip
    if claim.result == "taken":
        return GroupOutcome(group.id, "taken", f"option {option} was booked with someone else meanwhile")
    if claim.result != "won":
        return GroupOutcome(group.id, "not_open", "being decided by another run")
    crash_point("claimed")
    try:
        where = _write_event(app, settings, zone, uid, summary, chosen, invited, calendar)
    except MeetupError:
        release(conn, claim.token, now)
        raise
    crash_point("written")
    shown = first_names([m.name for m in group.members])
    queued: list[tuple[Member, str, str, str, bytes | None]] = []
    for member in group.members:
        ctx = member_context(conn, settings, group, member, zone)
        if member in invited:
            others = [shown[m.name] for m in invited if m is not member]
            draft = compose_group_confirmation(ctx, chosen, others)
            queued.append((member, "confirmation", draft.subject, draft.body, calendar))
        else:
            draft = compose_group_sorry(ctx, chosen, member.zone or zone)
            queued.append((member, "thanks", draft.subject, draft.body, None))
    with immediate(conn):
        changed = (
            book(conn, claim.token, now)
            and conn.execute(
                "UPDATE groups SET state = 'confirmed', chosen = ?, why = ?, decided_at = ? WHERE id = ? AND state IN ('open', 'proposed')",
                (option, why, utc_text(now), group.id),
            ).rowcount
        )
        if not changed:  # the claim (and the booking just made) goes back
            release(conn, claim.token, now)
            return GroupOutcome(group.id, "not_open", "decided meanwhile by another run")
        close_members(conn, group, option)
        for member, kind, subject, body, attachment in queued:
            queue_message(conn, member, kind, subject, body, attachment, settings, now)
    _release_holds(app, zone, conn, group)
    send_group_mail(app, conn, settings.transport, settings, now, lambda _text: None)
    return GroupOutcome(
        group.id, "confirmed", f"option {option}, {chosen.start.astimezone(zone):%a %d %b %H:%M}; {where}"
    )


def _write_event(app: App, settings: FollowupSettings, zone: ZoneInfo, uid: str, summary: str, chosen: Interval,
                 invited: Sequence[Member], calendar: bytes) -> str:  # fmt: skip
    """The agreed event on the calendar marked ``write = true``; else an ``.ics`` in the outbox."""
    from meetup.calendar.providers import Attendee, EventSpec, WritableCalendar, open_calendar

    for config in app.config.calendars.values():
        if config.options.get("write") is not True:
            continue
        try:
            provider = open_calendar(config, app.provider_context(zone))
            if isinstance(provider, WritableCalendar):
                provider.write_event(
                    EventSpec(
                        uid=uid, summary=summary, start=chosen.start, end=chosen.end, timezone=zone.key,
                        organizer=Attendee(settings.sender, settings.sender_name),
                        attendees=[Attendee(m.email, m.name) for m in invited if m.email],
                    )
                )  # fmt: skip
                return f"event written to calendar {config.name}"
        except MeetupError as exc:
            app.warn(f"event not written to {config.name!r}: {exc}")
    directory = app.data_dir / "outbox-ics"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uid.split('@')[0]}.ics"
    path.write_bytes(calendar)
    return f"event in {path}"


def _release_holds(app: App, zone: ZoneInfo, conn: sqlite3.Connection, group: Group) -> None:
    from meetup.answers.events import release_holds

    release_holds(app, zone, conn, group.members[0].invite_id)


# --- follow-ups ------------------------------------------------------------------------------


def group_followups(
    app: App, conn: sqlite3.Connection, now: datetime, settings: FollowupSettings
) -> list[str]:
    """Decide groups whose time has come; nudge members who have not answered, with the tally.

    Nudges follow ``[followup] nudge_after_days`` from the invitation, and only before the
    decision time; each is recorded in ``followups`` so no run sends it twice."""
    zone = app.zone()
    done: list[str] = []
    for group_id in live_groups(conn):
        outcome = settle(app, conn, group_id, now)
        if outcome.result != "waiting":
            done.append(f"group {group_id}: {outcome.result} {outcome.detail}".rstrip())
            continue
        group = load_group(conn, group_id)
        shown = first_names([m.name for m in group.members])
        for member in group.members:
            if member.answer is not None:
                continue
            sent_at = conn.execute(
                "SELECT MIN(COALESCE(sent_at, created_at)) FROM messages WHERE invite_id = ? AND kind = 'invite'",
                (member.invite_id,),
            ).fetchone()[0]
            previous = conn.execute(
                "SELECT COUNT(*) FROM followups WHERE invite_id = ?", (member.invite_id,)
            ).fetchone()[0]
            if sent_at is None or previous >= len(settings.schedule):
                continue
            due = parse_utc(sent_at) + timedelta(days=settings.schedule[previous])
            if due > now or now >= group.decide_by:
                continue
            member_zone = member.zone or zone
            tally = tally_sentence(group.options, group.answers(), member_zone, names=shown)
            ctx = member_context(conn, settings, group, member, zone)
            draft = compose_group_nudge(ctx, tally, previous + 1)
            try:
                with immediate(conn):
                    conn.execute(
                        "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, 'nudge', NULL, ?)",
                        (member.invite_id, previous + 1, utc_text(now)),
                    )
                    queue_message(conn, member, "nudge", draft.subject, draft.body, None, settings, now)
            except sqlite3.IntegrityError:
                continue  # another run nudged first
            done.append(f"group {group_id}: nudged {member.name}" + (f" ({tally})" if tally else ""))
    return done
