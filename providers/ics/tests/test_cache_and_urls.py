"""The digest cache (files and URLs) and fetching feeds from a real HTTP server on loopback."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import meetup_ics.components as components_module
import meetup_ics.expand as expand_module
import meetup_ics.fragments as fragments_module
import pytest
from ics_helpers import BERLIN, calendar, provider

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderError

WEEK = Interval(datetime(2026, 11, 23, tzinfo=BERLIN), datetime(2026, 11, 30, tzinfo=BERLIN))
ONE_OFF = "BEGIN:VEVENT\nUID:a\nDTSTAMP:20261101T000000Z\nDTSTART:20261124T170000Z\nDTEND:20261124T180000Z\nEND:VEVENT"
SERIES = (
    "BEGIN:VEVENT\nUID:s\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Europe/Berlin:20240105T180000\n"
    "DTEND;TZID=Europe/Berlin:20240105T190000\nRRULE:FREQ=WEEKLY\nEND:VEVENT"
)
UNKNOWN_ZONE = (
    "BEGIN:VEVENT\nUID:b\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Mars Standard Time:20261126T170000\n"
    "DTEND;TZID=Mars Standard Time:20261126T180000\nEND:VEVENT"
)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts full parses and series expansions done by the provider."""
    counts = {"parse": 0, "expand": 0}
    real_build, real_expand = fragments_module.build, expand_module.expand_many

    def build(*args: object, **kwargs: object) -> object:
        counts["parse"] += 1
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    def expand(*args: object, **kwargs: object) -> object:
        counts["expand"] += 1
        return real_expand(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fragments_module, "build", build)
    monkeypatch.setattr(expand_module, "expand_many", expand)
    return counts


def test_unchanged_file_is_parsed_once_and_series_expanded_once(
    tmp_path: Path, counting: dict[str, int]
) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(ONE_OFF + "\n" + SERIES))
    first = provider(source, tmp_path / "cache", []).busy(WEEK)
    second = provider(source, tmp_path / "cache", []).busy(WEEK)
    assert sorted(first) == sorted(second) and len(first) == 2
    assert counting == {"parse": 1, "expand": 1}


def test_changed_file_is_parsed_again_but_a_touched_one_is_not(
    tmp_path: Path, counting: dict[str, int]
) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(ONE_OFF))
    provider(source, tmp_path / "cache", []).busy(WEEK)
    later = time.time() + 10
    os.utime(source, (later, later))  # touched: same bytes
    provider(source, tmp_path / "cache", []).busy(WEEK)
    assert counting["parse"] == 1
    source.write_text(calendar(ONE_OFF.replace("T170000Z", "T150000Z")))
    got = provider(source, tmp_path / "cache", []).busy(WEEK)
    assert counting["parse"] == 2
    assert got[0].start.hour == 15


def test_a_changed_calendar_re_reads_only_the_changed_event_and_keeps_series_expansions(
    tmp_path: Path, counting: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    real_read = fragments_module.read_component

    def reading(raw: components_module.RawComponent, *args: object) -> object:
        read.append(raw.uid or "?")
        return real_read(raw, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fragments_module, "read_component", reading)
    events = [ONE_OFF.replace("UID:a", f"UID:e{n}").replace("T17", f"T{6 + n % 10:02d}") for n in range(50)]
    source = tmp_path / "cal.ics"
    source.write_text(calendar("\n".join([*events, SERIES])))
    first = provider(source, tmp_path / "cache", []).busy(WEEK)
    assert len(read) == 51 and counting == {"parse": 1, "expand": 1}
    added = ONE_OFF.replace("UID:a", "UID:added").replace("20261124T17", "20261125T05")
    added = added.replace("20261124T18", "20261125T06")
    source.write_text(calendar("\n".join([*events, added, SERIES])))
    second = provider(source, tmp_path / "cache", []).busy(WEEK)
    assert read[51:] == ["added"]  # one component read again, not 52
    assert counting == {"parse": 2, "expand": 1}  # the series' months are still known
    assert sorted(set(second) - set(first)) == [
        Interval(datetime(2026, 11, 25, 6, tzinfo=BERLIN), datetime(2026, 11, 25, 7, tzinfo=BERLIN))
    ]


def test_corrupt_or_deleted_cache_is_rebuilt(tmp_path: Path, counting: dict[str, int]) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(ONE_OFF))
    cache = tmp_path / "cache"
    expected = provider(source, cache, []).busy(WEEK)
    for entry in (cache / "ics").glob("*.json"):
        entry.write_text("{not json")
    assert provider(source, cache, []).busy(WEEK) == expected
    import shutil

    shutil.rmtree(cache)
    assert provider(source, cache, []).busy(WEEK) == expected
    assert counting["parse"] == 3


