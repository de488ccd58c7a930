"""Text that reaches a header, a single line or a message body: control characters removed.

Shared by the composer and the friends list, which both put user-typed text into mail.
"""

from __future__ import annotations

import unicodedata

_CONTROL = {c: " " for c in range(32)} | {c: " " for c in range(127, 160)}
_CONTROL_KEEP_LINES = {c: v for c, v in _CONTROL.items() if c not in (9, 10)} | {13: ""}


def one_line(text: str) -> str:
    """No CR, LF or other control characters: safe for a subject, a header or a single line."""
    return " ".join(text.translate(_CONTROL).split())


def clean_text(text: str) -> str:
    """Multi-line text (a note) without control characters other than newline and tab."""
    return text.translate(_CONTROL_KEEP_LINES).strip()


def folded(text: str) -> str:
    """Case and accents folded, as people type and sort names: "amelie" finds Amélie, Ólafur
    sorts between Ngozi and Priyanka."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
