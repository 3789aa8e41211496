"""Client-server mode: a real `chroma run` server on 127.0.0.1, reached through COFFEECHAT_CHROMA_URL.

Indexes a small fixture corpus (the shipped one takes minutes to embed on 2 cores), searches it,
rebuilds it, saves a note and finds it, and runs `coffeechat search --json` as a separate process
against the same server. The server is stopped at the end of the module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coffeechat.testing import ServerFailed, free_port, start_server, stop_server, write_fixture_knowledge


CHROMA = Path(sys.executable).parent / "chroma"
START_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A `chroma run` server on a free loopback port with its own data dir; stopped afterwards."""
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.skip("the `chroma` command (from chromadb) is not installed")
    folder = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    chroma = str(CHROMA if CHROMA.exists() else shutil.which("chroma"))
    try:
        process, _ = start_server([chroma, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)], f"http://127.0.0.1:{port}/api/v2/heartbeat", folder / "server.log", env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}, timeout_s=START_TIMEOUT_S)
    except ServerFailed as exc:
        pytest.fail(f"chroma run did not start: {exc}")
    yield f"http://127.0.0.1:{port}"
    stop_server(process, timeout_s=10)


@pytest.fixture
def on_server(chroma_url, monkeypatch, tmp_path):
    """Settings pointing at the server; collections dropped so each test starts empty."""
    from coffeechat import config
    from coffeechat.kb import index as knowledge
    from coffeechat.kb import store

    monkeypatch.setenv("COFFEECHAT_CHROMA_URL", chroma_url)
    config.set_settings(None)
    store.reset_clients()
    knowledge._checked.clear()
    settings = config.get_settings()
    for name in store.COLLECTIONS:
        store.drop_collection(name, settings)
    return settings


def test_index_search_rebuild_and_notes_against_a_server(on_server, tmp_path):
    from coffeechat.kb import store
    from coffeechat.kb.index import index_knowledge
    from coffeechat.kb.retrieval import retrieve
    from coffeechat.notes import save_note

    settings = on_server
    assert settings.chroma_url and store.client(settings).heartbeat()
    assert "PersistentClient" not in type(store.client(settings)).__name__
    assert not (settings.data_dir / "chroma").exists()  # nothing went to the embedded store

    corpus = write_fixture_knowledge(tmp_path)
    first = index_knowledge(settings, root=corpus)
    assert first.chunks == first.embedded > 0
    again = index_knowledge(settings, root=corpus)
    assert again.embedded == 0 and again.deleted == 0  # incremental against the server too

    results = retrieve("how many characters can a linkedin invite hold", k=2, collections=("knowledge",), settings=settings)
    assert results[0].source == "knowledge/linkedin.md"

    rebuilt = index_knowledge(settings, rebuild=True, root=corpus)
    assert rebuilt.embedded == first.embedded
    assert store.collection("knowledge", settings).count() == first.chunks

    note = save_note("Priya said actuarial exams take years; study plans and employer support matter most.", role="Actuary", person="Priya", settings=settings)
    found = retrieve("how long do actuarial exams take", k=3, collections=("notes",), settings=settings)
    assert found and found[0].source == note.id


def test_cli_search_process_uses_the_server(on_server, tmp_path):
    from coffeechat.kb.index import index_knowledge

    index_knowledge(on_server, root=write_fixture_knowledge(tmp_path))
    env = {**os.environ, "COFFEECHAT_CHROMA_URL": on_server.chroma_url, "COFFEECHAT_DATA_DIR": str(on_server.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "coffeechat.cli", "search", "what to write down during the conversation", "--k", "2", "--collection", "knowledge", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr[-500:]
    results = json.loads(done.stdout)["results"]
    assert results[0]["source"] == "knowledge/notes.md"
    assert not (on_server.data_dir / "chroma").exists()


def test_unreachable_server_is_exit_3(monkeypatch):
    from coffeechat import config

    monkeypatch.setenv("COFFEECHAT_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    config.set_settings(None)
    done = subprocess.run(
        [sys.executable, "-m", "coffeechat.cli", "search", "anything", "--json"],
        capture_output=True, text=True, env={**os.environ}, timeout=60,
    )
    assert done.returncode == 3, done.stderr[-500:]
    assert done.stdout == ""
    assert "vector store" in done.stderr
