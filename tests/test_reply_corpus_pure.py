"""The reply corpus read by the pure parts alone (no database, no inbox run): fast enough to run
once per mutant, and a second check that the reading, not the plumbing, gives each outcome.

Every text reply, automatic reply and calendar answer of tests/data/replies is parsed as
``meetup inbox`` parses it and read with what the friend saw (meetup's own texts, the list in the
message answered); the expectation file says what each must give.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetup.answers.autoreply import automatic, back_on
from meetup.answers.imip import judge, parse_calendar_answer
from meetup.answers.reader import Thread, read_text
from meetup.calendar.intervals import Interval
from meetup.mail.sources import parse_incoming

CORPUS = Path(__file__).parent / "data" / "replies"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]
BERLIN = ZoneInfo("Europe/Berlin")


def _scenario() -> Any:
    spec = importlib.util.spec_from_file_location("reply_corpus_pure", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reply_corpus_pure"] = module
    spec.loader.exec_module(module)
    return module


S = _scenario()
TODAY = S.NOW.astimezone(BERLIN).date()


def _offered(invite: str) -> dict[int, Interval]:
    numbers = range(1, 7) if invite == "nudged" else range(1, 4)
    return {n: Interval(*S.OPTIONS[n]) for n in numbers}


def _thread(case: dict[str, Any], in_reply_to: tuple[str, ...]) -> Thread:
    first = case["name"].split()[0]
    texts = [S.invite_text(first)]
    lists = {S.message_id(case["friend"], "invite"): (1, 2, 3)}
    if case["invite"] == "nudged":
        texts.append(S.nudge_text(first))
        lists[S.message_id(case["friend"], "nudge")] = (4, 5, 6)
    listed = next((lists[r] for r in in_reply_to if r in lists), None)
    return Thread(tuple(texts), listed, (1, 2, 3) if len(lists) == 1 else None)


def reading_of(case: dict[str, Any]) -> str:
    """What the pure parts make of one reply, in the expectation file's words."""
    mail = parse_incoming((CORPUS / case["file"]).read_bytes())
    answer = parse_calendar_answer(mail.calendar) if mail.calendar else None
    if answer is not None:
        state = "accepted" if case["invite"] == "accepted" else "open"
        options = (
            {S.CONFIRMED_OPTION: Interval(*S.OPTIONS[S.CONFIRMED_OPTION])} if state == "accepted" else {}
        )
        verdict, reading = judge(
            answer, state=state, options=options or _offered(case["invite"]), friend=case["email"],
            zone=BERLIN, chosen=S.CONFIRMED_OPTION if state == "accepted" else None,
        )  # fmt: skip
        return {"act": f"{reading.kind}:{reading.option}" if reading.kind == "yes" else reading.kind}.get(
            verdict, verdict
        )
    if automatic(mail.headers, mail.subject, mail.text):
        back = back_on(mail.text, TODAY)
        return f"away:{back.isoformat()}" if back else "away"
    reading = read_text(
        mail.text, _offered(case["invite"]), BERLIN, today=TODAY, thread=_thread(case, mail.in_reply_to)
    )
    if reading.kind == "yes":
        return f"yes:{reading.option}" + ("+q" if reading.question else "")
    if reading.kind == "later":
        return f"later:{reading.until.isoformat()}" if reading.until else "later"
    return {"no": "no", "ambiguous": "user"}[reading.kind]


#: decided outside the reader: a reply from another address than the friend's
ELSEWHERE = {c["file"] for c in CASES if c["note"] == "sent from another address"}


@pytest.mark.parametrize("case", [c for c in CASES if c["file"] not in ELSEWHERE], ids=lambda c: c["file"])
def test_the_pure_reading_of_each_reply(case: dict[str, Any]) -> None:
    assert reading_of(case) == case["expect"], case["note"]


def test_the_pure_reading_acts_on_nothing_from_another_sender() -> None:
    (case,) = [c for c in CASES if c["file"] in ELSEWHERE]
    # the words alone are a clear yes; the inbox keeps it for the user because of the sender
    assert reading_of(case) == "yes:2" and case["expect"] == "user"


def test_today_is_the_scenarios_monday() -> None:
    assert date(2026, 11, 23) == TODAY