def test_warnings_are_repeated_from_the_cache(tmp_path: Path) -> None:
    source = tmp_path / "cal.ics"
    source.write_text(calendar(UNKNOWN_ZONE))
    first: list[str] = []
    second: list[str] = []
    # an unknown zone is read in the default zone (Berlin): 17:00 is 16:00 UTC, from the cache too
    expected = [Interval(datetime(2026, 11, 26, 16, tzinfo=UTC), datetime(2026, 11, 26, 17, tzinfo=UTC))]
    assert provider(source, tmp_path / "cache", first).busy(WEEK) == expected
    assert provider(source, tmp_path / "cache", second).busy(WEEK) == expected
    assert (
        first
        == second
        == [f"{source}: VEVENT UID b: unknown time zone 'Mars Standard Time', using the default zone"]
    )


def test_relative_source_resolves_against_the_config_dir(tmp_path: Path) -> None:
    (tmp_path / "cal.ics").write_text(calendar(ONE_OFF))
    from meetup_ics import IcsCalendar

    from meetup.calendar.providers import CalendarConfig, ProviderContext

    config = CalendarConfig(name="x", provider="ics", options={"source": "cal.ics"}, base_dir=tmp_path)
    context = ProviderContext(tmp_path / "cache", tmp_path, lambda _m: None, BERLIN)
    assert len(IcsCalendar(config, context).busy(WEEK)) == 1


# --- URLs against a real HTTP server on loopback ------------------------------------


class Feed:
    def __init__(self) -> None:
        self.body = calendar(ONE_OFF).encode()
        self.requests: list[dict[str, str]] = []
        self.status = 200
        self.delay = 0.0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest() + '"'


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append({k: v for k, v in self.headers.items()})
            if state.delay:
                time.sleep(state.delay)
            if state.status != 200:
                self.send_error(state.status)
                return
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("ETag", state.etag)
            self.send_header("Last-Modified", "Mon, 23 Nov 2026 08:00:00 GMT")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError):  # the client gave up (the timeout test)
                self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/cal.ics"
    server.shutdown()
    server.server_close()


def test_url_is_revalidated_with_etag_and_not_parsed_again(
    tmp_path: Path, feed: tuple[Feed, str], counting: dict[str, int]
) -> None:
    state, url = feed
    first = provider(url, tmp_path / "cache", []).busy(WEEK)
    second = provider(url, tmp_path / "cache", []).busy(WEEK)
    assert first == second and len(first) == 1
    assert counting["parse"] == 1
    assert "If-None-Match" not in state.requests[0]
    assert state.requests[1]["If-None-Match"] == state.etag
    assert state.requests[1]["If-Modified-Since"] == "Mon, 23 Nov 2026 08:00:00 GMT"
    state.body = calendar(ONE_OFF.replace("T170000Z", "T150000Z")).encode()
    third = provider(url, tmp_path / "cache", []).busy(WEEK)
    assert counting["parse"] == 2 and third[0].start.hour == 15


