"""Faults, each a test: a model stream that dies mid-reply, an unreachable provider, a corrupt
or locked vector store, a full disk. Fakes and loopback sockets only."""

from __future__ import annotations

import errno
import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from coffeechat import notes as sessions
from coffeechat.kb import store
from coffeechat.cli import main
from coffeechat.errors import InputError, UnavailableError
from coffeechat.testing import fake_chat

GOOD_REPLY = "I think my first year taught me to check every assumption twice before sharing results with anyone."


def _chunk(text: str) -> bytes:
    event = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake", "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}]}
    data = f"data: {json.dumps(event)}\n\n".encode()
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


class DyingServer:
    """An OpenAI-compatible server on loopback whose streamed reply stops mid-body (the socket closes)."""

    def __init__(self, words: list[str]):
        words_ = words

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for word in words_:
                    self.wfile.write(_chunk(word))
                self.wfile.write(b"1000\r\npartial")  # a chunk that never finishes
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True

            def do_GET(self):  # noqa: N802
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def model(self):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model="fake", base_url=self.url, api_key="not-needed", max_retries=0, timeout=10)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def dying():
    server = DyingServer(["I think ", "my first ", "year taught ", "me to check "])
    yield server
    server.close()


def test_model_dies_mid_reply_the_authored_answer_still_arrives_and_is_saved(fake_embedder, dying):
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start("actuary", goals=["how exams fit with work"], model=dying.model(), seed="fixed")
    question = "How did you balance the exams with working full time?"
    final = ""
    for final in rehearsal.stream_reply(question):
        pass
    assert len(final.split()) > 20 and not rehearsal.awaiting_reply
    assert rehearsal.state.turns[-1].meta["source"] == "authored"  # the dead model added nothing
    saved = sessions.load_session(rehearsal.state.session_id)["turns"]
    assert [(t["speaker"], t["text"]) for t in saved] == [("user", question), ("professional", final)]


def test_a_reply_that_fails_keeps_the_question_and_retry_answers_once(fake_embedder, monkeypatch):
    from coffeechat.rehearsal.planner import Planner
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start("actuary", goals=["how exams fit with work"], model=fake_chat([GOOD_REPLY] * 4), seed="fixed")
    real_plan = Planner.plan
    monkeypatch.setattr(Planner, "plan", lambda *a, **k: (_ for _ in ()).throw(OSError("disk went away")))
    question = "How did you balance the exams with working full time?"
    with pytest.raises(OSError):
        for _ in rehearsal.stream_reply(question):
            pass
    assert rehearsal.awaiting_reply
    saved = sessions.load_session(rehearsal.state.session_id)["turns"]
    assert [(t["speaker"], t["text"]) for t in saved] == [("user", question)]
    monkeypatch.setattr(Planner, "plan", real_plan)
    final = ""
    for final in rehearsal.stream_retry():
        pass
    assert final and not rehearsal.awaiting_reply
    saved = sessions.load_session(rehearsal.state.session_id)["turns"]
    assert [t["speaker"] for t in saved] == ["user", "professional"]


def _handler(app, name):
    for block_fn in app.fns.values():
        if getattr(block_fn.fn, "__name__", "") == name:
            return block_fn.fn
    raise AssertionError(f"no handler {name}")


def test_rehearse_tab_shows_an_inline_message_and_a_retry(fake_embedder, monkeypatch):
    from coffeechat.rehearsal.planner import Planner
    from coffeechat.rehearsal.session import Rehearsal
    from coffeechat.tabs import rehearse
    from coffeechat.ui import build_app

    app = build_app()
    rehearsal = Rehearsal.start("actuary", goals=["how exams fit with work"], model=fake_chat([GOOD_REPLY] * 4), seed="fixed")
    rehearse.remember(rehearsal)
    sid = rehearsal.state.session_id
    real_plan = Planner.plan
    monkeypatch.setattr(Planner, "plan", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("stopped")))
    question = "How did you balance the exams with working full time?"
    *_, last = _handler(app, "do_send")(sid, [], question)
    history, _, status, retry = last
    assert "stopped mid-answer" in status and "Retry" in status and "Traceback" not in status
    assert retry["visible"] is True
    assert history == [{"role": "user", "content": question}]

    monkeypatch.setattr(Planner, "plan", real_plan)
    *_, last = _handler(app, "do_retry")(sid, history)
    history, _, status, retry = last
    assert [m["role"] for m in history] == ["user", "assistant"] and "⚠" not in status and "Retry" not in status
    assert retry["visible"] is False


def test_unreachable_provider_doctor_exits_3_and_the_app_shows_a_banner(monkeypatch, capsys, fake_embedder):
    with socket.socket() as sock:  # a loopback port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("COFFEECHAT_PROVIDER", "openai-compatible")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("COFFEECHAT_ALLOW_MODEL_REQUESTS", "1")
    assert main(["doctor"]) == 3
    out = capsys.readouterr().out
    provider_line = next(line for line in out.splitlines() if line.split()[1:2] == ["provider"])
    assert provider_line.startswith("FAIL") and "cannot be reached" in provider_line and "OPENAI_BASE_URL" in provider_line

    from coffeechat.config import set_settings
    from coffeechat.tabs.common import startup_banner

    set_settings(None)
    banner = startup_banner()
    assert banner["visible"] is True and f"127.0.0.1:{port}" in banner["value"] and "coffeechat doctor" in banner["value"]


