"""`meetup invite --next` and the automatic keep-in-touch step of `meetup followup`, run as
overlapping processes on one database: never two invites for one friend, never over per_week."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from meetup.cli import main

SET_ON = "2026-09-01T09:00:00+02:00"
NOW = "2026-11-25T08:00:00+01:00"  # a Wednesday
# most overdue first: 2w on 14 (~5.0), 3w (~3.0), 4w (~2.1), 6w (~1.0), 8w (~0.5); Zoe is never due
FRIENDS = [
    ("Ana Silva", "2w"),
    ("Ben Okoye", "3w"),
    ("Cleo Park", "4w"),
    ("Dev Rao", "6w"),
    ("Eli Cohen", "8w"),
]


def _setup(tmp_path: Path, auto: bool) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        '[mail]\nfrom = "me@example.org"\nname = "Robin"\n[followup]\nvia = "outbox"\n'
        + ('[keep_in_touch]\ninvite = "auto"\nper_week = 2\nactivity = "coffee"\n' if auto else ""),
        encoding="utf-8",
    )
    env = {
        "MEETUP_CONFIG": str(config),
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    runner = CliRunner()
    for name, every in [*FRIENDS, ("Zoe Lin", None)]:
        email = f"{name.split()[0].lower()}@example.net"
        assert (
            runner.invoke(main, ["--now", SET_ON, "friend", "add", name, "--email", email], env=env).exit_code
            == 0
        )
        if every:
            result = runner.invoke(main, ["--now", SET_ON, "friend", "edit", name, "--every", every], env=env)
            assert result.exit_code == 0, result.output
    return env


def _processes(env: dict[str, str], now: str, args: list[str], count: int) -> list[tuple[int, str, str]]:
    import os

    full = {**os.environ, **env, "MEETUP_NOW": now}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "meetup", *args], env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(count)
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        done.append((proc.returncode, out.decode(), err.decode()))
    return done


def _invited(tmp_path: Path) -> list[str]:
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT f.name FROM invites i JOIN friends f ON f.id = i.friend_id ORDER BY i.id"
        )
    ]


def test_concurrent_cron_runs_invite_at_most_per_week_never_twice(tmp_path: Path) -> None:
    env = _setup(tmp_path, auto=True)
    runs = _processes(env, NOW, ["followup"], 6)
    assert all(code == 0 for code, _, _ in runs), [err for _, _, err in runs]
    invited = _invited(tmp_path)
    assert sorted(invited) == ["Ana Silva", "Ben Okoye"]  # the two most overdue, once each
    said = "".join(out for _, out, _ in runs)
    assert said.count("keep in touch: invited") == 2
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert conn.execute("SELECT week, source, slot FROM kit_starts ORDER BY slot").fetchall() == [
        ("2026-W48", "auto", 1),
        ("2026-W48", "auto", 2),
    ]
    outbox = list((tmp_path / "data" / "outbox" / "new").iterdir())
    assert len(outbox) == 2
    # the same week again: nothing more; next week: the next two (Ana and Ben still have open invites)
    assert _processes(env, "2026-11-29T20:00:00+01:00", ["followup"], 3)[0][0] == 0
    assert len(_invited(tmp_path)) == 2
    assert all(code == 0 for code, _, _ in _processes(env, "2026-12-01T08:00:00+01:00", ["followup"], 4))
    invited = _invited(tmp_path)
    assert Counter(invited) == Counter({"Ana Silva": 1, "Ben Okoye": 1, "Cleo Park": 1, "Dev Rao": 1})


def test_ask_mode_only_lists(tmp_path: Path) -> None:
    env = _setup(tmp_path, auto=False)
    (code, out, err), = _processes(env, NOW, ["followup"], 1)  # fmt: skip
    assert code == 0, err
    assert (
        "keep in touch: due: Ana Silva, Ben Okoye, Cleo Park, Dev Rao, Eli Cohen (meetup invite --next)"
        in out
    )
    assert _invited(tmp_path) == []


def test_concurrent_invite_next_picks_distinct_friends(tmp_path: Path) -> None:
    env = _setup(tmp_path, auto=False)
    runs = _processes(env, NOW, ["invite", "--next", "--via", "outbox"], 4)
    assert all(code == 0 for code, _, _ in runs), [err for _, _, err in runs]
    assert sorted(_invited(tmp_path)) == ["Ana Silva", "Ben Okoye", "Cleo Park", "Dev Rao"]
    # only Eli is left; two more at once: one gets Eli, the other is told nobody is due
    runs = _processes(env, NOW, ["invite", "--next", "--via", "outbox"], 2)
    assert sorted(code for code, _, _ in runs) == [0, 2]
    assert [err for code, _, err in runs if code == 2] == [
        "meetup: error: nobody is due without an open invite (see `meetup due --within 14d`)\n"
    ]
    assert Counter(_invited(tmp_path)) == Counter({n: 1 for n, _ in FRIENDS})
