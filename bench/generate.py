"""Generate a realistic 13-year personal calendar (~21,000 events, ~4 MB) for the benchmarks.

Deterministic (fixed seed): one-off appointments in several zones, all-day events, weekly and
monthly series with EXDATEs and moved occurrences (RECURRENCE-ID), transparent and cancelled
events, and a Google-style X-WR-TIMEZONE header.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

HEADER = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:alex@example.org
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""

WORDS = [
    "project",
    "review",
    "sync",
    "planning",
    "dentist",
    "doctor",
    "dinner",
    "lunch",
    "coffee",
    "call",
    "budget",
    "design",
    "team",
    "friends",
    "family",
    "birthday",
    "concert",
    "cinema",
    "yoga",
    "gym",
    "run",
    "flight",
    "train",
    "hotel",
    "school",
    "parents",
    "quarterly",
    "roadmap",
    "interview",
    "onboarding",
    "workshop",
    "retro",
    "demo",
    "presentation",
    "client",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _event(lines: list[str], uid: str, stamp: str, body: list[str], rng: random.Random) -> None:
    lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", *body]
    lines.append(f"SUMMARY:{_text(rng, 3)}")
    if rng.random() < 0.5:
        lines.append(f"DESCRIPTION:{_text(rng, rng.randint(2, 7))}")
    if rng.random() < 0.15:
        lines.append(f"LOCATION:{_text(rng, 2)} {rng.randint(1, 200)}\\, Berlin")
    lines += ["SEQUENCE:0", "STATUS:CONFIRMED", "END:VEVENT"]


def generate(one_offs: int = 20_500, series: int = 160, seed: int = 7) -> str:
    rng = random.Random(seed)
    first, last = date(2014, 1, 1), date(2026, 12, 31)
    span = (last - first).days
    stamp = "20261101T120000Z"
    lines = HEADER.rstrip("\n").split("\n")
    for n in range(one_offs):
        day = first + timedelta(days=rng.randrange(span))
        kind = rng.random()
        if kind < 0.08:  # all-day
            length = rng.choice([1, 1, 1, 2, 3, 7])
            body = [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=length):%Y%m%d}",
            ]
            if rng.random() < 0.7:
                body.append("TRANSP:TRANSPARENT")
        else:
            start = datetime(day.year, day.month, day.day, rng.randrange(7, 22), rng.choice([0, 15, 30, 45]))
            end = start + timedelta(minutes=rng.choice([15, 30, 45, 60, 60, 90, 120, 180]))
            if kind < 0.55:
                body = [f"DTSTART;TZID=Europe/Berlin:{_fmt(start)}", f"DTEND;TZID=Europe/Berlin:{_fmt(end)}"]
            elif kind < 0.9:  # Google writes many events in UTC
                off = timedelta(hours=1)
                body = [f"DTSTART:{_fmt(start - off)}Z", f"DTEND:{_fmt(end - off)}Z"]
            else:
                body = [
                    f"DTSTART;TZID=America/New_York:{_fmt(start)}",
                    f"DURATION:PT{int((end - start).total_seconds() // 60)}M",
                ]
            if rng.random() < 0.03:
                body.append("STATUS:CANCELLED")
        _event(lines, f"oneoff-{n}@example.org", stamp, body, rng)
    for n in range(series):
        begin = first + timedelta(days=rng.randrange(span - 60))
        start = datetime(begin.year, begin.month, begin.day, rng.randrange(7, 21), rng.choice([0, 30]))
        end = start + timedelta(minutes=rng.choice([30, 60, 90, 120]))
        freq = rng.choice(["WEEKLY", "WEEKLY", "WEEKLY;INTERVAL=2", "MONTHLY", "DAILY;BYDAY=MO,TU,WE,TH,FR"])
        until = rng.random()
        if until < 0.3:
            rule = f"FREQ={freq}"  # open-ended
        elif until < 0.6:
            rule = f"FREQ={freq};COUNT={rng.randint(5, 80)}"
        else:
            stop = start + timedelta(days=rng.randint(30, 900))
            rule = f"FREQ={freq};UNTIL={_fmt(stop)}Z"
        uid = f"series-{n}@example.org"
        body = [
            f"DTSTART;TZID=Europe/Berlin:{_fmt(start)}",
            f"DTEND;TZID=Europe/Berlin:{_fmt(end)}",
            f"RRULE:{rule}",
        ]
        step = timedelta(days=7 if "WEEKLY" in freq else 1 if "DAILY" in freq else 30)
        for k in rng.sample(range(1, 12), 3):
            body.append(f"EXDATE;TZID=Europe/Berlin:{_fmt(start + k * step)}")
        _event(lines, uid, stamp, body, rng)
        for k in rng.sample(range(12, 24), 2):  # moved occurrences
            original = start + k * step
            moved = original + timedelta(hours=rng.choice([-2, 1, 3, 24]))
            _event(
                lines,
                uid,
                stamp,
                [
                    f"RECURRENCE-ID;TZID=Europe/Berlin:{_fmt(original)}",
                    f"DTSTART;TZID=Europe/Berlin:{_fmt(moved)}",
                    f"DTEND;TZID=Europe/Berlin:{_fmt(moved + (end - start))}",
                ],
                rng,
            )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/personal-13y.ics")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(generate(), encoding="utf-8")
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
