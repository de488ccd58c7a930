"""Busy time through a real Radicale server: the same windows as reading the files directly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

pytestmark = pytest.mark.server

#: Files bigger than this are left to the benchmark: uploading them adds time, not coverage.
MAX_EVENTS = 120
_DTSTART = re.compile(r"^DTSTART[^:\r\n]*:(\d{4})(\d{2})(\d{2})", re.MULTILINE)


def slots(config: Path, *args: str, now: str = "2026-03-02T00:00") -> Any:
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "--now", now, "slots", "--json", *args],
        catch_exceptions=False,
    )
    return result


def windows(result: Any) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output + getattr(result, "stderr", "")
    found: list[dict[str, str]] = json.loads(result.stdout)["windows"]
    return found


@pytest.fixture(scope="module")
def corpus_upload(radicale: Any, corpus_dir: Path, fixtures: Any) -> dict[str, Any]:
    """Every corpus file with at most MAX_EVENTS events as its own calendar of alice's."""
    uploaded: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for index, path in enumerate(sorted(corpus_dir.glob("*.ics"))):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        if text.count("BEGIN:VEVENT") > MAX_EVENTS:
            continue
        objects = fixtures.split_calendar(text)
        if not objects or not _DTSTART.search(text):
            rejected[path.name] = "no event with a UID and DTSTART"
            continue
        slug = f"corpus{index:02d}"
        radicale.mkcalendar("alice", slug, slug)
        for number, (_uid, body) in enumerate(objects):
            status = radicale.put(f"/alice/{slug}/obj{number}.ics", body)
            if status not in (201, 204):
                rejected[path.name] = f"Radicale answered {status} to an object"
                break
        else:
            stored = radicale.storage / "collection-root" / "alice" / slug
            if any("X-VOBJ-ORIGINAL-TZID" in f.read_text("utf-8", "replace") for f in stored.glob("*.ics")):
                # Radicale (vobject) drops TZID from DATE values when it stores them, so the
                # server's copy means something else than the file: not comparable.
                rejected[path.name] = "Radicale rewrote DATE values with a TZID"
            else:
                uploaded[path.name] = slug
    return {"uploaded": uploaded, "rejected": rejected}


def test_corpus_through_caldav_gives_the_same_windows_as_the_files(
    radicale: Any,
    corpus_dir: Path,
    corpus_upload: dict[str, Any],
    meetup_env: Path,
    passwords: None,
    fixtures: Any,
) -> None:
    uploaded: dict[str, str] = corpus_upload["uploaded"]
    # A good share of the corpus must make it, or this test proves little.
    assert len(uploaded) >= 40, corpus_upload["rejected"]
    config = meetup_env / "meetup.toml"
    mismatches: dict[str, Any] = {}
    compared = 0
    for name, slug in sorted(uploaded.items()):
        text = (corpus_dir / name).read_bytes().decode("utf-8", "replace")
        # the first event's start (a VTIMEZONE's DTSTART:16010101 is outside --from's years)
        year, month, day = _DTSTART.search(text, max(text.find("BEGIN:VEVENT"), 0)).groups()  # type: ignore[union-attr]
        start = f"{year}-{month}-{day}"
        config.write_text(fixtures.account_toml("dav", radicale.url, calendars=[slug]))
        common = [
            "--from",
            start,
            "--days",
            "14",
            "--tz",
            "Europe/Berlin",
            "--hours",
            "mon-sun 07:00-23:00",
            "--duration",
            "30",
        ]
        direct = slots(config, "--calendar", str(corpus_dir / name), *common)
        via_dav = slots(config, *common)
        if direct.exit_code != 0 and via_dav.exit_code != 0:
            continue  # both refuse (e.g. nothing free): same outcome
        compared += 1
        if direct.exit_code != via_dav.exit_code or windows(direct) != windows(via_dav):
            mismatches[name] = (direct.output[-300:], via_dav.output[-300:])
    print(f"corpus via CalDAV: {compared} files compared; not uploaded: {corpus_upload['rejected']}")
    assert compared >= 40
    assert not mismatches, mismatches