def test_reachable_openai_compatible_server_shows_no_banner(monkeypatch, dying):
    from coffeechat.tabs.common import startup_banner

    monkeypatch.setenv("COFFEECHAT_PROVIDER", "openai-compatible")
    monkeypatch.setenv("OPENAI_BASE_URL", dying.url)  # answers GET /models with a 404: it is up
    assert startup_banner()["visible"] is False


def _add_note(capsys, tmp_path, text="Dana said the exams took six years while working."):
    path = tmp_path / "note.txt"
    path.write_text(text)
    assert main(["notes", "add", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["id"]


def _forget_clients():
    store.reset_clients()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def test_corrupt_store_is_a_clear_error_and_index_rebuild_restores_it(tmp_path, capsys, fake_embedder):
    note_id = _add_note(capsys, tmp_path)
    _forget_clients()
    db = tmp_path / "data" / "chroma" / "chroma.sqlite3"
    with open(db, "r+b") as handle:
        handle.write(b"not a database " * 500)
    assert main(["search", "exams", "--collection", "notes"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "coffeechat index --rebuild" in err and "Traceback" not in err

    assert main(["index", "--rebuild"]) == 0
    err = capsys.readouterr().err
    assert "indexed" in err and list((tmp_path / "data").glob("chroma.broken-*"))  # the broken store is kept aside, not deleted
    assert main(["search", "exams six years", "--collection", "notes", "--json"]) == 0
    assert note_id in [r["source"] for r in json.loads(capsys.readouterr().out)["results"]]


def test_a_store_locked_by_another_process_is_a_clear_error_not_a_hang(tmp_path, monkeypatch, capsys, fake_embedder):
    """A real SQLite lock on the store (as another process holding it would leave): search fails
    within the bounded wait with one line, and a note is still saved to disk."""
    import sqlite3
    import time

    from coffeechat.config import get_settings
    from coffeechat.kb.index import index_knowledge
    from coffeechat.testing import write_fixture_knowledge

    index_knowledge(get_settings(), root=write_fixture_knowledge(tmp_path))
    store.reset_clients()
    monkeypatch.setattr(store, "LOCK_WAIT_S", 0.5)
    holder = sqlite3.connect(tmp_path / "data" / "chroma" / "chroma.sqlite3", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert main(["search", "exams"]) == 3
        assert time.monotonic() - started < 30
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "locked by another process" in err
        note = tmp_path / "note.txt"
        note.write_text("Dana said the exams took six years.")
        assert main(["notes", "add", str(note), "--role", "Actuary"]) == 0
        assert "searchable at the next start" in capsys.readouterr().out
        assert any("six years" in p.read_text() for p in (tmp_path / "data").rglob("*.md"))
    finally:
        holder.rollback()
        holder.close()


def test_disk_full_when_saving_a_note_is_an_error_and_leaves_no_file(tmp_path, monkeypatch, capsys, fake_embedder):
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UnavailableError, match="No space left on device"):
        sessions.save_note("Dana said the exams took six years.")
    path = tmp_path / "note.txt"
    path.write_text("A note that will not fit.")
    assert main(["notes", "add", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    monkeypatch.setattr(os, "fsync", real_fsync)
    notes = tmp_path / "data" / "notes"
    assert not notes.exists() or list(notes.iterdir()) == []  # neither a note nor a temp file


def test_a_note_that_cannot_be_encoded_leaves_no_temp_file(tmp_path):
    with pytest.raises(InputError):
        sessions.save_note("half a surrogate \udce9 here")
    notes = tmp_path / "data" / "notes"
    assert not notes.exists() or list(notes.iterdir()) == []


def test_disk_full_in_the_history_tab_is_an_inline_error(monkeypatch, fake_embedder):
    from coffeechat.ui import build_app

    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    status, kept = _handler(build_app(), "do_save")("Met Dana; exams take years.", "Actuary", "Dana")
    assert "No space left on device" in status and kept == "Met Dana; exams take years."


def test_the_embedded_streaming_path_gives_the_words_then_a_connection_error(dying):
    """The embedded provider's lean stream (llm._embedded_chat_class) against a server that dies
    mid-reply: the words sent so far arrive as chunks, then the failure a user is told about."""
    import openai

    from coffeechat.llm import _embedded_chat_class, describe_failure

    model = _embedded_chat_class()(model="fake", base_url=dying.url, api_key="not-needed", max_retries=0, timeout=10)
    received = []
    with pytest.raises(openai.APIConnectionError) as failure:
        for chunk in model.stream("What was your first year like?"):
            received.append(chunk.content)
    assert "".join(received) == "I think my first year taught me to check "
    assert "cannot be reached" in describe_failure(failure.value)
