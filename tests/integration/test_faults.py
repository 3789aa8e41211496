"""kill -9 in the middle of a real rehearsal (the real CLI and embedded model): after the crash
the saved session holds every turn sent before the kill, and History lists it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from coffeechat import sessions
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

    from coffeechat.chains.interview import Rehearsal
    from coffeechat.tabs.history import session_rows

    rows = session_rows()
    assert rows[0]["turns"] == 5 and rows[0]["status"] == "open"
    resumed = Rehearsal.resume(saved[0]["meta"]["id"])
    assert resumed.awaiting_reply  # the Rehearse tab offers Retry for the unanswered question
