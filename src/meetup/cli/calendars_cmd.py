"""``meetup calendars``: what each configured calendar account offers."""

from __future__ import annotations

import click

from meetup.app import App


@click.command("calendars")
@click.option("--tz", metavar="ZONE", help="IANA time zone (default: config, else the system zone).")
@click.pass_obj
def calendars(app: App, tz: str | None) -> None:
    """List configured calendars and, for accounts (CalDAV, Google), the calendars they offer."""
    from meetup.calendar.run import describe_calendars

    for line in describe_calendars(app, app.zone(tz)):
        click.echo(line)


COMMANDS = [calendars]
