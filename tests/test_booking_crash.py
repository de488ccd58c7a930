"""A run killed while booking a yes (after claiming its time, after writing its event) loses
nothing and sends nothing twice: the claim keeps the time from everyone else, a follow-up never
nudges a friend who said yes, and the next `meetup inbox` or `meetup reply` finishes the answer
(or releases it when it no longer applies). Groups claim their time the same way."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from booking_helpers import (
    MEETING_1,
    NOW,
    T0,
    BarrierFeed,
    cli_env,
    empty_calendar,
    mail_yes,
    meetup,
    offered,
    seed_overlapping,
    sent_mails,
)

from meetup.calendar.intervals import Interval
from meetup.store.meetings import own_meetings


def test_killed_between_claim_and_write_then_a_normal_run_confirms_once(tmp_path: Path, seeded: Any) -> None:
    """SIGKILL after the time is claimed, before the event is written: the claim keeps the time
    from friend 2 meanwhile, and once stale the next `meetup inbox` finishes friend 1's yes,
    one event and one confirmation; the re-read mail is not acted on twice."""
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
    status = meetup(env, "status", at=NOW + timedelta(minutes=2))
    assert (
        "invite 1 Friend1: open; offered 1. Tue 24 Nov 18:00, 2. Wed 25 Nov 18:00; next: finish booking their "
        "yes to option 2 (if the run booking it has stopped) at Mon 23 Nov 15:10"
    ) in status.stdout, status.stdout
    (first, second) = json.loads(meetup(env, "status", "--json", at=NOW + timedelta(minutes=2)).stdout)[
        "invites"
    ]
    assert (first["next_followup"], first["booking"]) == (
        None,
        {"option": 2, "finish_after": "2026-11-23T15:10:00+01:00"},
    )
    assert second["booking"] is None and second["next_followup"] is not None
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


def test_a_yes_being_booked_is_never_nudged_nor_given_up(tmp_path: Path, seeded: Any) -> None:
    """The run booking friend 1's yes died; `meetup followup` comes before `meetup inbox`: friend 1
    is not nudged (they said yes), friend 2 is; the inbox run then confirms friend 1."""
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


def test_an_unfinished_yes_to_an_invite_closed_meanwhile_is_released(tmp_path: Path, seeded: Any) -> None:
    """The run died after writing the event; the invite was then withdrawn (a campaign found
    someone else): the next inbox run releases the claim and removes the event, confirms nothing."""
    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    env = cli_env(tmp_path, empty_calendar(tmp_path))
    killed = meetup(env, "reply", "friend1", "yes", "--option", "2", at=NOW, kill_at="written")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE invites SET state = 'withdrawn' WHERE id = 1")
    later = meetup(env, "inbox", at=NOW + timedelta(minutes=30))
    assert later.returncode == 0, later.stderr
    assert "invite 1: a yes (by hand) left unfinished no longer applies" in later.stderr
    assert list((tmp_path / "data" / "outbox-ics").iterdir()) == []
    assert conn.execute("SELECT state FROM bookings").fetchall() == [("released",)]
    assert conn.execute("SELECT COUNT(*) FROM messages WHERE kind != 'invite'").fetchone()[0] == 0


class GroupRig:
    """A group dinner (Ana, Ben) and, beside it, a drinks invite to Eve whose only option overlaps
    the group's option 2: the two ways meetup books a meeting, racing for the same evening."""

    NOW = datetime.fromisoformat("2026-11-23T09:00:00+01:00")

    def __init__(self, root: Path) -> None:

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


def test_two_runs_finishing_the_same_stopped_yes_confirm_it_once(tmp_path: Path, seeded: Any) -> None:
    """Cron and a manual `meetup inbox` both start after a run died mid-booking: both read the
    calendar for the stale claim at the same moment, one takes it over and confirms, the other
    leaves it (and the re-read mail) alone."""
    db = tmp_path / "data" / "meetup.db"
    seed_overlapping(db, seeded)
    feed = BarrierFeed()
    try:
        env = cli_env(tmp_path, feed.url)
        mail_yes(tmp_path, 1, "2 works for me!")
        feed.hold = 0  # the run that dies reads the calendar alone
        killed = meetup(env, "inbox", at=NOW, kill_at="claimed")
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        feed.hold = 2  # the next two reads meet at the barrier
        later = {**env, "MEETUP_NOW": (NOW + timedelta(minutes=30)).isoformat()}
        runs = [
            subprocess.Popen([sys.executable, "-m", "meetup", "inbox"], env=later, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]  # fmt: skip
        outputs = [run.communicate(timeout=120) for run in runs]
    finally:
        feed.close()
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sum(out.count("invite 1: yes -> confirmed") for out, _ in outputs) == 1, outputs
    # the other run left the claim and the re-read mail alone; either run may send the one mail
    summaries = sorted(out.splitlines()[-1].split(", ")[:2] for out, _ in outputs)
    assert summaries == [["0 answers acted on", "0 need you"], ["1 answer acted on", "0 need you"]], outputs
    assert sorted(out.splitlines()[-1].split(", ")[2] for out, _ in outputs) == [
        "0 mails sent",
        "1 mail sent",
    ]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM messages WHERE kind = 'confirmation'").fetchone()[0] == 1
    assert [p.name for p in (tmp_path / "data" / "outbox-ics").iterdir()] == ["meetup-1.ics"]
    assert sent_mails(tmp_path) == [("Friend1 <friend1@example.org>", True)]
    assert conn.execute("SELECT needs_user, kind FROM inbox_messages").fetchall() == [(0, "yes")]
