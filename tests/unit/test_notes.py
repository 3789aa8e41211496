import pytest

from coffeechat import notes as sessions
from coffeechat.kb import store
from coffeechat.config import get_settings
from coffeechat.errors import InputError, UnavailableError


def test_note_is_saved_then_indexed(fake_embedder):
    note = sessions.save_note("Priya said night shifts are where new nurses learn fastest.", role="Registered Nurse", person="Priya")
    path = get_settings().data_dir / "notes" / f"{note.id}.md"
    assert path.is_file()
    metas = store.collection("notes").get(include=["metadatas"])["metadatas"]
    assert {m["source"] for m in metas} == {note.id}


def test_note_written_but_not_indexed_is_indexed_at_next_start(fake_embedder, monkeypatch):
    def crash(settings=None):
        raise UnavailableError("simulated crash between write and index")

    with monkeypatch.context() as patch:
        patch.setattr(sessions, "sync_notes", crash)
        note = sessions.save_note("A note saved just before a crash.")
    assert store.collection("notes").count() == 0
    from coffeechat.kb import index as knowledge

    knowledge.ensure_indexed(get_settings())  # what the app and every chain call at start
    metas = store.collection("notes").get(include=["metadatas"])["metadatas"]
    assert {m["source"] for m in metas} == {note.id}


def test_disk_full_leaves_no_partial_file(tmp_path, monkeypatch):
    import os

    target = tmp_path / "notes" / "n.md"
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UnavailableError, match="No space left"):
        sessions.atomic_write(target, "text")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert list((tmp_path / "notes").iterdir()) == []


@pytest.mark.parametrize("text, message", [("", "empty"), ("x" * 60_000, "too long"), ("a\x00b", "not text")])
def test_bad_notes_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        sessions.save_note(text)
