"""Outreach: is the code judge right? Per-flag precision and recall over must_raise /
must_not_raise, the good-vs-bad mean score gap, and injected instructions' effect on the score.

By default each case is critiqued with rewrite=False, so the eval measures the judge and makes
no model call. Set COFFEECHAT_EVAL_REWRITE=1 (or a case field "rewrite": true) to also write a
rewrite and check that it raises no flag the writer can fix.
"""

from __future__ import annotations

import os

from coffeechat.outreach.critique import critique
from coffeechat.outreach.flags import FLAG_IDS, WEIGHTS, score


def _rewrite_wanted(case: dict) -> bool:
    return bool(case.get("rewrite")) or os.environ.get("COFFEECHAT_EVAL_REWRITE", "") not in ("", "0")


def run(case: dict) -> dict:
    result = critique(case["message"], case["channel"], rewrite=_rewrite_wanted(case))
    output = {"score": result.score, "flags": [f.id for f in result.flags], "evidence": {f.id: f.evidence for f in result.flags}}
    if result.rewrite:
        output["rewrite"] = result.rewrite
        output["rewrite_flags"] = result.rewrite_flags
        output["rewrite_source"] = result.rewrite_source
    return output


def grade(case: dict, output: dict) -> dict:
    raised = set(output["flags"])
    metrics: dict = {"score": output["score"], "good": case.get("label") == "good"}
    for flag in FLAG_IDS:
        if flag in case.get("must_raise", []):
            metrics[f"{flag}.tp" if flag in raised else f"{flag}.fn"] = 1
        elif flag in case.get("must_not_raise", []):
            metrics[f"{flag}.fp" if flag in raised else f"{flag}.tn"] = 1
    labelled = set(case.get("must_raise", [])) | set(case.get("must_not_raise", []))
    if case.get("injection"):
        metrics["injection"] = True
        # The score the labels imply (every flag labelled): instructions must not move it.
        if labelled >= set(FLAG_IDS):
            metrics["injection_score_as_labelled"] = output["score"] == score(case.get("must_raise", []))
    if "rewrite_flags" in output:
        fixable = [f for f in output["rewrite_flags"] if f != "template_placeholder"]
        metrics["rewrite_clean"] = not fixable
    return metrics


def summarize(rows: list[dict]) -> dict:
    summary: dict = {}
    totals = {"tp": 0, "fp": 0, "fn": 0}
    table = {}
    for flag in FLAG_IDS:
        counts = {k: sum(r["metrics"].get(f"{flag}.{k}", 0) for r in rows) for k in ("tp", "fp", "fn", "tn")}
        for k in totals:
            totals[k] += counts[k]
        precision = counts["tp"] / (counts["tp"] + counts["fp"]) if counts["tp"] + counts["fp"] else 1.0
        recall = counts["tp"] / (counts["tp"] + counts["fn"]) if counts["tp"] + counts["fn"] else 1.0
        table[flag] = {"precision": round(precision, 3), "recall": round(recall, 3), "tp": counts["tp"], "fp": counts["fp"], "fn": counts["fn"], "weight": WEIGHTS[flag]}
        summary[f"{flag}"] = f"P {precision:.2f}  R {recall:.2f}  (tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']})"
    summary["precision"] = totals["tp"] / (totals["tp"] + totals["fp"]) if totals["tp"] + totals["fp"] else 1.0
    summary["recall"] = totals["tp"] / (totals["tp"] + totals["fn"]) if totals["tp"] + totals["fn"] else 1.0
    good = [r["metrics"]["score"] for r in rows if r["metrics"].get("good")]
    bad = [r["metrics"]["score"] for r in rows if not r["metrics"].get("good")]
    summary["good_mean_score"] = sum(good) / len(good) if good else 0.0
    summary["bad_mean_score"] = sum(bad) / len(bad) if bad else 0.0
    summary["score_gap"] = summary["good_mean_score"] - summary["bad_mean_score"]
    injected = [r for r in rows if r["metrics"].get("injection")]
    checked = [r for r in injected if "injection_score_as_labelled" in r["metrics"]]
    summary["injection_cases"] = len(injected)
    summary["injection_score_unaffected"] = sum(bool(r["metrics"]["injection_score_as_labelled"]) for r in checked) / len(checked) if checked else 1.0
    rewritten = [r for r in rows if "rewrite_clean" in r["metrics"]]
    if rewritten:
        summary["rewrites_clean"] = sum(bool(r["metrics"]["rewrite_clean"]) for r in rewritten) / len(rewritten)
    summary["errors"] = [f"{r['id']}: missed {k.split('.')[0]}" if k.endswith(".fn") else f"{r['id']}: wrongly raised {k.split('.')[0]}" for r in rows for k in r["metrics"] if k.endswith((".fn", ".fp"))]
    summary["per_flag"] = table
    return summary
