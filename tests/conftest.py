from __future__ import annotations

import sys
from pathlib import Path

import pytest

from llmextract.engine.local import LocalServer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


class NetworkBlocked(OSError):
    pass


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Tests never leave the machine: any connection off loopback fails at once.

    Session-scoped, so fixtures of every scope (the replayed eval included) run
    with the network blocked.
    """
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
            raise NetworkBlocked(f"test tried to reach {address!r}: the network is blocked in tests")
        return real_connect(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded)
        yield


FAKE_SERVER = """
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b'{}')
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
"""


class FakeLlamaServer(LocalServer):
    """Runs a tiny HTTP server instead of llama.cpp (a test double for the lifecycle)."""

    script = FAKE_SERVER

    def command(self) -> list[str]:
        return [sys.executable, "-c", self.script, str(self.port)]


@pytest.fixture
def fake_llama_server() -> type[LocalServer]:
    """The embedded server's test double: a class with ``LocalServer``'s lifecycle and no model."""
    return FakeLlamaServer
