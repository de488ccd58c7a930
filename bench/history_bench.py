"""Daily commands over years of history: ``meetup status``, ``meetup followup`` (nothing due and
everything due), ``meetup inbox`` and ``meetup friend import``, as whole processes, against
databases generated directly (no mail sent) with 300 / 5,000 / 20,000 past invites and
100 / 1,000 / 5,000 open ones.

Every past invite carries what a real one leaves behind: three options, its invite mail, two
nudges (messages and follow-up rows), an answer and the reply that brought it. The calendar is
the small example one, so only history varies. Prints median wall-clock seconds per command.

Usage: ``python bench/history_bench.py [--runs N] [--past 300,5000,20000] [--open 100,1000,5000]``
(``PYTHONPATH=/other/checkout/src`` measures another version of meetup with the same generator).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CONFIG = """timezone = "Europe/Berlin"
hours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"
[calendars.personal]
source = "{calendar}"
[mail]
from = "alex@example.org"
name = "Alex"
[followup]
via = "outbox"
[inbox]
maildir = "{maildir}"
"""


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _meetup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "meetup", *args], env=env, capture_output=True, text=True)


def _create_schema(env: dict[str, str]) -> None:
    """meetup creates its own tables: every migration of the version measured."""
    _meetup(env, "friend", "add", "Bench Setup", "--email", "setup@example.org")
    _meetup(env, "status")


def _rows(past: int, open_: int, due: bool, seed: int = 7) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    rng = random.Random(seed)
    friends = max(open_, 2_000)
    yield (
        "friends",
        [
            (n, f"Friend {n:05d}", f"friend{n}@example.org", "Europe/Berlin", _iso(NOW - timedelta(days=900)))
            for n in range(2, friends + 2)
        ],
    )
    invites, options, messages, followups, answers, inbox = [], [], [], [], [], []
    invite_id = 0
    for n in range(past):
        invite_id += 1
        friend = 2 + rng.randrange(friends)
        created = NOW - timedelta(days=1_500 * (past - n) / past + 8)
        state = rng.choice(["accepted", "declined", "unanswered"])
        thread = f"<meetup.{invite_id}.invite.1.h@example.org>"
        invites.append((invite_id, friend, "coffee", 45, state, _iso(created), thread, "Coffee?"))
        for position in (1, 2, 3):
            start = created + timedelta(days=position + 1, hours=9)
            chosen = "chosen" if state == "accepted" and position == 2 else "released"
            options.append((invite_id, position, _iso(start), _iso(start + timedelta(minutes=45)), chosen))
        messages.append((invite_id, "invite", thread, f"friend{friend}@example.org", "Coffee?", b"x" * 400,
                         "outbox", "sent", _iso(created), _iso(created)))  # fmt: skip
        for attempt in (1, 2):
            nudge = f"<meetup.{invite_id}.nudge.{attempt}.h@example.org>"
            at = created + timedelta(days=2 * attempt)
            messages.append((invite_id, "nudge", nudge, f"friend{friend}@example.org", "Re: Coffee?",
                             b"x" * 400, "outbox", "sent", _iso(at), _iso(at)))  # fmt: skip
            followups.append((invite_id, attempt, "nudge", nudge, _iso(at)))
        if state != "unanswered":
            reply = f"<reply.{invite_id}@example.net>"
            outcome = "confirmed" if state == "accepted" else "thanked"
            answers.append((invite_id, "yes" if state == "accepted" else "no", 2, outcome, reply,
                            _iso(created + timedelta(days=5))))  # fmt: skip
            inbox.append((reply, invite_id, f"friend{friend}@example.org", "Re: Coffee?", "yes", 2, "clear", 0,
                           _iso(created + timedelta(days=5)), "2 works"))  # fmt: skip
    age = timedelta(days=3) if due else timedelta(hours=20)  # the first nudge is due after 2 days
    for n in range(open_):
        invite_id += 1
        friend = 2 + n
        created = NOW - age
        thread = f"<meetup.{invite_id}.invite.1.h@example.org>"
        invites.append((invite_id, friend, "coffee", 45, "open", _iso(created), thread, "Coffee?"))
        for position in (1, 2, 3):
            start = NOW + timedelta(
                days=position * 2, hours=9 + rng.randrange(10), minutes=30 * rng.randrange(2)
            )
            options.append((invite_id, position, _iso(start), _iso(start + timedelta(minutes=45)), "offered"))
        messages.append((invite_id, "invite", thread, f"friend{friend}@example.org", "Coffee?", b"x" * 400,
                         "outbox", "sent", _iso(created), _iso(created)))  # fmt: skip
    yield "invites", invites
    yield "invite_options", options
    yield "messages", messages
    yield "followups", followups
    yield "answers", answers
    yield "inbox_messages", inbox


_INSERTS = {
    "friends": "INSERT INTO friends (id, name, email, tz, created_at) VALUES (?, ?, ?, ?, ?)",
    "invites": "INSERT INTO invites (id, friend_id, activity, duration_min, state, created_at, thread_message_id, "
    "subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "invite_options": "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) "
    "VALUES (?, ?, ?, ?, ?)",
    "messages": "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
    "created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "followups": "INSERT INTO followups (invite_id, attempt, kind, message_id, created_at) VALUES (?, ?, ?, ?, ?)",
    "answers": "INSERT INTO answers (invite_id, kind, option, outcome, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
    "inbox_messages": "INSERT INTO inbox_messages (message_id, invite_id, sender, subject, kind, option, why, "
    "needs_user, received_at, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


def build(directory: Path, past: int, open_: int, *, due: bool, replies: int = 0) -> dict[str, str]:
    """A data dir with that history, a config and a Maildir holding ``replies`` answers."""
    data, maildir = directory / "data", directory / "Mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (directory / "config.toml").write_text(
        CONFIG.format(calendar=ROOT / "examples" / "calendar.ics", maildir=maildir)
    )
    env = dict(os.environ)
    env.update(
        MEETUP_CONFIG=str(directory / "config.toml"), MEETUP_DATA_DIR=str(data),
        MEETUP_CACHE_DIR=str(directory / "cache"), MEETUP_NOW=NOW.isoformat(),
    )  # fmt: skip
    _create_schema(env)
    conn = sqlite3.connect(data / "meetup.db")
    with conn:
        for table, rows in _rows(past, open_, due):
            conn.executemany(_INSERTS[table], rows)
    conn.close()
    first_open = past + 1
    for n in range(replies):  # answers to open invites, threaded
        invite = first_open + n
        raw = (
            f"From: Friend <friend{2 + n}@example.org>\r\nTo: alex@example.org\r\nSubject: Re: Coffee?\r\n"
            f"Message-ID: <bench.{n}@example.net>\r\nIn-Reply-To: <meetup.{invite}.invite.1.h@example.org>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nSorry, I can't make it.\r\n"
        )
        (maildir / "new" / f"{n}.bench:2,").write_text(raw)
    return env


def vcards(count: int) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact {n:05d}\r\nN:{n:05d};Contact;;;\r\n"
        f"EMAIL;TYPE=INTERNET:contact{n}@example.org\r\nUID:bench-{n}\r\nEND:VCARD\r\n"
        for n in range(count)
    )


def timed(env: dict[str, str], args: list[str], runs: int, fresh: Path | None = None) -> float:
    """Median seconds of ``runs`` runs; ``fresh`` is a pristine copy of the data dir restored
    before each run (for commands that change it)."""
    times = []
    for _ in range(runs):
        if fresh is not None:
            target = Path(env["MEETUP_DATA_DIR"])
            shutil.rmtree(target)
            shutil.copytree(fresh, target)
        began = time.perf_counter()
        done = _meetup(env, *args)
        times.append(time.perf_counter() - began)
        if done.returncode not in (0,):
            raise SystemExit(f"meetup {' '.join(args)} failed: {done.stderr.strip()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--past", default="300,5000,20000")
    parser.add_argument("--open", dest="open_", default="100,1000,5000")
    parser.add_argument("--import-sizes", default="500,5000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="meetup-history-") as tmp:
        base = Path(tmp)
        for past in (int(x) for x in args.past.split(",")):
            for open_ in (int(x) for x in args.open_.split(",")):
                row: dict[str, object] = {"past": past, "open": open_}
                quiet = build(base / f"q{past}-{open_}", past, open_, due=False, replies=50)
                pristine = base / f"q{past}-{open_}-pristine"
                shutil.copytree(Path(quiet["MEETUP_DATA_DIR"]), pristine)
                row["status"] = timed(quiet, ["status"], args.runs)
                row["followup_nothing_due"] = timed(quiet, ["followup"], args.runs)
                row["inbox_50_replies"] = timed(quiet, ["inbox"], args.runs, fresh=pristine)
                due = build(base / f"d{past}-{open_}", past, open_, due=True)
                pristine_due = base / f"d{past}-{open_}-pristine"
                shutil.copytree(Path(due["MEETUP_DATA_DIR"]), pristine_due)
                row["followup_all_due_dry_run"] = timed(due, ["followup", "--dry-run"], args.runs)
                row["followup_all_due"] = timed(due, ["followup"], 1, fresh=pristine_due)
                results.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                shutil.rmtree(base / f"q{past}-{open_}")
                shutil.rmtree(base / f"d{past}-{open_}")
                shutil.rmtree(pristine)
                shutil.rmtree(pristine_due)
        imports = {}
        for count in (int(x) for x in args.import_sizes.split(",")):
            env = build(base / f"import{count}", 0, 0, due=False)
            card = base / f"contacts{count}.vcf"
            card.write_text(vcards(count))
            pristine = base / f"import{count}-pristine"
            shutil.copytree(Path(env["MEETUP_DATA_DIR"]), pristine)
            imports[count] = timed(env, ["friend", "import", str(card)], args.runs, fresh=pristine)
    if args.json:
        print(json.dumps({"history": results, "friend_import": imports}, indent=2))
        return
    print("| past | open | status | followup (nothing due) | inbox (50 replies) | followup --dry-run (all due) "
          "| followup (all due) |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in results:
        print(
            f"| {row['past']:,} | {row['open']:,} | {row['status']:.2f} | {row['followup_nothing_due']:.2f} | "
            f"{row['inbox_50_replies']:.2f} | {row['followup_all_due_dry_run']:.2f} | {row['followup_all_due']:.2f} |"
        )
    print()
    print("| contacts | friend import |")
    print("| ---: | ---: |")
    for count, seconds in imports.items():
        print(f"| {count:,} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
