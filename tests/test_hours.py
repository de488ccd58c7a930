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


#: The whole message: it is the one line the user sees, naming what is wrong and where.
MALFORMED = [
    ("mon-xx 10:00-11:00", "unknown weekday 'xx' in 'mon-xx 10:00-11:00' (use mon..sun)"),
    ("xx-mon 10:00-11:00", "unknown weekday 'xx' in 'xx-mon 10:00-11:00' (use mon..sun)"),
    ("mon-tue-wed 10:00-11:00", "unknown weekday 'tue-wed' in 'mon-tue-wed 10:00-11:00' (use mon..sun)"),
    ("mon,xx 10:00-11:00", "unknown weekday 'xx' in 'mon,xx 10:00-11:00' (use mon..sun)"),
    ("mon,,tue 10:00-11:00", "empty weekday in 'mon,,tue 10:00-11:00'"),
    ("mon 10:00", "bad range '10:00' in 'mon 10:00' (use HH:MM-HH:MM)"),
    ("mon 25:00-26:00", "bad time '25:00' in 'mon 25:00-26:00' (00:00 to 23:59, or 24:00 as an end)"),
    ("mon 10:60-11:00", "bad time '10:60' in 'mon 10:60-11:00' (00:00 to 23:59, or 24:00 as an end)"),
    ("mon 24:00-24:00", "bad time '24:00' in 'mon 24:00-24:00' (00:00 to 23:59, or 24:00 as an end)"),
    ("mon 10:00-24:30", "bad time '24:30' in 'mon 10:00-24:30' (00:00 to 23:59, or 24:00 as an end)"),
    ("mon 11:00-10:00", "range '11:00-10:00' in 'mon 11:00-10:00' ends before it starts"),
    ("mon 10:00-10:00", "range '10:00-10:00' in 'mon 10:00-10:00' ends before it starts"),
    ("mon", "hours part 'mon' needs days and ranges, like 'mon-fri 18:00-22:00'"),
    ("", "empty --hours spec (example: 'mon-fri 18:00-22:00; sat,sun 10:00-22:00')"),
    (";", "--hours ';' names no days and times (example: 'mon-fri 18:00-22:00')"),
    ("mon 9-10", "bad time '9' in 'mon 9-10' (use HH:MM)"),
    ("mon 10:0-11:00", "bad time '10:0' in 'mon 10:0-11:00' (use HH:MM)"),
    ("mon 10:ab-11:00", "bad time '10:ab' in 'mon 10:ab-11:00' (use HH:MM)"),
    ("mon ab:00-11:00", "bad time 'ab:00' in 'mon ab:00-11:00' (use HH:MM)"),
    ("mon 100:00-101:00", "bad time '100:00' in 'mon 100:00-101:00' (use HH:MM)"),
    ("mon 10:00-11:00-12:00", "bad time '11:00-12:00' in 'mon 10:00-11:00-12:00' (use HH:MM)"),
]


@pytest.mark.parametrize(("spec", "message"), MALFORMED)
def test_malformed_specs_name_the_problem(spec: str, message: str) -> None:
    with pytest.raises(HoursSpecError) as caught:
        parse_hours(spec)
    assert str(caught.value) == message


def test_edges_of_the_clock_and_of_the_spec() -> None:
    hours = parse_hours(" mon 00:00-00:59,10:59-11:59; ; tue 18:00 - 22:00;")
    assert hours.days == {0: ((0, 59), (659, 719)), 1: ((1080, 1320),)}
    assert str(hours) == "mon 00:00-00:59,10:59-11:59; ; tue 18:00 - 22:00;"


def _monday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN)


def test_availability_keeps_only_what_overlaps_the_period() -> None:
    hours = parse_hours("sun 20:00-21:00; mon 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00")
    # from the end of the 08:00 range to the start of the 14:00 one: both only touch the period
    got = availability(hours, Interval(_monday(9), _monday(14)), BERLIN)
    assert got == [Interval(_monday(10), _monday(11)), Interval(_monday(12), _monday(13))]


def test_the_periods_last_local_day_counts_even_when_it_is_another_day_in_utc() -> None:
    # Sun 23:30 UTC is Mon 00:30 in Berlin: Monday's 00:00-02:00 overlaps the period.
    period = Interval(datetime(2026, 11, 22, 12, tzinfo=UTC), datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    assert availability(parse_hours("mon 00:00-02:00"), period, BERLIN) == [Interval(_monday(0), _monday(2))]


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
