"""Benchmarks: one week of ``meetup slots`` on a generated 13-year calendar, as whole processes.

Compares meetup cold (empty cache), meetup warm (file unchanged since the last call) and the
straightforward pipeline (bench/naive_pipeline.py). Prints median wall-clock seconds of
several runs and the ratios. Usage: ``python bench/run.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
CALENDAR = HERE / "out" / "personal-13y.ics"
START, DAYS, ZONE, HOURS = (
    "2026-11-23",
    7,
    "Europe/Berlin",
    "mon-fri 12:00-13:00,18:00-22:00; sat,sun 10:00-22:00",
)


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    began = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - began, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not CALENDAR.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(CALENDAR)], check=True)
    size_mb = CALENDAR.stat().st_size / 1e6
    events = CALENDAR.read_text(encoding="utf-8").count("BEGIN:VEVENT")
    cache = Path(tempfile.mkdtemp(prefix="meetup-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "MEETUP_CONFIG"}
    env.update(MEETUP_CACHE_DIR=str(cache), MEETUP_CONFIG_DIR=str(cache / "config"))
    meetup = [sys.executable, "-m", "meetup", "slots", "--calendar", str(CALENDAR), "--from", START]
    meetup += ["--days", str(DAYS), "--tz", ZONE, "--hours", HOURS, "--json"]
    naive = [sys.executable, str(HERE / "naive_pipeline.py"), str(CALENDAR), START, str(DAYS), ZONE, HOURS]
    cold, warm, straight = [], [], []
    outputs = set()
    for _ in range(runs):
        shutil.rmtree(cache / "ics", ignore_errors=True)
        seconds, out = _timed(meetup, env)
        cold.append(seconds)
        outputs.add(json.dumps(json.loads(out)["windows"]))
        seconds, out = _timed(meetup, env)
        warm.append(seconds)
        outputs.add(json.dumps(json.loads(out)["windows"]))
        seconds, out = _timed(naive, env)
        straight.append(seconds)
        naive_windows = json.loads(out)["windows"]
    shutil.rmtree(cache, ignore_errors=True)

    def instants(windows: list[dict[str, str]]) -> list[tuple[datetime, datetime]]:
        return [(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"])) for w in windows]

    same = len(outputs) == 1 and instants(json.loads(outputs.pop())) == instants(naive_windows)
    n, c, w = (statistics.median(x) for x in (straight, cold, warm))
    print(f"calendar: {events} events, {size_mb:.1f} MB; one week; {runs} runs each; medians")
    print(f"{'variant':<34}{'seconds':>9}{'vs straightforward':>20}")
    print(f"{'straightforward pipeline':<34}{n:>9.2f}{1:>19.1f}x")
    print(f"{'meetup slots, cold (empty cache)':<34}{c:>9.2f}{n / c:>19.1f}x")
    print(f"{'meetup slots, warm (file unchanged)':<34}{w:>9.2f}{n / w:>19.1f}x")
    print(f"same windows as the straightforward pipeline: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
