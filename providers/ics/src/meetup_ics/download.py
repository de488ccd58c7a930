"""Downloading a feed within a total deadline and a size cap, following only http(s) redirects.

urllib's ``timeout`` bounds each socket operation, not the download: a server that sends a
byte every second never times out, and an endless body is read whole. Here the download
runs in a worker thread the caller waits for at most ``timeout`` seconds; on the deadline
its sockets are shut down, which ends the worker at once. The body is read in chunks and
refused as soon as it passes ``max_bytes``. Imported only for URLs (urllib pulls in ssl).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from meetup.errors import ProviderError
from meetup.safety import is_loopback, redact_url
from meetup_ics.fetch import Response, too_large

USER_AGENT = "meetup-ics/0.1 (+calendar free/busy)"
_CHUNK = 1 << 16
Progress = Callable[[int, int | None], None]


@dataclass
class _Download:
    connections: list[http.client.HTTPConnection] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)
    response: Response | None = None
    error: BaseException | None = None

    def record(self, cls: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
        def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
            connection = cls(*args, **kwargs)
            self.connections.append(connection)
            return connection

        return make

    def cancel(self) -> None:
        self.cancelled.set()
        for connection in self.connections:
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Http(urllib.request.HTTPHandler):
    def __init__(self, state: _Download) -> None:
        super().__init__()
        self.state = state

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.state.record(http.client.HTTPConnection), req)


class _Https(urllib.request.HTTPSHandler):
    def __init__(self, state: _Download) -> None:
        super().__init__()
        self.state = state

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = getattr(self, "_context", None)
        return self.do_open(self.state.record(http.client.HTTPSConnection), req, context=context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, and only to http(s)."""

    def __init__(self, limit: int, shown: str) -> None:
        super().__init__()
        self.max_redirections = limit  # type: ignore[misc]  # urllib reads it from the instance
        self.shown = shown

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")):
            raise ProviderError(
                f"{self.shown}: redirect to {redact_url(newurl)} refused (only http and https)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _run(request: urllib.request.Request, state: _Download, timeout: float, max_bytes: int,
         redirects: int, shown: str, cached: Mapping[str, Any] | None, progress: Progress) -> None:  # fmt: skip
    opener = urllib.request.build_opener(_Http(state), _Https(state), _Redirects(redirects, shown))
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "").strip()
            total = int(length) if length.isdigit() else None
            if total is not None and total > max_bytes:
                raise too_large(shown, max_bytes)
            chunks: list[bytes] = []
            size = 0
            while not state.cancelled.is_set():
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(shown, max_bytes)
                chunks.append(chunk)
                progress(size, total)
            progress(size, size)
            state.response = Response(
                b"".join(chunks), response.headers.get("ETag"), response.headers.get("Last-Modified")
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and cached:
            state.response = Response(None, cached.get("etag"), cached.get("last_modified"))
        else:
            state.error = ProviderError(f"{shown}: HTTP {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            state.error = ProviderError(f"{shown}: no answer within {timeout:g} s")
        else:
            state.error = ProviderError(f"{shown}: cannot connect: {reason}")
    except TimeoutError:
        state.error = ProviderError(f"{shown}: no answer within {timeout:g} s")
    except ProviderError as exc:
        state.error = exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        state.error = ProviderError(f"{shown}: {type(exc).__name__}: {exc}")


def _credentials(url: str, shown: str) -> tuple[str, str | None]:
    """The URL without ``user:password@`` and the Basic authorization it stood for.

    A password goes over https, or over http only to this machine (as for CalDAV and mail)."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    if parts.scheme.lower() != "https" and not is_loopback(parts.hostname or ""):
        raise ProviderError(
            f"{shown}: a user and password in an http:// URL are only sent to this machine; use https"
        )
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(
        f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password)}".encode()
    ).decode()
    return urllib.parse.urlunsplit(parts._replace(netloc=host)), f"Basic {token}"


def fetch_url(
    url: str,
    cached: Mapping[str, Any] | None,
    *,
    timeout: float,
    max_bytes: int,
    redirects: int = 5,
    progress: Progress = lambda done, total: None,
) -> Response:
    """GET ``url`` within ``timeout`` seconds in all; with a cached copy, conditionally (304: no data).

    ``progress`` hears the bytes read so far (of Content-Length, when the server sends it)."""
    shown = redact_url(url)
    url, authorization = _credentials(url, shown)
    try:
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*"}
        )
    except ValueError as exc:
        raise ProviderError(f"{shown}: not a usable URL ({exc})") from None
    if authorization:
        request.add_unredirected_header("Authorization", authorization)  # never sent to another host
    if cached:
        if cached.get("etag"):
            request.add_header("If-None-Match", str(cached["etag"]))
        if cached.get("last_modified"):
            request.add_header("If-Modified-Since", str(cached["last_modified"]))
    state = _Download()
    worker = threading.Thread(
        target=_run,
        args=(request, state, timeout, max_bytes, redirects, shown, cached, progress),
        daemon=True,
    )
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        state.cancel()
        worker.join(1.0)
        raise ProviderError(
            f"{shown}: no answer within {timeout:g} s (the calendar's 'timeout' option, for the whole download)"
        )
    if state.error is not None:
        raise state.error
    if state.response is None:
        raise ProviderError(f"{shown}: the download was interrupted")
    return state.response
