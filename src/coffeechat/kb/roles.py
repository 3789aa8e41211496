"""Role profiles parsed into content the product owns: insights, vocabulary, question ideas.

`find_role(name)` matches a role by name or alias, then by embedding similarity to the
profiles' names (the nearest role), and returns None when nothing is close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from coffeechat.config import Settings, get_settings
from coffeechat.kb.pages import Page, load_pages, markdown_sections

THEMES = ("trends", "insights", "advice", "resources", "assignments")
NEAREST_ROLE_MIN = 0.55  # cosine between role names; below it a role is "unknown"


@dataclass(frozen=True)
class Insight:
    label: str
    text: str
    ask_about: str


@dataclass(frozen=True)
class QuestionIdea:
    theme: str
    text: str


@dataclass(frozen=True)
class RoleProfile:
    role: str
    industry: str
    source: str
    aliases: tuple[str, ...]
    sections: dict[str, str]
    insights: tuple[Insight, ...]
    vocabulary: tuple[tuple[str, str], ...]
    questions: tuple[QuestionIdea, ...]
    extra: dict = field(default_factory=dict)

    def section(self, name: str) -> str:
        for heading, text in self.sections.items():
            if heading.lower().startswith(name.lower()):
                return text
        return ""


def _bullets(text: str) -> list[str]:
    items: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*[-*]\s+", line):
            items.append(re.sub(r"^\s*[-*]\s+", "", line).strip())
        elif items and line.strip() and line.startswith(" "):
            items[-1] += " " + line.strip()
    return items


def parse_profile(page: Page) -> RoleProfile:
    sections = {heading: text for heading, text in markdown_sections(page.body) if heading}
    insights, vocabulary, questions = [], [], []
    for heading, text in sections.items():
        lowered = heading.lower()
        if lowered.startswith("what insiders"):
            for item in _bullets(text):
                match = re.match(r"\*\*(.+?)\*\*\s*(.*)", item)
                label, rest = (match.group(1).strip(" ."), match.group(2)) if match else ("", item)
                parts = re.split(r"\*Ask about:?\*:?", rest, maxsplit=1)
                body, ask = (parts[0], parts[1]) if len(parts) == 2 else (rest, "")
                insights.append(Insight(label=label, text=body.strip(), ask_about=ask.strip()))
        elif lowered.startswith("vocabulary"):
            for item in _bullets(text):
                match = re.match(r"\*\*(.+?)\*\*:?\s*:?\s*(.*)", item)
                if match:
                    vocabulary.append((match.group(1).strip(" :"), match.group(2).strip()))
        elif lowered.startswith("question ideas"):
            for item in _bullets(text):
                match = re.match(r"\[(\w+)\]\s*(.+)", item)
                if match and match.group(1).lower() in THEMES:
                    questions.append(QuestionIdea(match.group(1).lower(), match.group(2).strip()))
    return RoleProfile(
        role=page.meta.role or page.meta.title,
        industry=page.meta.industry or "",
        source=page.source,
        aliases=tuple(page.meta.aliases),
        sections=sections,
        insights=tuple(insights),
        vocabulary=tuple(vocabulary),
        questions=tuple(questions),
    )


@lru_cache(maxsize=1)
def all_profiles() -> tuple[RoleProfile, ...]:
    pages, _ = load_pages()
    return tuple(parse_profile(page) for page in pages if page.meta.topic == "roles")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split("(")[0].strip()


def _names(profile: RoleProfile) -> list[str]:
    base = profile.role
    names = [base, re.sub(r"\s*\(.*?\)", "", base)] + list(profile.aliases)
    names += re.findall(r"\((.*?)\)", base)
    return [n for n in names if n.strip()]


def find_role(name: str, settings: Settings | None = None) -> RoleProfile | None:
    """The profile for a role name: exact or alias match, else the nearest by meaning."""
    wanted = " ".join(_norm(name).split())
    if not wanted:
        return None
    profiles = all_profiles()
    for profile in profiles:
        if wanted in {" ".join(_norm(n).split()) for n in _names(profile)}:
            return profile
    nearest = _nearest(wanted, settings or get_settings())
    return nearest


def _nearest(wanted: str, settings: Settings) -> RoleProfile | None:
    import numpy as np

    from coffeechat.embeddings import default_embedder

    profiles = all_profiles()
    labels, owners = [], []
    for profile in profiles:
        for label in _names(profile):
            labels.append(label)
            owners.append(profile)
    if not labels:
        return None
    vectors = _label_vectors(tuple(labels), settings)
    query = np.asarray(default_embedder(settings)([wanted])[0])
    scores = vectors @ query
    best = int(np.argmax(scores))
    return owners[best] if scores[best] >= NEAREST_ROLE_MIN else None


_label_cache: dict[tuple, object] = {}


def _label_vectors(labels: tuple[str, ...], settings: Settings):
    import numpy as np

    from coffeechat.embeddings import default_embedder

    embedder = default_embedder(settings)
    key = (labels, embedder.name())  # vectors of one embedder never meet another's
    if key not in _label_cache:
        _label_cache[key] = np.asarray(embedder(list(labels)))
    return _label_cache[key]
