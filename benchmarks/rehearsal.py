"""Rehearsal first token: how long after sending a question the user sees the professional's
first words, on the embedded model (issue 6 item 8: turn 1 <= 1.5 s after warm(), turns 2+ <= 1 s).

"First token" is what the user sees: the first text `Rehearsal.stream_reply()` yields. For a
voiced reply that is the plan's opener (the reply's first words, chosen in code and shown before
the model is called; the model continues from them). So each run also records when the first
words after the opener appeared (the model's text once its first sentence passed the checks, or
the template), when the model's first raw token arrived, and how long the chain worked before
calling the model.

- ours, turn 1: a fresh persona, `warm()` (as the Rehearse tab does while the card is read), then
  the first question.
- baseline, turn 1: the same question to a fresh persona without `warm()` (a cold prompt).
- ours, turns 2+: questions 2 and 3 of the warmed session.
- baseline, turns 2+: the same questions sent first to a fresh, unwarmed persona (cold prompt).

Each run uses a new seed, so its persona (and system prompt) is new to the server's cache;
runs alternate ours/baseline. Medians of up to RUNS runs, fewer when BUDGET_S is spent
(a loaded machine).
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
GOAL_TURN1_S = 1.5
GOAL_LATER_S = 1.0


class TimedModel:
    """Wraps the chat model: when the chain called stream(), and when the first raw token came."""

    def __init__(self, inner):
        self.inner = inner
        self.called: list[float] = []
        self.first_raw: list[float] = []

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


def turn(rehearsal, timed: TimedModel, question: str) -> dict:
    """Send one question; seconds to the first shown text, to the model call, to the first raw token."""
    timed.called.clear()
    timed.first_raw.clear()
    started = time.perf_counter()
    first_shown = content_shown = None
    first_text = ""
    for text in rehearsal.stream_reply(question):
        if first_shown is None:
            first_shown, first_text = time.perf_counter() - started, text
        if content_shown is None and len(text) > len(first_text):
            content_shown = time.perf_counter() - started
    if content_shown is None:  # the first text was the whole reply (a curated answer)
        content_shown = first_shown
    total = time.perf_counter() - started
    last = rehearsal.state.turns[-1].meta
    return {
        "first_shown_s": first_shown,
        "content_shown_s": content_shown,
        "before_model_s": (timed.called[0] - started) if timed.called else None,
        "first_raw_s": (timed.first_raw[0] - started) if timed.first_raw else None,
        "total_s": total,
        "plan": last.get("plan"),
        "source": last.get("source"),
    }


def session(seed: str, warm: bool):
    from coffeechat.chains.interview import Rehearsal
    from coffeechat.llm import chat_model

    rehearsal = Rehearsal.start(ROLE, goals=["what the work is like"], seed=seed)
    timed = TimedModel(chat_model(rehearsal.settings, max_tokens=120, temperature=0.4))
    rehearsal._model = timed
    if warm:
        rehearsal.warm()
    return rehearsal, timed


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
                log(f"run {run + 1} {name}: shown {fmt(last['first_shown_s'])}, after opener {fmt(last['content_shown_s'])}, raw {fmt(last['first_raw_s'])}, before model {fmt(last['before_model_s'])}, total {fmt(last['total_s'])} ({last['plan']}/{last['source']})")

    def med(name: str, key: str) -> float | None:
        values = [r[key] for r in rows[name] if r[key] is not None]
        return median(values) if values else None

    summary = {name: {key: (round(v, 3) if (v := med(name, key)) is not None else None) for key in ("first_shown_s", "content_shown_s", "first_raw_s", "before_model_s", "total_s")} for name in rows}
    t1, b1 = summary["ours_t1"]["first_shown_s"], summary["base_t1"]["first_shown_s"]
    t2, b2 = summary["ours_later"]["first_shown_s"], summary["base_later"]["first_shown_s"]

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
                {"measurement": "rehearsal first token, turn 1 (after warm(), first text shown)", "ours": fmt(t1), "baseline": f"{fmt(b1)} (no warm(): cold prompt)", "ratio": ratio(t1, b1), "goal": f"<= {GOAL_TURN1_S} s", "met": t1 is not None and t1 <= GOAL_TURN1_S},
                {"measurement": "rehearsal first token, turn 2+ (first text shown)", "ours": fmt(t2), "baseline": f"{fmt(b2)} (same question, cold prompt)", "ratio": ratio(t2, b2), "goal": f"<= {GOAL_LATER_S} s", "met": t2 is not None and t2 <= GOAL_LATER_S},
                {"measurement": "rehearsal first words after the opener, turn 1 / turn 2+ (checked model text or the template)", "ours": f"{fmt(summary['ours_t1']['content_shown_s'])} / {fmt(summary['ours_later']['content_shown_s'])}", "baseline": f"{fmt(summary['base_t1']['content_shown_s'])} / {fmt(summary['base_later']['content_shown_s'])} (cold)", "ratio": "", "goal": "", "met": None},
                {"measurement": "rehearsal model's first raw token, turn 1 / turn 2+", "ours": f"{fmt(summary['ours_t1']['first_raw_s'])} / {fmt(summary['ours_later']['first_raw_s'])}", "baseline": f"{fmt(summary['base_t1']['first_raw_s'])} / {fmt(summary['base_later']['first_raw_s'])} (cold)", "ratio": "", "goal": "", "met": None},
                {"measurement": "rehearsal chain work before the model call, turn 1 / turn 2+", "ours": f"{fmt(summary['ours_t1']['before_model_s'])} / {fmt(summary['ours_later']['before_model_s'])}", "baseline": f"{fmt(summary['base_t1']['before_model_s'])} / {fmt(summary['base_later']['before_model_s'])} (cold)", "ratio": "", "goal": "", "met": None},
            ],
        }
    )


if __name__ == "__main__":
    main()
