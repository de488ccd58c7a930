"""Server failures become one clear line naming the account; transient ones are retried."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from meetup_caldav import CalDavUnavailable, create
from meetup_caldav.http import RetryPolicy

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, ProviderContext
from meetup.cli import main
from meetup.errors import ConfigError

pytestmark = pytest.mark.server
UTC_ZONE = ZoneInfo("UTC")
DAY = Interval(datetime(2026, 3, 2, tzinfo=UTC_ZONE), datetime(2026, 3, 3, tzinfo=UTC_ZONE))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(
        main,
        ["--config", str(config), "--now", "2026-03-02T00:00", "slots", "--days", "1", *args],
        catch_exceptions=False,
    )


def error_lines(result: Any) -> list[str]:
    assert "Traceback" not in result.output + result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("meetup: error:")]


def provider(radicale: Any, tmp_path: Path, sleeps: list[float], **options: Any) -> Any:
    values = {"url": radicale.url, "username": "alice", "password_env": "MEETUP_TEST_PW_ALICE", **options}
    warnings: list[str] = []
    context = ProviderContext(tmp_path / "cache", tmp_path, warnings.append, UTC_ZONE)
    made = create(CalendarConfig("dav", "caldav", values), context, retry=RetryPolicy(sleep=sleeps.append))
    made.warnings = warnings  # type: ignore[attr-defined]  # what the test reads back
    return made


def test_wrong_password_is_one_line_naming_the_account(
    radicale: Any, meetup_env: Path, fixtures: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEETUP_TEST_PW_ALICE", "not-the-password")
    config = meetup_env / "meetup.toml"
    config.write_text(fixtures.account_toml("work", radicale.url))
    result = run(config, "--calendar", "work")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "meetup: error: CalDAV account 'work': finding the principal: "
        "the server refused the username or password (HTTP 401)"
    ]
    assert "not-the-password" not in result.output + result.stderr
    # From the config (not named on the command line) it is a warning, then "nothing readable".
    result = run(config)
    assert result.exit_code != 0
    assert result.stderr == (
        "meetup: warning: calendar 'work' skipped: CalDAV account 'work': finding the principal: the server "
        "refused the username or password (HTTP 401)\nmeetup: error: no calendar could be read (1 failed)\n"
    )


def test_missing_calendar_names_what_the_account_offers(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "errs-there", "There")
    config = meetup_env / "meetup.toml"
    config.write_text(fixtures.account_toml("home", radicale.url, calendars=["Nope"]))
    result = run(config, "--calendar", "home")
    assert result.exit_code == 1
    [line] = error_lines(result)
    head, offered = line.split(" (the account offers: ")
    assert head == "meetup: error: CalDAV account 'home': calendar(s) 'Nope' not found"
    # Other tests share the server's account: the list holds theirs too, and this one's by name.
    assert offered.endswith(")") and "There" in offered[:-1].split(", ")


def test_server_down_tls_and_timeout_are_clear(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    config = meetup_env / "meetup.toml"
    down = f"http://127.0.0.1:{free_port()}/"
    config.write_text(fixtures.account_toml("down", down, extra="retries = 1"))
    [line] = error_lines(run(config, "--calendar", "down"))
    assert line == (
        f"meetup: error: CalDAV account 'down': finding the principal: cannot connect to {down}: "
        "Connection refused"
    )

    tls = radicale.direct.replace("http://", "https://") + "/"
    config.write_text(fixtures.account_toml("tls", tls, extra="retries = 1"))
    [line] = error_lines(run(config, "--calendar", "tls"))
    assert line.startswith("meetup: error: CalDAV account 'tls': finding the principal: TLS error talking to")

    radicale.proxy.reset()
    radicale.proxy.inject.append(("PROPFIND", "/", 0, b"", 2.5))
    config.write_text(fixtures.account_toml("slow", radicale.url, extra="retries = 1\ntimeout = 1"))
    [line] = error_lines(run(config, "--calendar", "slow"))
    assert line == (
        f"meetup: error: CalDAV account 'slow': finding the principal: {radicale.url} did not answer within 1 s"
    )


def test_forbidden_collection(radicale: Any, meetup_env: Path, passwords: None, fixtures: Any) -> None:
    config = meetup_env / "meetup.toml"
    config.write_text(fixtures.account_toml("peek", radicale.url + "alice/", user="bob"))
    [line] = error_lines(run(config, "--calendar", "peek"))
    assert line == (
        "meetup: error: CalDAV account 'peek': finding the principal: access denied by the server "
        f"(HTTP 403 for PROPFIND {radicale.url}alice/)"
    )


def test_transient_errors_are_retried_with_backoff(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "flaky", "Flaky")
    radicale.put("/alice/flaky/f.ics", fixtures.event("f", "20260302T170000Z", "20260302T180000Z"))
    sleeps: list[float] = []
    account = provider(radicale, tmp_path, sleeps, calendars=["Flaky"])
    radicale.proxy.reset()
    radicale.proxy.inject += [("PROPFIND", "/", 503, b"", 0.0), ("PROPFIND", "/", 502, b"", 0.0)]
    assert len(account.busy(DAY)) == 1
    assert sleeps == [0.5, 2.0]  # two waits, growing

    sleeps.clear()
    radicale.proxy.inject += [("PROPFIND", "/", 500, b"", 0.0)] * 3
    with pytest.raises(
        CalDavUnavailable,
        match=r"CalDAV account 'dav': listing calendars: server error HTTP 500.*after 3 attempts",
    ):
        account.busy(DAY)
    assert sleeps == [0.5, 2.0]


def test_one_failing_calendar_leaves_the_others_in_use(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "part-a", "Part A")
    radicale.mkcalendar("alice", "part-b", "Part B")
    radicale.put("/alice/part-a/a.ics", fixtures.event("a", "20260302T170000Z", "20260302T180000Z"))
    radicale.put("/alice/part-b/b.ics", fixtures.event("b", "20260302T190000Z", "20260302T200000Z"))
    account = provider(radicale, tmp_path, [], calendars=["Part A", "Part B"])
    radicale.proxy.reset()
    radicale.proxy.inject += [("REPORT", "/alice/part-b/", 500, b"", 0.0)] * 3
    busy = account.busy(DAY)
    assert [(i.start.hour, i.end.hour) for i in busy] == [(17, 18)]
    [warning] = account.warnings
    assert warning == (
        f"CalDAV account 'dav': calendar 'Part B': server error HTTP 500 for REPORT {radicale.url}alice/part-b/ "
        "(after 3 attempts) (other calendars of this account still used)"
    )
    # Next time it works again and Part B is read.
    assert sorted((i.start.hour, i.end.hour) for i in account.busy(DAY)) == [(17, 18), (19, 20)]


def test_a_server_that_lies_about_sync_falls_back_to_etags(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "liar", "Liar")
    radicale.put("/alice/liar/l.ics", fixtures.event("l", "20260302T170000Z", "20260302T180000Z"))
    account = provider(radicale, tmp_path, [], calendars=["Liar"])
    radicale.proxy.reset()
    # Advertises a sync-token, then answers sync-collection without one.
    radicale.proxy.inject.append(("REPORT", "/alice/liar/", 207, b'<d:multistatus xmlns:d="DAV:"/>', 0.0))
    assert [(i.start.hour, i.end.hour) for i in account.busy(DAY)] == [(17, 18)]
    assert radicale.proxy.counts["PROPFIND"] == 4  # + the Depth-1 ETag listing

    radicale.proxy.inject.append(("PROPFIND", "/", 207, b"<d:multistatus xmlns:d=", 0.0))
    with pytest.raises(Exception, match=r"CalDAV account .dav.: listing calendars: .* sent malformed XML"):
        account.busy(DAY)


def test_password_handling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keyring_memory: dict[tuple[str, str], str]
) -> None:
    context = ProviderContext(tmp_path, tmp_path, lambda _m: None, UTC_ZONE)
    base = {"url": "https://dav.example.org/", "username": "ann"}
    with pytest.raises(ConfigError, match="plain 'password' in the config file is refused; use password_env"):
        create(CalendarConfig("x", "caldav", {**base, "password": "hunter2"}), context)
    monkeypatch.delenv("NO_SUCH_PW", raising=False)
    with pytest.raises(ConfigError, match="environment variable NO_SUCH_PW"):
        create(CalendarConfig("x", "caldav", {**base, "password_env": "NO_SUCH_PW"}), context)

    keyring_memory[("meetup", "ann")] = "from-keyring"
    made = create(CalendarConfig("x", "caldav", base), context)
    assert made.settings.password == "from-keyring"
    with pytest.raises(ConfigError, match=r"no password in the OS keyring .*'meetup'.*'bob'"):
        create(CalendarConfig("x", "caldav", {**base, "username": "bob"}), context)


def test_free_busy_query_mode(radicale: Any, tmp_path: Path, passwords: None, fixtures: Any) -> None:
    radicale.mkcalendar("alice", "fbq", "FBQ")
    radicale.put("/alice/fbq/busy.ics", fixtures.event("busy", "20260302T170000Z", "20260302T180000Z"))
    account = provider(radicale, tmp_path, [], calendars=["FBQ"], read="freebusy")
    radicale.proxy.reset()
    busy = account.busy(DAY)
    assert [(i.start.hour, i.end.hour) for i in busy] == [(17, 18)]
    assert radicale.proxy.counts["REPORT"] == 1  # one free-busy-query, no event download


def test_the_listing_uses_the_full_client_when_it_needs_more_than_basic_auth(
    radicale: Any, tmp_path: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "light", "Light")
    radicale.put("/alice/light/l.ics", fixtures.event("l", "20260302T170000Z", "20260302T180000Z"))
    provider(radicale, tmp_path, [], calendars=["Light"]).busy(DAY)  # discovery + sync: caldav.DAVClient
    warm = provider(radicale, tmp_path, [], calendars=["Light"])
    radicale.proxy.reset()
    assert len(warm.busy(DAY)) == 1
    assert warm.http._client is None and radicale.proxy.total == 1  # plain http.client only
    custom_ca = provider(radicale, tmp_path, [], calendars=["Light"], verify_tls=False)
    radicale.proxy.reset()
    assert len(custom_ca.busy(DAY)) == 1
    assert custom_ca.http._client is not None and radicale.proxy.total == 1
