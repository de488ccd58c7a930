"""Controller behind ``meetup due``, ``met``, ``friend note``, ``invite --next``, ``week`` and the
keep-in-touch part of ``meetup followup``.

Starting an invite for "whoever is due" is claimed first, in one ``BEGIN IMMEDIATE``
transaction that re-reads open invites and this week's claims (``kit_starts``, unique per week
and friend, and per week and slot for the automatic ones), so overlapping cron runs and
``--next`` calls never invite one friend twice and never exceed ``per_week``. The invite itself
is then made by the ordinary invite controller; a claim whose invite could not be made (no free
time, no address) is released again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.errors import MeetupError, NoFreeTime, UsageError
from meetup.friends import Friend, all_friends, find, find_by_id
from meetup.invite.run import InviteRequest, InviteResult, create_invite, store_for
from meetup.keepintouch import book
from meetup.keepintouch.cadence import iso_week, local_date, parse_day, parse_span
from meetup.keepintouch.claims import claim, last_asked, settle
from meetup.keepintouch.contacts import ConnectionsImport, import_connections, record_phone
from meetup.keepintouch.due import Due, Standing, due_list, least_recent, standing_of
from meetup.keepintouch.settings import KeepInTouchSettings, settings_from_section
from meetup.keepintouch.week import Days, call_note, call_state
from meetup.store.db import parse_utc, utc_text

Echo = Callable[[str], None]


def kit_settings(app: App) -> KeepInTouchSettings:
    return settings_from_section(app.config.section("keep_in_touch"), app.config.origin)


def _clock(app: App) -> tuple[ZoneInfo, datetime, date]:
    zone = app.zone()
    now = app.now(zone)
    return zone, now, local_date(now, zone)


def _due(app: App, conn: sqlite3.Connection, zone: ZoneInfo, now: datetime) -> list[Standing]:
    return book.standings(conn, zone=zone, now=now, tag_defaults=kit_settings(app).tags)


def run_due(app: App, *, within: str | None = None, tag: str | None = None) -> list[Due]:
    zone, now, today = _clock(app)
    span = parse_span(within, option="--within") if within else timedelta(0)
    with store_for(app) as store:
        if tag is not None:
            book.clean_tag(tag)
        return due_list(_due(app, store.conn, zone, now), today=today, within=span, tag=tag)


# --- met, notes, the friend card --------------------------------------------------------


def run_met(app: App, name: str, *, on: str | None, how: str | None, note: str | None) -> tuple[str, date]:
    _, now, today = _clock(app)
    day = parse_day(on, today=today, option="--on") if on else today
    if day > today:
        raise UsageError(f"--on {on}: that is in the future; record a meeting once it has happened")
    with store_for(app) as store, store.transaction() as conn:
        friend = find(conn, name)
        book.record_met(conn, friend.id, day, how, note, now)
    return friend.name, day


def run_note(app: App, name: str, text: str) -> str:
    _, now, _ = _clock(app)
    with store_for(app) as store, store.transaction() as conn:
        friend = find(conn, name)
        book.add_note(conn, friend.id, text, now)
    return friend.name


@dataclass
class FriendCard:
    friend: Friend
    tags: list[str]
    cadence: str | None
    due: Due | None
    interactions: list[book.Interaction]
    notes: list[tuple[datetime, str, str]]
    connection: tuple[str, str | None, date | None] | None
    open_invite: int | None


def friend_card(app: App, conn: sqlite3.Connection, friend: Friend) -> FriendCard:
    zone, now, today = _clock(app)
    mine = next(s for s in _due(app, conn, zone, now) if s.friend_id == friend.id)
    own = book.cadence_of(conn, friend.id)
    cadence = None
    if mine.cadence is not None:
        cadence = mine.cadence.describe() + ("" if own else " (from a tag)")
    return FriendCard(
        friend=friend,
        tags=sorted(mine.tags),
        cadence=cadence,
        due=standing_of(mine, today),
        interactions=book.interactions(conn, friend.id, zone, now),
        notes=book.notes_of(conn, friend.id),
        connection=book.connection_of(conn, friend.id),
        open_invite=mine.open_invite,
    )


def invite_briefing(app: App, name: str) -> FriendCard | None:
    """What ``meetup invite`` shows the user (stderr) before writing: last contact and notes."""
    with store_for(app) as store:
        friend = find(store.conn, name)
        card = friend_card(app, store.conn, friend)
    if not card.interactions and not card.notes and not card.connection:
        return None
    return card


def run_friend_tags(
    app: App, name: str, *, every: str | None, tags: Sequence[str], untag: Sequence[str]
) -> Friend:
    from meetup.keepintouch.cadence import parse_cadence

    _, now, _ = _clock(app)
    cadence = None if every in (None, "none", "off") else parse_cadence(str(every))
    with store_for(app) as store, store.transaction() as conn:
        friend = find(conn, name)
        if every is not None:
            book.set_cadence(conn, friend.id, cadence, now)
        book.add_tags(conn, friend.id, tags, now)
        book.remove_tags(conn, friend.id, untag)
    return friend


def tagged(app: App, tag: str) -> set[int]:
    with store_for(app) as store:
        return book.friend_ids_with_tag(store.conn, tag)


# --- starting invites for whoever is due (--next and auto mode) -------------------------


def run_next(
    app: App, request: InviteRequest, *, tag: str | None, echo: Echo,
    brief: Callable[[App, str], None] = lambda _app, _name: None,
) -> InviteResult:  # fmt: skip
    """``meetup invite --next``: the most overdue friend without an open invite."""
    zone, now, today = _clock(app)
    with store_for(app) as store:
        conn = store.conn
        entries = due_list(_due(app, conn, zone, now), today=today, tag=tag)
        with_email = {f.id for f in all_friends(conn) if f.email}
        taken = claim(
            conn, entries, week=iso_week(today), source="next", per_week=None, now=now,
            eligible=lambda i: request.via != "email" or i in with_email,
        )  # fmt: skip
        if taken is None:
            where = f" tagged {tag!r}" if tag else ""
            raise UsageError(f"nobody{where} is due without an open invite (see `meetup due --within 14d`)")
        claim_id, entry = taken
        try:
            name = _exact(conn, entry.friend_id)
            brief(app, name)
            result = create_invite(app, replace(request, friend=name), echo)
        except BaseException:
            settle(conn, claim_id, None)
            raise
        settle(conn, claim_id, result.invite)
        return result


def _exact(conn: sqlite3.Connection, friend_id: int) -> str:
    return find_by_id(conn, friend_id).name


@dataclass
class AutoResult:
    invited: list[tuple[str, int]]
    listed: list[Due]
    mode: str


def run_auto(app: App, *, via: str, echo: Echo) -> AutoResult:
    """The keep-in-touch step of ``meetup followup``: with ``invite = "auto"``, invite due friends
    (those with an email address) up to ``per_week``; with ``"ask"``, only list who is due."""
    settings = kit_settings(app)
    zone, now, today = _clock(app)
    result = AutoResult([], [], settings.invite)
    with store_for(app) as store:
        conn = store.conn
        entries = due_list(_due(app, conn, zone, now), today=today)
        result.listed = [d for d in entries if d.open_invite is None]
        if settings.invite != "auto" or not entries:
            return result
        with_email = {f.id for f in all_friends(conn) if f.email}
        skip: set[int] = set()
        while True:
            taken = claim(
                conn, [d for d in entries if d.friend_id not in skip], week=iso_week(today), source="auto",
                per_week=settings.per_week, now=now, eligible=lambda i: i in with_email,
            )  # fmt: skip
            if taken is None:
                return result
            claim_id, entry = taken
            try:
                made = create_invite(
                    app,
                    InviteRequest(friend=_exact(conn, entry.friend_id), activity=settings.activity, via=via),
                    echo,
                )
            except MeetupError as exc:  # no free time for them now: the slot is freed, try the next
                settle(conn, claim_id, None)
                app.warn(f"keep in touch: {entry.friend} not invited: {exc}")
                skip.add(entry.friend_id)
                if isinstance(exc, NoFreeTime):
                    return result
                continue
            settle(conn, claim_id, made.invite)
            result.invited.append((made.friend, made.invite))


# --- a connection week ------------------------------------------------------------------


NO_TIME_LEFT = "no free time left on the days of the plan that have room"


@dataclass(frozen=True)
class WeekRequest:
    tag: str
    per_day: int = 2
    days: int = 5
    activity: str = "call"
    duration: int = 20
    start: str | None = None
    via: str = "print"
    note: str | None = None
    options: int = 3


@dataclass
class WeekPlan:
    week_id: int
    plan: list[tuple[str, date, int]]
    unplaced: list[tuple[str, str]]  # name, why
    #: recorded but not delivered (the mail server refused): (name, invite, why)
    unsent: list[tuple[str, int, str]] = field(default_factory=list)


def run_week(app: App, request: WeekRequest, echo: Echo) -> WeekPlan:
    """Pick the tag's least recently contacted friends without an open invite, give each a day,
    and invite each to a call on that day only (never overlapping: offered times are taken)."""
    zone, now, today = _clock(app)
    tag = book.clean_tag(request.tag)
    start = (
        parse_day(request.start, today=today, option="--start")
        if request.start
        else today + timedelta(days=1)
    )
    if start < today:
        raise UsageError(f"--start {request.start}: that day has passed")
    days = Days.starting(start, request.days, request.per_day, _open_weekdays(app))
    with store_for(app) as store:
        conn = store.conn
        members = book.friend_ids_with_tag(conn, tag)
        if not members:
            raise UsageError(
                f"nobody is tagged {tag!r} (meetup friend edit NAME --tag {tag}, or import a CSV)"
            )
        waiting = book.open_invites(conn)
        pool = [
            s for s in _due(app, conn, zone, now) if s.friend_id in members and s.friend_id not in waiting
        ]
        # least recently contacted first; a few spares stand in for friends who cannot be invited
        chosen = least_recent(pool, since=book.connected_since(conn))[: days.capacity * 2]
        if not chosen:
            raise UsageError(f"everyone tagged {tag!r} has an open invite already (see `meetup week status`)")
        with store.transaction():
            week_id = int(
                conn.execute(
                    "INSERT INTO call_weeks (tag, activity, duration_min, per_day, days, start_on, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        tag,
                        request.activity,
                        request.duration,
                        request.per_day,
                        request.days,
                        start.isoformat(),
                        utc_text(now),
                    ),
                ).lastrowid
                or 0
            )
        result = WeekPlan(week_id, [], [])
        asked = last_asked(conn)
        for standing in chosen:
            wanted = days.first_with_room()
            if wanted is None:
                break
            friend = find_by_id(conn, standing.friend_id)
            # someone never met nor asked is a new connection: no "it's been too long"
            new = standing.last_contact is None and standing.friend_id not in asked
            placed = _invite_on_a_day(app, friend, days, wanted, request, now, zone, echo, first_contact=new)
            if isinstance(placed, str):
                result.unplaced.append((friend.name, placed))
                if placed == NO_TIME_LEFT:  # the next friends would meet the same full calendar
                    break
                continue
            day, invite_id, error = placed
            if error is not None:
                result.unsent.append((friend.name, invite_id, error))
            with store.transaction():
                conn.execute(
                    "INSERT INTO call_week_members (week_id, friend_id, day, invite_id) VALUES (?, ?, ?, ?)",
                    (week_id, friend.id, day.isoformat(), invite_id),
                )
            result.plan.append((friend.name, day, invite_id))
        return result


def _open_weekdays(app: App) -> set[int]:
    from meetup.calendar.hours import parse_hours

    return {day for day, ranges in parse_hours(app.config.hours).days.items() if ranges}


def _invite_on_a_day(
    app: App, friend: Friend, days: Days, wanted: date, request: WeekRequest, now: datetime, zone: ZoneInfo,
    echo: Echo, *, first_contact: bool,
) -> tuple[date, int, str | None] | str:  # fmt: skip
    via = request.via if friend.email else "print"  # no address: printed for sending by hand
    note = call_note(
        request.note, ask_phone=not friend.phone, seed=friend.id * 7919 + days.days[0].toordinal()
    )
    for day in days.candidates(wanted):
        begin = max(now, datetime.combine(day, time(0), zone))
        end = datetime.combine(day + timedelta(days=1), time(0), zone)
        if end <= begin:
            continue
        invite = InviteRequest(
            friend=friend.name, activity=request.activity, duration=request.duration, options=request.options,
            note=note, via=via, start=begin.isoformat(), end=end.isoformat(), first_contact=first_contact,
        )  # fmt: skip
        try:
            made = create_invite(app, invite, echo)
        except NoFreeTime:
            continue
        except MeetupError as exc:  # e.g. invited meanwhile by a cron run: the others still go out
            return str(exc)
        days.take(day)
        return day, made.invite, None if made.sent else (made.error or "not sent")
    return NO_TIME_LEFT


@dataclass
class WeekLine:
    friend: str
    day: date
    invite: int | None
    state: str
    phone: str | None


def run_week_status(app: App, week_id: int | None = None) -> tuple[int, str, list[WeekLine]] | None:
    _zone, now, _ = _clock(app)
    with store_for(app) as store:
        conn = store.conn
        row = conn.execute(
            "SELECT id, tag FROM call_weeks " + ("WHERE id = ?" if week_id else "ORDER BY id DESC LIMIT 1"),
            (week_id,) if week_id else (),
        ).fetchone()
        if row is None:
            if week_id:
                raise UsageError(f"no connection week {week_id}")
            return None
        lines = []
        for name, phone, day, invite_id, state, chosen_end, friend_id in conn.execute(
            "SELECT f.name, f.phone, m.day, m.invite_id, i.state, "
            "(SELECT o.end_utc FROM invite_options o WHERE o.invite_id = i.id AND o.state = 'chosen'), f.id "
            "FROM call_week_members m JOIN friends f ON f.id = m.friend_id LEFT JOIN invites i ON i.id = m.invite_id "
            "WHERE m.week_id = ? ORDER BY m.day, f.name COLLATE NOCASE",
            (int(row[0]),),
        ):
            met = conn.execute(
                "SELECT 1 FROM interactions WHERE friend_id = ? AND on_date >= ?", (friend_id, day)
            ).fetchone()
            end = parse_utc(str(chosen_end)) if chosen_end else None
            lines.append(
                WeekLine(
                    str(name),
                    date.fromisoformat(str(day)),
                    invite_id,
                    call_state(state, end, now, bool(met)),
                    phone,
                )
            )
        return int(row[0]), str(row[1]), lines


# --- LinkedIn import and phone numbers from answers -------------------------------------


def import_linkedin(app: App, path: Path) -> ConnectionsImport:
    """``meetup friend import Connections.csv``."""
    from meetup.keepintouch.linkedin import parse_connections

    _, now, _ = _clock(app)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MeetupError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    rows = list(parse_connections(text, str(path)))
    with store_for(app) as store, store.transaction() as conn:
        return import_connections(conn, rows, now)


def run_phone(app: App, name: str, number: str) -> str:
    """``meetup reply NAME ... --phone NUMBER``: a number they told you."""
    from meetup.keepintouch.phone import find_phone

    zone, now, _ = _clock(app)
    with store_for(app) as store, store.transaction() as conn:
        friend = find(conn, name)
        phone = find_phone(number, friend.tz or zone.key)
        if phone is None:
            raise UsageError(f"--phone {number!r} is not a phone number")
        record_phone(conn, friend.id, phone, now, "told you")
    return phone
