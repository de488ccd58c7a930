"""The local copy of each CalDAV calendar, kept in the cache directory.

Per account: ``account.json`` (home-set href, per-calendar ctag/sync-token/fingerprint, and
meetup's own writes with their ETags), one ``<calendar>.json`` with every object's ETag and
data, and ``<calendar>.busy.json`` with busy intervals per month window. Files are 0600: they
hold the user's calendar data. Losing them costs one full download, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


class AccountStore:
    def __init__(self, cache_dir: Path, url: str, username: str) -> None:
        self.root = cache_dir / "caldav" / digest(url, username)

    def _read(self, name: str) -> dict[str, Any]:
        try:
            data = json.loads((self.root / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, name: str, data: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.root / f".{name}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, self.root / name)

    def account(self) -> dict[str, Any]:
        state = self._read("account.json")
        state.setdefault("calendars", {})
        state.setdefault("writes", {})
        return state

    def save_account(self, state: dict[str, Any]) -> None:
        self._write("account.json", state)

    def copy(self, href: str) -> dict[str, Any]:
        """``{"token": sync token or None, "objects": {href: {"etag", "data"}}}``."""
        data = self._read(f"{digest(href)}.json")
        data.setdefault("token", None)
        data.setdefault("objects", {})
        return data

    def save_copy(self, href: str, copy: dict[str, Any]) -> None:
        self._write(f"{digest(href)}.json", copy)

    def busy(self, href: str) -> dict[str, Any]:
        return self._read(f"{digest(href)}.busy.json")

    def save_busy(self, href: str, entries: dict[str, Any], keep: int = 4) -> None:
        recent = dict(list(entries.items())[-keep:])
        self._write(f"{digest(href)}.busy.json", recent)
