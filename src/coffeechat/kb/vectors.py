"""Shipped vectors: the knowledge base's chunk vectors, computed at development time.

`knowledge/.vectors/<embedder name>.npz` maps each chunk's content hash (sha256 of the text
the embedder reads) to that text's vector, for one embedder: its name is the file name and
its fingerprint (model and tokenizer bytes) is stored inside. A first index loads these
vectors instead of embedding every chunk; a chunk whose text has no vector here (a page
edited since the file was made) is embedded as before, and a file from another embedder
or another model build is not used at all.

The same file also holds the vectors of the texts the role recognizer looks names up in
(occupation titles and descriptions, profile names, industry pages), so a first role lookup
embeds only the name asked. `python -m coffeechat.kb.ship` (`make vectors`) brings the file up
to date (kb/ship.py); texts missing from it are embedded at run time as before.

File layout (numpy .npz, no pickles): `hashes` (n, 16) uint8 sorted, `vectors` (n, dim)
float16 in the same order, `embedder` and `fingerprint` strings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from coffeechat.kb.chunks import CHUNK_TOKENS, Chunk, chunk_page
from coffeechat.kb.pages import load_pages
from coffeechat.prompts import resource_dir

log = logging.getLogger(__name__)

VECTORS_DIR = ".vectors"  # inside the knowledge root; load_pages reads only *.md, so it is not a page
HASH_BYTES = 16  # 128 bits of sha256: no collision expected among billions of chunk texts
STORED_DTYPE = np.float16  # half of float32's size; cosine to the float32 vector >= 0.9999998 on all 1,959 shipped chunks (measured)
SAME_VECTOR_COSINE = 0.9999  # a stored vector at least this close to a fresh embedding is that embedding (issue 14)
EMBED_BATCH = 256  # texts per embedder call when regenerating: progress moves, memory stays small

ProgressFn = Callable[[int, int], None]


def content_hash(text: str) -> bytes:
    """The key of a chunk's vector: what the embedder reads, and nothing else."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:HASH_BYTES]


def embedder_fingerprint(embedder: Any) -> str:
    """The embedder's own fingerprint when it has one (the local model hashes its files),
    else its name and configuration."""
    own = getattr(embedder, "fingerprint", None)
    if callable(own):
        return str(own())
    return f"{embedder.name()} {json.dumps(embedder.get_config(), sort_keys=True)}"


def vectors_path(embedder_name: str, root: Path | None = None) -> Path:
    """Where the vectors of the pages under root (default: the shipped knowledge/) live."""
    return (root or resource_dir("knowledge")) / VECTORS_DIR / f"{embedder_name}.npz"


@dataclass(frozen=True)
class ShippedVectors:
    """Vectors by content hash for one embedder."""

    embedder: str
    fingerprint: str
    rows: dict[bytes, int]
    vectors: np.ndarray  # (n, dim), STORED_DTYPE, row i belongs to the hash with rows[hash] == i

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and content_hash(text) in self.rows

    def get(self, text: str) -> np.ndarray | None:
        """The text's vector (float32, unit length), or None when the file has none for it."""
        row = self.rows.get(content_hash(text))
        if row is None:
            return None
        vector = self.vectors[row].astype(np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)


def read_vectors(path: Path) -> ShippedVectors:
    """The file as written by `write_vectors`. Raises ValueError when it is not one."""
    try:
        with np.load(path, allow_pickle=False) as data:
            hashes, vectors = data["hashes"], data["vectors"]
            embedder, fingerprint = str(data["embedder"]), str(data["fingerprint"])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path.name} is not a vector file ({type(exc).__name__})") from None
    if hashes.ndim != 2 or hashes.shape[1] != HASH_BYTES or vectors.ndim != 2 or len(hashes) != len(vectors):
        raise ValueError(f"{path.name} has mismatched arrays {hashes.shape} and {vectors.shape}")
    rows = {bytes(h): i for i, h in enumerate(hashes)}
    return ShippedVectors(embedder, fingerprint, rows, vectors)


def write_vectors(path: Path, shipped: ShippedVectors) -> None:
    """Write the file atomically (a temp file renamed over it), rows sorted by hash."""
    ordered = sorted(shipped.rows)
    hashes = np.frombuffer(b"".join(ordered), dtype=np.uint8).reshape(len(ordered), HASH_BYTES)
    vectors = shipped.vectors[[shipped.rows[h] for h in ordered]].astype(STORED_DTYPE) if ordered else np.zeros((0, 0), STORED_DTYPE)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, hashes=hashes, vectors=vectors, embedder=np.str_(shipped.embedder), fingerprint=np.str_(shipped.fingerprint))
        os.chmod(temp, 0o644)  # mkstemp makes it private; the file is shipped content
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load_vectors(embedder: Any, root: Path | None = None) -> ShippedVectors | None:
    """The shipped vectors for this embedder, or None (no file, unreadable, or made by another
    build of the model: then every chunk is embedded, as without the file)."""
    path = vectors_path(embedder.name(), root)
    if not path.is_file():
        return None
    try:
        shipped = read_vectors(path)
    except ValueError as exc:
        log.warning("shipped vectors not used: %s; embedding every chunk instead", exc)
        return None
    if shipped.embedder != embedder.name() or shipped.fingerprint != embedder_fingerprint(embedder):
        log.warning("shipped vectors in %s were made by another embedder build; embedding every chunk instead", path.name)
        return None
    return shipped


