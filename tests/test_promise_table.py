"""docs/testing.md maps each promise to its test: every test it names must exist, so the table
cannot quietly point at a renamed or deleted test."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def named_tests() -> list[tuple[str, str]]:
    """(file, test name or "") for every test reference in the table; ``::name`` after a
    reference means the same file."""
    section = (
        (ROOT / "docs" / "testing.md").read_text(encoding="utf-8").split("## Every promise has a test")[1]
    )
    table = section.split("\n## ")[0]
    found: list[tuple[str, str]] = []
    current = ""
    for cell in re.findall(r"`([^`]+)`", table):
        if cell.startswith(("tests/", "providers/")):
            current, _, name = cell.partition("::")
            found.append((current, name))
        elif cell.startswith("::") and current:
            found.append((current, cell[2:]))
    return found


def test_every_test_the_table_names_exists() -> None:
    named = named_tests()
    assert len(named) >= 25
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not (ROOT / file).is_file() or (name and f"def {name}(" not in (ROOT / file).read_text())
    ]
    assert missing == []
