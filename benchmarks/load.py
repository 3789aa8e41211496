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
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, percentile, quiet_stdout  # noqa: E402

from coffeechat.testing import app_env, free_port, start_server, stop_server  # noqa: E402

LEVELS = [int(x) for x in os.environ.get("LOAD_LEVELS", "1,4,8").split(",")]
QUESTIONS = [
    "What does a typical week in your work actually look like?",
    "What skills turned out to matter most once you were doing the job every day?",
    "What do you wish you had known before you started in this field?",
]
ROLES = ["actuary", "registered nurse", "UX designer", "electrician"]
QUEUED_MIN_S = 0.3  # a wait this long with a place shown counts as "the user saw the queue"
LEVEL_BUDGET_S = float(os.environ.get("LOAD_LEVEL_BUDGET_S", "300"))
START_TIMEOUT_S = 180


def start_app(data_dir: Path, log_path: Path) -> tuple[subprocess.Popen, str, float]:
    """(process, url, seconds until GET / answered 200)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process, seconds = start_server([sys.executable, "-m", "coffeechat.cli", "app", "--host", "127.0.0.1", "--port", str(port)], url, log_path, env=app_env(data_dir), cwd=ROOT, timeout_s=START_TIMEOUT_S)
    return process, url, seconds


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


class QueueWatcher(threading.Thread):
    """Polls a job's status as the browser would see it: how long it sat in Gradio's queue with
    a place in line (IN_QUEUE with a rank) before it started."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job, self.waited_s, self.max_rank = job, 0.0, None

    def run(self) -> None:
        from gradio_client.utils import Status

        queued_at = None
        while not self.job.done():
            status = self.job.status()
            if status.code == Status.IN_QUEUE and status.rank is not None:
                queued_at = queued_at or time.perf_counter()
                self.max_rank = max(self.max_rank or 0, status.rank + 1)
                self.waited_s = time.perf_counter() - queued_at
            elif status.code in (Status.PROCESSING, Status.ITERATING, Status.PROGRESS, Status.FINISHED):
                return
            time.sleep(0.05)


class User(threading.Thread):
    def __init__(self, url: str, index: int, level: int, deadline: float):
        super().__init__(daemon=True)
        self.url, self.index, self.level, self.deadline = url, index, level, deadline
        self.tag = f"visitor-{level}-{index}"
        self.first: list[float] = []
        self.total: list[float] = []
        self.errors: list[str] = []
        self.queued = 0
        self.queue_waits: list[float] = []
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
                watcher = QueueWatcher(job)
                watcher.start()
                first = None
                output = None
                for output in job:
                    if first is None:
                        history_now = output[0] if isinstance(output, (list, tuple)) else output
                        if history_now and user_messages(history_now) and len(chat_text(history_now)) > len(chat_text(history_now[:-1])) and isinstance(history_now[-1], dict) and history_now[-1].get("role") == "assistant":
                            first = time.perf_counter() - started
                    if time.monotonic() > self.deadline + 60:
                        job.cancel()
                        self.errors.append("reply did not finish in the time budget")
                        return
                watcher.join(timeout=5)
                if watcher.waited_s >= QUEUED_MIN_S:
                    self.queued += 1
                    self.queue_waits.append(watcher.waited_s)
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
        "queue_wait_max_s": round(max((w for u in users for w in u.queue_waits), default=0.0), 2),
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
        stop_server(process)
    rows = []
    for r in results:
        ok = r["errors"] == 0 and r["crosstalk_users"] == 0 and r["replies"] == r["replies_expected"]
        rows.append(
            {
                "measurement": f"load: first token p50/p95 at {r['users']} user{'s' if r['users'] > 1 else ''} (3 questions each)",
                "ours": f"{r['first_p50_s']} / {r['first_p95_s']} s; reply {r['total_p50_s']} / {r['total_p95_s']} s; {r['replies']}/{r['replies_expected']} replies, {r['errors']} errors, {r['crosstalk_users']} cross-talk, {r['queued_replies']} shown a queue place (longest wait {r['queue_wait_max_s']} s)",
                "baseline": f"{results[0]['first_p50_s']} / {results[0]['first_p95_s']} s (1 user)" if r is not results[0] else "",
                "ratio": f"{r['first_p50_s'] / results[0]['first_p50_s']:.1f}x" if r is not results[0] and results[0]["first_p50_s"] else "",
                "goal": "no errors, no cross-talk",
                "met": ok,
            }
        )
    emit({"benchmark": "load", "levels": results, "app_start_s": round(startup, 1), "rows": rows})


if __name__ == "__main__":
    main()
