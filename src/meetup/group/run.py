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
from meetup.errors import NoFreeTime, UsageError
from meetup.friends import Friend
from meetup.group.composer import (
    compose_group_invite,
)
from meetup.group.decide import default_decide_by, first_names
from meetup.group.deciding import context_for, send_group_mail
from meetup.invite.activities import activity_for
from meetup.invite.chooser import ChoiceRules
from meetup.invite.run import InviteRequest
from meetup.store.db import utc_text
from meetup.store.history import recent_for_friend


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
                    context_for(
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
        send_group_mail(app, conn, request.invite.via, settings, free.now, echo)
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


# --- answers ---------------------------------------------------------------------------------


# --- status ----------------------------------------------------------------------------------
