"""The shipped knowledge vectors against the real embedder: each stored vector is what the
model gives for that chunk today, and a first index of the shipped knowledge loads them.

The file is read here with numpy and hashlib directly (its documented layout), not through
kb/vectors.py, so a bug there cannot hide itself. A random sample is compared (embedding all
~2,000 chunks takes minutes on two cores); `python -m coffeechat.kb.ship --check` compares
every one.
"""

from __future__ import annotations

import hashlib
import random

import numpy as np

from coffeechat.config import get_settings
from coffeechat.embeddings import default_embedder
from coffeechat.kb.chunks import CHUNK_TOKENS, chunk_page
from coffeechat.kb.pages import load_pages
from coffeechat.prompts import resource_dir

SAMPLE = 256  # chunks re-embedded per run: ~10 s here; a model or tokenizer change moves every vector
SAME_VECTOR_COSINE = 0.9999  # the bar for "the same vector"
FIX = "run `make vectors` and commit knowledge/.vectors/"


def shipped_file():
    embedder = default_embedder()
    path = resource_dir("knowledge") / ".vectors" / f"{embedder.name()}.npz"
    assert path.is_file(), f"no shipped vectors at {path}: {FIX}"
    with np.load(path, allow_pickle=False) as data:
        rows = {bytes(h): i for i, h in enumerate(data["hashes"])}
        return embedder, rows, data["vectors"].astype(np.float32), str(data["embedder"])


def test_shipped_vectors_are_fresh_embeddings_of_every_chunk():
    embedder, rows, stored, name = shipped_file()
    assert name == embedder.name()
    pages, _ = load_pages()
    chunks = [chunk for page in pages for chunk in chunk_page(page, CHUNK_TOKENS)]
    key = {chunk.id: hashlib.sha256(chunk.text.encode()).digest()[:16] for chunk in chunks}
    lacking = sorted({chunk.metadata["source"] for chunk in chunks if key[chunk.id] not in rows})
    assert not lacking, f"chunks of {len(lacking)} pages have no shipped vector ({', '.join(lacking[:5])}): {FIX}"

    seed = random.randrange(1 << 30)
    sample = random.Random(seed).sample(chunks, min(SAMPLE, len(chunks)))
    fresh = np.asarray(embedder([chunk.text for chunk in sample]), dtype=np.float32)
    kept = stored[[rows[key[chunk.id]] for chunk in sample]]
    cosines = (fresh * kept).sum(axis=1) / (np.linalg.norm(fresh, axis=1) * np.linalg.norm(kept, axis=1))
    worst = int(cosines.argmin())
    assert cosines[worst] >= SAME_VECTOR_COSINE, (
        f"a shipped vector differs from a fresh embedding (cosine {cosines[worst]:.6f}, {sample[worst].metadata['source']}, seed {seed}): {FIX}"
    )


def test_shipped_lookup_vectors_are_fresh_embeddings():
    """The recognizer's lookup texts (occupation titles, descriptions, profile names, industry
    pages) take their vectors from the same file: a sample must match the model today."""
    from coffeechat.kb.ship import lookup_texts

    embedder, rows, stored, _ = shipped_file()
    texts = lookup_texts()
    seed = random.randrange(1 << 30)
    sample = random.Random(seed).sample(texts, min(SAMPLE, len(texts)))
    key = [hashlib.sha256(text.encode()).digest()[:16] for text in sample]
    assert all(k in rows for k in key), FIX
    fresh = np.asarray(embedder(sample), dtype=np.float32)
    kept = stored[[rows[k] for k in key]]
    cosines = (fresh * kept).sum(axis=1) / (np.linalg.norm(fresh, axis=1) * np.linalg.norm(kept, axis=1))
    worst = int(cosines.argmin())
    assert cosines[worst] >= SAME_VECTOR_COSINE, f"lookup {sample[worst]!r}: cosine {cosines[worst]:.6f} (seed {seed}): {FIX}"


def test_a_first_index_of_the_shipped_knowledge_loads_and_finds():
    from coffeechat.kb.index import index_knowledge
    from coffeechat.kb.retrieval import retrieve

    summary = index_knowledge(get_settings())
    assert summary.loaded > 0.95 * summary.chunks, f"only {summary.loaded} of {summary.chunks} chunks had shipped vectors: {FIX}"
    assert summary.loaded + summary.embedded == summary.chunks
    results = retrieve("how long should a LinkedIn connection note be", k=5, collections=("knowledge",))
    assert any(r.topic == "outreach" for r in results[:3])  # loaded vectors meet the real query embedding
    again = index_knowledge(get_settings())
    assert again.embedded == again.loaded == again.deleted == 0
