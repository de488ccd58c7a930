"""Fixtures shared by the core's and the providers' tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def corpus_path() -> Path:
    """``$MEETUP_CORPUS`` or the team's shared corpus beside the checkout."""
    return Path(os.environ.get("MEETUP_CORPUS", ROOT.parent / "shared" / "testdata" / "calendars"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    path = corpus_path()
    if not path.is_dir() or not any(path.glob("*.ics")):
        pytest.skip(f"real-world calendar corpus not found at {path} (set MEETUP_CORPUS)")
    return path


@pytest.fixture
def meetup_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolated config, data and cache dirs for a CLI run."""
    monkeypatch.setenv("MEETUP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEETUP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEETUP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("MEETUP_CONFIG", raising=False)
    monkeypatch.delenv("MEETUP_NOW", raising=False)
    return tmp_path
