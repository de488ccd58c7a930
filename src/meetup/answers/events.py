"""The user's calendars around an answer: is the chosen slot still free, write the agreed event,
release the invite's holds, release a meeting the friend cancelled. Failures warn, never lose data."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetup.answers.actions import InviteFacts, WriteEvent, outbox_ics_writer, user_event_title
from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError
from meetup.followup.schedule import FollowupSettings


def slot_checker(app: App, zone: ZoneInfo) -> Callable[[Interval, Sequence[Interval]], bool]:
    """Re-reads every configured calendar for the chosen slot. Busy time lying inside one of the
    invite's own options is the invite's own hold and does not count (only when a calendar is
    marked ``write = true``, the only place holds are written); a meeting meetup agreed with
    someone else always does, written to a calendar or not."""

    def is_free(slot: Interval, own: Sequence[Interval]) -> bool:
        from meetup.calendar.run import collect_busy, select_calendars
        from meetup.store.meetings import own_meetings_at

        if any(m.overlaps(slot) for m in own_meetings_at(app.data_dir / "meetup.db")):
            return False
        selection = select_calendars((), app.config.calendars)
        if not selection.calendars:
            return True
        busy = collect_busy(selection, slot, app.provider_context(zone))
        if not any(c.options.get("write") is True for c in app.config.calendars.values()):
            own = ()  # holds are only ever written to a `write = true` calendar: all busy time is real
        return not any(b.overlaps(slot) and not any(o.contains(b) for o in own) for b in busy)

    return is_free


def event_writer(app: App, settings: FollowupSettings, now: datetime, zone: ZoneInfo) -> WriteEvent:
    """The calendar marked ``write = true`` when its provider can write; else the outbox."""
    fallback = outbox_ics_writer(app.data_dir / "outbox-ics", organizer=settings.sender, now=now)

    def write(facts: InviteFacts, option: Interval, uid: str) -> str:
        from meetup.calendar.providers import Attendee, EventSpec, WritableCalendar, open_calendar

        for calendar in app.config.calendars.values():
            if calendar.options.get("write") is True:
                provider = open_calendar(calendar, app.provider_context(zone))
                if isinstance(provider, WritableCalendar):
                    provider.write_event(
                        EventSpec(
                            uid=uid,
                            summary=user_event_title(facts),
                            start=option.start,
                            end=option.end,
                            timezone=zone.key,
                            organizer=Attendee(settings.sender, settings.sender_name),
                            attendees=[Attendee(facts.friend_email, facts.friend_name)]
                            if facts.friend_email
                            else [],
                        )
                    )
                    return f"calendar {calendar.name}"
                app.warn(f"calendar {calendar.name!r} cannot be written; the event goes to the outbox")
        return fallback(facts, option, uid)

    return write


def release_holds(app: App, zone: ZoneInfo, conn: sqlite3.Connection, invite_id: int) -> int:
    """Delete the invite's tentative holds (UIDs ``meetup-ID-optN``, as the invite wrote them)
    from the calendars marked ``write = true``; once answered they block nothing. Failures warn."""
    from meetup.calendar.providers import WritableCalendar, open_calendar

    positions = [
        int(r[0])
        for r in conn.execute("SELECT position FROM invite_options WHERE invite_id = ?", (invite_id,))
    ]
    deleted = 0
    for calendar in app.config.calendars.values():
        if calendar.options.get("write") is not True:
            continue
        try:
            provider = open_calendar(calendar, app.provider_context(zone))
            if not isinstance(provider, WritableCalendar):
                continue
            for position in positions:
                provider.delete_event(f"meetup-{invite_id}-opt{position}")
                deleted += 1
        except MeetupError as exc:
            app.warn(f"holds of invite {invite_id} not released from {calendar.name!r}: {exc}")
    return deleted


def release_event(app: App, zone: ZoneInfo, uid: str) -> None:
    """Delete the meeting meetup wrote (calendar marked ``write = true``, or the outbox ``.ics``)."""
    from meetup.calendar.providers import WritableCalendar, open_calendar

    outbox = app.data_dir / "outbox-ics" / f"{uid.split('@')[0]}.ics"
    outbox.unlink(missing_ok=True)
    for calendar in app.config.calendars.values():
        if calendar.options.get("write") is not True:
            continue
        try:
            provider = open_calendar(calendar, app.provider_context(zone))
            if isinstance(provider, WritableCalendar):
                provider.delete_event(uid)
        except MeetupError as exc:
            app.warn(f"event {uid} not released from {calendar.name!r}: {exc}")
