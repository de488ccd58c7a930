"""``meetup friend``: add, list, show, edit, remove and import friends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from meetup.app import App
from meetup.cli.completion import friend_names
from meetup.safety import terminal_safe

_DETAILS = [
    click.option("--email", help="Email address invites go to."),
    click.option("--phone", help="Phone number (kept for you; never sent)."),
    click.option("--tz", metavar="ZONE", help="The friend's IANA time zone: options are shown in it."),
    click.option("--city", help="City."),
    click.option("--note", help="A private note."),
    click.option("--first-name", "given_name", help="The name to greet them by (default: from their name)."),
]


F = TypeVar("F", bound=Callable[..., Any])


def _details(func: F) -> F:
    for option in reversed(_DETAILS):
        func = option(func)
    return func


@click.group("friend")
def friend() -> None:
    """Manage the friends you invite (by name, any case, or a unique prefix)."""


@friend.command("add")
@click.argument("name")
@_details
@click.pass_obj
def add(
    app: App,
    name: str,
    email: str | None,
    phone: str | None,
    tz: str | None,
    city: str | None,
    note: str | None,
    given_name: str | None,
) -> None:
    """Add a friend."""
    from meetup import friends
    from meetup.invite.run import store_for

    with store_for(app) as store, store.transaction() as conn:
        added = friends.add(
            conn, name, email=email, phone=phone, tz=tz, city=city, note=note, given_name=given_name
        )
    click.echo(f"added {terminal_safe(added.name)}")


@friend.command("list")
@click.option("--tag", help="Only friends with this tag.")
@click.pass_obj
def list_(app: App, tag: str | None) -> None:
    """List friends."""
    from meetup import friends
    from meetup.invite.run import store_for

    with store_for(app) as store:
        everyone = friends.all_friends(store.conn)
    if tag is not None:
        from meetup.keepintouch.run import tagged

        wanted = tagged(app, tag)
        everyone = [f for f in everyone if f.id in wanted]
        if not everyone:
            click.echo(f"Nobody is tagged {tag!r}.")
            return
    if not everyone:
        click.echo(
            "No friends yet: `meetup friend add NAME --email ...` or `meetup friend import contacts.vcf`."
        )
    for f in everyone:
        extras = "  ".join(terminal_safe(x) for x in (f.email or "", f.tz or "", f.city or "") if x)
        click.echo(f"{terminal_safe(f.name)}  {extras}".rstrip())


@friend.command("show")
@click.argument("name", shell_complete=friend_names)
@click.pass_obj
def show(app: App, name: str) -> None:
    """Show one friend."""
    from meetup import friends
    from meetup.calendar.together import describe_source
    from meetup.cli.keep_cmd import card_lines
    from meetup.invite.run import store_for
    from meetup.keepintouch.run import friend_card

    with store_for(app) as store:
        found = friends.find(store.conn, name)
        shared = describe_source(store.conn, found)
        card = friend_card(app, store.conn, found)
    for key, value in [*friends.describe(found), *shared]:
        click.echo(f"{key + ':':<7}{'' if len(key) < 6 else ' '}{terminal_safe(value)}")
    for line in card_lines(card):  # names, notes and links are made terminal-safe in there
        click.echo(line)


@friend.command("edit")
@click.argument("name", shell_complete=friend_names)
@click.option("--name", "new_name", help="A new name.")
@_details
@click.option(
    "--freebusy",
    metavar="SOURCE",
    help="Their shared free/busy: an .ics/webcal feed, a VFREEBUSY URL, google:EMAIL, or 'none'. "
    "Only busy times are read and kept.",
)
@click.option("--every", metavar="CADENCE", help="Keep in touch this often: 10d, 6w, 3m (none: no cadence).")
@click.option("--tag", "tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", multiple=True, help="Remove a tag (repeatable).")
@click.pass_obj
def edit(
    app: App, name: str, new_name: str | None, email: str | None, phone: str | None, tz: str | None,
    city: str | None, note: str | None, given_name: str | None, freebusy: str | None, every: str | None,
    tags: tuple[str, ...], untag: tuple[str, ...],
) -> None:  # fmt: skip
    """Change a friend's details, cadence and tags."""
    from meetup import friends
    from meetup.invite.run import store_for
    from meetup.keepintouch.run import run_friend_tags

    if every is not None or tags or untag:
        run_friend_tags(app, name, every=every, tags=tags, untag=untag)
    with store_for(app) as store:
        with store.transaction() as conn:
            found = friends.find(conn, name)
            changed = friends.edit(
                conn, found, name=new_name, email=email, phone=phone, tz=tz, city=city, note=note,
                given_name=given_name,
            )  # fmt: skip
        if freebusy is not None:
            from meetup.calendar.together import configure_source

            click.echo(terminal_safe(configure_source(app, store.conn, changed, freebusy)))
    click.echo(f"updated {terminal_safe(changed.name)}")


@friend.command("remove")
@click.argument("name", shell_complete=friend_names)
@click.pass_obj
def remove(app: App, name: str) -> None:
    """Remove a friend who has no invites."""
    from meetup import friends
    from meetup.invite.run import store_for

    with store_for(app) as store, store.transaction() as conn:
        found = friends.find(conn, name)
        friends.remove(conn, found)
    click.echo(f"removed {terminal_safe(found.name)}")


@friend.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_(app: App, file: Path) -> None:
    """Import friends from a .vcf file (Google, Apple, Outlook) or LinkedIn's Connections.csv;
    re-import updates."""
    from meetup import friends
    from meetup.invite.run import store_for

    if file.suffix.lower() == ".csv":
        from meetup.keepintouch.run import import_linkedin

        done = import_linkedin(app, file)
        click.echo(
            f"imported {file}: {len(done.added)} added, {len(done.updated)} updated, tagged linkedin; "
            f"{done.without_email} without an email address (their invites are printed for you to send)"
        )
        return

    with store_for(app) as store, store.transaction() as conn:
        result = friends.import_vcards(conn, file, app.progress)
    click.echo(f"imported {file}: {len(result.added)} added, {len(result.updated)} updated")


def _register_note() -> None:
    from meetup.cli.keep_cmd import note

    friend.add_command(note)


_register_note()

COMMANDS = [friend]