def test_a_large_feed_reports_download_and_reading_progress(tmp_path: Path, feed: tuple[Feed, str]) -> None:
    from meetup_ics.provider import IcsCalendar

    from meetup.calendar.providers import CalendarConfig, ProviderContext

    state, url = feed
    events = [
        ONE_OFF.replace("UID:a", f"UID:e{n}").replace("20261124T17", f"2026{11 + n % 2}{10 + n % 18}T17")
        for n in range(4000)
    ]
    state.body = calendar("\n".join(events)).encode()
    calls: list[tuple[str, int, int | None]] = []
    context = ProviderContext(
        tmp_path, tmp_path, lambda _m: None, BERLIN, progress=lambda *c: calls.append(c)
    )
    IcsCalendar(CalendarConfig("big", "ics", {"source": url}), context).busy(WEEK)
    download = [(done, total) for what, done, total in calls if what == "calendar 'big': downloading"]
    assert download[0][0] < len(state.body) and download[-1] == (len(state.body), len(state.body))
    assert [d for d, _ in download] == sorted(d for d, _ in download)
    assert all(total == len(state.body) for _, total in download)
    reading = [(done, total) for what, done, total in calls if what == "calendar 'big': reading events"]
    # first "started, size unknown" (the parse is silent), then every 500 events, then done
    assert reading == [(0, None), *((n, 4000) for n in range(0, 4000, 500)), (4000, 4000)]


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404"), (500, "HTTP 500"), (401, "HTTP 401")])
def test_http_errors_are_clear(tmp_path: Path, feed: tuple[Feed, str], status: int, message: str) -> None:
    state, url = feed
    state.status = status
    with pytest.raises(ProviderError, match=f"{url}: {message}"):
        provider(url, tmp_path / "cache", []).busy(WEEK)


def test_timeout_is_clear(tmp_path: Path, feed: tuple[Feed, str]) -> None:
    state, url = feed
    state.delay = 1.5
    with pytest.raises(ProviderError, match=r"no answer within 0\.3 s"):
        provider(url, tmp_path / "cache", [], timeout=0.3).busy(WEEK)


def test_connection_refused_is_clear(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ProviderError, match="cannot connect"):
        provider(f"http://127.0.0.1:{port}/x.ics", tmp_path / "cache", []).busy(WEEK)


def test_webcal_means_https() -> None:
    from meetup_ics.fetch import normalize_url

    assert normalize_url("webcal://example.org/a.ics") == "https://example.org/a.ics"
    assert normalize_url("WEBCALS://example.org/a.ics") == "https://example.org/a.ics"
    assert normalize_url("http://example.org/a.ics") == "http://example.org/a.ics"


def test_unreachable_url_through_the_cli_is_one_line(meetup_env: Path) -> None:
    from click.testing import CliRunner

    from meetup.cli import main

    result = CliRunner().invoke(main, ["slots", "--calendar", "http://127.0.0.1:9/none.ics"])
    assert result.exit_code == 1
    assert result.stderr.startswith("meetup: error: http://127.0.0.1:9/none.ics: cannot connect")
    assert result.stderr.count("\n") == 1


def test_the_cache_holds_no_titles_places_or_people(tmp_path: Path) -> None:
    private = (
        "BEGIN:VEVENT\nUID:p\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Europe/Berlin:20240105T180000\n"
        "DTEND;TZID=Europe/Berlin:20240105T190000\nRRULE:FREQ=WEEKLY\nSUMMARY:Therapy with Dr Quill\n"
        "LOCATION:Quill Clinic\nDESCRIPTION:Quill notes\nATTENDEE;CN=Quill:mailto:quill@example.org\n"
        "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Quill reminder\nTRIGGER:-PT1H\nEND:VALARM\nEND:VEVENT"
    )
    one_off = ONE_OFF.replace("END:VEVENT", "SUMMARY:Quill lunch\nEND:VEVENT")
    source = tmp_path / "cal.ics"
    source.write_text(calendar(private + "\n" + one_off))
    got = provider(source, tmp_path / "cache", []).busy(WEEK)
    assert len(got) == 2  # Friday's series occurrence and the one-off event
    stored = [p.read_text() for p in (tmp_path / "cache" / "ics").glob("*.json")]
    assert len(stored) == 3 and not any("Quill" in text for text in stored)


def test_a_local_file_never_imports_urllib_or_ssl(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "cal.ics"
    source.write_text(calendar(ONE_OFF + "\n" + SERIES))
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom meetup.cli import main\n"
        f"result = CliRunner().invoke(main, ['slots', '--calendar', {str(source)!r}, '--from', '2026-11-23'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('ssl', 'urllib.request', 'http.client') if m in sys.modules))"
    )
    for _ in range(2):  # cold, then warm
        env = {**os.environ, "MEETUP_CACHE_DIR": str(tmp_path / "cache"), "MEETUP_CONFIG_DIR": str(tmp_path)}
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert proc.stdout.strip() == "[]"
