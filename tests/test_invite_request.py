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
