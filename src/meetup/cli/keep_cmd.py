"""``meetup due``, ``meetup met``, ``meetup week`` and ``meetup friend note``: keeping in touch."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from meetup.app import App
from meetup.safety import terminal_safe

if TYPE_CHECKING:
    from meetup.keepintouch.due import Due
    from meetup.keepintouch.run import FriendCard


@click.command("due")
@click.option("--within", metavar="SPAN", help="Also friends due within SPAN (7d, 2w).")
@click.option("--tag", help="Only friends with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def due(app: App, within: str | None, tag: str | None, as_json: bool) -> None:
    """Who is due for contact, most overdue first (relative to their cadence)."""
    from meetup.keepintouch.run import run_due

    entries = run_due(app, within=within, tag=tag)
    if as_json:
        click.echo(json.dumps({"due": [d.as_json() for d in entries]}, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("Nobody is due. (Give friends a cadence: meetup friend edit NAME --every 6w)")
    for line in due_lines(entries):
        click.echo(line)


def due_lines(entries: list[Due], limit: int | None = None) -> list[str]:
    """One line per due friend, as ``meetup due`` and ``meetup status`` show them."""
    lines = []
    for entry in entries[:limit] if limit else entries:
        last = f"last {entry.last_contact}" if entry.last_contact else "no contact yet"
        late = (
            f"{entry.overdue_days} days overdue" if entry.overdue_days > 0
            else "due today" if entry.overdue_days == 0 else f"due in {-entry.overdue_days} days"
        )  # fmt: skip
        waiting = f"; invite {entry.open_invite} open" if entry.open_invite else ""
        lines.append(
            f"{terminal_safe(entry.friend)}: {late} (every {entry.every_days} days, {last}){waiting}"
        )
    return lines


def card_lines(card: FriendCard, *, limit: int | None = None) -> list[str]:
    """The keep-in-touch part of ``friend show`` (and, shorter, of what ``invite`` tells the user).
    Everything that came from outside (notes, imported text, links) is made terminal-safe here."""
    lines = []
    if card.tags:
        lines.append(f"tags:  {terminal_safe(', '.join(card.tags))}")
    if card.connection:
        source, url, since = card.connection
        link = " ".join(x for x in (terminal_safe(url or ""), f"connected {since}" if since else "") if x)
        lines.append(f"{source}: {link}")
    if card.cadence:
        due = card.due
        when = "" if due is None else (
            f"; due {due.due_on} ({due.overdue_days} days overdue)" if due.overdue_days > 0
            else f"; due {due.due_on}" + (" (today)" if due.overdue_days == 0 else "")
        )  # fmt: skip
        lines.append(f"every: {card.cadence}{when}")
    if card.open_invite:
        lines.append(f"open invite: {card.open_invite}")
    shown = card.interactions[:limit] if limit else card.interactions
    if card.interactions:
        lines.append("last:" if limit else "met:")
        for item in shown:
            note = f": {terminal_safe(item.note)}" if item.note else ""
            origin = "" if item.source == "met" else f" ({item.source})"
            lines.append(f"  {item.on} {terminal_safe(item.how)}{note}{origin}")
    elif card.cadence or limit:
        lines.append("last:  no contact recorded yet")
    if card.notes:
        lines.append("notes:")
        for noted, text, source in card.notes[:limit] if limit else card.notes:
            first, *rest = text.splitlines() or [""]
            tag = "" if source == "you" else f" [{source}]"
            lines.append(f"  {noted:%Y-%m-%d} {terminal_safe(first)}{tag}")
            lines.extend(f"    {terminal_safe(line)}" for line in rest)
    return lines


@click.command("met")
@click.argument("name")
@click.option("--on", "on", metavar="DATE", help="When (YYYY-MM-DD, yesterday; default today).")
@click.option("--how", help="call, coffee, dinner, ... (free text).")
@click.option("--note", help="What you talked about.")
@click.pass_obj
def met(app: App, name: str, on: str | None, how: str | None, note: str | None) -> None:
    """Record that you met or talked to NAME (their keep-in-touch countdown restarts)."""
    from meetup.keepintouch.run import run_met

    friend, day = run_met(app, name, on=on, how=how, note=note)
    click.echo(f"recorded: {terminal_safe(how or 'met')} with {terminal_safe(friend)} on {day}")


@click.command("note")
@click.argument("name")
@click.argument("text", nargs=-1, required=True)
@click.pass_obj
def note(app: App, name: str, text: tuple[str, ...]) -> None:
    """Keep a note about NAME: what they work on, what they need, who you could introduce."""
    from meetup.keepintouch.run import run_note

    click.echo(f"noted for {terminal_safe(run_note(app, name, ' '.join(text)))}")


@click.group("week", invoke_without_command=True)
@click.option("--tag", help="Whose week: friends with this tag (e.g. linkedin).")
@click.option("--per-day", type=int, default=2, show_default=True, help="Calls per day.")
@click.option("--days", type=int, default=5, show_default=True, help="Days in the plan.")
@click.option("--activity", default="call", show_default=True)
@click.option("--duration", type=int, default=20, show_default=True, help="Minutes.")
@click.option("--start", metavar="DATE", help="First day (default tomorrow).")
@click.option("--note", help="Why you want to talk (else a line about them and how you could help).")
@click.option("--via", type=click.Choice(["print", "outbox", "email"]), default="print", show_default=True,
              help="Delivery; friends without an email address are always printed for you to send.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_context
def week(
    ctx: click.Context, tag: str | None, per_day: int, days: int, activity: str, duration: int,
    start: str | None, note: str | None, via: str, as_json: bool,
) -> None:  # fmt: skip
    """A connection week: call PER-DAY of your TAG friends a day for DAYS days.

    Picks those least recently contacted and without an open invite, gives each a day and invites
    each to a short call on that day (times never overlap). Friends without a phone number are
    asked for it. `meetup week status` shows how it goes."""
    if ctx.invoked_subcommand is not None:
        return
    from meetup.errors import UsageError
    from meetup.keepintouch.run import WeekRequest, run_week

    if not tag:
        raise UsageError("give --tag TAG: whose week it is (e.g. --tag linkedin)")
    app: App = ctx.obj
    request = WeekRequest(
        tag=tag, per_day=per_day, days=days, activity=activity, duration=duration, start=start, via=via, note=note
    )  # fmt: skip
    printed = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    result = run_week(app, request, printed)
    if as_json:
        plan = [{"friend": f, "day": d.isoformat(), "invite": i} for f, d, i in result.plan]
        click.echo(json.dumps({"plan": plan}, indent=2, ensure_ascii=False))
    else:
        click.echo(f"week {result.week_id}: {len(result.plan)} calls planned")
        for friend, day, invite in result.plan:
            click.echo(f"  {day:%a %d %b}: {terminal_safe(friend)} (invite {invite})")
    for friend, why in result.unplaced:
        click.echo(f"meetup: warning: {terminal_safe(friend)} not invited: {why}", err=True)
    for friend, invite, why in result.unsent:
        click.echo(
            f"meetup: warning: invite {invite} to {terminal_safe(friend)} is recorded but not sent ({why}); "
            f"send it later with `meetup invite --resend {invite}`",
            err=True,
        )


@week.command("status")
@click.argument("week_id", type=int, required=False)
@click.pass_obj
def week_status(app: App, week_id: int | None) -> None:
    """How the (latest) connection week stands: called, booked, waiting, no answer."""
    from meetup.keepintouch.run import run_week_status
    from meetup.keepintouch.week import summary

    found = run_week_status(app, week_id)
    if found is None:
        click.echo("No connection week yet: meetup week --tag TAG")
        return
    number, tag, lines = found
    click.echo(f"week {number} ({tag}): {summary([line.state for line in lines])}")
    for line in lines:
        phone = f", phone {terminal_safe(line.phone)}" if line.phone else ""
        click.echo(
            f"  {line.day:%a %d %b} {terminal_safe(line.friend)}: {line.state} (invite {line.invite}){phone}"
        )


COMMANDS = [due, met, week]
