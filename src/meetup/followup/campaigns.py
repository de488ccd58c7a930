"""Campaigns: keep inviting down a list of friends, K at a time, until someone says yes.

A friend whose automatic reply says they are away does not hold a place among the K: the
campaign asks the next one meanwhile (as a person would: "Ben's away, let's ask Cleo"), and
their invite stays open, nudged when they are back while the campaign still runs.

``advance`` is called by ``meetup campaign start`` and by every ``meetup followup`` run. Each
campaign is advanced in one ``BEGIN IMMEDIATE`` transaction that re-reads its members, so
overlapping runs never invite the same friend twice or withdraw twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.calendar.timeparse import MAX_DURATION
from meetup.errors import UsageError
from meetup.followup.schedule import FollowupSettings, rules_for
from meetup.invite.activities import Activity, activity_for
from meetup.invite.chooser import choose_options
from meetup.invite.composer import Draft, InviteContext, compose_invite, compose_withdrawal, thread_subject
from meetup.invite.html import one_tap_html
from meetup.invite.request import StoredRequest
from meetup.mail.message import build_mail, make_message_id
from meetup.mail.queue import queue_message
from meetup.store.db import immediate, utc_text
from meetup.store.history import recent_for_friend, used_texts
from meetup.store.meetings import unavailable


@dataclass(frozen=True)
class Member:
    position: int
    friend_id: int
    name: str
    email: str | None
    zone: ZoneInfo
    invite_id: int | None
    invite_state: str | None
    given_name: str | None = None
    #: the return date an automatic reply named (ISO date): their nudges wait until after it
    held_until: str | None = None

    def away(self, now: datetime) -> bool:
        """An open invite whose friend is away (an automatic reply said so) on ``now``'s day, in
        the member's zone; from the day after their return date they count again."""
        if self.invite_state != "open" or not self.held_until:
            return False
        return now.astimezone(self.zone).date() <= date.fromisoformat(self.held_until[:10])


def resolve_friends(conn: sqlite3.Connection, names: Sequence[str]) -> list[int]:
    rows = conn.execute("SELECT id, name FROM friends").fetchall()
    ids = []
    for name in names:
        exact = [r for r in rows if str(r[1]).lower() == name.lower()]
        found = exact or [r for r in rows if str(r[1]).lower().startswith(name.lower())]
        if len(found) != 1:
            known = ", ".join(sorted(str(r[1]) for r in (found or rows))) or "none"
            raise UsageError(f"--friends: {name!r} is {'ambiguous' if found else 'unknown'} ({known})")
        if int(found[0][0]) in ids:
            raise UsageError(f"--friends: {found[0][1]} is listed twice")
        ids.append(int(found[0][0]))
    return ids


def start(
    conn: sqlite3.Connection, *, title: str, friend_ids: Sequence[int], parallel: int, activity: str,
    duration: int, now: datetime,
) -> int:  # fmt: skip
    if not 1 <= parallel <= max(1, len(friend_ids)):
        raise UsageError(
            f"--parallel must be 1..{max(1, len(friend_ids))} (the friends named), got {parallel}"
        )
    if not 1 <= duration <= MAX_DURATION:
        raise UsageError(
            f"--duration must be a positive number of minutes, at most {MAX_DURATION}, got {duration}"
        )
    with immediate(conn):
        cursor = conn.execute(
            "INSERT INTO campaigns (title, activity, duration_min, parallel, state, created_at) "
            "VALUES (?, ?, ?, ?, 'running', ?)",
            (" ".join(title.split()), activity, duration, parallel, utc_text(now)),
        )
        campaign_id = int(cursor.lastrowid or 0)
        for position, friend_id in enumerate(friend_ids, start=1):
            conn.execute(
                "INSERT INTO campaign_members (campaign_id, position, friend_id) VALUES (?, ?, ?)",
                (campaign_id, position, friend_id),
            )
    return campaign_id


def members(conn: sqlite3.Connection, campaign_id: int, default_zone: ZoneInfo) -> list[Member]:
    return [
        Member(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            r[3],
            ZoneInfo(r[4]) if r[4] else default_zone,
            r[5],
            r[6],
            r[7],
            r[8],
        )
        for r in conn.execute(
            "SELECT m.position, m.friend_id, f.name, f.email, f.tz, m.invite_id, i.state, f.given_name, i.hold_until "
            "FROM campaign_members m JOIN friends f ON f.id = m.friend_id LEFT JOIN invites i ON i.id = m.invite_id "
            "WHERE m.campaign_id = ? ORDER BY m.position",
            (campaign_id,),
        )
    ]


