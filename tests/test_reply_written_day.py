"""``meetup inbox`` reads "tomorrow" from the day the friend wrote the reply (its Date header, in
their zone), not from the day the inbox runs: a reply written on Monday evening and read on Tuesday
morning still means Tuesday. Real Maildir and database, the reply corpus's scenario (options Tue 24
Nov 18:00, Thu 26 Nov 12:30, Sat 28 Nov 10:00)."""

from __future__ import annotations

import importlib.util
import mailbox
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main


def _corpus() -> Any:
    """The reply corpus's test module: its scenario, seeding and outcome words."""
    spec = importlib.util.spec_from_file_location(
        "reply_corpus_inbox", Path(__file__).parent / "test_reply_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reply_corpus_inbox"] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()

CASE = {"friend": 1, "email": "jo@example.com", "name": "Jo Baker", "invite": "fresh", "file": "tomorrow"}
#: Tuesday 24 November, 09:00 in Berlin: the morning after Monday's reply
TUESDAY_MORNING = "2026-11-24T08:00:00+00:00"


def _reply(date: str, text: str) -> bytes:
    return (
        f"From: Jo Baker <jo@example.com>\r\nTo: Sam Keller <sam@example.org>\r\nDate: {date}\r\n"
        f"Subject: Re: Coffee?\r\nMessage-ID: <tomorrow.{abs(hash(date))}@example.com>\r\n"
        f"In-Reply-To: {corpus.S.message_id(1, 'invite')}\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="utf-8"\r\n\r\n{text}\r\n'
    ).encode()


def _inbox(tmp_path: Path, raw: bytes) -> str:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    box.add(raw)
    corpus.seed(tmp_path / "data" / "meetup.db", [CASE])
    env = corpus.environment(tmp_path, f'[inbox]\nmaildir = "{tmp_path / "Mail"}"')
    env["MEETUP_NOW"] = TUESDAY_MORNING
    result = CliRunner().invoke(main, ["inbox"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(tmp_path / "data" / "meetup.db")
    try:
        return str(corpus.outcome(conn, CASE))
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("date", "text", "expected"),
    [
        # written Monday evening: tomorrow is Tuesday, option 1
        ("Mon, 23 Nov 2026 21:40:00 +0100", "tomorrow works for me!", "yes:1"),
        ("Mon, 23 Nov 2026 21:40:00 +0100", "Morgen Abend passt!", "yes:1"),
        # written in New York on Monday afternoon, Monday evening in Berlin: still Tuesday
        ("Mon, 23 Nov 2026 14:40:00 -0500", "Tomorrow evening is perfect", "yes:1"),
        # written on Tuesday morning: tomorrow is Wednesday, which was not offered
        ("Tue, 24 Nov 2026 07:30:00 +0100", "tomorrow works for me!", "user"),
    ],
)
def test_tomorrow_is_the_day_after_the_reply_was_written(
    tmp_path: Path, date: str, text: str, expected: str
) -> None:
    assert _inbox(tmp_path, _reply(date, text)) == expected
