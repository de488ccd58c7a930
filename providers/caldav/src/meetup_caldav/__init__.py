"""meetup-caldav: busy time from, and events to, CalDAV servers (Nextcloud, iCloud, Radicale...)."""

from meetup_caldav.errors import (
    CalDavAuthError,
    CalDavConflict,
    CalDavError,
    CalDavNotFound,
    CalDavUnavailable,
)
from meetup_caldav.provider import CalDavAccount, create

__all__ = [
    "CalDavAccount",
    "CalDavAuthError",
    "CalDavConflict",
    "CalDavError",
    "CalDavNotFound",
    "CalDavUnavailable",
    "create",
]
