"""The digest cache: one JSON file per source in the platform cache dir.

It is a cache, not state: deleting it costs one re-parse; a corrupt or foreign entry is
ignored and rebuilt. Entries are written to a temporary file and renamed into place, so
concurrent runs never read half a file. Beside each digest, the fragments it was built
from (by component hash) make a changed calendar cost only its changed components. The
folder is private (0700, files 0600) and holds busy times and rules, never titles.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from meetup_ics.digest import DIGEST_VERSION, Digest


class DigestCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory / "ics"

    def _path(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")

    def load(self, key: str) -> tuple[dict[str, Any], Digest] | None:
        try:
            raw = json.loads(self._path(key).read_bytes())
            if raw.get("key") != key:
                return None
            return dict(raw["fingerprint"]), Digest.from_json(raw["digest"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store(self, key: str, fingerprint: Mapping[str, Any], digest: Digest) -> None:
        self.store_raw(key, {"key": key, "fingerprint": dict(fingerprint), "digest": digest.to_json()})

    def load_fragments(self, key: str) -> dict[str, Any]:
        """Fragments of the last digest built for ``key``, by component key (empty if none)."""
        try:
            raw = json.loads(self._path(f"fragments:{key}").read_bytes())
            if raw.get("key") == key and raw.get("version") == DIGEST_VERSION:
                return dict(raw["fragments"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return {}

    def store_fragments(self, key: str, fragments: Mapping[str, Any]) -> None:
        self.store_raw(f"fragments:{key}", {"key": key, "version": DIGEST_VERSION, "fragments": fragments})

    def load_expansions(self, key: str, identity: str) -> dict[str, Any]:
        """Series occurrences already expanded, by month, for one digest and zone."""
        try:
            raw = json.loads(self._path(f"series:{key}").read_bytes())
            if raw.get("identity") == identity and isinstance(raw.get("months"), dict):
                return dict(raw)
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        return {"identity": identity, "months": {}, "warnings": []}

    def store_expansions(self, key: str, memo: Mapping[str, Any], keep_months: int = 36) -> None:
        months = dict(sorted(memo["months"].items())[-keep_months:])
        self.store_raw(f"series:{key}", {**memo, "months": months})

    def store_raw(self, key: str, payload: Mapping[str, Any]) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            import tempfile  # only when writing: a warm run reads

            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(payload, separators=(",", ":")))  # C encoder: dump() is not
            os.replace(tmp, self._path(key))
        except OSError:
            return  # an unwritable cache only costs speed


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
