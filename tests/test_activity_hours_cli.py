"""Activity hours through ``meetup invite``: a rule unless --any-time, fewer options told to the
user (never the friend), per-activity hours and length from the config, remembered by the invite."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main
from meetup.invite.request import StoredRequest

NOW = "2026-11-23T09:00:00+00:00"  # Monday, London


def _setup(tmp_path: Path, extra: str = "") -> dict[str, str]:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/London"\nhours = "mon-sun 08:00-22:00"\n[me]\nname = "Alex Weber"\n'
        f'email = "alex@example.org"\n{extra}'
    )
    env = {
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_NOW": NOW,
    }
    _run(env, "friend", "add", "Maria Garcia", "--email", "maria@example.org", "--tz", "America/New_York")
    return env


def _run(env: dict[str, str], *args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == code, (args, result.output, result.stderr)
    return result


def _starts(data: dict[str, Any]) -> list[time]:
    return [datetime.fromisoformat(o["start"]).time() for o in data["options"]]


def test_lunch_only_at_lunchtime_unless_any_time(tmp_path: Path) -> None:
    env = _setup(tmp_path)
    data = json.loads(_run(env, "invite", "maria", "--activity", "lunch", "--json").stdout)
    assert len(data["options"]) == 3 and data["notes"] == []
    assert all(time(11, 30) <= t <= time(13, 30) for t in _starts(data)), _starts(data)
    # in person: the place's clock (London), said as people say it for a friend in New York
    assert "UK time" in data["body"] and "Europe/" not in data["body"]
    evening = _run(
        env, "invite", "maria", "--activity", "lunch", "--hours", "mon-sun 17:00-22:00", "--again", code=1
    )
    assert evening.stderr == (
        "meetup: error: no free 60-minute slot for Maria Garcia inside lunch hours (11:30-14:30, Europe/London) "
        "between Mon 23 Nov 09:00 and Mon 30 Nov 09:00; try a longer period (--days 14) or wider --hours, "
        "or --any-time\n"
    )
    anyway = json.loads(
        _run(
            env, "invite", "maria", "--activity", "lunch", "--hours", "mon-sun 17:00-22:00", "--any-time",
            "--json", "--again",
        ).stdout
    )  # fmt: skip
    assert len(anyway["options"]) == 3 and all(t >= time(17) for t in _starts(anyway))


def test_fewer_options_are_offered_and_the_user_is_told_why(tmp_path: Path) -> None:
    env = _setup(tmp_path)
    # lunch hours on one weekday only, within two days: one lunch fits
    result = _run(
        env, "invite", "maria", "--activity", "lunch", "--hours", "tue 12:00-13:00", "--days", "2", "--json"
    )
    data = json.loads(result.stdout)
    assert len(data["options"]) == 1
    note = (
        "only 1 of 3 options for Maria Garcia fit inside lunch hours (11:30-14:30, Europe/London) between "
        "Mon 23 Nov 09:00 and Wed 25 Nov 09:00; offering 1 (try a longer period (--days 14) or wider --hours, "
        "or --any-time)"
    )
    assert data["notes"] == [note]
    assert (
        result.stderr == f"meetup: warning: {note}\n" and "only" not in data["body"]
    )  # the user's, not the friend's
    assert "1. Tue 24 Nov, 12:00-13:00" in data["body"]
    assert "these" not in data["body"].split("\n\n")[2].lower()  # one option: singular wording


def test_activity_hours_and_length_from_the_config_are_remembered(tmp_path: Path) -> None:
    env = _setup(tmp_path, '[activities."board games"]\nhours = "14:00-18:00"\nduration = 150\n')
    data = json.loads(_run(env, "invite", "maria", "--activity", "board games", "--json").stdout)
    for option in data["options"]:
        start, end = datetime.fromisoformat(option["start"]), datetime.fromisoformat(option["end"])
        assert (end - start).total_seconds() == 150 * 60
        assert time(14) <= start.time() and end.time() <= time(18)
    assert "board games" in data["body"]
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    (text,) = conn.execute("SELECT request FROM invites WHERE id = ?", (data["invite"],)).fetchone()
    request = StoredRequest.from_json(text)
    assert (request.activity, request.duration_min, request.activity_hours) == (
        "board games",
        150,
        "14:00-18:00",
    )
    assert (request.zone, request.hours, request.any_time) == ("Europe/London", "mon-sun 08:00-22:00", False)


def test_a_bad_activity_table_is_one_clear_line(tmp_path: Path) -> None:
    env = _setup(tmp_path, '[activities.lunch]\nhours = "noon till two"\n')
    result = _run(env, "invite", "maria", "--activity", "lunch", code=1)  # a config error
    assert result.stderr == (
        "meetup: error: [activities.lunch]: hours 'noon till two' should look like 11:30-14:30 (or 'any')\n"
    )
    assert "Traceback" not in result.output


def test_the_first_name_to_greet_is_kept_and_used(tmp_path: Path) -> None:
    env = _setup(tmp_path)
    _run(env, "friend", "add", "Prof. Hans Meier", "--email", "hans@example.de")
    _run(env, "friend", "edit", "maria", "--first-name", "Mia")
    assert _run(env, "friend", "show", "maria").output.splitlines()[:2] == [
        "name:  Maria Garcia",
        "first name: Mia",
    ]
    mia = json.loads(_run(env, "invite", "maria", "--json").stdout)["body"].splitlines()[0]
    hans = json.loads(_run(env, "invite", "prof", "--json").stdout)["body"].splitlines()[0]
    assert re.fullmatch(r"(Hi|Hey|Hello|Hey there) Mia[,!]", mia), mia
    assert re.fullmatch(r"(Hi|Hey|Hello|Hey there) Hans[,!]", hans), hans  # no title
