"""Controllers behind ``meetup followup`` (and the sending half shared with ``meetup inbox``):
read the config, open the database, plan, enqueue, send."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError
from meetup.followup.again import AskAgain, ask_again, due_again
from meetup.followup.campaigns import Advance
from meetup.followup.campaigns import Member as CampaignMember
from meetup.followup.nudges import enqueue, open_invites
from meetup.followup.schedule import FollowupSettings, OpenInvite, Planned, plan
from meetup.invite.request import StoredRequest
from meetup.keepintouch.run import AutoResult
from meetup.mail.queue import SendReport, send_queued
from meetup.mail.settings import settings_from, transport_for
from meetup.store.db import connect, has_invite_tables, store_errors
from meetup.store.history import used_texts
from meetup.store.meetings import booked_times

#: Message kinds the follow-up run sends (queued or failed ones, whoever queued them).
FOLLOWUP_KINDS = ("invite", "nudge", "confirmation", "thanks", "withdrawal", "fresh_options", "closing")


def request_windows(
    app: App, now: datetime
) -> Callable[[StoredRequest | None, timedelta], list[Interval] | None]:
    """Free windows for a stored request (its calendars, zone, hours and period), once per run and
    request; for an invite made before requests were stored, the config over the next two weeks.
    ``None`` when the calendars cannot be read now; ``[]`` when the request's period is over."""
    cache: dict[tuple[str, timedelta], list[Interval] | None] = {}

    def find(request: StoredRequest | None, duration: timedelta) -> list[Interval] | None:
        key = (request.to_json() if request else "", duration)
        if key in cache:
            return cache[key]
        from meetup.calendar.run import build_request, find_free_time

        minutes = int(duration.total_seconds() // 60)
        try:
            if request is None:
                free = build_request(app, start=now.isoformat(), days=14, duration=minutes)
            else:
                period = request.period(now)
                if period is None:
                    cache[key] = []
                    return []
                free = build_request(
                    app, calendars=request.calendars, start=period.start.isoformat(), end=period.end.isoformat(),
                    tz=request.zone, hours=request.hours, duration=minutes,
                )  # fmt: skip
            cache[key] = find_free_time(app, free)
        except MeetupError as exc:  # nudges wait; queued mail is still sent
            app.warn(f"no fresh options this run: {exc}")
            cache[key] = None
        return cache[key]

    return find


def free_time_for(app: App, now: datetime) -> Callable[[OpenInvite], list[Interval] | None]:
    """Fresh options for a nudge obey the invite's own stored request."""
    find = request_windows(app, now)
    return lambda invite: find(invite.request, invite.request.duration if invite.request else invite.duration)


@dataclass
class FollowupResult:
    planned: list[Planned]
    created: list[Planned]
    report: SendReport | None
    #: the keep-in-touch step: who was invited automatically, who is due
    kept: AutoResult | None = None
    #: friends who asked to be asked again by now: (name, the new invite, or None when due in a dry run)
    again: list[tuple[str, int | None]] = field(default_factory=list)
    #: What group invites did this run (decided, nudged), one line each.
    groups: list[str] = field(default_factory=list)


def open_db(app: App, now: datetime) -> sqlite3.Connection:
    """The shared database; a missing invites schema (no invite sent yet) is a clear error."""
    path = app.data_dir / "meetup.db"
    with store_errors(path):
        conn = connect(path, now)
        if (
            not has_invite_tables(conn)
            or not conn.execute("SELECT 1 FROM invites UNION ALL SELECT 1 FROM friends LIMIT 1").fetchone()
        ):
            conn.close()
            raise NothingYet(f"no invites yet in {path}: send one with `meetup invite FRIEND` first")
    return conn


class NothingYet(MeetupError):
    exit_code = 0


def run_followup(app: App, *, dry_run: bool, echo: Callable[[str], None]) -> FollowupResult:
    zone: ZoneInfo = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    conn = open_db(app, now)
    try:
        from meetup.answers.thread import held_until, released_at

        held = held_until(conn)  # an automatic reply said the friend is away until then
        invites = [
            i for i in open_invites(conn, zone) if i.id not in held or now >= released_at(held[i.id], zone)
        ]
        planned = plan(
            invites, now=now, settings=settings, free_time=free_time_for(app, now), busy=booked_times(conn),
            history=lambda invite_id: used_texts(conn, invite_id),
        )  # fmt: skip
        again_due = due_again(conn, now.date())
        if dry_run:
            return FollowupResult(planned, [], None, again=[(item.friend, None) for item in again_due])
        created = [item for item in planned if enqueue(conn, item, now=now, settings=settings)]
        again = _ask_again(app, conn, again_due, now=now, via=settings.transport, echo=echo)
        advance_campaigns(app, conn, now=now, settings=settings, zone=zone)
        from meetup.keepintouch.run import run_auto

        try:
            kept: AutoResult | None = run_auto(app, via=settings.transport, echo=echo)
        except MeetupError as exc:  # a bad [keep_in_touch] must not hold up the nudges
            app.warn(f"keep in touch skipped: {exc}")
            kept = None
        from meetup.group.deciding import group_followups

        try:
            groups = group_followups(app, conn, now, settings)
        except MeetupError as exc:  # a group that cannot be decided now must not hold up the nudges
            app.warn(f"group invites skipped: {exc}")
            groups = []
        report = send_queued(
            conn,
            transport_for(app, settings.transport, echo),
            sender=settings.sender,
            now=now,
            kinds=FOLLOWUP_KINDS,
        )
        return FollowupResult(planned, created, report, kept, again, groups)
    finally:
        conn.close()


def _ask_again(
    app: App, conn: sqlite3.Connection, due: list[AskAgain], *, now: datetime, via: str,
    echo: Callable[[str], None],
) -> list[tuple[str, int | None]]:  # fmt: skip
    """A new invite to each friend who asked to be asked again by now; no free time now means the
    next run tries again."""
    from meetup.invite.run import InviteRequest, create_invite

    def invite(item: AskAgain) -> int:
        request = InviteRequest(
            friend=item.friend, activity=item.activity, duration=item.duration, via=via, asked_again=True
        )
        return create_invite(app, request, echo).invite

    done: list[tuple[str, int | None]] = []
    for item in due:
        try:
            made = ask_again(conn, item, now=now, invite=invite)
        except MeetupError as exc:
            app.warn(
                f"{item.friend} asked to be asked again on {item.on.isoformat()}, not invited now: {exc}"
            )
            continue
        if made is not None:
            done.append((item.friend, made))
    return done


def advance_campaigns(
    app: App, conn: sqlite3.Connection, *, now: datetime, settings: FollowupSettings, zone: ZoneInfo
) -> list[Advance]:
    """Move every running campaign on: withdraw after a yes, invite the next after a no."""
    from meetup.followup.campaigns import advance

    finder = request_windows(app, now)
    running = [
        int(r[0]) for r in conn.execute("SELECT id FROM campaigns WHERE state = 'running' ORDER BY id")
    ]
    return [
        advance(
            conn,
            campaign_id,
            now=now,
            settings=settings,
            free_windows=finder,
            default_zone=zone,
            hours=app.config.hours,
        )
        for campaign_id in running
    ]


def run_campaign_start(
    app: App, *, title: str, friends: list[str], parallel: int, activity: str, duration: int | None
) -> tuple[int, Advance, SendReport]:
    """Start a campaign; without ``duration`` every invite keeps the activity's own length."""
    from meetup.followup.campaigns import resolve_friends, start
    from meetup.invite.activities import activity_for

    zone = app.zone()
    now = app.now(zone)
    settings = settings_from(app)
    if duration is None:
        duration = int(activity_for(activity, settings.activities).duration.total_seconds() // 60)
    conn = open_db(app, now)
    try:
        campaign_id = start(
            conn, title=title, friend_ids=resolve_friends(conn, friends), parallel=parallel,
            activity=activity, duration=duration, now=now,
        )  # fmt: skip
        from meetup.followup.campaigns import advance

        moved = advance(
            conn,
            campaign_id,
            now=now,
            settings=settings,
            free_windows=request_windows(app, now),
            hours=app.config.hours,
            default_zone=zone,
        )
        report = send_queued(
            conn, transport_for(app, settings.transport, lambda text: None), sender=settings.sender, now=now,
            kinds=FOLLOWUP_KINDS,
        )  # fmt: skip
        return campaign_id, moved, report
    finally:
        conn.close()


@dataclass
class CampaignView:
    id: int
    title: str
    state: str
    parallel: int
    members: list[tuple[int, str, str]]  # position, name, status


def _member_status(member: CampaignMember, now: datetime) -> str:
    """``open``, ``declined``...; an away friend says until when (the campaign went on meanwhile)."""
    if member.away(now) and member.held_until:
        back = date.fromisoformat(member.held_until[:10])
        return f"open (away until {back:%a %d %b})"
    return member.invite_state or "waiting"


def run_campaign_views(app: App, campaign_id: int | None = None) -> list[CampaignView]:
    from meetup.followup.campaigns import members

    zone = app.zone()
    now = app.now(zone)
    conn = open_db(app, now)
    try:
        query = "SELECT id, title, state, parallel FROM campaigns"
        rows = conn.execute(query + (" WHERE id = ?" if campaign_id else "") + " ORDER BY id",
                            (campaign_id,) if campaign_id else ()).fetchall()  # fmt: skip
        if campaign_id and not rows:
            from meetup.errors import UsageError

            raise UsageError(f"no campaign {campaign_id}")
        return [
            CampaignView(
                int(r[0]),
                str(r[1]),
                str(r[2]),
                int(r[3]),
                [(m.position, m.name, _member_status(m, now)) for m in members(conn, int(r[0]), zone)],
            )
            for r in rows
        ]
    finally:
        conn.close()


def run_campaign_stop(app: App, campaign_id: int) -> int:
    """Stop a campaign: no more invites; its open invites stay open (answers still count)."""
    from meetup.errors import UsageError
    from meetup.store.db import immediate, utc_text

    zone = app.zone()
    now = app.now(zone)
    conn = open_db(app, now)
    try:
        with immediate(conn):
            changed = conn.execute(
                "UPDATE campaigns SET state = 'stopped', ended_at = ? WHERE id = ? AND state = 'running'",
                (utc_text(now), campaign_id),
            ).rowcount
        if not changed:
            raise UsageError(f"campaign {campaign_id} is not running")
        return campaign_id
    finally:
        conn.close()


def guarded(app: App, call: Callable[[], Any]) -> Any:
    """Run a controller: sqlite3 failures become one clear error; ``NothingYet`` becomes
    ``None`` (the command prints the reason and exits 0, so cron stays quiet)."""
    try:
        with store_errors(app.data_dir / "meetup.db"):
            return call()
    except NothingYet as exc:
        import click

        click.echo(str(exc))
        return None
