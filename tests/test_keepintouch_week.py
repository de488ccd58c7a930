"""A whole connection week end to end: LinkedIn CSV -> `meetup week` -> the outbox (and printed
messages for friends without email) -> replies in a Maildir read by `meetup inbox` (accept with a
phone number, decline, silence) -> `meetup week status` -> follow-ups that remind instead of mail."""

from __future__ import annotations

import json
import mailbox
import sqlite3
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from meetup.cli import main

BERLIN = ZoneInfo("Europe/Berlin")
CSV = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Amélie,Dubois,https://www.linkedin.com/in/amelie,amelie@example.fr,"Solaire, SAS",Head of Product,01 Oct 2026
Jonas,Weiß,https://www.linkedin.com/in/jonas,jonas@example.de,Fernwärme Nord,Analyst,02 Oct 2026
Chidi,Okafor,https://www.linkedin.com/in/chidi,,"Okafor & Partners, LLP",Founder,03 Oct 2026
Mei,Chen,https://www.linkedin.com/in/mei,mei@example.com,,,04 Oct 2026
Ngozi,Adeyemi,https://www.linkedin.com/in/ngozi,,Lagos Design Week,Programme Lead,05 Oct 2026
"""
BUSY = (  # Monday 30 Nov: 09:00-12:00 and 13:00-16:30 busy; Tuesday 10:00-11:00 busy
    ("20261130T080000Z", "20261130T110000Z"),
    ("20261130T120000Z", "20261130T153000Z"),
    ("20261201T090000Z", "20261201T100000Z"),
)


@pytest.fixture
def week_env(tmp_path: Path) -> dict[str, str]:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:busy-{n}\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:{a}\r\nDTEND:{b}\r\n"
        f"SUMMARY:Board meeting\r\nEND:VEVENT\r\n"
        for n, (a, b) in enumerate(BUSY)
    )
    (tmp_path / "me.ics").write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n"
    )
    (tmp_path / "Connections.csv").write_text(CSV, encoding="utf-8")
    mailbox.Maildir(tmp_path / "Mail", create=True)
    (tmp_path / "config.toml").write_text(
        f'timezone = "Europe/Berlin"\nhours = "mon-fri 09:00-18:00"\n'
        f'[calendars.me]\nprovider = "ics"\nsource = "{tmp_path / "me.ics"}"\n'
        f'[mail]\nfrom = "robin@example.org"\nname = "Robin"\n[followup]\nvia = "outbox"\n'
        f'[inbox]\nmaildir = "{tmp_path / "Mail"}"\n',
        encoding="utf-8",
    )
    return {
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG_DIR": str(tmp_path / "cfg"),
    }


def _run(env: dict[str, str], now: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--now", now, *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def _outbox(tmp_path: Path) -> dict[str, list[str]]:
    """Recipient -> plain-text bodies of the mails in the outbox."""
    found: dict[str, list[str]] = {}
    for path in sorted((tmp_path / "data" / "outbox" / "new").iterdir()):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        to = message["To"].addresses[0].addr_spec  # To: carries the name too ("Amélie Dubois <...>")
        found.setdefault(to, []).append(body.get_content() if body else "")
    return found


def _opening(body: str) -> str:
    """The paragraph after the greeting: what the mail is about, in the friend's own line."""
    return body.replace("\r\n", "\n").split("\n\n")[1]


def _reply(tmp_path: Path, conn: sqlite3.Connection, invite: int, sender: str, text: str) -> None:
    (thread,) = conn.execute(
        "SELECT message_id FROM messages WHERE invite_id = ? AND kind = 'invite'", (invite,)
    ).fetchone()
    raw = (
        f"From: {sender}\r\nTo: robin@example.org\r\nSubject: Re: A call?\r\nMessage-ID: <r{invite}@example.net>\r\n"
        f"In-Reply-To: {thread}\r\nReferences: {thread}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{text}\r\n\r\nOn Sat, 28 Nov 2026 Robin <robin@example.org> wrote:\r\n> 1. Mon 30 Nov 16:30\r\n"
    )
    mailbox.Maildir(tmp_path / "Mail").add(raw.encode())


