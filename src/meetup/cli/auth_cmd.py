"""``meetup auth PROVIDER``: sign in to (or sign out of) a calendar account.

Providers that need a sign-in register a function under the entry-point group
``meetup.auth`` (``meetup-google`` registers ``google``). The core reaches it only through that
registry. The function is called with keyword arguments ``config_dir`` (where credentials go,
mode 0600), ``account``, ``client_secret`` (a path or None), ``no_browser``, ``revoke`` and
``echo`` (prints one line to the user), and raises :class:`~meetup.errors.MeetupError` on failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from meetup.app import App

AUTH_GROUP = "meetup.auth"


def load_authenticator(name: str) -> Any:
    """The sign-in function a provider registered under ``name``, imported only now."""
    from importlib.metadata import entry_points

    from meetup.errors import ProviderNotFound

    found = {ep.name: ep for ep in entry_points(group=AUTH_GROUP)}
    if name not in found:
        known = ", ".join(sorted(found)) or "none"
        raise ProviderNotFound(f"no sign-in for provider {name!r} (installed: {known})")
    return found[name].load()


@click.command("auth")
@click.argument("provider")
@click.option("--account", default="default", show_default=True, help="Account name used in the config.")
@click.option(
    "--client-secret",
    type=click.Path(dir_okay=False, path_type=Path),
    help="OAuth client secret file of your own (installed-app) client.",
)
@click.option("--no-browser", is_flag=True, help="Print the sign-in URL instead of opening a browser.")
@click.option("--revoke", is_flag=True, help="Revoke and remove the saved sign-in.")
@click.pass_obj
def auth(
    app: App, provider: str, account: str, client_secret: Path | None, no_browser: bool, revoke: bool
) -> None:
    """Sign in to a calendar account (e.g. `meetup auth google`), or --revoke it."""
    from meetup import paths

    authorize = load_authenticator(provider)
    authorize(
        config_dir=paths.config_dir(),
        account=account,
        client_secret=client_secret,
        no_browser=no_browser,
        revoke=revoke,
        echo=click.echo,
    )


COMMANDS = [auth]
