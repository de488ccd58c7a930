"""The SMTP security matrix against a real aiosmtpd with AUTH, watched through a loopback tap:
``security`` is one of ssl / starttls / plain (any case), anything else is a config error; a
server that offers no STARTTLS is refused before AUTH; ``plain`` is for loopback only; and the
password never crosses a clear channel. A non-ASCII password logs in (AUTH PLAIN is UTF-8)."""

from __future__ import annotations

import base64
import ssl
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from meetup.cli import main

# The matrix runs servers that accept AUTH without TLS on purpose (meetup must refuse to use them
# off loopback); aiosmtpd warns about exactly that configuration.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T09:00:00+01:00"
USER = "alex"


def _helpers() -> Any:
    """tests/conftest_mail.py (loaded by conftest.py): certificates, free ports, the wire tap."""
    return sys.modules["conftest_mail"]


@dataclass
class AuthServer:
    port: int
    cafile: Path
    password: str
    messages: list[bytes] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


def _server(tmp_path: Path, mode: str, password: str) -> Iterator[AuthServer]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    helpers = _helpers()
    cert, key = helpers._self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = AuthServer(helpers._free_port(), cert, password)

    def authenticator(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            password.encode("utf-8"),
        )
        if ok:
            server.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    class Handler:
        async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:
            server.messages.append(bytes(envelope.content))
            return "250 OK"

    options: dict[str, Any] = {"authenticator": authenticator, "auth_required": True}
    if mode == "starttls":
        options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
    elif mode == "ssl":
        options.update(ssl_context=context, auth_require_tls=False)  # implicit TLS: aiosmtpd cannot tell
    else:  # a server offering AUTH in clear, no STARTTLS
        options.update(auth_require_tls=False)
    controller = Controller(Handler(), hostname="127.0.0.1", port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _config(tmp_path: Path, host: str, port: int, security: str) -> Path:
    config = tmp_path / "meetup.toml"
    config.write_text(
        'timezone = "Europe/Berlin"\nhours = "mon-fri 18:00-22:00; sat,sun 10:00-22:00"\n'
        f'[calendars.personal]\nsource = "{ROOT / "examples" / "calendar.ics"}"\n'
        '[mail]\nname = "Alex"\nfrom = "alex@example.org"\n'
        f'smtp_host = "{host}"\nsmtp_port = {port}\nsecurity = "{security}"\n'
        f'username = "{USER}"\npassword_env = "TEST_SMTP_PASSWORD"\n'
    )
    return config


def _run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(config), "--now", NOW, *args])


def _secret_forms(password: str) -> list[bytes]:
    """How a password looks on the wire in AUTH PLAIN or AUTH LOGIN."""
    raw = password.encode("utf-8")
    return [raw, base64.b64encode(raw), base64.b64encode(b"\0" + USER.encode() + b"\0" + raw)]


@pytest.mark.parametrize(
    ("security", "mode", "delivered"),
    [
        ("starttls", "starttls", True),
        ("STARTTLS", "starttls", True),
        ("ssl", "ssl", True),
        ("SSL", "ssl", True),
        ("starttls", "clear", False),  # no STARTTLS offered: refused before AUTH, never downgraded
        ("plain", "clear", True),  # loopback only: the tap does see the password (the control)
    ],
)
@pytest.mark.parametrize("password", ["correct horse battery staple", "pässwörd-äöü-€"])
def test_security_matrix(
    meetup_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    security: str, mode: str, delivered: bool, password: str,
) -> None:  # fmt: skip
    helpers = _helpers()
    for server in _server(tmp_path, mode, password):
        monkeypatch.setenv("SSL_CERT_FILE", str(server.cafile))
        monkeypatch.setenv("TEST_SMTP_PASSWORD", password)
        with helpers.tap(server.port) as wire:
            config = _config(tmp_path, "127.0.0.1", wire.port, security)
            assert _run(config, "friend", "add", "Sam", "--email", "sam@example.net").exit_code == 0
            result = _run(config, "invite", "sam", "--via", "email")
        assert "Traceback" not in result.output
        assert password not in result.output
        if delivered:
            assert result.exit_code == 0, result.output
            assert server.logins == [USER] and len(server.messages) == 1
        else:
            assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert server.logins == [] and server.messages == []
            assert result.stderr == (
                "meetup: error: invite 1 to Sam is recorded but not sent (the server does not offer STARTTLS, "
                "and meetup does not send without TLS); send it later with `meetup invite --resend 1`\n"
            )
        on_wire = bytes(wire.sent)
        assert wire.connections >= 1
        leaked = [form for form in _secret_forms(password) if form in on_wire]
        if mode == "clear" and delivered:
            assert leaked, "control: a clear channel on loopback does show the password to the tap"
        else:
            assert not leaked


@pytest.mark.parametrize("security", ["tls", "startls", "none", "STARTTLS ", ""])
def test_unknown_security_is_a_config_error(meetup_env: Path, tmp_path: Path, security: str) -> None:
    config = _config(tmp_path, "127.0.0.1", 1, security)
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.net").exit_code == 0
    result = _run(config, "invite", "sam", "--via", "email")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        f"meetup: error: [mail] security must be one of ssl, starttls, plain (any case), not {security!r}\n"
    )


@pytest.mark.parametrize("host", ["mail.example.org", "192.0.2.10", "::ffff:192.0.2.10"])
def test_plain_to_a_remote_host_is_refused_before_connecting(
    meetup_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    import smtplib

    def no_connection(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("meetup must not connect")

    monkeypatch.setattr(smtplib.SMTP, "connect", no_connection)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "secret")
    config = _config(tmp_path, host, 25, "plain")
    assert _run(config, "friend", "add", "Sam", "--email", "sam@example.net").exit_code == 0
    result = _run(config, "invite", "sam", "--via", "email")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        f'meetup: error: [mail] security = "plain" (no TLS) is only allowed to a loopback host, not {host}; '
        'use "starttls" or "ssl"\n'
    )
