"""``meetup group``: decide a group invite yourself."""

from __future__ import annotations

import click

from meetup.app import App
from meetup.safety import terminal_safe


@click.group("group")
def group() -> None:
    """Group invites (made with `meetup invite ana ben cleo`)."""


@group.command("confirm")
@click.argument("group_id", type=int, metavar="GROUP")
@click.option(
    "--option", type=int, help="The option to confirm (default: the one proposed in `meetup status`)."
)
@click.pass_obj
def confirm(app: App, group_id: int, option: int | None) -> None:
    """Confirm GROUP's time: the event and the invitation go to everyone, a kind note to who can't."""
    from meetup.group.replies import confirm_by_user

    outcome = confirm_by_user(app, group_id, option)
    click.echo(terminal_safe(f"group {outcome.group}: confirmed {outcome.detail}"))


COMMANDS = [group]
