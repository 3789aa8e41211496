"""The eval runner: `coffeechat eval SUITE` loads evals/<suite>/cases.jsonl, runs each case
through evals/<suite>/suite.py, grades it, writes evals/results/ and prints a table.

A suite module defines `run(case) -> output`, `grade(case, output) -> dict of metrics`
(numbers or booleans), and optionally `summarize(rows) -> dict` for suite-level figures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

from coffeechat.config import get_settings
from coffeechat.errors import InputError


def evals_dir() -> Path:
    for candidate in (Path.cwd() / "evals", Path(__file__).resolve().parents[2] / "evals"):
        if candidate.is_dir():
            return candidate
    raise InputError("no evals/ folder here: run `coffeechat eval` from the coffeechat checkout")


def suites() -> list[str]:
    return sorted(p.name for p in evals_dir().iterdir() if (p / "cases.jsonl").is_file())


def _load_module(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"coffeechat_eval_{folder.name}", folder / "suite.py")
    if spec is None or spec.loader is None:
        raise InputError(f"evals/{folder.name}/suite.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases(folder: Path) -> list[dict]:
    cases = []
    for number, line in enumerate((folder / "cases.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"evals/{folder.name}/cases.jsonl line {number} is not JSON: {exc.msg}") from None
    return cases


@dataclass
class EvalReport:
    suite: str
    provider: str
    model: str
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    seconds: float = 0.0

    def as_json(self) -> dict:
        return {"suite": self.suite, "provider": self.provider, "model": self.model, "cases": len(self.rows), "seconds": round(self.seconds, 1), "summary": self.summary, "rows": self.rows}

    def table(self) -> str:
        lines = [f"suite {self.suite}: {len(self.rows)} cases, {self.seconds:.1f}s, {self.provider} / {self.model}"]
        width = max((len(k) for k in self.summary), default=10)
        for key, value in self.summary.items():
            shown = f"{value:.3f}" if isinstance(value, float) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)
            lines.append(f"  {key:<{width}}  {shown}")
        return "\n".join(lines)


def default_summary(rows: list[dict]) -> dict:
    """The mean of every numeric or boolean metric across cases."""
    summary: dict = {}
    keys = {k for row in rows for k, v in row.get("metrics", {}).items() if isinstance(v, (int, float, bool))}
    for key in sorted(keys):
        values = [float(row["metrics"][key]) for row in rows if key in row.get("metrics", {})]
        summary[key] = sum(values) / len(values) if values else 0.0
    return summary


def run_suite(name: str, limit: int | None = None) -> EvalReport:
    known = suites()
    if name not in known:  # a name, never a path
        shown = name if len(name) <= 60 else name[:60] + "..."
        raise InputError(f"unknown eval suite {shown!r}: choose from {', '.join(known) or 'none'}")
    folder = evals_dir() / name
    module = _load_module(folder)
    cases = load_cases(folder)[:limit] if limit else load_cases(folder)
    settings = get_settings()
    report = EvalReport(suite=name, provider=settings.provider, model=settings.model_name)
    started = time.perf_counter()
    for number, case in enumerate(cases, 1):
        sys.stderr.write(f"\r{name}: case {number}/{len(cases)}")
        sys.stderr.flush()
        case_started = time.perf_counter()
        output = module.run(case)
        seconds = time.perf_counter() - case_started
        metrics = module.grade(case, output)
        report.rows.append({"id": case.get("id", number), "split": case.get("split", ""), "seconds": round(seconds, 2), "metrics": metrics, "output": output})
    sys.stderr.write("\n")
    report.seconds = time.perf_counter() - started
    summarize = getattr(module, "summarize", None)
    report.summary = summarize(report.rows) if summarize else default_summary(report.rows)
    report.summary.setdefault("seconds_per_case", report.seconds / max(len(cases), 1))
    results = folder.parent / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    (results / f"{name}-{stamp}.json").write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return report
