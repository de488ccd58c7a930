"""``meetup campaign``: invite down a list of friends until someone says yes."""

from __future__ import annotations

import click

from meetup.app import App
from meetup.safety import terminal_safe


@click.group("campaign")
def campaign() -> None:
    """Keep inviting friends from a list, K at a time, until someone says yes."""


@campaign.command("start")
@click.argument("title")
@click.option("--friends", required=True, help="Comma-separated friends, in the order to ask them.")
@click.option("--parallel", default=1, show_default=True, help="How many invites are open at once.")
@click.option(
    "--activity", default="coffee", show_default=True, help="coffee, lunch, drinks, walk, call, ..."
)
@click.option("--duration", type=int, help="Minutes (default: the activity's own length).")
@click.pass_obj
def start(app: App, title: str, friends: str, parallel: int, activity: str, duration: int | None) -> None:
    """Start a campaign and send the first invite(s)."""
    from meetup.followup.run import run_campaign_start
    from meetup.invite.wording import plural

    names = [name.strip() for name in friends.split(",") if name.strip()]
    if not names:
        raise click.UsageError("--friends needs at least one name")
    from meetup.followup.run import guarded

    started = guarded(
        app,
        lambda: run_campaign_start(
            app, title=title, friends=names, parallel=parallel, activity=activity, duration=duration
        ),
    )
    if started is None:
        return
    campaign_id, moved, report = started
    invited = (
        ", ".join(moved.invited) or "nobody yet (no free time found; the next `meetup followup` retries)"
    )
    click.echo(
        terminal_safe(
            f"campaign {campaign_id} started; invited {invited}; {len(report.sent)} "
            f"{plural(len(report.sent), 'mail', 'mails')} sent"
        )
    )


@campaign.command("list")
@click.pass_obj
def list_(app: App) -> None:
    """All campaigns and how far they got."""
    from meetup.followup.run import guarded, run_campaign_views

    views = guarded(app, lambda: run_campaign_views(app))
    if views is None:
        return
    if not views:
        click.echo("No campaigns.")
    for view in views:
        asked = sum(1 for _, _, status in view.members if status != "waiting")
        click.echo(f"{view.id}  {terminal_safe(view.title)}  {view.state}  asked {asked}/{len(view.members)}")


@campaign.command("show")
@click.argument("campaign_id", type=int)
@click.pass_obj
def show(app: App, campaign_id: int) -> None:
    """One campaign: every friend on the list and where they stand."""
    from meetup.followup.run import guarded, run_campaign_views

    views = guarded(app, lambda: run_campaign_views(app, campaign_id))
    if views is None:
        return
    (view,) = views
    click.echo(f"campaign {view.id}: {terminal_safe(view.title)} ({view.state}, {view.parallel} at a time)")
    for position, name, status in view.members:
        click.echo(f"  {position}. {terminal_safe(name)}: {status}")


@campaign.command("stop")
@click.argument("campaign_id", type=int)
@click.pass_obj
def stop(app: App, campaign_id: int) -> None:
    """Stop inviting more friends; open invites stay open."""
    from meetup.followup.run import guarded, run_campaign_stop

    if guarded(app, lambda: run_campaign_stop(app, campaign_id)) is None:
        return
    click.echo(f"campaign {campaign_id} stopped")


COMMANDS = [campaign]
