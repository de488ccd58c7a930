"""Two yeses to overlapping times, acted on at the same moment, book the user once.

The check "is this time still free?" and the booking are one decision taken under the database's
write lock (a claim in ``bookings``): whichever run claims first confirms, the other friend gets
fresh options that keep clear of the booked meeting. The threads here each hold their own
connection and meet at a barrier right after the calendar check, the interleaving that made both
confirm before claims existed."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetup.answers.actions import InviteFacts, Outcome, act_on_answer, invite_facts
from meetup.calendar.intervals import Interval
from meetup.followup.schedule import FollowupSettings
from meetup.store.db import connect
from meetup.store.meetings import own_meetings

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=5)
BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = FollowupSettings(sender="sam@example.org", sender_name="Sam", domain="example.org")
# followup_helpers.seed offers both friends T0 + 2d 8h (option 2); friend 2's is moved 30 minutes later
MEETING_1 = Interval(T0 + timedelta(days=2, hours=8), T0 + timedelta(days=2, hours=9))
MEETING_2 = Interval(MEETING_1.start + timedelta(minutes=30), MEETING_1.end + timedelta(minutes=30))
ROUNDS = 25


def free_windows(_facts: InviteFacts) -> list[Interval]:
    """The user's free time for fresh options: 08:00-20:00 UTC on the next six days."""
    days = [T0.replace(hour=8) + timedelta(days=d) for d in range(1, 7)]
    return [Interval(day, day + timedelta(hours=12)) for day in days]


def seed_overlapping(db: Path, seeded: Any) -> None:
    seeded.seed(db, 2, sent_at=T0)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE invite_options SET start_utc = ?, end_utc = ? WHERE invite_id = 2 AND position = 2",
            (MEETING_2.start.isoformat(), MEETING_2.end.isoformat()),
        )
    conn.close()


def race(db: Path, check: Callable[[Interval, Sequence[Interval]], bool]) -> tuple[list[Outcome], list[int]]:
    """Friend 1 and friend 2 say yes to their option 2 in two threads, one connection each."""
    written: list[int] = []
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def write(facts: InviteFacts, option: Interval, uid: str) -> str:
        with lock:
            written.append(facts.id)
        return "calendar test"

    def answer(invite_id: int) -> None:
        conn = connect(db, NOW)
        try:
            facts = invite_facts(conn, invite_id, BERLIN)
            assert facts is not None
            outcome = act_on_answer(
                conn, facts, kind="yes", option=2, source=f"<yes{invite_id}@example.org>", now=NOW,
                settings=SETTINGS, slot_is_free=check, write_event=write, free_time=free_windows,
            )  # fmt: skip
            with lock:
                outcomes.append(outcome)
        except BaseException as exc:  # surfaced in the main thread
            failures.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=answer, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    return sorted(outcomes, key=lambda o: o.invite_id), written


def offered(conn: sqlite3.Connection, invite_id: int) -> list[Interval]:
    return [
        Interval(datetime.fromisoformat(a), datetime.fromisoformat(b))
        for a, b in conn.execute(
            "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state = 'offered'",
            (invite_id,),
        )
    ]


def test_two_yeses_to_overlapping_times_at_once_book_one_meeting(tmp_path: Path, seeded: Any) -> None:
    doubles = 0
    winners: set[int] = set()
    for round_ in range(ROUNDS):
        db = tmp_path / f"round{round_}" / "meetup.db"
        seed_overlapping(db, seeded)
        barrier = threading.Barrier(2, timeout=30)

        def both_see_it_free(
            slot: Interval, own: Sequence[Interval], barrier: threading.Barrier = barrier
        ) -> bool:
            barrier.wait()  # neither run has booked anything yet: both checks say "free"
            return True

        outcomes, written = race(db, both_see_it_free)
        results = sorted(o.result for o in outcomes)
        doubles += results == ["confirmed", "confirmed"]
        if results != ["confirmed", "slot_taken"]:
            continue
        (winner,) = [o.invite_id for o in outcomes if o.result == "confirmed"]
        loser = 3 - winner
        winners.add(winner)
        assert written == [winner]
        conn = sqlite3.connect(db)
        meeting = MEETING_1 if winner == 1 else MEETING_2
        assert own_meetings(conn) == [meeting]
        assert dict(conn.execute("SELECT id, state FROM invites")) == {winner: "accepted", loser: "open"}
        kinds = conn.execute("SELECT invite_id, kind FROM messages WHERE kind != 'invite' ORDER BY invite_id")
        assert sorted(kinds) == sorted([(winner, "confirmation"), (loser, "fresh_options")])
        # the other friend's offers (fresh and standing) all keep clear of the booked meeting
        fresh = offered(conn, loser)
        assert fresh and not any(o.overlaps(meeting) for o in fresh), fresh
        assert conn.execute("SELECT COUNT(*) FROM bookings WHERE state = 'claimed'").fetchone()[0] == 0
        conn.close()
    print(f"double bookings: {doubles} of {ROUNDS}")
    assert doubles == 0


