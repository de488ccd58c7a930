"""Controller for group invites: one set of options, a personal thread per friend, a decision.

Every member gets an ordinary invite row (their own thread, their own messages, the same
options), tied together by ``group_members``; so sending, resending, threading and holds work as
for one friend. Answers name *sets* of options; the group is decided by
:func:`meetup.group.decide.decide` after each answer and on every ``meetup followup`` run, which
also nudges friends who have not answered, with the tally so far. Member invites are left out
of the one-friend follow-ups (no fresh options for a group).

Exactly once: each state change and the mail it causes are recorded in one ``BEGIN IMMEDIATE``
transaction that re-checks the group's state first, so overlapping runs cannot confirm twice or
nudge twice (nudges are keyed by ``followups (invite_id, attempt)``).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.calendar.mutual import common_windows
from meetup.errors import MeetupError, NoFreeTime, UsageError
from meetup.followup.schedule import FollowupSettings
from meetup.friends import Friend
from meetup.group.composer import (
    compose_group_confirmation,
    compose_group_invite,
    compose_group_nudge,
    compose_group_sorry,
    group_request_ics,
)
from meetup.group.decide import Decision, decide, default_decide_by, first_names, tally_sentence
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
from meetup.invite.chooser import ChoiceRules
from meetup.invite.composer import InviteContext
from meetup.invite.run import InviteRequest
from meetup.store.db import immediate, parse_utc, utc_text
from meetup.store.history import recent_for_friend, used_texts

#: Message kinds a group sends (all also sent by the one-friend runs).
KINDS = ("invite", "nudge", "confirmation", "thanks")


@dataclass(frozen=True)
class GroupRequest:
    """Who (names and/or a tag) and the group's rules; ``invite`` carries the one-friend
    options (activity, period, hours, delivery...), its ``friend`` unused."""

    friends: Sequence[str]
    invite: InviteRequest
    quorum: int | None = None
    decide_by: str | None = None
    #: Everyone with this tag joins the friends named (``meetup invite --tag book-club``).
    tag: str | None = None


@dataclass
class GroupInviteResult:
    group: int
    friends: list[str]
    invites: list[int]
    options: list[Interval]
    zone: ZoneInfo
    quorum: int
    decide_by: datetime
    subjects: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    sent: bool = False
    error: str | None = None


# --- reading the store ---------------------------------------------------------------------


# --- creating ------------------------------------------------------------------------------


def _seed(group_key: str, friend: Friend, now: datetime) -> int:
    """Per friend: two members of one group never get the same phrasing by accident."""
    return zlib.crc32(f"group:{group_key}:{friend.id}:{friend.name}:{now.isoformat()}".encode())


def _context(settings: FollowupSettings, name: str, zone: ZoneInfo | None, user_zone: ZoneInfo, activity: str,
             options: Sequence[Interval], seed: int, note: str | None = None, *, given: str | None = None,
             used: Sequence[str] = ()) -> InviteContext:  # fmt: skip
    """What a member's message may say: signed and greeted as in one-friend invites, and never
    repeating a sentence of ``used`` (the thread so far)."""
    return InviteContext(
        user_name=settings.sender_name, friend_name=name, activity=activity_for(activity, settings.activities),
        options=list(options), user_zone=user_zone, friend_zone=zone, note=note, seed=seed,
        signature=settings.signature, friend_given=given, used=tuple(used),
    )  # fmt: skip


def _member_context(conn: sqlite3.Connection, settings: FollowupSettings, group: Group, member: Member,
                    zone: ZoneInfo) -> InviteContext:  # fmt: skip
    """A member's context in their own thread: what it said so far, their given name."""
    row = conn.execute("SELECT given_name FROM friends WHERE id = ?", (member.friend_id,)).fetchone()
    return _context(settings, member.name, member.zone, zone, group.activity, list(group.options.values()),
                    zlib.crc32(f"group:{group.id}:{member.friend_id}".encode()), given=row[0] if row else None,
                    used=used_texts(conn, member.invite_id))  # fmt: skip


