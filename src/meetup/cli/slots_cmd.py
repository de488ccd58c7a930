"""``meetup slots``: when am I free?"""

from __future__ import annotations

import json
from itertools import groupby
from zoneinfo import ZoneInfo

import click

from meetup.app import App
from meetup.calendar.intervals import Interval
from meetup.cli.completion import friend_names
from meetup.cli.jsonout import spans
from meetup.cli.options import free_time_options


def _render_table(windows: list[Interval], zone: ZoneInfo) -> str:
    if not windows:
        return "No free time in this period."
    lines = []
    for day, items in groupby(windows, key=lambda w: w.start.astimezone(zone).date()):
        parts = []
        for window in items:
            start, end = window.start.astimezone(zone), window.end.astimezone(zone)
            end_text = end.strftime("%H:%M") if end.date() == day else end.strftime("%a %H:%M")
            parts.append(f"{start:%H:%M}-{end_text}")
        lines.append(f"{day:%a %Y-%m-%d}  " + ", ".join(parts))
    lines.append(f"(times in {zone.key})")
    return "\n".join(lines)


@click.command("slots")
@free_time_options
@click.option("--duration", type=int, default=60, show_default=True, help="Minimum window length in minutes.")
@click.option(
    "--with",
    "with_",
    multiple=True,
    metavar="NAMES",
    shell_complete=friend_names,
    help="Friends (comma-separated or repeated): only times that suit them too (their waking hours "
    "in their zone, their shared free/busy).",
)
@click.option("--json", "as_json", is_flag=True, help='Print {"windows": [{"start", "end"}]} as JSON.')
@click.option("--week", is_flag=True, help="Draw the week from --from (default today) as a grid.")
@click.pass_obj
def slots(
    app: App,
    calendars: tuple[str, ...],
    start: str | None,
    end: str | None,
    days: int | None,
    tz: str | None,
    hours: str | None,
    duration: int,
    with_: tuple[str, ...],
    as_json: bool,
    week: bool,
) -> None:
    """Show free windows: availability hours minus busy time from your calendars."""
    from meetup.calendar.run import build_request, find_free_time

    request = build_request(
        app, calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, duration=duration
    )
    if week:
        from meetup.calendar.run import week_for
        from meetup.cli.weekview import show

        if as_json or with_ or end or days is not None:
            raise click.UsageError(
                "--week draws seven days from --from; it takes no --json, --with, --to or --days"
            )
        show(week_for(app, request))
        return
    names: list[str] = []
    if with_:
        from meetup.calendar.together import find_common_time, split_names
        from meetup.invite.run import store_for

        with store_for(app) as store:
            windows, friends = find_common_time(app, store.conn, request, split_names(with_))
        names = [f.name for f in friends]
    else:
        windows = find_free_time(app, request)
    if as_json:
        payload: dict[str, object] = {"windows": spans(windows, request.zone)}
        if names:
            payload["with"] = names
        click.echo(json.dumps(payload, indent=2))
    else:
        click.echo(_render_table(windows, request.zone))
        if names:
            click.echo(f"(free for you and {', '.join(names)})" if windows else f"(with {', '.join(names)})")


COMMANDS = [slots]
