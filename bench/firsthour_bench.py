"""Benchmarks for the first hour: what the week grid and the progress bars cost.

* importing rich (only ever done to draw on a terminal), in a fresh interpreter each time;
* ``meetup slots`` and ``meetup slots --week`` (plain, into a pipe) on the example calendar;
* digesting a generated 30,000-event ``.ics`` file with no progress callback, and with the
  terminal bars drawing into a pseudo-terminal (a bar is shown: the parse takes > 0.4 s).

Prints medians of several runs. Usage: ``python bench/firsthour_bench.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_process(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall-clock seconds of ``cmd`` as a whole process."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _big_calendar(events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for n in range(events):
        day, month, hour = 1 + n % 28, 1 + (n // 28) % 12, 6 + n % 14
        stamp = f"2026{month:02d}{day:02d}T{hour:02d}"
        lines += ["BEGIN:VEVENT", f"UID:e{n}", "DTSTAMP:20260101T000000Z", f"DTSTART:{stamp}0000Z"]
        lines += [f"DTEND:{stamp}3000Z", "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    env = {**os.environ}

    probe = (
        "import time, click, meetup.app; began = time.perf_counter(); "
        "import rich.console, rich.text, rich.progress; print(time.perf_counter() - began)"
    )
    imports = [
        float(
            subprocess.run([python, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
        )
        for _ in range(args.runs)
    ]
    print(
        f"import rich (console, text, progress), fresh interpreter: {1000 * statistics.median(imports):.0f} ms"
    )

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **env,
            "MEETUP_CONFIG": str(ROOT / "examples" / "meetup.toml"),
            "MEETUP_DATA_DIR": f"{tmp}/data",
            "MEETUP_CACHE_DIR": f"{tmp}/cache",
            "MEETUP_NOW": "2026-11-23T09:00:00+01:00",
        }
        meetup = [python, "-m", "meetup"]
        subprocess.run([*meetup, "slots"], env=env, capture_output=True, check=True)  # warm the cache
        lines = _median_process([*meetup, "slots"], args.runs, env)
        grid = _median_process([*meetup, "slots", "--week"], args.runs, env)
        print(f"meetup slots: {lines:.3f} s   meetup slots --week (plain): {grid:.3f} s")

    from meetup_ics.digest import build_digest

    from meetup.cli.progress import TerminalProgress

    data = _big_calendar(30_000)
    quiet, shown = [], []
    for _ in range(args.runs):
        began = time.perf_counter()
        build_digest(data, source="bench", warn=lambda _m: None)
        quiet.append(time.perf_counter() - began)
        bars = TerminalProgress(_Terminal())
        began = time.perf_counter()
        build_digest(data, source="bench", warn=lambda _m: None, progress=partial(bars, "bench"))
        shown.append(time.perf_counter() - began)
        bars.close()
    print(
        f"digest of 30,000 events (median / best of {args.runs}, interleaved): "
        f"{statistics.median(quiet):.2f} / {min(quiet):.2f} s without progress, "
        f"{statistics.median(shown):.2f} / {min(shown):.2f} s with a bar drawn"
    )


if __name__ == "__main__":
    main()
