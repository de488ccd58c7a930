"""One place that sends CalDAV requests: retries with backoff, and errors as one clear line.

Built on ``caldav.DAVClient`` (its session, Basic/Digest auth, TLS settings); meetup sends its
own small WebDAV bodies so it controls exactly how many requests a refresh costs.
"""

from __future__ import annotations

import base64
import http.client
import os
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from meetup_caldav.errors import (
    CalDavAuthError,
    CalDavConflict,
    CalDavError,
    CalDavForbidden,
    CalDavNotFound,
    CalDavProtocolError,
    CalDavUnavailable,
)

#: Statuses worth a second try: the server or a proxy in front of it is having a moment.
TRANSIENT = frozenset({429, 500, 502, 503, 504})


@dataclass
class Response:
    status: int
    headers: Any  # case-insensitive: niquests CaseInsensitiveDict or http.client HTTPMessage
    body: bytes
    tree: Any = None  # lxml element of an XML body, parsed by caldav


@dataclass
class RetryPolicy:
    """Bounded retries for transient failures; ``sleep`` is injectable so tests never wait."""

    attempts: int = 3
    first_wait: float = 0.5
    factor: float = 4.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def waits(self) -> list[float]:
        return [self.first_wait * self.factor**i for i in range(self.attempts - 1)]


