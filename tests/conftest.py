from __future__ import annotations

from pathlib import Path

import pytest

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
