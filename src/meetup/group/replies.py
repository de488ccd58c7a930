"""Controller for a group's answers: from the inbox, by hand (``meetup reply``), the user's own
decision (``meetup group confirm``) and what ``meetup status`` shows of each group."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from meetup.answers.group import GroupReading
from meetup.app import App
from meetup.errors import UsageError
from meetup.group.deciding import settle
from meetup.group.store import LIVE, GroupOutcome, group_of_invite, group_views, load_group, record_answer
from meetup.store.db import utc_text

# --- answers from the inbox and by hand ------------------------------------------------------


def group_state(conn: sqlite3.Connection, group_id: int) -> str:
    row = conn.execute("SELECT state FROM groups WHERE id = ?", (group_id,)).fetchone()
    return str(row[0]) if row else "missing"


def answer(
    app: App,
    conn: sqlite3.Connection,
    invite_id: int,
    kind: str,
    options: frozenset[int],
    *,
    source: str,
    now: datetime,
    extra: Callable[[sqlite3.Connection], None] | None = None,
) -> GroupOutcome:
    """Record one member's answer, then decide the group if the answers now allow it."""
    recorded = record_answer(conn, invite_id, kind, options, source=source, now=now, extra=extra)
    if recorded.result != "recorded":
        return recorded
    decided = settle(app, conn, recorded.group, now)
    if decided.result in ("waiting", "not_open"):
        return recorded
    return GroupOutcome(recorded.group, decided.result, f"{recorded.detail}; {decided.detail}")


def reply_to_group(
    app: App,
    conn: sqlite3.Connection,
    invite_id: int,
    group_id: int,
    reading: GroupReading,
    *,
    problem: str | None,
    source: str,
    now: datetime,
    seen: Callable[[sqlite3.Connection, str, str], None],
) -> GroupOutcome:
    """A reply read from the inbox: acted on when clear and the group is still open; otherwise
    ``needs_you`` with the reason (the caller keeps the mail for the user)."""
    state = group_state(conn, group_id)
    if state not in LIVE:
        return GroupOutcome(
            group_id,
            "needs_you",
            f"group {group_id} already {state}; the reply says {reading.kind}: {reading.why}",
        )
    if problem or reading.kind == "ambiguous":
        return GroupOutcome(group_id, "needs_you", problem or reading.why)
    outcome = answer(
        app, conn, invite_id, reading.kind, reading.options, source=source, now=now,
        extra=lambda inner: seen(inner, reading.kind, reading.why),
    )  # fmt: skip
    if outcome.result in ("not_open", "no_option"):
        return GroupOutcome(group_id, "needs_you", outcome.detail)
    return outcome


def reply_by_hand(
    app: App,
    conn: sqlite3.Connection,
    invite_id: int,
    group_id: int,
    kind: str,
    options: Sequence[int],
    now: datetime,
) -> GroupOutcome:
    """``meetup reply NAME yes --option 1 --option 3`` (or no, later) for a group member."""
    group = load_group(conn, group_id)
    if group.state not in LIVE:
        raise UsageError(f"group {group_id} is {group.state}; nothing to answer")
    if kind == "yes":
        if not options:
            if len(group.options) != 1:
                listing = ", ".join(
                    f"{n}: {o.start.astimezone(app.zone()):%a %d %b %H:%M}" for n, o in group.options.items()
                )
                raise UsageError(f"which options? give --option N (repeatable) ({listing})")
            options = list(group.options)
        unknown = [n for n in options if n not in group.options]
        if unknown:
            raise UsageError(f"--option {unknown[0]} is not one of group {group_id}'s options")
    outcome = answer(
        app, conn, invite_id, kind, frozenset(options if kind == "yes" else ()), source="by hand", now=now
    )
    if outcome.result in ("not_open", "no_option"):
        raise UsageError(outcome.detail)
    conn.execute(
        "UPDATE inbox_messages SET resolved_at = ? WHERE invite_id = ? AND needs_user = 1 AND resolved_at IS NULL",
        (utc_text(now), invite_id),
    )
    return outcome


