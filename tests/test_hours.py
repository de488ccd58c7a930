from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetup.calendar.hours import availability, parse_hours
from meetup.calendar.intervals import Interval
from meetup.errors import HoursSpecError

BERLIN = ZoneInfo("Europe/Berlin")


def test_parses_the_documented_example() -> None:
    hours = parse_hours("mon-fri 12:00-13:00,18:00-22:00; sat,sun 10:00-22:00")
    for day in range(5):
        assert hours.days[day] == ((720, 780), (1080, 1320))
    assert hours.days[5] == hours.days[6] == ((600, 1320),)


def test_case_insensitive_wrapping_ranges_and_24h_end() -> None:
    hours = parse_hours("FRI-Mon 20:00-24:00")
    assert sorted(hours.days) == [0, 4, 5, 6]
    assert hours.days[4] == ((1200, 1440),)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("mon-xx 10:00-11:00", "unknown weekday 'xx'"),
        ("mon 10:00", "bad range"),
        ("mon 25:00-26:00", "bad time '25:00'"),
        ("mon 11:00-10:00", "ends before it starts"),
        ("mon", "needs days and ranges"),
        ("", "empty --hours"),
        ("mon 9-10", "bad time '9'"),
        ("mon 10:00-24:30", "bad time '24:30'"),
    ],
)
def test_malformed_specs_name_the_problem(spec: str, fragment: str) -> None:
    with pytest.raises(HoursSpecError, match=fragment.replace("(", r"\(")):
        parse_hours(spec)


def test_days_join_across_midnight() -> None:
    hours = parse_hours("sat 20:00-24:00; sun 00:00-02:00")
    period = Interval(datetime(2026, 11, 28, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    got = availability(hours, period, BERLIN)
    assert got == [
        Interval(datetime(2026, 11, 28, 20, tzinfo=BERLIN), datetime(2026, 11, 29, 2, tzinfo=BERLIN)),
    ]


def test_spring_forward_gap_starts_when_the_clock_resumes() -> None:
    # 2026-03-29 02:00 CET -> 03:00 CEST in Berlin: 02:00-04:00 is one real hour.
    hours = parse_hours("sun 02:00-04:00")
    period = Interval(datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC))
    (window,) = availability(hours, period, BERLIN)
    assert window.start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert window.end == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
