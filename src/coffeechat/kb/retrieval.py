"""Retrieval over the knowledge and notes collections.

`retrieve()` merges both collections by score, keeps at most `per_source` chunks per page
(so the top k are not five chunks of one page) and, when a role is named, ranks that
role's profile (or the nearest role's) first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from coffeechat import limits
from coffeechat.config import Settings, get_settings
from coffeechat.errors import InputError
from coffeechat.kb import store
from coffeechat.kb.index import ensure_indexed

MAX_QUERY_CHARS = limits.QUERY_CHARS
CANDIDATES_PER_RESULT = 4  # chunks fetched per result wanted, so per-page dedup still fills k


@dataclass(frozen=True)
class Retrieved:
    text: str
    source: str
    topic: str
    role: str
    score: float
    collection: str
    title: str = ""
    section: str = ""

    def as_json(self) -> dict:
        return {"text": self.text, "source": self.source, "topic": self.topic, "role": self.role, "score": round(self.score, 4), "collection": self.collection, "title": self.title}


def _embed(text: str, settings: Settings):
    """The query's vector, from the same embedder the collections use (computed once per query)."""
    from coffeechat import embeddings

    return embeddings.default_embedder(settings)([text])[0]


def _query(collection_name: str, vector, n: int, where: dict | None, settings: Settings) -> list[Retrieved]:
    """The n nearest chunks of one collection (fewer when it holds fewer; none when empty)."""
    collection = store.collection(collection_name, settings)
    result = collection.query(query_embeddings=[vector], n_results=n, where=where or None, include=["documents", "metadatas", "distances"])
    found = []
    for text, meta, distance in zip(result["documents"][0], result["metadatas"][0], result["distances"][0]):
        meta = meta or {}
        found.append(
            Retrieved(
                text=text,
                source=str(meta.get("source", "")),
                topic=str(meta.get("topic", "")),
                role=str(meta.get("role", "")),
                score=1.0 - float(distance),
                collection=collection_name,
                title=str(meta.get("title", "")),
                section=str(meta.get("section", "")),
            )
        )
    return found


def diversify(candidates: Iterable[Retrieved], k: int, per_source: int = 1) -> list[Retrieved]:
    """The best k, with at most per_source chunks from any one page or note."""
    taken: dict[str, int] = {}
    chosen: list[Retrieved] = []
    for item in sorted(candidates, key=lambda r: r.score, reverse=True):
        if taken.get(item.source, 0) >= per_source:
            continue
        taken[item.source] = taken.get(item.source, 0) + 1
        chosen.append(item)
        if len(chosen) == k:
            break
    return chosen


def retrieve(
    query: str,
    k: int = 5,
    collections: Iterable[str] = ("knowledge", "notes"),
    filters: dict | None = None,
    role: str | None = None,
    per_source: int = 1,
    settings: Settings | None = None,
) -> list[Retrieved]:
    """The k chunks that best answer query, best first.

    filters: a Chroma metadata filter (e.g. {"topic": "outreach"}). role: a role name;
    its profile (exact, alias, or nearest) is ranked first. Raises InputError on a
    blank or oversized query or a bad k.
    """
    settings = settings or get_settings()
    query = (query or "").strip()
    if not query:
        raise InputError("the search query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the search query is too long ({len(query):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    if not 1 <= k <= 50:
        raise InputError("k must be between 1 and 50")
    ensure_indexed(settings)
    vector = _embed(query, settings)
    candidates: list[Retrieved] = []
    for name in collections:
        candidates.extend(_query(name, vector, k * CANDIDATES_PER_RESULT + 4, filters, settings))
    chosen = diversify(candidates, k, per_source)
    if role:
        from coffeechat.kb.roles import find_role

        profile = find_role(role, settings)
        if profile:
            best = _query("knowledge", _embed(f"{profile.role}: {query}", settings), 1, {"source": profile.source}, settings)
            if best:
                pinned = best[0]
                chosen = [pinned] + [r for r in chosen if r.source != pinned.source]
                chosen = chosen[:k]
    return chosen
