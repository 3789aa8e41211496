"""Shipped knowledge vectors (kb/vectors.py): a first index loads them instead of embedding,
falls back to embedding what the file lacks, and re-indexing stays incremental. Fakes only,
except the check that the shipped file covers every shipped chunk (no model run for that)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from coffeechat.config import get_settings
from coffeechat.kb import index as knowledge
from coffeechat.kb import store, vectors
from coffeechat.kb.retrieval import retrieve

PAGES = {
    "linkedin.md": ("outreach", "LinkedIn notes", "A connection note holds 300 characters. Say who you are and ask for twenty minutes."),
    "thanks.md": ("follow-up", "Thank-you notes", "Send a thank-you within a day, and name one thing you learned from the conversation."),
    "questions.md": ("questions", "Good questions", "Ask open questions about trends in the field and how the person got where they are."),
}


def write_pages(root: Path, pages: dict = PAGES) -> Path:
    for name, (topic, title, text) in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ntopic: {topic}\n---\n# {title}\n\n{text}\n", encoding="utf-8")
    return root


@pytest.fixture
def embedded_texts(fake_embedder, monkeypatch):
    """Every text the (fake) embedder is asked to embed, in order."""
    seen: list[str] = []
    original = type(fake_embedder).__call__
    monkeypatch.setattr(type(fake_embedder), "__call__", lambda self, input: seen.extend(input) or original(self, input))
    return seen


def test_every_shipped_chunk_has_a_shipped_vector():
    from coffeechat.embeddings import LocalEmbedder

    embedder = LocalEmbedder()  # not run: the file is checked against the model files' fingerprint only
    path = vectors.vectors_path(embedder.name())
    shipped = vectors.load_vectors(embedder)
    assert shipped is not None, f"{path} is missing or was made by another build of the embedder: run `make vectors` and commit it"
    lacking = vectors.missing(vectors.shipped_chunks(), shipped)
    pages = sorted({chunk.metadata["source"] for chunk in lacking})
    assert not lacking, f"{len(lacking)} shipped chunks have no vector in {path.name} (pages: {', '.join(pages[:5])}): run `make vectors` and commit knowledge/.vectors/"


def test_every_lookup_text_has_a_shipped_vector():
    """A first role lookup on a new machine embeds only the name asked (it embedded ~4,000
    titles and descriptions, 18 s, before the file held them)."""
    from coffeechat.embeddings import LocalEmbedder
    from coffeechat.kb.ship import lookup_texts

    shipped = vectors.load_vectors(LocalEmbedder())
    assert shipped is not None
    texts = lookup_texts()
    lacking = [text for text in texts if text not in shipped]
    assert len(texts) > 3000 and not lacking, f"{len(lacking)} lookup texts have no vector (e.g. {lacking[:3]}): run `make vectors` and commit knowledge/.vectors/"


def test_a_first_role_lookup_embeds_only_the_name(monkeypatch):
    from coffeechat.config import get_settings
    from coffeechat.embeddings import default_embedder
    from coffeechat.kb import occupations
    from coffeechat.kb.roles import resolve_role

    embedder = default_embedder(get_settings())
    asked: list[int] = []
    real = type(embedder).__call__
    monkeypatch.setattr(type(embedder), "__call__", lambda self, texts: asked.append(len(texts)) or real(self, texts))
    monkeypatch.setattr(occupations, "_memory", {})  # a new process; the data dir is a fresh temp dir (conftest)
    match = resolve_role("tower crane driver")
    assert match.occupation is not None
    assert asked and max(asked) <= 2, f"embedded batches of {asked} texts: the lookups should come from the shipped file"


def test_a_first_index_loads_shipped_vectors_and_embeds_nothing(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    made = vectors.regenerate(fake_embedder, root)
    assert made.written and made.texts == made.embedded == len(vectors.shipped_chunks(root))
    embedded_texts.clear()

    summary = knowledge.index_knowledge(get_settings(), root=root)

    assert embedded_texts == []
    assert summary.loaded == summary.chunks > 0 and summary.embedded == 0
    stored = store.collection("knowledge").get(include=["documents", "embeddings"])
    for text, vector in zip(stored["documents"], stored["embeddings"]):
        assert float(np.dot(vector, fake_embedder([text])[0])) >= vectors.SAME_VECTOR_COSINE
    found = retrieve("how many characters in a LinkedIn connection note", k=1, collections=("knowledge",))
    assert found[0].source == "knowledge/linkedin.md"


def test_a_page_changed_after_make_vectors_is_embedded_the_rest_loaded(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    write_pages(root, {"thanks.md": ("follow-up", "Thank-you notes", "Thank them the same evening; mention the advice you will act on.")})
    embedded_texts.clear()

    summary = knowledge.index_knowledge(get_settings(), root=root)

    assert embedded_texts and all("same evening" in text for text in embedded_texts)
    assert summary.embedded == len(embedded_texts) and summary.loaded == summary.chunks - summary.embedded > 0
    found = retrieve("thank them the same evening", k=1, collections=("knowledge",))
    assert "same evening" in found[0].text


def test_reindexing_stays_incremental(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    knowledge.index_knowledge(get_settings(), root=root)
    embedded_texts.clear()

    again = knowledge.index_knowledge(get_settings(), root=root)
    assert (again.embedded, again.loaded, again.deleted) == (0, 0, 0) and embedded_texts == []

    (root / "questions.md").unlink()
    write_pages(root, {"new.md": ("etiquette", "Time", "Keep to the time you asked for; offer to stop at twenty minutes.")})
    changed = knowledge.index_knowledge(get_settings(), root=root)
    assert changed.deleted > 0 and changed.loaded == 0 and changed.embedded == len(embedded_texts) > 0
    sources = {m["source"] for m in store.collection("knowledge").get(include=["metadatas"])["metadatas"]}
    assert sources == {"knowledge/linkedin.md", "knowledge/thanks.md", "knowledge/new.md"}


def test_a_rebuild_loads_again(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    knowledge.index_knowledge(get_settings(), root=root)
    embedded_texts.clear()
    rebuilt = knowledge.index_knowledge(get_settings(), root=root, rebuild=True)
    assert rebuilt.loaded == rebuilt.chunks and embedded_texts == []


def test_vectors_from_another_embedder_build_are_not_used(tmp_path, fake_embedder, embedded_texts, caplog):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    path = vectors.vectors_path(fake_embedder.name(), root)
    other = vectors.read_vectors(path)
    vectors.write_vectors(path, vectors.ShippedVectors(other.embedder, "another-model-build", other.rows, other.vectors))
    embedded_texts.clear()

    with caplog.at_level(logging.WARNING):
        summary = knowledge.index_knowledge(get_settings(), root=root)

    assert summary.loaded == 0 and summary.embedded == summary.chunks == len(embedded_texts)
    assert "another embedder build" in caplog.text


def test_an_unreadable_vector_file_falls_back_to_embedding(tmp_path, fake_embedder, embedded_texts, caplog):
    root = write_pages(tmp_path / "knowledge")
    path = vectors.vectors_path(fake_embedder.name(), root)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip at all")

    with caplog.at_level(logging.WARNING):
        summary = knowledge.index_knowledge(get_settings(), root=root)

    assert summary.loaded == 0 and summary.embedded == summary.chunks > 0
    assert "not a vector file" in caplog.text


def test_without_a_vector_file_everything_is_embedded_as_before(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    summary = knowledge.index_knowledge(get_settings(), root=root)
    assert summary.loaded == 0 and summary.embedded == summary.chunks == len(embedded_texts) > 0


def test_make_vectors_embeds_only_new_texts_and_drops_gone_ones(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    first = vectors.regenerate(fake_embedder, root)
    path = first.path
    written = path.read_bytes()
    embedded_texts.clear()

    unchanged = vectors.regenerate(fake_embedder, root)
    assert not unchanged.written and unchanged.embedded == 0 and embedded_texts == []
    assert path.read_bytes() == written  # an unchanged knowledge base leaves the committed file alone

    write_pages(root, {"thanks.md": ("follow-up", "Thank-you notes", "A short handwritten card works too.")})
    changed = vectors.regenerate(fake_embedder, root)
    assert changed.written and changed.embedded == len(embedded_texts) > 0 and changed.dropped == changed.embedded
    assert all("handwritten" in text for text in embedded_texts)
    shipped = vectors.read_vectors(path)
    chunks = vectors.shipped_chunks(root)
    assert len(shipped) == len(chunks) and not vectors.missing(chunks, shipped)


def test_make_vectors_full_embeds_everything_again(tmp_path, fake_embedder, embedded_texts):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    embedded_texts.clear()
    full = vectors.regenerate(fake_embedder, root, full=True)
    assert full.embedded == full.texts == len(embedded_texts) > 0


def test_check_reports_missing_and_different_vectors(tmp_path, fake_embedder):
    root = write_pages(tmp_path / "knowledge")
    vectors.regenerate(fake_embedder, root)
    path = vectors.vectors_path(fake_embedder.name(), root)
    shipped = vectors.read_vectors(path)
    chunks = vectors.shipped_chunks(root)
    assert vectors.differences(fake_embedder, chunks, shipped) == []

    tampered = shipped.vectors.copy()
    row = shipped.rows[vectors.content_hash(chunks[0].text)]
    tampered[row] = np.roll(tampered[row], 7)  # same length, another direction
    write_pages(root, {"new.md": ("etiquette", "Time", "Keep to the time you asked for.")})
    found = vectors.differences(fake_embedder, vectors.shipped_chunks(root), vectors.ShippedVectors(shipped.embedder, shipped.fingerprint, shipped.rows, tampered))

    assert {(d.source, d.cosine is None) for d in found} == {(chunks[0].metadata["source"], False), ("knowledge/new.md", True)}
