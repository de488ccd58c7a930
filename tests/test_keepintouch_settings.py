"""``[keep_in_touch]`` read from the config: the settings a user gets, and the one line a mistake gives. Pure."""

from __future__ import annotations

from typing import Any

import pytest

from meetup.errors import ConfigError
from meetup.keepintouch.cadence import Cadence
from meetup.keepintouch.settings import KeepInTouchSettings, settings_from_section


def test_no_section_gives_the_documented_defaults() -> None:
    assert settings_from_section({}, "config.toml") == KeepInTouchSettings(
        invite="ask", per_week=2, how_many=3, activity="coffee", tags={}
    )


def test_every_setting_is_read() -> None:
    section = {
        "invite": "auto",
        "per_week": 0,
        "how_many": 7,
        "activity": "  a walk ",
        "tags": {"College": "8w", "family": "2 weeks", "BOOK CLUB": "1m"},
    }
    assert settings_from_section(section, "config.toml") == KeepInTouchSettings(
        invite="auto",
        per_week=0,
        how_many=7,
        activity="a walk",
        tags={"college": Cadence(8, "w"), "family": Cadence(2, "w"), "book club": Cadence(1, "m")},
    )


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"invite": "sometimes"}, '[keep_in_touch] invite must be "ask" or "auto", got \'sometimes\''),
        ({"invite": "Auto"}, '[keep_in_touch] invite must be "ask" or "auto", got \'Auto\''),
        ({"per_week": -1}, "[keep_in_touch] per_week must be a whole number >= 0, got -1"),
        ({"per_week": "2"}, "[keep_in_touch] per_week must be a whole number >= 0, got '2'"),
        ({"per_week": 1.5}, "[keep_in_touch] per_week must be a whole number >= 0, got 1.5"),
        ({"per_week": True}, "[keep_in_touch] per_week must be a whole number >= 0, got True"),
        ({"how_many": -3}, "[keep_in_touch] how_many must be a whole number >= 0, got -3"),
        ({"how_many": False}, "[keep_in_touch] how_many must be a whole number >= 0, got False"),
        ({"tags": "college=8w"}, '[keep_in_touch.tags] must be a table like college = "8w"'),
        ({"tags": ["8w"]}, '[keep_in_touch.tags] must be a table like college = "8w"'),
        (
            {"tags": {"family": "2w", "College": "often"}},
            "[keep_in_touch.tags] College = 'often': use a number and d, w or m (days, weeks, months), "
            "like 10d, 6w or 3m",
        ),
        ({"tags": {"family": 14}}, "[keep_in_touch.tags] family = '14': use a number and d, w or m"
         " (days, weeks, months), like 10d, 6w or 3m"),
        ({"activity": "   "}, '[keep_in_touch] activity must be a word like "coffee"'),
        ({"activity": ""}, '[keep_in_touch] activity must be a word like "coffee"'),
        ({"activity": 3}, '[keep_in_touch] activity must be a word like "coffee"'),
    ],
)  # fmt: skip
def test_a_mistake_is_one_config_error_naming_the_file_and_the_key(
    section: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_section(section, "/home/robin/.config/meetup/config.toml")
    assert str(caught.value) == f"/home/robin/.config/meetup/config.toml: {message}"
