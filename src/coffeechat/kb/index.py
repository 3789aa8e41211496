"""Indexing: the knowledge pages and the saved notes, together, into their Chroma collections.

`index_knowledge` syncs both (incrementally: chunk ids are content hashes); `ensure_indexed`
does it once per store on first use, so every flow finds an index. Knowledge chunks take
their vectors from the shipped vector file when it has them (kb/vectors.py, `make vectors`),
so a first index loads instead of embedding; notes are always embedded here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat import notes
from coffeechat.config import Settings, get_settings
from coffeechat.kb import store
from coffeechat.kb.chunks import CHUNK_TOKENS, chunk_page
from coffeechat.kb.pages import load_pages
from coffeechat.kb.store import ProgressFn, sync_collection
from coffeechat.kb.vectors import load_vectors

log = logging.getLogger(__name__)


@dataclass
class IndexSummary:
    pages: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks the embedder computed (knowledge and notes)
    deleted: int = 0
    loaded: int = 0  # knowledge chunks added with their shipped vector, not embedded
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.pages} pages, {self.chunks} chunks, {self.embedded} embedded, {self.loaded} from shipped vectors, {self.deleted} deleted, "
            f"{len(self.skipped)} skipped, {self.seconds:.1f}s"
        )


def index_knowledge(
    settings: Settings | None = None,
    rebuild: bool = False,
    root: Path | None = None,
    progress: ProgressFn | None = None,
) -> IndexSummary:
    """Index knowledge pages (and saved notes) incrementally; `rebuild` starts from empty."""
    settings = settings or get_settings()
    started = time.perf_counter()
    if rebuild:
        done = store.clear_for_rebuild(settings)
        if done != "dropped":
            log.warning("%s; rebuilding from the files on disk", done)
    pages, skipped = load_pages(root)
    for path, reason in skipped:
        log.warning("skipped %s: %s", path, reason)
    chunks = [chunk for page in pages for chunk in chunk_page(page, CHUNK_TOKENS)]
    target = store.collection("knowledge", settings)
    shipped = load_vectors(store.embedder(settings), root)
    knowledge = sync_collection(target, chunks, progress, known=shipped.get if shipped else None)
    if shipped is not None and knowledge.embedded:
        log.info("%d knowledge chunks had no shipped vector and were embedded (run `make vectors`)", knowledge.embedded)
    notes_synced = notes.sync_notes(settings)
    return IndexSummary(
        pages=len(pages),
        chunks=len(chunks),
        embedded=knowledge.embedded + notes_synced.embedded,
        deleted=knowledge.deleted + notes_synced.deleted,
        loaded=knowledge.loaded,
        skipped=skipped,
        seconds=time.perf_counter() - started,
    )


_checked: set[str] = set()


def ensure_indexed(settings: Settings | None = None) -> None:
    """Index on first use when the knowledge collection is empty; sync unindexed notes once."""
    settings = settings or get_settings()
    key = settings.chroma_url or str(settings.data_dir)
    if key in _checked:
        return
    if store.collection("knowledge", settings).count() == 0:
        log.warning("the knowledge base is not indexed yet: indexing now (once)")
        index_knowledge(settings)
    else:
        notes.sync_notes(settings)
    _checked.add(key)


def forget_checked() -> None:
    """Forget which stores were checked (a new data dir in tests, or after a rebuild)."""
    _checked.clear()
