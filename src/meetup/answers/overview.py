"""Controllers behind ``meetup status``: open invites and what the next follow-up run will do,
answers waiting for you, the JSON document, and setting an answer aside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from meetup.answers.thread import held_until, released_at
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import UsageError
from meetup.followup.run import open_db
from meetup.followup.schedule import next_step
from meetup.mail.settings import settings_from
from meetup.store.bookings import in_flight
from meetup.store.db import immediate, utc_text


@dataclass
class StatusLine:
    invite_id: int
    friend: str
    state: str
    options: list[tuple[int, Interval]]
    next_action: str
    next_due: datetime | None


def run_status(app: App) -> tuple[list[StatusLine], list[tuple[str, str, str, str]]]:
    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    conn = open_db(app, now)
    try:
        from meetup.followup.nudges import open_invites

        lines = []
        held = held_until(conn)
        # an automatic reply that named no return date is still shown: nothing is dropped silently
        away_undated = {
            int(r[0])
            for r in conn.execute(
                "SELECT DISTINCT m.invite_id FROM inbox_messages m JOIN invites i ON i.id = m.invite_id "
                "WHERE m.kind = 'away' AND i.state = 'open' AND i.hold_until IS NULL"
            )
        }
        booking = in_flight(conn)
        for invite in open_invites(conn, zone):
            step = next_step(invite.id, invite.sent_at, invite.previous, settings.schedule)
            action = "give up (mark unanswered)" if step.kind == "gave_up" else f"nudge {step.attempt}"
            due: datetime | None = step.due
            if invite.id in booking:  # never nudged meanwhile; a stopped run's yes is finished then
                option, due = booking[invite.id]
                action = f"finish booking their yes to option {option} (if the run booking it has stopped)"
            elif invite.id in held and now < released_at(held[invite.id], zone):
                back = held[invite.id]
                action = f"{action} (away until {back.isoformat()}, automatic reply)"
                due = max(step.due, released_at(back, zone))
            elif invite.id in away_undated:
                action = f"{action} (an automatic reply came, with no return date)"
            lines.append(StatusLine(invite.id, invite.friend_name, "open", list(invite.offered), action, due))
        for invite_id, name, when in conn.execute(
            "SELECT i.id, f.name, i.ask_again_at FROM invites i JOIN friends f ON f.id = i.friend_id "
            "WHERE i.state != 'open' AND i.ask_again_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM answers a "
            "WHERE a.invite_id = i.id AND a.outcome = 'asked_again') ORDER BY i.ask_again_at"
        ):
            again = datetime.combine(date.fromisoformat(str(when)), datetime.min.time(), tzinfo=zone)
            lines.append(
                StatusLine(
                    int(invite_id),
                    str(name),
                    "later",
                    [],
                    "invite again (they asked to be asked then)",
                    again,
                )
            )
        for invite_id, friend in conn.execute(
            "SELECT i.id, f.name FROM invites i JOIN friends f ON f.id = i.friend_id WHERE i.state = 'unsent' ORDER BY i.id"
        ):
            lines.append(
                StatusLine(int(invite_id), str(friend), "unsent", [],
                           f"send it with `meetup invite --resend {invite_id}`", None)
            )  # fmt: skip
        needing = [
            (str(r[0]), str(r[1]), f"{r[2]} [{r[4]}]", str(r[3]))
            for r in conn.execute(
                "SELECT COALESCE(invite_id, '-'), sender, why, excerpt, message_id FROM inbox_messages "
                "WHERE needs_user = 1 AND resolved_at IS NULL ORDER BY received_at"
            )
        ]
        return lines, needing
    finally:
        conn.close()


def run_status_json(app: App) -> dict[str, Any]:
    """The ``status --json`` document (see :mod:`meetup.answers.status`); empty lists before the
    first invite."""
    from meetup.answers.status import status_report
    from meetup.followup.run import NothingYet

    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    try:
        conn = open_db(app, now)
    except NothingYet:
        return {"invites": [], "needs_you": []}
    try:
        return status_report(conn, zone=zone, schedule=settings.schedule)
    finally:
        conn.close()


def dismiss_answers(app: App, message_ids: list[str]) -> int:
    """Mark answers that needed the user as handled; an unknown Message-ID is an error."""
    zone = app.zone()
    now = app.now(zone)
    conn = open_db(app, now)
    try:
        with immediate(conn):
            for message_id in message_ids:
                changed = conn.execute(
                    "UPDATE inbox_messages SET resolved_at = ? WHERE message_id = ? AND needs_user = 1",
                    (utc_text(now), message_id),
                ).rowcount
                if not changed:
                    raise UsageError(f"--dismiss {message_id}: no answer waiting for you has that Message-ID")
        return len(message_ids)
    finally:
        conn.close()
