"""The provider registry remembers its entry-point lookup between runs, and never trusts it blindly."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from meetup.calendar import registry
from meetup.calendar.providers import ENTRY_POINT_GROUP, load_provider
from meetup.errors import ProviderNotFound


def _no_scan(group: str) -> dict[str, str]:
    raise AssertionError(f"scanned the installed metadata for {group} although nothing changed")


def test_a_second_lookup_reads_the_cache_instead_of_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_provider("ics", tmp_path)
    kept = json.loads((tmp_path / registry.CACHE_FILE).read_text())
    assert kept["entry_points"]["ics"] == "meetup_ics:create"
    monkeypatch.setattr(registry, "scan", _no_scan)
    assert load_provider("ics", tmp_path) is first


def test_an_install_into_a_path_directory_means_a_fresh_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    cache = tmp_path / "cache"
    load_provider("ics", cache)
    (site / "new_dist-1.0.dist-info").mkdir()  # what an install does to its directory
    os.utime(site, ns=(1, 1))
    scans: list[str] = []
    real_scan = registry.scan
    monkeypatch.setattr(registry, "scan", lambda group: scans.append(group) or real_scan(group))
    load_provider("ics", cache)
    assert scans == [ENTRY_POINT_GROUP]


def test_a_stale_entry_falls_back_to_the_installed_metadata(tmp_path: Path) -> None:
    load_provider("ics", tmp_path)
    path = tmp_path / registry.CACHE_FILE
    kept = json.loads(path.read_text())
    kept["entry_points"]["ics"] = "meetup_removed_long_ago:create"
    path.write_text(json.dumps(kept))
    from meetup_ics import create

    assert load_provider("ics", tmp_path) is create


def test_an_unknown_provider_is_still_a_clear_error_with_a_cache(tmp_path: Path) -> None:
    with pytest.raises(ProviderNotFound, match=r"provider 'exchange' is not installed \(installed: .*ics"):
        load_provider("exchange", tmp_path)
    (tmp_path / registry.CACHE_FILE).write_text("{not json")
    assert load_provider("ics", tmp_path) is load_provider("ics")
