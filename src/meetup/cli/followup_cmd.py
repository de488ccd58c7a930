"""``meetup followup``: the cron job that nudges unanswered invites, exactly once."""

from __future__ import annotations

import click

from meetup.app import App
from meetup.safety import terminal_safe


@click.command("followup")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; change nothing.")
@click.pass_obj
def followup(app: App, dry_run: bool) -> None:
    """Nudge open invites past their schedule with fresh options; give up after the last nudge.

    Safe from cron and concurrently: each nudge is created and sent exactly once."""
    from meetup.followup.run import guarded, run_followup

    result = guarded(app, lambda: run_followup(app, dry_run=dry_run, echo=click.echo))
    if result is None:
        return
    zone = app.zone()
    if dry_run:
        if not result.planned and not result.again:
            click.echo("Nothing is due.")
        for item in result.planned:
            invite = item.invite
            if item.step.kind == "gave_up":
                click.echo(
                    f"invite {invite.id} ({terminal_safe(invite.friend_name)}): would give up (no answer)"
                )
                continue
            if item.skipped:
                click.echo(
                    f"invite {invite.id} ({terminal_safe(invite.friend_name)}): nudge {item.step.attempt} waits: {item.skipped}"
                )
                continue
            if item.remind:
                click.echo(
                    f"invite {invite.id} ({terminal_safe(invite.friend_name)}): would remind you to nudge them yourself"
                )
                continue
            times = (
                ", ".join(f"{o.start.astimezone(zone):%a %d %b %H:%M}" for o in item.options)
                or "no free time"
            )
            click.echo(
                f"invite {invite.id} ({terminal_safe(invite.friend_name)}): nudge {item.step.attempt} with {times}"
            )
            for line in (item.body or "").splitlines():
                click.echo(f"    {terminal_safe(line)}")
        for name, _ in result.again:
            click.echo(f"{terminal_safe(name)}: would be invited again (they asked to be asked by now)")
        return
    for item in result.planned:
        if item.skipped:
            click.echo(
                f"invite {item.invite.id} ({terminal_safe(item.invite.friend_name)}): nudge waits: {item.skipped}"
            )
    for item in result.created:
        what = "gave up" if item.step.kind == "gave_up" else f"nudge {item.step.attempt} queued"
        if item.remind:
            what = "no answer yet and no email address: nudge them yourself (their invite was sent by hand)"
        click.echo(f"invite {item.invite.id} ({terminal_safe(item.invite.friend_name)}): {what}")
    for name, invite_id in result.again:
        click.echo(f"invited {terminal_safe(name)} again, as they asked (invite {invite_id})")
    if result.kept is not None:
        for name, invite_id in result.kept.invited:
            click.echo(f"keep in touch: invited {terminal_safe(name)} (invite {invite_id})")
        if result.kept.mode == "ask" and result.kept.listed:
            names = ", ".join(d.friend for d in result.kept.listed[:5])
            click.echo(f"keep in touch: due: {terminal_safe(names)} (meetup invite --next)")
    for line in result.groups:
        click.echo(terminal_safe(line))
    if result.report is not None:
        report = result.report
        click.echo(
            f"sent {len(report.sent)}, already sent before a crash {len(report.recovered)}, failed {len(report.failed)}"
        )
        for message_id, error in report.failed:
            click.echo(
                f"meetup: warning: {message_id} not sent: {error} (kept; the next run retries)", err=True
            )


COMMANDS = [followup]
