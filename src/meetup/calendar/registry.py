"""Finding installed providers: the ``meetup.providers`` entry points, remembered between runs.

Scanning every installed distribution's metadata costs about 30 ms, more than the rest of a warm
``meetup slots``. The answer only changes when a distribution is installed or removed, and that
changes the modification time of the directory it is installed into; so the lookup is kept in
the cache dir together with the modification times of ``sys.path``'s directories, and is done
again as soon as any of them differs. The registry stays the only way to a provider: nothing
here knows a provider's name.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

CACHE_FILE = "providers.json"
_FORMAT = 1


def _fingerprint() -> list[list[Any]]:
    """Each ``sys.path`` directory with its modification time (installs and removals move it)."""
    marks: list[list[Any]] = []
    for entry in sys.path:
        try:
            marks.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            continue
    return marks


def scan(group: str) -> dict[str, str]:
    """Every entry point of ``group``, by name, as its ``module:attribute`` value."""
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=group)}


def registered(group: str, cache_dir: Path | None) -> dict[str, str]:
    """The entry points of ``group``; from the cache while no ``sys.path`` directory changed."""
    if cache_dir is None:
        return scan(group)
    path = cache_dir / CACHE_FILE
    marks = _fingerprint()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["format"] == _FORMAT and kept["group"] == group and kept["fingerprint"] == marks:
            return {str(k): str(v) for k, v in kept["entry_points"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no cache yet, or one from another version: scan
    found = scan(group)
    record = {"format": _FORMAT, "group": group, "fingerprint": marks, "entry_points": found}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{CACHE_FILE}.{os.getpid()}")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs the scan next time
    return found


def load(value: str) -> Any:
    """What an entry point's ``module:attribute`` value names, imported now."""
    module, _, attribute = value.partition(":")
    target: Any = import_module(module.strip())
    for part in attribute.strip().split(".") if attribute.strip() else []:
        target = getattr(target, part)
    return target
