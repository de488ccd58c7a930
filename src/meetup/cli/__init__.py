"""The ``meetup`` command line: thin click commands that parse, call one controller, render.

Only this layer turns :class:`~meetup.errors.MeetupError` into a message and an exit code.
Command modules import their controllers inside the command body, so ``meetup --help``
stays fast and never imports a provider's heavy libraries.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from meetup.app import App
from meetup.errors import MeetupError


class MeetupGroup(click.Group):
    """Turns MeetupError into one line on stderr and the error's exit code, never a traceback.
    Database and file-system faults that escape a controller (disk full, a damaged page) get
    the same treatment, naming the file. Everything a command writes is private (umask 077).
    Commands are imported when first asked for (click's lazy subcommands pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name) or _load(cmd_name)
        if command is not None:
            self.commands.setdefault(cmd_name, command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        previous = os.umask(0o077)
        try:
            return super().invoke(ctx)
        except MeetupError as exc:
            _fail(str(exc), exc.exit_code)
        except OSError as exc:
            where = exc.filename or "a file meetup writes"
            _fail(f"{where}: {exc.strerror or exc}", 1)
        except OverflowError:
            _fail("a number given is out of range", 2)
        except KeyboardInterrupt:
            click.echo("meetup: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            # a database fault can only come from a command that imported sqlite3; --help never does
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            _fail(f"database {_db_path(ctx)}: {exc}{_db_hint(exc)}", 1)
        finally:
            os.umask(previous)


def _fail(message: str, code: int) -> None:
    """One line, secrets in URLs redacted, no escape sequences."""
    from meetup.safety import redact_text, terminal_safe

    click.echo(f"meetup: error: {terminal_safe(redact_text(message))}", err=True)
    sys.exit(code)


def _db_path(ctx: click.Context) -> str:
    try:
        app = ctx.obj if isinstance(ctx.obj, App) else None
        return str(app.data_dir / "meetup.db") if app else "meetup.db"
    except MeetupError:
        return "meetup.db"


def _db_hint(exc: Exception) -> str:
    text = str(exc).lower()
    if "full" in text:
        return " (free some disk space; nothing was changed)"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return " (the file is damaged: restore it from a backup)"
    return ""


@click.group(cls=MeetupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="meetup", prog_name="meetup")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: $MEETUP_CONFIG, else the platform config dir's config.toml).",
)
@click.option(
    "--now",
    "now_text",
    metavar="WHEN",
    envvar="MEETUP_NOW",
    help="Pretend it is WHEN (ISO 8601) instead of reading the clock; for replays and tests.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars (they only ever show on a terminal).")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, now_text: str | None, quiet: bool) -> None:
    """meetup: turn "we should hang out" into a meeting that actually happens."""
    from meetup.cli.progress import progress_for

    progress = progress_for(quiet=quiet)
    ctx.obj = App(config_path=config_path, now_text=now_text, progress=progress)
    ctx.call_on_close(getattr(progress, "close", lambda: None))


#: Every command and the module under :mod:`meetup.cli` that defines it. ``meetup slots`` imports
#: only slots_cmd: a warm run from cron pays for one command module, not for all twelve
#: (tests/test_cli_lazy.py checks this table against each module's ``COMMANDS``).
COMMAND_MODULES: dict[str, str] = {
    "init": "init_cmd",
    "doctor": "init_cmd",
    "slots": "slots_cmd",
    "config": "config_cmd",
    "calendars": "calendars_cmd",
    "friend": "friend_cmd",
    "invite": "invite_cmd",
    "ics": "invite_cmd",
    "group": "group_cmd",
    "followup": "followup_cmd",
    "inbox": "replies_cmd",
    "reply": "replies_cmd",
    "status": "replies_cmd",
    "cron": "replies_cmd",
    "campaign": "campaign_cmd",
    "due": "keep_cmd",
    "met": "keep_cmd",
    "week": "keep_cmd",
    "auth": "auth_cmd",
}


def _load(name: str) -> click.Command | None:
    """The command called ``name``, importing its module on first use."""
    module_name = COMMAND_MODULES.get(name)
    if module_name is None:
        return None
    module = import_module(f"meetup.cli.{module_name}")
    return next((c for c in module.COMMANDS if c.name == name), None)
