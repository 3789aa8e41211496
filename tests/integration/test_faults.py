"""kill -9 in the middle of a real rehearsal (the real CLI and embedded model): after the crash
the saved session holds every turn sent before the kill, and History lists it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from coffeechat import notes as sessions
from coffeechat.config import set_settings

QUESTIONS = [
    "Hi, thanks for making the time!",
    "How did you balance the exams with working full time?",
    "What do you wish you had known in your first year?",
]


def test_kill_9_mid_rehearsal_keeps_every_turn_sent(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat.cli", "rehearse", "--role", "actuary", "--goal", "how exams fit with work"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True, bufsize=1,
    )
    output: list[str] = []

    def read() -> None:
        while True:
            char = process.stdout.read(1)
            if not char:
                return
            output.append(char)

    threading.Thread(target=read, daemon=True).start()

    def wait_prompts(n: int, timeout: float = 240) -> None:
        deadline = time.time() + timeout
        while "".join(output).count("you> ") < n:
            assert process.poll() is None, "".join(output)[-2000:]
            assert time.time() < deadline, "".join(output)[-2000:]
            time.sleep(0.1)

    try:
        for number, question in enumerate(QUESTIONS[:2], 1):
            wait_prompts(number)
            process.stdin.write(question + "\n")
            process.stdin.flush()
        wait_prompts(3)  # the second reply is complete
        process.stdin.write(QUESTIONS[2] + "\n")
        process.stdin.flush()
        folder = tmp_path / "data" / "sessions"
        deadline = time.time() + 60
        while not any(QUESTIONS[2] in p.read_text(encoding="utf-8") for p in folder.glob("*/transcript.jsonl")):
            assert time.time() < deadline, "the third question never reached the transcript"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)  # mid-reply
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    set_settings(None)
    saved = sessions.list_sessions()
    assert len(saved) == 1
    turns = saved[0]["turns"]
    assert [t["text"] for t in turns if t["speaker"] == "user"] == QUESTIONS
    assert sum(1 for t in turns if t["speaker"] == "professional") == 2

    from coffeechat.rehearsal.session import Rehearsal
    from coffeechat.tabs.history import session_rows

    rows = session_rows()
    assert rows[0]["turns"] == 5 and rows[0]["status"] == "open"
    resumed = Rehearsal.resume(saved[0]["meta"]["id"])
    assert resumed.awaiting_reply  # the Rehearse tab offers Retry for the unanswered question


SERVER = """
import sys, time
from coffeechat.llm import embedded_server
server = embedded_server()
print(server.base_url, flush=True)
while True:
    time.sleep(60)
"""


def _model_server(tmp_path):
    """The embedded model served by a separate process, so it can be killed mid-reply."""
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, stderr=log, text=True)
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), (tmp_path / "server.log").read_text()[-800:]
    return process, url


def test_the_real_model_dying_mid_reply_still_gives_the_authored_answer_and_saves_it(tmp_path, monkeypatch):
    """A capable provider answers freely; when its server dies as the first token arrives,
    the user still gets the authored answer (nothing half-said is shown), every turn is on
    disk, and once a server is back the next question is answered normally."""
    from coffeechat.llm import chat_model
    from coffeechat.rehearsal.session import Rehearsal

    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path / "data"))
    process, url = _model_server(tmp_path)
    restarted = None
    try:
        monkeypatch.setenv("COFFEECHAT_PROVIDER", "openai-compatible")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        set_settings(None)
        rehearsal = Rehearsal.start("actuary", goals=["how exams fit with work"], seed="fault")
        rehearsal.reply("Hi, thanks for making the time!")

        class KillOnFirstToken:
            """The real model; the server process is killed as its first token arrives."""

            def __init__(self, inner):
                self.inner = inner

            def stream(self, messages, *args, **kwargs):
                for chunk in self.inner.stream(messages, *args, **kwargs):
                    if chunk.content and process.poll() is None:
                        os.kill(process.pid, signal.SIGKILL)
                        process.wait()
                    yield chunk

        rehearsal._model = KillOnFirstToken(chat_model(rehearsal.settings, max_tokens=200, temperature=0.4, max_retries=0, timeout=30))
        shown = list(rehearsal.stream_reply("What does a typical week in your work actually look like?"))
        assert process.poll() is not None  # the server really died mid-reply
        assert all(s.startswith(shown[0]) for s in shown) and len(shown[-1].split()) > 20
        assert rehearsal.state.turns[-1].meta["source"] == "authored" and not rehearsal.awaiting_reply
        saved = sessions.load_session(rehearsal.state.session_id)["turns"]
        assert [t["speaker"] for t in saved] == ["user", "professional", "user", "professional"]
        assert saved[-1]["text"] == shown[-1]

        restarted, new_url = _model_server(tmp_path)
        rehearsal._model = chat_model(rehearsal.settings.model_copy(update={"openai_base_url": new_url}), max_tokens=120, temperature=0.4)
        final = rehearsal.reply("What surprised you most in your first year?")
        assert len(final.split()) >= 6 and not rehearsal.awaiting_reply
        assert sessions.load_session(rehearsal.state.session_id)["turns"][-1]["text"] == final
    finally:
        for proc in (process, restarted):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        set_settings(None)
