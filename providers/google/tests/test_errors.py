"""401, rate limits, 5xx with bounded backoff, 404 calendars, network down: one clear line."""

from __future__ import annotations

from pathlib import Path

import httplib2
import pytest
from googlemock import error, freebusy, ok, rig, spec, utc
from meetup_google.api import Backoff, GoogleApiError

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderError

WEEK = Interval(utc("2026-11-23T00:00:00"), utc("2026-11-30T00:00:00"))
FREE = freebusy("2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", {"primary": {"busy": []}})


def test_401_says_run_meetup_auth_google(tmp_path: Path) -> None:
    r = rig(tmp_path, [error(401, "authError", "Invalid Credentials")], calendars=["primary"])
    with pytest.raises(ProviderError) as caught:
        r.calendar.busy(WEEK)
    message = str(caught.value)
    assert (
        message
        == "Google account 'default' (work): Google no longer accepts the sign-in (401); run `meetup auth google`"
    )
    assert r.delays == []


@pytest.mark.parametrize(
    "failure",
    [
        error(403, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits"),
        error(403, "userRateLimitExceeded", "User Rate Limit Exceeded", domain="usageLimits"),
        error(429, "rateLimitExceeded", "Too Many Requests", domain="usageLimits"),
        error(500, "backendError", "Backend Error"),
        error(503, "backendError", "Service Unavailable"),
    ],
)
def test_transient_failures_back_off_then_succeed(
    tmp_path: Path, failure: tuple[dict[str, str], str]
) -> None:
    r = rig(tmp_path, [failure, failure, FREE], calendars=["primary"])
    assert r.calendar.busy(WEEK) == []
    assert r.delays == [1.0, 2.0]
    assert len(r.http.sent) == 3


def test_backoff_is_bounded_and_names_the_calendar(tmp_path: Path) -> None:
    r = rig(tmp_path, [error(503, "backendError", "Service Unavailable")] * 3, retries=3)
    with pytest.raises(GoogleApiError, match=r"calendar 'primary': Google server error 503 after retries"):
        r.calendar.delete_event("uid-1")
    assert r.delays == [1.0, 2.0]
    assert r.http.remaining == 0


def test_backoff_has_jitter_and_a_cap() -> None:
    draws = iter([0.0, 1.0, 0.5])
    backoff = Backoff(attempts=10, base=1.0, cap=8.0, random=lambda: next(draws))
    assert backoff.delay(0) == 0.5  # half of 1 s at the lowest draw
    assert backoff.delay(6) == 8.0  # capped
    assert backoff.delay(2) == 3.0  # 4 s scaled by 0.75


def test_403_forbidden_is_not_retried(tmp_path: Path) -> None:
    r = rig(tmp_path, [error(403, "forbidden", "Forbidden")], calendars=["primary"])
    with pytest.raises(GoogleApiError, match="permission denied"):
        r.calendar.busy(WEEK)
    assert r.delays == []


def test_404_write_calendar(tmp_path: Path) -> None:
    r = rig(tmp_path, [error(404, "notFound", "Not Found")], write_calendar="nope@group.calendar.google.com")
    with pytest.raises(GoogleApiError) as caught:
        r.calendar.write_event(spec())
    assert str(caught.value) == (
        "Google account 'default' (work), calendar 'nope@group.calendar.google.com': calendar not found (404); "
        "check the id with `meetup calendars`"
    )


def test_network_down(tmp_path: Path) -> None:
    class Down:
        def request(self, *args: object, **kwargs: object) -> object:
            raise httplib2.ServerNotFoundError("Unable to find the server at www.googleapis.com")

    from googlemock import service_for

    r = rig(tmp_path, [], calendars=["primary"], retries=2)
    r.calendar._factory = lambda: service_for(Down())  # type: ignore[arg-type]
    with pytest.raises(GoogleApiError, match="cannot reach Google"):
        r.calendar.busy(WEEK)
    assert r.delays == [1.0]


def test_calendar_list_error(tmp_path: Path) -> None:
    r = rig(tmp_path, [ok({"kind": "calendar#calendarList", "items": []})])
    with pytest.raises(ProviderError, match="no calendar is selected"):
        r.calendar.busy(WEEK)
