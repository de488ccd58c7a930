"""Reading LinkedIn's connections export (``Connections.csv``). Pure: text in, rows out.

The export starts with a notes preamble (a quoted paragraph about missing emails, sometimes a
few lines), then the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected
On``. Cells follow CSV quoting ("Acme, Inc."), most emails are empty (connections hide them by
default), and names are whatever people typed: accents, scripts, emoji, trailing spaces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from meetup.errors import MeetupError
from meetup.text import one_line

_HEADER = ("first name", "last name")
_DATE_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%b %d, %Y",
)


@dataclass(frozen=True)
class Connection:
    name: str
    url: str | None
    email: str | None
    company: str | None
    position: str | None
    connected_on: date | None

    @property
    def work(self) -> str | None:
        """ "Position at Company", or whichever of the two is known."""
        if self.position and self.company:
            return f"{self.position} at {self.company}"
        return self.position or self.company


def parse_connected_on(text: str) -> date | None:
    """LinkedIn has written this as ``15 Mar 2024``, ``03/15/24`` and ISO over the years."""
    value = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _cell(row: dict[str, str | None], *names: str) -> str | None:
    for name in names:
        value = row.get(name)
        if value and one_line(value):
            return one_line(value)
    return None


def parse_connections(text: str, source: str) -> Iterator[Connection]:
    """Rows after the header; rows without a name are skipped. No header at all is an error."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    start = next(
        (i for i, row in enumerate(rows) if tuple(c.strip().lower() for c in row[:2]) == _HEADER), None
    )
    if start is None:
        raise MeetupError(
            f"{source}: not a LinkedIn connections export (no 'First Name,Last Name,...' header line)"
        )
    header = [c.strip().lower() for c in rows[start]]
    for cells in rows[start + 1 :]:
        if not any(c.strip() for c in cells):
            continue
        row: dict[str, str | None] = dict(zip(header, cells, strict=False))
        name = one_line(" ".join(p for p in (_cell(row, "first name"), _cell(row, "last name")) if p))
        if not name:
            continue
        connected = _cell(row, "connected on")
        yield Connection(
            name=name,
            url=_cell(row, "url", "profile url"),
            email=_cell(row, "email address", "email"),
            company=_cell(row, "company"),
            position=_cell(row, "position", "title"),
            connected_on=parse_connected_on(connected) if connected else None,
        )
