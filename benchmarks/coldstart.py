"""Cold starts and memory.

- app cold start to first page: `coffeechat app` launched as a new process until GET / answers
  (goal <= 6 s); baseline: a hello-world gr.Blocks app launched the same way (gradio's own floor).
- `coffeechat search` cold process with an indexed store (goal <= 3 s); baseline: a process that
  only imports chromadb, onnxruntime and tokenizers (the floor of any search).
- peak memory (VmHWM, summed over the app's process tree) after one rehearsal turn on the embedded
  model (goal <= 1.5 GB); baseline: the same process's peak at its first page, before the model.

Medians of RUNS fresh processes each, alternating with the baseline.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, median, quiet_stdout  # noqa: E402
from load import start_app  # noqa: E402

from coffeechat.testing import ServerFailed, app_env, free_port, start_server, stop_server, write_fixture_knowledge  # noqa: E402

RUNS = 3
GOAL_APP_S, GOAL_SEARCH_S, GOAL_MEMORY_GB = 6.0, 3.0, 1.5
HELLO = """
import sys, gradio as gr
with gr.Blocks(analytics_enabled=False) as app:
    gr.Markdown("hello")
app.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), quiet=True, ssr_mode=False)
"""
FLOOR = "import chromadb, onnxruntime, tokenizers"
def hello_start(folder: Path) -> float:
    script = folder / "hello_app.py"
    script.write_text(HELLO)
    port = free_port()
    try:
        process, seconds = start_server([sys.executable, str(script), str(port)], f"http://127.0.0.1:{port}/", folder / "hello.log", env=app_env(folder))
    except ServerFailed:
        return float("nan")
    stop_server(process)
    return seconds


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[2:5]} exited {done.returncode}: {done.stderr[-300:]}")
    return seconds


def tree_peak_kib(pid: int) -> int:
    """VmHWM of the process and its descendants (kB)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total


def one_turn(url: str) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict("actuary", "", "mid", "warm", "what the work is like", "", api_name="/do_start")
    client.predict([], "What does a typical week in your work actually look like?", api_name="/do_send")


def main() -> None:
    emit = quiet_stdout()
    data = isolated_data_dir("coldstart")
    scratch = Path(tempfile.mkdtemp(dir=data))

    # search needs an indexed store: a small corpus keeps this out of the measurement
    from coffeechat.config import get_settings
    from coffeechat.kb.index import index_knowledge

    index_knowledge(get_settings(), root=write_fixture_knowledge(scratch))
    from coffeechat.kb import store

    store.reset_clients()  # let the cold processes open the store alone
    env = app_env(data)
    search = [sys.executable, "-m", "coffeechat.cli", "search", "what should I write down", "--k", "3", "--json"]
    floor = [sys.executable, "-c", FLOOR]
    timed(floor, env)  # the page cache, not the first run's disk reads
    searches, floors = [], []
    for run in range(RUNS):
        pair = [("ours", search, searches), ("floor", floor, floors)]
        for name, argv, into in pair if run % 2 == 0 else reversed(pair):
            into.append(timed(argv, env))
            log(f"search cold run {run + 1} {name}: {into[-1]:.2f} s")

    apps, hellos, first_page_kib, turn_kib = [], [], [], 0
    for run in range(RUNS):
        order = ("ours", "hello") if run % 2 == 0 else ("hello", "ours")
        for name in order:
            if name == "hello":
                hellos.append(hello_start(scratch))
                log(f"app cold run {run + 1} hello-world gradio: {hellos[-1]:.2f} s")
                continue
            app_data = Path(tempfile.mkdtemp(dir=data))
            process, url, seconds = start_app(data if run == RUNS - 1 else app_data, app_data / "app.log")
            apps.append(seconds)
            log(f"app cold run {run + 1} coffeechat: {seconds:.2f} s")
            try:
                first_page_kib.append(tree_peak_kib(process.pid))
                if run == RUNS - 1:  # the store indexed above: one rehearsal turn, then the peak
                    one_turn(url)
                    turn_kib = tree_peak_kib(process.pid)
                    log(f"peak memory after a rehearsal turn: {turn_kib / 1024:.0f} MB")
            finally:
                stop_server(process)

    app_s, hello_s = median(apps), median(hellos)
    search_s, floor_s = median(searches), median(floors)
    peak_gb, page_gb = turn_kib / 1024 / 1024, median(first_page_kib) / 1024 / 1024
    emit(
        {
            "benchmark": "coldstart",
            "runs": RUNS,
            "app_start_s": [round(x, 2) for x in apps],
            "hello_gradio_s": [round(x, 2) for x in hellos],
            "search_s": [round(x, 2) for x in searches],
            "import_floor_s": [round(x, 2) for x in floors],
            "peak_after_turn_mb": round(turn_kib / 1024),
            "peak_first_page_mb": round(page_gb * 1024),
            "rows": [
                {"measurement": "app cold start to first page", "ours": f"{app_s:.2f} s", "baseline": f"{hello_s:.2f} s (hello-world gr.Blocks, same launch)", "ratio": f"{app_s / hello_s:.2f}x", "goal": f"<= {GOAL_APP_S:g} s", "met": app_s <= GOAL_APP_S},
                {"measurement": "`coffeechat search` cold process", "ours": f"{search_s:.2f} s", "baseline": f"{floor_s:.2f} s (python -c '{FLOOR}')", "ratio": f"{search_s / floor_s:.2f}x", "goal": f"<= {GOAL_SEARCH_S:g} s", "met": search_s <= GOAL_SEARCH_S},
                {"measurement": "peak memory of the app with the embedded model (after a rehearsal turn)", "ours": f"{peak_gb:.2f} GB", "baseline": f"{page_gb:.2f} GB (same app at first page, model not loaded)", "ratio": f"{peak_gb / page_gb:.2f}x" if page_gb else "", "goal": f"<= {GOAL_MEMORY_GB:g} GB", "met": 0 < peak_gb <= GOAL_MEMORY_GB},
            ],
        }
    )


if __name__ == "__main__":
    main()
