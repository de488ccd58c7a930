"""Reading a source: a local file, or an http(s)/webcal URL revalidated with ETag / Last-Modified."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetup.errors import ProviderError

USER_AGENT = "meetup-ics/0.1 (+calendar free/busy)"
CHUNK = 256 * 1024


@dataclass
class Response:
    data: bytes | None  # None: not modified since the cached copy
    etag: str | None = None
    last_modified: str | None = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://", "webcal://", "webcals://"))


def normalize_url(source: str) -> str:
    lower = source.lower()
    if lower.startswith("webcals://"):
        return "https://" + source[len("webcals://") :]
    if lower.startswith("webcal://"):
        return "https://" + source[len("webcal://") :]
    return source


def fetch_url(
    url: str,
    cached: Mapping[str, Any] | None,
    timeout: float,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
) -> Response:
    """GET ``url``; with a cached copy, conditionally (a 304 returns ``data=None``). ``progress``
    hears the bytes read so far (of Content-Length, when the server sends it)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*"})
    if cached:
        if cached.get("etag"):
            request.add_header("If-None-Match", str(cached["etag"]))
        if cached.get("last_modified"):
            request.add_header("If-Modified-Since", str(cached["last_modified"]))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            chunks: list[bytes] = []
            done = 0
            while chunk := response.read(CHUNK):
                chunks.append(chunk)
                done += len(chunk)
                progress(done, total)
            progress(done, done)
            data = b"".join(chunks)
            return Response(data, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and cached:
            return Response(None, cached.get("etag"), cached.get("last_modified"))
        raise ProviderError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.timeout | TimeoutError):
            raise ProviderError(f"{url}: no answer within {timeout:g} s") from None
        raise ProviderError(f"{url}: cannot connect: {reason}") from None
    except TimeoutError:
        raise ProviderError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise ProviderError(f"{url}: {exc}") from None


def stat_file(path: Path) -> dict[str, Any]:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ProviderError(f"calendar file not found: {path}") from None
    except OSError as exc:
        raise ProviderError(f"cannot read calendar file {path}: {exc.strerror}") from None
    if not path.is_file():
        raise ProviderError(f"calendar source is not a file: {path}")
    return {"path": str(path), "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ProviderError(f"cannot read calendar file {path}: {exc.strerror}") from None
