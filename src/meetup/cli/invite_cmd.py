"""``meetup invite FRIEND`` and ``meetup ics INVITE``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from meetup.app import App
from meetup.cli.completion import friend_names
from meetup.cli.options import free_time_options


@click.command("invite")
@click.argument("friend", required=False, shell_complete=friend_names)
@click.option(
    "--activity", default="coffee", show_default=True, help="coffee, lunch, drinks, walk, call, or free text."
)
@click.option("--duration", type=int, help="Minutes (default: the activity's).")
@free_time_options
@click.option("--options", "count", type=int, default=3, show_default=True, help="How many times to offer.")
@click.option(
    "--any-time",
    "any_time",
    is_flag=True,
    help="Also outside the activity's hours (lunch at 17:00, a walk after dark).",
)
@click.option("--note", help="Your personal line, added to the message.")
@click.option("--via", type=click.Choice(["print", "outbox", "email"]), help="Delivery (default: print).")
@click.option("--json", "as_json", is_flag=True, help="Print the invite as JSON.")
@click.option("--resend", type=int, metavar="ID", help="Send invite ID again if it was not sent.")
@click.option("--again", is_flag=True, help="Invite even though FRIEND already has an open invite.")
@click.option("--next", "next_due", is_flag=True, help="Invite the most overdue friend (see `meetup due`).")
@click.option("--tag", help="With --next: the most overdue friend with this tag.")
@click.pass_obj
def invite(
    app: App, friend: str | None, activity: str, duration: int | None, calendars: tuple[str, ...], start: str | None,
    end: str | None, days: int | None, tz: str | None, hours: str | None, count: int, note: str | None,
    via: str | None, as_json: bool, resend: int | None, again: bool, next_due: bool, tag: str | None,
    any_time: bool,
) -> None:  # fmt: skip
    """Invite FRIEND to meet at times you are really free."""
    from meetup.errors import UsageError
    from meetup.invite.run import InviteRequest, NotSent, create_invite
    from meetup.invite.run import resend as resend_invite

    echo = (lambda _text: None) if as_json else click.echo
    if resend is not None:
        result = resend_invite(app, resend, via, echo)
    elif next_due or tag:
        from meetup.keepintouch.run import run_next

        if not next_due:
            raise UsageError("--tag goes with --next (the most overdue friend with that tag)")
        if friend:
            raise UsageError("give either FRIEND or --next, not both")
        request = InviteRequest(
            friend="", activity=activity, duration=duration, options=count, note=note, via=via or "print",
            calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, any_time=any_time,
        )  # fmt: skip
        result = run_next(app, request, tag=tag, echo=echo, brief=_brief)
    elif not friend:
        raise UsageError("name a FRIEND to invite (or --next, or --resend ID)")
    else:
        request = InviteRequest(
            friend=friend, activity=activity, duration=duration, options=count, note=note, via=via or "print",
            calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, again=again,
            any_time=any_time,
        )  # fmt: skip
        _brief(app, friend)
        result = create_invite(app, request, echo)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "invite": result.invite,
                    "friend": result.friend,
                    "subject": result.subject,
                    "body": result.body,
                    "options": [
                        {
                            "start": o.start.astimezone(result.zone).isoformat(),
                            "end": o.end.astimezone(result.zone).isoformat(),
                        }
                        for o in result.options
                    ],
                    "attachments": [str(p) for p in result.attachments],
                    "sent": result.sent,
                    "notes": result.notes,
                },
                indent=2,
            )
        )
    elif result.sent and (via or "print") != "print":
        click.echo(f"invite {result.invite} to {result.friend} sent ({via})")
    if not result.sent:
        raise NotSent(
            f"invite {result.invite} to {result.friend} is recorded but not sent ({result.error}); "
            f"send it later with `meetup invite --resend {result.invite}`"
        )


def _brief(app: App, friend: str) -> None:
    """Last contact and notes, for the user only (stderr): never part of the message."""
    from meetup.cli.keep_cmd import card_lines
    from meetup.keepintouch.run import invite_briefing
    from meetup.safety import terminal_safe

    card = invite_briefing(app, friend)
    if card is None:
        return
    click.echo(f"about {terminal_safe(card.friend.name)}:", err=True)
    for line in card_lines(card, limit=3):
        click.echo(f"  {line}", err=True)


@click.command("ics")
@click.argument("invite_id", type=int, metavar="INVITE")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory (default: the data dir's ics/).",
)
@click.pass_obj
def ics(app: App, invite_id: int, out: Path | None) -> None:
    """Write INVITE's .ics files: holds for your calendar, and the invitation once a time is chosen."""
    from meetup.invite.run import write_ics

    for path in write_ics(app, invite_id, out):
        click.echo(str(path))


COMMANDS = [invite, ics]