def create_group_invite(app: App, request: GroupRequest, echo: Callable[[str], None]) -> GroupInviteResult:
    """Pick one set of options that suits everyone, record the group and one invite per friend
    in one transaction, then send each friend their own message."""
    from meetup.calendar.run import build_request, find_free_time
    from meetup.calendar.timeparse import parse_when
    from meetup.calendar.together import members_for
    from meetup.invite.chooser import choose_options
    from meetup.invite.run import (
        VIAS,
        record_invite_mail,
        refuse_stacking,
        shortfall,
        store_for,
        write_holds_file,
    )
    from meetup.mail.settings import settings_from
    from meetup.store.meetings import unavailable

    if request.invite.via not in VIAS:
        raise UsageError(f"--via {request.invite.via!r}: use print, outbox or email")
    if request.invite.options < 1:
        raise UsageError(f"--options must be at least 1, got {request.invite.options}")
    settings = settings_from(app)
    activity = activity_for(request.invite.activity, settings.activities)
    minutes = request.invite.duration or int(activity.duration.total_seconds() // 60)
    free = build_request(
        app, calendars=request.invite.calendars, start=request.invite.start, end=request.invite.end, days=request.invite.days,
        tz=request.invite.tz, hours=request.invite.hours, duration=minutes,
    )  # fmt: skip
    store = store_for(app)
    try:
        conn = store.conn
        names = list(request.friends)
        if request.tag is not None:
            from meetup.keepintouch.book import friend_ids_with_tag

            tagged = friend_ids_with_tag(conn, request.tag)
            if not tagged:
                raise UsageError(
                    f"no friend has the tag {request.tag!r} (meetup friend edit NAME --tag {request.tag})"
                )
            names += [str(r[0]) for r in conn.execute(
                f"SELECT name FROM friends WHERE id IN ({','.join('?' * len(tagged))}) ORDER BY name COLLATE NOCASE",
                sorted(tagged),
            )]  # fmt: skip
        friends, members = members_for(app, conn, names, free.period, free.zone)
        if len(friends) < 2:
            raise UsageError("a group needs at least two different friends")
        quorum = len(friends) if request.quorum is None else request.quorum
        if not 1 <= quorum <= len(friends):
            raise UsageError(
                f"--min must be between 1 and {len(friends)} (the friends invited), got {quorum}"
            )
        if not request.invite.again:
            for friend in friends:
                refuse_stacking(conn, friend)
        if request.invite.via == "email":
            missing = [f.name for f in friends if not f.email]
            if missing:
                raise UsageError(
                    f"no email address for {', '.join(missing)} (meetup friend edit NAME --email ...)"
                )
        windows = common_windows(find_free_time(app, free), members, min_duration=free.min_duration)
        key = ",".join(str(f.id) for f in friends)
        # the activity's hours are a rule for a group as for one friend (lunch at noon), unless --any-time
        rules = ChoiceRules(
            duration=timedelta(minutes=minutes), count=request.invite.options, hours=activity.hours,
            any_time=request.invite.any_time, in_person=activity.in_person,
        )  # fmt: skip
        options = choose_options(
            windows, now=free.now, rules=rules, user_zone=free.zone, friend_zone=free.zone, taken=unavailable(conn),
            seed=zlib.crc32(f"group:{key}:{free.now.isoformat()}".encode()),
        )  # fmt: skip
        notes = shortfall(
            activity, wanted=rules.count, found=len(options), minutes=minutes, any_time=request.invite.any_time,
            period=free.period, zone=free.zone, who="you and " + ", ".join(f.name for f in friends),
        )  # fmt: skip
        if not options:
            raise NoFreeTime(notes[0])
        for note in notes:
            app.warn(note)
        if request.decide_by:
            decide_by = parse_when(request.decide_by, free.zone, option="--decide-by")
            if not free.now < decide_by < options[-1].start:
                raise UsageError("--decide-by must be after now and before the last option starts")
        else:
            decide_by = default_decide_by(options[0].start, free.now)
        shown = first_names([f.name for f in friends])
        result = GroupInviteResult(0, [f.name for f in friends], [], options, free.zone, quorum, decide_by)
        with store.transaction():
            if not request.invite.again:  # under the write lock, as for one friend
                for friend in friends:
                    refuse_stacking(conn, friend)
            group_id = int(
                conn.execute(
                    "INSERT INTO groups (activity, duration_min, quorum, decide_by, state, created_at) "
                    "VALUES (?, ?, ?, ?, 'open', ?)",
                    (activity.name, minutes, quorum, utc_text(decide_by), utc_text(free.now)),
                ).lastrowid
                or 0
            )
            result.group = group_id
            for position, friend in enumerate(friends, start=1):
                zone = ZoneInfo(friend.tz) if friend.tz else None
                seed = _seed(key, friend, free.now)
                others = [shown[f.name] for f in friends if f.id != friend.id]
                draft = compose_group_invite(
                    _context(
                        settings,
                        friend.name,
                        zone,
                        free.zone,
                        activity.name,
                        options,
                        seed,
                        request.invite.note,
                        given=friend.given_name,
                        used=recent_for_friend(conn, friend.id),
                    ),
                    others,
                )
                invite_id = _insert_invite(
                    conn,
                    friend,
                    activity.name,
                    minutes,
                    request.invite.note,
                    free.now,
                    seed,
                    draft.subject,
                    draft.body,
                )
                record_invite_mail(
                    conn,
                    invite_id,
                    friend,
                    options,
                    draft.subject,
                    draft.body,
                    request.invite.via,
                    settings,
                    free.now,
                )
                conn.execute(
                    "INSERT INTO group_members (group_id, position, friend_id, invite_id) VALUES (?, ?, ?, ?)",
                    (group_id, position, friend.id, invite_id),
                )
                result.invites.append(invite_id)
                result.subjects.append(draft.subject)
                result.bodies.append(draft.body)
        write_holds_file(app, conn, result.invites[0], free.zone, free.now)
        _write_group_holds(
            app,
            free.zone,
            result.invites[0],
            f"Hold: {activity.name} with {', '.join(shown.values())}",
            options,
        )
        _send(app, conn, request.invite.via, settings, free.now, echo)
        states = [
            r[0]
            for r in conn.execute(
                f"SELECT state FROM messages WHERE kind = 'invite' AND invite_id IN ({','.join('?' * len(result.invites))})",
                result.invites,
            )
        ]
        result.sent = all(s == "sent" for s in states)
        if not result.sent:
            errors = conn.execute(
                f"SELECT COALESCE(last_error, state) FROM messages WHERE kind = 'invite' AND state != 'sent' "
                f"AND invite_id IN ({','.join('?' * len(result.invites))})",
                result.invites,
            ).fetchall()
            result.error = "; ".join(sorted({str(e[0]) for e in errors}))
        return result
    finally:
        store.close()


def _insert_invite(conn: sqlite3.Connection, friend: Friend, activity: str, minutes: int, note: str | None,
                   now: datetime, seed: int, subject: str, body: str) -> int:  # fmt: skip
    cursor = conn.execute(
        "INSERT INTO invites (friend_id, activity, duration_min, note, state, created_at, seed, subject, body)"
        " VALUES (?, ?, ?, ?, 'unsent', ?, ?, ?, ?)",
        (friend.id, activity, minutes, note, utc_text(now), str(seed), subject, body),
    )
    return int(cursor.lastrowid or 0)


def _write_group_holds(
    app: App, zone: ZoneInfo, invite_id: int, summary: str, options: list[Interval]
) -> None:
    """One set of tentative holds for the whole group (under its first member's invite)."""
    from meetup.invite.run import _write_holds

    _write_holds(app, zone, invite_id, summary, options)


def _send(app: App, conn: sqlite3.Connection, via: str, settings: FollowupSettings, now: datetime,
          echo: Callable[[str], None]) -> None:  # fmt: skip
    from meetup.invite.run import render_for_terminal
    from meetup.mail.queue import send_queued
    from meetup.mail.settings import transport_for

    transport = transport_for(app, via, lambda raw: echo(render_for_terminal(raw)))
    try:
        send_queued(conn, transport, sender=settings.sender, now=now, kinds=KINDS)
    except OSError as exc:  # the queue keeps the mail; the next run sends it
        app.warn(f"sending stopped: {exc}")


# --- answers ---------------------------------------------------------------------------------


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
        ctx = _member_context(conn, settings, group, member, zone)
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
    _send(app, conn, settings.transport, settings, now, lambda _text: None)
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
            ctx = _member_context(conn, settings, group, member, zone)
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


# --- status ----------------------------------------------------------------------------------
