"""Shared helpers for the ics provider's tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup_ics import IcsCalendar, busy_from_ics

from meetup.calendar.intervals import Interval, merge
from meetup.calendar.providers import CalendarConfig, ProviderContext

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[3]


def corpus_path() -> Path:
    """``$MEETUP_CORPUS`` or the team's shared corpus beside the checkout (as in conftest.py)."""
    import os

    return Path(os.environ.get("MEETUP_CORPUS", ROOT.parent / "shared" / "testdata" / "calendars"))


def calendar(body: str, extra_header: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + extra_header
        + body.strip().replace("\n", "\r\n")
        + "\r\nEND:VCALENDAR\r\n"
    )


def busy(
    text: str | bytes, start: datetime, days: int = 7, zone: ZoneInfo = BERLIN
) -> tuple[list[Interval], list[str]]:
    warnings: list[str] = []
    period = Interval(start, start + timedelta(days=days))
    got = busy_from_ics(text, period, zone, source="test.ics", warn=warnings.append)
    return merge(i for i in got if i.overlaps(period)), warnings


def provider(
    source: str | Path, cache_dir: Path, warnings: list[str], zone: ZoneInfo = BERLIN, **options: object
) -> IcsCalendar:
    config = CalendarConfig(
        name="test", provider="ics", options={"source": str(source), **options}, base_dir=Path(".")
    )
    context = ProviderContext(
        cache_dir=cache_dir, config_dir=cache_dir, warn=warnings.append, default_tz=zone
    )
    return IcsCalendar(config, context)
