"""Each busy-semantics rule from the README, on small inline calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from ics_helpers import BERLIN, busy, calendar

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderError

MON = datetime(2026, 11, 23, tzinfo=BERLIN)


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=zone)


def event(*lines: str, uid: str = "e1") -> str:
    return "\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", *lines, "END:VEVENT"])


def test_opaque_event_is_busy_and_titles_do_not_matter() -> None:
    got, warnings = busy(
        calendar(
            event(
                "DTSTART;TZID=Europe/Berlin:20261124T180000",
                "DTEND;TZID=Europe/Berlin:20261124T193000",
                "SUMMARY:Therapy",
            )
        ),
        MON,
    )
    assert got == [Interval(at(24, 18), at(24, 19, 30))]
    assert warnings == []


@pytest.mark.parametrize("line", ["TRANSP:TRANSPARENT", "STATUS:CANCELLED"])
def test_transparent_and_cancelled_block_nothing(line: str) -> None:
    got, _ = busy(calendar(event("DTSTART:20261124T170000Z", "DTEND:20261124T180000Z", line)), MON)
    assert got == []


def test_tentative_still_blocks() -> None:
    got, _ = busy(
        calendar(event("DTSTART:20261124T170000Z", "DTEND:20261124T180000Z", "STATUS:TENTATIVE")), MON
    )
    assert got == [Interval(datetime(2026, 11, 24, 17, tzinfo=UTC), datetime(2026, 11, 24, 18, tzinfo=UTC))]


def test_all_day_covers_midnight_to_midnight_in_the_requested_zone() -> None:
    text = calendar(event("DTSTART;VALUE=DATE:20261125", "DTEND;VALUE=DATE:20261127"))
    tokyo = ZoneInfo("Asia/Tokyo")
    got, _ = busy(text, MON)
    assert got == [Interval(at(25, 0), at(27, 0))]
    got, _ = busy(text, MON, zone=tokyo)
    assert got == [Interval(at(25, 0, zone=tokyo), at(27, 0, zone=tokyo))]


def test_date_event_without_end_is_one_day_and_datetime_without_end_is_nothing() -> None:
    got, _ = busy(calendar(event("DTSTART;VALUE=DATE:20261125")), MON)
    assert got == [Interval(at(25, 0), at(26, 0))]
    got, _ = busy(calendar(event("DTSTART:20261125T100000Z")), MON)
    assert got == []


def test_duration_replaces_dtend() -> None:
    got, _ = busy(calendar(event("DTSTART;TZID=Europe/Berlin:20261125T100000", "DURATION:PT1H30M")), MON)
    assert got == [Interval(at(25, 10), at(25, 11, 30))]


def test_floating_times_are_in_the_requested_zone() -> None:
    text = calendar(event("DTSTART:20261125T100000", "DTEND:20261125T110000"))
    london = ZoneInfo("Europe/London")
    got, _ = busy(text, MON, zone=london)
    assert got == [Interval(at(25, 10, zone=london), at(25, 11, zone=london))]


def test_freebusy_periods_are_busy_unless_free() -> None:
    text = calendar(
        "\n".join(
            [
                "BEGIN:VFREEBUSY",
                "UID:fb",
                "DTSTAMP:20261101T000000Z",
                "FREEBUSY;FBTYPE=BUSY:20261124T100000Z/20261124T120000Z,20261125T100000Z/PT30M",
                "FREEBUSY;FBTYPE=FREE:20261126T100000Z/20261126T120000Z",
                "FREEBUSY:20261127T090000Z/PT1H",
                "END:VFREEBUSY",
            ]
        )
    )
    got, _ = busy(text, MON)
    utc = [
        (i.start.astimezone(UTC).strftime("%d %H:%M"), i.end.astimezone(UTC).strftime("%H:%M")) for i in got
    ]
    assert utc == [("24 10:00", "12:00"), ("25 10:00", "10:30"), ("27 09:00", "10:00")]


def test_x_wr_timezone_keeps_a_utc_series_on_local_time_across_dst() -> None:
    # Google writes the series in UTC and means "18:00 Berlin time every Friday".
    series = event("DTSTART:20261016T160000Z", "DTEND:20261016T170000Z", "RRULE:FREQ=WEEKLY")
    start = datetime(2026, 11, 2, tzinfo=BERLIN)
    with_header, _ = busy(calendar(series, "X-WR-TIMEZONE:Europe/Berlin\r\n"), start)
    without, _ = busy(calendar(series), start)
    assert with_header == [Interval(at(6, 18), at(6, 19))]
    assert without == [Interval(at(6, 17), at(6, 18))]


def test_windows_zone_names_map_to_iana() -> None:
    got, warnings = busy(
        calendar(
            event(
                "DTSTART;TZID=W. Europe Standard Time:20261124T180000",
                "DTEND;TZID=W. Europe Standard Time:20261124T190000",
            )
        ),
        MON,
    )
    assert got == [Interval(at(24, 18), at(24, 19))]
    assert warnings == []


def test_unknown_zone_falls_back_to_the_requested_zone_with_a_warning() -> None:
    got, warnings = busy(
        calendar(
            event(
                "DTSTART;TZID=Mars Standard Time:20261124T180000",
                "DTEND;TZID=Mars Standard Time:20261124T190000",
                uid="mars",
            )
        ),
        MON,
    )
    assert got == [Interval(at(24, 18), at(24, 19))]
    assert warnings == [
        "test.ics: VEVENT UID mars: unknown time zone 'Mars Standard Time', using the default zone"
    ]


def test_recurrence_with_exdate_override_and_cancelled_occurrence() -> None:
    text = calendar(
        "\n".join(
            [
                event(
                    "DTSTART;TZID=Europe/Berlin:20261102T190000",
                    "DTEND;TZID=Europe/Berlin:20261102T200000",
                    "RRULE:FREQ=DAILY;COUNT=30",
                    "EXDATE;TZID=Europe/Berlin:20261124T190000",
                    uid="s",
                ),
                event(
                    "RECURRENCE-ID;TZID=Europe/Berlin:20261125T190000",
                    "DTSTART;TZID=Europe/Berlin:20261125T070000",
                    "DTEND;TZID=Europe/Berlin:20261125T080000",
                    uid="s",
                ),
                event(
                    "RECURRENCE-ID;TZID=Europe/Berlin:20261126T190000",
                    "DTSTART;TZID=Europe/Berlin:20261126T190000",
                    "DTEND;TZID=Europe/Berlin:20261126T200000",
                    "STATUS:CANCELLED",
                    uid="s",
                ),
            ]
        )
    )
    got, _ = busy(text, MON, days=4)
    assert got == [Interval(at(23, 19), at(23, 20)), Interval(at(25, 7), at(25, 8))]


def test_an_event_spanning_a_dst_change_keeps_its_real_length() -> None:
    text = calendar(
        event("DTSTART;TZID=Europe/Berlin:20261024T220000", "DTEND;TZID=Europe/Berlin:20261025T040000")
    )
    got, _ = busy(text, datetime(2026, 10, 24, tzinfo=BERLIN), days=2)
    assert [i.duration.total_seconds() / 3600 for i in got] == [7.0]


def test_not_an_icalendar_file_is_a_clear_error() -> None:
    with pytest.raises(ProviderError, match="not an iCalendar file"):
        busy("<html>Sign in</html>", MON)
