"""Controller for time that suits the user and some friends (``meetup slots --with``, invites).

The user's free windows come from the free-time controller; each friend adds their zone's
waking hours and, when they share free/busy, their busy time (read through the registry).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar.friendbusy import (
    CLEAR,
    MIN_SPAN,
    calendar_for,
    friend_busy,
    parse_source,
    read_busy,
    read_span,
    save_busy,
    set_source,
    source_of,
)
from meetup.calendar.intervals import Interval
from meetup.calendar.mutual import Member, common_windows
from meetup.calendar.run import FreeTimeRequest, find_free_time
from meetup.errors import UsageError
from meetup.friends import Friend, find
from meetup.store.db import immediate


def split_names(values: Sequence[str]) -> list[str]:
    """``--with ana,ben --with cleo`` -> ``[ana, ben, cleo]``: commas or repeats, no duplicates."""
    names = [n.strip() for value in values for n in value.split(",")]
    if any(not n for n in names):
        raise UsageError("--with: an empty name; give names separated by commas, like --with ana,ben")
    return list(dict.fromkeys(names))


def member_for(
    app: App, conn: sqlite3.Connection, friend: Friend, period: Interval, zone: ZoneInfo
) -> Member:
    """A friend's zone and known busy time over ``period``."""
    read = friend_busy(
        conn,
        friend.id,
        friend.name,
        period,
        now=app.now(zone),
        configured=app.config.calendars,
        context=app.provider_context(zone),
    )
    return Member(friend.name, ZoneInfo(friend.tz) if friend.tz else None, tuple(read.busy))


def members_for(
    app: App, conn: sqlite3.Connection, names: Sequence[str], period: Interval, zone: ZoneInfo
) -> tuple[list[Friend], list[Member]]:
    """Friends by name (unknown or ambiguous names are an error) and what is known of their time."""
    found: list[Friend] = []
    for name in names:
        friend = find(conn, name)
        if friend.id not in {f.id for f in found}:
            found.append(friend)
    return found, [member_for(app, conn, f, period, zone) for f in found]


def find_common_time(
    app: App, conn: sqlite3.Connection, request: FreeTimeRequest, names: Sequence[str]
) -> tuple[list[Interval], list[Friend]]:
    """The user's free windows narrowed to every named friend's waking, non-busy time."""
    windows = find_free_time(app, request)
    friends, members = members_for(app, conn, names, request.period, request.zone)
    return common_windows(windows, members, min_duration=request.min_duration), friends


def configure_source(app: App, conn: sqlite3.Connection, friend: Friend, text: str) -> str:
    """``meetup friend edit NAME --freebusy SOURCE``: check the source by reading it once, then
    keep it with what was read; ``none`` forgets it. Returns a line for the user."""
    zone = app.zone()
    now = app.now(zone)
    if text.strip().lower() in CLEAR:
        with immediate(conn):
            set_source(conn, friend.id, None, now)
        return f"{friend.name}: free/busy source removed"
    base = app.config.path.parent if app.config.path else None
    source = parse_source(text, base_dir=base)
    span = read_span(Interval(now, now + MIN_SPAN), now)
    busy = read_busy(
        calendar_for(source, friend.name, app.config.calendars), span, app.provider_context(zone)
    )
    with immediate(conn):
        set_source(conn, friend.id, source, now)
        save_busy(conn, friend.id, span, busy, now)
    ahead = [b for b in busy if b.end > now]
    hours = sum((b.duration for b in ahead), timedelta()).total_seconds() / 3600
    return (
        f"{friend.name}: free/busy from {source.label}: {len(ahead)} busy interval(s), {hours:.0f} h, "
        f"in the next {MIN_SPAN.days} days"
    )


def describe_source(conn: sqlite3.Connection, friend: Friend) -> list[tuple[str, str]]:
    """``meetup friend show``: the source (a URL without its query) and when it was last read."""
    source = source_of(conn, friend.id)
    if source is None:
        return []
    row = conn.execute(
        "SELECT fetched_at, last_error FROM friend_freebusy WHERE friend_id = ?", (friend.id,)
    ).fetchone()
    read = f"; read {row[0]}" if row and row[0] else ""
    failed = f"; last read failed: {row[1]}" if row and row[1] else ""
    return [("freebusy", f"{source.label}{read}{failed}")]
