"""The OAuth installed-app flow up to and including the token exchange, without Google.

google-auth-oauthlib's own flow runs its loopback server; a registered "browser" follows the
authorization URL's redirect the way Google would, and the token endpoint is a loopback server.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import queue
import stat
import threading
import urllib.parse
import urllib.request
import webbrowser
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from meetup_google import auth
from meetup_google.auth import authorize
from meetup_google.tokens import SCOPES

from meetup.cli import main
from meetup.errors import ConfigError


class TokenEndpoint(BaseHTTPRequestHandler):
    requests: list[dict[str, list[str]]] = []  # noqa: RUF012 - shared with the test on purpose

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        TokenEndpoint.requests.append(form)
        body = json.dumps(
            {
                "access_token": "ya29.from-loopback",
                "expires_in": 3599,
                "refresh_token": "1//loopback-refresh",
                "scope": " ".join(SCOPES),
                "token_type": "Bearer",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def token_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the loopback token endpoint is http
    TokenEndpoint.requests = []
    server = HTTPServer(("127.0.0.1", 0), TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/token"
    server.shutdown()
    server.server_close()


class PrintedUrls(io.StringIO):
    """Stands in for stdout: each Google authorization URL the flow prints is handed, as it is
    printed, to whoever waits on ``urls`` (a bounded ``get``, never a poll of captured output)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: queue.Queue[str] = queue.Queue()

    def write(self, text: str) -> int:
        for word in text.split():
            if word.startswith("https://accounts.google.com/"):
                self.urls.put(word)
        return super().write(text)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> PrintedUrls:
    """The flow's stdout (``with redirect_stdout(printed)`` in the test body: pytest's capture resets
    sys.stdout between setup and call), and a sign-in that gives up after 30 s instead of 300 s, so
    a URL that is never delivered fails the test quickly (ProviderError) instead of hanging it."""
    out = PrintedUrls()
    monkeypatch.setattr(auth, "sign_in", functools.partial(auth.sign_in, timeout=30))
    return out


class GoogleInABrowser(webbrowser.BaseBrowser):
    """Plays the user and Google: reads the auth URL, then follows the redirect with a code."""

    def __init__(self) -> None:
        super().__init__("meetup-test")
        self.seen: dict[str, list[str]] = {}

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        self.seen = query
        redirect = (
            query["redirect_uri"][0]
            + "?"
            + urllib.parse.urlencode(
                {"state": query["state"][0], "code": "4/0AeanS-test-code", "scope": " ".join(SCOPES)}
            )
        )

        def follow() -> None:
            with urllib.request.urlopen(redirect, timeout=10) as answer:
                answer.read()

        threading.Thread(target=follow, daemon=True).start()
        return True


def client_secret(tmp_path: Path, token_uri: str) -> Path:
    path = tmp_path / "client_secret_1234.apps.googleusercontent.com.json"
    path.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": "1234.apps.googleusercontent.com",
                    "project_id": "meetup-test",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": token_uri,
                    "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
                    "client_secret": "GOCSPX-test-secret",
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    return path


def test_sign_in_over_loopback_saves_a_private_token(tmp_path: Path, token_server: str) -> None:
    browser = GoogleInABrowser()
    webbrowser.register("meetup-test", None, browser)
    lines: list[str] = []
    config_dir = tmp_path / "config"
    authorize(
        config_dir=config_dir,
        account="default",
        client_secret=client_secret(tmp_path, token_server),
        no_browser=False,
        revoke=False,
        echo=lines.append,
        browser="meetup-test",
    )
    # the authorization request: least scopes, offline access, loopback redirect on a real port
    assert browser.seen["scope"][0].split() == list(SCOPES)
    assert browser.seen["access_type"] == ["offline"]
    assert browser.seen["response_type"] == ["code"]
    redirect = urllib.parse.urlsplit(browser.seen["redirect_uri"][0])
    assert redirect.hostname == "127.0.0.1" and redirect.port
    # the token exchange sent the code and the same redirect_uri
    [exchange] = TokenEndpoint.requests
    assert exchange["grant_type"] == ["authorization_code"]
    assert exchange["code"] == ["4/0AeanS-test-code"]
    assert exchange["redirect_uri"] == browser.seen["redirect_uri"]
    token = config_dir / "google-default.json"
    saved = json.loads(token.read_text())
    assert saved["refresh_token"] == "1//loopback-refresh"
    assert saved["token"] == "ya29.from-loopback"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    remembered = config_dir / "google-client-secret.json"
    assert stat.S_IMODE(remembered.stat().st_mode) == 0o600
    assert lines == [f"Google account 'default': signed in; token saved to {token} (mode 0600)."]


