"""One-tap answers: the HTML part of invites and nudges, rendered in a real headless Chromium
(screenshot in the test's tmp dir, links read back from the DOM), and the replies those links
open, read by ``meetup inbox`` like typed ones - matched by their reference AND the sender."""

from __future__ import annotations

import mailbox
import os
import shutil
import sqlite3
import subprocess
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner, Result

from meetup.answers.reference import find_reference, match_reference, reference_line, without_reference
from meetup.cli import main
from meetup.invite.html import NONE_WORK, one_tap_html, reply_link

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/system-deps does it)"
)

BODY = """Hey Sam! There's a new place by the canal.

Fancy a coffee? I could do
  1. Tue 01 Dec, 18:00-18:45
  2. Thu 03 Dec, 12:30-13:15
  3. Sat 05 Dec, 10:00-10:45
(times in your zone, Europe/London)

Just send me the number. -- Alex
"""


class Links(HTMLParser):
    """Every ``<a href>`` of a page with its visible text, and whether a script survived."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.scripts = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def _chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    if os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to sandbox as root (CI runs as root)
    command += [f"--user-data-dir={tmp / 'chromium-profile'}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def render(html: str, tmp: Path, name: str) -> list[tuple[str, str]]:
    """Load ``html`` in Chromium: a screenshot to ``tmp/name.png`` and the links of its DOM."""
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp / f"{name}.png"
    _chromium(page, tmp, f"--screenshot={shot}", "--window-size=480,720")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000, "no screenshot"
    dom = _chromium(page, tmp, "--dump-dom")
    assert dom.returncode == 0 and "<body" in dom.stdout, dom.stderr[-500:]
    parser = Links()
    parser.feed(dom.stdout)
    assert parser.scripts == 0
    return parser.links


def tap(href: str) -> tuple[str, str, str]:
    """What a mail client makes of a ``mailto:`` link: (to, subject, body)."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


# --------------------------------------------------------------------------- the pure parts


def test_each_option_line_becomes_a_reply_link_and_the_rest_stays_text() -> None:
    html = one_tap_html(
        body=BODY, numbers=[1, 2, 3], reply_to="alex@example.org", subject="Coffee?", invite_id=12
    )
    parser = Links()
    parser.feed(html)
    assert [text for _, text in parser.links] == [
        "1. Tue 01 Dec, 18:00-18:45",
        "2. Thu 03 Dec, 12:30-13:15",
        "3. Sat 05 Dec, 10:00-10:45",
        "none of these work",
    ]
    assert [tap(href) for href, _ in parser.links] == [
        ("alex@example.org", "Re: Coffee?", f"{n}\r\n\r\n(ref: invite 12)\r\n") for n in ("1", "2", "3")
    ] + [("alex@example.org", "Re: Coffee?", f"{NONE_WORK}\r\n\r\n(ref: invite 12)\r\n")]
    assert "(times in your zone, Europe/London)" in html and "Just send me the number. -- Alex" in html


def test_a_nudge_keeps_its_own_numbers_and_a_template_without_a_list_gets_buttons() -> None:
    nudge = "Hi Sam, still up for it?\n\n  4. Mon 07 Dec, 18:00-18:45\n  5. Tue 08 Dec, 12:00-12:45\n"
    parser = Links()
    parser.feed(
        one_tap_html(body=nudge, numbers=[4, 5], reply_to="a@x.org", subject="Re: Coffee?", invite_id=3)
    )
    assert [(tap(h)[1], tap(h)[2].split("\r\n")[0], t) for h, t in parser.links[:2]] == [
        ("Re: Coffee?", "4", "4. Mon 07 Dec, 18:00-18:45"),  # never "Re: Re:"
        ("Re: Coffee?", "5", "5. Tue 08 Dec, 12:00-12:45"),
    ]
    bare = Links()
    bare.feed(one_tap_html(body="Coffee soon?", numbers=[1, 2], reply_to="a@x.org", subject="S", invite_id=3))
    assert [t for _, t in bare.links] == ["Option 1", "Option 2", "none of these work"]


def test_text_from_the_user_and_friend_is_escaped() -> None:
    body = 'Hey <b>Sam</b> & co! <script>alert("x")</script>\n\n  1. Tue 01 Dec, 18:00-18:45\n'
    html = one_tap_html(body=body, numbers=[1], reply_to="a@x.org", subject='"><script>', invite_id=1)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_mailto_links_encode_everything() -> None:
    href = reply_link("alex+meetup@example.org", "Drinks & food?", "2\n\n(ref: invite 7)\n")
    assert href == (
        "mailto:alex%2Bmeetup@example.org?subject=Re%3A%20Drinks%20%26%20food%3F"
        "&body=2%0D%0A%0D%0A%28ref%3A%20invite%207%29%0D%0A"
    )


def test_the_reference_is_found_stripped_and_only_trusted_from_the_friend() -> None:
    text = f"2\n\n{reference_line(12)}\n\nSent from my iPhone"
    assert find_reference(text) == 12 and find_reference("2") is None
    assert without_reference(text) == "2\n\n\nSent from my iPhone"
    assert find_reference(f"{reference_line(3)}\n> {reference_line(4)}") is None  # two: none
    friends = {12: "sam@example.net", 13: None}
    assert match_reference(text, "Sam@Example.net", friends) == (12, None)
    assert match_reference(text, "eve@example.org", friends) == (
        None,
        "names invite 12 but comes from eve@example.org, not its friend",
    )
    assert match_reference(f"1\n{reference_line(99)}", "sam@example.net", friends) == (None, None)


# --------------------------------------------------------------------------- in Chromium


