"""Group invites in the database: members, their answers, the decision, and what each is sent.

A group is a row in ``groups`` plus one ordinary invite per member (``group_members``), so every
friend has their own thread and messages. Every change here runs inside the caller's
``BEGIN IMMEDIATE`` transaction or opens its own, and re-checks the group's state first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.errors import UsageError
from meetup.followup.schedule import FollowupSettings
from meetup.group.decide import MemberAnswer, tally_sentence
from meetup.invite.composer import thread_subject
from meetup.mail.queue import queue_in_thread
from meetup.store.db import immediate, parse_utc, utc_text

#: Group states: open (collecting answers), proposed (the user decides), confirmed, failed.
LIVE = ("open", "proposed")


@dataclass(frozen=True)
class Member:
    position: int
    friend_id: int
    name: str
    email: str | None
    zone: ZoneInfo | None
    invite_id: int
    thread: str | None
    answer: str | None
    options: frozenset[int]


@dataclass(frozen=True)
class Group:
    id: int
    activity: str
    duration: timedelta
    quorum: int
    decide_by: datetime
    state: str
    chosen: int | None
    why: str
    members: tuple[Member, ...]
    options: dict[int, Interval]

    def answers(self) -> list[MemberAnswer]:
        return [MemberAnswer(m.name, m.answer, m.options) for m in self.members]


@dataclass
class GroupOutcome:
    group: int
    result: str  # recorded | confirmed | proposed | failed | waiting | not_open
    detail: str = ""


def group_of_invite(conn: sqlite3.Connection, invite_id: int) -> int | None:
    row = conn.execute("SELECT group_id FROM group_members WHERE invite_id = ?", (invite_id,)).fetchone()
    return int(row[0]) if row else None


def load_group(conn: sqlite3.Connection, group_id: int) -> Group:
    row = conn.execute(
        "SELECT activity, duration_min, quorum, decide_by, state, chosen, COALESCE(why, '') FROM groups WHERE id = ?",
        (group_id,),
    ).fetchone()
    if row is None:
        raise UsageError(f"no group {group_id}")
    members = tuple(
        Member(
            position=int(r[0]),
            friend_id=int(r[1]),
            name=str(r[2]),
            email=r[3],
            zone=ZoneInfo(r[4]) if r[4] else None,
            invite_id=int(r[5]),
            thread=r[6],
            answer=r[7],
            options=frozenset(int(x) for x in str(r[8] or "").split(",") if x),
        )
        for r in conn.execute(
            "SELECT m.position, f.id, f.name, f.email, f.tz, m.invite_id, i.thread_message_id, m.answer, m.options "
            "FROM group_members m JOIN friends f ON f.id = m.friend_id JOIN invites i ON i.id = m.invite_id "
            "WHERE m.group_id = ? ORDER BY m.position",
            (group_id,),
        )
    )
    options = {
        int(r[0]): Interval(parse_utc(r[1]), parse_utc(r[2]))
        for r in conn.execute(
            "SELECT position, start_utc, end_utc FROM invite_options WHERE invite_id = ? ORDER BY position",
            (members[0].invite_id,),
        )
    }
    return Group(
        id=group_id, activity=str(row[0]), duration=timedelta(minutes=int(row[1])), quorum=int(row[2]),
        decide_by=parse_utc(row[3]), state=str(row[4]), chosen=row[5], why=str(row[6]), members=members,
        options=options,
    )  # fmt: skip


def live_groups(conn: sqlite3.Connection) -> list[int]:
    return [
        int(r[0])
        for r in conn.execute("SELECT id FROM groups WHERE state IN ('open', 'proposed') ORDER BY id")
    ]


def record_answer(
    conn: sqlite3.Connection,
    invite_id: int,
    kind: str,
    options: frozenset[int],
    *,
    source: str,
    now: datetime,
    extra: Callable[[sqlite3.Connection], None] | None = None,
) -> GroupOutcome:
    """Store one member's answer (a later answer replaces an earlier one) while the group is live."""
    group_id = group_of_invite(conn, invite_id)
    if group_id is None:
        raise UsageError(f"invite {invite_id} is not part of a group")
    with immediate(conn):
        state = conn.execute("SELECT state FROM groups WHERE id = ?", (group_id,)).fetchone()[0]
        if state not in LIVE:
            return GroupOutcome(group_id, "not_open", f"group {group_id} is {state}")
        offered = {
            int(r[0])
            for r in conn.execute("SELECT position FROM invite_options WHERE invite_id = ?", (invite_id,))
        }
        unknown = sorted(options - offered)
        if unknown:
            return GroupOutcome(
                group_id, "no_option", f"option {unknown[0]} was not offered in group {group_id}"
            )
        conn.execute(
            "UPDATE group_members SET answer = ?, options = ?, answered_at = ?, source = ? WHERE invite_id = ?",
            (kind, ",".join(str(n) for n in sorted(options)), utc_text(now), source, invite_id),
        )
        conn.execute(
            "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) VALUES (?, ?, ?, 'group', ?, ?)",
            (invite_id, kind, min(options) if options else None, source, utc_text(now)),
        )
        if extra is not None:
            extra(conn)
    return GroupOutcome(group_id, "recorded", f"{kind} {','.join(str(n) for n in sorted(options))}".strip())


