"""Index throughput: a first build of the shipped knowledge into an empty temp data dir
(chunks/s, embedder load included), then no-change re-indexes (nothing to embed), in this
process and as a cold `coffeechat index` process. Goal: no-change re-index < 2 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, median, quiet_stdout  # noqa: E402

REINDEX_RUNS = 3
GOAL_S = 2.0


def main() -> None:
    emit = quiet_stdout()
    data_dir = isolated_data_dir("index")
    from coffeechat.config import get_settings
    from coffeechat.kb.index import index_knowledge

    settings = get_settings()
    first = index_knowledge(settings)
    log(f"first build: {first.line()}")
    again = []
    for _ in range(REINDEX_RUNS):
        summary = index_knowledge(settings)
        again.append(summary.seconds)
        log(f"no-change re-index: {summary.line()}")
    cli = Path(sys.executable).with_name("coffeechat")
    started = time.perf_counter()
    subprocess.run([str(cli), "index"], cwd=ROOT, env={**os.environ, "COFFEECHAT_DATA_DIR": str(data_dir)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    cold = time.perf_counter() - started
    reindex = median(again)
    rate = first.chunks / first.seconds
    emit(
        {
            "benchmark": "index",
            "pages": first.pages,
            "chunks": first.chunks,
            "first_build_s": round(first.seconds, 2),
            "first_build_chunks_per_s": round(rate, 1),
            "reindex_no_change_s": round(reindex, 3),
            "reindex_embedded": summary.embedded,
            "reindex_cold_process_s": round(cold, 2),
            "goal": f"no-change re-index < {GOAL_S:g} s",
            "met": reindex < GOAL_S,
            "rows": [
                {"measurement": f"index first build ({first.chunks} chunks, {first.pages} pages)", "ours": f"{rate:.1f} chunks/s ({first.seconds:.1f} s)", "baseline": "", "ratio": "", "goal": "", "met": None},
                {"measurement": "no-change re-index, in process", "ours": f"{reindex:.2f} s", "baseline": f"{first.seconds:.1f} s (first build)", "ratio": f"{reindex / first.seconds:.3f}x", "goal": f"< {GOAL_S:g} s", "met": reindex < GOAL_S},
                {"measurement": "no-change re-index, cold `coffeechat index` process", "ours": f"{cold:.2f} s", "baseline": "", "ratio": "", "goal": "", "met": None},
            ],
        }
    )


if __name__ == "__main__":
    main()
