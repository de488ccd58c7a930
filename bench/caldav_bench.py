"""CalDAV benchmark: ``meetup slots`` over a real Radicale account holding 5,000 events.

Starts Radicale on a free loopback port (own storage, htpasswd auth), uploads 5,000 events
(4,900 one-off events over a year in two zones, 100 weekly series) with one collection PUT,
then times ``meetup slots --json`` as whole processes: the first run (empty cache: discovery,
full sync, parsing), repeats over the unchanged calendar (one PROPFIND), and a run after one
event changed on the server (incremental sync-collection). Prints medians and the ratio.
Usage: ``python bench/caldav_bench.py [--runs N] [--events N]``.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW, DAYS, ZONE = "2026-06-15T09:00", 14, "Europe/Berlin"
USER, PASSWORD = "bench", "bench-pw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(base: str, method: str, path: str, body: str = "", ctype: str = "text/calendar") -> int:
    req = urllib.request.Request(base + path, data=body.encode() or None, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    req.add_header("Content-Type", ctype)
    with urllib.request.urlopen(req, timeout=600) as reply:
        return int(reply.status)


def event(uid: str, start: datetime, minutes: int, extra: str = "") -> str:
    end = start + timedelta(minutes=minutes)
    fmt = "%Y%m%dT%H%M%SZ"
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start.strftime(fmt)}\r\n"
        f"DTEND:{end.strftime(fmt)}\r\nSUMMARY:Event {uid}\r\n{extra}END:VEVENT\r\n"
    )


def calendar_text(count: int) -> str:
    rng = random.Random(5)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetup bench//EN\r\n"]
    series = min(100, count // 50)
    for i in range(count - series):
        start = base + timedelta(
            days=rng.randrange(365), hours=rng.randrange(7, 21), minutes=rng.choice((0, 30))
        )
        extra = "TRANSP:TRANSPARENT\r\n" if i % 37 == 0 else ""
        parts.append(event(f"one-{i}", start, rng.choice((30, 60, 90, 120)), extra))
    for i in range(series):
        start = base + timedelta(days=rng.randrange(60), hours=rng.randrange(7, 21))
        parts.append(event(f"series-{i}", start, 60, "RRULE:FREQ=WEEKLY;COUNT=40\r\n"))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    began = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    if proc.returncode != 0:
        sys.exit(f"meetup failed: {proc.stderr}")
    return elapsed, proc.stdout


def in_process(base: str, root: Path, runs: int) -> tuple[float, float]:
    """The provider alone (no interpreter start-up, no imports): first busy() vs a repeat."""
    from zoneinfo import ZoneInfo

    from meetup_caldav import create

    from meetup.calendar.intervals import Interval
    from meetup.calendar.providers import CalendarConfig, ProviderContext

    zone = ZoneInfo(ZONE)
    start = datetime.fromisoformat(NOW).replace(tzinfo=zone)
    period = Interval(start, start + timedelta(days=DAYS))
    os.environ["BENCH_CALDAV_PW"] = PASSWORD
    options = {"url": base + "/", "username": USER, "password_env": "BENCH_CALDAV_PW"}
    firsts, repeats = [], []
    for run in range(runs):
        cache = root / f"inproc-{run}"
        context = ProviderContext(cache, cache, lambda _m: None, zone)
        account = create(CalendarConfig("bench", "caldav", options), context)
        began = time.perf_counter()
        account.busy(period)
        firsts.append(time.perf_counter() - began)
        for _ in range(3):
            began = time.perf_counter()
            account.busy(period)
            repeats.append(time.perf_counter() - began)
    return statistics.median(firsts), statistics.median(repeats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="meetup-caldav-bench-"))
    port = free_port()
    (root / "users").write_text(f"{USER}:{PASSWORD}\n")
    (root / "radicale.conf").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {root / 'users'}\n"
        f"htpasswd_encryption = plain\ndelay = 0\n[storage]\nfilesystem_folder = {root / 'store'}\n"
        "[web]\ntype = none\n[logging]\nlevel = warning\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(root / "radicale.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        began = time.perf_counter()
        request(base, "PUT", f"/{USER}/bench/", calendar_text(args.events))
        print(f"uploaded {args.events} events in {time.perf_counter() - began:.1f} s")
        (root / "meetup.toml").write_text(
            f'timezone = "{ZONE}"\n[calendars.bench]\nprovider = "caldav"\nurl = "{base}/"\n'
            f'username = "{USER}"\npassword_env = "BENCH_CALDAV_PW"\n'
        )
        env = {
            **os.environ,
            "BENCH_CALDAV_PW": PASSWORD,
            "MEETUP_CONFIG": str(root / "meetup.toml"),
            "MEETUP_DATA_DIR": str(root / "data"),
            "MEETUP_CACHE_DIR": str(root / "cache"),
            "MEETUP_NOW": NOW,
        }
        meetup = [str(Path(sys.executable).with_name("meetup")), "slots", "--json", "--days", str(DAYS)]
        firsts, repeats, changed = [], [], []
        outputs = set()
        for _ in range(args.runs):
            shutil.rmtree(root / "cache", ignore_errors=True)
            seconds, out = timed(meetup, env)
            firsts.append(seconds)
            outputs.add(out)
            for _ in range(3):
                seconds, out = timed(meetup, env)
                repeats.append(seconds)
                outputs.add(out)
        for i in range(args.runs):
            one = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\n"
            one += event(f"one-{i}", datetime(2026, 6, 16, 12 + i % 6, tzinfo=UTC), 30) + "END:VCALENDAR\r\n"
            # The item name Radicale gave on the collection PUT is unknown; add a new one instead.
            request(base, "PUT", f"/{USER}/bench/bench-change-{i}.ics", one.replace(f"one-{i}", f"chg-{i}"))
            seconds, _ = timed(meetup, env)
            changed.append(seconds)
        in_first, in_repeat = in_process(base, root, args.runs)
        assert len(outputs) == 1, "repeats must print the same windows as the first run"
        first, repeat, after = (statistics.median(x) for x in (firsts, repeats, changed))
        print(f"first run (empty cache):      {first:.2f} s  (median of {len(firsts)})")
        print(f"repeat, calendar unchanged:   {repeat:.2f} s  (median of {len(repeats)})")
        print(f"after one event changed:      {after:.2f} s  (median of {len(changed)})")
        print(f"repeat is {first / repeat:.1f}x faster than the first run (whole processes)")
        print(
            f"in-process busy(): first {in_first:.2f} s, repeat {in_repeat:.3f} s, {in_first / in_repeat:.0f}x"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(root, ignore_errors=True)
        else:
            print("kept", root)


if __name__ == "__main__":
    main()
