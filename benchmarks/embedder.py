"""Embedder throughput: our LocalEmbedder vs Chroma's stock ONNXMiniLM_L6_V2 on the same files.

Both read the same model.onnx and tokenizer.json (the stock function is pointed at a folder
of symlinks, so it downloads nothing). 256 short texts, alternating runs, medians.
Goal: ours >= 10x the stock texts/s.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import log, median, quiet_stdout  # noqa: E402

from coffeechat.testing import stock_chroma_embedder  # noqa: E402

N_TEXTS = 256
ROUNDS = 3
GOAL = 10.0


def short_texts(n: int) -> list[str]:
    """n distinct short texts (4-20 words), like queries, questions and note lines."""
    subjects = ["an actuary", "a nurse", "a software engineer", "a paralegal", "a chef", "an electrician", "a grant writer", "a UX designer", "a policy analyst", "a teacher", "an epidemiologist", "a product manager", "a plumber", "a financial analyst", "an urban planner", "a journalist"]
    stems = ["What surprised you most about working as {s}?", "How did you become {s}?", "What does a normal week look like for {s}?", "Which skills matter most for {s} in the first year?", "Is it hard to move into a job as {s} after teaching?", "I'd love 15 minutes to hear about life as {s}.", "Notes: spoke with {s}, mentioned certification exams.", "Thank you for the call about your path to becoming {s}.", "What would you tell a student who wants to be {s}?", "how do I reach {s} on linkedin", "What do you wish you knew before you became {s}, and what would you change?", "Trends: {s} now spends more time on data and reporting than before.", "quick question for {s}", "Which associations or newsletters does {s} actually read?", "Could I ask {s} about a small project to try on my own?", "Follow up with {s} in two weeks."]
    texts = [stem.format(s=subject) for stem in stems for subject in subjects]
    return [f"{t} ({i})" if i >= len(texts) else t for i, t in enumerate((texts * (n // len(texts) + 1))[:n])]


def stock_function():
    scratch = Path(tempfile.mkdtemp(prefix="coffeechat-bench-onnx-"))
    atexit.register(shutil.rmtree, scratch, True)
    return stock_chroma_embedder(scratch)


def main() -> None:
    emit = quiet_stdout()
    import numpy as np

    from coffeechat.embeddings import LocalEmbedder

    ours, stock = LocalEmbedder(), stock_function()
    texts = short_texts(N_TEXTS)
    ours(texts[:8]), stock(texts[:8])  # load both sessions outside the timing
    timings: dict[str, list[float]] = {"ours": [], "stock": []}
    vectors = {}
    for round_ in range(ROUNDS):
        for name, function in (("ours", ours), ("stock", stock)) if round_ % 2 == 0 else (("stock", stock), ("ours", ours)):
            started = time.perf_counter()
            vectors[name] = np.asarray(function(texts))
            timings[name].append(time.perf_counter() - started)
            log(f"embedder round {round_ + 1}: {name} {N_TEXTS / timings[name][-1]:.1f} texts/s")
    ours_rate = N_TEXTS / median(timings["ours"])
    stock_rate = N_TEXTS / median(timings["stock"])
    ratio = ours_rate / stock_rate
    emit(
        {
            "benchmark": "embedder",
            "texts": N_TEXTS,
            "rounds": ROUNDS,
            "ours_texts_per_s": round(ours_rate, 1),
            "stock_texts_per_s": round(stock_rate, 1),
            "ratio": round(ratio, 1),
            "min_cosine_ours_vs_stock": round(float((vectors["ours"] * vectors["stock"]).sum(axis=1).min()), 5),
            "goal": f">= {GOAL:g}x",
            "met": ratio >= GOAL,
            "rows": [
                {"measurement": f"embedder throughput, {N_TEXTS} short texts", "ours": f"{ours_rate:.1f} texts/s", "baseline": f"{stock_rate:.1f} texts/s (Chroma stock ONNXMiniLM_L6_V2, same files)", "ratio": f"{ratio:.1f}x", "goal": f">= {GOAL:g}x", "met": ratio >= GOAL},
            ],
        }
    )


if __name__ == "__main__":
    main()
