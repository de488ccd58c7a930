"""``meetup invite FRIEND [FRIEND...]`` and ``meetup ics INVITE``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from meetup.app import App
from meetup.cli.completion import friend_names
from meetup.cli.jsonout import spans
from meetup.cli.options import free_time_options
from meetup.safety import terminal_safe


@click.command("invite")
@click.argument("friends", nargs=-1, metavar="FRIEND...", shell_complete=friend_names)
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
@click.option(
    "--via",
    type=click.Choice(["print", "outbox", "email"]),
    help="Delivery (default: [mail] via in the config, else print).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the invite as JSON.")
@click.option("--resend", type=int, metavar="ID", help="Send invite ID again if it was not sent.")
@click.option("--again", is_flag=True, help="Invite even though FRIEND already has an open invite.")
@click.option("--next", "next_due", is_flag=True, help="Invite the most overdue friend (see `meetup due`).")
@click.option(
    "--tag",
    help="With --next: the most overdue friend with this tag; without: a group invite to everyone with it.",
)
@click.option(
    "--min", "quorum", type=int, metavar="K",
    help="Group: confirm the first option K friends can make (default: all of them).",
)  # fmt: skip
@click.option(
    "--decide-by", metavar="WHEN",
    help="Group: when to decide if no option has K yet (default: 3 days before the first option).",
)  # fmt: skip
@click.pass_obj
def invite(
    app: App, friends: tuple[str, ...], activity: str, duration: int | None, calendars: tuple[str, ...], start: str | None,
    end: str | None, days: int | None, tz: str | None, hours: str | None, count: int, note: str | None,
    via: str | None, as_json: bool, resend: int | None, again: bool, next_due: bool, tag: str | None,
    any_time: bool, quorum: int | None, decide_by: str | None,
) -> None:  # fmt: skip
    """Invite FRIEND (or several: a group) to meet at times you are really free.

    With several friends, one set of options suits everyone; each gets a personal message in their
    own thread, and the answers decide the time (see docs/groups.md)."""
    from meetup.errors import UsageError
    from meetup.invite.run import InviteRequest, NotSent, create_invite
    from meetup.invite.run import resend as resend_invite

    echo = (lambda _text: None) if as_json else click.echo
    # a resend keeps the delivery it was made with unless --via says otherwise
    delivery = via or _configured_via(app)
    if resend is not None:
        result = resend_invite(app, resend, via, echo)
    elif next_due:
        from meetup.keepintouch.run import run_next

        if friends:
            raise UsageError("give either FRIEND or --next, not both")
        request = InviteRequest(
            friend="", activity=activity, duration=duration, options=count, note=note, via=delivery,
            calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, any_time=any_time,
        )  # fmt: skip
        result = run_next(app, request, tag=tag, echo=echo, brief=_brief)
    elif len(friends) > 1 or tag is not None:
        _group(app, friends, tag, activity, duration, calendars, start, end, days, tz, hours, count, note, delivery,
               as_json, again, quorum, decide_by, echo, any_time=any_time)  # fmt: skip
        return
    elif not friends:
        raise UsageError("name a FRIEND to invite (or several, or --tag TAG, or --next, or --resend ID)")
    elif quorum is not None or decide_by is not None:
        raise UsageError("--min and --decide-by are for a group: name two or more friends")
    else:
        request = InviteRequest(
            friend=friends[0], activity=activity, duration=duration, options=count, note=note, via=delivery,
            calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, again=again,
            any_time=any_time,
        )  # fmt: skip
        _brief(app, friends[0])
        result = create_invite(app, request, echo)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "invite": result.invite,
                    "friend": result.friend,
                    "subject": result.subject,
                    "body": result.body,
                    "options": spans(result.options, result.zone),
                    "attachments": [str(p) for p in result.attachments],
                    "sent": result.sent,
                    "notes": result.notes,
                },
                indent=2,
            )
        )
    elif result.sent and (shown := via if resend is not None else delivery) not in (None, "print"):
        click.echo(f"invite {result.invite} to {terminal_safe(result.friend)} sent ({shown})")
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


def _group(
    app: App, friends: tuple[str, ...], tag: str | None, activity: str, duration: int | None, calendars: tuple[str, ...],
    start: str | None, end: str | None, days: int | None, tz: str | None, hours: str | None, count: int,
    note: str | None, via: str, as_json: bool, again: bool, quorum: int | None, decide_by: str | None,
    echo: Callable[[str], None], *, any_time: bool = False,
) -> None:  # fmt: skip
    from meetup.group.run import GroupRequest, create_group_invite
    from meetup.invite.run import InviteRequest, NotSent

    base = InviteRequest(
        friend="", activity=activity, duration=duration, options=count, note=note, via=via,
        calendars=calendars, start=start, end=end, days=days, tz=tz, hours=hours, again=again, any_time=any_time,
    )  # fmt: skip
    request = GroupRequest(friends=friends, invite=base, quorum=quorum, decide_by=decide_by, tag=tag)
    result = create_group_invite(app, request, echo)
    if as_json:
        payload = {
            "group": result.group,
            "friends": result.friends,
            "invites": result.invites,
            "subjects": result.subjects,
            "options": spans(result.options, result.zone),
            "min": result.quorum,
            "decide_by": result.decide_by.astimezone(result.zone).isoformat(),
            "sent": result.sent,
        }
        click.echo(json.dumps(payload, indent=2))
    elif result.sent and via not in (None, "print"):
        click.echo(
            terminal_safe(f"group {result.group}: invites to {', '.join(result.friends)} sent ({via}); "
                          f"deciding at {result.decide_by.astimezone(result.zone):%a %d %b %H:%M}")
        )  # fmt: skip
    if not result.sent:
        ids = " ".join(str(i) for i in result.invites)
        raise NotSent(
            f"group {result.group} is recorded but not every invite was sent ({result.error}); "
            f"send them later with `meetup invite --resend ID` ({ids})"
        )


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


def _configured_via(app: App) -> str:
    """``[mail] via`` when the config names a delivery (``meetup init`` writes it), else print."""
    configured = app.config.section("mail").get("via")
    return str(configured) if configured in ("print", "outbox", "email") else "print"
