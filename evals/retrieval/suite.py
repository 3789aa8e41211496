"""Retrieval: do the top 5 knowledge chunks for a user's question come from the pages that answer it?

Each case is {"id", "split", "query", "relevant": [repo-relative page paths]}, labelled by a
person reading the pages. `tune` cases were looked at while building the chunker and the
retriever; `heldout` cases (new phrasings, and roles, industries and guide questions the tune
part does not ask about) were written afterwards and are only run to report. Metrics per case:
hit@5 (any relevant page in the top 5), recall@5 (the fraction of relevant pages found),
reciprocal rank of the first relevant page. Summary per split: recall@5 as the hit rate (the
goal, >= 0.9), mean fractional recall@5, MRR and the misses.
"""

from __future__ import annotations

from coffeechat.kb.retrieval import retrieve

K = 5


def run(case: dict) -> dict:
    results = retrieve(case["query"], k=K, collections=("knowledge",))
    return {"sources": [r.source for r in results], "scores": [round(r.score, 4) for r in results]}


def grade(case: dict, output: dict) -> dict:
    relevant = set(case["relevant"])
    sources = output["sources"][:K]
    found = relevant.intersection(sources)
    rank = next((i for i, source in enumerate(sources, 1) if source in relevant), None)
    return {
        "hit_at_5": bool(found),
        "recall_at_5": len(found) / len(relevant),
        "reciprocal_rank": 1.0 / rank if rank else 0.0,
    }


def _part(rows: list[dict]) -> dict:
    n = max(len(rows), 1)
    return {
        "cases": len(rows),
        "recall@5": round(sum(row["metrics"]["hit_at_5"] for row in rows) / n, 3),
        "recall@5_fraction": round(sum(row["metrics"]["recall_at_5"] for row in rows) / n, 3),
        "mrr": round(sum(row["metrics"]["reciprocal_rank"] for row in rows) / n, 3),
        "misses": [row["id"] for row in rows if not row["metrics"]["hit_at_5"]],
    }


def summarize(rows: list[dict]) -> dict:
    return {split: _part([r for r in rows if r.get("split") == split]) for split in ("tune", "heldout")}
