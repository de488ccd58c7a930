"""The HTML alternative of an invite or nudge: the same words, each option a one-tap answer.

Pure: the text body (already composed, already private) goes in, HTML comes out. Each numbered
option line of the text becomes a ``mailto:`` link that opens a reply to the user with the
invite's subject ("Re: ...") and a body holding the option's number and a reference line
(``(ref: invite 12)``) - a link cannot set ``In-Reply-To``, so the reference and the friend's
own address are what match the reply (:mod:`meetup.answers.reference`). The text part stays
first and complete; this part only adds the links, and a "none of these work" link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from meetup.answers.reference import reference_line

#: An option line as the composer and the templates write it: "  2. Thu 03 Dec, 18:00-19:00".
_OPTION = re.compile(r"^\s*#?(\d{1,3})[.)]\s+(\S.*)$")

NONE_WORK = "None of these times work for me."

_LINK = "color:#1a5fb4;text-decoration:none;border:1px solid #1a5fb4;border-radius:6px;padding:6px 12px;display:inline-block"
_SMALL = "color:#555;font-size:90%"


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _pct(text: str, safe: str = "") -> str:
    """RFC 3986 percent-encoding of UTF-8 (urllib.parse.quote's job, kept here: no I/O modules)."""
    keep = _UNRESERVED | frozenset(safe.encode())
    return "".join(chr(b) if b in keep else f"%{b:02X}" for b in text.encode("utf-8"))


def reply_link(address: str, subject: str, body: str) -> str:
    """An RFC 6068 ``mailto:`` URI: everything percent-encoded, line breaks as CRLF."""
    subject = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{_pct(address, '@')}?subject={_pct(subject)}&body={_pct(crlf)}"


def answer_body(answer: str, invite_id: int) -> str:
    """What a tap puts in the reply: the answer, a blank line, the reference."""
    return f"{answer}\n\n{reference_line(invite_id)}\n"


def one_tap_html(*, body: str, numbers: Sequence[int], reply_to: str, subject: str, invite_id: int) -> str:
    """The whole ``text/html`` part for a message whose text is ``body`` offering ``numbers``."""

    def link(answer: str, label: str) -> str:
        href = html.escape(reply_link(reply_to, subject, answer_body(answer, invite_id)))
        return f'<a href="{href}" style="{_LINK}">{html.escape(label)}</a>'

    wanted = set(numbers)
    shown: set[int] = set()
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):  # a "\r" left at a line's end is stripped below
        lines: list[str] = []
        items: list[str] = []
        for line in paragraph.split("\n"):
            match = _OPTION.match(line)
            if match and int(match.group(1)) in wanted:
                if lines:
                    blocks.append(_para(lines))
                    lines = []
                number = int(match.group(1))
                shown.add(number)
                items.append(
                    f'<li style="margin:6px 0">{link(str(number), f"{number}. {match.group(2).strip()}")}</li>'
                )
                continue
            if items:
                blocks.append(_list(items))
                items = []
            lines.append(line)
        if items:
            blocks.append(_list(items))
        if lines:
            blocks.append(_para(lines))
    missing = [n for n in numbers if n not in shown]
    if missing:  # a template without the numbered list: offer the numbers themselves
        blocks.append(
            _list([f'<li style="margin:6px 0">{link(str(n), f"Option {n}")}</li>' for n in missing])
        )
    none_link = html.escape(reply_link(reply_to, subject, answer_body(NONE_WORK, invite_id)))
    blocks.append(
        f'<p style="{_SMALL}">Tap a time to answer: it opens a reply, just send it. '
        f'Or: <a href="{none_link}" style="color:#1a5fb4">none of these work</a>.</p>'
    )
    title = html.escape(subject)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>\n"
        '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;'
        'font-size:16px;line-height:1.5;color:#222;max-width:36em;margin:16px">\n'
        + "\n".join(blocks)
        + "\n</body></html>\n"
    )


def _para(lines: Sequence[str]) -> str:
    """A paragraph's lines (never blank: a blank line ends a paragraph), one per line."""
    return "<p>" + "<br>\n".join(html.escape(line.strip()) for line in lines) + "</p>"


def _list(items: Sequence[str]) -> str:
    return '<ul style="list-style:none;padding:0;margin:8px 0">' + "".join(items) + "</ul>"
