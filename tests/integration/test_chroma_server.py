"""Client-server mode: a real `chroma run` server on 127.0.0.1, reached through COFFEECHAT_CHROMA_URL.

Indexes a small fixture corpus (the shipped one takes minutes to embed on 2 cores), searches it,
rebuilds it, saves a note and finds it, and runs `coffeechat search --json` as a separate process
against the same server. The server is stopped at the end of the module.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


CHROMA = Path(sys.executable).parent / "chroma"
START_TIMEOUT_S = 30


FIXTURE = {
    "notes.md": ("notes", "Taking notes", "Write down names, surprises and resources they mention, then tidy your notes the same evening."),
    "linkedin.md": ("outreach", "Connection notes", "A LinkedIn connection note holds 300 characters: say who you are, why them, and ask for fifteen minutes."),
    "tiara.md": ("questions", "TIARA questions", "Trends, insights, advice, resources and assignments: the TIARA frame orders your questions."),
}


def make_corpus(root: Path) -> None:
    for name, (topic, title, text) in FIXTURE.items():
        path = root / "knowledge" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ntopic: {topic}\n---\n# {title}\n\n{text}\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A `chroma run` server on a free loopback port with its own data dir; stopped afterwards."""
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.skip("the `chroma` command (from chromadb) is not installed")
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [str(CHROMA if CHROMA.exists() else shutil.which("chroma")), "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not start: {(folder / 'server.log').read_text()[-500:]}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def on_server(chroma_url, monkeypatch, tmp_path):
    """Settings pointing at the server; collections dropped so each test starts empty."""
    from coffeechat import config, knowledge, store

    monkeypatch.setenv("COFFEECHAT_CHROMA_URL", chroma_url)
    config.set_settings(None)
    store.reset_clients()
    knowledge._checked.clear()
    settings = config.get_settings()
    for name in store.COLLECTIONS:
        store.drop_collection(name, settings)
    return settings


def test_index_search_rebuild_and_notes_against_a_server(on_server, tmp_path):
    from coffeechat import store
    from coffeechat.knowledge import index_knowledge
    from coffeechat.retrieval import retrieve
    from coffeechat.sessions import save_note

    settings = on_server
    assert settings.chroma_url and store.client(settings).heartbeat()
    assert "PersistentClient" not in type(store.client(settings)).__name__
    assert not (settings.data_dir / "chroma").exists()  # nothing went to the embedded store

    make_corpus(tmp_path)
    first = index_knowledge(settings, root=tmp_path / "knowledge")
    assert first.chunks == first.embedded > 0
    again = index_knowledge(settings, root=tmp_path / "knowledge")
    assert again.embedded == 0 and again.deleted == 0  # incremental against the server too

    results = retrieve("how many characters can a linkedin invite hold", k=2, collections=("knowledge",), settings=settings)
    assert results[0].source == "knowledge/linkedin.md"

    rebuilt = index_knowledge(settings, rebuild=True, root=tmp_path / "knowledge")
    assert rebuilt.embedded == first.embedded
    assert store.collection("knowledge", settings).count() == first.chunks

    note = save_note("Priya said actuarial exams take years; study plans and employer support matter most.", role="Actuary", person="Priya", settings=settings)
    found = retrieve("how long do actuarial exams take", k=3, collections=("notes",), settings=settings)
    assert found and found[0].source == note.id


def test_cli_search_process_uses_the_server(on_server, tmp_path):
    from coffeechat.knowledge import index_knowledge

    make_corpus(tmp_path)
    index_knowledge(on_server, root=tmp_path / "knowledge")
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

    monkeypatch.setenv("COFFEECHAT_CHROMA_URL", f"http://127.0.0.1:{_free_port()}")
    config.set_settings(None)
    done = subprocess.run(
        [sys.executable, "-m", "coffeechat.cli", "search", "anything", "--json"],
        capture_output=True, text=True, env={**os.environ}, timeout=60,
    )
    assert done.returncode == 3, done.stderr[-500:]
    assert done.stdout == ""
    assert "vector store" in done.stderr
