"""Mutation score per module from mutmut's results in mutants/ (``make mutation`` prints it).

Killed counts what the tests detected: a failing test, or a timeout (the mutant looped).
A mutant with no covering test counts as survived: untested code is not a kill.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

DETECTED = {"killed", "timeout", "caught by type check", "segfault"}


def scores(root: Path) -> list[tuple[str, int, int, int, list[str]]]:
    """(module, detected, total, not yet run, surviving mutant names) for every mutated file."""
    rows = []
    for meta in sorted(root.rglob("*.py.meta")):
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        module = str(meta.relative_to(root / "src")).removesuffix(".py.meta").replace("/", ".")
        checked = {name: status_by_exit_code[code] for name, code in codes.items() if code is not None}
        detected = sum(status in DETECTED for status in checked.values())
        survivors = sorted(name for name, status in checked.items() if status not in DETECTED)
        rows.append((module, detected, len(checked), len(codes) - len(checked), survivors))
    return rows


def main() -> int:
    verbose = "-v" in sys.argv
    print(f"{'module':34} {'killed':>7} {'checked':>7} {'score':>6}  not run")
    for module, detected, total, pending, survivors in scores(Path("mutants")):
        score = f"{100 * detected / total:5.1f}%" if total else "   -  "
        print(f"{module:34} {detected:7} {total:7} {score:>6}  {pending}")
        if verbose:
            for name in survivors:
                print(f"    survived: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
