"""TLS and wire helpers for the SMTP tests (loaded by path; see conftest.py): a self-signed
certificate for 127.0.0.1, and a loopback TCP tap that records every byte the client sends, so a
test can assert a password never crossed the wire in clear."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def self_signed(directory: Path) -> tuple[Path, Path]:
    """``cert.pem`` and ``key.pem`` for 127.0.0.1 (trust it with ``SSL_CERT_FILE``)."""
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


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