class BarrierFeed:
    """An HTTP calendar feed (an empty calendar) that answers its first two requests together:
    each waits until the other has arrived, so both runs have read "free" before either books."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.barrier = threading.Barrier(2, timeout=60)
        self.requests = 0
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with lock:
                    feed.requests += 1
                    first_two = feed.requests <= 2
                if first_two:
                    feed.barrier.wait()
                body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/me.ics"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def cli_env(home: Path, feed: str) -> dict[str, str]:
    import os

    maildir = home / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        f'[calendars.home]\nprovider = "ics"\nsource = "{feed}"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nmaildir = "{maildir}"\n'
    )
    env = dict(os.environ)
    env.update(
        {
            "MEETUP_DATA_DIR": str(home / "data"),
            "MEETUP_CACHE_DIR": str(home / "cache"),
            "MEETUP_CONFIG": str(home / "config.toml"),
            "MEETUP_NOW": NOW.isoformat(),
        }
    )
    return env


def mail_yes(home: Path, n: int, text: str) -> None:
    (home / "Maildir" / "new" / f"yes{n}:2,").write_bytes(
        (
            f"From: Friend{n} <friend{n}@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
            f"Message-ID: <yes{n}@example.org>\r\nIn-Reply-To: <meetup.{n}.invite.1.x@example.org>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        ).encode()
    )


def sent_mails(home: Path) -> list[tuple[str, bool]]:
    """(recipient, carries a calendar invitation) of every mail meetup put in the outbox."""
    from email import message_from_bytes, policy

    found = []
    for path in sorted((home / "data" / "outbox" / "new").iterdir()):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        invitation = any(part.get_content_type() == "text/calendar" for part in message.walk())
        found.append((str(message["To"]), invitation))
    return found


CLI_ROUNDS = 4


def test_back_to_back_yeses_at_once_both_become_meetings(tmp_path: Path, seeded: Any) -> None:
    """Times that only touch (18:00-19:00 and 19:00-20:00) do not overlap: both friends get theirs."""
    db = tmp_path / "meetup.db"
    seeded.seed(db, 2, sent_at=T0)
    follows = Interval(MEETING_1.end, MEETING_1.end + timedelta(hours=1))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE invite_options SET start_utc = ?, end_utc = ? WHERE invite_id = 2 AND position = 2",
            (follows.start.isoformat(), follows.end.isoformat()),
        )
    barrier = threading.Barrier(2, timeout=30)

    def both_see_it_free(slot: Interval, own: Sequence[Interval]) -> bool:
        barrier.wait()
        return True

    outcomes, written = race(db, both_see_it_free)
    assert [(o.invite_id, o.result) for o in outcomes] == [(1, "confirmed"), (2, "confirmed")]
    assert sorted(written) == [1, 2]
    assert own_meetings(conn) == [MEETING_1, follows]
    assert conn.execute("SELECT invite_id, state FROM bookings ORDER BY invite_id").fetchall() == [
        (1, "booked"),
        (2, "booked"),
    ]


def test_cron_inbox_and_a_reply_by_hand_at_once_book_one_meeting(tmp_path: Path, seeded: Any) -> None:
    """Real processes: cron's `meetup inbox` reads friend 1's "2 works", while the user types
    `meetup reply friend2 yes --option 2`; both read the calendar before either books."""
    import subprocess
    import sys

    doubles = 0
    for round_ in range(CLI_ROUNDS):
        home = tmp_path / f"round{round_}"
        seed_overlapping(home / "data" / "meetup.db", seeded)
        feed = BarrierFeed()
        try:
            env = cli_env(home, feed.url)
            mail_yes(home, 1, "2 works for me!")
            runs = [
                subprocess.Popen(
                    [sys.executable, "-m", "meetup", *args],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for args in (["inbox"], ["reply", "friend2", "yes", "--option", "2"])
            ]
            outputs = [run.communicate(timeout=120) for run in runs]
        finally:
            feed.close()
        assert [run.returncode for run in runs] == [0, 0], outputs
        conn = sqlite3.connect(home / "data" / "meetup.db")
        accepted = [n for (n,) in conn.execute("SELECT id FROM invites WHERE state = 'accepted'")]
        doubles += len(accepted) > 1
        assert len(accepted) == 1, (round_, outputs)
        (winner,) = accepted
        loser = 3 - winner
        meeting = MEETING_1 if winner == 1 else MEETING_2
        assert own_meetings(conn) == [meeting]
        assert dict(conn.execute("SELECT id, state FROM invites")) == {winner: "accepted", loser: "open"}
        # one event written (no writable calendar: the outbox .ics), one confirmation, fresh times
        assert len(list((home / "data" / "outbox-ics").glob("*.ics"))) == 1
        kinds = conn.execute("SELECT invite_id, kind FROM messages WHERE kind != 'invite' ORDER BY invite_id")
        assert sorted(kinds) == sorted([(winner, "confirmation"), (loser, "fresh_options")])
        assert sorted(sent_mails(home)) == sorted(
            [
                (f"Friend{winner} <friend{winner}@example.org>", True),
                (f"Friend{loser} <friend{loser}@example.org>", False),
            ]
        )
        fresh = offered(conn, loser)
        assert fresh and not any(o.overlaps(meeting) for o in fresh), fresh
        conn.close()
    assert doubles == 0


def empty_calendar(home: Path) -> str:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "me.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n")
    return str(path)


def meetup(env: dict[str, str], *args: str, at: datetime, kill_at: str | None = None) -> Any:
    import subprocess
    import sys

    run_env = {**env, "MEETUP_NOW": at.isoformat()}
    if kill_at:
        run_env["MEETUP_TEST_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "meetup", *args], env=run_env, capture_output=True, text=True, timeout=120
    )


def test_killed_between_claim_and_write_then_a_normal_run_confirms_once(tmp_path: Path, seeded: Any) -> None:
    """SIGKILL after the time is claimed, before the event is written: the claim keeps the time
    from friend 2 meanwhile, and once stale the next `meetup inbox` finishes friend 1's yes,
    one event and one confirmation; the re-read mail is not acted on twice."""
    import signal

    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    mail_yes(tmp_path, 1, "2 works for me!")
    killed = meetup(env, "inbox", at=NOW, kill_at="claimed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT invite_id, position, state, source FROM bookings").fetchall() == [
        (1, 2, "claimed", "<yes1@example.org>")
    ]
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "open"
    assert not (tmp_path / "data" / "outbox-ics").exists()

    # A minute later the claim is live: friend 2's yes to the overlapping time gets fresh options,
    # and an inbox run leaves the claimed answer to its run.
    taken = meetup(env, "reply", "friend2", "yes", "--option", "2", at=NOW + timedelta(minutes=1))
    assert taken.returncode == 0, taken.stderr
    assert "invite 2: Wed 25 Nov, 18:30-19:30 is no longer free; fresh options sent instead" in taken.stdout
    fresh = offered(conn, 2)
    assert fresh and not any(o.overlaps(MEETING_1) for o in fresh), fresh
    soon = meetup(env, "inbox", at=NOW + timedelta(minutes=2))
    assert soon.returncode == 0, soon.stderr
    assert (
        soon.stdout == "0 answers acted on, 0 need you, 0 mails sent\n"
    )  # the claimed mail is left to its run
    again_by_hand = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW + timedelta(minutes=3))
    assert again_by_hand.returncode == 2
    assert again_by_hand.stderr.strip().endswith(
        "a yes to invite 1 is being booked by another meetup run (a run that stopped is finished by the "
        "next `meetup inbox` or `meetup reply` after 10 minutes)"
    ), again_by_hand.stderr
    assert conn.execute("SELECT COUNT(*) FROM messages WHERE kind = 'confirmation'").fetchone()[0] == 0

    # Once the claim is stale, the next run finishes the answer.
    later = meetup(env, "inbox", at=NOW + timedelta(minutes=30))
    assert later.returncode == 0, later.stderr
    assert "invite 1: yes -> confirmed" in later.stdout
    assert own_meetings(conn) == [MEETING_1]
    assert [p.name for p in (tmp_path / "data" / "outbox-ics").iterdir()] == ["meetup-1.ics"]
    # the dead run's claim was taken over: released, and booked by this run
    assert conn.execute("SELECT state FROM bookings ORDER BY id").fetchall() == [("released",), ("booked",)]
    # the mail, read again, is recorded as the expected yes to an accepted invite
    assert conn.execute("SELECT needs_user, kind FROM inbox_messages").fetchall() == [(0, "yes")]
    again = meetup(env, "inbox", at=NOW + timedelta(minutes=45))
    assert "0 answers acted on, 0 need you, 0 mails sent" in again.stdout, again.stdout
    assert sorted(sent_mails(tmp_path)) == [
        ("Friend1 <friend1@example.org>", True),
        ("Friend2 <friend2@example.org>", False),
    ]
    assert conn.execute("SELECT invite_id, outcome FROM answers ORDER BY id").fetchall() == [
        (2, "slot_taken"),
        (1, "confirmed"),
    ]


def test_killed_after_the_write_then_a_normal_run_confirms_once(tmp_path: Path, seeded: Any) -> None:
    """SIGKILL right after the event was written, before the confirmation: the next run writes
    it again under the same UID (one event) and sends the one confirmation."""
    import signal

    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    killed = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW, kill_at="written")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert [p.name for p in (tmp_path / "data" / "outbox-ics").iterdir()] == ["meetup-1.ics"]
    later = meetup(env, "inbox", at=NOW + timedelta(minutes=30))
    assert later.returncode == 0, later.stderr
    assert "invite 1: yes -> confirmed" in later.stdout
    assert [p.name for p in (tmp_path / "data" / "outbox-ics").iterdir()] == ["meetup-1.ics"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT invite_id, outcome, source FROM answers").fetchall() == [
        (1, "confirmed", "by hand")
    ]
    assert sent_mails(tmp_path) == [("Friend1 <friend1@example.org>", True)]


def test_an_unfinished_yes_whose_time_has_passed_gets_fresh_options(tmp_path: Path, seeded: Any) -> None:
    """The run died after writing the event and nothing ran until the time was over: no meeting
    in the past is confirmed, the event the dead run wrote is removed, the friend gets new times."""
    import signal

    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    killed = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW, kill_at="written")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = MEETING_1.end + timedelta(hours=1)
    late = meetup(env, "inbox", at=after)
    assert late.returncode == 0, late.stderr
    assert "invite 1: yes -> passed" in late.stdout
    assert list((tmp_path / "data" / "outbox-ics").iterdir()) == []
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT state FROM invites WHERE id = 1").fetchone()[0] == "open"
    assert conn.execute("SELECT state FROM bookings").fetchall() == [("released",)]
    fresh = offered(conn, 1)
    assert fresh and all(o.start > after for o in fresh), fresh
    assert sent_mails(tmp_path) == [("Friend1 <friend1@example.org>", False)]


class GroupRig:
    """A group dinner (Ana, Ben) and, beside it, a drinks invite to Eve whose only option overlaps
    the group's option 2: the two ways meetup books a meeting, racing for the same evening."""

    NOW = datetime.fromisoformat("2026-11-23T09:00:00+01:00")

    def __init__(self, root: Path) -> None:
        import os

        self.root = root
        self.config = root / "meetup.toml"
        self.config.write_text(
            'timezone = "Europe/Berlin"\nhours = "mon-sun 18:00-22:00"\n'
            f'[calendars.me]\nsource = "{empty_calendar(root)}"\n'
            '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n[followup]\nvia = "outbox"\n'
            f'[inbox]\nmaildir = "{root / "Mail"}"\n'
        )
        for sub in ("new", "cur", "tmp"):
            (root / "Mail" / sub).mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "MEETUP_DATA_DIR": str(root / "data"),
            "MEETUP_CACHE_DIR": str(root / "cache"),
        }
        for name in ("Ana", "Ben", "Eve"):
            self.ok("friend", "add", name, "--email", f"{name.lower()}@example.org", "--tz", "Europe/Berlin")
        made = self.ok(
            "invite", "ana", "ben", "--activity", "dinner", "--via", "outbox", "--from", "2026-11-30",
            "--days", "7", "--json",
        )  # fmt: skip
        import json

        option = json.loads(made)["options"][1]
        self.group_time = Interval(
            datetime.fromisoformat(option["start"]), datetime.fromisoformat(option["end"])
        )
        self.eve_time = Interval(
            self.group_time.start + timedelta(minutes=30), self.group_time.start + timedelta(minutes=90)
        )
        conn = self.db()
        with conn:
            (eve,) = conn.execute("SELECT id FROM friends WHERE name = 'Eve'").fetchone()
            invite = conn.execute(
                "INSERT INTO invites (friend_id, activity, duration_min, state, created_at, thread_message_id) "
                "VALUES (?, 'drinks', 60, 'open', ?, '<eve.invite@example.org>')",
                (eve, self.NOW.isoformat()),
            ).lastrowid
            conn.execute(
                "INSERT INTO invite_options (invite_id, position, start_utc, end_utc, state) VALUES (?, 1, ?, ?, 'offered')",
                (
                    invite,
                    self.eve_time.start.astimezone(UTC).isoformat(),
                    self.eve_time.end.astimezone(UTC).isoformat(),
                ),
            )
            conn.execute(
                "INSERT INTO messages (invite_id, kind, message_id, recipient, subject, raw, transport, state, "
                "created_at, sent_at) VALUES (?, 'invite', '<eve.invite@example.org>', 'eve@example.org', "
                "'Coffee?', x'00', 'email', 'sent', ?, ?)",
                (invite, self.NOW.isoformat(), self.NOW.isoformat()),
            )
        conn.close()

    def run(self, *args: str, minutes: int = 0, kill_at: str | None = None) -> Any:
        import subprocess
        import sys

        env = {**self.env, **({"MEETUP_TEST_KILL_AT": kill_at} if kill_at else {})}
        when = (self.NOW + timedelta(minutes=minutes)).isoformat()
        return subprocess.run(
            [sys.executable, "-m", "meetup", "--config", str(self.config), "--now", when, *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def ok(self, *args: str, minutes: int = 0) -> str:
        done = self.run(*args, minutes=minutes)
        assert done.returncode == 0, done.stderr
        return str(done.stdout)

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.root / "data" / "meetup.db")


def test_a_one_friend_yes_being_booked_keeps_a_group_off_its_time(tmp_path: Path) -> None:
    """Eve's yes is claimed (its run killed before the write): confirming the group on the same
    evening is refused meanwhile; the next inbox run books Eve, the group takes another time."""
    import signal

    rig = GroupRig(tmp_path)
    killed = rig.run("reply", "eve", "yes", "--option", "1", kill_at="claimed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    refused = rig.run("group", "confirm", "1", "--option", "2", minutes=2)
    assert refused.returncode == 2
    assert (
        "chosen by you, but option 2 was booked with someone else meanwhile"
        in refused.stderr + refused.stdout
    )
    assert not list((tmp_path / "data" / "outbox-ics").glob("meetup-group-*"))
    assert "invite 3: yes -> confirmed" in rig.ok("inbox", minutes=30)
    assert rig.ok("group", "confirm", "1", "--option", "3", minutes=31).startswith(
        "group 1: confirmed option 3"
    )
    conn = rig.db()
    meetings = own_meetings(conn)
    assert rig.eve_time in meetings and not any(
        m.overlaps(rig.eve_time) for m in meetings if m != rig.eve_time
    )
    assert conn.execute("SELECT state FROM groups").fetchall() == [("confirmed",)]


def test_a_group_being_booked_keeps_a_one_friend_yes_off_its_time(tmp_path: Path) -> None:
    """The group's confirmation is claimed (its run killed before the write): Eve's yes to the same
    evening gets fresh options; once stale the claim is released and the group confirmed once."""
    import signal

    rig = GroupRig(tmp_path)
    killed = rig.run("group", "confirm", "1", "--option", "2", kill_at="claimed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    taken = rig.run("reply", "eve", "yes", "--option", "1", minutes=2)
    assert taken.returncode == 0, taken.stderr
    assert "is no longer free; fresh options sent instead" in taken.stdout
    conn = rig.db()
    fresh = offered(conn, 3)
    assert fresh and not any(o.overlaps(rig.group_time) for o in fresh), fresh
    later = rig.run("inbox", minutes=30)
    assert later.returncode == 0, later.stderr
    assert "group 1: a confirmation a stopped run left unfinished is decided again" in later.stderr
    assert rig.ok("group", "confirm", "1", "--option", "2", minutes=31).startswith(
        "group 1: confirmed option 2"
    )
    assert own_meetings(conn) == [rig.group_time, rig.group_time]  # one meeting, both members' invites
    assert conn.execute("SELECT state FROM bookings ORDER BY id").fetchall() == [("released",), ("booked",)]
    confirmations = conn.execute("SELECT COUNT(*) FROM messages WHERE kind = 'confirmation'").fetchone()[0]
    assert confirmations == 2  # Ana's and Ben's


def test_a_yes_being_booked_is_never_nudged_nor_given_up(tmp_path: Path, seeded: Any) -> None:
    """The run booking friend 1's yes died; `meetup followup` comes before `meetup inbox`: friend 1
    is not nudged (they said yes), friend 2 is; the inbox run then confirms friend 1."""
    import signal

    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    killed = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW, kill_at="claimed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    due = T0 + timedelta(days=2, hours=1)  # the first nudge is due two days after the invite
    nudged = meetup(env, "followup", at=due)
    assert nudged.returncode == 0, nudged.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT invite_id, kind FROM messages WHERE kind != 'invite'").fetchall() == [
        (2, "nudge")
    ]
    assert conn.execute("SELECT invite_id FROM followups").fetchall() == [(2,)]
    later = meetup(env, "inbox", at=due + timedelta(minutes=5))
    assert "invite 1: yes -> confirmed" in later.stdout, later.stdout + later.stderr
    assert own_meetings(conn) == [MEETING_1]


def test_another_answer_while_a_yes_is_being_booked_goes_to_the_user(tmp_path: Path, seeded: Any) -> None:
    """Friend 1's yes is being booked (its run died); their next mail says no: it is kept for the
    user, as it would be after the confirmation, and the yes is still finished."""
    import signal

    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    killed = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW, kill_at="claimed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    mail_yes(tmp_path, 1, "Sorry, I can't make it after all.")
    soon = meetup(env, "inbox", at=NOW + timedelta(minutes=2))
    assert soon.returncode == 0, soon.stderr
    assert (
        "needs you: <yes1@example.org>: a yes to invite 1 is being booked by another meetup run"
        in soon.stdout
    )
    assert "0 answers acted on, 1 needs you, 0 mails sent" in soon.stdout, soon.stdout
    later = meetup(env, "inbox", at=NOW + timedelta(minutes=30))
    assert "invite 1: yes -> confirmed" in later.stdout, later.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT kind, needs_user FROM inbox_messages").fetchall() == [("no", 1)]
    assert own_meetings(conn) == [MEETING_1]
