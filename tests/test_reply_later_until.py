"""``meetup reply FRIEND later --until WHEN``: a "later" told in person, with the day to ask again
in the user's words; the thanks names that day and ``meetup followup`` invites again on it."""

from __future__ import annotations

import sqlite3
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetup.cli import main
from meetup.invite.composer import AGAIN_OPENERS

NOW = "2026-11-25T20:00:00+00:00"  # a Wednesday


def _env(tmp_path: Path, now: str = NOW) -> dict[str, str]:
    calendar = tmp_path / "me.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n")
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        f'[calendars.home]\nprovider = "ics"\nsource = "{calendar}"\n'
        '[mail]\nfrom = "sam@example.org"\nname = "Sam"\nvia = "outbox"\n[followup]\nvia = "outbox"\n'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": now,
    }


def _run(tmp_path: Path, *args: str, now: str = NOW) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=_env(tmp_path, now))
    return result.exit_code, result.output


def _invited(tmp_path: Path) -> None:
    assert _run(tmp_path, "friend", "add", "Ana Lima", "--email", "ana@example.org")[0] == 0
    assert _run(tmp_path, "invite", "ana") == (0, "invite 1 to Ana Lima sent (outbox)\n")


def _mails(tmp_path: Path) -> list[tuple[str, str]]:
    """(subject, plain text) of every mail in the outbox, oldest first."""
    found = []
    for path in sorted((tmp_path / "data" / "outbox" / "new").iterdir(), key=lambda p: p.stat().st_mtime_ns):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        found.append((str(message["Subject"]), body.get_content().replace("\r\n", "\n")))
    return found


def _invite_rows(tmp_path: Path) -> list[tuple[int, str, str | None]]:
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    try:
        return conn.execute("SELECT id, state, ask_again_at FROM invites ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("words", "day", "shown"),
    [
        ("in January", "2027-01-01", "Fri 01 Jan 2027"),
        ("in two weeks", "2026-12-09", "Wed 09 Dec 2026"),
        ("after the holidays", "2027-01-07", "Thu 07 Jan 2027"),
        ("15 March", "2027-03-15", "Mon 15 Mar 2027"),
        ("2027-02-01", "2027-02-01", "Mon 01 Feb 2027"),
        ("nächsten Monat", "2026-12-01", "Tue 01 Dec 2026"),
    ],
)
def test_later_until_words_or_a_date_sets_the_day_to_ask_again(
    tmp_path: Path, words: str, day: str, shown: str
) -> None:
    _invited(tmp_path)
    code, output = _run(tmp_path, "reply", "ana", "later", "--until", words)
    assert (code, output) == (
        0,
        f"invite 1: recorded later; follow-ups stopped; a new invitation goes on {shown}\n",
    )
    assert _invite_rows(tmp_path) == [(1, "declined", day)]


def test_the_thanks_names_the_day_and_followup_invites_again_on_it(tmp_path: Path) -> None:
    _invited(tmp_path)
    assert _run(tmp_path, "reply", "ana", "later", "--until", "in January")[0] == 0
    (invite_subject, _), (thanks_subject, thanks) = _mails(tmp_path)
    assert thanks_subject == f"Re: {invite_subject}"
    assert "around 1 January" in thanks
    assert _run(tmp_path, "followup", now="2026-12-31T10:00:00+00:00")[1] == (
        "sent 0, already sent before a crash 0, failed 0\n"
    )
    assert len(_mails(tmp_path)) == 2
    code, output = _run(tmp_path, "followup", now="2027-01-01T10:00:00+00:00")
    assert code == 0 and "invited Ana Lima again, as they asked (invite 2)" in output
    assert [row[:2] for row in _invite_rows(tmp_path)] == [(1, "declined"), (2, "open")]
    *_, (_, again) = _mails(tmp_path)
    assert len(_mails(tmp_path)) == 3
    # the new invite says it is the asked-for second try, not "it's been too long"
    assert again.split("\n\n")[1] in {o.format(what="a coffee") for o in AGAIN_OPENERS}


def test_later_without_until_promises_no_day(tmp_path: Path) -> None:
    _invited(tmp_path)
    assert _run(tmp_path, "reply", "ana", "later") == (0, "invite 1: recorded later; follow-ups stopped\n")
    assert _invite_rows(tmp_path) == [(1, "declined", None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["later", "--until", "whenever"], "--until 'whenever': not a date (give e.g. 2027-01-10, 'in two weeks' or 'in January')"),
        (["later", "--until", "2026-11-01"], "--until '2026-11-01': Sun 01 Nov 2026 is not after today"),
        (["later", "--until", "2026-11-25"], "--until '2026-11-25': Wed 25 Nov 2026 is not after today"),
        (["later", "--until", "2999-01-01"], "--until: '2999-01-01' is outside the years 1970-2200"),
        (["yes", "--option", "1", "--until", "in January"], "--until only goes with later, not yes"),
        (["no", "--until", "in January"], "--until only goes with later, not no"),
    ],
)  # fmt: skip
def test_a_bad_until_is_one_line_and_records_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    _invited(tmp_path)
    code, output = _run(tmp_path, "reply", "ana", *args)
    assert (code, output) == (2, f"meetup: error: {message}\n")
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    try:
        assert conn.execute("SELECT id, state FROM invites").fetchall() == [(1, "open")]
    finally:
        conn.close()
    assert len(_mails(tmp_path)) == 1
