"""``[keep_in_touch]`` in the config. Pure: a mapping in, checked settings out.

[keep_in_touch]
invite = "ask"        # "auto": `meetup followup` invites due friends by itself
per_week = 2          # at most this many such invites per week (Monday to Sunday)
how_many = 3          # how many due friends `meetup status` shows
activity = "coffee"   # what automatic invites are for

[keep_in_touch.tags]
college = "8w"
family = "2w"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from meetup.errors import ConfigError, UsageError
from meetup.keepintouch.cadence import Cadence, parse_cadence


@dataclass(frozen=True)
class KeepInTouchSettings:
    invite: str = "ask"
    per_week: int = 2
    how_many: int = 3
    activity: str = "coffee"
    tags: Mapping[str, Cadence] = field(default_factory=dict)


def settings_from_section(section: Mapping[str, Any], origin: str) -> KeepInTouchSettings:
    invite = section.get("invite", "ask")
    if invite not in ("ask", "auto"):
        raise ConfigError(f'{origin}: [keep_in_touch] invite must be "ask" or "auto", got {invite!r}')
    numbers = {}
    for key, default in (("per_week", 2), ("how_many", 3)):
        value = section.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{origin}: [keep_in_touch] {key} must be a whole number >= 0, got {value!r}")
        numbers[key] = value
    raw_tags = section.get("tags", {})
    if not isinstance(raw_tags, Mapping):
        raise ConfigError(f'{origin}: [keep_in_touch.tags] must be a table like college = "8w"')
    tags = {}
    for tag, text in raw_tags.items():
        try:
            tags[str(tag).lower()] = parse_cadence(str(text), option=f"[keep_in_touch.tags] {tag} =")
        except UsageError as exc:
            raise ConfigError(f"{origin}: {exc}") from None
    activity = section.get("activity", "coffee")
    if not isinstance(activity, str) or not activity.strip():
        raise ConfigError(f'{origin}: [keep_in_touch] activity must be a word like "coffee"')
    return KeepInTouchSettings(invite=str(invite), tags=tags, activity=activity.strip(), **numbers)