@needs_chromium
def test_chromium_renders_the_invite_and_its_links_open_the_right_replies(tmp_path: Path) -> None:
    html = one_tap_html(
        body=BODY, numbers=[1, 2, 3], reply_to="alex@example.org", subject="Coffee?", invite_id=12
    )
    links = render(html, tmp_path, "invite")
    assert len(links) == 4
    for number, (href, text) in enumerate(links[:3], start=1):
        to, subject, body = tap(href)
        assert (to, subject) == ("alex@example.org", "Re: Coffee?")
        assert body.splitlines()[0] == str(number) and text.startswith(f"{number}. ")
        assert find_reference(body) == 12
    assert links[3][1] == "none of these work" and tap(links[3][0])[2].startswith(NONE_WORK)


# --------------------------------------------------------------------------- end to end


def _env(tmp_path: Path) -> dict[str, str]:
    mailbox.Maildir(tmp_path / "Maildir", create=True)
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-sun 09:00-21:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[me]\nname = "Alex"\nemail = "alex@example.org"\n'
        f'[followup]\nvia = "outbox"\n[inbox]\nmaildir = "{tmp_path / "Maildir"}"\n'
    )
    return {
        "MEETUP_DATA_DIR": str(tmp_path / "data"),
        "MEETUP_CACHE_DIR": str(tmp_path / "cache"),
        "MEETUP_CONFIG": str(tmp_path / "config.toml"),
        "MEETUP_NOW": "2026-11-23T09:00:00+01:00",
    }


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _tapped_reply(href: str, sender: str, msgid: str) -> bytes:
    """The reply a mail client sends for a tapped link: no In-Reply-To, no References."""
    to, subject, body = tap(href)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Message-ID"] = sender, to, subject, msgid
    message.set_content(body.replace("\r\n", "\n"))
    return message.as_bytes()


def _sent_invites(tmp_path: Path) -> list[Any]:
    box = tmp_path / "data" / "outbox" / "new"
    found = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(box.iterdir())]
    return sorted(found, key=lambda m: str(m["Message-ID"]))


@needs_chromium
def test_a_tapped_answer_confirms_the_right_invite_and_a_stranger_cannot(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _run(env, "friend", "add", "Sam Lee", "--email", "sam@example.net").exit_code == 0
    # two open invites: the sender alone cannot tell which one is answered
    assert _run(env, "invite", "sam", "--via", "outbox").exit_code == 0
    assert _run(env, "invite", "sam", "--via", "outbox", "--again").exit_code == 0
    second = next(m for m in _sent_invites(tmp_path) if ".2.invite." in str(m["Message-ID"]))
    assert second.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in second.iter_parts()]
    assert parts[:2] == ["text/plain", "text/html"]  # the text part first: it is the message
    text = second.get_body(preferencelist=("plain",)).get_content()
    assert "http" not in text and "mailto" not in text and "ref:" not in text  # the text reads as before
    links = render(second.get_body(preferencelist=("html",)).get_content(), tmp_path, "sent-invite")
    option_links = links[:-1]
    assert len(option_links) == 3
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(_tapped_reply(option_links[1][0], "Mallory <eve@example.org>", "<tap-eve@example.org>"))
    box.add(_tapped_reply(option_links[1][0], "Sam Lee <sam@example.net>", "<tap-sam@example.net>"))
    result = _run(env, "inbox")
    assert "invite 2: yes -> confirmed" in result.output
    assert "needs you: <tap-eve@example.org>: names invite 2 but comes from eve@example.org" in result.output
    db = sqlite3.connect(tmp_path / "data" / "meetup.db")
    states = dict(db.execute("SELECT id, state FROM invites").fetchall())
    chosen = db.execute(
        "SELECT position FROM invite_options WHERE invite_id = 2 AND state = 'chosen'"
    ).fetchall()
    db.close()
    assert states == {1: "open", 2: "accepted"} and chosen == [(2,)]


@needs_chromium
def test_a_nudge_offers_its_own_numbers_as_taps_and_a_tap_on_one_confirms_it(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _run(env, "friend", "add", "Sam Lee", "--email", "sam@example.net").exit_code == 0
    assert _run(env, "invite", "sam", "--via", "outbox").exit_code == 0
    later = {**env, "MEETUP_NOW": "2026-11-26T09:00:00+01:00"}  # past the first nudge (2 days)
    assert _run(later, "followup").exit_code == 0
    (nudge,) = [m for m in _sent_invites(tmp_path) if ".nudge." in str(m["Message-ID"])]
    assert [p.get_content_type() for p in nudge.iter_parts()][:2] == ["text/plain", "text/html"]
    text = nudge.get_body(preferencelist=("plain",)).get_content()
    numbered = [
        line.strip().split(".")[0] for line in text.splitlines() if line.strip()[:2].rstrip(".").isdigit()
    ]
    links = render(nudge.get_body(preferencelist=("html",)).get_content(), tmp_path, "nudge")
    taps = [tap(href) for href, _ in links[:-1]]
    assert numbered and [body.split("\r\n")[0] for _, _, body in taps] == numbered  # the nudge's own numbers
    assert all(subject == str(nudge["Subject"]) for _, subject, _ in taps)  # already "Re: ...", not "Re: Re:"
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(_tapped_reply(links[-2][0], "sam@example.net", "<tap-nudge@example.net>"))
    result = _run(later, "inbox")
    assert "invite 1: yes -> confirmed" in result.output
    db = sqlite3.connect(tmp_path / "data" / "meetup.db")
    chosen = db.execute(
        "SELECT position FROM invite_options WHERE invite_id = 1 AND state = 'chosen'"
    ).fetchall()
    db.close()
    assert chosen == [(int(numbered[-1]),)]
