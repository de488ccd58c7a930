"""Hypothesis drives hostile structures and byte-level damage through ``parse_incoming``: it
never raises, always names the message (a Message-ID or a stable stand-in), and whatever it hands
the reply reader stays within the limits, or the message is marked unreadable with a reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meetup.mail.limits import DEFAULT_LIMITS
from meetup.mail.sources import parse_incoming

BASE = (
    b"From: Ana <ana@example.org>\r\nTo: sam@example.org\r\nSubject: Re: Coffee?\r\n"
    b"Message-ID: <fuzz@example.org>\r\nIn-Reply-To: <meetup.1.invite.1.x@example.org>\r\n"
    b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n'
    b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"2 works, see you!=0D=0A> quoted\r\n"
    b"--b1\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>2 works</p><blockquote>old</blockquote>\r\n"
    b'--b1\r\nContent-Type: text/calendar; method=REPLY\r\nContent-Disposition: attachment; filename="a.ics"\r\n\r\n'
    b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--b1--\r\n"
)

_types = st.sampled_from(
    ["text/plain", "text/html", "text/calendar", "multipart/mixed", "multipart/alternative",
     "message/rfc822", "application/octet-stream", "text/plain; charset=x-unknown", "text/html; charset=utf-7"]
)  # fmt: skip
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@st.composite
def structures(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(_types)
    if kind.startswith("multipart") and depth < 40:
        boundary = f"b{depth}x{draw(st.integers(0, 9))}"
        parts = draw(st.lists(structures(depth + 1), min_size=0, max_size=3))
        inner = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts)
        closing = draw(st.sampled_from([f"--{boundary}--\r\n", "", f"--{boundary}\r\n"]))
        return f'Content-Type: {kind}; boundary="{boundary}"\r\n\r\n{inner}{closing}'
    encoding = draw(st.sampled_from(["", "base64", "quoted-printable", "8bit", "x-bogus"]))
    header = f"Content-Transfer-Encoding: {encoding}\r\n" if encoding else ""
    return f"Content-Type: {kind}\r\n{header}\r\n{draw(_text)}"


def _check(raw: bytes) -> None:
    mail = parse_incoming(raw)
    assert mail.message_id
    if mail.unreadable is None:
        assert len(mail.text) <= DEFAULT_LIMITS.max_text_chars
        assert mail.text.count("\n") < DEFAULT_LIMITS.max_text_lines
    else:
        assert mail.text == "" and mail.unreadable
    assert len(mail.senders) != 1 or mail.sender == mail.senders[0]


@given(
    structures(), st.sampled_from(["Ana <ana@example.org>", "undisclosed-recipients:;", "", "a@x, b@y", "<>"])
)
def test_generated_structures_never_raise(body: str, sender: str) -> None:
    head = f"From: {sender}\r\nSubject: Re: x\r\nMIME-Version: 1.0\r\n" if sender else "Subject: x\r\n"
    _check((head + body).encode("utf-8", errors="surrogateescape"))


@given(st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.binary(min_size=0, max_size=4)), max_size=8))
def test_damaged_bytes_never_raise(edits: list[tuple[int, bytes]]) -> None:
    raw = bytearray(BASE)
    for position, replacement in edits:
        raw[position : position + len(replacement) or position + 1] = replacement
    _check(bytes(raw))