def test_connection_week_end_to_end(tmp_path: Path, week_env: dict[str, str]) -> None:
    now = "2026-11-28T10:00:00+01:00"  # Saturday
    assert _run(week_env, now, "friend", "import", str(tmp_path / "Connections.csv"))[0] == 0
    assert _run(week_env, now, "friend", "edit", "mei", "--phone", "+1 415 555 0132")[0] == 0
    code, out, err = _run(
        week_env, now, "week", "--tag", "linkedin", "--per-day", "2", "--days", "3", "--activity", "call",
        "--duration", "20", "--start", "2026-11-30", "--via", "outbox", "--json",
    )  # fmt: skip
    assert code == 0, err
    plan = json.loads(out)["plan"]
    # least recently contacted: nobody contacted yet, so the oldest connections first, two a day
    assert [(p["friend"], p["day"]) for p in plan] == [
        ("Amélie Dubois", "2026-11-30"),
        ("Jonas Weiß", "2026-11-30"),
        ("Chidi Okafor", "2026-12-01"),
        ("Mei Chen", "2026-12-01"),
        ("Ngozi Adeyemi", "2026-12-02"),
    ]
    assert all(isinstance(p["invite"], int) for p in plan)
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    offered = []
    for entry in plan:
        rows = conn.execute(
            "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ?", (entry["invite"],)
        ).fetchall()
        assert 1 <= len(rows) <= 3
        for start_text, end_text in rows:
            start = datetime.fromisoformat(start_text).astimezone(BERLIN)
            end = datetime.fromisoformat(end_text).astimezone(BERLIN)
            assert start.date() == date.fromisoformat(entry["day"])  # only on the friend's day
            assert end - start == timedelta(minutes=20)
            assert start.hour >= 9 and (end.hour, end.minute) <= (18, 0)
            offered.append((start, end))
    offered.sort()
    assert all(a[1] <= b[0] for a, b in pairwise(offered))  # never overlapping
    monday = [s for s, _ in offered if s.date() == date(2026, 11, 30)]
    assert all((s.hour, s.minute) >= (16, 30) or (12, 0) <= (s.hour, s.minute) < (13, 0) for s in monday)
    # mail for the three with an address: a first-contact opening and a line about them, each in its
    # own words; Mei has a phone, so only the others are asked for one
    mails = _outbox(tmp_path)
    assert {to: _opening(body) for to, (body,) in mails.items()} == {
        "amelie@example.fr": "Now that we're connected, could we have a quick call sometime? I'm curious what "
        "you're focused on at the moment, and happy to help where I can. What's the best number to reach you?",
        "jonas@example.de": "Good to be connected! How about a quick call in the next few days? I'd like to learn "
        "more about what you do, and see if there's a way I can be useful to you. What's the best number to "
        "reach you?",
        "mei@example.com": "Now that we're connected, could we have a quick call sometime? I'd love to hear what "
        "you're working on these days, and whether there's anything I could help with.",
    }
    for body, in mails.values():  # fmt: skip
        assert "It's been too long" not in body and body.rstrip().endswith("\nRobin")
    # Chidi and Ngozi have no address: printed (stderr, as --json owns stdout) and recorded as sent by hand
    assert err.count("To: ") == 2 and "Chidi" in err and "Ngozi" in err
    assert conn.execute(
        "SELECT m.transport, m.state FROM messages m JOIN invites i ON i.id = m.invite_id "
        "JOIN friends f ON f.id = i.friend_id WHERE f.name = 'Chidi Okafor'"
    ).fetchall() == [("print", "sent")]
    # answers: Amélie takes option 2 and gives her number, Jonas declines, Mei is silent
    ids = {p["friend"]: p["invite"] for p in plan}
    _reply(tmp_path, conn, ids["Amélie Dubois"], "amelie@example.fr",
           "Avec plaisir! Option 2 works for me. Best to call me on +33 6 12 34 56 78.")  # fmt: skip
    _reply(tmp_path, conn, ids["Jonas Weiß"], "jonas@example.de", "Thanks for thinking of me, but I'll pass.")
    code, out, err = _run(week_env, "2026-11-28T18:00:00+01:00", "inbox")
    assert code == 0, err
    assert out.splitlines() == [  # the yes names the .ics file it wrote for the user's calendar
        f"invite {ids['Amélie Dubois']}: yes -> confirmed {tmp_path / 'data' / 'outbox-ics' / 'meetup-1.ics'}",
        f"invite {ids['Jonas Weiß']}: no -> thanked",
        "2 answers acted on, 0 need you, 2 mails sent",
    ]
    assert "+33 6 12 34 56 78" in _run(week_env, now, "friend", "show", "amelie")[1]
    code, out, _ = _run(week_env, "2026-11-29T09:00:00+01:00", "week", "status")
    assert out.splitlines() == [
        "week 1 (linkedin): 1 booked, 3 waiting, 1 declined",
        "  Mon 30 Nov Amélie Dubois: booked (invite 1), phone +33 6 12 34 56 78",
        "  Mon 30 Nov Jonas Weiß: declined (invite 2)",
        "  Tue 01 Dec Chidi Okafor: waiting (invite 3)",
        "  Tue 01 Dec Mei Chen: waiting (invite 4), phone +1 415 555 0132",
        "  Wed 02 Dec Ngozi Adeyemi: waiting (invite 5)",
    ]
    # Thursday: the call happened; nudges go by mail to Mei, and remind you about Chidi and Ngozi
    later = "2026-12-03T09:00:00+01:00"
    code, out, err = _run(week_env, later, "followup", "--dry-run")
    assert code == 0, err
    assert [line for line in out.splitlines() if not line.startswith("    ")] == [
        "invite 3 (Chidi Okafor): would remind you to nudge them yourself",
        "invite 4 (Mei Chen): nudge 1 with no free time",
        "invite 5 (Ngozi Adeyemi): would remind you to nudge them yourself",
    ]
    code, out, err = _run(week_env, later, "followup")
    assert code == 0, err
    by_hand = "no answer yet and no email address: nudge them yourself (their invite was sent by hand)"
    assert out.splitlines() == [
        f"invite 3 (Chidi Okafor): {by_hand}",
        "invite 4 (Mei Chen): nudge 1 queued",
        f"invite 5 (Ngozi Adeyemi): {by_hand}",
        "sent 1, already sent before a crash 0, failed 0",
    ]
    mails = _outbox(tmp_path)
    assert len(mails["mei@example.com"]) == 2
    assert sorted(mails) == ["amelie@example.fr", "jonas@example.de", "mei@example.com"]
    # three invites, Amélie's confirmation, Jonas's thank-you, Mei's nudge
    assert sorted((to, len(v)) for to, v in mails.items()) == [
        ("amelie@example.fr", 2), ("jonas@example.de", 2), ("mei@example.com", 2),
    ]  # fmt: skip
    # Mei's invite was for her day of the week (a hard period): once it is over, the nudge says so
    # honestly instead of inventing times, and her invite closes as unanswered (issue 11)
    assert sorted(_opening(body) for body in mails["mei@example.com"]) == [
        "Now that we're connected, could we have a quick call sometime? I'd love to hear what you're working "
        "on these days, and whether there's anything I could help with.",
        "The dates I had in mind have passed now, so I'll leave it there for this time.",
    ]
    code, out, _ = _run(week_env, later, "week", "status")
    assert out.splitlines() == [
        "week 1 (linkedin): 1 called, 2 waiting, 1 declined, 1 no answer",
        "  Mon 30 Nov Amélie Dubois: called (invite 1), phone +33 6 12 34 56 78",
        "  Mon 30 Nov Jonas Weiß: declined (invite 2)",
        "  Tue 01 Dec Chidi Okafor: waiting (invite 3)",
        "  Tue 01 Dec Mei Chen: no answer (invite 4), phone +1 415 555 0132",
        "  Wed 02 Dec Ngozi Adeyemi: waiting (invite 5)",
    ]
    code, out, _ = _run(week_env, later, "friend", "show", "amelie")
    assert "  2026-11-30 call (invite 1)" in out


