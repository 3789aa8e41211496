"""Knowledge pages on disk: YAML front matter (the DESIGN.md contract) and a markdown body.

`load_pages(root)` reads every page and says why each unusable one was skipped;
`sections(body)` splits a body on its headings for readers that need them (role profiles).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

import yaml
from pydantic import BaseModel, ValidationError, field_validator

from coffeechat.prompts import resource_dir

TOPICS = ("goals", "outreach", "questions", "etiquette", "notes", "follow-up", "roles", "industries", "networking")
HEADING_RE = re.compile(r"^#{1,3}\s+(.*)$")  # the heading levels pages use for sections


class FrontMatter(BaseModel):
    """The knowledge front matter contract (DESIGN.md)."""

    title: str
    topic: Literal["goals", "outreach", "questions", "etiquette", "notes", "follow-up", "roles", "industries", "networking"]
    role: str | None = None
    industry: str | None = None
    aliases: list[str] = []

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title is blank")
        return value.strip()

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases_list(cls, value: object) -> list[str]:
        return [] if value is None else [str(v) for v in value]  # type: ignore[union-attr]


@dataclass(frozen=True)
class Page:
    source: str  # repo-relative path, e.g. knowledge/roles/finance/actuary.md
    meta: FrontMatter
    body: str

    @property
    def digest(self) -> str:
        return hashlib.sha256((self.meta.model_dump_json() + self.body).encode()).hexdigest()[:16]


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter dict, body). Raises ValueError when there is none or it is not a mapping."""
    if not text.startswith("---"):
        raise ValueError("no front matter (the page must start with ---)")
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?(.*)$", text, re.S)
    if not match:
        raise ValueError("front matter is not closed with ---")
    meta = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    return meta, match.group(2)


def parse_page(path: Path, root: Path) -> Page:
    """One page. Raises ValueError with the reason when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    try:
        raw, body = split_front_matter(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from None
    try:
        meta = FrontMatter(**raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise ValueError(f"front matter field {'.'.join(map(str, problem['loc'])) or '?'}: {problem['msg']}") from None
    if meta.topic == "roles" and not (meta.role and meta.industry):
        raise ValueError("a role profile needs role and industry in its front matter")
    if not body.strip():
        raise ValueError("the page has no text")
    return Page(source=f"{root.name}/{path.relative_to(root).as_posix()}", meta=meta, body=body)


def load_pages(root: Path | None = None) -> tuple[list[Page], list[tuple[str, str]]]:
    """Every page under root (default: the shipped knowledge/), and (path, reason) for each skipped."""
    root = root or resource_dir("knowledge")
    pages: list[Page] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            pages.append(parse_page(path, root))
        except (ValueError, OSError) as exc:
            skipped.append((f"{root.name}/{path.relative_to(root).as_posix()}", str(exc)))
    return pages, skipped


def markdown_sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) pairs split on markdown headings, lines kept as written (a profile's
    bullets and their indented continuations); text before the first heading has heading ''."""
    found: list[tuple[str, str]] = []
    heading, lines = "", []
    for line in body.splitlines():
        match = HEADING_RE.match(line)
        if match:
            if "\n".join(lines).strip():
                found.append((heading, "\n".join(lines).strip()))
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    if "\n".join(lines).strip():
        found.append((heading, "\n".join(lines).strip()))
    return found


def iter_role_pages(pages: Iterable[Page]) -> Iterable[Page]:
    return (page for page in pages if page.meta.topic == "roles")
