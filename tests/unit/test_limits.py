"""Limits live in one place (coffeechat.limits): the chains, the CLI, the UI and the README agree."""

import re
from pathlib import Path

import pytest

from coffeechat import limits
from coffeechat.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "coffeechat"
# Constants named MAX_* that are not limits on what a user types (attempts, output shape, caches).
INTERNAL = {"MAX_ATTEMPTS", "MAX_WORDS", "MAX_TOKENS", "MAX_LIVE", "MAX_CHARS", "MIN_WORDS"}


def test_readme_table_is_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Limits" in readme
    assert limits.limits_markdown() in readme, "README's Limits table is stale: paste coffeechat.limits.limits_markdown()"


def test_no_user_input_limit_is_a_literal_outside_limits_py():
    stray = []
    for path in SRC.rglob("*.py"):
        if path.name == "limits.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name, value in re.findall(r"\b(MAX_[A-Z_]+)\s*=\s*([0-9][0-9_]*)", line):
                if not any(name.endswith(internal) or name == internal for internal in INTERNAL):
                    stray.append(f"{path.relative_to(ROOT)}:{number}: {name} = {value}")
            if re.search(r"Textbox\(.*max_length\s*=\s*[0-9]", line) or re.search(r"read_text_arg\([^)]*limit=[0-9]", line):
                stray.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not stray, "limits must come from coffeechat.limits:\n" + "\n".join(stray)


def test_check_length_counts_characters_after_stripping():
    assert limits.check_length("  ab  ", 2, "x") == "ab"
    assert limits.check_length(None, 2, "x") == ""
    with pytest.raises(InputError, match=r"the role is too long \(3 characters; the limit is 2\)"):
        limits.check_length("abc", 2, "the role")


def test_file_limits_leave_room_for_four_byte_characters():
    assert limits.BIO_FILE_BYTES >= 4 * limits.BIO_CHARS
    assert limits.NOTE_FILE_BYTES >= 4 * limits.NOTE_CHARS
    assert limits.MESSAGE_FILE_BYTES >= 4 * limits.MESSAGE_CHARS
    assert all(value <= limits.FILE_BYTES for value in (limits.BIO_FILE_BYTES, limits.NOTE_FILE_BYTES, limits.MESSAGE_FILE_BYTES, limits.SCRIPT_FILE_BYTES))


def test_chains_enforce_the_shared_limits(fake_embedder):
    from coffeechat.outreach.channels import check_input
    from coffeechat.rehearsal.persona import validate_inputs
    from coffeechat.questions.models import QuestionRequest
    from coffeechat.kb.retrieval import retrieve
    from coffeechat.notes import save_note

    at, over = "r" * limits.ROLE_CHARS, "r" * (limits.ROLE_CHARS + 1)
    assert QuestionRequest.from_user(role=at).role == at
    assert validate_inputs(at, [], "warm", "", "")[0] == at
    for call in (lambda: QuestionRequest.from_user(role=over), lambda: validate_inputs(over, [], "warm", "", "")):
        with pytest.raises(InputError, match=f"limit is {limits.ROLE_CHARS}"):
            call()
    goals = ["g"] * (limits.GOALS + 1)
    with pytest.raises(InputError, match="too many goals"):
        QuestionRequest.from_user(role="nurse", goals=goals)
    with pytest.raises(InputError, match="too many goals"):
        validate_inputs("nurse", goals, "warm", "", "")
    with pytest.raises(InputError, match="goal is too long"):
        QuestionRequest.from_user(role="nurse", goals=["g" * (limits.GOAL_CHARS + 1)])
    with pytest.raises(InputError, match="industry is too long"):
        QuestionRequest.from_user(role="nurse", industry="i" * (limits.INDUSTRY_CHARS + 1))
    with pytest.raises(InputError, match="bio is too long"):
        validate_inputs("nurse", [], "warm", "", "b" * (limits.PERSONA_BIO_CHARS + 1))
    with pytest.raises(InputError, match="too long"):
        check_input("word " * (limits.MESSAGE_CHARS // 5 + 1), "email")
    with pytest.raises(InputError, match="query is too long"):
        retrieve("q" * (limits.QUERY_CHARS + 1))
    with pytest.raises(InputError, match="note is too long"):
        save_note("n" * (limits.NOTE_CHARS + 1))
    with pytest.raises(InputError, match="person is too long"):
        save_note("a real note", person="p" * (limits.PERSON_CHARS + 1))


def test_rehearsal_message_and_script_limits(fake_embedder):
    import json

    from coffeechat.rehearsal.session import Rehearsal, parse_script
    from coffeechat.testing import fake_chat

    with pytest.raises(InputError, match=f"limit is {limits.SCRIPT_TURNS}"):
        parse_script(json.dumps({"turns": ["hi"] * (limits.SCRIPT_TURNS + 1)}))
    rehearsal = Rehearsal.start("actuary", model=fake_chat(["x"]), save=False)
    with pytest.raises(InputError, match=f"{limits.REHEARSAL_MESSAGE_CHARS:,}"):
        list(rehearsal.stream_reply("m" * (limits.REHEARSAL_MESSAGE_CHARS + 1)))


def test_ui_text_boxes_use_the_shared_limits():
    from coffeechat.ui import build_app

    app = build_app()
    boxes = {b.elem_id: b.max_length for b in app.blocks.values() if type(b).__name__ == "Textbox" and b.elem_id}
    expected = {
        "cc-role": limits.ROLE_CHARS, "cc-industry": limits.INDUSTRY_CHARS, "cc-bio": limits.PERSONA_BIO_CHARS,
        "cc-goals": limits.GOALS_BOX_CHARS, "cc-message": limits.REHEARSAL_MESSAGE_CHARS, "cc-notes": limits.NOTE_CHARS,
        "cc-q-role": limits.ROLE_CHARS, "cc-q-industry": limits.INDUSTRY_CHARS, "cc-q-company": limits.COMPANY_CHARS,
        "cc-q-bio": limits.BIO_CHARS, "cc-q-goals": limits.GOALS_BOX_CHARS,
        "cc-outreach-message": limits.MESSAGE_CHARS, "cc-draft-name": limits.PERSON_CHARS, "cc-draft-work": limits.BIO_CHARS,
        "cc-thanks-notes": limits.NOTE_CHARS,
        "cc-note-role": limits.ROLE_CHARS, "cc-note-person": limits.PERSON_CHARS, "cc-note-text": limits.NOTE_CHARS,
    }
    assert {k: boxes.get(k) for k in expected} == expected
    inputs_without_a_limit = [k for k, v in boxes.items() if v is None and k not in ("cc-outreach-rewrite", "cc-draft-text", "cc-thank-you", "cc-thanks-text", "cc-thanks-keep")]
    assert not inputs_without_a_limit


def test_questions_tab_bio_file_in_another_language_meets_the_character_limit(tmp_path):
    from coffeechat.tabs.questions import read_bio_file

    bio = tmp_path / "bio.txt"
    text = "看護師として十年働いています。" * 600  # 9,000 characters, ~27 KB of UTF-8
    bio.write_text(text, encoding="utf-8")
    assert len(text) <= limits.BIO_CHARS < len(text.encode())
    assert read_bio_file(str(bio)) == text
