"""Chroma: an embedded PersistentClient under the data dir, or an HttpClient to a server.

Two collections, `knowledge` and `notes`, each with the configured embedder attached.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, NamedTuple
from urllib.parse import urlparse

import numpy as np

from coffeechat.config import Settings, get_settings
from coffeechat.embeddings import default_embedder
from coffeechat.errors import InputError, UnavailableError

COLLECTIONS = ("knowledge", "notes")

_clients: dict[str, object] = {}
_collections: dict[tuple[str, str], object] = {}  # get_or_create per query cost ~15 ms
_lock = threading.Lock()
LOCK_WAIT_S = 5.0  # how long to wait for another process's lock on the store before saying so


def _is_locked(path) -> bool:
    """Chroma waits without end on a store another process holds locked; probe it first with
    a bounded wait so the user gets a clear error instead of a frozen command. A damaged file
    is not "locked": Chroma's own error says so, and the caller offers a rebuild."""
    import sqlite3

    database = path / "chroma.sqlite3"
    if not database.exists():
        return False
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=LOCK_WAIT_S)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower()
    except sqlite3.DatabaseError:
        pass
    return False


def _unusable(where: str, why: str) -> UnavailableError:
    return UnavailableError(
        f"the vector store at {where} cannot be used ({why}); "
        "close other coffeechat processes, or run `coffeechat index --rebuild` to rebuild it from the files on disk"
    )


def client(settings: Settings | None = None):
    """The Chroma client for these settings, one per store location per process.

    Raises UnavailableError (exit 3) when the directory or server cannot be used.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = settings or get_settings()
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    key = settings.chroma_url or str(settings.data_dir / "chroma")
    with _lock:
        if key in _clients:
            return _clients[key]
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                if url.scheme not in ("http", "https") or not url.hostname:
                    raise InputError(f"COFFEECHAT_CHROMA_URL is not an http(s) URL: {settings.chroma_url}")
                made = chromadb.HttpClient(
                    host=url.hostname,
                    port=url.port or (443 if url.scheme == "https" else 80),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
                made.heartbeat()
            else:
                path = settings.data_dir / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                if _is_locked(path):
                    raise _unusable(str(path), "locked by another process")
                made = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except (InputError, UnavailableError):
            raise
        except Exception as exc:
            why = "locked by another process" if "locked" in str(exc).lower() else f"{type(exc).__name__}"
            raise _unusable(settings.chroma_url or str(settings.data_dir / "chroma"), why) from None
        _clients[key] = made
        return made


def collection(name: str, settings: Settings | None = None):
    """The named collection (knowledge or notes), created on first use, cosine space."""
    if name not in COLLECTIONS:
        raise InputError(f"unknown collection {name!r}: use knowledge or notes")
    settings = settings or get_settings()
    key = (settings.chroma_url or str(settings.data_dir / "chroma"), name)
    if key in _collections:
        return _collections[key]
    try:
        made = client(settings).get_or_create_collection(
            name=name,
            embedding_function=embedder(settings),
            configuration={"hnsw": {"space": "cosine"}},
        )
        _collections[key] = made
        return made
    except (InputError, UnavailableError):
        raise
    except Exception as exc:
        raise UnavailableError(f"the vector store cannot open collection {name!r} ({type(exc).__name__}: {exc})") from None


def embedder(settings: Settings | None = None):
    """The embedding function the collections use (vectors added from elsewhere must match it)."""
    return default_embedder(settings or get_settings())


def reset_clients() -> None:
    """Forget cached clients (tests, and after a rebuild)."""
    with _lock:
        _clients.clear()
        _collections.clear()


def clear_for_rebuild(settings: Settings | None = None) -> str:
    """Empty the store so a rebuild starts from the files on disk; returns what was done.

    A healthy store drops its collections. A local store that cannot be opened (corrupt)
    is moved aside to chroma.broken-<time> and a fresh one is made in its place.
    """
    import shutil
    from datetime import datetime, timezone

    settings = settings or get_settings()
    try:
        for name in COLLECTIONS:
            drop_collection(name, settings)
        return "dropped"
    except UnavailableError:
        if settings.chroma_url:
            raise
    path = settings.data_dir / "chroma"
    reset_clients()
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # chromadb keeps one system per path
    except Exception:
        pass
    aside = path.with_name(f"chroma.broken-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M%S')}")
    try:
        shutil.move(str(path), str(aside))
    except OSError as exc:
        raise UnavailableError(f"could not move the broken vector store {path} aside: {exc.strerror or exc}") from None
    return f"moved the unreadable store to {aside.name}"


def drop_collection(name: str, settings: Settings | None = None) -> None:
    """Delete a collection (a rebuild); absent is fine."""
    settings = settings or get_settings()
    _collections.pop((settings.chroma_url or str(settings.data_dir / "chroma"), name), None)
    try:
        client(settings).delete_collection(name)
    except (InputError, UnavailableError):
        raise
    except Exception:  # absent already
        pass


ADD_BATCH = 64  # chunks embedded and added per call: progress moves, memory stays small
LOAD_BATCH = 1000  # chunks added per call with known vectors: 1,959 took 1.8 s at 1000, 3.5 s at 64 (measured)
DELETE_BATCH = 500  # ids deleted per call, under Chroma's per-request limits
ProgressFn = Callable[[int, int], None]
VectorLookup = Callable[[str], Any]  # a chunk text's known vector (the embedder's own), or None


class Synced(NamedTuple):
    """What a sync did: chunks embedded, chunks deleted, chunks added with a known vector."""

    embedded: int
    deleted: int
    loaded: int = 0


def sync_collection(
    target, chunks: list, progress: ProgressFn | None = None, scope: dict | None = None, known: VectorLookup | None = None,
) -> Synced:
    """Make the collection hold exactly these chunks (within scope).

    Unchanged chunks keep their ids and are not embedded again. `scope` is a metadata
    filter limiting which existing chunks may be deleted (None: the whole collection).
    New chunks whose vector `known` returns are added with it instead of being embedded.
    """
    existing = set(target.get(where=scope, include=[])["ids"]) if scope else set(target.get(include=[])["ids"])
    wanted = {chunk.id: chunk for chunk in chunks}
    stale = sorted(existing - wanted.keys())
    for start in range(0, len(stale), DELETE_BATCH):
        target.delete(ids=stale[start : start + DELETE_BATCH])
    new = [chunk for chunk_id, chunk in wanted.items() if chunk_id not in existing]
    vectors = {chunk.id: vector for chunk in new if known and (vector := known(chunk.text)) is not None}
    loaded = [chunk for chunk in new if chunk.id in vectors]
    to_embed = [chunk for chunk in new if chunk.id not in vectors]
    done = 0
    for start in range(0, len(loaded), LOAD_BATCH):
        batch = loaded[start : start + LOAD_BATCH]
        target.add(
            ids=[c.id for c in batch], documents=[c.text for c in batch], metadatas=[c.metadata for c in batch],
            embeddings=np.asarray([vectors[c.id] for c in batch], dtype=np.float32),
        )
        done += len(batch)
        if progress:
            progress(done, len(new))
    for start in range(0, len(to_embed), ADD_BATCH):
        batch = to_embed[start : start + ADD_BATCH]
        target.add(ids=[c.id for c in batch], documents=[c.text for c in batch], metadatas=[c.metadata for c in batch])
        done += len(batch)
        if progress:
            progress(done, len(new))
    return Synced(embedded=len(to_embed), deleted=len(stale), loaded=len(loaded))
