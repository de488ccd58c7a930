"""``meetup status --json``: the whole state for scripts, in one checked shape.

``{"invites": [{"id", "friend", "state", "activity", "options": [{"n", "start", "end", "state"}],
"meeting": {"start", "end"} | null, "next_followup": ISO | null, "away_until": DATE | null,
"ask_again_on": DATE | null, "booking": {"option", "finish_after"} | null}], "needs_you": [{"message_id",
"invite", "friend", "why"}], "groups": [{"id", "activity", "state", "friends", "answers": {name:
{"answer", "options", "invite"}}, "options", "min", "decide_by", "chosen"}]}``; a group member's
invite also has ``"group"`` and ``"friends"``. Every invite, open and closed; options keep the numbers the friend
saw (a nudge's fresh ones continue at 4, 5, 6). Read-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetup.answers.thread import released_at
from meetup.followup.schedule import next_step
from meetup.store.bookings import in_flight
from meetup.store.db import parse_utc


def _iso(text: str, zone: ZoneInfo) -> str:
    return parse_utc(text).astimezone(zone).isoformat()


def status_report(conn: sqlite3.Connection, *, zone: ZoneInfo, schedule: Sequence[int]) -> dict[str, Any]:
    """The ``status --json`` document; times are ISO 8601 with the offset of ``zone``. A handful
    of queries however many invites there are (no query per invite)."""
    options: dict[int, list[dict[str, Any]]] = {}
    for invite_id, n, a, b, state in conn.execute(
        "SELECT invite_id, position, start_utc, end_utc, state FROM invite_options ORDER BY invite_id, position"
    ):
        options.setdefault(int(invite_id), []).append(
            {"n": int(n), "start": _iso(a, zone), "end": _iso(b, zone), "state": str(state)}
        )
    sent = {
        int(r[0]): parse_utc(r[1])
        for r in conn.execute(
            "SELECT m.invite_id, MIN(COALESCE(m.sent_at, m.created_at)) FROM messages m JOIN invites i "
            "ON i.id = m.invite_id WHERE i.state = 'open' AND m.kind = 'invite' GROUP BY m.invite_id"
        )
    }
    previous: dict[int, list[datetime]] = {}
    for invite_id, created_at in conn.execute(
        "SELECT u.invite_id, u.created_at FROM followups u JOIN invites i ON i.id = u.invite_id "
        "WHERE i.state = 'open' ORDER BY u.invite_id, u.attempt"
    ):
        previous.setdefault(int(invite_id), []).append(parse_utc(created_at))
    booking = in_flight(conn)  # a yes being booked: no nudge; a stopped run's is finished after then
    invites: list[dict[str, Any]] = []
    rows = conn.execute(
        "SELECT i.id, f.name, i.state, i.activity, i.hold_until, i.ask_again_at, EXISTS (SELECT 1 FROM answers a "
        "WHERE a.invite_id = i.id AND a.outcome = 'asked_again') FROM invites i JOIN friends f ON f.id = i.friend_id "
        "ORDER BY i.id"
    ).fetchall()
    for invite_id, friend, state, activity, hold_until, ask_again_at, asked_again in rows:
        mine = options.get(int(invite_id), [])
        chosen = [o for o in mine if o["state"] == "chosen"]
        due = None
        if state == "open" and int(invite_id) in sent:
            step = next_step(int(invite_id), sent[int(invite_id)], previous.get(int(invite_id), []), schedule)
            due = step.due if step.kind == "nudge" else None
            if due is not None and hold_until:  # an automatic reply holds the nudge (see meetup followup)
                due = max(due, released_at(date.fromisoformat(str(hold_until)), zone))
        claim = booking.get(int(invite_id)) if state == "open" else None
        if claim is not None:
            due = None
        invites.append(
            {
                "id": int(invite_id),
                "friend": str(friend),
                "state": str(state),
                "activity": str(activity or ""),
                "options": mine,
                "meeting": {"start": chosen[0]["start"], "end": chosen[0]["end"]} if chosen else None,
                "next_followup": due.astimezone(zone).isoformat() if due else None,
                # an automatic reply said the friend is away until then (nudges wait)
                "away_until": str(hold_until) if hold_until and state == "open" else None,
                # a "later" that named a time: the day meetup followup invites them again
                "ask_again_on": str(ask_again_at) if ask_again_at and not asked_again else None,
                "booking": {"option": claim[0], "finish_after": claim[1].astimezone(zone).isoformat()}
                if claim
                else None,
            }
        )
    names_by_email = {
        str(e).lower(): str(n)
        for n, e in conn.execute("SELECT name, email FROM friends WHERE email IS NOT NULL")
    }
    needs: list[dict[str, Any]] = []
    for message_id, invite_id, sender, why, friend in conn.execute(
        "SELECT m.message_id, m.invite_id, m.sender, m.why, f.name FROM inbox_messages m "
        "LEFT JOIN invites i ON i.id = m.invite_id LEFT JOIN friends f ON f.id = i.friend_id "
        "WHERE m.needs_user = 1 AND m.resolved_at IS NULL ORDER BY m.received_at, m.message_id"
    ):
        needs.append(
            {
                "message_id": str(message_id),
                "invite": int(invite_id) if invite_id is not None else None,
                "friend": str(friend) if friend else names_by_email.get(_address(str(sender))),
                "why": str(why),
            }
        )
    groups = group_report(conn, zone)
    members = {invite: g for g in groups for invite in (a["invite"] for a in g["answers"].values())}
    for entry in invites:
        group = members.get(entry["id"])
        if group is not None:  # a group member's own invite: who else, and how everyone answered
            entry["group"] = group["id"]
            entry["friends"] = group["friends"]
    return {"invites": invites, "needs_you": needs, "groups": groups}


def group_report(conn: sqlite3.Connection, zone: ZoneInfo) -> list[dict[str, Any]]:
    """Every group: its friends, each member's answer (``null`` while waiting) and the decision."""
    from meetup.group.store import group_views

    return [
        {
            "id": view.id,
            "activity": view.activity,
            "state": view.state,
            "friends": view.friends,
            "answers": view.answers,
            "options": [
                {
                    "n": n,
                    "start": o.start.astimezone(zone).isoformat(),
                    "end": o.end.astimezone(zone).isoformat(),
                }
                for n, o in view.options.items()
            ],
            "min": view.quorum,
            "decide_by": view.decide_by.astimezone(zone).isoformat(),
            "chosen": view.chosen,
        }
        for view in group_views(conn, zone, live_only=False)
    ]


def _address(sender: str) -> str:
    from email.utils import parseaddr

    return parseaddr(sender)[1].lower()
