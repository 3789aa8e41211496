from pathlib import Path


from coffeechat.kb import index as knowledge
from coffeechat.kb import store
from coffeechat.config import get_settings

PAGE = """---
title: {title}
topic: {topic}
---
# {title}

Intro paragraph about {title}.

## First section

{first}

## Second section

Closing words about {title}.
"""


def write(root: Path, name: str, title: str = "A page", topic: str = "etiquette", first: str = "Some text.") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, topic=topic, first=first), encoding="utf-8")
    return path


def test_bad_pages_are_reported_and_skipped(tmp_path):
    root = tmp_path / "knowledge"
    write(root, "good.md")
    (root / "nofm.md").write_text("# No front matter\ntext")
    (root / "badtopic.md").write_text("---\ntitle: X\ntopic: astrology\n---\ntext")
    (root / "badyaml.md").write_text("---\ntitle: [unclosed\ntopic: goals\n---\ntext")
    (root / "role.md").write_text("---\ntitle: Actuary\ntopic: roles\n---\ntext")
    (root / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    pages, skipped = knowledge.load_pages(root)
    assert [p.source for p in pages] == ["knowledge/good.md"]
    reasons = dict(skipped)
    assert set(reasons) == {"knowledge/nofm.md", "knowledge/badtopic.md", "knowledge/badyaml.md", "knowledge/role.md", "knowledge/binary.md"}
    assert "topic" in reasons["knowledge/badtopic.md"]
    assert "role" in reasons["knowledge/role.md"]


def test_chunks_follow_headings_and_stay_small(tmp_path):
    root = tmp_path / "knowledge"
    long_text = "\n\n".join(f"Paragraph {i} " + "about interviews and careers " * 12 for i in range(12))
    write(root, "long.md", title="Long page", first=long_text)
    (page,), _ = knowledge.load_pages(root)
    chunks = knowledge.chunk_page(page)
    sections = [c.metadata["section"] for c in chunks]
    assert sections[0] == "Long page" or sections[0] == ""
    assert "First section" in sections and "Second section" in sections
    assert sections.count("First section") > 1  # the long section was split
    from coffeechat import tokens

    assert all(tokens.count(c.text) <= knowledge.CHUNK_TOKENS for c in chunks)
    assert all(c.text.startswith("Long page") for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    # ids are stable: the same page chunks to the same ids
    assert [c.id for c in knowledge.chunk_page(page)] == [c.id for c in chunks]


def test_incremental_reindex_embeds_only_the_changed_page(tmp_path, fake_embedder, monkeypatch):
    root = tmp_path / "knowledge"
    for i in range(3):
        write(root, f"p{i}.md", title=f"Page {i}")
    first = knowledge.index_knowledge(get_settings(), root=root)
    assert first.embedded == first.chunks > 0
    again = knowledge.index_knowledge(get_settings(), root=root)
    assert again.embedded == 0 and again.deleted == 0

    calls = []
    original = fake_embedder.__class__.__call__
    monkeypatch.setattr(fake_embedder.__class__, "__call__", lambda self, input: calls.append(list(input)) or original(self, input))
    write(root, "p1.md", title="Page 1", first="Changed text in the first section.")
    changed = knowledge.index_knowledge(get_settings(), root=root)
    embedded_texts = [t for batch in calls for t in batch]
    assert changed.embedded == 1 and changed.deleted == 1
    assert all("Page 1" in t for t in embedded_texts)


def test_removed_page_is_deleted_from_the_index(tmp_path, fake_embedder):
    root = tmp_path / "knowledge"
    write(root, "keep.md", title="Keep")
    gone = write(root, "gone.md", title="Gone")
    knowledge.index_knowledge(get_settings(), root=root)
    gone.unlink()
    summary = knowledge.index_knowledge(get_settings(), root=root)
    assert summary.deleted > 0
    sources = {m["source"] for m in store.collection("knowledge").get(include=["metadatas"])["metadatas"]}
    assert sources == {"knowledge/keep.md"}


def test_rebuild_starts_from_empty(tmp_path, fake_embedder):
    root = tmp_path / "knowledge"
    write(root, "a.md")
    knowledge.index_knowledge(get_settings(), root=root)
    rebuilt = knowledge.index_knowledge(get_settings(), root=root, rebuild=True)
    assert rebuilt.embedded == rebuilt.chunks


def test_shipped_knowledge_is_valid_and_big_enough():
    pages, skipped = knowledge.load_pages()
    assert skipped == []
    assert len(pages) >= 80
    roles = [p for p in pages if p.meta.topic == "roles"]
    assert len(roles) >= 120
    assert len({p.meta.industry for p in roles}) >= 22
    industries = {p.meta.industry for p in pages if p.meta.topic == "industries"}
    assert {p.meta.industry for p in roles} <= industries, "every role's industry has an industry page"

    assert all(len(p.body.split()) <= 1600 for p in pages), [p.source for p in pages if len(p.body.split()) > 1600]


def test_every_role_profile_has_every_section_and_count():
    """The role profile shape in knowledge/README.md: sections, 6+ insights with "Ask about",
    6+ vocabulary terms, 8+ question ideas covering every TIARA theme."""
    from coffeechat.kb.roles import THEMES, all_profiles

    problems = []
    for profile in all_profiles():
        headings = " | ".join(profile.sections).lower()
        for needed in ("the work day to day", "skills and credentials", "paths in and out", "what insiders wish", "vocabulary", "question ideas"):
            if needed not in headings:
                problems.append(f"{profile.source}: no section {needed!r}")
        if len(profile.insights) < 6 or not all(i.ask_about and i.label for i in profile.insights):
            problems.append(f"{profile.source}: insights {len(profile.insights)} (6+ with a label and Ask about)")
        if len(profile.vocabulary) < 6:
            problems.append(f"{profile.source}: vocabulary {len(profile.vocabulary)}")
        if len(profile.questions) < 8 or {q.theme for q in profile.questions} != set(THEMES):
            problems.append(f"{profile.source}: question ideas {len(profile.questions)} over {sorted({q.theme for q in profile.questions})}")
    assert not problems, problems