def confirm_by_user(app: App, group_id: int, option: int | None) -> GroupOutcome:
    """``meetup group confirm GROUP [--option N]``: take the proposal (or another option) now."""
    from meetup.followup.run import open_db

    zone = app.zone()
    now = app.now(zone)
    conn = open_db(app, now)
    try:
        group = load_group(conn, group_id)
        if group.state not in LIVE:
            raise UsageError(f"group {group_id} is {group.state} already")
        chosen = option if option is not None else group.chosen
        if chosen is None:
            best = max(sorted(group.options), key=lambda p: sum(a.can(p) for a in group.answers()))
            chosen = best
        outcome = settle(app, conn, group_id, now, option=chosen)
        if outcome.result != "confirmed":
            raise UsageError(outcome.detail or f"group {group_id} is not open")
        return outcome
    finally:
        conn.close()


def status_lines(app: App) -> list[str]:
    """``meetup status``: each live group, its answers so far and what happens next."""
    from meetup.followup.run import NothingYet, open_db

    zone = app.zone()
    try:
        conn = open_db(app, app.now(zone))
    except NothingYet:
        return []
    try:
        lines = []
        for view in group_views(conn, zone):
            answers = "; ".join(f"{name}: {_answer_text(a)}" for name, a in view.answers.items())
            options = ", ".join(
                f"{n}. {o.start.astimezone(zone):%a %d %b %H:%M}" for n, o in view.options.items()
            )
            if view.state == "proposed" and view.chosen is not None:
                when = view.options[view.chosen].start.astimezone(zone)
                lines.append(
                    f"group {view.id} {view.activity}: proposed option {view.chosen} ({when:%a %d %b %H:%M}): {view.why}; "
                    f"confirm with `meetup group confirm {view.id}` (or --option N); answers: {answers}"
                )
                continue
            lines.append(
                f"group {view.id} {view.activity}: open, needs {view.quorum}; offered {options}; answers: {answers}; "
                f"deciding at {view.decide_by.astimezone(zone):%a %d %b %H:%M}"
            )
        return lines
    finally:
        conn.close()


def _answer_text(entry: Mapping[str, object]) -> str:
    answer = entry.get("answer")
    if answer is None:
        return "waiting"
    options = entry.get("options")
    if answer == "yes" and isinstance(options, list):
        return ",".join(str(n) for n in options)
    return str(answer)


_GROUP_UID = re.compile(r"^meetup-group-(?P<invite>\d+)@(?P<domain>.+)$")


def group_calendar_answer(
    conn: sqlite3.Connection, uid: str, partstat: Mapping[str, str], sender: str, domain: str
) -> tuple[int, str, str, bool] | None:
    """A calendar client's Accept/Decline of a group's event (``meetup-group-N@domain``):
    ``(member invite, kind, why, needs the user)``, or None when the UID is not a group's. An
    accept is noted quietly; a decline, or an answer from someone not in the group, goes to the
    user (the time is set for the others)."""
    match = _GROUP_UID.match(uid)
    if match is None or match.group("domain").lower() != domain.lower():
        return None
    group_id = group_of_invite(conn, int(match.group("invite")))
    if group_id is None:
        return None
    member = next(
        (m for m in load_group(conn, group_id).members if m.email and m.email.lower() == sender.lower()), None
    )
    if member is None:
        return (
            int(match.group("invite")),
            "ambiguous",
            f"calendar answer to group {group_id} from {sender}",
            True,
        )
    state = partstat.get(sender.lower(), "")
    if state == "ACCEPTED":
        return member.invite_id, "yes", f"accepted group {group_id}'s calendar invitation", False
    if state == "DECLINED":
        return (
            member.invite_id,
            "no",
            f"declined group {group_id}'s calendar invitation (set for the others)",
            True,
        )
    return (
        member.invite_id,
        "ambiguous",
        f"answered group {group_id}'s calendar invitation with {state or 'nothing'}",
        True,
    )
