"""A loopback HTTP server that misbehaves on purpose, for the feed tests.

Paths: ``/ok`` (a small calendar), ``/trickle`` (headers, then one byte every 0.1 s),
``/slow-headers`` (the status line, then a header byte every 0.1 s), ``/endless`` (a body
that never ends, as fast as the client reads), ``/huge`` (announces 2 GB), ``/to-ftp``,
``/to-ok``, ``/loop`` (redirects). Every connection ends by itself after ``max_seconds`` and
when the server stops, so a test that goes wrong cannot hang.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from socketserver import BaseRequestHandler, ThreadingTCPServer

OK_BODY = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nBEGIN:VEVENT\r\nUID:ok\r\n"
    b"DTSTAMP:20261101T000000Z\r\nDTSTART:20261124T170000Z\r\nDTEND:20261124T180000Z\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)
EVENT = b"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261124T170000Z\r\nDTEND:20261124T180000Z\r\nEND:VEVENT\r\n" * 400


class _Handler(BaseRequestHandler):
    server: HostileServer

    def handle(self) -> None:
        self.request.settimeout(2)
        try:
            head = self.request.recv(65536).decode("latin-1")
        except OSError:
            return
        path = head.split(" ", 2)[1] if head.count(" ") >= 2 else "/"
        self.server.requests.append(path)
        for line in head.split("\r\n"):
            if line.lower().startswith("authorization:"):
                self.server.authorizations.append(line.split(":", 1)[1].strip())
        began = time.monotonic()

        def alive() -> bool:
            return not self.server.stopping.is_set() and time.monotonic() - began < self.server.max_seconds

        try:
            self._answer(path, alive)
        except OSError:
            return  # the client gave up: that is what the tests want

    def _send(self, data: bytes) -> None:
        self.request.sendall(data)

    def _answer(self, path: str, keep_on: Callable[[], bool]) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/ok":
            self._send(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n")
            self._send(f"Content-Length: {len(OK_BODY)}\r\nConnection: close\r\n\r\n".encode() + OK_BODY)
        elif path == "/trickle":
            self._send(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nConnection: close\r\n\r\n")
            self._send(b"BEGIN:VCALENDAR\r\n")
            while keep_on():
                self._send(b"X")
                time.sleep(0.1)
        elif path == "/slow-headers":
            self._send(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while keep_on():
                self._send(b"a")
                time.sleep(0.1)
        elif path == "/endless":
            self._send(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nConnection: close\r\n\r\n")
            self._send(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
            while keep_on():
                self._send(EVENT)
        elif path == "/huge":
            self._send(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: 2000000000\r\n\r\n"
            )
            self._send(b"BEGIN:VCALENDAR\r\n")
        elif path in ("/to-ftp", "/to-ok", "/loop"):
            target = {"/to-ftp": "ftp://127.0.0.1/cal.ics", "/to-ok": f"{base}/ok", "/loop": f"{base}/loop"}[
                path
            ]
            self._send(f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode())
        else:
            self._send(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class HostileServer(ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, max_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.max_seconds = max_seconds
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.authorizations: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def hostile_server(max_seconds: float = 30.0) -> Iterator[HostileServer]:
    """The server on a free loopback port, stopped (with every connection) on exit."""
    server = HostileServer(max_seconds)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
