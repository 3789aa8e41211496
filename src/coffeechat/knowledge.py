"""The knowledge base on disk: pages with front matter, chunked along headings, indexed
incrementally into Chroma.

Chunk ids are content hashes, so re-indexing embeds only chunks that changed and deletes
those whose page changed or went away. The same sync serves the `notes` collection.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal

import yaml
from pydantic import BaseModel, ValidationError, field_validator

from coffeechat import tokens
from coffeechat.config import Settings, get_settings
from coffeechat.prompts import resource_dir

log = logging.getLogger(__name__)

TOPICS = ("goals", "outreach", "questions", "etiquette", "notes", "follow-up", "roles", "industries", "networking")
CHUNK_TOKENS = 180  # tiktoken tokens; keeps every chunk under the embedder's 256 wordpieces
ADD_BATCH = 64


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


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: dict[str, str]


@dataclass
class IndexSummary:
    pages: int = 0
    chunks: int = 0
    embedded: int = 0
    deleted: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.pages} pages, {self.chunks} chunks, {self.embedded} embedded, {self.deleted} deleted, "
            f"{len(self.skipped)} skipped, {self.seconds:.1f}s"
        )


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


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) pairs split on markdown headings; text before the first is ''."""
    sections: list[tuple[str, str]] = []
    heading, lines = "", []
    for line in body.splitlines():
        match = re.match(r"^#{1,3}\s+(.*)$", line)
        if match:
            if "\n".join(lines).strip():
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    if "\n".join(lines).strip():
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def _pieces(text: str, budget: int) -> list[str]:
    """text split into pieces of at most budget tokens, on paragraph, then line, then word bounds."""
    if tokens.count(text) <= budget:
        return [text]
    units = [u for u in re.split(r"\n\s*\n", text) if u.strip()]
    if len(units) == 1:
        units = [u for u in text.splitlines() if u.strip()]
    if len(units) == 1:
        words = text.split()
        half = len(words) // 2
        return _pieces(" ".join(words[:half]), budget) + _pieces(" ".join(words[half:]), budget)
    pieces: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}\n\n{unit}" if current else unit
        if tokens.count(candidate) <= budget:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if tokens.count(unit) > budget:
            pieces.extend(_pieces(unit, budget))
            current = ""
        else:
            current = unit
    if current:
        pieces.append(current)
    return pieces


def chunk_id(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()[:24]


def chunk_text(source: str, title: str, body: str, metadata: dict[str, str], budget: int = CHUNK_TOKENS) -> list[Chunk]:
    """Chunks of a page or note along its headings, each prefixed with title and section."""
    chunks: list[Chunk] = []
    for heading, section in _sections(body):
        label = f"{title} — {heading}" if heading and heading != title else title
        header_cost = tokens.count(label) + 2
        for piece in _pieces(section, max(40, budget - header_cost)):
            text = f"{label}\n{piece}"
            chunks.append(Chunk(chunk_id(source, text), text, {**metadata, "section": heading}))
    return chunks


def chunk_page(page: Page, budget: int = CHUNK_TOKENS) -> list[Chunk]:
    meta = {
        "source": page.source,
        "title": page.meta.title,
        "topic": page.meta.topic,
        "role": page.meta.role or "",
        "industry": page.meta.industry or "",
        "kind": "knowledge",
    }
    return chunk_text(page.source, page.meta.title, page.body, meta, budget)


ProgressFn = Callable[[int, int], None]


def sync_collection(collection, chunks: list[Chunk], progress: ProgressFn | None = None, scope: dict | None = None) -> tuple[int, int]:
    """Make the collection hold exactly these chunks (within scope): (embedded, deleted).

    Unchanged chunks keep their ids and are not embedded again. `scope` is a metadata
    filter limiting which existing chunks may be deleted (None: the whole collection).
    """
    existing = set(collection.get(where=scope, include=[])["ids"]) if scope else set(collection.get(include=[])["ids"])
    wanted = {chunk.id: chunk for chunk in chunks}
    stale = sorted(existing - wanted.keys())
    if stale:
        for start in range(0, len(stale), 500):
            collection.delete(ids=stale[start : start + 500])
    new = [chunk for chunk_id_, chunk in wanted.items() if chunk_id_ not in existing]
    for start in range(0, len(new), ADD_BATCH):
        batch = new[start : start + ADD_BATCH]
        collection.add(ids=[c.id for c in batch], documents=[c.text for c in batch], metadatas=[c.metadata for c in batch])
        if progress:
            progress(min(start + ADD_BATCH, len(new)), len(new))
    return len(new), len(stale)


def index_knowledge(
    settings: Settings | None = None,
    rebuild: bool = False,
    root: Path | None = None,
    progress: ProgressFn | None = None,
) -> IndexSummary:
    """Index knowledge pages (and saved notes) incrementally; `rebuild` starts from empty."""
    from coffeechat import sessions, store

    settings = settings or get_settings()
    started = time.perf_counter()
    if rebuild:
        done = store.clear_for_rebuild(settings)
        if done != "dropped":
            log.warning("%s; rebuilding from the files on disk", done)
    pages, skipped = load_pages(root)
    for path, reason in skipped:
        log.warning("skipped %s: %s", path, reason)
    chunks = [chunk for page in pages for chunk in chunk_page(page)]
    embedded, deleted = sync_collection(store.collection("knowledge", settings), chunks, progress)
    notes_embedded, notes_deleted = sessions.sync_notes(settings)
    return IndexSummary(
        pages=len(pages),
        chunks=len(chunks),
        embedded=embedded + notes_embedded,
        deleted=deleted + notes_deleted,
        skipped=skipped,
        seconds=time.perf_counter() - started,
    )


_checked: set[str] = set()


def ensure_indexed(settings: Settings | None = None) -> None:
    """Index on first use when the knowledge collection is empty; sync unindexed notes once."""
    from coffeechat import sessions, store

    settings = settings or get_settings()
    key = settings.chroma_url or str(settings.data_dir)
    if key in _checked:
        return
    if store.collection("knowledge", settings).count() == 0:
        log.warning("the knowledge base is not indexed yet: indexing now (once)")
        index_knowledge(settings)
    else:
        sessions.sync_notes(settings)
    _checked.add(key)


def iter_role_pages(pages: Iterable[Page]) -> Iterable[Page]:
    return (page for page in pages if page.meta.topic == "roles")
