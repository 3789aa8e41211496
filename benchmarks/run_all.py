"""`make bench`: run every benchmarks/*.py (except this file and _helpers) as a subprocess, collect
the one JSON line each prints, and write benchmarks/results.md: one table, measured in one run,
each row with its baseline beside it.

Scripts added later (rehearsal.py, coldstart.py, load.py, ...) are picked up automatically; each
reports its table rows in a "rows" list of {measurement, ours, baseline, ratio, goal, met}.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

# Rows planned in issue 7 whose scripts have not landed yet: shown as "not measured" until
# a script reports a row whose measurement starts with the same words.
PLANNED = [
    ("rehearsal first token, turn 1", "rehearsal.py", "<= 1.5 s"),
    ("rehearsal first token, turn 2+", "rehearsal.py", "<= 1 s"),
    ("app cold start to first page", "coldstart.py", "<= 6 s"),
    ("`coffeechat search` cold process", "coldstart.py", "<= 3 s"),
    ("peak memory of the app with the embedded model", "coldstart.py", "<= 1.5 GB"),
    ("load: first token p50/p95 at 1, 4, 8 users", "load.py", "no errors"),
]
# Quicker, independent measurements first; the long ones last.
ORDER = ["embedder.py", "chat_path.py", "index.py", "search.py", "coldstart.py", "rehearsal.py", "load.py"]
TIMEOUT_S = 30 * 60


def scripts() -> list[Path]:
    found = [p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")]
    return sorted(found, key=lambda p: (ORDER.index(p.name) if p.name in ORDER else len(ORDER), p.name))


def run(script: Path) -> dict:
    """The script's JSON line, or a record of why there is none."""
    started = time.perf_counter()
    print(f"bench: {script.name} ...", file=sys.stderr, flush=True)
    try:
        done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"benchmark": script.stem, "error": f"timed out after {TIMEOUT_S}s"}
    seconds = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or len(lines) != 1:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"benchmark": script.stem, "error": f"exit {done.returncode}, {len(lines)} stdout lines: {tail}", "wall_s": round(seconds, 1)}
    try:
        record = json.loads(lines[0])
    except json.JSONDecodeError as exc:
        return {"benchmark": script.stem, "error": f"stdout is not JSON: {exc.msg}"}
    record["wall_s"] = round(seconds, 1)
    print(f"bench: {script.name} done in {seconds:.0f}s", file=sys.stderr, flush=True)
    return record


def machine() -> str:
    memory = ""
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f", {kib / 1024 / 1024:.1f} GB memory"
    except (OSError, StopIteration, ValueError):
        pass
    load = f", load average {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else ""
    return f"{platform.machine()}, {os.cpu_count()} cores (nproc){memory}{load}; Python {platform.python_version()}"


def provider() -> str:
    try:
        from coffeechat.config import get_settings

        settings = get_settings()
        return f"{settings.provider} / {settings.model_name}; embeddings {settings.embeddings}"
    except Exception as exc:  # the table is still worth writing
        return f"unknown ({type(exc).__name__})"


def cell(value) -> str:
    if value is None or value == "":
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "**no**"
    return str(value).replace("|", "\\|")


def table(records: list[dict]) -> list[str]:
    lines = ["| measurement | ours | baseline | ratio | goal | met? |", "|---|---|---|---|---|---|"]
    measured: list[str] = []
    for record in records:
        if "error" in record:
            lines.append(f"| {record['benchmark']} | failed: {cell(record['error'])} | | | | **no** |")
            continue
        for row in record.get("rows", []):
            measured.append(row.get("measurement", ""))
            lines.append("| " + " | ".join(cell(row.get(key)) for key in ("measurement", "ours", "baseline", "ratio", "goal", "met")) + " |")
    for measurement, script, goal in PLANNED:
        if not any(m.lower().startswith(measurement.lower()[:20]) for m in measured):
            lines.append(f"| {measurement} | not measured yet (benchmarks/{script}) | | | {goal} | |")
    return lines


def main() -> int:
    started = time.perf_counter()
    records = [run(script) for script in scripts()]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmarks",
        "",
        f"Measured {now} by `make bench` (benchmarks/run_all.py) in one run, {time.perf_counter() - started:.0f} s in all.",
        "",
        f"- machine: {machine()}",
        f"- provider / model: {provider()}",
        "- figures are medians of alternating runs (ours, then the baseline, then the other way round);",
        "  on a shared 2-core machine they move with the load, so compare ratios more than absolutes.",
        "",
        *table(records),
        "",
        "## Raw results",
        "",
        "```json",
        *[json.dumps({k: v for k, v in r.items() if k != "rows"}, ensure_ascii=False) for r in records],
        "```",
        "",
    ]
    (HERE / "results.md").write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {HERE / 'results.md'}", file=sys.stderr)
    return 0 if all("error" not in r for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
