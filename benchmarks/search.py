"""Query latency: coffeechat.retrieval.retrieve vs LangChain's Chroma wrapper (langchain_chroma.Chroma
with an Embeddings adapter around the same embedder) on the same collection, at the shipped corpus
size, then padded with synthetic chunks to 10k and 50k.

Synthetic chunks: three generated sentences each; a pool of sentences is embedded once and each
chunk's vector is the normalised mean of its sentences' vectors, added with precomputed
embeddings (embedding 50k texts would take minutes on 2 cores). Queries are the retrieval eval's
real user queries, alternating ours/LangChain; p50/p95 over them. Goal: p50 <= 20 ms at 10k.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import eval_queries, isolated_data_dir, log, percentile, quiet_stdout  # noqa: E402

SIZES = (0, 10_000, 50_000)  # 0: the shipped corpus as is
POOL = 600  # distinct synthetic sentences embedded once
ADD_BATCH = 4_000
WARMUP = 5
GOAL_MS = 20.0


def sentence_pool(n: int, rng: random.Random) -> list[str]:
    people = ["the analyst", "a junior planner", "our charge nurse", "the site manager", "a new associate", "the lab lead", "an apprentice", "the head chef", "a program officer", "the product team", "a staff engineer", "the quality lead", "a grants manager", "the shift supervisor", "a field technician"]
    verbs = ["reviews", "rebuilds", "documents", "negotiates", "schedules", "audits", "forecasts", "presents", "tests", "reconciles", "drafts", "inspects", "escalates", "trains staff on", "prioritises"]
    things = ["the quarterly budget", "supplier contracts", "patient handoffs", "zoning applications", "the release checklist", "survey results", "safety procedures", "the grant report", "customer complaints", "the data pipeline", "menu costing", "inspection findings", "hiring plans", "the risk register", "training materials", "energy usage data"]
    tails = ["before the monthly deadline.", "with two other teams.", "when the numbers look wrong.", "after every incident.", "for the regional office.", "under new regulations.", "using a shared spreadsheet.", "while covering a colleague.", "at the start of each week.", "to keep the client informed."]
    made = {f"{rng.choice(people).capitalize()} {rng.choice(verbs)} {rng.choice(things)} {rng.choice(tails)}" for _ in range(n * 3)}
    return sorted(made)[:n]


def synthetic_batch(start: int, count: int, pool: list[str], vectors, rng: random.Random):
    import numpy as np

    ids, texts, embeddings, metas = [], [], [], []
    for i in range(start, start + count):
        picks = rng.sample(range(len(pool)), 3)
        vector = vectors[picks].mean(axis=0)
        embeddings.append(vector / np.linalg.norm(vector))
        texts.append(" ".join(pool[p] for p in picks))
        ids.append(f"synthetic-{i}")
        metas.append({"source": f"synthetic/{i // 10}.md", "title": f"Synthetic {i // 10}", "topic": "notes", "role": "", "industry": "", "kind": "synthetic", "section": ""})
    return ids, texts, embeddings, metas


def langchain_store(settings):
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

    from coffeechat.kb import store
    from coffeechat.embeddings import default_embedder

    embedder = default_embedder(settings)

    class SameEmbedder(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(map(float, v)) for v in embedder(texts)]

        def embed_query(self, text: str) -> list[float]:
            return list(map(float, embedder([text])[0]))

    return Chroma(client=store.client(settings), collection_name="knowledge", embedding_function=SameEmbedder())


def measure(queries: list[str], settings, lc) -> dict[str, list[float]]:
    from coffeechat.kb.retrieval import retrieve

    paths = {
        "ours": lambda q: retrieve(q, k=5, collections=("knowledge",), settings=settings),
        "langchain": lambda q: lc.similarity_search(q, k=5),
    }
    for q in queries[:WARMUP]:
        for run in paths.values():
            run(q)
    times: dict[str, list[float]] = {"ours": [], "langchain": []}
    for i, q in enumerate(queries):
        for name in ("ours", "langchain") if i % 2 == 0 else ("langchain", "ours"):
            started = time.perf_counter()
            paths[name](q)
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    emit = quiet_stdout()
    isolated_data_dir("search")
    import numpy as np

    from coffeechat.kb import store
    from coffeechat.config import get_settings
    from coffeechat.embeddings import default_embedder
    from coffeechat.kb.index import index_knowledge

    started_all = time.perf_counter()
    settings = get_settings()
    corpus = index_knowledge(settings)
    log(f"corpus: {corpus.line()}")
    collection = store.collection("knowledge", settings)
    lc = langchain_store(settings)
    queries = eval_queries()
    rng = random.Random(7)
    pool = sentence_pool(POOL, rng)
    started = time.perf_counter()
    vectors = np.asarray(default_embedder(settings)(pool))
    log(f"embedded {len(pool)} synthetic sentences in {time.perf_counter() - started:.1f}s")
    results, rows = [], []
    for size in SIZES:
        target = max(size, corpus.chunks)
        have = collection.count()
        started = time.perf_counter()
        while have < target:
            count = min(ADD_BATCH, target - have)
            ids, texts, embeddings, metas = synthetic_batch(have, count, pool, vectors, rng)
            collection.add(ids=ids, documents=texts, embeddings=embeddings, metadatas=metas)
            have += count
        if size:
            log(f"padded to {collection.count()} chunks in {time.perf_counter() - started:.1f}s")
        times = measure(queries, settings, lc)
        figures = {name: {"p50_ms": round(percentile(t, 50), 2), "p95_ms": round(percentile(t, 95), 2)} for name, t in times.items()}
        ratio = figures["ours"]["p50_ms"] / figures["langchain"]["p50_ms"]
        label = "corpus" if not size else f"{size // 1000}k"
        log(f"{label} ({collection.count()} chunks): ours p50 {figures['ours']['p50_ms']} ms p95 {figures['ours']['p95_ms']} ms; langchain p50 {figures['langchain']['p50_ms']} ms p95 {figures['langchain']['p95_ms']} ms")
        results.append({"size": label, "chunks": collection.count(), "queries": len(queries), **figures, "p50_ratio": round(ratio, 2)})
        goal = f"p50 <= {GOAL_MS:g} ms" if size == 10_000 else ""
        met = figures["ours"]["p50_ms"] <= GOAL_MS if size == 10_000 else None
        rows.append({"measurement": f"search p50 / p95, {label} ({collection.count():,} chunks)", "ours": f"{figures['ours']['p50_ms']:.1f} / {figures['ours']['p95_ms']:.1f} ms", "baseline": f"{figures['langchain']['p50_ms']:.1f} / {figures['langchain']['p95_ms']:.1f} ms (langchain_chroma.Chroma)", "ratio": f"{ratio:.2f}x", "goal": goal, "met": met})
    at_10k = next(r for r in results if r["size"] == "10k")
    emit(
        {
            "benchmark": "search",
            "k": 5,
            "sizes": results,
            "synthetic": f"{POOL} sentences embedded once; chunk vector = normalised mean of 3",
            "seconds": round(time.perf_counter() - started_all, 1),
            "goal": f"ours p50 <= {GOAL_MS:g} ms at 10k",
            "met": at_10k["ours"]["p50_ms"] <= GOAL_MS,
            "rows": rows,
        }
    )


if __name__ == "__main__":
    main()
