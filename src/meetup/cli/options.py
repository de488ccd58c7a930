"""Options shared by ``meetup slots`` and ``meetup invite``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def free_time_options(func: F) -> F:
    options = [
        click.option(
            "--calendar",
            "calendars",
            multiple=True,
            metavar="SRC",
            help="A configured calendar's name, a path or an http(s)/webcal URL; repeatable. "
            "When given, only these are read.",
        ),
        click.option(
            "--from", "start", metavar="WHEN", help="Start: ISO 8601 datetime or date (default: now)."
        ),
        click.option(
            "--to", "end", metavar="WHEN", help="End: ISO 8601 datetime or date (midnight in --tz)."
        ),
        click.option("--days", type=int, default=None, help="Length of the period in days (default 7)."),
        click.option("--tz", metavar="ZONE", help="IANA time zone (default: config, else the system zone)."),
        click.option(
            "--hours",
            metavar="SPEC",
            help="Availability, e.g. 'mon-fri 12:00-13:00,18:00-22:00; sat,sun 10:00-22:00' (default: config).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