def test_no_browser_accepts_the_pasted_redirect_address(
    tmp_path: Path, token_server: str, printed: PrintedUrls
) -> None:
    """Headless: the URL is printed, the browser elsewhere ends on an unreachable loopback
    address, and the user pastes that address; the flow checks state and exchanges the code."""
    seen: dict[str, list[str]] = {}
    pasted = iter(["", "not a url\n", "https://example.com/?code=x\n"])

    def read_line() -> str:
        for line in pasted:  # junk first: ignored, never fetched
            return line
        try:
            url = printed.urls.get(timeout=20)
        except queue.Empty:
            raise EOFError from None
        seen.update(urllib.parse.parse_qs(urllib.parse.urlsplit(url).query))
        query = urllib.parse.urlencode({"state": seen["state"][0], "code": "4/0Aheadless"})
        return seen["redirect_uri"][0] + "?" + query + "\n"

    config_dir = tmp_path / "config"
    with contextlib.redirect_stdout(printed):
        authorize(
            config_dir=config_dir,
            account="laptop",
            client_secret=client_secret(tmp_path, token_server),
            no_browser=True,
            revoke=False,
            echo=lambda line: None,
            read_line=read_line,
        )
    assert seen["scope"][0].split() == list(SCOPES)
    [exchange] = TokenEndpoint.requests
    assert exchange["code"] == ["4/0Aheadless"]
    assert exchange["redirect_uri"] == seen["redirect_uri"]
    token = config_dir / "google-laptop.json"
    assert json.loads(token.read_text())["refresh_token"] == "1//loopback-refresh"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600


def test_only_loopback_redirects_are_replayed() -> None:
    from meetup_google.auth import pasted_redirect

    assert (
        pasted_redirect("http://localhost:8765/?state=s&code=c\n") == "http://127.0.0.1:8765/?state=s&code=c"
    )
    assert pasted_redirect("http://127.0.0.1:8765/?state=s&error=access_denied") is None
    assert pasted_redirect("http://evil.example:8765/?code=c") is None
    assert pasted_redirect("https://127.0.0.1:8765/?code=c") is None
    assert pasted_redirect("http://127.0.0.1/?code=c") is None
    assert pasted_redirect("4/0Aheadless") is None


def test_no_client_secret_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--client-secret FILE"):
        authorize(
            config_dir=tmp_path,
            account="default",
            client_secret=None,
            no_browser=True,
            revoke=False,
            echo=print,
        )
    bad = tmp_path / "web.json"
    bad.write_text(json.dumps({"web": {"client_id": "x"}}))
    with pytest.raises(ConfigError, match="installed-app"):
        authorize(
            config_dir=tmp_path,
            account="default",
            client_secret=bad,
            no_browser=True,
            revoke=False,
            echo=print,
        )


def test_revoke_calls_google_and_removes_the_token(tmp_path: Path) -> None:
    token = tmp_path / "google-work.json"
    token.write_text(json.dumps({"token": "ya29.x", "refresh_token": "1//r", "client_id": "c"}))
    calls: list[dict[str, Any]] = []

    def transport(**kw: Any) -> Any:
        calls.append(kw)
        return SimpleNamespace(status=200, headers={}, data=b"{}")

    lines: list[str] = []
    authorize(
        config_dir=tmp_path,
        account="work",
        client_secret=None,
        no_browser=False,
        revoke=True,
        echo=lines.append,
        transport=transport,
    )
    assert not token.exists()
    assert calls[0]["url"] == "https://oauth2.googleapis.com/revoke"
    assert calls[0]["body"] == b"token=1%2F%2Fr"
    assert lines == [f"Google account 'work': sign-in revoked at Google ({token} removed)."]


def test_cli_revoke_when_not_signed_in(meetup_env: Path) -> None:
    result = CliRunner().invoke(main, ["auth", "google", "--revoke"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Google account 'default': not signed in; nothing to revoke.\n"


def test_cli_auth_unknown_provider(meetup_env: Path) -> None:
    result = CliRunner().invoke(main, ["auth", "nosuch"])
    assert result.exit_code == 1
    assert result.stderr == "meetup: error: no sign-in for provider 'nosuch' (installed: google)\n"


def test_no_browser_prints_the_url_and_still_completes(
    tmp_path: Path, token_server: str, printed: PrintedUrls
) -> None:
    """Headless: the URL is printed; the user opens it elsewhere and the redirect comes back."""
    found: dict[str, str] = {}

    def user() -> None:
        try:
            found["url"] = printed.urls.get(timeout=20)
        except queue.Empty:
            return  # the flow then times out and the test fails with its ProviderError
        GoogleInABrowser().open(found["url"])

    helper = threading.Thread(target=user, daemon=True)
    helper.start()
    lines: list[str] = []
    with contextlib.redirect_stdout(printed):
        authorize(
            config_dir=tmp_path,
            account="laptop",
            client_secret=client_secret(tmp_path, token_server),
            no_browser=True,
            revoke=False,
            echo=lines.append,
        )
    helper.join(5)
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in found["url"]
    assert json.loads((tmp_path / "google-laptop.json").read_text())["refresh_token"] == "1//loopback-refresh"
    assert lines == [
        f"Google account 'laptop': signed in; token saved to {tmp_path / 'google-laptop.json'} (mode 0600)."
    ]
