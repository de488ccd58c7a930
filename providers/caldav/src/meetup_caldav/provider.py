"""A CalDAV account as a meetup calendar: busy time, discovery and event writing.

Busy time comes from a local copy of every selected calendar, refreshed incrementally and
parsed with ``meetup_ics.busy_from_ics``: exactly the busy semantics of an .ics file, and a
repeat over unchanged calendars costs one PROPFIND on the calendar home set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, EventSpec, ProviderContext, RemoteCalendar, WriteResult
from meetup.errors import MeetupError
from meetup_caldav import davxml
from meetup_caldav.collection import Collection
from meetup_caldav.errors import CalDavError, CalDavForbidden, CalDavNotFound
from meetup_caldav.http import RetryPolicy, Transport
from meetup_caldav.settings import Settings, parse_settings
from meetup_caldav.store import AccountStore
from meetup_caldav.sync import fingerprint, norm, refresh

_XML = {"Content-Type": "application/xml; charset=utf-8"}


def _month_window(period: Interval) -> tuple[datetime, datetime]:
    """Whole UTC months around ``period``, so busy cached for one run serves the next ones."""
    start = period.start.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = period.end.astimezone(UTC)
    year, month = end.year + (end.month // 12), end.month % 12 + 1
    return start, datetime(year, month, 1, tzinfo=UTC)


@dataclass
class CalDavAccount:
    """One ``[calendars.NAME] provider = "caldav"`` entry: an account with several calendars."""

    config: CalendarConfig
    context: ProviderContext
    settings: Settings
    http: Transport
    store: AccountStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = AccountStore(self.context.cache_dir, self.settings.url, self.settings.username)

    @property
    def where(self) -> str:
        return f"CalDAV account {self.config.name!r}"

    # -- discovery ---------------------------------------------------------------------------

    def _discover_home(self) -> str:
        """RFC 4791 §6.2.1 / RFC 5397: principal, then its calendar-home-set."""
        response = self.http.request(
            "PROPFIND",
            self.http.base_url,
            body=davxml.CURRENT_USER_PRINCIPAL,
            headers={"Depth": "0", **_XML},
            what="finding the principal",
            ok=(207,),
        )
        entries = davxml.entries(response.tree)
        principal = next(
            (h for e in entries if (h := davxml.child_href(e, f"{{{davxml.DAV}}}current-user-principal"))),
            None,
        )
        if principal is None:
            return self.http.path(self.http.base_url)
        response = self.http.request(
            "PROPFIND",
            principal,
            body=davxml.CALENDAR_HOME_SET,
            headers={"Depth": "0", **_XML},
            what="finding the calendar home",
            ok=(207,),
        )
        entries = davxml.entries(response.tree)
        home = next(
            (h for e in entries if (h := davxml.child_href(e, f"{{{davxml.CALDAV}}}calendar-home-set"))),
            None,
        )
        return home or self.http.path(self.http.base_url)

    def _listing(self, state: dict[str, Any]) -> list[Collection]:
        """Every event calendar in the home set, with ctag/sync-token (one Depth-1 PROPFIND)."""
        for attempt in range(2):
            if not state.get("home"):
                state["home"] = self._discover_home()
            try:
                # Once the server is known to give every calendar a ctag, ask for nothing
                # else: some servers (Radicale) compute each property over every event.
                response = self.http.request(
                    "PROPFIND",
                    state["home"],
                    body=davxml.HOME_LISTING_CTAG if state.get("ctag_only") else davxml.HOME_LISTING,
                    headers={"Depth": "1", **_XML},
                    what="listing calendars",
                    ok=(207,),
                    light=True,
                )
                break
            except CalDavNotFound:
                if attempt:
                    raise
                state["home"] = None  # moved: discover again
        found: list[Collection] = []
        for entry in davxml.entries(response.tree):
            comps = davxml.components(entry)
            if not davxml.is_calendar(entry) or (comps and "VEVENT" not in comps):
                continue
            path = norm(self.http.url(entry.href))
            segment = path.rstrip("/").rsplit("/", 1)[-1]
            found.append(
                Collection(
                    href=path if path.endswith("/") else path + "/",
                    name=davxml.text(entry, f"{{{davxml.DAV}}}displayname") or segment,
                    ctag=davxml.text(entry, f"{{{davxml.CS}}}getctag"),
                    sync_token=davxml.text(entry, f"{{{davxml.DAV}}}sync-token"),
                    writable=davxml.can_write(entry),
                )
            )
        if not state.get("ctag_only"):
            state["ctag_only"] = bool(found) and all(c.ctag for c in found)
            state["sync"] = any(c.sync_token for c in found)
        return found

    def _matches(self, collection: Collection, wanted: str) -> bool:
        segment = collection.href.rstrip("/").rsplit("/", 1)[-1]
        return wanted.casefold() in (
            collection.name.casefold(),
            segment.casefold(),
            collection.href.casefold(),
        )

    def _selected(self, collections: list[Collection]) -> list[Collection]:
        if not self.settings.calendars:
            return collections
        chosen: list[Collection] = []
        missing: list[str] = []
        for wanted in self.settings.calendars:
            hits = [c for c in collections if self._matches(c, wanted)]
            if hits:
                chosen.extend(c for c in hits if c not in chosen)
            else:
                missing.append(wanted)
        if missing:
            offered = ", ".join(c.name for c in collections) or "none"
            message = f"{self.where}: calendar(s) {', '.join(map(repr, missing))} not found (the account offers: {offered})"
            if not chosen:
                raise CalDavNotFound(message)
            self.context.warn(message)
        return chosen

    def list_calendars(self) -> Sequence[RemoteCalendar]:
        state = self.store.account()
        collections = self._listing(state)
        self.store.save_account(state)
        try:
            selected = {c.href for c in self._selected(collections)}
        except CalDavNotFound as exc:
            self.context.warn(str(exc))
            selected = set()
        return [
            RemoteCalendar(id=c.href, name=c.name, selected=c.href in selected, writable=c.writable)
            for c in collections
        ]

    # -- busy time ---------------------------------------------------------------------------

    def busy(self, period: Interval) -> list[Interval]:
        state = self.store.account()
        try:
            collections = self._selected(self._listing(state))
        finally:
            self.store.save_account(state)
        busy: list[Interval] = []
        failures: list[str] = []
        for collection in collections:
            try:
                busy.extend(self._busy_of(collection, period, state))
            except CalDavError as exc:
                failures.append(str(exc))
                if len(collections) > 1:
                    self.context.warn(f"{exc} (other calendars of this account still used)")
            finally:
                self.store.save_account(state)
        if collections and len(failures) == len(collections):
            if len(failures) == 1:
                raise CalDavError(failures[0])
            raise CalDavError(f"{self.where}: none of its {len(failures)} calendars could be read")
        return busy

    def _busy_of(self, collection: Collection, period: Interval, state: dict[str, Any]) -> list[Interval]:
        what = f"calendar {collection.name!r}"
        if self.settings.read == "freebusy":
            return self._free_busy(collection, period, what)
        meta: dict[str, Any] = state["calendars"].get(collection.href, {})
        unchanged = bool(meta.get("fingerprint")) and (
            (collection.sync_token is not None and collection.sync_token == meta.get("sync_token"))
            or (collection.ctag is not None and collection.ctag == meta.get("ctag"))
        )
        copy: dict[str, Any] | None = None
        if not unchanged:
            copy = self.store.copy(collection.href)
            try:
                refresh(
                    self.http,
                    collection.href,
                    copy,
                    use_sync=bool(collection.sync_token or state.get("sync") or copy["token"]),
                    what=what,
                    progress=lambda done, total: self.context.progress(
                        f"{self.where}: {what}: downloading", done, total
                    ),
                )
            except CalDavForbidden:
                # Some servers let a user see another's free/busy but not the events.
                self.context.warn(f"{self.where}: {what}: events not readable, using the server's free/busy")
                return self._free_busy(collection, period, what)
            self.store.save_copy(collection.href, copy)
            meta = {
                "name": collection.name,
                "ctag": collection.ctag,
                "sync_token": collection.sync_token,
                "fingerprint": fingerprint(copy),
            }
            state["calendars"][collection.href] = meta
        return self._busy_from_copy(collection, copy, meta["fingerprint"], period, what)

    def _busy_from_copy(
        self, collection: Collection, copy: dict[str, Any] | None, content: str, period: Interval, what: str
    ) -> list[Interval]:
        """Busy time of the local copy, remembered per month window and per object ETag.

        An unchanged calendar needs no parsing at all; after a change only the changed
        objects are parsed again."""
        zone = self.context.default_tz
        start, end = _month_window(period)
        key = f"{start.isoformat()}|{end.isoformat()}|{zone.key}"
        cached = self.store.busy(collection.href)
        current = bool(cached) and list(cached)[-1] == key
        entry: dict[str, Any] = cached.pop(key, None) or {}
        if entry.get("fingerprint") == content:
            spans = [span for obj in entry["objects"].values() for span in obj["spans"]]
        else:
            current = False
            from meetup_ics.busy import busy_from_ics

            if copy is None:
                copy = self.store.copy(collection.href)
            known: dict[str, Any] = entry.get("objects", {})
            window = Interval(start, end)
            fresh: dict[str, Any] = {}
            objects = copy["objects"]
            for count, (href, obj) in enumerate(objects.items()):
                if count % 200 == 0:
                    self.context.progress(f"{self.where}: {what}: reading events", count, len(objects))
                previous = known.get(href)
                if previous is not None and previous["etag"] == obj["etag"] and obj["etag"]:
                    fresh[href] = previous
                    continue
                label = f"{self.where}: {what}: {href.rsplit('/', 1)[-1]}"
                try:
                    found = busy_from_ics(obj["data"], window, zone, source=label, warn=self.context.warn)
                except MeetupError as exc:
                    self.context.warn(f"{exc} (event skipped)")
                    found = []
                fresh[href] = {
                    "etag": obj["etag"],
                    "spans": [[i.start.isoformat(), i.end.isoformat()] for i in found],
                }
            self.context.progress(f"{self.where}: {what}: reading events", len(objects), len(objects))
            entry = {"fingerprint": content, "objects": fresh}
            spans = [span for obj in fresh.values() for span in obj["spans"]]
        cached[key] = entry  # most recently used last
        if not current:
            self.store.save_busy(collection.href, cached)
        intervals = (Interval(datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in spans)
        return [i for i in intervals if i.overlaps(period)]

    def _free_busy(self, collection: Collection, period: Interval, what: str) -> list[Interval]:
        """RFC 4791 §7.10 free-busy-query: the server's own view of busy time."""
        from meetup_ics.busy import busy_from_ics

        response = self.http.request(
            "REPORT",
            collection.href,
            body=davxml.free_busy_query(period.start, period.end),
            headers={"Depth": "1", **_XML},
            what=f"{what} (free-busy-query)",
            ok=(200,),
        )
        label = f"{self.where}: {what} free/busy"
        return busy_from_ics(
            response.body, period, self.context.default_tz, source=label, warn=self.context.warn
        )

    # -- writing -------------------------------------------------------------------------------

    def write_event(self, event: EventSpec) -> WriteResult:
        from meetup_caldav.writer import write_event

        return write_event(self, event)

    def delete_event(self, uid: str) -> None:
        from meetup_caldav.writer import delete_event

        delete_event(self, uid)


def create(
    config: CalendarConfig, context: ProviderContext, *, retry: RetryPolicy | None = None
) -> CalDavAccount:
    """Entry point ``meetup.providers: caldav``."""
    settings = parse_settings(config.name, config.options)
    http = Transport(
        settings.url,
        settings.username,
        settings.password,
        where=f"CalDAV account {config.name!r}",
        timeout=settings.timeout,
        verify=settings.verify_tls,
        retry=retry or RetryPolicy(attempts=settings.retries),
    )
    return CalDavAccount(config=config, context=context, settings=settings, http=http)
