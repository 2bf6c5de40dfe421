"""Fixtures of the notification tests: real SMTP and HTTP servers on loopback."""

from __future__ import annotations

import ipaddress
import json
import ssl
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from notify_helpers import (
    MailHandler,
    SmtpServer,
    WebhookServer,
    check_login,
    free_port,
)

SmtpStarter = Callable[..., SmtpServer]


@pytest.fixture
def start_smtp() -> Iterator[SmtpStarter]:
    """Return a starter of aiosmtpd servers on 127.0.0.1; all stop after the test."""
    controllers: list[Controller] = []

    def start(
        port: int | None = None,
        reply: str | None = None,
        login: bool = False,
        starttls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
    ) -> SmtpServer:
        handler = MailHandler(reply=reply)
        options: dict[str, Any] = {}
        if login:
            options["authenticator"] = check_login
            options["auth_required"] = True
            # Without TLS, plain-text AUTH is allowed only because the server is
            # on loopback.
            options["auth_require_tls"] = starttls is not None
        if starttls is not None:
            options["tls_context"] = starttls
            options["require_starttls"] = True
        if implicit_tls is not None:
            options["ssl_context"] = implicit_tls
        controller = Controller(
            handler, hostname="127.0.0.1", port=port or free_port(), **options
        )
        controller.start()
        controllers.append(controller)
        return SmtpServer(controller.port, handler, controller)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp: SmtpStarter) -> SmtpServer:
    """An aiosmtpd server that accepts every message."""
    server: SmtpServer = start_smtp()
    return server


@pytest.fixture
def server_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server TLS context for 127.0.0.1 whose self-signed certificate is trusted.

    OpenSSL reads SSL_CERT_FILE when `ssl.create_default_context()` loads the
    default CA certificates, so the sender trusts this certificate during the test.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = tmp_path / "smtp-cert.pem"
    key_path = tmp_path / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    """An HTTP server on 127.0.0.1 in place of a chat service's webhook."""
    state = WebhookServer(address="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.posts.append(json.loads(self.rfile.read(length)))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keeps request lines out of the test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.address = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()
