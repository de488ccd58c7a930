"""Reading one incoming message within limits, so a hostile or broken mail never stops
``meetup inbox``: its size, MIME parts and nesting depth are capped, the text handed to the reply
reader is cut to the top (where a person's answer is), HTML is turned into text in one linear
pass, and the whole read runs under a time budget. A message over a limit is *unreadable*: the
inbox records it once (for the user, in ``meetup status``) and moves on to the next one."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from html.parser import HTMLParser
from types import FrameType

from meetup.errors import MeetupError


@dataclass(frozen=True)
class MailLimits:
    """The bounds of reading one message (documented in docs/limits-and-safety.md)."""

    #: a bigger message is not parsed at all (its headers are, to record it)
    max_bytes: int = 10 * 1024 * 1024
    #: MIME parts (and multipart boundaries declared) in one message
    max_parts: int = 200
    #: multipart nesting depth
    max_depth: int = 20
    #: HTML characters turned into text (the answer is at the top)
    max_html_chars: int = 512 * 1024
    #: lines and characters of text handed to the reply reader
    max_text_lines: int = 400
    max_text_chars: int = 32_000
    #: wall-clock budget for parsing and reading one message
    seconds: float = 10.0


DEFAULT_LIMITS = MailLimits()

#: The headers of an oversized message are read from this many leading bytes only.
_HEADER_BYTES = 64 * 1024
_BOUNDARY = re.compile(rb"(?i)boundary\s*=")


class Unreadable(MeetupError):
    """A message over one of the limits, or one the mail parser cannot take apart."""


def headers_of(raw: bytes) -> Message:
    """Only the header block, from the first bytes: cheap and bounded whatever the body is."""
    head = raw[:_HEADER_BYTES]
    end = head.find(b"\r\n\r\n")
    end = end if end >= 0 else head.find(b"\n\n")
    return BytesHeaderParser(policy=policy.default).parsebytes(head[: end + 2] if end >= 0 else head)


def check_size(raw: bytes, limits: MailLimits, size: int | None = None) -> None:
    """Refuse before parsing what would be too costly to parse."""
    total = max(len(raw), size or 0)
    if total > limits.max_bytes:
        raise Unreadable(f"{total:,} bytes, over the {limits.max_bytes:,}-byte limit")
    declared = len(_BOUNDARY.findall(raw))
    if declared > limits.max_parts:
        raise Unreadable(f"{declared} multipart boundaries, over the limit of {limits.max_parts}")


def check_structure(message: EmailMessage, limits: MailLimits) -> None:
    """Count parts and depth without recursion (the parser's own walk() recurses)."""
    stack: list[tuple[Message, int]] = [(message, 1)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if depth > limits.max_depth:
            raise Unreadable(f"MIME parts nested over {limits.max_depth} deep")
        if parts > limits.max_parts:
            raise Unreadable(f"more than {limits.max_parts} MIME parts")
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload if isinstance(child, Message))


def cut_text(text: str, limits: MailLimits) -> tuple[str, bool]:
    """The top of a reply, where the answer is; True when something was cut."""
    cut = text[: limits.max_text_chars]
    lines = cut.split("\n", limits.max_text_lines)
    if len(lines) > limits.max_text_lines:
        cut = "\n".join(lines[: limits.max_text_lines])
    return cut, len(cut) < len(text)


class _TextOfHTML(HTMLParser):
    """Visible text of an HTML mail; quoted (blockquote), script and style content left out."""

    _SKIP = frozenset({"script", "style", "blockquote", "head", "title"})
    _BREAK = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAK:
            self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAK:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAK:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data)


def html_to_text(html: str, limits: MailLimits = DEFAULT_LIMITS) -> str:
    """One linear pass over at most ``max_html_chars`` (regexes over unclosed tags were quadratic)."""
    parser = _TextOfHTML()
    parser.feed(html[: limits.max_html_chars])
    parser.close()
    text = "".join(parser.chunks)
    return re.sub(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+", "\n\n", text).strip()


class _OutOfTime(BaseException):
    """Raised by the alarm inside a read that ran over its budget (BaseException, so no
    ``except Exception`` in a library swallows it)."""


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`Unreadable` when the block runs longer than ``seconds``. Uses a real-time
    alarm, so only in the main thread of a POSIX process; elsewhere the other limits bound it."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise Unreadable(f"{what} took longer than {seconds:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
