"""The straightforward pipeline meetup is measured against: parse the whole file with
icalendar, expand with recurring-ical-events, subtract. Same arguments and output shape as
``meetup slots --json`` for the benchmark's one case."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone

from meetup.calendar.finder import free_windows
from meetup.calendar.hours import parse_hours
from meetup.calendar.intervals import Interval


def main(path: str, start: str, days: int, zone_name: str, hours: str) -> None:
    zone = ZoneInfo(zone_name)
    period_start = datetime.fromisoformat(start).replace(tzinfo=zone)
    period = Interval(period_start, period_start + timedelta(days=days))
    with open(path, "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    calendar = x_wr_timezone.to_standard(calendar)
    busy = []
    for event in recurring_ical_events.of(calendar).between(period.start, period.end):
        if (
            str(event.get("TRANSP", "")).upper() == "TRANSPARENT"
            or str(event.get("STATUS", "")).upper() == "CANCELLED"
        ):
            continue
        begin = event["DTSTART"].dt
        if event.get("DTEND") is not None:
            end = event["DTEND"].dt
        elif event.get("DURATION") is not None:
            end = begin + event["DURATION"].dt
        else:
            continue
        if not isinstance(begin, datetime):
            begin, end = (
                datetime.combine(begin, datetime.min.time()),
                datetime.combine(end, datetime.min.time()),
            )
        begin = begin if begin.tzinfo else begin.replace(tzinfo=zone)
        end = end if end.tzinfo else end.replace(tzinfo=zone)
        if end > begin:
            busy.append(Interval(begin, end))
    windows = free_windows(parse_hours(hours), busy, period, zone, timedelta(minutes=60))
    print(
        json.dumps({"windows": [{"start": w.start.isoformat(), "end": w.end.isoformat()} for w in windows]})
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
