"""Benchmark: reading the reply corpus (tests/data/replies) with the pure reader, and the cost of
importing it. Prints replies per second (median of several passes) and the import time measured
in a fresh interpreter. Usage: ``python bench/replies_bench.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import email
import importlib.util
import statistics
import subprocess
import sys
import time
import tomllib
from datetime import date
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "replies"


def _scenario() -> object:
    spec = importlib.util.spec_from_file_location("reply_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reply_corpus"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from meetup.answers.reader import Thread, read_text
    from meetup.calendar.intervals import Interval

    scenario: object = _scenario()
    options = {n: Interval(*span) for n, span in scenario.OPTIONS.items()}  # type: ignore[attr-defined]
    cases = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]
    texts = []
    for case in cases:
        message = email.message_from_bytes((CORPUS / case["file"]).read_bytes(), policy=policy.default)
        body = message.get_body(("plain", "html"))
        texts.append(str(body.get_content()) if body is not None else "")  # type: ignore[union-attr]
    sent = (scenario.invite_text("Jo"), scenario.nudge_text("Jo"))  # type: ignore[attr-defined]
    zone = ZoneInfo("Europe/Berlin")
    passes = []
    for _ in range(runs):
        began = time.perf_counter()
        for text in texts:
            read_text(text, options, zone, today=date(2026, 11, 23), thread=Thread(sent, (1, 2, 3)))
        passes.append(time.perf_counter() - began)
    per_second = len(texts) / statistics.median(passes)
    probe = "import time; t = time.perf_counter(); import meetup.answers.reader, meetup.answers.autoreply, "
    probe += "meetup.answers.imip; print(time.perf_counter() - t)"
    imports = [float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(runs)]  # fmt: skip
    print(f"{len(texts)} replies: {per_second:.0f} replies/s (median of {runs} passes)")
    print(f"import of the reader, auto-reply and iMIP modules: {statistics.median(imports) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
