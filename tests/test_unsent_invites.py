"""Never nudge what was never sent: an invite whose first mail did not go out is ``unsent`` (not
open) until ``--resend`` delivers it; it is not nudged and its options are not offered elsewhere.
A second invite to a friend with an open one asks for ``--again``; parallel ``meetup invite``
processes to one friend leave exactly one open invite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T09:00:00+01:00"
LATER = "2026-11-27T09:00:00+01:00"  # past the first nudge (2 days)


def _config(tmp_path: Path, mail: str) -> Path:
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        f'[mail]\nname = "Alex"\nfrom = "alex@example.org"\n{mail}'
    )
    return config


def _run(config: Path, now: str, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", now, *args])


def _states(db: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(db)
    try:
        return [(int(a), str(b)) for a, b in conn.execute("SELECT id, state FROM invites ORDER BY id")]
    finally:
        conn.close()


def test_unsent_invite_is_not_nudged_until_resend_delivers_it(
    meetup_env: Path, tmp_path: Path, smtp_recorder: Any
) -> None:
    no_smtp = _config(tmp_path, '[followup]\nvia = "email"\n')
    assert _run(no_smtp, NOW, "friend", "add", "Ana", "--email", "ana@example.org").exit_code == 0
    failed = _run(no_smtp, NOW, "invite", "ana", "--via", "email")
    assert (failed.exit_code, failed.stderr) == (
        1,
        "meetup: error: [mail] smtp_host is needed to send by email\n",
    )
    db = meetup_env / "data" / "meetup.db"
    assert _states(db) == [(1, "unsent")]
    # another friend's invite may offer the unsent invite's times: they were never offered
    assert _run(no_smtp, NOW, "friend", "add", "Bo", "--email", "bo@example.org").exit_code == 0
    # status names it as unsent, followup never nudges it
    status = _run(no_smtp, LATER, "status")
    assert (
        status.output == "invite 1 Ana: unsent (never delivered); send it with `meetup invite --resend 1`\n"
    )
    nudge = _run(no_smtp, LATER, "followup", "--dry-run")
    assert (nudge.exit_code, nudge.output) == (0, "Nothing is due.\n")
    # a second try asks for --resend instead of stacking another invite
    again = _run(no_smtp, NOW, "invite", "ana", "--via", "email")
    assert (again.exit_code, again.stderr) == (
        2,
        "meetup: error: Ana's invite 1 was never sent: send it with `meetup invite --resend 1` "
        "(or add --again for another invite)\n",
    )
    assert _states(db) == [(1, "unsent")]
    up = _config(
        tmp_path,
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_recorder.port}\nsecurity = "plain"\n[followup]\nvia = "email"\n',
    )
    resent = _run(up, NOW, "invite", "--resend", "1")
    assert resent.exit_code == 0, resent.output
    assert _states(db) == [(1, "open")] and len(smtp_recorder.messages) == 1
    nudged = _run(up, LATER, "followup", "--dry-run")
    assert nudged.output.startswith("invite 1 (Ana): nudge 1 with ")


def test_a_second_invite_needs_again(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, "")
    assert _run(config, NOW, "friend", "add", "Ana", "--email", "ana@example.org").exit_code == 0
    assert _run(config, NOW, "invite", "ana", "--via", "outbox").exit_code == 0
    second = _run(config, NOW, "invite", "ana", "--via", "outbox")
    assert second.exit_code == 2
    assert second.stderr == (
        "meetup: error: Ana already has an open invite (1); add --again to send another one anyway\n"
    )
    assert _run(config, NOW, "invite", "ana", "--via", "outbox", "--again").exit_code == 0
    assert _states(meetup_env / "data" / "meetup.db") == [(1, "open"), (2, "open")]


def test_parallel_invites_to_one_friend_open_once(meetup_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, "")
    assert _run(config, NOW, "friend", "add", "Ana", "--email", "ana@example.org").exit_code == 0
    env = dict(os.environ)
    command = [sys.executable, "-m", "meetup", "--config", str(config), "--now", NOW]
    runs = [
        subprocess.Popen(
            [*command, "invite", "ana", "--via", "outbox"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    codes = []
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert "Traceback" not in err, err
        codes.append(run.returncode)
    assert sorted(codes) == [0, 2, 2, 2]
    assert _states(meetup_env / "data" / "meetup.db") == [(1, "open")]
    assert len(list((meetup_env / "data" / "outbox" / "new").iterdir())) == 1


def test_a_campaign_invite_that_never_went_out_is_not_nudged(meetup_env: Path, tmp_path: Path) -> None:
    no_smtp = _config(tmp_path, '[followup]\nvia = "email"\n')
    for name in ("Ana", "Bo"):
        assert (
            _run(no_smtp, NOW, "friend", "add", name, "--email", f"{name.lower()}@example.org").exit_code == 0
        )
    started = _run(no_smtp, NOW, "campaign", "start", "Dinner", "--friends", "ana,bo")
    assert (started.exit_code, started.stderr) == (
        1,
        "meetup: error: [mail] smtp_host is needed to send by email\n",
    )
    db = meetup_env / "data" / "meetup.db"
    assert _states(db) == [(1, "unsent")]
    nudge = _run(no_smtp, LATER, "followup", "--dry-run")
    assert nudge.output == "Nothing is due.\n"
    # delivered later (the outbox here): the same invite opens, and only then is it followed up
    outbox = _config(tmp_path, '[followup]\nvia = "outbox"\n')
    conn = sqlite3.connect(db)
    conn.execute("UPDATE messages SET transport = 'outbox' WHERE invite_id = 1")
    conn.commit()
    conn.close()
    assert _run(outbox, NOW, "followup").exit_code == 0
    assert _states(db)[0] == (1, "open")
    assert _run(outbox, LATER, "followup", "--dry-run").output.startswith("invite 1 (Ana): nudge 1 with ")
