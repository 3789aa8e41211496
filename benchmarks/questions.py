"""Questions speed (issue 15: 10 questions within 8 s on an idle machine with the embedded model;
the chain drafting every question with the model took about 30 s).

- ours: `generate_questions` for 10 questions, built in code from authored material; with the
  bundled model no call is made (its follow-ups failed the checks, questions/drafting.py).
- ours, tailored: the same with the embedded model passed in, so every question the user leads
  (goals, bio) gets a model-written follow-up, checked, the calls in parallel across the
  server's slots (COFFEECHAT_N_PARALLEL): what a user with a bigger GGUF runs.
- baseline: the chain as of commit BASELINE_COMMIT (every question drafted by the model, checked
  and redrafted), loaded from git into a scratch package, same request, same process and server.
- cold process: `coffeechat questions ... --json` from process start, ours against the same
  request through the baseline chain in a fresh `python -c` process.

Warm runs alternate ours / tailored / baseline, medians of up to RUNS, fewer when BUDGET_S is spent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolated_data_dir, log, median, quiet_stdout  # noqa: E402

BASELINE_COMMIT = "7784a57"  # the questions package before issue 15
BASELINE_FILES = ("__init__", "checks", "context", "drafting", "models")
BASELINE_PROMPTS = ("questions_draft", "questions_adapt")
REQUESTS = [
    {"role": "public defender", "goals": ["how they cope with caseload", "whether to do a clerkship first"], "n": 10},
    {"role": "ICU nurse", "company": "a regional hospital network", "goals": ["what the first year in critical care is really like", "how to get hired into an ICU as a new graduate"],
     "bio": "Dana Whitfield has spent nine years in a 24-bed medical ICU and now precepts new graduates. She co-led a unit project that cut central-line infections by redesigning the dressing-change checklist.", "n": 10},
]
RUNS = 3
BUDGET_S = float(os.environ.get("QUESTIONS_BUDGET_S", "420"))  # no new run starts after this (at least one runs)
GOAL_S = 8.0


def baseline_package() -> Path:
    """The pre-issue-15 questions package as `questions_baseline` in a scratch folder."""
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-bench-questions-"))
    package = folder / "questions_baseline"
    package.mkdir()
    for name in BASELINE_FILES:
        source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:src/coffeechat/questions/{name}.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        source = source.replace("coffeechat.questions.", "questions_baseline.").replace("from coffeechat.prompts import render", "from questions_baseline.prompts import render")
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    curated = folder / "curated"  # its templates, where its context.py looks (beside the package)
    curated.mkdir()
    (curated / "questions_templates.yaml").write_text(subprocess.run(["git", "show", f"{BASELINE_COMMIT}:src/coffeechat/curated/questions_templates.yaml"], cwd=ROOT, capture_output=True, text=True, check=True).stdout, encoding="utf-8")
    prompts = {name: subprocess.run(["git", "show", f"{BASELINE_COMMIT}:prompts/{name}.md"], cwd=ROOT, capture_output=True, text=True, check=True).stdout for name in BASELINE_PROMPTS}
    (package / "prompts.py").write_text(
        "import yaml\nfrom coffeechat.prompts import Prompt\nTEXTS = " + repr(prompts) + "\n"
        "def render(name, **values):\n"
        "    header, body = TEXTS[name][4:].split('\\n---\\n', 1)\n"
        "    return Prompt(name, tuple((yaml.safe_load(header) or {}).get('variables', [])), body).render(**values)\n",
        encoding="utf-8",
    )
    return folder


def fmt(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def cold_ours(request: dict, env: dict) -> float:
    argv = [sys.executable, "-m", "coffeechat.cli", "questions", "--role", request["role"], "--n", str(request["n"]), "--json"]
    for goal in request.get("goals", []):
        argv += ["--goal", goal]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or len(json.loads(done.stdout)["questions"]) != request["n"]:
        raise RuntimeError(f"coffeechat questions failed: {done.stderr.strip().splitlines()[-1:]}")
    return seconds


def cold_baseline(request: dict, env: dict, folder: Path) -> float:
    code = (f"import sys; sys.path.insert(0, {str(folder)!r})\n"
            "from questions_baseline.drafting import generate_questions\nfrom questions_baseline.models import QuestionRequest\n"
            f"r = generate_questions(QuestionRequest.from_user(role={request['role']!r}, goals={request.get('goals', [])!r}, n={request['n']}))\n"
            f"assert len(r.questions) == {request['n']}\n"
            "from coffeechat.llm import stop_embedded_server; stop_embedded_server()\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"baseline process failed: {done.stderr.strip().splitlines()[-1:]}")
    return seconds


def main() -> None:
    emit = quiet_stdout()
    data_dir = isolated_data_dir("questions")
    folder = baseline_package()
    sys.path.insert(0, str(folder))
    from coffeechat.config import get_settings
    from coffeechat.llm import chat_model, embedded_server
    from coffeechat.questions.drafting import FOLLOW_UP_MAX_TOKENS, FOLLOW_UP_TEMPERATURE, generate_questions
    from coffeechat.questions.models import QuestionRequest
    from questions_baseline import drafting as baseline_drafting
    from questions_baseline.models import QuestionRequest as BaselineRequest

    settings = get_settings()
    embedded_server(settings)  # process start and model load are not what the warm rows measure
    tailoring_model = chat_model(settings, max_tokens=FOLLOW_UP_MAX_TOKENS, temperature=FOLLOW_UP_TEMPERATURE)
    generate_questions(QuestionRequest.from_user(role="actuary", n=3))  # imports, embedder, role-name vectors
    baseline_drafting.generate_questions(BaselineRequest.from_user(role="actuary", n=1))  # its index and first connection
    started = time.perf_counter()
    rows: dict[str, list[float]] = {"ours": [], "tailored": [], "baseline": []}
    tailored_counts: list[int] = []
    for run in range(RUNS):
        if run and time.perf_counter() - started > BUDGET_S:
            log(f"time budget spent after {run} runs")
            break
        order = ("ours", "tailored", "baseline") if run % 2 == 0 else ("baseline", "tailored", "ours")
        for kind in order:
            for request in REQUESTS:
                t = time.perf_counter()
                if kind == "baseline":
                    result = baseline_drafting.generate_questions(BaselineRequest.from_user(**request))
                elif kind == "tailored":
                    result = generate_questions(QuestionRequest.from_user(**request), model=tailoring_model)
                    tailored_counts.append(result.tailored)
                else:
                    result = generate_questions(QuestionRequest.from_user(**request))
                seconds = time.perf_counter() - t
                assert len(result.questions) == request["n"]
                rows[kind].append(seconds)
                log(f"run {run + 1} {kind} {request['role']}: {seconds:.2f} s, {result.model_calls} model calls")
    from coffeechat.llm import stop_embedded_server

    stop_embedded_server()  # the cold processes start their own
    from coffeechat.testing import app_env

    env = app_env(data_dir)
    cold = {"ours": [cold_ours(REQUESTS[0], env) for _ in range(2)], "baseline": [cold_baseline(REQUESTS[0], env, folder) for _ in range(1)]}
    for kind, values in cold.items():
        log(f"cold {kind}: {', '.join(f'{v:.2f} s' for v in values)}")

    ours, tailored, base = (median(rows[k]) if rows[k] else None for k in ("ours", "tailored", "baseline"))
    cold_o, cold_b = median(cold["ours"]), median(cold["baseline"])

    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else ""

    emit({
        "benchmark": "questions",
        "provider": settings.provider,
        "model": settings.model_name,
        "n_parallel": settings.n_parallel,
        "runs": len(rows["ours"]) // len(REQUESTS),
        "seconds": {k: [round(v, 2) for v in vs] for k, vs in rows.items()},
        "cold_seconds": {k: [round(v, 2) for v in vs] for k, vs in cold.items()},
        "tailored_follow_ups_accepted": tailored_counts,
        "rows": [
            {"measurement": "10 questions, warm process (as the app): public defender, ICU nurse with bio", "ours": fmt(ours),
             "baseline": f"{fmt(base)} (commit {BASELINE_COMMIT}: every question drafted by the model)", "ratio": ratio(ours, base), "goal": f"<= {GOAL_S:.0f} s", "met": ours is not None and ours <= GOAL_S},
            {"measurement": f"10 questions, follow-ups tailored by the embedded model ({settings.n_parallel} slots in parallel)", "ours": fmt(tailored),
             "baseline": f"{fmt(base)} (commit {BASELINE_COMMIT})", "ratio": ratio(tailored, base), "goal": f"<= {GOAL_S:.0f} s", "met": tailored is not None and tailored <= GOAL_S},
            {"measurement": "`coffeechat questions` cold process, 10 questions (public defender, 2 goals)", "ours": fmt(cold_o),
             "baseline": f"{fmt(cold_b)} (commit {BASELINE_COMMIT} chain in a fresh process)", "ratio": ratio(cold_o, cold_b), "goal": f"<= {GOAL_S:.0f} s", "met": cold_o <= GOAL_S},
        ],
    })


if __name__ == "__main__":
    main()
