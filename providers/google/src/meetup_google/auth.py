"""``meetup auth google``: the installed-app OAuth flow with a loopback redirect.

The user brings their own OAuth client (a "Desktop app" client secret file). meetup asks for
the least scopes it needs and stores the resulting token as JSON, mode 0600, next to the
config; ``--revoke`` revokes it at Google and removes the file.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from meetup.errors import ConfigError, ProviderError
from meetup_google.settings import ACCOUNT_NAME
from meetup_google.tokens import SCOPES, read_token, token_path, write_token

REVOKE_URI = "https://oauth2.googleapis.com/revoke"
CLIENT_SECRET_NAME = "google-client-secret.json"
PROMPT = (
    "Open this URL in a browser to let meetup read your free/busy time and write its events:\n{url}\n"
    "(On another machine: forward the port first, e.g. `ssh -L PORT:127.0.0.1:PORT`, with the port "
    "from the URL's redirect_uri; or, when the browser ends on a page that cannot be reached, paste "
    "that page's address here and press Enter.)"
)
SUCCESS = "meetup is signed in to Google Calendar. You can close this tab."


def _client_secret(config_dir: Path, given: Path | None) -> Path:
    """The client secret file: ``--client-secret``, remembered (0600) for the next sign-in."""
    remembered = config_dir / CLIENT_SECRET_NAME
    if given is None:
        if remembered.exists():
            return remembered
        raise ConfigError(
            "no OAuth client: create a 'Desktop app' OAuth client in the Google Cloud console and "
            "run `meetup auth google --client-secret FILE`"
        )
    try:
        info = json.loads(given.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{given}: cannot read the client secret file ({exc.strerror})") from None
    except ValueError:
        raise ConfigError(f"{given}: not a JSON client secret file") from None
    if not isinstance(info, dict) or "installed" not in info:
        raise ConfigError(f"{given}: not an installed-app ('Desktop app') OAuth client secret file")
    if given.resolve() != remembered.resolve():
        write_token(remembered, json.dumps(info))
    return remembered


def _stdin_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def pasted_redirect(line: str) -> str | None:
    """The loopback address to replay for a pasted redirect URL, or None if it is not one.

    Only ``http://127.0.0.1|localhost:PORT/?...code=...`` is accepted, so a paste can never make
    meetup fetch anything but its own waiting loopback server."""
    parts = urlsplit(line.strip())
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if not port or "code=" not in parts.query:
        return None
    return f"http://127.0.0.1:{port}{parts.path or '/'}?{parts.query}"


def _replay_pasted_redirects(read_line: Callable[[], str]) -> None:
    """Headless sign-in from another machine's browser: that browser cannot reach this loopback
    port, so the user pastes the address it stopped at; replaying it here hands the code (and
    state, which the flow still checks) to the flow's own server."""

    def run() -> None:
        while True:
            try:
                target = pasted_redirect(read_line())
            except (EOFError, OSError, ValueError):
                return
            if target is None:
                continue
            try:
                with urllib.request.urlopen(target, timeout=10) as answer:
                    answer.read()
            except OSError:
                continue
            return

    threading.Thread(target=run, name="meetup-oauth-paste", daemon=True).start()


def sign_in(
    client_secret: Path,
    *,
    open_browser: bool = True,
    browser: str | None = None,
    host: str = "127.0.0.1",
    timeout: int | None = 300,
    read_line: Callable[[], str] | None = None,
) -> Any:
    """Run the flow on a free loopback port; returns google-auth Credentials."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secret), scopes=list(SCOPES))
    if not open_browser:
        _replay_pasted_redirects(read_line or _stdin_line)
    try:
        return flow.run_local_server(
            host=host,
            port=0,
            open_browser=open_browser,
            browser=browser,
            authorization_prompt_message="" if open_browser else PROMPT,
            success_message=SUCCESS,
            timeout_seconds=timeout,
            access_type="offline",
            prompt="consent",
        )
    except Exception as exc:  # oauthlib and the WSGI timeout raise their own types
        raise ProviderError(f"Google sign-in failed: {exc.__class__.__name__}: {exc}") from None


def revoke_token(path: Path, transport: Any = None) -> bool:
    """Ask Google to revoke the saved token; True when Google confirmed."""
    info = read_token(path, "Google sign-in")
    token = info.get("refresh_token") or info.get("token")
    if transport is None:
        from google.auth.transport.requests import Request

        transport = Request()
    try:
        response = transport(
            url=REVOKE_URI,
            method="POST",
            body=urlencode({"token": token}).encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    except Exception:  # network down: the local copy is still removed
        return False
    return int(response.status) == 200


def authorize(
    *,
    config_dir: Path,
    account: str,
    client_secret: Path | None,
    no_browser: bool,
    revoke: bool,
    echo: Callable[[str], None],
    browser: str | None = None,
    transport: Any = None,
    read_line: Callable[[], str] | None = None,
) -> None:
    """Entry point ``meetup.auth: google``."""
    if not ACCOUNT_NAME.match(account):
        raise ConfigError(f"account {account!r}: use letters, digits, '.', '_' or '-'")
    path = token_path(config_dir, account)
    if revoke:
        if not path.exists():
            echo(f"Google account {account!r}: not signed in; nothing to revoke.")
            return
        confirmed = revoke_token(path, transport)
        path.unlink()
        note = "revoked at Google" if confirmed else "could not reach Google to revoke it; removed locally"
        echo(f"Google account {account!r}: sign-in {note} ({path} removed).")
        return
    secret = _client_secret(config_dir, client_secret)
    credentials = sign_in(secret, open_browser=not no_browser, browser=browser, read_line=read_line)
    if not credentials.refresh_token:
        raise ProviderError(
            "Google sent no refresh token; revoke meetup's access in your Google account and retry"
        )
    write_token(path, credentials.to_json())
    echo(f"Google account {account!r}: signed in; token saved to {path} (mode 0600).")


__all__ = ["authorize", "revoke_token", "sign_in"]