def test_a_day_without_free_time_moves_friends_to_the_next_day_with_room(
    tmp_path: Path, week_env: dict[str, str]
) -> None:
    (tmp_path / "me.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:all-day-monday\r\n"
        "DTSTAMP:20261120T000000Z\r\nDTSTART:20261130T070000Z\r\nDTEND:20261130T180000Z\r\nSUMMARY:Offsite\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    now = "2026-11-28T10:00:00+01:00"
    assert _run(week_env, now, "friend", "import", str(tmp_path / "Connections.csv"))[0] == 0
    code, out, err = _run(
        week_env, now, "week", "--tag", "linkedin", "--per-day", "2", "--days", "2", "--duration", "20",
        "--start", "2026-11-30", "--via", "outbox",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "week 1: 2 calls planned",
        "  Tue 01 Dec: Amélie Dubois (invite 1)",
        "  Tue 01 Dec: Jonas Weiß (invite 2)",
    ]
    assert "Chidi Okafor not invited: no free time left on the days of the plan that have room" in err
    assert "Mei Chen" not in err  # tried no further: the calendar is full
    code, out, err = _run(week_env, now, "week", "--tag", "nobody")
    assert (code, err) == (
        2,
        "meetup: error: nobody is tagged 'nobody' (meetup friend edit NAME --tag nobody, or import a CSV)\n",
    )
    code, out, err = _run(week_env, now, "week")
    assert (code, err) == (2, "meetup: error: give --tag TAG: whose week it is (e.g. --tag linkedin)\n")


def test_a_refused_mail_is_kept_for_resend_and_a_friend_invited_meanwhile_is_skipped(
    tmp_path: Path, week_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(week_env["MEETUP_CONFIG"])
    config.write_text(
        config.read_text().replace(
            'name = "Robin"\n', 'name = "Robin"\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\nsecurity = "plain"\n'
        )
    )
    now = "2026-11-28T10:00:00+01:00"
    assert _run(week_env, now, "friend", "import", str(tmp_path / "Connections.csv"))[0] == 0
    import meetup.keepintouch.run as controller
    from meetup.errors import UsageError

    real = controller.create_invite

    def racing(app: object, request: controller.InviteRequest, echo: object) -> object:
        if request.friend == "Jonas Weiß":  # a cron run invited Jonas a moment ago
            raise UsageError("Jonas Weiß has an open invite (invite 9); add --again to invite anyway")
        return real(app, request, echo)  # type: ignore[arg-type]

    monkeypatch.setattr(controller, "create_invite", racing)
    code, out, err = _run(
        week_env, now, "week", "--tag", "linkedin", "--per-day", "1", "--days", "2", "--start", "2026-11-30",
        "--via", "email",
    )  # fmt: skip
    assert code == 0, err
    summary = out.splitlines()
    summary = summary[summary.index("week 1: 2 calls planned") :]
    assert summary == [
        "week 1: 2 calls planned",
        "  Mon 30 Nov: Amélie Dubois (invite 1)",
        "  Tue 01 Dec: Chidi Okafor (invite 2)",
    ]
    assert 'To: "Chidi Okafor"' in out  # no address: printed for sending by hand
    assert "Jonas Weiß not invited: Jonas Weiß has an open invite (invite 9)" in err
    assert "invite 1 to Amélie Dubois is recorded but not sent" in err and "meetup invite --resend 1" in err
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    assert conn.execute("SELECT state FROM messages WHERE invite_id = 1").fetchone()[0] == "failed"


def test_old_friends_get_an_old_friends_message_new_connections_a_first_one(
    tmp_path: Path, week_env: dict[str, str]
) -> None:
    from meetup.invite.composer import FIRST_CONTACT_OPENERS

    now = "2026-11-28T10:00:00+01:00"
    for name in ("Sam Lee", "Priya Raman"):
        email = f"{name.split()[0].lower()}@example.net"
        assert (
            _run(week_env, now, "friend", "add", name, "--email", email, "--phone", "+44 20 7946 0958")[0]
            == 0
        )
        assert _run(week_env, now, "friend", "edit", name, "--tag", "college")[0] == 0
    assert _run(week_env, now, "met", "sam", "--on", "2026-06-01", "--how", "dinner")[0] == 0
    code, _, err = _run(week_env, now, "week", "--tag", "college", "--start", "2026-12-01", "--via", "outbox")
    assert code == 0, err
    mails = _outbox(tmp_path)
    # phones known: nobody is asked for a number
    assert {to: _opening(body) for to, (body,) in mails.items()} == {
        "priya@example.net": "Good to be connected! How about a quick call in the next few days? I'm curious "
        "what you're focused on at the moment, and happy to help where I can.",
        "sam@example.net": "Are you up for a quick call in the next few days? It would be good to hear what "
        "you're up to and what you could use a hand with.",
    }
    openers = [o.split("{what}")[0] for o in FIRST_CONTACT_OPENERS]
    assert not any(o in mails["sam@example.net"][0] for o in openers)
