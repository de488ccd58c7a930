"""Keep in touch at scale: ``meetup due --json`` and ``meetup friend show`` as whole processes on
databases generated directly with 200 / 2,000 / 10,000 friends, each with a cadence or a tag,
ten recorded interactions and two accepted (past) meetings on average, plus a LinkedIn import of
the same number of rows.

Usage: ``python bench/keepintouch_bench.py [--runs N] [--friends 200,2000,10000]``.
Prints median wall-clock seconds per command and size.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

NOW = "2026-11-28T10:00:00+01:00"


def _generate(data: Path, friends: int, seed: int = 13) -> None:
    from meetup.store import open_store

    rng = random.Random(seed)
    with open_store(data / "meetup.db") as store, store.transaction() as conn:
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for n in range(1, friends + 1):
            conn.execute(
                "INSERT INTO friends (id, name, email, created_at) VALUES (?, ?, ?, ?)",
                (n, f"Friend {n:05d}", f"f{n}@example.org", start.isoformat()),
            )
            if n % 3:
                every = rng.choice(["2w", "6w", "3m", "10d"])
                conn.execute(
                    "INSERT INTO friend_cadences (friend_id, every, set_at) VALUES (?, ?, ?)",
                    (n, every, start.isoformat()),
                )
            else:
                conn.execute(
                    "INSERT INTO friend_tags (friend_id, tag, tagged_at) VALUES (?, 'college', ?)",
                    (n, start.isoformat()),
                )
            for _ in range(rng.randint(5, 15)):
                on = date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000))
                conn.execute(
                    "INSERT INTO interactions (friend_id, on_date, how, note, recorded_at) VALUES (?, ?, 'call', NULL, ?)",
                    (n, on.isoformat(), start.isoformat()),
                )
            for _ in range(rng.randint(1, 3)):
                when = start + timedelta(days=rng.randint(0, 1000), hours=rng.randint(9, 20))
                invite = conn.execute(
                    "INSERT INTO invites (friend_id, activity, duration_min, state, created_at) "
                    "VALUES (?, 'coffee', 45, 'accepted', ?)",
                    (n, when.isoformat()),
                ).lastrowid
                conn.execute(
                    "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, 1, ?, ?, 'chosen')",
                    (invite, when.isoformat(), (when + timedelta(minutes=45)).isoformat()),
                )


def _csv(path: Path, rows: int) -> None:
    lines = [
        'Notes:\n"Some emails are missing."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On'
    ]
    for n in range(rows):
        email = f"c{n}@example.net" if n % 4 == 0 else ""
        lines.append(
            f'Con{n},Nect,https://www.linkedin.com/in/c{n},{email},"Acme, Inc.",Engineer,15 Mar 2024'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _timed(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "meetup", "--now", NOW, *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--friends", default="200,2000,10000")
    options = parser.parse_args()
    print(
        "| friends | `meetup due --json` | `meetup friend show` | `friend import` (same number of CSV rows) |"
    )
    print("| ---: | ---: | ---: | ---: |")
    for count in (int(x) for x in options.friends.split(",")):
        work = Path(tempfile.mkdtemp(prefix="meetup-kit-bench-"))
        config = work / "config.toml"
        config.write_text(
            'timezone = "Europe/Berlin"\n[keep_in_touch.tags]\ncollege = "8w"\n', encoding="utf-8"
        )
        env = {**os.environ, "MEETUP_CONFIG": str(config), "MEETUP_DATA_DIR": str(work / "data"),
               "MEETUP_CACHE_DIR": str(work / "cache")}  # fmt: skip
        _generate(work / "data", count)
        due = statistics.median(_timed(["due", "--json"], env) for _ in range(options.runs))
        show = statistics.median(
            _timed(["friend", "show", f"Friend {count // 2:05d}"], env) for _ in range(options.runs)
        )
        _csv(work / "Connections.csv", count)
        imports = []
        for _ in range(options.runs):
            shutil.copy(work / "data" / "meetup.db", work / "fresh.db")
            imports.append(_timed(["friend", "import", str(work / "Connections.csv")], env))
            shutil.copy(work / "fresh.db", work / "data" / "meetup.db")
            for suffix in ("-wal", "-shm"):
                (work / "data" / f"meetup.db{suffix}").unlink(missing_ok=True)
        print(f"| {count:,} | {due:.3f} s | {show:.3f} s | {statistics.median(imports):.3f} s |")
        with sqlite3.connect(work / "data" / "meetup.db") as conn:
            assert conn.execute("SELECT COUNT(*) FROM friends").fetchone()[0] == count
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
