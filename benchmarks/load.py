"""Load: 1, 4 and 8 simultaneous users rehearsing against the running app, over loopback.

Starts `coffeechat app` on a free 127.0.0.1 port with a temp data dir (embedded model), then for
each level drives that many users at once through gradio_client (each Client is its own browser
session, so its own gr.State): start a rehearsal, then send 3 questions, streaming each reply.
Reports per level: first streamed text p50/p95, whole reply p50/p95, errors, how many requests
waited in Gradio's queue (the user sees a position), and cross-talk: each user's final transcript
must hold only its own questions (each carries a unique tag). Bounded: 3 questions per user,
LEVEL_BUDGET_S per level; the app is stopped at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, percentile, quiet_stdout  # noqa: E402

LEVELS = [int(x) for x in os.environ.get("LOAD_LEVELS", "1,4,8").split(",")]
QUESTIONS = [
    "What does a typical week in your work actually look like?",
    "What skills turned out to matter most once you were doing the job every day?",
    "What do you wish you had known before you started in this field?",
]
ROLES = ["actuary", "registered nurse", "UX designer", "electrician"]
LEVEL_BUDGET_S = float(os.environ.get("LOAD_LEVEL_BUDGET_S", "300"))
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COFFEECHAT_"))}
    env.update({"COFFEECHAT_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "NO_PROXY": "127.0.0.1,localhost"})
    return env


def start_app(data_dir: Path, log_path: Path) -> tuple[subprocess.Popen, str, float]:
    """(process, url, seconds until GET / answered 200)."""
    port = free_port()
    out = log_path.open("w")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "coffeechat.cli", "app", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=app_env(data_dir), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited: {log_path.read_text()[-800:]}")
        if time.perf_counter() - started > START_TIMEOUT_S:
            stop_app(process)
            raise RuntimeError(f"the app did not answer in {START_TIMEOUT_S} s")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and b"<" in response.read(200):
                    return process, url, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def chat_text(history) -> str:
    parts = []
    for message in history or []:
        content = message.get("content") if isinstance(message, dict) else message
        if isinstance(content, list):
            content = " ".join(str(c.get("text", c)) if isinstance(c, dict) else str(c) for c in content)
        parts.append(str(content))
    return "\n".join(parts)


def user_messages(history) -> list[str]:
    found = []
    for message in history or []:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                content = " ".join(str(c.get("text", c)) if isinstance(c, dict) else str(c) for c in content)
            found.append(str(content))
    return found


class User(threading.Thread):
    def __init__(self, url: str, index: int, level: int, deadline: float):
        super().__init__(daemon=True)
        self.url, self.index, self.level, self.deadline = url, index, level, deadline
        self.tag = f"visitor-{level}-{index}"
        self.first: list[float] = []
        self.total: list[float] = []
        self.errors: list[str] = []
        self.queued = 0
        self.crosstalk = False
        self.done_questions = 0

    def run(self) -> None:
        try:
            from gradio_client import Client

            client = Client(self.url, verbose=False)
            role = ROLES[self.index % len(ROLES)]
            result = client.predict(role, "", "mid", "warm", "what the work is like", "", api_name="/do_start")
            if "⚠" in str(result[2]):
                self.errors.append(f"start: {result[2]}")
                return
            history: list = []
            asked = []
            for question in QUESTIONS:
                if time.monotonic() > self.deadline:
                    self.errors.append("level time budget spent")
                    return
                text = f"{question} ({self.tag})"
                asked.append(text)
                started = time.perf_counter()
                job = client.submit(history, text, api_name="/do_send")
                first = None
                output = None
                for output in job:
                    if first is None:
                        status = job.status()
                        if getattr(status, "rank", None):
                            self.queued += 1
                        history_now = output[0] if isinstance(output, (list, tuple)) else output
                        if history_now and user_messages(history_now) and len(chat_text(history_now)) > len(chat_text(history_now[:-1])) and isinstance(history_now[-1], dict) and history_now[-1].get("role") == "assistant":
                            first = time.perf_counter() - started
                    if time.monotonic() > self.deadline + 60:
                        job.cancel()
                        self.errors.append("reply did not finish in the time budget")
                        return
                final = job.outputs()[-1] if job.outputs() else output
                self.total.append(time.perf_counter() - started)
                if first is not None:
                    self.first.append(first)
                history = final[0]
                if "⚠" in str(final[2]):
                    self.errors.append(f"send: {final[2]}")
                self.done_questions += 1
            mine = user_messages(history)
            if mine != asked or any(f"visitor-{self.level}-" in m and self.tag not in m for m in mine):
                self.crosstalk = True
            if "visitor-" in chat_text(history).replace(self.tag, ""):
                self.crosstalk = True
        except Exception as exc:  # counted and reported, never fatal to the benchmark
            self.errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")


def run_level(url: str, level: int) -> dict:
    deadline = time.monotonic() + LEVEL_BUDGET_S
    users = [User(url, i, level, deadline) for i in range(level)]
    started = time.perf_counter()
    for user in users:
        user.start()
    for user in users:
        user.join(timeout=max(1.0, deadline + 120 - time.monotonic()))
    first = [x for u in users for x in u.first]
    total = [x for u in users for x in u.total]
    errors = [e for u in users for e in u.errors] + [f"user {u.index} still running" for u in users if u.is_alive()]
    result = {
        "users": level,
        "replies": len(total),
        "replies_expected": level * len(QUESTIONS),
        "first_p50_s": round(percentile(first, 50), 2),
        "first_p95_s": round(percentile(first, 95), 2),
        "total_p50_s": round(percentile(total, 50), 2),
        "total_p95_s": round(percentile(total, 95), 2),
        "errors": len(errors),
        "error_samples": errors[:3],
        "queued_replies": sum(u.queued for u in users),
        "crosstalk_users": sum(1 for u in users if u.crosstalk),
        "seconds": round(time.perf_counter() - started, 1),
    }
    log(f"load {level} users: {result}")
    return result


def main() -> None:
    emit = quiet_stdout()
    data = isolated_data_dir("load")
    process, url, startup = start_app(data, data / "app.log")
    log(f"app up at {url} in {startup:.1f} s")
    try:
        results = [run_level(url, level) for level in LEVELS]
    finally:
        stop_app(process)
    rows = []
    for r in results:
        ok = r["errors"] == 0 and r["crosstalk_users"] == 0 and r["replies"] == r["replies_expected"]
        rows.append(
            {
                "measurement": f"load: first token p50/p95 at {r['users']} user{'s' if r['users'] > 1 else ''} (3 questions each)",
                "ours": f"{r['first_p50_s']} / {r['first_p95_s']} s; reply {r['total_p50_s']} / {r['total_p95_s']} s; {r['replies']}/{r['replies_expected']} replies, {r['errors']} errors, {r['crosstalk_users']} cross-talk, {r['queued_replies']} shown a queue place",
                "baseline": f"{results[0]['first_p50_s']} / {results[0]['first_p95_s']} s (1 user)" if r is not results[0] else "",
                "ratio": f"{r['first_p50_s'] / results[0]['first_p50_s']:.1f}x" if r is not results[0] and results[0]["first_p50_s"] else "",
                "goal": "no errors, no cross-talk",
                "met": ok,
            }
        )
    emit({"benchmark": "load", "levels": results, "app_start_s": round(startup, 1), "rows": rows})


if __name__ == "__main__":
    main()