def test_account_reads_all_its_calendars_by_default(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("bob", "home", "Home")
    radicale.mkcalendar("bob", "work", "Work")
    radicale.mkcalendar("bob", "sport", "Sport")
    radicale.put("/bob/home/a.ics", fixtures.event("a", "20260302T170000Z", "20260302T180000Z"), user="bob")
    radicale.put("/bob/work/b.ics", fixtures.event("b", "20260302T190000Z", "20260302T200000Z"), user="bob")
    transparent = fixtures.event("c", "20260302T200000Z", "20260302T210000Z", extra="TRANSP:TRANSPARENT\r\n")
    radicale.put("/bob/sport/c.ics", transparent, user="bob")
    config = meetup_env / "meetup.toml"
    config.write_text('timezone = "UTC"\n' + fixtures.account_toml("bob", radicale.url, user="bob"))
    args = ["--days", "1", "--hours", "mon-sun 16:00-22:00", "--duration", "30"]
    assert windows(slots(config, *args)) == [
        {"start": "2026-03-02T16:00:00+00:00", "end": "2026-03-02T17:00:00+00:00"},
        {"start": "2026-03-02T18:00:00+00:00", "end": "2026-03-02T19:00:00+00:00"},
        {"start": "2026-03-02T20:00:00+00:00", "end": "2026-03-02T22:00:00+00:00"},
    ]
    listing = CliRunner().invoke(main, ["--config", str(config), "calendars"], catch_exceptions=False)
    assert listing.exit_code == 0
    for name, href in (("Home", "/bob/home/"), ("Work", "/bob/work/"), ("Sport", "/bob/sport/")):
        assert f"[x] {name}  ({href})  writable" in listing.stdout
    # A selection narrows both what is read and what `meetup calendars` marks.
    config.write_text(
        'timezone = "UTC"\n' + fixtures.account_toml("bob", radicale.url, user="bob", calendars=["Work"])
    )
    listing = CliRunner().invoke(main, ["--config", str(config), "calendars"], catch_exceptions=False)
    assert listing.stdout == (
        "bob  [caldav]\n"
        "  [ ] Sport  (/bob/sport/)  writable\n  [x] Work  (/bob/work/)  writable\n  [ ] Home  (/bob/home/)  writable\n"
    )
    assert windows(slots(config, *args)) == [
        {"start": "2026-03-02T16:00:00+00:00", "end": "2026-03-02T19:00:00+00:00"},
        {"start": "2026-03-02T20:00:00+00:00", "end": "2026-03-02T22:00:00+00:00"},
    ]


def test_changes_are_seen_and_an_unchanged_calendar_costs_one_request(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "synced", "Synced")
    radicale.mkcalendar("alice", "synced2", "Synced two")
    radicale.put("/alice/synced/one.ics", fixtures.event("one", "20260302T170000Z", "20260302T180000Z"))
    config = meetup_env / "meetup.toml"
    config.write_text(
        'timezone = "UTC"\n' + fixtures.account_toml("a", radicale.url, calendars=["Synced", "Synced two"])
    )
    args = ["--days", "1", "--hours", "mon-sun 16:00-22:00", "--duration", "30"]
    proxy = radicale.proxy
    proxy.reset()
    first = windows(slots(config, *args))
    assert first[0] == {"start": "2026-03-02T16:00:00+00:00", "end": "2026-03-02T17:00:00+00:00"}
    assert proxy.counts["PROPFIND"] == 3  # principal, home set, home listing
    assert proxy.counts["REPORT"] == 3  # sync-collection x2, one multiget (the empty one needs none)

    proxy.reset()
    assert windows(slots(config, *args)) == first
    assert dict(proxy.counts) == {"PROPFIND": 1}  # one request for the whole unchanged account

    # Another client adds, edits and removes events: the next run sees each change.
    radicale.put("/alice/synced2/two.ics", fixtures.event("two", "20260302T200000Z", "20260302T210000Z"))
    proxy.reset()
    assert windows(slots(config, *args)) == [
        {"start": "2026-03-02T16:00:00+00:00", "end": "2026-03-02T17:00:00+00:00"},
        {"start": "2026-03-02T18:00:00+00:00", "end": "2026-03-02T20:00:00+00:00"},
        {"start": "2026-03-02T21:00:00+00:00", "end": "2026-03-02T22:00:00+00:00"},
    ]
    # listing + sync-collection + multiget of the one changed object, only in the changed calendar
    assert dict(proxy.counts) == {"PROPFIND": 1, "REPORT": 2}
    radicale.put("/alice/synced/one.ics", fixtures.event("one", "20260302T160000Z", "20260302T163000Z"))
    status, _, _ = radicale.request("DELETE", "/alice/synced2/two.ics")
    assert status in (200, 204)
    assert windows(slots(config, *args)) == [
        {"start": "2026-03-02T16:30:00+00:00", "end": "2026-03-02T22:00:00+00:00"},
    ]
    proxy.reset()
    windows(slots(config, *args))
    assert proxy.total == 1


def test_a_new_period_reuses_the_copy_without_downloading(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "months", "Months")
    radicale.put("/alice/months/m.ics", fixtures.event("m", "20260615T170000Z", "20260615T180000Z"))
    config = meetup_env / "meetup.toml"
    config.write_text('timezone = "UTC"\n' + fixtures.account_toml("a", radicale.url, calendars=["Months"]))
    args = ["--days", "1", "--hours", "mon-sun 16:00-22:00", "--duration", "30"]
    windows(slots(config, *args))
    radicale.proxy.reset()
    later = windows(slots(config, *args, now="2026-06-15T00:00"))
    assert later[0] == {"start": "2026-06-15T16:00:00+00:00", "end": "2026-06-15T17:00:00+00:00"}
    assert radicale.proxy.total == 1


def test_an_expired_sync_token_means_a_full_resync(
    radicale: Any, meetup_env: Path, passwords: None, fixtures: Any
) -> None:
    radicale.mkcalendar("alice", "expired", "Expired")
    radicale.put("/alice/expired/x.ics", fixtures.event("x", "20260302T170000Z", "20260302T180000Z"))
    config = meetup_env / "meetup.toml"
    config.write_text('timezone = "UTC"\n' + fixtures.account_toml("a", radicale.url, calendars=["Expired"]))
    args = ["--days", "1", "--hours", "mon-sun 16:00-22:00", "--duration", "30"]
    windows(slots(config, *args))
    # The server forgot the token (history pruned): RFC 6578 says answer 403 valid-sync-token.
    [copy_file] = [
        p
        for p in (meetup_env / "cache" / "caldav").rglob("*.json")
        if p.name != "account.json" and not p.name.endswith(".busy.json")
    ]
    copy = json.loads(copy_file.read_text())
    copy["token"] = "http://radicale.org/ns/sync/" + "0" * 32
    copy_file.write_text(json.dumps(copy))
    radicale.put("/alice/expired/y.ics", fixtures.event("y", "20260302T190000Z", "20260302T200000Z"))
    radicale.proxy.reset()
    assert windows(slots(config, *args)) == [
        {"start": "2026-03-02T16:00:00+00:00", "end": "2026-03-02T17:00:00+00:00"},
        {"start": "2026-03-02T18:00:00+00:00", "end": "2026-03-02T19:00:00+00:00"},
        {"start": "2026-03-02T20:00:00+00:00", "end": "2026-03-02T22:00:00+00:00"},
    ]
    # refused sync-collection, a full one without token, one multiget
    assert radicale.proxy.counts["REPORT"] == 3
    assert oct(copy_file.stat().st_mode & 0o777) == "0o600"  # the user's events, private
