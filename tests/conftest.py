"""Fixtures for the core's tests; mail servers live in conftest_mail.py (loaded by path because
pytest runs with --import-mode=importlib, which does not put tests/ on sys.path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load(name: str) -> object:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_mail = _load("conftest_mail")
dovecot_server = _mail.dovecot_server  # type: ignore[attr-defined]
imap_mailbox = _mail.imap_mailbox  # type: ignore[attr-defined]
smtp_recorder = _mail.smtp_recorder  # type: ignore[attr-defined]
tls_smtp = _mail.tls_smtp  # type: ignore[attr-defined]

_followup = _load("followup_helpers")
_load("booking_helpers")  # imported by name in the booking tests


@pytest.fixture
def seeded() -> object:
    """The follow-up tests' seeding helpers (``seed(db, count)``, ``T0``)."""
    return _followup
