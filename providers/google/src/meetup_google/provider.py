"""``GoogleCalendar``: busy time through ``freebusy.query``, discovery, and writing events.

The API client is built lazily through a service factory. The default one loads the saved
OAuth token; tests pass a factory that builds the real client over ``HttpMockSequence``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, EventSpec, ProviderContext, RemoteCalendar, WriteResult
from meetup.errors import ConfigError, ProviderError
from meetup_google.api import Backoff, GoogleApiError, execute
from meetup_google.events import event_body, event_id
from meetup_google.settings import Settings, parse_settings
from meetup_google.tokens import TokenKeeper, load_credentials, token_path

#: ``freebusy.query`` answers for at most 50 calendars (``calendarExpansionMax``).
MAX_CALENDARS_PER_QUERY = 50
#: Google rejects a free/busy range longer than about 90 days ("The requested time range is
#: too long"); 60 days stays well clear of that, DST hours and rounding included.
MAX_QUERY_SPAN = timedelta(days=60)
CALENDAR_LIST_PAGE = 250

ServiceFactory = Callable[[], Any]


def build_service(
    settings: Settings, context: ProviderContext, where: str, http: Any = None
) -> tuple[Any, TokenKeeper]:
    """The real client: saved credentials, the bundled discovery document, no discovery fetch.

    ``http`` (an ``httplib2.Http``-like object) replaces the network, for tests; the saved
    credentials still sign and refresh every request through it."""
    from googleapiclient.discovery import build

    path = token_path(context.config_dir, settings.account)
    if http is None:
        credentials = load_credentials(path, where)
        service = build(
            "calendar", "v3", credentials=credentials, static_discovery=True, cache_discovery=False
        )
    else:
        from google_auth_httplib2 import AuthorizedHttp, Request

        credentials = load_credentials(path, where, transport=Request(http))
        authorized = AuthorizedHttp(credentials, http=http)
        service = build("calendar", "v3", http=authorized, static_discovery=True, cache_discovery=False)
    return service, TokenKeeper(path, credentials)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_instant(text: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ProviderError(f"{where}: Google sent a malformed time {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def spans(period: Interval, longest: timedelta = MAX_QUERY_SPAN) -> Iterator[Interval]:
    """``period`` cut into consecutive pieces no longer than ``longest``."""
    start = period.start
    while start < period.end:
        end = min(period.end, start + longest)
        yield Interval(start, end)
        start = end


def batches(ids: Sequence[str], size: int = MAX_CALENDARS_PER_QUERY) -> Iterator[list[str]]:
    for first in range(0, len(ids), size):
        yield list(ids[first : first + size])


class GoogleCalendar:
    """One ``[calendars.NAME] provider = "google"`` entry: a Google account and its calendars."""

    def __init__(
        self,
        config: CalendarConfig,
        context: ProviderContext,
        settings: Settings,
        *,
        service_factory: ServiceFactory | None = None,
        backoff: Backoff | None = None,
        http: Any = None,
    ) -> None:
        self.config = config
        self.context = context
        self.settings = settings
        self.where = f"Google account {settings.account!r} ({config.name})"
        self._factory = service_factory or self._default_service
        self._service: Any = None
        self._keeper: TokenKeeper | None = None
        self._http = http
        self.backoff = backoff or Backoff(attempts=settings.retries)

    def _default_service(self) -> Any:
        service, self._keeper = build_service(self.settings, self.context, self.where, self._http)
        return service

    @property
    def service(self) -> Any:
        if self._service is None:
            self._service = self._factory()
        return self._service

    def _run(self, request: Any, calendar: str = "") -> Any:
        try:
            return execute(request, self.backoff, self.where, calendar)
        finally:
            if self._keeper is not None:
                self._keeper.save_if_refreshed()

    # -- discovery -----------------------------------------------------------------------
    def _calendar_list(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            request = self.service.calendarList().list(maxResults=CALENDAR_LIST_PAGE, pageToken=token)
            page = self._run(request)
            entries.extend(item for item in page.get("items", []) if isinstance(item, dict))
            token = page.get("nextPageToken")
            if not token:
                return entries

    def list_calendars(self) -> Sequence[RemoteCalendar]:
        configured = set(self.settings.calendars)
        found = []
        for item in self._calendar_list():
            ident = str(item.get("id", ""))
            if configured:
                selected = ident in configured or (bool(item.get("primary")) and "primary" in configured)
            else:
                selected = bool(item.get("selected", False))
            found.append(
                RemoteCalendar(
                    id=ident,
                    name=str(item.get("summaryOverride") or item.get("summary") or ident),
                    selected=selected,
                    writable=item.get("accessRole") in ("owner", "writer"),
                    timezone=str(item.get("timeZone", "")),
                )
            )
        return found

    def selected_ids(self) -> list[str]:
        if self.settings.calendars:
            return list(self.settings.calendars)
        ids = [c.id for c in self.list_calendars() if c.selected]
        if not ids:
            raise ProviderError(f"{self.where}: no calendar is selected; list them with `meetup calendars`")
        return ids

    # -- busy time -----------------------------------------------------------------------
    def busy(self, period: Interval) -> Sequence[Interval]:
        ids = self.selected_ids()
        busy: list[Interval] = []
        failed: set[str] = set()
        for span in spans(period):
            for group in batches(ids):
                body = {
                    "timeMin": _rfc3339(span.start),
                    "timeMax": _rfc3339(span.end),
                    "timeZone": "UTC",
                    "items": [{"id": ident} for ident in group],
                }
                answer = self._run(self.service.freebusy().query(body=body))
                calendars = answer.get("calendars", {})
                folded = {str(key).casefold(): value for key, value in calendars.items()}
                for ident in group:
                    # Google may answer an address in another case than it was asked for
                    entry = calendars.get(ident, folded.get(ident.casefold()))
                    if not isinstance(entry, dict):
                        if ident not in failed:
                            self.context.warn(
                                f"{self.where}, calendar {ident!r}: missing from Google's answer"
                            )
                        failed.add(ident)
                        continue
                    errors = entry.get("errors") or []
                    if errors:
                        if ident not in failed:
                            reasons = ", ".join(
                                str(e.get("reason", "?")) for e in errors if isinstance(e, dict)
                            )
                            self.context.warn(f"{self.where}, calendar {ident!r}: skipped ({reasons})")
                        failed.add(ident)
                        continue
                    for piece in entry.get("busy", []):
                        start = _parse_instant(piece.get("start"), self.where)
                        end = _parse_instant(piece.get("end"), self.where)
                        if end > start:
                            busy.append(Interval(start, end))
        if ids and failed >= set(ids):
            raise ProviderError(f"{self.where}: none of its {len(ids)} calendar(s) could be read")
        return busy

    # -- writing -------------------------------------------------------------------------
    def write_event(self, event: EventSpec) -> WriteResult:
        """Insert with a client-supplied id; a 409 means it exists (a retry), so patch it."""
        calendar = self.settings.write_calendar
        body = event_body(event)
        send = "all" if event.notify_attendees else "none"
        events = self.service.events()
        try:
            created = self._run(events.insert(calendarId=calendar, body=body, sendUpdates=send), calendar)
        except GoogleApiError as exc:
            if exc.status != 409:
                raise
            patch = {k: v for k, v in body.items() if k != "id"}
            created = self._run(
                events.patch(calendarId=calendar, eventId=body["id"], body=patch, sendUpdates=send), calendar
            )
        return WriteResult(
            uid=event.uid, ref=str(created.get("id", body["id"])), etag=str(created.get("etag", ""))
        )

    def delete_event(self, uid: str) -> None:
        """Remove the event meetup wrote for ``uid``; one already gone (404/410) is fine."""
        calendar = self.settings.write_calendar
        request = self.service.events().delete(calendarId=calendar, eventId=event_id(uid), sendUpdates="none")
        try:
            self._run(request, calendar)
        except GoogleApiError as exc:
            if exc.status not in (404, 410):
                raise


def create(
    config: CalendarConfig,
    context: ProviderContext,
    *,
    service_factory: ServiceFactory | None = None,
    backoff: Backoff | None = None,
    http: Any = None,
) -> GoogleCalendar:
    """Entry point ``meetup.providers: google``."""
    if config.provider != "google":
        raise ConfigError(f"calendar {config.name!r}: not a Google calendar")
    settings = parse_settings(config.name, config.options)
    return GoogleCalendar(
        config, context, settings, service_factory=service_factory, backoff=backoff, http=http
    )
