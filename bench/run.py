"""Benchmarks: one week of ``meetup slots`` on a generated 13-year calendar, as whole processes.

Compares meetup cold (empty cache), warm (file unchanged since the last call) and changed
(one event added since the last call: a subscribed feed that moved on) with the
straightforward pipeline (bench/naive_pipeline.py), and measures the floor a warm run cannot
beat: Python start-up plus reading the cached digest. Bytecode is compiled first and written
by every run, as on a user's machine (PYTHONDONTWRITEBYTECODE is dropped). Prints median
wall-clock seconds of several runs and the ratios. Usage: ``python bench/run.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
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
ADDED = (
    "BEGIN:VEVENT\r\nUID:added-{n}@example.org\r\nDTSTAMP:20261120T120000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:202611{day:02d}T190000\r\nDTEND;TZID=Europe/Berlin:202611{day:02d}T200000\r\n"
    "SUMMARY:Added\r\nEND:VEVENT\r\n"
)


CPU: dict[str, list[float]] = {"warm": [], "floor": [], "libraries": []}


def _timed(cmd: list[str], env: dict[str, str], cpu: str = "") -> tuple[float, str]:
    """Wall-clock seconds and stdout; with ``cpu``, the process's user+system seconds are kept
    too (steadier than wall-clock on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu:
        CPU[cpu].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, proc.stdout


def _compile() -> None:
    """Bytecode for everything the runs import, as an installed meetup has it."""
    roots = {sysconfig.get_paths()["purelib"], str(HERE.parent / "src")}  # the stdlib ships compiled
    roots |= {str(p / "src") for p in (HERE.parent / "providers").iterdir() if (p / "src").is_dir()}
    for root in sorted(roots):
        compileall.compile_dir(root, quiet=2, workers=0)


def _with_event(original: str, n: int) -> str:
    """The calendar with one more event (a different one each time)."""
    cut = original.rindex("END:VCALENDAR")
    return original[:cut] + ADDED.format(n=n, day=23 + n % 7) + original[cut:]


def _read_when_warm(cache: Path) -> list[Path]:
    """The cache files a warm run reads: the digest and the months of expanded series."""
    found = []
    for path in (cache / "ics").glob("*.json"):
        with path.open("rb") as handle:
            head = handle.read(4096)
        if head.startswith(b'{"identity":"') or b'"fingerprint":' in head:  # not the fragments
            found.append(path)
    if len(found) != 2:
        raise SystemExit(f"expected a digest and an expansions file, found {found}")
    return found


def _outside_modules(cmd: list[str], env: dict[str, str]) -> list[str]:
    """Every module a warm run imports from outside meetup (the standard library, click,
    platformdirs...), in import order: what any program built on them pays before its own code."""
    err = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], env=env, capture_output=True, text=True, check=True
    ).stderr
    names = [line.rsplit("|", 1)[1].strip() for line in err.splitlines() if line.startswith("import time:")]
    names = [n for n in names if n != "package" and not n.startswith(("meetup", "__main__"))]
    return list(dict.fromkeys(names[1:]))  # the first line is the column header


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not CALENDAR.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(CALENDAR)], check=True)
    _compile()
    original = CALENDAR.read_text(encoding="utf-8")
    size_mb = CALENDAR.stat().st_size / 1e6
    events = original.count("BEGIN:VEVENT")
    cache = Path(tempfile.mkdtemp(prefix="meetup-bench-"))
    subscribed = cache / "subscribed.ics"  # the copy that changes between runs, with its own cache
    env = {k: v for k, v in os.environ.items() if k not in ("MEETUP_CONFIG", "PYTHONDONTWRITEBYTECODE")}
    env.update(MEETUP_CACHE_DIR=str(cache / "cold"), MEETUP_CONFIG_DIR=str(cache / "config"))
    env_changed = {**env, "MEETUP_CACHE_DIR": str(cache / "changed")}
    args = ["--from", START, "--days", str(DAYS), "--tz", ZONE, "--hours", HOURS, "--json"]
    meetup = [sys.executable, "-m", "meetup", "slots", "--calendar"]
    naive = [sys.executable, str(HERE / "naive_pipeline.py"), str(CALENDAR), START, str(DAYS), ZONE, HOURS]
    floor_code = "import json, sys\nfor name in sys.argv[1:]: json.loads(open(name, 'rb').read())"
    cold, warm, changed, floor, libraries, straight = [], [], [], [], [], []
    outside: list[str] = []
    outputs = set()
    for run in range(runs):
        shutil.rmtree(cache / "cold", ignore_errors=True)
        seconds, out = _timed([*meetup, str(CALENDAR), *args], env)
        cold.append(seconds)
        outputs.add(json.dumps(json.loads(out)["windows"]))
        read = [str(p) for p in _read_when_warm(cache / "cold")]
        if not outside:
            outside = _outside_modules([*meetup, str(CALENDAR), *args], env)
        libraries_code = (  # a name meetup's dependencies only tried (nt, _winapi) is not there either
            f"import importlib\nfor m in {outside!r}:\n try: importlib.import_module(m)\n"
            " except ImportError: pass\n" + floor_code
        )
        for _ in range(3):  # interleaved: the machine's load changes from second to second
            seconds, out = _timed([*meetup, str(CALENDAR), *args], env, cpu="warm")
            warm.append(seconds)
            outputs.add(json.dumps(json.loads(out)["windows"]))
            floor.append(_timed([sys.executable, "-c", floor_code, *read], env, cpu="floor")[0])
            libraries.append(_timed([sys.executable, "-c", libraries_code, *read], env, cpu="libraries")[0])
        if run == 0:  # the subscribed copy's first version, read once before the changes
            subscribed.write_text(_with_event(original, 0), encoding="utf-8")
            _timed([*meetup, str(subscribed), *args], env_changed)
        subscribed.write_text(_with_event(original, run + 1), encoding="utf-8")
        seconds, out = _timed([*meetup, str(subscribed), *args], env_changed)
        changed.append(seconds)
        seconds, out = _timed(naive, env)
        straight.append(seconds)
        naive_windows = json.loads(out)["windows"]
    shutil.rmtree(cache, ignore_errors=True)

    def instants(windows: list[dict[str, str]]) -> list[tuple[datetime, datetime]]:
        return [(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"])) for w in windows]

    same = len(outputs) == 1 and instants(json.loads(outputs.pop())) == instants(naive_windows)
    n, c, w, ch, f, lib = (statistics.median(x) for x in (straight, cold, warm, changed, floor, libraries))
    print(f"calendar: {events} events, {size_mb:.1f} MB; one week; {runs} runs each; medians")
    print(f"{'variant':<44}{'seconds':>9}{'vs straightforward':>20}")
    print(f"{'straightforward pipeline':<44}{n:>9.3f}{1:>19.1f}x")
    print(f"{'meetup slots, cold (empty cache)':<44}{c:>9.3f}{n / c:>19.1f}x")
    print(f"{'meetup slots, one event added since last run':<44}{ch:>9.3f}{n / ch:>19.1f}x")
    print(f"{'meetup slots, warm (file unchanged)':<44}{w:>9.3f}{n / w:>19.1f}x")
    print(f"{'floor: python start-up + reading the digest':<44}{f:>9.3f}{n / f:>19.1f}x")
    print(f"{'floor + the libraries meetup imports':<44}{lib:>9.3f}{n / lib:>19.1f}x")
    cpu_warm, cpu_floor, cpu_lib = (statistics.median(CPU[k]) for k in ("warm", "floor", "libraries"))
    print(f"warm is {w / f:.2f}x the floor (wall-clock); CPU {cpu_warm:.3f} s vs {cpu_floor:.3f} s:"
          f" {cpu_warm / cpu_floor:.2f}x")  # fmt: skip
    print(f"the {len(outside)} outside modules alone: {lib / f:.2f}x the floor (wall-clock), CPU {cpu_lib:.3f} s:"
          f" {cpu_lib / cpu_floor:.2f}x; meetup's own modules and work: CPU {cpu_warm - cpu_lib:.3f} s")  # fmt: skip
    bare = set(_outside_modules([sys.executable, "-c", "pass"], env))
    top = sorted({m.split(".")[0] for m in outside if m not in bare and not m.startswith("_")})
    print(f"beyond a bare start-up: {', '.join(top)}")
    print(f"same windows as the straightforward pipeline: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
