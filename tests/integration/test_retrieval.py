"""Retrieval order on a small fixture corpus with the real embedder and real Chroma."""

from pathlib import Path

from coffeechat.config import get_settings
from coffeechat.knowledge import index_knowledge
from coffeechat.retrieval import retrieve

FIXTURE = {
    "thanks.md": ("follow-up", "Thank-you notes", "Send a thank-you note within a day, naming one thing they told you and what you will do next."),
    "notes.md": ("notes", "Taking notes", "Write down names, surprises and resources they mention, then tidy your notes the same evening."),
    "linkedin.md": ("outreach", "Connection notes", "A LinkedIn connection note holds 300 characters: say who you are, why them, and ask for fifteen minutes."),
    "tiara.md": ("questions", "TIARA questions", "Trends, insights, advice, resources and assignments: the TIARA frame orders your questions."),
}


def make_corpus(root: Path) -> None:
    for name, (topic, title, text) in FIXTURE.items():
        path = root / "knowledge" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ntopic: {topic}\n---\n# {title}\n\n{text}\n")


def test_each_query_finds_its_page_first(tmp_path):
    make_corpus(tmp_path)
    index_knowledge(get_settings(), root=tmp_path / "knowledge")
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