def close_members(conn: sqlite3.Connection, group: Group, chosen: int | None) -> None:
    for member in group.members:
        going = (
            chosen is not None
            and member.answer != "no"
            and (member.answer is None or chosen in member.options)
        )
        state = "accepted" if going else "declined"
        conn.execute(
            "UPDATE invites SET state = ? WHERE id = ? AND state IN ('open', 'unsent')",
            (state, member.invite_id),
        )
        conn.execute(
            "UPDATE invite_options SET state = CASE WHEN position = ? THEN 'chosen' ELSE 'released' END "
            "WHERE invite_id = ? AND state = 'offered'",
            (chosen if going else -1, member.invite_id),
        )


def queue_message(conn: sqlite3.Connection, member: Member, kind: str, subject: str, body: str, calendar: bytes | None,
           settings: FollowupSettings, now: datetime) -> None:  # fmt: skip
    """Queue a nudge, confirmation or sorry in the member's own thread: "Re:" and the subject of
    the invite they got, as a reply keeps it (mail clients, Gmail first, also thread by subject)."""
    row = conn.execute("SELECT subject FROM invites WHERE id = ?", (member.invite_id,)).fetchone()
    if row is not None and row[0]:
        subject = thread_subject(str(row[0]))
    queue_in_thread(
        conn, invite_id=member.invite_id, kind=kind, recipient=member.email or member.name,
        recipient_name=member.name, subject=subject, body=body, thread=member.thread, settings=settings, now=now,
        calendar=calendar,
    )  # fmt: skip


@dataclass(frozen=True)
class GroupView:
    id: int
    activity: str
    state: str
    friends: list[str]
    answers: dict[str, dict[str, object]]
    options: dict[int, Interval]
    quorum: int
    decide_by: datetime
    chosen: int | None
    why: str
    tally: str


def group_views(conn: sqlite3.Connection, zone: ZoneInfo, *, live_only: bool = True) -> list[GroupView]:
    query = (
        "SELECT id FROM groups"
        + (" WHERE state IN ('open', 'proposed')" if live_only else "")
        + " ORDER BY id"
    )
    views = []
    for (group_id,) in conn.execute(query).fetchall():
        group = load_group(conn, int(group_id))
        views.append(
            GroupView(
                id=group.id,
                activity=group.activity,
                state=group.state,
                friends=[m.name for m in group.members],
                answers={
                    m.name: {"answer": m.answer, "options": sorted(m.options), "invite": m.invite_id}
                    for m in group.members
                },
                options=group.options,
                quorum=group.quorum,
                decide_by=group.decide_by,
                chosen=group.chosen,
                why=group.why,
                tally=tally_sentence(group.options, group.answers(), zone, most=len(group.options)),
            )
        )
    return views
