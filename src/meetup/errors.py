"""The one exception root. Only the CLI turns these into messages and exit codes."""

from __future__ import annotations


class MeetupError(Exception):
    """Anything meetup can explain to the user in one line."""

    exit_code = 1


class UsageError(MeetupError):
    """A bad option or argument value (exit code 2, like click's own usage errors)."""

    exit_code = 2


class ConfigError(MeetupError):
    """The config file is missing a value, has a wrong type or cannot be parsed."""


class TimeZoneError(UsageError):
    """An unknown or malformed time zone name."""


class HoursSpecError(UsageError):
    """A malformed availability-hours specification."""


class ProviderError(MeetupError):
    """A calendar source could not be read or written (missing file, server error...)."""


class ProviderNotFound(ProviderError):
    """No installed distribution registers the requested provider."""


class NotWritable(ProviderError):
    """The calendar cannot store events (a read-only file or feed)."""


class NoFreeTime(MeetupError):
    """Nothing free in the requested period."""
