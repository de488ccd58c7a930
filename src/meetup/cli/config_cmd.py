"""``meetup config``: the effective configuration and where it came from."""

from __future__ import annotations

import click

from meetup.app import App
from meetup.safety import redact_url


@click.command("config")
@click.pass_obj
def config(app: App) -> None:
    """Show the effective config, where each part came from, and meetup's directories."""
    from meetup import paths
    from meetup.calendar.providers import available_providers
    from meetup.calendar.zones import system_zone_name

    cfg = app.config
    click.echo(f"config file:  {cfg.origin}")
    zone_origin = "config" if cfg.timezone else "system"
    click.echo(f"timezone:     {cfg.timezone or system_zone_name()}  ({zone_origin})")
    click.echo(f"hours:        {cfg.hours}  ({'config' if 'hours' in cfg.raw else 'default'})")
    click.echo(f"data dir:     {app.data_dir}")
    click.echo(f"cache dir:    {paths.cache_dir()}")
    click.echo(f"providers:    {', '.join(sorted(available_providers())) or 'none installed'}")
    if not cfg.calendars:
        click.echo("calendars:    none (add [calendars.NAME] tables, or use --calendar PATH)")
    for name, calendar in cfg.calendars.items():
        shown = {
            k: v for k, v in calendar.options.items() if "password" not in k.lower() or k.endswith("_env")
        }
        details = ", ".join(
            f"{k}={redact_url(v) if isinstance(v, str) and '://' in v else v}" for k, v in shown.items()
        )
        click.echo(f"calendar:     {name}  [{calendar.provider}]  {details}")


COMMANDS = [config]
