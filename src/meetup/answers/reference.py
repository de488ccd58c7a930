"""The short reference a one-tap answer carries in its body: ``(ref: invite 12)``.

A reply opened from a ``mailto:`` link has no ``In-Reply-To`` (a link cannot set it), so the
body names the invite instead. The reference alone is never trusted: the reply must also come
from that invite's friend (see :func:`match_reference`), so a guessed number matches nothing.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_REF = re.compile(r"^[ \t>]*\(ref:\s*invite\s+(\d{1,9})\)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_REF_LINE = re.compile(_REF.pattern + r"\n?", re.IGNORECASE | re.MULTILINE)


def reference_line(invite_id: int) -> str:
    return f"(ref: invite {invite_id})"


def find_reference(text: str) -> int | None:
    """The invite a reply's own text names, when it names exactly one (quoted lines count too:
    some clients quote the link's body)."""
    found = {int(m.group(1)) for m in _REF.finditer(text)}
    return found.pop() if len(found) == 1 else None


def without_reference(text: str) -> str:
    """The reply's text with the reference line removed, so its number is never read as an option."""
    return _REF_LINE.sub("", text).strip("\n")


def match_reference(
    text: str, sender: str, friend_email: Mapping[int, str | None]
) -> tuple[int | None, str | None]:
    """``(invite, problem)`` for a reply without threading headers: the reference names the
    invite and ``sender`` must be its friend's address; ``(None, None)`` when there is no reference."""
    invite = find_reference(text)
    if invite is None or invite not in friend_email:
        return None, None
    expected = (friend_email.get(invite) or "").lower()
    if not expected or sender.lower() != expected:
        return None, f"names invite {invite} but comes from {sender or 'no address'}, not its friend"
    return invite, None
