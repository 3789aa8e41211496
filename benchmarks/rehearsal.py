"""Rehearsal speed: how long after sending a question the user sees the first words of the
answer's content (not only an opener), and the whole reply, on the embedded model (issue 13
item 8: content within 1.0 s on turn 1 and 0.5 s on turns 2+; the whole reply within 3 s).

The authored answer is shown at once; the model's checked bridge follows. So each run records
when the first text with answer content was shown, when the model was called, and the whole
reply (bridge included, or its rejection).

- ours, turn 1: a fresh persona, `warm()` (as the Rehearse tab does while the card is read), then
  the first question.
- baseline, turn 1: the same question to a fresh persona without `warm()` (cold prompt, cold vectors).
- ours, turns 2+: questions 2 and 3 of the warmed session.
- baseline, turns 2+: the same questions sent first to a fresh, unwarmed persona.

Each run uses a new seed, so its persona (and system prompt) is new to the server's cache;
runs alternate ours/baseline. Medians of up to RUNS runs, fewer when BUDGET_S is spent.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import isolated_data_dir, log, median, quiet_stdout  # noqa: E402

ROLE = "actuary"
QUESTIONS = [
    "What does a typical week in your work actually look like?",
    "What skills turned out to matter most once you were doing the job every day?",
    "How did you end up in this field, and what would you do differently?",
]
RUNS = 5
BUDGET_S = float(os.environ.get("REHEARSAL_BUDGET_S", "420"))  # no new run starts after this (at least one runs)
GOAL_TURN1_S = 1.0
GOAL_LATER_S = 0.5
GOAL_WHOLE_S = 3.0
CONTENT_WORDS = 8  # a first text this long is answer content, not just an opener


class TimedModel:
    """Wraps the chat model: when the chain called it, and when its first raw token came."""

    def __init__(self, inner, called: list, first_raw: list):
        self.inner, self.called, self.first_raw = inner, called, first_raw

    def invoke(self, messages, *args, **kwargs):
        self.called.append(time.perf_counter())
        result = self.inner.invoke(messages, *args, **kwargs)
        self.first_raw.append(time.perf_counter())
        return result

    def stream(self, messages, *args, **kwargs):
        self.called.append(time.perf_counter())
        first = True
        for chunk in self.inner.stream(messages, *args, **kwargs):
            if first and chunk.content:
                self.first_raw.append(time.perf_counter())
                first = False
            yield chunk

    def __getattr__(self, name):
        return getattr(self.inner, name)


def turn(rehearsal, timed, question: str) -> dict:
    """Send one question; seconds to the first answer content shown, to the model call, to the end."""
    called, first_raw = timed
    called.clear()
    first_raw.clear()
    started = time.perf_counter()
    content_shown = None
    for text in rehearsal.stream_reply(question):
        if content_shown is None and len(text.split()) >= CONTENT_WORDS:
            content_shown = time.perf_counter() - started
    total = time.perf_counter() - started
    last = rehearsal.state.turns[-1].meta
    return {
        "content_shown_s": content_shown,
        "before_model_s": (called[0] - started) if called else None,
        "model_done_s": (first_raw[-1] - started) if first_raw else None,
        "total_s": total,
        "plan": last.get("plan"),
        "source": last.get("source"),
    }


def session(seed: str, warm: bool):
    from coffeechat.llm import chat_model
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start(ROLE, goals=["what the work is like"], seed=seed)
    called: list = []
    first_raw: list = []
    def factory(max_tokens, temperature, timeout_s=None):
        budget = {"timeout": timeout_s, "max_retries": 0} if timeout_s else {}
        return TimedModel(chat_model(rehearsal.settings, max_tokens=max_tokens, temperature=temperature, **budget), called, first_raw)

    rehearsal.voice.model_factory = factory
    if warm:
        rehearsal.warm()
    return rehearsal, (called, first_raw)


def fmt(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def main() -> None:
    emit = quiet_stdout()
    isolated_data_dir("rehearsal")
    from coffeechat.config import get_settings
    from coffeechat.llm import embedded_server
    from coffeechat.kb.roles import find_role

    settings = get_settings()
    embedded_server(settings)  # process start and model load are not what this measures
    find_role(ROLE, settings)
    session("bench-warmup", warm=True)  # imports, embedder session, first HTTP connection
    started = time.perf_counter()

    rows: dict[str, list[dict]] = {"ours_t1": [], "base_t1": [], "ours_later": [], "base_later": []}
    for run in range(RUNS):
        if run and time.perf_counter() - started > BUDGET_S:
            log(f"time budget spent after {run} runs")
            break
        order = ("ours", "base") if run % 2 == 0 else ("base", "ours")
        for kind in order:
            if kind == "ours":
                rehearsal, timed = session(f"bench-ours-{run}", warm=True)
                rows["ours_t1"].append(turn(rehearsal, timed, QUESTIONS[0]))
                for question in QUESTIONS[1:]:
                    rows["ours_later"].append(turn(rehearsal, timed, question))
            else:
                rehearsal, timed = session(f"bench-base1-{run}", warm=False)
                rows["base_t1"].append(turn(rehearsal, timed, QUESTIONS[0]))
                for i, question in enumerate(QUESTIONS[1:]):
                    cold, cold_timed = session(f"bench-base{i + 2}-{run}", warm=False)
                    rows["base_later"].append(turn(cold, cold_timed, question))
        for name, items in rows.items():
            if items:
                last = items[-1]
                log(f"run {run + 1} {name}: content {fmt(last['content_shown_s'])}, before model {fmt(last['before_model_s'])}, model done {fmt(last['model_done_s'])}, total {fmt(last['total_s'])} ({last['plan']}/{last['source']})")

    def med(name: str, key: str) -> float | None:
        values = [r[key] for r in rows[name] if r[key] is not None]
        return median(values) if values else None

    keys = ("content_shown_s", "before_model_s", "model_done_s", "total_s")
    summary = {name: {key: (round(v, 3) if (v := med(name, key)) is not None else None) for key in keys} for name in rows}
    t1, b1 = summary["ours_t1"]["content_shown_s"], summary["base_t1"]["content_shown_s"]
    t2, b2 = summary["ours_later"]["content_shown_s"], summary["base_later"]["content_shown_s"]
    w1, w2 = summary["ours_t1"]["total_s"], summary["ours_later"]["total_s"]

    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else ""

    emit(
        {
            "benchmark": "rehearsal",
            "provider": settings.provider,
            "model": settings.model_name,
            "role": ROLE,
            "runs": len(rows["ours_t1"]),
            "summary": summary,
            "plans": sorted({f"{r['plan']}/{r['source']}" for items in rows.values() for r in items}),
            "rows": [
                {"measurement": "rehearsal answer content shown, turn 1 (after warm())", "ours": fmt(t1), "baseline": f"{fmt(b1)} (no warm(): cold)", "ratio": ratio(t1, b1), "goal": f"<= {GOAL_TURN1_S} s", "met": t1 is not None and t1 <= GOAL_TURN1_S},
                {"measurement": "rehearsal answer content shown, turn 2+", "ours": fmt(t2), "baseline": f"{fmt(b2)} (same question, cold)", "ratio": ratio(t2, b2), "goal": f"<= {GOAL_LATER_S} s", "met": t2 is not None and t2 <= GOAL_LATER_S},
                {"measurement": "rehearsal whole reply (bridge checked), turn 1 / turn 2+", "ours": f"{fmt(w1)} / {fmt(w2)}", "baseline": f"{fmt(summary['base_t1']['total_s'])} / {fmt(summary['base_later']['total_s'])} (cold)", "ratio": "", "goal": f"<= {GOAL_WHOLE_S} s", "met": w1 is not None and w2 is not None and max(w1, w2) <= GOAL_WHOLE_S},
                {"measurement": "rehearsal chain work before the model call, turn 1 / turn 2+", "ours": f"{fmt(summary['ours_t1']['before_model_s'])} / {fmt(summary['ours_later']['before_model_s'])}", "baseline": f"{fmt(summary['base_t1']['before_model_s'])} / {fmt(summary['base_later']['before_model_s'])} (cold)", "ratio": "", "goal": "", "met": None},
            ],
        }
    )


if __name__ == "__main__":
    main()
