"""Creating, updating and deleting meetup's own events, never over someone else's edit.

A create is ``PUT`` with ``If-None-Match: *``; an update or delete carries ``If-Match`` with the
ETag meetup got back from its own last write. If the event was changed meanwhile (on the
phone, in another client), the server answers 412 and meetup stops with a clear error. A create
that finds this very event already there (a run killed after its ``PUT``, before recording it)
takes it as written; anything else under that UID is never overwritten.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from meetup.calendar.providers import EventSpec, WriteResult
from meetup.errors import ConfigError, NotWritable
from meetup_caldav import davxml
from meetup_caldav.collection import Collection, WritableAccount
from meetup_caldav.errors import CalDavConflict, CalDavNotFound
from meetup_caldav.events import PRODID, event_ics


def _target(account: WritableAccount, state: dict[str, Any]) -> Collection:
    if not account.settings.write:
        raise NotWritable(f"{account.where}: not marked `write = true` in the config")
    collections = account._listing(state)
    wanted = account.settings.write_calendar
    if wanted is None and len(account.settings.calendars) == 1:
        wanted = account.settings.calendars[0]
    if wanted is None:
        if len(collections) == 1:
            return collections[0]
        names = ", ".join(c.name for c in collections) or "none"
        raise ConfigError(f'{account.where}: set write_calendar = "NAME" (the account has: {names})')
    for collection in collections:
        if account._matches(collection, wanted):
            if not collection.writable:
                raise NotWritable(f"{account.where}: calendar {collection.name!r} is read-only for this user")
            return collection
    raise CalDavNotFound(f"{account.where}: write_calendar {wanted!r} not found on the server")


def _href(collection: Collection, uid: str) -> str:
    return collection.href + quote(uid.replace("/", "_"), safe="@-_.+") + ".ics"


def _etag_after_put(account: WritableAccount, href: str, headers: Any, what: str) -> str:
    etag = headers.get("ETag") or headers.get("etag")
    if etag:
        return str(etag)
    # Some servers change the data they store and send no ETag (RFC 4791 §5.3.4): ask.
    response = account.http.request(
        "PROPFIND", href, body=davxml.ETAGS, headers={"Depth": "0"}, what=what, ok=(207,)
    )
    for entry in davxml.entries(response.tree):
        found = davxml.text(entry, f"{{{davxml.DAV}}}getetag")
        if found:
            return found
    return ""


def write_event(account: WritableAccount, event: EventSpec) -> WriteResult:
    state = account.store.account()
    collection = _target(account, state)
    record: dict[str, Any] | None = state["writes"].get(event.uid)
    what = f"calendar {collection.name!r}: event {event.uid}"
    if record:
        href = record["href"]
        sequence = max(event.sequence, int(record.get("sequence", 0)) + 1)
        condition = {"If-Match": record["etag"]} if record.get("etag") else {}
    else:
        href, sequence, condition = _href(collection, event.uid), event.sequence, {"If-None-Match": "*"}
    body = event_ics(event, sequence)
    try:
        response = account.http.request(
            "PUT",
            href,
            body=body,
            headers={"Content-Type": "text/calendar; charset=utf-8", **condition},
            what=what,
            ok=(200, 201, 204),
        )
    except CalDavConflict:
        if record:
            raise CalDavConflict(
                f"{account.where}: {what} was changed on the server since meetup wrote it "
                "(another client edited it); not overwritten"
            ) from None
        etag = _same_write(account, href, event, what)
        if etag is None:
            raise CalDavConflict(
                f"{account.where}: {what} already exists on the server and was not written by this "
                "meetup; not overwritten"
            ) from None
        return _remember(account, state, collection, event.uid, href, etag, sequence)
    except CalDavNotFound:
        if not record:
            raise
        raise CalDavConflict(
            f"{account.where}: {what} was deleted on the server since meetup wrote it; not recreated"
        ) from None
    etag = _etag_after_put(account, href, response.headers, what)
    return _remember(account, state, collection, event.uid, href, etag, sequence)


def _remember(
    account: WritableAccount, state: dict[str, Any], collection: Collection, uid: str, href: str, etag: str,
    sequence: int,
) -> WriteResult:  # fmt: skip
    """Keep the ETag of meetup's own write: later updates and deletes are conditional on it."""
    state["writes"][uid] = {"href": href, "etag": etag, "sequence": sequence, "calendar": collection.href}
    account.store.save_account(state)
    return WriteResult(uid=uid, ref=account.http.url(href), etag=etag)


def _same_write(account: WritableAccount, href: str, event: EventSpec, what: str) -> str | None:
    """The server's ETag when the event there is this very write, made by a run killed before it
    could record it (same UID, times, summary and status, meetup's PRODID): writing it again is
    then a no-op, not a conflict. None for anything else, which is never overwritten."""
    from icalendar import Calendar

    try:
        current = account.http.request("GET", href, what=what, ok=(200,))
        found = Calendar.from_ical(current.body)
    except (CalDavNotFound, ValueError):
        return None
    if str(found.get("PRODID", "")) != PRODID:
        return None
    events = found.walk("VEVENT")
    if len(events) != 1:
        return None
    (stored,) = events
    same = (
        str(stored.get("UID", "")) == event.uid
        and stored.decoded("DTSTART", None) == event.start
        and stored.decoded("DTEND", None) == event.end
        and str(stored.get("SUMMARY", "")) == event.summary
        and str(stored.get("STATUS", "")).upper() == event.status.upper()
    )
    return str(current.headers.get("ETag") or "") if same else None


def delete_event(account: WritableAccount, uid: str) -> None:
    state = account.store.account()
    record: dict[str, Any] | None = state["writes"].get(uid)
    if record is None:
        collection = _target(account, state)
        href = _href(collection, uid)
        what = f"calendar {collection.name!r}: event {uid}"
        try:
            current = account.http.request("GET", href, what=what, ok=(200,))
        except CalDavNotFound:
            return
        # No record of our own write (cache cleared): only remove what is still meetup's.
        if PRODID.encode() not in current.body:
            raise CalDavConflict(f"{account.where}: {what} was not written by meetup; not deleted")
        etag = str(current.headers.get("ETag") or "")
    else:
        href, etag = record["href"], record.get("etag", "")
        what = f"event {uid}"
    try:
        account.http.request(
            "DELETE", href, headers={"If-Match": etag} if etag else {}, what=what, ok=(200, 204)
        )
    except CalDavNotFound:
        pass  # already gone: deleting a missing event is not an error
    except CalDavConflict:
        raise CalDavConflict(
            f"{account.where}: {what} was changed on the server since meetup wrote it; not deleted"
        ) from None
    state["writes"].pop(uid, None)
    account.store.save_account(state)
