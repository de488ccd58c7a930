"""Fixtures shared by the core's and the providers' tests, and the suite's settings:
Hypothesis seeds, and one summary line for the corpus tests when the corpus is absent."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent

# CI replays the same examples on every run (a red build is reproducible, never flaky) and keeps
# no example database; locally each run draws new examples and remembers failing ones in
# .hypothesis/ (ignored by git). HYPOTHESIS_PROFILE=ci reproduces a CI run on a laptop.
# No deadline in either: a per-example time limit is a timed test, and a loaded 2-core machine
# fails it at random (speed is measured by bench/, not by tests).
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def corpus_path() -> Path:
    """``$MEETUP_CORPUS`` or the team's shared corpus beside the checkout."""
    return Path(os.environ.get("MEETUP_CORPUS", ROOT.parent / "shared" / "testdata" / "calendars"))


def _corpus_missing() -> str | None:
    """Why the corpus tests cannot run, or None when the corpus is there."""
    path = corpus_path()
    if path.is_dir() and any(path.glob("*.ics")):
        return None
    return f"corpus tests: real-world calendar corpus not found at {path} (set MEETUP_CORPUS)"


def _reads_corpus(item: pytest.Item) -> bool:
    return item.get_closest_marker("corpus") is not None or "corpus_dir" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the corpus, skip its tests before any fixture (Radicale, say) starts for them."""
    reason = _corpus_missing()
    if reason is None:
        return
    for item in items:
        if _reads_corpus(item):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, object, object]:
    """Fold every corpus skip into one summary line (one place, one reason, the count), including
    the parametrized tests that found no files ("empty parameter set")."""
    report = yield
    reason = _corpus_missing()
    if reason is not None and _reads_corpus(item) and getattr(report, "skipped", False):
        report.longrepr = (str(ROOT / "conftest.py"), None, reason)  # type: ignore[attr-defined]
    return report


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    path = corpus_path()
    reason = _corpus_missing()
    if reason is not None:
        pytest.skip(reason)
    return path


def decoded_mail(raw: bytes) -> str:
    """Every header and every decoded text part of a mail (base64 or quoted-printable bodies
    would hide a word from a search of the raw bytes)."""
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    parts = [f"{k}: {v}" for k, v in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(str(part.get_content()))
        elif not part.is_multipart():
            payload = part.get_payload(decode=True)
            parts.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else "")
    return "\n".join(parts)


def everything_meetup_wrote(data_dir: Path) -> str:
    """The text of every output meetup keeps under its data dir: mails (decoded), .ics files,
    any other file, and a full dump of its database."""
    import sqlite3

    texts = []
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        if path.name.startswith("meetup.db"):
            continue
        raw = path.read_bytes()
        texts.append(decoded_mail(raw) if b"Message-ID:" in raw[:4000] else raw.decode("utf-8", "replace"))
    database = data_dir / "meetup.db"
    if database.exists():
        conn = sqlite3.connect(database)
        try:
            texts.extend(conn.iterdump())
        finally:
            conn.close()
    return "\n".join(texts)


@pytest.fixture(scope="session")
def outputs() -> object:
    """Helpers that collect what meetup wrote, for privacy tests (``outputs.of(data_dir)``)."""
    import types

    return types.SimpleNamespace(of=everything_meetup_wrote, mail=decoded_mail)


@pytest.fixture
def meetup_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolated config, data and cache dirs for a CLI run."""
    monkeypatch.setenv("MEETUP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEETUP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEETUP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("MEETUP_CONFIG", raising=False)
    monkeypatch.delenv("MEETUP_NOW", raising=False)
    return tmp_path


@pytest.fixture
def keyring_memory() -> Generator[dict[tuple[str, str], str], None, None]:
    """A keyring backend in memory, so no test touches the machine's real keyring; the dict is
    its content, ``(service, username) -> password``."""
    import keyring
    from keyring.backend import KeyringBackend

    store: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            """No ``KEYRING_PROPERTY_*`` from the environment: the test's keyring is only the dict."""

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        yield store
    finally:
        keyring.set_keyring(previous)
