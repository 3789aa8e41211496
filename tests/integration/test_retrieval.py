"""Retrieval order on a small fixture corpus with the real embedder and real Chroma."""

from coffeechat.config import get_settings
from coffeechat.kb.index import index_knowledge
from coffeechat.kb.retrieval import retrieve
from coffeechat.testing import write_fixture_knowledge

def test_each_query_finds_its_page_first(tmp_path):
    index_knowledge(get_settings(), root=write_fixture_knowledge(tmp_path))
    expectations = {
        "what should my thank-you email after the call say": "knowledge/thanks.md",
        "how many characters can a linkedin invite hold": "knowledge/linkedin.md",
        "how do I organise my interview questions": "knowledge/tiara.md",
        "what to write down during the conversation": "knowledge/notes.md",
    }
    for query, source in expectations.items():
        results = retrieve(query, k=2, collections=("knowledge",))
        assert results[0].source == source, (query, [r.source for r in results])


def test_role_profile_ranks_first_when_a_role_is_given():
    index_knowledge(get_settings())
    results = retrieve("what surprised you in your first year", k=5, collections=("knowledge",), role="senior actuary")
    assert results[0].role == "Actuary"
    results = retrieve("what surprised you in your first year", k=5, collections=("knowledge",), role="ICU nurse")
    assert results[0].role == "Registered Nurse"
