"""Index time: the first `coffeechat index` of the shipped knowledge into an empty data dir,
with the shipped vectors (knowledge/.vectors/, loaded) beside the same command with them
disabled (every chunk embedded, as before issue 14), as cold processes; then no-change
re-indexes (nothing to embed), in this process and as a cold `coffeechat index` process.
Goals: first index <= 15 s; no-change re-index < 2 s.

Usage: python benchmarks/index.py [--runs N]   (N first-index pairs, alternating order)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, median, quiet_stdout  # noqa: E402

REINDEX_RUNS = 3
GOAL_S = 2.0
FIRST_INDEX_GOAL_S = 15.0  # issue 14: a newcomer waits seconds, not minutes
# The same CLI entry point with the shipped vectors switched off: the "before" of issue 14.
WITHOUT_SHIPPED_VECTORS = (
    "import sys; import coffeechat.kb.index as index; index.load_vectors = lambda *a, **k: None; "
    "from coffeechat.cli import main; sys.exit(main(['index']))"
)
SUMMARY_RE = re.compile(r"indexed: (.*)")


def first_index(argv: list[str]) -> tuple[float, str]:
    """Seconds for one cold process indexing into its own empty data dir, and its summary line."""
    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-first-") as data_dir:
        env = {**os.environ, "COFFEECHAT_DATA_DIR": data_dir}
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        seconds = time.perf_counter() - started
    found = SUMMARY_RE.findall(done.stderr)
    return seconds, found[-1] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2, help="first-index pairs (each baseline run embeds every chunk: minutes)")
    args = parser.parse_args()
    emit = quiet_stdout()
    cli = str(Path(sys.executable).with_name("coffeechat"))
    ours_argv, before_argv = [cli, "index"], [sys.executable, "-c", WITHOUT_SHIPPED_VECTORS]
    load_before = os.getloadavg()[0]
    ours, before = [], []
    for run in range(args.runs):
        order = [(ours_argv, ours), (before_argv, before)]
        for argv, times in order if run % 2 == 0 else reversed(order):
            seconds, line = first_index(argv)
            times.append(seconds)
            log(f"first index, {'shipped vectors' if times is ours else 'shipped vectors disabled'}: {seconds:.1f} s ({line})")
    first_s, before_s = median(ours), median(before)

    data_dir = isolated_data_dir("index")
    from coffeechat.config import get_settings
    from coffeechat.kb.index import index_knowledge

    settings = get_settings()
    first = index_knowledge(settings)
    log(f"first build in process: {first.line()}")
    again = []
    for _ in range(REINDEX_RUNS):
        summary = index_knowledge(settings)
        again.append(summary.seconds)
        log(f"no-change re-index: {summary.line()}")
    started = time.perf_counter()
    subprocess.run([cli, "index"], cwd=ROOT, env={**os.environ, "COFFEECHAT_DATA_DIR": str(data_dir)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    cold = time.perf_counter() - started
    reindex = median(again)
    load_after = os.getloadavg()[0]
    emit(
        {
            "benchmark": "index",
            "pages": first.pages,
            "chunks": first.chunks,
            "first_index_cold_s": round(first_s, 2),
            "first_index_cold_without_shipped_vectors_s": round(before_s, 2),
            "first_index_speedup": round(before_s / first_s, 1),
            "first_index_runs": args.runs,
            "first_build_in_process_s": round(first.seconds, 2),
            "first_build_loaded": first.loaded,
            "first_build_embedded": first.embedded,
            "reindex_no_change_s": round(reindex, 3),
            "reindex_embedded": summary.embedded,
            "reindex_cold_process_s": round(cold, 2),
            "load_average_1min": [round(load_before, 2), round(load_after, 2)],
            "goal": f"first index <= {FIRST_INDEX_GOAL_S:g} s; no-change re-index < {GOAL_S:g} s",
            "met": first_s <= FIRST_INDEX_GOAL_S and reindex < GOAL_S,
            "rows": [
                {
                    "measurement": f"first `coffeechat index`, empty data dir ({first.chunks} chunks, {first.pages} pages)",
                    "ours": f"{first_s:.1f} s (shipped vectors)",
                    "baseline": f"{before_s:.1f} s (shipped vectors disabled: every chunk embedded)",
                    "ratio": f"{first_s / before_s:.3f}x",
                    "goal": f"<= {FIRST_INDEX_GOAL_S:g} s",
                    "met": first_s <= FIRST_INDEX_GOAL_S,
                },
                {"measurement": "no-change re-index, in process", "ours": f"{reindex:.2f} s", "baseline": f"{first.seconds:.1f} s (first build, in process)", "ratio": f"{reindex / first.seconds:.3f}x", "goal": f"< {GOAL_S:g} s", "met": reindex < GOAL_S},
                {"measurement": "no-change re-index, cold `coffeechat index` process", "ours": f"{cold:.2f} s", "baseline": "", "ratio": "", "goal": "", "met": None},
            ],
        }
    )


if __name__ == "__main__":
    main()
