"""Role profiles parsed into content the product owns: insights, vocabulary, question ideas.

`parse_profile(page)` reads one knowledge/roles/ page (knowledge/README.md, "Role profile
shape"); `all_profiles()` reads them all. Which profile a role name gets is kb.roles'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from coffeechat.kb.pages import Page, load_pages, markdown_sections

THEMES = ("trends", "insights", "advice", "resources", "assignments")


@dataclass(frozen=True)
class Insight:
    label: str
    text: str
    ask_about: str
    source: str = ""  # where it comes from when not the profile's own page (a general profile)


@dataclass(frozen=True)
class QuestionIdea:
    theme: str
    text: str
    source: str = ""  # where it comes from when not the profile's own page (a general profile)


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