def shipped_chunks(root: Path | None = None) -> list[Chunk]:
    """Every chunk of the pages under root, cut exactly as the index cuts them."""
    pages, _ = load_pages(root)
    return [chunk for page in pages for chunk in chunk_page(page, CHUNK_TOKENS)]


def missing(chunks: list[Chunk], shipped: ShippedVectors | None) -> list[Chunk]:
    """The chunks the file has no vector for."""
    return [chunk for chunk in chunks if shipped is None or chunk.text not in shipped]


@dataclass(frozen=True)
class Regenerated:
    path: Path
    texts: int  # distinct chunk texts the file now holds
    embedded: int  # of those, embedded in this run
    dropped: int  # vectors of texts no page has any more
    written: bool  # False: the file was already up to date
    size_bytes: int

    def line(self) -> str:
        state = "written" if self.written else "already up to date"
        return f"{self.path.name}: {self.texts} vectors, {self.embedded} embedded, {self.dropped} dropped, {self.size_bytes / 1e6:.2f} MB, {state}"


def regenerate(embedder: Any, root: Path | None = None, full: bool = False, progress: ProgressFn | None = None, extra: list[str] | tuple[str, ...] = ()) -> Regenerated:
    """Bring the vector file of the pages under root up to date for this embedder.

    The file holds every chunk's text and the `extra` texts (the lookups kb/ship.py gathers).
    Texts the current file holds keep their vectors (same embedder build), unless `full`;
    the rest are embedded; vectors of texts no longer wanted are dropped. The file is
    rewritten only when something changed.
    """
    path = vectors_path(embedder.name(), root)
    texts = {content_hash(chunk.text): chunk.text for chunk in shipped_chunks(root)}
    texts.update((content_hash(text), text) for text in extra)
    old = None if full else load_vectors(embedder, root)
    kept = {h: old.vectors[old.rows[h]] for h in texts if old and h in old.rows}
    todo = [h for h in texts if h not in kept]
    fresh: dict[bytes, np.ndarray] = {}
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        fresh.update(zip(batch, np.asarray(embedder([texts[h] for h in batch]), dtype=np.float32)))
        if progress:
            progress(min(start + EMBED_BATCH, len(todo)), len(todo))
    dropped = len(old) - len(kept) if old else 0
    if old is not None and not todo and not dropped:
        return Regenerated(path, len(kept), 0, 0, False, path.stat().st_size)
    ordered = sorted(texts)
    rows = {h: i for i, h in enumerate(ordered)}
    matrix = np.stack([kept[h] if h in kept else fresh[h] for h in ordered]).astype(STORED_DTYPE) if ordered else np.zeros((0, 0), STORED_DTYPE)
    write_vectors(path, ShippedVectors(embedder.name(), embedder_fingerprint(embedder), rows, matrix))
    return Regenerated(path, len(ordered), len(todo), dropped, True, path.stat().st_size)


@dataclass(frozen=True)
class Difference:
    source: str
    cosine: float | None  # None: the file has no vector for this chunk


def differences(embedder: Any, chunks: list[Chunk], shipped: ShippedVectors | None) -> list[Difference]:
    """Chunks whose stored vector is missing or below SAME_VECTOR_COSINE to a fresh embedding."""
    sources = {chunk.text: chunk.metadata.get("source", "") for chunk in chunks}
    return [Difference(sources[text], cosine) for text, cosine in text_differences(embedder, list(sources), shipped)]


def text_differences(embedder: Any, texts: list[str], shipped: ShippedVectors | None) -> list[tuple[str, float | None]]:
    """(text, cosine) of texts whose stored vector is missing (None) or below SAME_VECTOR_COSINE."""
    found: list[tuple[str, float | None]] = [(text, None) for text in texts if shipped is None or text not in shipped]
    stored = [text for text in texts if shipped is not None and text in shipped]
    for start in range(0, len(stored), EMBED_BATCH):
        batch = stored[start : start + EMBED_BATCH]
        for text, vector in zip(batch, embedder(batch)):
            cosine = float(np.dot(shipped.get(text), np.asarray(vector, dtype=np.float32)))  # both unit length
            if cosine < SAME_VECTOR_COSINE:
                found.append((text, cosine))
    return found