#: Free windows for a stored request (its calendars, zone, hours, period); None when unreadable.
FreeWindows = Callable[[StoredRequest | None, timedelta], list[Interval] | None]


@dataclass
class Advance:
    campaign_id: int
    invited: list[str]
    withdrawn: list[str]
    state: str


def advance(
    conn: sqlite3.Connection, campaign_id: int, *, now: datetime, settings: FollowupSettings,
    free_windows: FreeWindows, default_zone: ZoneInfo, hours: str,
) -> Advance:  # fmt: skip
    """Withdraw the others once someone said yes; otherwise keep ``parallel`` invites open.
    Every invite keeps the activity's length and hours (``hours``: the user's availability)."""
    row = conn.execute(
        "SELECT activity, duration_min, parallel, state FROM campaigns WHERE id = ?", (campaign_id,)
    ).fetchone()
    if row is None:
        raise UsageError(f"no campaign {campaign_id}")
    activity, duration, parallel, state = str(row[0]), int(row[1]), int(row[2]), str(row[3])
    result = Advance(campaign_id, [], [], state)
    if state != "running":
        return result
    kind = activity_for(activity, settings.activities)
    request = StoredRequest(
        activity=activity, duration_min=duration, zone=default_zone.key, hours=hours,
        activity_hours=kind.hours_text if kind.hours else None, in_person=kind.in_person, options=settings.options,
    )  # fmt: skip
    windows = free_windows(request, request.duration) or []  # calendar I/O before taking the lock
    with immediate(conn):
        if (
            conn.execute("SELECT state FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()[0]
            != "running"
        ):
            return result
        crew = members(conn, campaign_id, default_zone)
        if any(m.invite_state == "accepted" for m in crew):
            for member in crew:
                if member.invite_state == "open" and member.invite_id is not None:
                    _withdraw(conn, member, kind, now, settings, default_zone)
                    result.withdrawn.append(member.name)
                elif member.invite_state == "unsent" and member.invite_id is not None:
                    _drop_unsent(conn, member.invite_id)  # never reached them: nothing to take back
            _finish(conn, campaign_id, "succeeded", now)
            result.state = "succeeded"
            return result
        pending = [m for m in crew if m.invite_state in ("open", "unsent", "draft")]
        active = [m for m in pending if not m.away(now)]  # an away friend does not hold up the list
        waiting = [m for m in crew if m.invite_id is None]
        taken = unavailable(conn)
        for member in waiting[: max(0, parallel - len(active))]:
            seed = campaign_id * 1000 + member.position
            options = choose_options(
                windows, now=now, rules=rules_for(kind, request, count=settings.options), user_zone=default_zone,
                friend_zone=member.zone, taken=taken, seed=seed,
            )  # fmt: skip
            if not options:
                break
            draft = compose_invite(
                InviteContext(
                    user_name=settings.sender_name, friend_name=member.name, activity=kind, options=options,
                    user_zone=default_zone, friend_zone=member.zone, note=None, seed=seed,
                    templates=settings.templates or None, friend_given=member.given_name,
                    signature=settings.signature, used=recent_for_friend(conn, member.friend_id),
                )
            )  # fmt: skip
            _invite(conn, campaign_id, member, request, options, now, settings, draft, seed)
            taken.extend(options)
            result.invited.append(member.name)
            active.append(member)
        if not pending and not result.invited and not [m for m in waiting if m.name not in result.invited]:
            _finish(conn, campaign_id, "exhausted", now)
            result.state = "exhausted"
    return result


def _finish(conn: sqlite3.Connection, campaign_id: int, state: str, now: datetime) -> None:
    conn.execute(
        "UPDATE campaigns SET state = ?, ended_at = ? WHERE id = ?", (state, utc_text(now), campaign_id)
    )


def _queue(
    conn: sqlite3.Connection, invite_id: int, kind: str, member: Member, subject: str, body: str,
    thread: str | None, now: datetime, settings: FollowupSettings, numbers: Sequence[int] = (),
) -> str:  # fmt: skip
    message_id = make_message_id(invite_id, kind, 1, settings.domain)
    taps = one_tap_html(
        body=body, numbers=numbers, reply_to=settings.sender, subject=subject, invite_id=invite_id
    )
    raw = build_mail(
        message_id=message_id, sender=settings.sender, sender_name=settings.sender_name,
        recipient=member.email or "", subject=subject, body=body, thread=thread, now=now, html=taps if numbers else None,
        recipient_name=member.name,
    )  # fmt: skip
    queue_message(
        conn,
        invite_id=invite_id,
        kind=kind,
        message_id=message_id,
        recipient=member.email or "",
        subject=subject,
        raw=raw,
        transport=settings.transport,
        now=now,
    )
    return message_id


def _invite(
    conn: sqlite3.Connection, campaign_id: int, member: Member, request: StoredRequest,
    options: Sequence[Interval], now: datetime, settings: FollowupSettings, draft: Draft, seed: int,
) -> None:  # fmt: skip
    cursor = conn.execute(
        "INSERT INTO invites (friend_id, activity, duration_min, state, created_at, campaign_id, subject, body, "
        "seed, request) VALUES (?, ?, ?, 'unsent', ?, ?, ?, ?, ?, ?)",  # open once its mail has gone out
        (
            member.friend_id, request.activity, request.duration_min, utc_text(now), campaign_id,
            draft.subject, draft.body, str(seed), request.to_json(),
        ),
    )  # fmt: skip
    invite_id = int(cursor.lastrowid or 0)
    for position, option in enumerate(options, start=1):
        conn.execute(
            "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, ?, ?, ?, 'offered')",
            (invite_id, position, utc_text(option.start), utc_text(option.end)),
        )
    numbers = range(1, len(options) + 1)
    message_id = _queue(
        conn, invite_id, "invite", member, draft.subject, draft.body, None, now, settings, numbers
    )
    conn.execute("UPDATE invites SET thread_message_id = ? WHERE id = ?", (message_id, invite_id))
    conn.execute(
        "UPDATE campaign_members SET invite_id = ? WHERE campaign_id = ? AND position = ?",
        (invite_id, campaign_id, member.position),
    )


def _drop_unsent(conn: sqlite3.Connection, invite_id: int) -> None:
    """An invite whose mail never went out is withdrawn without a word: its mail is cancelled."""
    conn.execute("UPDATE invites SET state = 'withdrawn' WHERE id = ? AND state = 'unsent'", (invite_id,))
    conn.execute(
        "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered'", (invite_id,)
    )
    conn.execute(
        "UPDATE messages SET state = 'cancelled', last_error = 'campaign ended before it was sent' "
        "WHERE invite_id = ? AND kind = 'invite' AND state IN ('queued', 'failed')",
        (invite_id,),
    )


def _withdraw(
    conn: sqlite3.Connection, member: Member, activity: Activity, now: datetime, settings: FollowupSettings,
    user_zone: ZoneInfo,
) -> None:  # fmt: skip
    """Someone else said yes: take this offer back, as a reply in its own thread."""
    assert member.invite_id is not None
    thread, subject, seed = conn.execute(
        "SELECT thread_message_id, subject, seed FROM invites WHERE id = ?", (member.invite_id,)
    ).fetchone()
    used = used_texts(conn, member.invite_id)
    conn.execute("UPDATE invites SET state = 'withdrawn' WHERE id = ?", (member.invite_id,))
    conn.execute(
        "UPDATE invite_options SET state = 'released' WHERE invite_id = ? AND state = 'offered'",
        (member.invite_id,),
    )
    context = InviteContext(
        user_name=settings.sender_name, friend_name=member.name, activity=activity, options=[],
        user_zone=user_zone, friend_zone=member.zone, note=None, seed=int(seed or member.invite_id),
        templates=settings.templates or None, friend_given=member.given_name, signature=settings.signature,
        used=used,
    )  # fmt: skip
    draft = compose_withdrawal(context)
    reply_subject = thread_subject(subject or draft.subject)
    _queue(conn, member.invite_id, "withdrawal", member, reply_subject, draft.body, thread, now, settings)
