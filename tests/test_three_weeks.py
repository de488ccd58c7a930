"""The done-when of issue 11: examples/three_weeks.py (ten friends, five zones, 21 days of the real
CLI) reads like one person wrote it, books nothing twice, puts no meal at an odd hour and no nudge
outside its invite's request. The example's own checks are the assertions, plus what happened."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("three_weeks", ROOT / "examples" / "three_weeks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["three_weeks"] = module
    spec.loader.exec_module(module)
    return module


def test_three_weeks_read_like_one_person(tmp_path: Path) -> None:
    example = _example()
    report = example.simulate(tmp_path)
    assert report.problems == []
    states = {i["friend"]: i["state"] for i in report.status["invites"]}
    assert states == {
        "Dr. Maria Garcia": "accepted",  # said 2 the same afternoon
        "Jonas Weber": "accepted",  # answered the nudge with one of its fresh times
        "Priya Raman": "declined",
        "Thomas Baker": "declined",  # "ask me later"
        "Aiko Tanaka": "accepted",
        "Sam Lee": "unanswered",  # two nudges, then meetup stopped
        "Dan Smith": "accepted",  # picked a time the user had filled: slot-taken, then another
        "Lena Fischer": "unanswered",  # her --to passed: the last nudge said so
        "Grace Kim": "accepted",  # named an option the nudge listed as still free
        "Felix Braun": "accepted",  # the campaign's first friend
    }
    threads = report.threads()
    by_friend = {thread[0].to: thread for thread in threads.values()}
    # each thread as the story goes: an answer the same day is invite + reply; a nudge adds one
    assert {to: len(thread) for to, thread in by_friend.items()} == {
        "maria@example.org": 2,  # invite, confirmation
        "felix@example.de": 2,  # invite, confirmation
        "jonas@example.de": 3,  # invite, nudge, confirmation
        "priya@example.com": 2,  # invite, thanks
        "tom@example.co.uk": 2,  # invite, "later" noted
        "aiko@example.jp": 2,  # invite, confirmation
        "sam@example.net": 3,  # invite, two nudges, then silence
        "dan@example.com": 4,  # invite, slot taken, nudge, confirmation
        "lena@example.de": 3,  # invite, nudge, "the dates have passed"
        "grace@example.com": 3,  # invite, nudge, confirmation
    }
    assert len(report.messages) == 26
    # greeted by the name a person uses: never the title, the nickname when there is one
    assert by_friend["maria@example.org"][0].body.splitlines()[0].rstrip(",!").endswith("Maria")
    assert by_friend["tom@example.co.uk"][0].body.splitlines()[0].rstrip(",!").endswith("Tom")
    # Dan's yes to a time meanwhile taken: a slot-taken reply naming it, then a confirmation
    dan = [m.body.replace("\r\n", "\n") for m in by_friend["dan@example.com"]]
    assert "Fri 27 Nov, 18:00-20:00" in dan[1].split("\n\n")[1]
    assert re.findall(r"^(\d)\. ", dan[1], re.MULTILINE) == ["2", "3", "4"]  # what stands, then a new time
    # then the nudge's new time, which Dan takes: the confirmation names that time
    picked = re.findall(r"^\d\. (.+)$", dan[2], re.MULTILINE)[-1]
    assert f"{picked} UK time" in dan[-1] and "calendar invitation" in dan[-1]
    # Lena's period ran out: the last message says so and offers nothing
    lena = by_friend["lena@example.de"][-1].body
    assert any(line in lena for line in example_phrases("ENDED")) and "\n1. " not in lena
    # the invitation each friend got is titled from their side; zones said as people say them
    invitations = {
        m.to: [line.split(":")[0] if line.startswith("DTSTART;") else line for line in m.calendar.split("\r\n")
               if line.startswith(("SUMMARY:", "DTSTART;"))]
        for m in report.messages
        if m.calendar
    }  # fmt: skip
    assert invitations == {  # one for each yes, on the clock of the place (a call: the friend's)
        "maria@example.org": ["SUMMARY:Lunch with Alex", "DTSTART;TZID=Europe/London"],
        "felix@example.de": ["SUMMARY:Drinks with Alex", "DTSTART;TZID=Europe/London"],
        "jonas@example.de": ["SUMMARY:Call with Alex", "DTSTART;TZID=Europe/Berlin"],
        "aiko@example.jp": ["SUMMARY:Call with Alex", "DTSTART;TZID=Asia/Tokyo"],
        "dan@example.com": ["SUMMARY:Drinks with Alex", "DTSTART;TZID=Europe/London"],
        "grace@example.com": ["SUMMARY:Board games with Alex", "DTSTART;TZID=Europe/London"],
    }
    # the times themselves depend on the chooser: the example checks them (report.problems: hours, no double booking)
    assert any("your time" in m.body for m in by_friend["aiko@example.jp"])
    assert any("UK time" in m.body for m in by_friend["dan@example.com"])
    assert not any("UK time" in m.body or "your time" in m.body for m in by_friend["sam@example.net"])


def example_phrases(name: str) -> tuple[str, ...]:
    from meetup.invite import composer

    value = getattr(composer, name)
    assert isinstance(value, tuple)
    return value
