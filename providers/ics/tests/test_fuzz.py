"""Fuzzing: random small edits of real calendars never escape as a traceback.

Each case edits 1-4 characters of a corpus file or examples/calendar.ics (deleting,
replacing or inserting characters iCalendar cares about: ``:;="\\,`` line breaks, NUL...),
then reads the result through the ICS provider and through ``meetup slots`` in-process.
Anything but busy time, warnings or one clear ``MeetupError`` line is a failure. CI runs
fixed seeds; ``MEETUP_FUZZ_SECONDS=600`` keeps going with fresh seeds for that long.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from ics_helpers import BERLIN, ROOT, corpus_path, provider

from meetup.calendar.intervals import Interval
from meetup.cli import main
from meetup.errors import MeetupError

ALPHABET = ':;=",\\\r\n\x00\t -+/TZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZé'
CASES = int(os.environ.get("MEETUP_FUZZ_CASES", "150"))
SECONDS = float(os.environ.get("MEETUP_FUZZ_SECONDS", "0"))
EXAMPLE = ROOT / "examples" / "calendar.ics"
# A long run outlives the suite's per-test timeout; the fuzzing itself stops at SECONDS.
pytestmark = [pytest.mark.timeout(int(SECONDS) + 300)] if SECONDS else []


def mutate(text: str, rng: random.Random) -> str:
    """1-4 random single-character edits."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.33:
            text = text[:at] + text[at + 1 :]
        elif op < 0.66:
            text = text[:at] + rng.choice(ALPHABET) + text[at + 1 :]
        else:
            text = text[:at] + rng.choice(ALPHABET) + text[at:]
    return text


def sources() -> list[Path]:
    corpus = corpus_path()
    found = sorted(corpus.glob("*.ics")) if corpus.is_dir() else []
    return [EXAMPLE, *[p for p in found if p.stat().st_size < 200_000]]


def cases(seed: int) -> list[tuple[str, str]]:
    """``CASES`` mutated texts (name, text), half of them of the example calendar."""
    rng = random.Random(seed)
    files = sources()
    texts = {p: p.read_bytes().decode("utf-8", errors="replace") for p in files}
    chosen = [EXAMPLE if i % 2 == 0 else rng.choice(files) for i in range(CASES)]
    return [(f"{p.name}#{i}", mutate(texts[p], rng)) for i, p in enumerate(chosen)]


def fuzzed(first_seed: int, count: int) -> Iterator[tuple[str, str]]:
    """``count`` cases of the fixed seed, then (with MEETUP_FUZZ_SECONDS) fresh seeds until time is up."""
    began = time.monotonic()
    seed = first_seed
    while True:
        yield from cases(seed)[:count]
        if time.monotonic() - began > SECONDS:
            return
        seed = random.SystemRandom().randrange(1 << 30)


def _through_provider(text: str, tmp: Path, period: Interval) -> None:
    path = tmp / "fuzzed.ics"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    warnings: list[str] = []
    try:
        busy = provider(path, tmp / "cache", warnings).busy(period)
    except MeetupError as exc:
        assert "\n" not in str(exc).strip(), str(exc)
        return
    assert all(i.end > i.start for i in busy)


def _period(text: str) -> Interval:
    """A week around the file's first DTSTART year, so edits land where events are."""
    at = text.find("DTSTART")
    digits = "".join(c for c in text[at : at + 80] if c.isdigit()) if at >= 0 else ""
    year = int(digits[:4]) if len(digits) >= 4 and 1990 <= int(digits[:4]) <= 2030 else 2026
    start = datetime(year, 11, 23, tzinfo=BERLIN)
    return Interval(start, start + timedelta(days=7))


def test_mutated_calendars_through_the_provider(tmp_path: Path) -> None:
    for name, text in fuzzed(1, CASES):
        try:
            _through_provider(text, tmp_path, _period(text))
        except Exception as exc:  # the failure this test exists to find
            pytest.fail(f"{name}: {type(exc).__name__}: {exc}\n--- input:\n{text[:3000]}")


def test_mutated_calendars_through_meetup_slots(meetup_env: Path) -> None:
    runner = CliRunner()
    for name, text in fuzzed(2, max(1, CASES // 3)):
        path = meetup_env / "fuzzed.ics"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        start = _period(text).start
        result = runner.invoke(
            main,
            ["slots", "--calendar", str(path), "--from", start.date().isoformat(), "--days", "7",
             "--tz", "Europe/Berlin", "--json"],
        )  # fmt: skip
        detail = f"{name}: exit {result.exit_code}\n{result.output[-2000:]}\n--- input:\n{text[:3000]}"
        assert result.exit_code in (0, 1, 2), detail
        assert result.exception is None or isinstance(result.exception, SystemExit), detail
        assert "Traceback" not in result.output, detail
