"""Offline Google: the real client library over ``HttpMockSequence``, recording every request.

Bodies follow Google's API reference (freebusy, calendarList, events, error objects).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from googleapiclient.discovery import build
from googleapiclient.http import HttpMockSequence
from meetup_google.api import Backoff
from meetup_google.provider import GoogleCalendar, create

from meetup.calendar.providers import Attendee, CalendarConfig, EventSpec, ProviderContext

Response = tuple[dict[str, str], str]


@dataclass
class Sent:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


class RecordingHttp(HttpMockSequence):  # type: ignore[misc]
    """HttpMockSequence that parses what it was sent, for assertions on method/path/query/body."""

    def __init__(self, responses: list[Response]) -> None:
        super().__init__(list(responses))
        self.sent: list[Sent] = []

    def request(self, uri: str, method: str = "GET", body: Any = None, headers: Any = None, **kw: Any) -> Any:
        parts = urlsplit(uri)
        text = body.decode() if isinstance(body, bytes) else body
        try:
            parsed: Any = json.loads(text) if text else None
        except ValueError:
            parsed = parse_qs(text)  # a form, e.g. the token refresh
        self.sent.append(
            Sent(method, unquote(parts.path), parse_qs(parts.query), parsed, dict(headers or {}))
        )
        return super().request(uri, method=method, body=body, headers=headers, **kw)

    @property
    def remaining(self) -> int:
        return len(self._iterable)


def ok(body: Any) -> Response:
    return ({"status": "200", "content-type": "application/json; charset=UTF-8"}, json.dumps(body))


def no_content() -> Response:
    return ({"status": "204"}, "")


STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    410: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def error(code: int, reason: str, message: str, domain: str = "global") -> Response:
    body = {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"domain": domain, "reason": reason, "message": message}],
            "status": STATUS.get(code, "UNKNOWN"),
        }
    }
    return ({"status": str(code), "content-type": "application/json; charset=UTF-8"}, json.dumps(body))


def freebusy(time_min: str, time_max: str, calendars: dict[str, Any]) -> Response:
    return ok({"kind": "calendar#freeBusy", "timeMin": time_min, "timeMax": time_max, "calendars": calendars})


def calendar_entry(ident: str, summary: str, **extra: Any) -> dict[str, Any]:
    entry = {
        "kind": "calendar#calendarListEntry",
        "etag": '"1700000000000000"',
        "id": ident,
        "summary": summary,
        "timeZone": "Europe/Berlin",
        "colorId": "14",
        "backgroundColor": "#9fe1e7",
        "foregroundColor": "#000000",
        "accessRole": "owner",
        "defaultReminders": [],
    }
    entry.update(extra)
    return entry


def calendar_list(items: list[dict[str, Any]], next_page: str | None = None) -> Response:
    page: dict[str, Any] = {
        "kind": "calendar#calendarList",
        "etag": '"p33o9n7tv2ta8g0g"',
        "nextSyncToken": "CKCbqPXv_IIDEj1tZWV0dXA=",
        "items": items,
    }
    if next_page:
        page.pop("nextSyncToken")
        page["nextPageToken"] = next_page
    return ok(page)


def service_for(http: RecordingHttp) -> Any:
    return build("calendar", "v3", http=http, static_discovery=True, cache_discovery=False)


@dataclass
class Rig:
    http: RecordingHttp
    calendar: GoogleCalendar
    warnings: list[str]
    delays: list[float]


def rig(tmp_path: Path, responses: list[Response], **options: Any) -> Rig:
    http = RecordingHttp(responses)
    warnings: list[str] = []
    delays: list[float] = []
    context = ProviderContext(
        cache_dir=tmp_path / "cache",
        config_dir=tmp_path / "config",
        warn=warnings.append,
        default_tz=ZoneInfo("Europe/Berlin"),
    )
    config = CalendarConfig(name="work", provider="google", options=options)
    backoff = Backoff(attempts=options.get("retries", 5), sleep=delays.append, random=lambda: 1.0)
    calendar = create(config, context, service_factory=lambda: service_for(http), backoff=backoff)
    return Rig(http, calendar, warnings, delays)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


BERLIN = ZoneInfo("Europe/Berlin")


def spec(**changes: object) -> EventSpec:
    base = {
        "uid": "meetup-42-opt2@meetup.local",
        "summary": "Coffee with Sam",
        "start": datetime(2026, 11, 26, 18, 0, tzinfo=BERLIN),
        "end": datetime(2026, 11, 26, 19, 0, tzinfo=BERLIN),
        "timezone": "Europe/Berlin",
        "status": "CONFIRMED",
        "attendees": (Attendee("sam@example.org", "Sam Lee"),),
        "notify_attendees": True,
    }
    base.update(changes)
    return EventSpec(**base)  # type: ignore[arg-type]


class GoogleLike(RecordingHttp):
    """Answers by route instead of a fixed sequence, for flows whose request count is not the
    point (an invite reads free time, then writes one hold per option).

    Like Google, it keeps the events written through it: an opaque, not cancelled event is busy
    in the next freeBusy answer, and DELETE removes it (204; 410 when it is already gone)."""

    def __init__(self, busy: dict[str, list[dict[str, str]]]) -> None:
        super().__init__([])
        self.busy = busy
        #: calendar id -> event id -> the stored Event resource
        self.events: dict[str, dict[str, dict[str, Any]]] = {}

    def _busy_of(self, calendar: str) -> list[dict[str, str]]:
        written = [
            {"start": utc_text(e["start"]["dateTime"]), "end": utc_text(e["end"]["dateTime"])}
            for e in self.events.get(calendar, {}).values()
            if e.get("transparency") != "transparent" and e.get("status") != "cancelled"
        ]
        return self.busy.get(calendar, []) + written

    def request(self, uri: str, method: str = "GET", body: Any = None, headers: Any = None, **kw: Any) -> Any:
        path = unquote(urlsplit(uri).path)
        parts = path.split("/")  # ['', 'calendar', 'v3', 'calendars', ID, 'events', EVENT]
        if method == "POST" and path.endswith("/freeBusy"):
            sent = json.loads(body)
            calendars = {i["id"]: {"busy": self._busy_of(i["id"])} for i in sent["items"]}
            self._iterable.append(freebusy(sent["timeMin"], sent["timeMax"], calendars))
        elif method == "POST" and path.endswith("/events"):
            event = json.loads(body)
            stored = {
                "kind": "calendar#event",
                "etag": '"3381"',
                "iCalUID": f"{event['id']}@google.com",
                **event,
            }
            self.events.setdefault(parts[4], {})[event["id"]] = stored
            self._iterable.append(ok(stored))
        elif method == "DELETE" and len(parts) == 7 and parts[5] == "events":
            gone = self.events.get(parts[4], {}).pop(parts[6], None)
            self._iterable.append(
                no_content() if gone else error(410, "deleted", "Resource has been deleted")
            )
        else:
            self._iterable.append(error(404, "notFound", "Not Found"))
        return super().request(uri, method=method, body=body, headers=headers, **kw)


def utc_text(moment: str) -> str:
    """An RFC 3339 instant in UTC, as Google's freeBusy answers it."""
    return datetime.fromisoformat(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def use(monkeypatch: Any, http: RecordingHttp) -> None:
    """Make every Google calendar meetup opens in this test talk to ``http``."""
    from meetup_google import provider as google_provider

    def fake_build(settings: Any, context: Any, where: str, _http: Any = None) -> tuple[Any, None]:
        return service_for(http), None

    monkeypatch.setattr(google_provider, "build_service", fake_build)
