"""The offline stack for real: the embedded model server, the embedder, Chroma."""

import numpy as np
from pydantic import BaseModel, Field

from coffeechat.config import get_settings
from coffeechat.llm import chat_model


def test_embedded_model_answers():
    reply = chat_model(max_tokens=24, temperature=0).invoke("Name one thing people do at work.")
    assert isinstance(reply.content, str) and len(reply.content.split()) >= 2


def test_embedded_model_streams_several_chunks():
    chunks = [c.content for c in chat_model(max_tokens=30).stream("Describe a nurse's morning in two sentences.")]
    assert len([c for c in chunks if c]) >= 5


class Questions(BaseModel):
    questions: list[str] = Field(min_length=3, max_length=3)


def test_structured_output_through_json_schema():
    model = chat_model(max_tokens=300, temperature=0).with_structured_output(Questions, method="json_schema")
    result = model.invoke("Write three questions to ask a plumber about their work.")
    assert isinstance(result, Questions) and len(result.questions) == 3


def test_our_embedder_matches_chromas_stock_function_on_the_same_files(tmp_path):
    from coffeechat.embeddings import LocalEmbedder
    from coffeechat.testing import stock_chroma_embedder

    stock = stock_chroma_embedder(tmp_path)
    texts = ["a short one", "How did you move from teaching into instructional design, and what surprised you?", "x " * 300, "Électricien, apprentissage 🙂"]
    ours, theirs = np.asarray(LocalEmbedder()(texts)), np.asarray(stock(texts))
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999


def test_real_chroma_index_and_search_of_the_shipped_knowledge():
    from coffeechat.kb.index import index_knowledge
    from coffeechat.kb.retrieval import retrieve

    summary = index_knowledge(get_settings())
    assert summary.pages >= 80 and summary.embedded + summary.loaded == summary.chunks  # loaded: shipped vectors
    results = retrieve("how long should a LinkedIn connection note be", k=5, collections=("knowledge",))
    assert len({r.source for r in results}) == 5  # diverse: one chunk per page
    assert any(r.topic == "outreach" for r in results[:3])
    again = index_knowledge(get_settings())
    assert again.embedded == 0
