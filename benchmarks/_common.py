"""Shared by the benchmark scripts: one JSON line on stdout, everything else on stderr.

`quiet_stdout()` points file descriptor 1 at stderr for the whole run (libraries and
native code that print cannot pollute stdout) and returns a writer to the real stdout.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quiet_stdout():
    """Redirect fd 1 to stderr; return a function that prints one JSON line to the real stdout."""
    real = os.fdopen(os.dup(1), "w")
    sys.stdout.flush()
    os.dup2(2, 1)

    def emit(record: dict) -> None:
        real.write(json.dumps(record, ensure_ascii=False) + "\n")
        real.flush()

    return emit


def isolated_data_dir(prefix: str) -> Path:
    """A fresh COFFEECHAT_DATA_DIR for this run (set before coffeechat reads its settings), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix=f"coffeechat-bench-{prefix}-"))
    atexit.register(shutil.rmtree, folder, True)  # a 50k-chunk store is hundreds of MB
    os.environ["COFFEECHAT_DATA_DIR"] = str(folder)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    return folder


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def eval_queries() -> list[str]:
    """The retrieval eval's real user queries, reused as benchmark queries."""
    path = ROOT / "evals" / "retrieval" / "cases.jsonl"
    return [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
