"""An invite's stored request: round trip, hard period limits, what an option must satisfy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meetup.calendar.intervals import Interval
from meetup.invite.request import StoredRequest, satisfies

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def _request(**kw: object) -> StoredRequest:
    values: dict[str, object] = dict(
        activity="lunch", duration_min=60, zone="Europe/London", hours="sat,sun 10:00-18:00",
        calendars=("extra.ics",), activity_hours="11:30-14:30",
    )  # fmt: skip
    values.update(kw)
    return StoredRequest(**values)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field() -> None:
    request = _request(
        not_before=NOW.isoformat(), not_after=(NOW + timedelta(days=5)).isoformat(), any_time=True
    )
    assert StoredRequest.from_json(request.to_json()) == request


def test_rolling_period_without_limits_and_hard_limits_with_them() -> None:
    assert _request().period(NOW) == Interval(NOW, NOW + timedelta(days=14))
    limited = _request(
        not_before=(NOW + timedelta(days=2)).isoformat(), not_after=(NOW + timedelta(days=4)).isoformat()
    )
    assert limited.period(NOW) == Interval(NOW + timedelta(days=2), NOW + timedelta(days=4))
    assert limited.period(NOW + timedelta(days=3)) == Interval(
        NOW + timedelta(days=3), NOW + timedelta(days=4)
    )
    assert limited.period(NOW + timedelta(days=4)) is None
    assert not limited.ended(NOW) and limited.ended(NOW + timedelta(days=4))
    assert not _request().ended(NOW + timedelta(days=400))


def test_satisfies_checks_length_period_and_windows() -> None:
    request = _request(not_after=(NOW + timedelta(days=3)).isoformat())
    window = Interval(NOW, NOW + timedelta(days=10))
    inside = Interval(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))
    assert satisfies(request, inside, [window])
    assert not satisfies(request, Interval(inside.start, inside.end + timedelta(minutes=30)), [window])
    late = Interval(NOW + timedelta(days=5), NOW + timedelta(days=5, hours=1))
    assert not satisfies(request, late, [window])
    assert not satisfies(request, inside, [])


def test_the_stored_form_and_older_or_newer_rows() -> None:
    assert _request(extra={"campaign": 4}).to_json() == (
        '{"activity": "lunch", "activity_hours": "11:30-14:30", "any_time": false, "calendars": ["extra.ics"], '
        '"duration_min": 60, "extra": {"campaign": 4}, "hours": "sat,sun 10:00-18:00", "in_person": true, '
        '"not_after": null, "not_before": null, "options": 3, "zone": "Europe/London"}'
    )
    # a row from an older meetup lacks the newer fields; a newer one may carry fields this one lacks
    older = (
        '{"activity": "call", "duration_min": 30, "zone": "UTC", "hours": "mon-fri 09:00-17:00", "later": 1}'
    )
    assert StoredRequest.from_json(older) == StoredRequest(
        activity="call", duration_min=30, zone="UTC", hours="mon-fri 09:00-17:00"
    )
    assert StoredRequest.from_json(older).duration == timedelta(minutes=30)


def test_the_period_ends_when_not_even_one_meeting_fits() -> None:
    limited = _request(not_after=(NOW + timedelta(hours=2)).isoformat())
    # exactly one hour left: one lunch still fits
    assert limited.period(NOW + timedelta(hours=1)) == Interval(
        NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    )
    assert limited.period(NOW + timedelta(hours=1, minutes=1)) is None
    # a rolling period of its own length
    assert _request().period(NOW, rolling=timedelta(hours=1)) == Interval(NOW, NOW + timedelta(hours=1))
    assert _request().period(NOW, rolling=timedelta(minutes=59)) is None
    # a start limit in the past counts from now
    started = _request(not_before=(NOW - timedelta(days=1)).isoformat())
    assert started.period(NOW) == Interval(NOW, NOW + timedelta(days=14))


def test_a_request_has_ended_when_no_meeting_fits_before_its_end_with_notice() -> None:
    limited = _request(not_after=(NOW + timedelta(hours=14)).isoformat())
    # 12 hours' notice plus a one-hour lunch: the last moment it has not ended is 13 hours before the end
    assert not limited.ended(NOW + timedelta(hours=1))
    assert limited.ended(NOW + timedelta(hours=1, minutes=1))
    assert not limited.ended(NOW + timedelta(hours=13), notice=timedelta(0))
    assert limited.ended(NOW + timedelta(hours=13, minutes=1), notice=timedelta(0))


def test_an_option_on_the_limits_of_the_period_and_its_window_satisfies() -> None:
    start, end = NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1)
    request = _request(not_before=start.isoformat(), not_after=end.isoformat())
    exact = Interval(start, end)
    assert satisfies(request, exact, [exact])
    assert not satisfies(request, Interval(start - timedelta(minutes=1), end - timedelta(minutes=1)), [exact])
    assert not satisfies(request, Interval(start + timedelta(minutes=1), end + timedelta(minutes=1)), [exact])
    loose = _request()
    windows = [Interval(NOW, start), Interval(start + timedelta(minutes=30), end + timedelta(hours=1))]
    assert not satisfies(loose, exact, windows)  # split across two windows
    assert satisfies(loose, Interval(end - timedelta(minutes=30), end + timedelta(minutes=30)), windows)
    assert not satisfies(loose, Interval(start, start + timedelta(minutes=59)), [exact])  # too short