class Transport:
    """Sends requests for one account; ``where`` is prefixed to every error message."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        where: str,
        timeout: float = 30.0,
        verify: bool | str = True,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.username = username
        self._password = password
        self.where = where
        self.timeout = timeout
        self.verify = verify
        self.retry = retry or RetryPolicy()
        self._client: Any = None
        #: Requests actually sent (retries included); the benchmark and tests read it.
        self.sent = 0

    def url(self, href: str) -> str:
        return urljoin(self.base_url, href)

    def path(self, href: str) -> str:
        """The path part of an href or URL, as the server names collections in multistatus."""
        return urlsplit(self.url(href)).path

    def _davclient(self) -> Any:
        if self._client is None:
            import caldav

            factory: Any = caldav.DAVClient
            self._client = factory(
                url=self.base_url,
                username=self.username,
                password=self._password,
                auth_type="basic",
                timeout=self.timeout,
                ssl_verify_cert=self.verify,
                huge_tree=True,
                enable_rfc6764=False,
                require_tls=False,
                rate_limit_handle=False,
            )
        return self._client

    def request(
        self,
        method: str,
        href: str,
        *,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        what: str = "",
        ok: tuple[int, ...] = (200, 201, 204, 207),
        light: bool = False,
    ) -> Response:
        """Send with retries; anything outside ``ok`` becomes a CalDavError naming ``what``.

        ``light``: try plain ``http.client`` first (see :meth:`_send_light`)."""
        label = f"{self.where}{': ' + what if what else ''}"
        waits = self.retry.waits()
        for attempt in range(len(waits) + 1):
            try:
                response = (light and self._send_light(method, href, body, headers or {}, label)) or (
                    self._send_once(method, href, body, headers or {}, label)
                )
            except CalDavUnavailable:
                if attempt >= len(waits):
                    raise
                self.retry.sleep(waits[attempt])
                continue
            if response.status in TRANSIENT and attempt < len(waits):
                self.retry.sleep(waits[attempt])
                continue
            if response.status in ok:
                return response
            raise status_error(response.status, label, method, self.url(href), len(waits) + 1)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_light(
        self, method: str, href: str, body: str, headers: Mapping[str, str], label: str
    ) -> Response | None:
        """The per-run listing over plain ``http.client``, so a repeat over unchanged calendars
        does not pay for importing the full client (~0.25 s). Anything that needs more than
        Basic auth over a direct connection (redirects, Digest, proxies, a custom CA) returns
        None and goes through ``caldav.DAVClient`` instead."""
        url = self.url(href)
        parts = urlsplit(url)
        proxied = any(
            os.environ.get(v)
            for v in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
        )
        if self.verify is not True or proxied or parts.scheme not in ("http", "https"):
            return None
        token = base64.b64encode(f"{self.username}:{self._password}".encode()).decode()
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=self.timeout)
        self.sent += 1
        try:
            connection.request(
                method,
                parts.path + (f"?{parts.query}" if parts.query else ""),
                body=body.encode("utf-8"),
                headers={"Authorization": f"Basic {token}", "User-Agent": "meetup-caldav", **headers},
            )
            reply = connection.getresponse()
            data = reply.read()
        except ssl.SSLError as exc:
            raise CalDavUnavailable(f"{label}: TLS error talking to {url}: {_short(exc)}") from None
        except TimeoutError:
            raise CalDavUnavailable(f"{label}: {url} did not answer within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise CalDavUnavailable(f"{label}: cannot connect to {url}: {_short(exc)}") from None
        finally:
            connection.close()
        challenge = (reply.getheader("WWW-Authenticate") or "basic").lower()
        if 300 <= reply.status < 400 or (reply.status == 401 and "basic" not in challenge):
            return None
        tree = None
        if reply.status == 207 or data.lstrip().startswith(b"<?xml"):
            from lxml import etree

            try:
                parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
                tree = etree.fromstring(data, parser=parser)
            except etree.XMLSyntaxError:
                raise CalDavProtocolError(f"{label}: {url} sent malformed XML") from None
        return Response(reply.status, reply.headers, data, tree)

    def _send_once(
        self, method: str, href: str, body: str, headers: Mapping[str, str], label: str
    ) -> Response:
        from caldav.lib import error
        from caldav.lib.http_sync import requests

        client = self._davclient()
        url = self.url(href)
        self.sent += 1
        try:
            raw = client.request(url, method, body, dict(headers))
        except error.AuthorizationError as exc:
            status = getattr(exc, "status", None) or (403 if "403" in str(exc) else 401)
            return Response(int(status), {}, b"")
        except error.RateLimitError:
            return Response(429, {}, b"")
        except requests.exceptions.SSLError as exc:
            raise CalDavUnavailable(f"{label}: TLS error talking to {url}: {_short(exc)}") from None
        except requests.exceptions.Timeout:
            raise CalDavUnavailable(f"{label}: {url} did not answer within {self.timeout:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            raise CalDavUnavailable(f"{label}: cannot connect to {url}: {_short(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise CalDavUnavailable(f"{label}: request to {url} failed: {_short(exc)}") from None
        except Exception as exc:  # lxml refusing what claimed to be XML
            if type(exc).__name__ == "XMLSyntaxError":
                raise CalDavProtocolError(f"{label}: {url} sent malformed XML") from None
            raise
        body_bytes = getattr(raw, "_raw_body", b"") or (
            raw._raw if isinstance(raw._raw, bytes) else str(raw._raw).encode()
        )
        return Response(int(raw.status), raw.headers, body_bytes, raw.tree)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for marker in ("[SSL", "certificate verify failed", "Connection refused", "timed out"):
        if marker in str(exc):
            start = str(exc).find(marker)
            return str(exc)[start : start + 80].rstrip(")'\"")
    return text[:160]


def status_error(status: int, label: str, method: str, url: str, attempts: int) -> CalDavError:
    if status == 401:
        return CalDavAuthError(f"{label}: the server refused the username or password (HTTP 401)")
    if status == 403:
        return CalDavForbidden(f"{label}: access denied by the server (HTTP 403 for {method} {url})")
    if status in (404, 410):
        return CalDavNotFound(f"{label}: not found on the server (HTTP {status} for {url})")
    if status == 412:
        return CalDavConflict(f"{label}: changed on the server since meetup last read it (HTTP 412)")
    if status in TRANSIENT:
        return CalDavUnavailable(
            f"{label}: server error HTTP {status} for {method} {url} (after {attempts} attempts)"
        )
    return CalDavError(f"{label}: unexpected HTTP {status} for {method} {url}")
