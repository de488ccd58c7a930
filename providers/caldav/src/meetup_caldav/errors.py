"""CalDAV failures as one-line ProviderErrors that name the account and calendar."""

from __future__ import annotations

from meetup.errors import ProviderError


class CalDavError(ProviderError):
    """Anything that went wrong talking to a CalDAV server."""


class CalDavAuthError(CalDavError):
    """401: wrong username or password."""


class CalDavForbidden(CalDavError):
    """403: the account may not read or write this collection."""


class CalDavNotFound(CalDavError):
    """404 (or 410): the calendar or principal does not exist."""


class CalDavConflict(CalDavError):
    """412: the event changed on the server since meetup last saw it."""


class CalDavUnavailable(CalDavError):
    """5xx, timeout, refused connection, TLS failure: transient or infrastructure trouble."""


class CalDavProtocolError(CalDavError):
    """The server answered something a CalDAV server should not (bad XML, missing properties)."""
