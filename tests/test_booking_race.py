"""Two yeses to overlapping times, acted on at the same moment, book the user once.

The check "is this time still free?" and the booking are one decision taken under the database's
write lock (a claim in ``bookings``): whichever run claims first confirms, the other friend gets
fresh options that keep clear of the booked meeting. The threads here each hold their own
connection and meet at a barrier right after the calendar check, the interleaving that made both
confirm before claims existed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from booking_helpers import (
    BERLIN,
    MEETING_1,
    MEETING_2,
    NOW,
    T0,
    BarrierFeed,
    cli_env,
    mail_yes,
    offered,
    seed_overlapping,
    sent_mails,
)

from meetup.answers.actions import InviteFacts, Outcome, act_on_answer, invite_facts
from meetup.calendar.intervals import Interval
from meetup.followup.schedule import FollowupSettings
from meetup.store.db import connect
from meetup.store.meetings import own_meetings

SETTINGS = FollowupSettings(sender="sam@example.org", sender_name="Sam", domain="example.org")
ROUNDS = 25
CLI_ROUNDS = 4


def free_windows(_facts: InviteFacts) -> list[Interval]:
    """The user's free time for fresh options: 08:00-20:00 UTC on the next six days."""
    days = [T0.replace(hour=8) + timedelta(days=d) for d in range(1, 7)]
    return [Interval(day, day + timedelta(hours=12)) for day in days]


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
