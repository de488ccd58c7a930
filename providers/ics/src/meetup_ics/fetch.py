"""Reading a source: a local file (size-capped), or naming a URL safely. Downloads: download.py.

Nothing here imports urllib's request machinery (and with it ssl): a local calendar never
pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetup.errors import ProviderError


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


def too_large(shown: str, max_bytes: int) -> ProviderError:
    return ProviderError(f"{shown}: larger than {max_bytes / 1e6:g} MB (the calendar's 'max_mb' option)")


def stat_file(path: Path) -> dict[str, Any]:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ProviderError(f"calendar file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise ProviderError(
            f"cannot read calendar file {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    if not path.is_file():
        raise ProviderError(f"calendar source is not a file: {path}")
    return {"path": str(path), "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing more than ``max_bytes`` (a device or a growing file included)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ProviderError(f"cannot read calendar file {path}: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise too_large(f"calendar file {path}", max_bytes)
    return data
