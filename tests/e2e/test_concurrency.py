"""Simultaneous rehearsals on the real app: no errors, no cross-talk, and the queue is visible.

Each gradio_client.Client is its own browser session (its own gr.State), like a tab. Five users
against the default four model slots: one of them must be told its place in Gradio's queue.
benchmarks/load.py drives 1, 4 and 8 users with three questions each; this stays short.
"""

from __future__ import annotations

import threading

import pytest

USERS = 5
ROLES = ["actuary", "registered nurse", "UX designer", "electrician", "data analyst"]


def text_of(content) -> str:
    """Chatbot message content as text (Gradio 6 sends a list of {"type": "text", "text": ...})."""
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def test_simultaneous_rehearsals_keep_their_own_transcripts(app_url):
    gradio_client = pytest.importorskip("gradio_client")
    results: dict[int, dict] = {}
    barrier = threading.Barrier(USERS)

    def user(index: int) -> None:
        record = results.setdefault(index, {"error": None, "queued": False})
        try:
            client = gradio_client.Client(app_url["url"], verbose=False)
            started = client.predict(ROLES[index], "", "mid", "warm", "what the work is like", "", api_name="/do_start")
            record["card"] = str(started[0])  # State outputs are not returned to API clients
            question = f"What does a typical week in your work look like? (visitor {index})"
            barrier.wait(timeout=120)
            job = client.submit([], question, api_name="/do_send")
            for _ in job:
                status = job.status()
                if getattr(status, "rank", None):
                    record["queued"] = True
            final = job.outputs()[-1]
            record["history"] = final[0]
            record["status"] = final[2]
            record["question"] = question
        except Exception as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a rehearsal did not finish in 10 minutes"
    for index, record in results.items():
        assert record["error"] is None, record["error"]
        assert "⚠" not in str(record["status"]), record["status"]
        users = [text_of(m["content"]) for m in record["history"] if m["role"] == "user"]
        assert users == [record["question"]], (index, users)
        replies = [m for m in record["history"] if m["role"] == "assistant"]
        assert len(replies) == 1 and "visitor" not in text_of(replies[0]["content"])
    assert len({r["card"] for r in results.values()}) == USERS  # each session its own persona
