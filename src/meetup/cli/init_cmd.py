"""``meetup init`` (guided setup, every answer also a flag) and ``meetup doctor``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from meetup.app import App

T = TypeVar("T")


class PromptUI:
    """``InitSession``'s questions as click prompts; a flag's value is checked, not asked."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def ask(self, given: Any, text: str, default: Any, check: Callable[[str], T]) -> T:
        from meetup.errors import MeetupError

        def proc(value: str) -> T:
            try:
                return check(str(value))
            except MeetupError as exc:
                raise click.BadParameter(str(exc)) from None

        if given is not None:
            return proc(given)
        if not self.interactive:
            if default is None:
                raise click.UsageError(f"{text}: needed (give its flag, or run without --no-input)")
            return proc(default)
        result: T = click.prompt(text, default=default, value_proc=proc, show_default=default != "")
        return result

    def confirm(self, text: str, default: bool) -> bool:
        return click.confirm(text, default=default)

    def secret(self, text: str) -> str:
        return str(click.prompt(text, hide_input=True))

    def echo(self, text: str) -> None:
        click.echo(text)


def _options(func: Any) -> Any:
    specs = [
        click.option("--name", help="Your name: signs your messages."),
        click.option("--email", help="Your address: the From: of your messages."),
        click.option("--tz", metavar="ZONE", help="Your IANA zone (default: the system's)."),
        click.option("--hours", metavar="SPEC", help="When you are happy to meet (default offered)."),
        click.option(
            "--calendar",
            "sources",
            multiple=True,
            metavar="SRC",
            help="An .ics file or feed URL; repeatable.",
        ),
        click.option(
            "--caldav-url", metavar="URL", help="A CalDAV account (Nextcloud, iCloud, Fastmail...)."
        ),
        click.option("--caldav-user", metavar="USER", help="Its user name (default: your email)."),
        click.option(
            "--caldav-password-env", metavar="VAR", help="Read its password from $VAR instead of the keyring."
        ),
        click.option(
            "--google/--no-google",
            default=None,
            help="Read Google Calendar (sign in with `meetup auth google`).",
        ),
        click.option(
            "--send", type=click.Choice(["outbox", "email"]), help="outbox: files you send; email: SMTP."
        ),
        click.option("--smtp-host", metavar="HOST", help="Your SMTP server (default: smtp.<your domain>)."),
        click.option("--smtp-port", type=int, help="Default: 587 for starttls, 465 for ssl."),
        click.option(
            "--smtp-security", type=click.Choice(["starttls", "ssl", "plain"]), help="plain: loopback only."
        ),
        click.option("--smtp-user", metavar="USER", help="Default: your email."),
        click.option(
            "--smtp-password-env", metavar="VAR", help="Read the password from $VAR instead of the keyring."
        ),
        click.option("--imap-host", metavar="HOST", help="Where answers arrive ('none' to skip)."),
        click.option("--imap-port", type=int, help="Default: 993 for ssl, 143 otherwise."),
        click.option("--imap-user", metavar="USER", help="Default: the SMTP user name, else your email."),
        click.option(
            "--imap-security", type=click.Choice(["ssl", "starttls", "plain"]), help="plain: loopback only."
        ),
        click.option(
            "--imap-password-env", metavar="VAR", help="Read the password from $VAR instead of the keyring."
        ),
        click.option("--no-input", is_flag=True, help="Ask nothing: flags and defaults only (for scripts)."),
        click.option("--force", is_flag=True, help="Replace an existing config file."),
    ]
    for spec in reversed(specs):
        func = spec(func)
    return func


@click.command("init")
@_options
@click.pass_obj
def init(app: App, /, **flags: Any) -> None:
    """Set meetup up: who you are, when you meet, your calendars, how mail is sent.

    Every question is also a flag, so the setup can be scripted; passwords go to the OS keyring,
    never into the config file."""
    from meetup.setup.session import InitSession

    interactive = not flags["no_input"]
    target = config_target(app)
    steps = InitSession(app, flags, PromptUI(interactive), interactive).run(
        app.now(ZoneInfo("UTC")).date(), target
    )
    click.echo(f"\nWrote {target} (mode 0600). Next:")
    for step in steps:
        click.echo(f"  {step}")


@click.command("doctor")
@click.pass_obj
def doctor(app: App) -> None:
    """Check the setup: config, each calendar, mail servers (nothing is sent), file modes, cron."""
    from meetup.setup.doctor import run_doctor

    failed = 0
    for finding in run_doctor(app):
        mark = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}[finding.level]
        click.echo(f"{mark}  {finding.text}")
        failed += finding.level == "fail"
    if failed:
        raise SystemExit(1)


def config_target(app: App) -> Path:
    from meetup import paths

    return (app.config_path or paths.config_file()).expanduser()


COMMANDS = [init, doctor]
