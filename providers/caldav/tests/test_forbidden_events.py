"""A calendar whose events the user may not read, only its free/busy: Radicale with a rights
file that gives alice ``f`` (free/busy, no event details) on a team calendar bob keeps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

pytestmark = pytest.mark.server

RIGHTS = """\
[alice-sees-only-when-the-team-is-busy]
user: alice
collection: alice/team(/.*)?
permissions: f

[bob-keeps-the-team-calendar]
user: bob
collection: alice/team(/.*)?
permissions: rw

[owner]
user: .+
collection: {user}(/.*)?
permissions: RrWw

[principals]
user: .+
collection: [^/]+
permissions: R

[root]
user: .+
collection:
permissions: R
"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, fixtures: Any) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("radicale-rights")
    (root / "rights").write_text(RIGHTS)
    with fixtures.running_radicale(root, f"[rights]\ntype = from_file\nfile = {root / 'rights'}\n") as server:
        server.request("PROPFIND", "/alice/", headers={"Depth": "0"})  # alice's home exists
        body = (
            '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            "<d:set><d:prop><d:displayname>Team</d:displayname></d:prop></d:set></c:mkcalendar>"
        )
        assert server.request("MKCALENDAR", "/alice/team/", user="bob", body=body)[0] == 201
        offsite = fixtures.event(
            "offsite", "20260302T140000Z", "20260302T150000Z", summary="Offsite with Quirrell at Hogsmeade"
        )
        status, _, _ = server.request(
            "PUT", "/alice/team/offsite.ics", user="bob", body=offsite,
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )  # fmt: skip
        assert status == 201
        yield server


def test_events_forbidden_then_free_busy_is_used(
    shared: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    # Radicale itself refuses alice the events: the fallback below is not a test artefact.
    status, _, _ = shared.request("GET", "/alice/team/offsite.ics")
    assert status == 403
    config = meetup_env / "meetup.toml"
    config.write_text(fixtures.account_toml("alice_fb", shared.url))
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "--now", "2026-03-01T12:00", "slots", "--calendar", "alice_fb",
         "--from", "2026-03-02", "--days", "1", "--tz", "UTC", "--hours", "mon 12:00-18:00", "--json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "meetup: warning: CalDAV account 'alice_fb': calendar 'Team': events not readable, "
        "using the server's free/busy"
    ]

    # 14:00-15:00 UTC is busy (from the server's VFREEBUSY), so two windows remain around it.
    windows = [(w["start"], w["end"]) for w in json.loads(result.stdout)["windows"]]
    assert windows == [
        ("2026-03-02T12:00:00+00:00", "2026-03-02T14:00:00+00:00"),
        ("2026-03-02T15:00:00+00:00", "2026-03-02T18:00:00+00:00"),
    ]
    assert "Quirrell" not in result.stdout + result.stderr and "Hogsmeade" not in result.stdout
