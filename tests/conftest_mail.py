"""Real mail servers on loopback for the replies/follow-ups tests.

* ``dovecot_server`` (session): Debian's dovecot started as a foreground process
  (``dovecot -F -c <tmp config>``) on a free 127.0.0.1 port, Maildir storage in a temp dir,
  one passwd-file user with a plaintext password (allowed because it only listens on loopback).
  As root (CI) the mail processes run as ``nobody`` because dovecot refuses mail access as UID 0;
  otherwise everything runs as the current user. Skips with a reason when dovecot is missing.
* ``imap_mailbox``: a fresh IMAP folder per test in that server, so tests never see each
  other's messages.
* ``smtp_recorder``: an aiosmtpd server that records every message it receives.
* ``tap``: a loopback proxy recording every byte a client sends (did a password cross in clear?).
* ``tls_smtp``: an aiosmtpd server that requires STARTTLS (self-signed certificate; trust it with
  ``SSL_CERT_FILE``) and AUTH (``user``/``password``), recording logins and messages.
"""

from __future__ import annotations

import datetime as dt
import grp
import imaplib
import ipaddress
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class DovecotServer:
    host: str
    port: int
    username: str
    password: str
    home: Path
    log: Path
    #: implicit-TLS port (0 when openssl is missing) and the self-signed certificate to trust
    ssl_port: int = 0
    ca_file: Path | None = None

    def connect(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.username, self.password)
        return client

    def flags(self, mailbox: str) -> list[str]:
        """Each message's flags as the user's mail client sees them (read-only, changes nothing)."""
        client = self.connect()
        try:
            status, detail = client.select(mailbox, readonly=True)
            assert status == "OK", detail
            status, data = client.fetch("1:*", "(FLAGS)")
            assert status == "OK", data
            return [item.decode() for item in data if isinstance(item, bytes)]
        finally:
            client.logout()

    def append(self, mailbox: str, raw: bytes) -> None:
        """Put a message into ``mailbox`` the way a mail client would: IMAP APPEND."""
        client = self.connect()
        try:
            status, detail = client.append(mailbox, None, None, raw)
            assert status == "OK", detail
        finally:
            client.logout()


_CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
{cleartext}
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = {uid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {base}/passwd
}}
userdb {{
  driver = passwd-file
  args = {base}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


def _cleartext_setting() -> str:
    """2.4 renamed ``disable_plaintext_auth = no`` to ``auth_allow_cleartext = yes``."""
    version = subprocess.run(["dovecot", "--version"], capture_output=True, text=True, check=True).stdout
    major, minor = (int(x) for x in version.split(".")[:2])
    return "auth_allow_cleartext = yes" if (major, minor) >= (2, 4) else "disable_plaintext_auth = no"


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[DovecotServer]:
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/system-deps does it)")
    # Not under pytest's tmp dir: that is mode 0700 and, as root, dovecot's unprivileged
    # processes (``nobody``) could not read the passwd file or the Maildir.
    base = Path(tempfile.mkdtemp(prefix="meetup-dovecot-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("nobody")
        uid, gid, user = account.pw_uid, account.pw_gid, "nobody"
    else:
        uid, gid = os.getuid(), os.getgid()
        user = pwd.getpwuid(uid).pw_name
    group = grp.getgrgid(gid).gr_name
    home = base / "home"
    home.mkdir()
    (base / "run").mkdir()
    password = "s3cret-" + uuid.uuid4().hex[:8]
    (base / "passwd").write_text(f"friend:{{PLAIN}}{password}:{uid}:{gid}::{home}\n")
    port = _free_port()
    ssl_port, ca_file, ssl_setting = 0, None, "ssl = no"
    if shutil.which("openssl"):
        ca_file, key = base / "cert.pem", base / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(ca_file)],
            check=True, capture_output=True,
        )  # fmt: skip
        os.chmod(key, 0o644)
        ssl_port = _free_port()
        ssl_setting = f"ssl = yes\nssl_cert = <{ca_file}\nssl_key = <{key}"
    (base / "dovecot.conf").write_text(
        _CONFIG.format(
            base=base,
            cleartext=_cleartext_setting(),
            user=user,
            group=group,
            uid=uid,
            gid=gid,
            port=port,
            ssl=ssl_setting,
            ssl_port=ssl_port,
        )
    )
    os.chmod(base, 0o755)
    os.chown(home, uid, gid)
    process = subprocess.Popen([binary, "-F", "-c", str(base / "dovecot.conf")])
    server = DovecotServer(
        "127.0.0.1", port, "friend", password, home, base / "dovecot.log", ssl_port, ca_file
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                server.connect().logout()
                break
            except (OSError, imaplib.IMAP4.error):
                if process.poll() is not None or time.monotonic() > deadline:
                    log = server.log.read_text() if server.log.exists() else ""
                    pytest.fail(f"dovecot did not start (exit {process.poll()}):\n{log[-2000:]}")
                time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def imap_mailbox(dovecot_server: DovecotServer) -> str:
    name = "t" + uuid.uuid4().hex[:12]
    client = dovecot_server.connect()
    try:
        client.create(name)
    finally:
        client.logout()
    return name


@dataclass
class SMTPRecorder:
    host: str
    port: int
    messages: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    #: the aiosmtpd handler; a test may replace its ``handle_DATA`` (e.g. to stall a send)
    handler: Any = None

    def message_ids(self) -> list[str]:
        from email import message_from_bytes

        return [str(message_from_bytes(raw)["Message-ID"]).strip() for raw in self.messages]


@pytest.fixture
def smtp_recorder() -> Iterator[SMTPRecorder]:
    from aiosmtpd.controller import Controller

    recorder = SMTPRecorder("127.0.0.1", _free_port())

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            recorder.messages.append(bytes(envelope.content))  # type: ignore[attr-defined]
            recorder.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))  # type: ignore[attr-defined]
            return "250 OK"

    recorder.handler = Handler()
    controller = Controller(recorder.handler, hostname=recorder.host, port=recorder.port)
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@dataclass
class TLSServer:
    port: int
    cafile: Path
    user: str = "alex"
    password: str = "correct horse battery staple"
    messages: list[bytes] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[TLSServer]:
    """aiosmtpd with STARTTLS required (a self-signed certificate made here) and AUTH for one account."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = TLSServer(port, cert)

    def authenticator(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            server.user.encode(),
            server.password.encode(),
        )
        if ok:
            server.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    class Handler:
        async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:
            server.messages.append(bytes(envelope.content))
            return "250 OK"

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticator,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


# --------------------------------------------------------------------------- a wire tap


@dataclass
class Tap:
    """What a client sent through the tap (raw bytes on the wire, TLS records included)."""

    port: int
    sent: bytearray = field(default_factory=bytearray)
    connections: int = 0


def _pump(source: socket.socket, target: socket.socket, record: bytearray | None) -> None:
    try:
        while chunk := source.recv(65536):
            if record is not None:
                record.extend(chunk)
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def tap(upstream_port: int) -> Iterator[Tap]:
    """A loopback proxy in front of ``upstream_port`` recording client-to-server bytes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    recorded = Tap(listener.getsockname()[1])
    stop = threading.Event()

    listener.settimeout(0.05)  # so the loop notices ``stop`` promptly

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            recorded.connections += 1
            server = socket.create_connection(("127.0.0.1", upstream_port))
            threading.Thread(target=_pump, args=(client, server, recorded.sent), daemon=True).start()
            threading.Thread(target=_pump, args=(server, client, None), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield recorded
    finally:
        stop.set()
        listener.close()
        thread.join(5)
