"""The OAuth token file: JSON from ``Credentials.to_json()``, mode 0600, replaced atomically.

Never pickled, never logged. A refreshed access token is written back so the next run does
not refresh again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from meetup.errors import ProviderError

#: Least privilege for what meetup does: read free/busy, list calendars, write its own events.
SCOPES = (
    "https://www.googleapis.com/auth/calendar.freebusy",
    "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
    "https://www.googleapis.com/auth/calendar.events.owned",
)

AUTH_HINT = "run `meetup auth google`"


def token_path(config_dir: Path, account: str) -> Path:
    return config_dir / f"google-{account}.json"


def write_token(path: Path, token_json: str) -> None:
    """Write ``token_json`` to ``path`` with mode 0600, never leaving a half-written file."""
    json.loads(token_json)  # refuse to store anything that is not JSON
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token_json)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_token(path: Path, where: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProviderError(f"{where}: not signed in ({path} missing); {AUTH_HINT}") from None
    except OSError as exc:
        raise ProviderError(f"{where}: cannot read {path}: {exc.strerror}") from None
    try:
        info = json.loads(text)
    except ValueError:
        raise ProviderError(f"{where}: {path} is not valid JSON; {AUTH_HINT}") from None
    if not isinstance(info, dict) or "refresh_token" not in info:
        raise ProviderError(f"{where}: {path} holds no refresh token; {AUTH_HINT}")
    return info


def load_credentials(path: Path, where: str, transport: Any = None) -> Any:
    """Credentials from the token file, refreshed (and saved) if the access token expired.

    ``transport`` is a google-auth ``Request`` (the ``requests`` one by default)."""
    from google.auth.exceptions import RefreshError, TransportError
    from google.oauth2.credentials import Credentials

    if transport is None:
        from google.auth.transport.requests import Request

        transport = Request()

    info = read_token(path, where)
    try:
        creds = Credentials.from_authorized_user_info(info)  # type: ignore[no-untyped-call]
    except ValueError as exc:
        raise ProviderError(f"{where}: {path} is incomplete ({exc}); {AUTH_HINT}") from None
    if not creds.valid:
        try:
            creds.refresh(transport)
        except RefreshError:
            raise ProviderError(f"{where}: Google refused the saved sign-in; {AUTH_HINT}") from None
        except TransportError as exc:
            raise ProviderError(f"{where}: cannot reach Google to refresh the sign-in ({exc})") from None
        write_token(path, creds.to_json())
    return creds


class TokenKeeper:
    """Writes the token back when google-auth refreshed it during a run (on a 401 mid-call)."""

    def __init__(self, path: Path, credentials: Any) -> None:
        self.path = path
        self.credentials = credentials
        self._saved = credentials.token

    def save_if_refreshed(self) -> None:
        if self.credentials.token and self.credentials.token != self._saved:
            write_token(self.path, self.credentials.to_json())
            self._saved = self.credentials.token
