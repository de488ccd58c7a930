"""The environment a scheduled ``meetup inbox && meetup followup`` needs. cron and systemd start
jobs with an almost empty environment, so the variables that point meetup at its config and data
(``MEETUP_CONFIG``, ``MEETUP_DATA_DIR``, ...) go into the job itself, and the password variables
go into a private file (0600, never the crontab, which ``crontab -l`` shows) that the job reads."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from meetup import paths
from meetup.app import App
from meetup.errors import MeetupError

#: where meetup looks for things; kept as they are set now
LOCATION_VARIABLES = ("MEETUP_CONFIG", "MEETUP_CONFIG_DIR", "MEETUP_DATA_DIR", "MEETUP_CACHE_DIR")


@dataclass(frozen=True)
class JobEnvironment:
    #: NAME=value pairs (not secret) the job sets
    locations: dict[str, str] = field(default_factory=dict)
    #: NAME=value pairs of passwords, for the private file only
    secrets: dict[str, str] = field(default_factory=dict)
    env_file: Path | None = None

    def shell_prefix(self) -> str:
        """What goes before the command in a crontab line."""
        parts = [f"{name}={shlex.quote(value)}" for name, value in self.locations.items()]
        quoted = shlex.quote(str(self.env_file))
        source = f"set -a && . {quoted} && set +a && " if self.env_file and self.secrets else ""
        return source + (" ".join(parts) + " " if parts else "")


def password_variables(app: App) -> list[str]:
    """The variables meetup reads passwords from: [mail], [inbox] and every calendar's
    ``password_env`` (defaults included)."""
    names = ["MEETUP_SMTP_PASSWORD", "MEETUP_IMAP_PASSWORD"]
    try:
        config = app.config
        for section in ("mail", "inbox"):
            value = config.section(section).get("password_env")
            if isinstance(value, str):
                names.append(value)
        for calendar in config.calendars.values():
            value = calendar.options.get("password_env")
            if isinstance(value, str):
                names.append(value)
    except MeetupError:  # a broken config: the job will say so when it runs
        pass
    return list(dict.fromkeys(names))


def job_environment(app: App) -> JobEnvironment:
    locations = {name: str(Path(os.environ[name]).expanduser().resolve()) for name in LOCATION_VARIABLES
                 if os.environ.get(name)}  # fmt: skip
    if app.config_path is not None:
        locations["MEETUP_CONFIG"] = str(app.config_path.expanduser().resolve())
    secrets = {name: os.environ[name] for name in password_variables(app) if os.environ.get(name)}
    return JobEnvironment(locations, secrets, paths.config_dir() / "cron.env" if secrets else None)


def write_env_file(environment: JobEnvironment) -> Path | None:
    """The private file of password variables (0600, replaced atomically); None when none are set."""
    if environment.env_file is None or not environment.secrets:
        return None
    target = environment.env_file
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # NAME='value' lines: read by sh (with set -a) and by systemd's EnvironmentFile alike
    text = "".join(f"{name}={shlex.quote(value)}\n" for name, value in environment.secrets.items())
    temporary = target.with_name(target.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("# written by `meetup cron`: the passwords the scheduled meetup reads\n" + text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    return target


def job_program(line: str) -> str:
    """The program a meetup crontab line runs, past the schedule, the env file and the
    ``NAME=value`` settings (for ``meetup doctor``). ValueError/IndexError when unreadable."""
    tokens = shlex.split(line)[5:]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == ".":
            index += 2
        elif token in ("set", "-a", "+a", "&&") or _ASSIGNMENT.match(token):
            index += 1
        else:
            return token
    raise IndexError("no program in the line")


_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
