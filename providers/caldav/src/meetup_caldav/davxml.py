"""The few WebDAV/CalDAV request bodies meetup sends, and a tolerant multistatus reader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"

_NS = f'xmlns:d="{DAV}" xmlns:c="{CALDAV}" xmlns:cs="{CS}"'

CURRENT_USER_PRINCIPAL = (
    f'<?xml version="1.0"?><d:propfind {_NS}><d:prop><d:current-user-principal/></d:prop></d:propfind>'
)
CALENDAR_HOME_SET = (
    f'<?xml version="1.0"?><d:propfind {_NS}><d:prop><c:calendar-home-set/></d:prop></d:propfind>'
)
#: One Depth-1 PROPFIND on the home set tells which calendars exist and which changed.
HOME_LISTING = (
    f'<?xml version="1.0"?><d:propfind {_NS}><d:prop><d:resourcetype/><d:displayname/>'
    "<cs:getctag/><d:sync-token/><c:supported-calendar-component-set/>"
    "<d:current-user-privilege-set/></d:prop></d:propfind>"
)
HOME_LISTING_CTAG = HOME_LISTING.replace("<d:sync-token/>", "")
ETAGS = f'<?xml version="1.0"?><d:propfind {_NS}><d:prop><d:getetag/></d:prop></d:propfind>'


def sync_collection(token: str | None) -> str:
    """RFC 6578 REPORT: what changed since ``token`` (everything when None)."""
    tok = f"<d:sync-token>{escape(token)}</d:sync-token>" if token else "<d:sync-token/>"
    return (
        f'<?xml version="1.0"?><d:sync-collection {_NS}>{tok}<d:sync-level>1</d:sync-level>'
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget(hrefs: Iterable[str]) -> str:
    """RFC 4791 §7.9 calendar-multiget: the data of the named objects in one request."""
    items = "".join(f"<d:href>{escape(h)}</d:href>" for h in hrefs)
    return (
        f'<?xml version="1.0"?><c:calendar-multiget {_NS}><d:prop><d:getetag/><c:calendar-data/>'
        f"</d:prop>{items}</c:calendar-multiget>"
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def free_busy_query(start: datetime, end: datetime) -> str:
    """RFC 4791 §7.10: the server's own VFREEBUSY for a time range."""
    return (
        f'<?xml version="1.0"?><c:free-busy-query {_NS}>'
        f'<c:time-range start="{_utc(start)}" end="{_utc(end)}"/></c:free-busy-query>'
    )


@dataclass
class Entry:
    """One ``<d:response>``: its href, its own status (if any), and the props that came back 200."""

    href: str
    status: int | None = None
    props: dict[str, Any] = field(default_factory=dict)


def _status(text: str | None) -> int | None:
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def entries(tree: Any) -> list[Entry]:
    """Responses of a multistatus; props with a non-2xx propstat are left out."""
    if tree is None:
        return []
    found: list[Entry] = []
    for response in tree.iter(f"{{{DAV}}}response"):
        href = response.findtext(f"{{{DAV}}}href") or ""
        entry = Entry(href=href.strip(), status=_status(response.findtext(f"{{{DAV}}}status")))
        for propstat in response.findall(f"{{{DAV}}}propstat"):
            code = _status(propstat.findtext(f"{{{DAV}}}status"))
            if code is not None and not 200 <= code < 300:
                continue
            prop = propstat.find(f"{{{DAV}}}prop")
            if prop is None:
                continue
            for element in prop:
                entry.props[str(element.tag)] = element
        found.append(entry)
    return found


def text(entry: Entry, tag: str) -> str | None:
    element = entry.props.get(tag)
    if element is None:
        return None
    return (element.text or "").strip() or None


def child_href(entry: Entry, tag: str) -> str | None:
    element = entry.props.get(tag)
    if element is None:
        return None
    href = element.find(f"{{{DAV}}}href")
    return unquote(href.text.strip()) if href is not None and href.text else None


def is_calendar(entry: Entry) -> bool:
    kind = entry.props.get(f"{{{DAV}}}resourcetype")
    return kind is not None and kind.find(f"{{{CALDAV}}}calendar") is not None


def components(entry: Entry) -> set[str]:
    """VEVENT/VTODO/...; empty when the server does not say (then any may be present)."""
    element = entry.props.get(f"{{{CALDAV}}}supported-calendar-component-set")
    if element is None:
        return set()
    return {str(c.get("name", "")).upper() for c in element.findall(f"{{{CALDAV}}}comp")}


def can_write(entry: Entry) -> bool:
    element = entry.props.get(f"{{{DAV}}}current-user-privilege-set")
    if element is None:
        return True  # not reported: assume the owner's usual rights
    names = {str(p.tag) for priv in element.findall(f"{{{DAV}}}privilege") for p in priv}
    return bool(names & {f"{{{DAV}}}write", f"{{{DAV}}}write-content", f"{{{DAV}}}all", f"{{{DAV}}}bind"})
