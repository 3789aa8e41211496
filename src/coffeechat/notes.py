"""Notes and rehearsal sessions on disk: the source of truth, indexed into `notes` after
(`sync_notes`, below the kb's index: coffeechat.kb.index calls it with the pages).

Layout under the data dir:
  notes/<id>.md                 a note, YAML front matter (id, created, role, person, kind) + text
  sessions/<id>/session.json    persona, goals, settings of a rehearsal
  sessions/<id>/transcript.jsonl  one JSON line per turn, appended and fsynced as it happens
  sessions/<id>/notes.md        the user's notes during the rehearsal
  sessions/<id>/report.json     the report, once the session ends

Files are written atomically (temp file, fsync, rename), so a crash or a full disk leaves
the old file or none, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from coffeechat import limits
from coffeechat.config import Settings, get_settings
from coffeechat.errors import InputError, UnavailableError
from coffeechat.kb import store
from coffeechat.kb.chunks import chunk_text
from coffeechat.kb.pages import split_front_matter

MAX_NOTE_CHARS = limits.NOTE_CHARS


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def new_id(prefix: str) -> str:
    """A sortable id: prefix, UTC time, random suffix."""
    return f"{prefix}-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so that readers see the old file or the new one, never a part.

    Raises UnavailableError (with the reason) when the disk refuses; no partial file remains.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # a full disk, a bad character, an interrupt: never leave the temp file
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UnavailableError(f"could not save {path.name}: {exc.strerror or exc}") from None
        if isinstance(exc, UnicodeEncodeError):
            raise InputError(f"could not save {path.name}: the text is not valid Unicode") from None
        raise


def append_line(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line and fsync it: a turn survives a kill -9 right after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise UnavailableError(f"could not save the turn: {exc.strerror or exc}") from None


def read_lines(path: Path) -> list[dict[str, Any]]:
    """JSON lines of a file; a torn last line (a crash mid-write) is ignored."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


# ---------------------------------------------------------------- notes


@dataclass(frozen=True)
class Note:
    id: str
    created: str
    text: str
    role: str = ""
    person: str = ""
    kind: str = "note"  # note (a real conversation) or rehearsal
    session: str = ""
    indexed: bool = True  # False when the store could not be reached: indexed at the next start

    @property
    def saved_line(self) -> str:
        """What the user is told once the note is saved."""
        later = "" if self.indexed else " The store is busy or unreachable: it becomes searchable at the next start."
        return f"Saved note {self.id}.{later}"

    @property
    def title(self) -> str:
        who = f" with {self.person}" if self.person else ""
        what = f" ({self.role})" if self.role else ""
        label = "Rehearsal" if self.kind == "rehearsal" else "Conversation"
        return f"{label}{who}{what}, {self.created[:10]}"


def notes_dir(settings: Settings) -> Path:
    return settings.data_dir / "notes"


def sessions_dir(settings: Settings) -> Path:
    return settings.data_dir / "sessions"


def clean_field(value: str | None, name: str, limit: int = 200) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise InputError(f"{name} is too long ({len(value)} characters; the limit is {limit})")
    return re.sub(r"\s+", " ", value)


