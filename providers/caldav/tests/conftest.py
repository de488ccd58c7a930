"""A real Radicale server (subprocess, own storage, htpasswd auth) behind a counting proxy.

The proxy sits on loopback between meetup and Radicale: it counts requests per method, so
tests can assert that an unchanged calendar costs exactly one request, and it can answer
with injected failures (5xx, a lying server) before Radicale sees anything.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

USERS = {"alice": "wonderland", "bob": "builder"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Proxy:
    """Forwards to Radicale; ``counts`` by method.

    ``inject`` holds ``(method, path fragment, status, body, delay)`` rules: the first rule a
    request matches is used once (status 0 = forward after ``delay`` seconds)."""

    target_port: int
    counts: Counter[str] = field(default_factory=Counter)
    inject: list[tuple[str, str, int, bytes, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.inject.clear()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def start(self) -> ThreadingHTTPServer:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.counts[self.command] += 1
                    rule = next(
                        (r for r in proxy.inject if r[0] in ("*", self.command) and r[1] in self.path), None
                    )
                    if rule is not None:
                        proxy.inject.remove(rule)
                if rule is not None and rule[4]:
                    time.sleep(rule[4])
                if rule is not None and rule[2]:
                    status, payload = rule[2], rule[3]
                    self.send_response(status)
                    self.send_header("Content-Type", "application/xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                reply = upstream.getresponse()
                payload = reply.read()
                self.send_response(reply.status, reply.reason)
                for key, value in reply.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                upstream.close()

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCALENDAR = _any
            do_OPTIONS = do_PROPPATCH = do_POST = do_HEAD = do_MKCOL = _any

        server = _QuietServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up before the reply is written (the CalDAV library drops a connection
    it no longer needs) is no error of the proxy's: without this, socketserver prints a
    BrokenPipeError traceback to the stderr that CliRunner captures, failing a test for noise."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class Radicale:
    direct: str  # http://127.0.0.1:PORT (Radicale itself)
    url: str  # through the counting proxy
    proxy: Proxy
    storage: Path

    def request(
        self,
        method: str,
        path: str,
        *,
        user: str = "alice",
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """A raw request straight to Radicale (test set-up, edits 'on the phone')."""
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.direct + path, data=data or None, method=method)
        token = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, dict(reply.headers), reply.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def mkcalendar(self, user: str, slug: str, name: str) -> str:
        body = (
            '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            f"<d:set><d:prop><d:displayname>{name}</d:displayname></d:prop></d:set></c:mkcalendar>"
        )
        path = f"/{user}/{slug}/"
        status, _, reply = self.request("MKCALENDAR", path, user=user, body=body)
        assert status == 201, (status, reply[:300])
        return path

    def put(self, path: str, ics: str, *, user: str = "alice") -> int:
        status, _, _ = self.request(
            "PUT", path, user=user, body=ics, headers={"Content-Type": "text/calendar; charset=utf-8"}
        )
        return status


OWNER_ONLY = "[rights]\ntype = owner_only\n"


@contextlib.contextmanager
def running_radicale(root: Path, rights: str = OWNER_ONLY) -> Iterator[Radicale]:
    """Radicale in a subprocess with its own storage under ``root`` and the given ``[rights]``."""
    pytest.importorskip("radicale")
    (root / "users").write_text("".join(f"{u}:{p}\n" for u, p in USERS.items()))
    port = free_port()
    (root / "config").write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {root / "users"}
htpasswd_encryption = plain
delay = 0
{rights}[storage]
filesystem_folder = {root / "collections"}
[web]
type = none
[logging]
level = warning
"""
    )
    log = (root / "radicale.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(root / "config")], stdout=log, stderr=log
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Radicale did not start: {(root / 'radicale.log').read_text()[-2000:]}")
            time.sleep(0.1)
    proxy = Proxy(target_port=port)
    server = proxy.start()
    try:
        yield Radicale(
            direct=f"http://127.0.0.1:{port}",
            url=f"http://127.0.0.1:{proxy.port}/",
            proxy=proxy,
            storage=root / "collections",
        )
    finally:
        server.shutdown()
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with running_radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


def account_toml(
    name: str, url: str, *, user: str = "alice", calendars: list[str] | None = None, extra: str = ""
) -> str:
    """A ``[calendars.NAME]`` table for a Radicale account (password from $MEETUP_TEST_PW_<USER>)."""
    lines = [
        f"[calendars.{name}]",
        'provider = "caldav"',
        f'url = "{url}"',
        f'username = "{user}"',
        f'password_env = "MEETUP_TEST_PW_{user.upper()}"',
    ]
    if calendars is not None:
        lines.append("calendars = [" + ", ".join(f'"{c}"' for c in calendars) + "]")
    return "\n".join(lines) + ("\n" + extra if extra else "") + "\n"


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    for user, password in USERS.items():
        monkeypatch.setenv(f"MEETUP_TEST_PW_{user.upper()}", password)


def event(uid: str, start: str, end: str, summary: str = "Busy", extra: str = "") -> str:
    """A minimal VCALENDAR with one UTC-timed VEVENT (``start``/``end`` as 20260302T180000Z)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.fixture(scope="session")
def fixtures() -> Any:
    """Helpers the test modules share (they are not importable under importlib mode)."""
    import types

    return types.SimpleNamespace(
        account_toml=account_toml,
        event=event,
        users=USERS,
        split_calendar=split_calendar,
        running_radicale=running_radicale,
    )


def split_calendar(text: str) -> list[tuple[str, str]]:
    """Split a whole .ics file into per-UID CalDAV objects, as a client uploading it would.

    Each object keeps the file's calendar properties (X-WR-TIMEZONE...) except METHOD and
    carries every VTIMEZONE. Components without a UID are left out (CalDAV needs one).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    unfolded: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += "\r\n" + line
        elif line.strip():
            unfolded.append(line)
    header: list[str] = []
    zones: list[str] = []
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    current: list[str] = []
    depth, kind = 0, ""
    for line in unfolded:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            if depth == 2:
                current, kind = [], upper[6:].strip()
        if depth >= 2:
            current.append(line)
        elif depth == 1 and not upper.startswith(("BEGIN:VCALENDAR", "END:VCALENDAR", "METHOD")):
            header.append(line)
        if upper.startswith("END:"):
            if depth == 2:
                block = "\r\n".join(current)
                if kind == "VTIMEZONE":
                    zones.append(block)
                elif kind in ("VEVENT", "VFREEBUSY"):
                    uid = next(
                        (c.split(":", 1)[1].strip() for c in current if c.upper().startswith("UID")), ""
                    )
                    if uid:
                        if uid not in groups:
                            order.append(uid)
                        groups.setdefault(uid, []).append(block)
            depth -= 1
    objects = []
    for uid in order:
        body = "\r\n".join(["BEGIN:VCALENDAR", *header, *zones, *groups[uid], "END:VCALENDAR"]) + "\r\n"
        objects.append((uid, body))
    return objects
