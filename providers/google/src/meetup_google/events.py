"""EventSpec to Google's Event resource, and the client-supplied event id.

The id is derived from the meetup UID alone, so a retried insert hits the same id (409) and
becomes a patch instead of a duplicate event.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from meetup.calendar.providers import EventSpec

#: Google event ids use base32hex's alphabet (a-v, 0-9) and are 5 to 1024 characters long.
ID_PREFIX = "meetup"


def event_id(uid: str) -> str:
    digest = hashlib.sha256(uid.encode("utf-8")).digest()
    return ID_PREFIX + base64.b32hexencode(digest).decode("ascii").rstrip("=").lower()


def _when(spec: EventSpec, moment: Any) -> dict[str, str]:
    when = {"dateTime": moment.isoformat()}
    if spec.timezone:
        when["timeZone"] = spec.timezone
    return when


def event_body(spec: EventSpec) -> dict[str, Any]:
    """The Event resource for ``spec``: only what meetup itself wrote, nothing from other events."""
    body: dict[str, Any] = {
        "id": event_id(spec.uid),
        "summary": spec.summary,
        "start": _when(spec, spec.start),
        "end": _when(spec, spec.end),
        "status": "tentative" if spec.status.upper() == "TENTATIVE" else "confirmed",
        "transparency": "transparent" if spec.transparent else "opaque",
        "sequence": spec.sequence,
        "attendees": [
            {"email": a.email, **({"displayName": a.name} if a.name else {})} for a in spec.attendees
        ],
        "extendedProperties": {"private": {"meetupUid": spec.uid}},
    }
    if spec.description:
        body["description"] = spec.description
    if spec.location:
        body["location"] = spec.location
    return body