def save_note(text: str, role: str = "", person: str = "", kind: str = "note", session: str = "", settings: Settings | None = None) -> Note:
    """Write a note file (atomically) and index it. The file is saved even if indexing fails.

    Raises InputError for an empty or oversized note.
    """
    settings = settings or get_settings()
    if not text or not text.strip():
        raise InputError("the note is empty")
    if "\x00" in text:
        raise InputError("the note is not text (it contains NUL bytes)")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError(f"the note is too long ({len(text):,} characters; the limit is {MAX_NOTE_CHARS:,})")
    note = Note(
        id=new_id("note"),
        created=now_iso(),
        text=text.strip(),
        role=clean_field(role, "role", limits.ROLE_CHARS),
        person=clean_field(person, "person", limits.PERSON_CHARS),
        kind=kind,
        session=session,
    )
    meta = {k: getattr(note, k) for k in ("id", "created", "role", "person", "kind", "session")}
    atomic_write(notes_dir(settings) / f"{note.id}.md", f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{note.text}\n")
    try:
        sync_notes(settings)
    except UnavailableError:
        note = replace(note, indexed=False)  # the file is the source of truth: the next start indexes it
    return note


def load_note(path: Path) -> Note | None:
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
    except (ValueError, yaml.YAMLError, OSError):
        return None
    return Note(
        id=str(meta.get("id") or path.stem),
        created=str(meta.get("created") or ""),
        text=body.strip(),
        role=str(meta.get("role") or ""),
        person=str(meta.get("person") or ""),
        kind=str(meta.get("kind") or "note"),
        session=str(meta.get("session") or ""),
    )


def list_notes(settings: Settings | None = None) -> list[Note]:
    settings = settings or get_settings()
    folder = notes_dir(settings)
    notes = [load_note(path) for path in sorted(folder.glob("*.md"))] if folder.is_dir() else []
    return sorted((n for n in notes if n), key=lambda n: n.created, reverse=True)


def note_chunks(settings: Settings):
    """Chunks of every note and every ended session's transcript, for the `notes` collection."""
    chunks = []
    for note in list_notes(settings):
        meta = {"source": note.id, "title": note.title, "topic": "notes", "role": note.role, "industry": "", "kind": note.kind, "person": note.person}
        chunks.extend(chunk_text(note.id, note.title, note.text, meta))
    return chunks


def sync_notes(settings: Settings | None = None) -> store.Synced:
    """Index notes on disk that are not in the store yet; drop ones whose file is gone."""
    settings = settings or get_settings()
    return store.sync_collection(store.collection("notes", settings), note_chunks(settings))


# ---------------------------------------------------------------- rehearsal sessions


def session_dir(session_id: str, settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    if not re.fullmatch(rf"[A-Za-z0-9_-]{{1,{limits.SESSION_ID_CHARS}}}", session_id or ""):
        raise InputError(f"not a session id: {session_id!r}")
    return sessions_dir(settings) / session_id


def create_session(meta: dict[str, Any], settings: Settings | None = None) -> str:
    """A new session folder with its session.json; returns the id."""
    session_id = new_id("session")
    meta = {**meta, "id": session_id, "created": now_iso(), "status": "open"}
    atomic_write(session_dir(session_id, settings) / "session.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return session_id


def update_session(session_id: str, changes: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    meta = load_session_meta(session_id, settings)
    meta.update(changes)
    atomic_write(session_dir(session_id, settings) / "session.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return meta


def append_turn(session_id: str, turn: dict[str, Any], settings: Settings | None = None) -> None:
    append_line(session_dir(session_id, settings) / "transcript.jsonl", {**turn, "at": now_iso()})


def save_session_notes(session_id: str, text: str, settings: Settings | None = None) -> None:
    if len(text or "") > MAX_NOTE_CHARS:
        raise InputError(f"the notes are too long ({len(text):,} characters; the limit is {MAX_NOTE_CHARS:,})")
    atomic_write(session_dir(session_id, settings) / "notes.md", text or "")


def save_report(session_id: str, report: dict[str, Any], settings: Settings | None = None) -> None:
    atomic_write(session_dir(session_id, settings) / "report.json", json.dumps(report, ensure_ascii=False, indent=2))


def load_session_meta(session_id: str, settings: Settings | None = None) -> dict[str, Any]:
    path = session_dir(session_id, settings) / "session.json"
    if not path.is_file():
        raise InputError(f"no saved session {session_id!r}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError) as exc:
        raise UnavailableError(f"session {session_id} cannot be read: {exc}") from None


def load_session(session_id: str, settings: Settings | None = None) -> dict[str, Any]:
    """{"meta", "turns", "notes", "report"} of a saved session (report None if not ended)."""
    folder = session_dir(session_id, settings)
    meta = load_session_meta(session_id, settings)
    notes_path, report_path = folder / "notes.md", folder / "report.json"
    report = None
    if report_path.is_file():
        try:
            report = json.loads(report_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            report = None
    return {
        "meta": meta,
        "turns": read_lines(folder / "transcript.jsonl"),
        "notes": notes_path.read_text(encoding="utf-8", errors="replace") if notes_path.is_file() else "",
        "report": report,
    }


def list_sessions(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every saved session's meta (newest first), with its report if it has one."""
    settings = settings or get_settings()
    folder = sessions_dir(settings)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            if (path / "session.json").is_file():
                try:
                    found.append(load_session(path.name, settings))
                except (InputError, UnavailableError):
                    continue
    return sorted(found, key=lambda s: s["meta"].get("created", ""), reverse=True)
