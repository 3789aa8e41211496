"""Every test: its own data dir, no network beyond loopback, and (unit tier) no model."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/e2e/" in path:
            item.add_marker(pytest.mark.e2e)


_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
        return _real_connect(self, address)
    if not isinstance(address, tuple):  # unix sockets
        return _real_connect(self, address)
    raise RuntimeError(f"a test tried to reach the network: {address}")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, request):
    """A fresh data dir and settings; network calls beyond loopback fail the test."""
    from coffeechat import config
    from coffeechat.kb import store

    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COFFEECHAT_PROVIDER", "COFFEECHAT_MODEL", "COFFEECHAT_CHROMA_URL", "COFFEECHAT_EMBEDDINGS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if "integration" not in request.keywords and "e2e" not in request.keywords:
        monkeypatch.setenv("COFFEECHAT_ALLOW_MODEL_REQUESTS", "0")
    config.set_settings(None)
    store.reset_clients()
    from coffeechat.kb import index as knowledge

    knowledge._checked.clear()
    yield tmp_path
    config.set_settings(None)
    store.reset_clients()


@pytest.fixture
def fake_embedder(monkeypatch):
    """Replace the embedder with hashed bag-of-words vectors (unit tier)."""
    from coffeechat import embeddings
    from coffeechat.testing import FakeEmbedder

    fake = FakeEmbedder()
    monkeypatch.setattr(embeddings, "default_embedder", lambda settings=None: fake)
    import coffeechat.kb.store as store_module

    monkeypatch.setattr(store_module, "default_embedder", lambda settings=None: fake)
    return fake
