"""Chat path overhead: streaming through coffeechat.llm.chat_model() (LangChain ChatOpenAI) vs a
direct streaming HTTP call (httpx, no LangChain) to the same embedded xllamacpp server.

Same prompt, same max_tokens, temperature 0, alternating runs, medians. First-token time is
from the request to the first non-empty content chunk; tokens/s counts content chunks after
the first (llama.cpp streams one token per chunk). Goal: our first-token time <= 1.05x direct.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import log, median, quiet_stdout  # noqa: E402

PROMPT = "In three sentences, describe what a registered nurse does at the start of a hospital shift."
MAX_TOKENS = 64
RUNS = 15  # per path, alternating (the effect is a few ms: fewer runs leave it in the noise)
GOAL = 1.05


def rehearsal_messages(call: int) -> list[dict]:
    """A rehearsal turn as the chain sends it: the persona prompt (cached by the server after
    the first call, as in a session) and a turn with its material, new on every call."""
    from coffeechat.prompts import render

    system = render("interview_system", name="Dana Reyes", title="Senior Actuary", organisation="Northfield Mutual", years=9, personality="warm and practical", speaking_style="plain words, short sentences, a concrete example when it helps")
    material = "Most weeks split between pricing models, reviewing assumptions with underwriters, and writing memos that explain results to people who are not actuaries. Exam study takes evenings for years, and employers often give paid study hours."
    turn = render("interview_turn", question=f"What does a typical week in your work actually look like? (visitor {call})", material=material, sentences=3, opener="")
    return [{"role": "system", "content": system}, {"role": "user", "content": turn}]


def through_chat_model(model, messages=None) -> tuple[float, int, float]:
    """(first-token seconds, content chunks, total seconds) streaming through LangChain."""
    started = time.perf_counter()
    first, chunks = None, 0
    for chunk in model.stream([(m["role"], m["content"]) for m in messages] if messages else PROMPT):
        if chunk.content:
            chunks += 1
            if first is None:
                first = time.perf_counter() - started
    return first or float("nan"), chunks, time.perf_counter() - started


def direct(client, base_url: str, model_name: str, messages=None) -> tuple[float, int, float]:
    """(first-token seconds, content chunks, total seconds) with a plain streaming POST.

    One connection per request: the server drops idle keep-alive connections after a few
    seconds, and a stale pooled one would fail mid-benchmark.
    """
    body = {"model": model_name, "messages": messages or [{"role": "user", "content": PROMPT}], "max_tokens": MAX_TOKENS, "temperature": 0, "stream": True}
    started = time.perf_counter()
    first, chunks = None, 0
    with client.stream("POST", f"{base_url}/chat/completions", json=body, headers={"Authorization": "Bearer local", "Connection": "close"}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:]).get("choices") or [{}]
            if (choices[0].get("delta") or {}).get("content"):
                chunks += 1
                if first is None:
                    first = time.perf_counter() - started
    return first or float("nan"), chunks, time.perf_counter() - started


def rate(chunks: int, first: float, total: float) -> float:
    return (chunks - 1) / (total - first) if chunks > 1 and total > first else float("nan")


def main() -> None:
    emit = quiet_stdout()
    import httpx

    from coffeechat.config import get_settings
    from coffeechat.llm import chat_model, embedded_server

    settings = get_settings()
    model = chat_model(settings, max_tokens=MAX_TOKENS, temperature=0)
    server = embedded_server(settings)
    client = httpx.Client(timeout=120)
    calls = iter(range(10_000))
    paths = {
        "ours": lambda: through_chat_model(model),
        "direct": lambda: direct(client, server.base_url, server.gguf.stem),
        "ours_turn": lambda: through_chat_model(model, rehearsal_messages(next(calls))),
        "direct_turn": lambda: direct(client, server.base_url, server.gguf.stem, rehearsal_messages(next(calls))),
    }
    for run in paths.values():  # warm both: connection pools, prompt cache, imports
        run()
    results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in paths}
    for i in range(RUNS):
        for name in ("ours", "direct", "ours_turn", "direct_turn") if i % 2 == 0 else ("direct", "ours", "direct_turn", "ours_turn"):
            results[name].append(paths[name]())
            first, chunks, total = results[name][-1]
            log(f"chat path run {i + 1} {name}: first token {first * 1000:.0f} ms, {chunks} tokens, {rate(chunks, first, total):.1f} tok/s")
    summary = {}
    for name, rows in results.items():
        summary[name] = {
            "first_token_ms": median([r[0] for r in rows]) * 1000,
            "tokens_per_s": median([rate(r[1], r[0], r[2]) for r in rows]),
            "total_ms": median([r[2] for r in rows]) * 1000,
            "tokens": median([r[1] for r in rows]),
        }
    ft_ratio = summary["ours"]["first_token_ms"] / summary["direct"]["first_token_ms"]
    total_ratio = summary["ours"]["total_ms"] / summary["direct"]["total_ms"]
    tps_ratio = summary["ours"]["tokens_per_s"] / summary["direct"]["tokens_per_s"]
    turn_ratio = summary["ours_turn"]["first_token_ms"] / summary["direct_turn"]["first_token_ms"]
    emit(
        {
            "benchmark": "chat_path",
            "provider": settings.provider,
            "model": server.gguf.name,
            "prompt_max_tokens": MAX_TOKENS,
            "runs_per_path": RUNS,
            **{name: {k: round(v, 1) for k, v in figures.items()} for name, figures in summary.items()},
            "turn_first_token_ratio": round(turn_ratio, 3),
            "first_token_ratio": round(ft_ratio, 3),
            "total_time_ratio": round(total_ratio, 3),
            "tokens_per_s_ratio": round(tps_ratio, 3),
            "goal": f"first token <= {GOAL}x direct",
            "met": ft_ratio <= GOAL,
            "rows": [
                {"measurement": "chat path first token (chat_model() stream)", "ours": f"{summary['ours']['first_token_ms']:.0f} ms", "baseline": f"{summary['direct']['first_token_ms']:.0f} ms (direct httpx stream)", "ratio": f"{ft_ratio:.2f}x", "goal": f"<= {GOAL}x", "met": ft_ratio <= GOAL},
                {"measurement": "chat path first token, a rehearsal turn (cached persona prompt, new question and material)", "ours": f"{summary['ours_turn']['first_token_ms']:.0f} ms", "baseline": f"{summary['direct_turn']['first_token_ms']:.0f} ms (direct httpx stream)", "ratio": f"{turn_ratio:.2f}x", "goal": "", "met": None},
                {"measurement": "chat path tokens/s", "ours": f"{summary['ours']['tokens_per_s']:.1f} tok/s", "baseline": f"{summary['direct']['tokens_per_s']:.1f} tok/s (direct)", "ratio": f"{tps_ratio:.2f}x", "goal": "", "met": None},
                {"measurement": f"chat path total, {MAX_TOKENS} tokens", "ours": f"{summary['ours']['total_ms']:.0f} ms", "baseline": f"{summary['direct']['total_ms']:.0f} ms (direct)", "ratio": f"{total_ratio:.2f}x", "goal": f"<= {GOAL}x", "met": total_ratio <= GOAL},
            ],
        }
    )


if __name__ == "__main__":
    main()
