"""Keep in touch through the CLI: cadences and tags, `met`, `due --json`, notes shown to the user
only, confirmed meetings counting once they happened, LinkedIn import, `invite --next`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-28T10:00:00+01:00"


def run(*args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--now", now, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def kit(meetup_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = meetup_env / "config.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        '[mail]\nfrom = "me@example.org"\nname = "Robin"\n'
        '[keep_in_touch.tags]\ncollege = "8w"\nfamily = "2w"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MEETUP_CONFIG", str(config))
    return meetup_env


def _due(*args: str, now: str = NOW) -> list[dict[str, object]]:
    code, out, err = run("due", "--json", *args, now=now)
    assert code == 0, err
    return list(json.loads(out)["due"])


def test_cadence_tags_met_and_the_due_contract(kit: Path) -> None:
    for name in ("Sam Lee", "Priya Raman", "Mo Khan", "Ana Silva"):
        assert (
            run(
                "friend",
                "add",
                name,
                "--email",
                f"{name.split()[0].lower()}@example.net",
                now="2026-09-01T09:00:00+02:00",
            )[0]
            == 0
        )
    assert run("friend", "edit", "sam", "--every", "6w", now="2026-09-01T09:00:00+02:00")[0] == 0
    assert (
        run(
            "friend",
            "edit",
            "priya",
            "--tag",
            "college",
            "--tag",
            "Climbing",
            now="2026-09-01T09:00:00+02:00",
        )[0]
        == 0
    )
    assert run("friend", "edit", "priya", "--untag", "climbing")[0] == 0
    assert run("friend", "edit", "mo", "--every", "1m", now="2026-10-01T09:00:00+02:00")[0] == 0
    assert run("met", "mo", "--on", "2026-10-20", "--how", "call", "--note", "moving to Leipzig")[0] == 0
    assert run("met", "mo", "--on", "2026-10-02", "--how", "coffee")[0] == 0
    # Sam: never contacted, cadence set 1 Sep -> due 13 Oct: 46 days late on 42
    # Priya: college (8w) since 1 Sep -> due 27 Oct: 32 days late on 56
    # Mo: last 20 Oct, monthly -> due 20 Nov: 8 days late on 31
    # Ana: no cadence, never listed
    assert _due() == [
        {
            "friend": "Sam Lee",
            "last_contact": None,
            "every_days": 42,
            "overdue_days": 46,
            "open_invite": None,
        },
        {
            "friend": "Priya Raman",
            "last_contact": None,
            "every_days": 56,
            "overdue_days": 32,
            "open_invite": None,
        },
        {
            "friend": "Mo Khan",
            "last_contact": "2026-10-20",
            "every_days": 31,
            "overdue_days": 8,
            "open_invite": None,
        },
    ]
    assert [d["friend"] for d in _due("--tag", "college")] == ["Priya Raman"]
    assert run("met", "sam", "--how", "dinner")[0] == 0  # today: Sam's countdown restarts
    assert [d["friend"] for d in _due()] == ["Priya Raman", "Mo Khan"]
    soon = _due("--within", "6w")
    assert soon[-1] == {
        "friend": "Sam Lee", "last_contact": "2026-11-28", "every_days": 42, "overdue_days": -42, "open_invite": None,
    }  # fmt: skip
    _, out, _ = run("friend", "list", "--tag", "college")
    assert out.splitlines() == ["Priya Raman  priya@example.net"]
    _, out, _ = run("friend", "show", "mo")
    assert out.splitlines()[2:] == [
        "every: every month; due 2026-11-20 (8 days overdue)",
        "met:",
        "  2026-10-20 call: moving to Leipzig",
        "  2026-10-02 coffee",
    ]
    _code, out, _ = run("status")
    assert (
        "Due to keep in touch (2;" in out
        and "  Priya Raman: 32 days overdue (every 56 days, no contact yet)" in out
    )
    _, out, _ = run("status", "--json")
    assert json.loads(out)["due"] == _due()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["friend", "edit", "sam", "--every", "6x"],
            "--every '6x': use a number and d, w or m (days, weeks, months), like 10d, 6w or 3m",
        ),
        (
            ["met", "sam", "--on", "2026-12-24"],
            "--on 2026-12-24: that is in the future; record a meeting once it has happened",
        ),
        (["met", "sam", "--on", "24.12."], "--on '24.12.': give a date as YYYY-MM-DD (or today, yesterday)"),
        (
            ["due", "--within", "soon"],
            "--within 'soon': use a number and d, w or m (days, weeks, months), like 10d, 6w or 3m",
        ),
        (["due", "--within", "2m"], "--within '2m': give days or weeks, like 7d or 2w"),
        (
            ["friend", "edit", "sam", "--tag", "a,b"],
            "--tag 'a,b': a tag is one word or phrase without commas",
        ),
    ],
)
def test_bad_input_is_one_line(kit: Path, args: list[str], message: str) -> None:
    run("friend", "add", "Sam Lee")
    code, _, err = run(*args)
    assert (code, err) == (2, f"meetup: error: {message}\n")


def _accept_first_option(name: str, now: str) -> int:
    code, out, err = run("invite", name, "--via", "outbox", "--days", "3", "--json", now=now)
    assert code == 0, err
    invite = json.loads(out)["invite"]
    code, out, err = run("reply", name, "yes", "--option", "1", "--phone", "+44 20 7946 0958", now=now)
    assert code == 0, err
    assert "phone number kept: +44 20 7946 0958" in out
    return int(invite)


def test_a_confirmed_meeting_counts_once_it_has_happened(kit: Path) -> None:
    run("friend", "add", "Sam Lee", "--email", "sam@example.net", now="2026-09-01T09:00:00+02:00")
    run("friend", "edit", "sam", "--every", "2w", now="2026-09-01T09:00:00+02:00")
    invite = _accept_first_option("sam", NOW)
    conn = sqlite3.connect(kit / "data" / "meetup.db")
    start, end = conn.execute(
        "SELECT start_utc, end_utc FROM invite_options WHERE invite_id = ? AND state = 'chosen'", (invite,)
    ).fetchone()
    before = _due(now=start)
    assert before[0]["last_contact"] is None and before[0]["open_invite"] is None  # accepted: no longer open
    after = _due("--within", "3w", now=end)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    met_on = datetime.fromisoformat(end).astimezone(ZoneInfo("Europe/Berlin")).date().isoformat()
    assert after[0]["last_contact"] == met_on and after[0]["overdue_days"] == -14
    _code, out, _ = run("friend", "show", "sam", now=end)
    assert f"  {met_on} coffee (invite {invite})" in out
    assert "phone: +44 20 7946 0958" in out


def test_notes_are_shown_to_the_user_never_sent(kit: Path) -> None:
    run("friend", "add", "Sam Lee", "--email", "sam@example.net")
    assert run("friend", "note", "sam", "looking for a flat in Leipzig")[0] == 0
    run("met", "sam", "--on", "2026-11-01", "--how", "call", "--note", "new job at the museum")
    code, out, err = run("invite", "sam", "--via", "print")
    assert code == 0, err
    assert (
        "about Sam Lee:" in err and "looking for a flat in Leipzig" in err and "new job at the museum" in err
    )
    assert "Leipzig" not in out and "museum" not in out and "To: " in out


def test_linkedin_import_tags_notes_and_reimport(kit: Path) -> None:
    csv = ROOT / "examples" / "Connections.csv"
    code, out, _ = run("friend", "import", str(csv))
    assert code == 0 and "8 added, 0 updated, tagged linkedin; 5 without an email address" in out
    code, out, _ = run("friend", "import", str(csv))
    assert "0 added, 8 updated" in out
    code, out, _ = run("friend", "show", "amelie")  # accents folded when looking a name up
    assert out.splitlines() == [
        "name:  Amélie Dubois",
        "tags:  linkedin",
        "linkedin: https://www.linkedin.com/in/amelie-dubois-3a1b2c connected 2026-11-12",
        "notes:",
        "  2026-11-28 Head of Product at Solaire, SAS [linkedin]",
    ]
    assert len(run("friend", "list", "--tag", "linkedin")[1].splitlines()) == 8
    assert "jonas.weiss@example.de" in run("friend", "show", "jonas weiss")[1]


def test_linkedin_bad_file(kit: Path, tmp_path: Path) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_text("Name,Email\nSam,sam@example.net\n", encoding="utf-8")
    code, _, err = run("friend", "import", str(bad))
    assert (code, err) == (
        1,
        f"meetup: error: {bad}: not a LinkedIn connections export (no 'First Name,Last Name,...' header line)\n",
    )
    assert run("friend", "list")[1].startswith("No friends yet")


def test_invite_next_takes_the_most_overdue_without_an_open_invite(kit: Path) -> None:
    early = "2026-09-01T09:00:00+02:00"
    for name, every in (("Sam Lee", "6w"), ("Priya Raman", "2w"), ("Mo Khan", "3m")):
        run("friend", "add", name, "--email", f"{name.split()[0].lower()}@example.net", now=early)
        run("friend", "edit", name, "--every", every, now=early)
    code, out, err = run("invite", "--next", "--via", "outbox", "--json")
    assert code == 0, err
    assert json.loads(out)["friend"] == "Priya Raman"  # 74 days late on 14
    assert [(d["friend"], d["open_invite"]) for d in _due()][:2] == [("Priya Raman", 1), ("Sam Lee", None)]
    code, out, err = run("invite", "--next", "--via", "outbox", "--json")
    assert json.loads(out)["friend"] == "Sam Lee"
    code, out, err = run("invite", "--next", "--tag", "college", "--via", "outbox")
    assert code == 2 and "nobody tagged 'college' is due" in err
    # without --next, --tag invites everyone with the tag as a group (issue 14): nobody has it here
    assert "no friend has the tag 'college'" in run("invite", "--tag", "college")[2]
    assert "give either FRIEND or --next, not both" in run("invite", "sam", "--next")[2]


def test_a_no_is_not_answered_with_a_new_invite_next_week(kit: Path) -> None:
    early = "2026-09-01T09:00:00+02:00"
    run("friend", "add", "Dev Rao", "--email", "dev@example.net", now=early)
    run("friend", "edit", "dev", "--every", "6w", now=early)
    assert run("invite", "--next", "--via", "outbox")[0] == 0
    assert run("reply", "dev", "no")[0] == 0
    assert _due()[0]["friend"] == "Dev Rao"  # a "no" is not contact: still due
    code, _, err = run("invite", "--next", "--via", "outbox", now="2026-12-06T10:00:00+01:00")
    assert (code, err) == (  # 8 days later: too soon
        2,
        "meetup: error: nobody is due without an open invite (see `meetup due --within 14d`)\n",
    )
    code, out, err = run("invite", "--next", "--via", "outbox", "--json", now="2026-12-20T10:00:00+01:00")
    assert code == 0, err
    assert json.loads(out)["friend"] == "Dev Rao"  # half the cadence (21 days) later: asked again


def test_phone_by_hand_and_removing_a_friend_removes_their_keep_in_touch_rows(kit: Path) -> None:
    run("friend", "add", "Sam Lee")
    run("friend", "edit", "sam", "--every", "2w", "--tag", "college")
    run("met", "sam", "--how", "call")
    run("friend", "note", "sam", "likes climbing")
    code, out, _ = run("friend", "show", "sam")
    assert code == 0 and "tags:  college" in out
    code, _, err = run("reply", "sam", "yes", "--phone", "not a number")
    assert code == 2 and "--phone 'not a number' is not a phone number" in err
    assert run("friend", "remove", "sam")[0] == 0
    conn = sqlite3.connect(kit / "data" / "meetup.db")
    for table in ("friend_cadences", "friend_tags", "interactions", "friend_notes"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_two_connections_with_one_name_are_two_friends(kit: Path, tmp_path: Path) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        'Notes:\n"..."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
        "John,Smith,https://www.linkedin.com/in/js1,,Acme,CTO,01 Oct 2026\n"
        "John,Smith,https://www.linkedin.com/in/js2,,Globex,Chef,02 Oct 2026\n"
        "John,Smith,https://www.linkedin.com/in/js3,,,,03 Oct 2026\n",
        encoding="utf-8",
    )
    run("friend", "add", "Ana Silva", "--email", "ana@example.net")
    code, out, err = run("friend", "import", str(csv))
    assert code == 0, err
    assert "3 added, 0 updated" in out
    listing = run("friend", "list", "--tag", "linkedin")[1].splitlines()
    assert listing == ["John Smith", "John Smith (2)", "John Smith (Globex)"]
    code, out, _ = run("friend", "import", str(csv))  # matched by profile URL: nothing new
    assert "0 added, 3 updated" in out
    assert "Chef at Globex" in run("friend", "show", "John Smith (Globex)")[1]


def test_a_bad_keep_in_touch_table_is_one_line_and_never_holds_up_followups(kit: Path) -> None:
    config = kit / "config.toml"
    config.write_text(config.read_text() + '[keep_in_touch]\ninvite = "sometimes"\n', encoding="utf-8")
    run("friend", "add", "Sam Lee", "--email", "sam@example.net")
    code, _, err = run("due")
    assert (code, err) == (
        1,
        f'meetup: error: {config}: [keep_in_touch] invite must be "ask" or "auto", got \'sometimes\'\n',
    )
    code, out, err = run("followup")
    assert code == 0, err
    assert "keep in touch skipped" in err and "sent 0" in out
    config.write_text(config.read_text().replace('"sometimes"', '"auto"\nper_week = -1'), encoding="utf-8")
    assert (
        run("due")[2]
        == f"meetup: error: {config}: [keep_in_touch] per_week must be a whole number >= 0, got -1\n"
    )
