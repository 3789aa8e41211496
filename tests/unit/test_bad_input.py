"""Bad input through every CLI command: exit 2 and one line on stderr, never a traceback.
Fine input in other languages, with emoji, markdown or HTML, works and is kept as written."""

import io
import json
import os
import subprocess
import sys

import pytest

from coffeechat import limits
from coffeechat.cli import main
from coffeechat.testing import fake_chat

HUGE = "a" * 2_000_000  # 2 MB
BINARY = b"\x00\x01\x02\xff\xfe binary \x00"
LATIN1 = "Caf\xe9 cr\xe8me, r\xe9sum\xe9".encode("latin-1")  # not UTF-8
SURROGATE = "caf\udce9"  # how Python sees a non-UTF-8 byte in argv
WORLD = "看護師 · Krankenpfleger · ممرضة · медсестра ☕👩‍⚕️"
MARKUP = "**bold** <script>window.x=1</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))"


def one_line_error(capsys, code, argv, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    assert main(argv) == code, argv
    captured = capsys.readouterr()
    err = captured.err
    assert err.startswith("coffeechat: ") and err.count("\n") == 1 and len(err) < 400, err[:400]
    assert "Traceback" not in err and not captured.out
    return err


@pytest.fixture
def files(tmp_path):
    made = {}
    for name, data in {"empty": b"", "blank": b"  \n\t\n", "huge": HUGE.encode(), "binary": BINARY, "latin1": LATIN1}.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        made[name] = str(path)
    made["missing"] = str(tmp_path / "missing.txt")
    made["folder"] = str(tmp_path)
    return made


FILE_COMMANDS = {
    "critique": lambda f: ["critique", f, "--channel", "email", "--no-rewrite"],
    "notes add": lambda f: ["notes", "add", f],
    "questions --bio": lambda f: ["questions", "--role", "actuary", "--bio", f],
    "draft outreach --bio": lambda f: ["draft", "outreach", "--bio", f, "--name", "Dana"],
    "draft thank-you --notes": lambda f: ["draft", "thank-you", "--notes", f, "--name", "Dana"],
    "rehearse --script": lambda f: ["rehearse", "--role", "actuary", "--script", f],
}


@pytest.mark.parametrize("command", FILE_COMMANDS)
@pytest.mark.parametrize("kind", ["huge", "binary", "latin1", "missing", "folder"])
def test_bad_files_exit_2_with_one_line(command, kind, files, capsys):
    err = one_line_error(capsys, 2, FILE_COMMANDS[command](files[kind]))
    assert any(word in err for word in ("too large", "not text", "not UTF-8", "not found")), err


@pytest.mark.parametrize("command", ["critique", "notes add", "rehearse --script"])
@pytest.mark.parametrize("kind", ["empty", "blank"])
def test_empty_files_exit_2(command, kind, files, capsys, fake_embedder):
    one_line_error(capsys, 2, FILE_COMMANDS[command](files[kind]))


@pytest.mark.parametrize("data", [HUGE.encode(), BINARY, LATIN1, b""])
def test_bad_stdin_exits_2(data, capsys, monkeypatch):
    one_line_error(capsys, 2, ["critique", "-", "--channel", "linkedin-note", "--no-rewrite"], stdin=data, monkeypatch=monkeypatch)
    one_line_error(capsys, 2, ["notes", "add", "-"], stdin=data, monkeypatch=monkeypatch)


TEXT_ARGS = {
    "search": lambda v: ["search", v],
    "questions --role": lambda v: ["questions", "--role", v],
    "questions --industry": lambda v: ["questions", "--role", "nurse", "--industry", v],
    "questions --company": lambda v: ["questions", "--role", "nurse", "--company", v],
    "questions --goal": lambda v: ["questions", "--role", "nurse", "--goal", v],
    "questions --background": lambda v: ["questions", "--role", "nurse", "--background", v],
    "rehearse --role": lambda v: ["rehearse", "--role", v, "--goal", "x"],
    "rehearse --goal": lambda v: ["rehearse", "--role", "nurse", "--goal", v],
    "draft --name": lambda v: ["draft", "outreach", "--name", v],
    "draft --their-work": lambda v: ["draft", "outreach", "--name", "Dana", "--their-work", v],
    "draft --me": lambda v: ["draft", "outreach", "--name", "Dana", "--me", v],
    "thank-you --next-step": lambda v: ["draft", "thank-you", "--name", "Dana", "--next-step", v],
    "thank-you --session": lambda v: ["draft", "thank-you", "--name", "Dana", "--session", v],
    "eval suite": lambda v: ["eval", v],
    "app --auth": lambda v: ["app", "--host", "0.0.0.0", "--auth", v],
}


@pytest.mark.parametrize("command", TEXT_ARGS)
@pytest.mark.parametrize("kind", ["huge", "nul", "surrogate"])
def test_bad_text_arguments_exit_2(command, kind, capsys, fake_embedder):
    value = {"huge": HUGE, "nul": "a\x00b", "surrogate": SURROGATE}[kind]
    one_line_error(capsys, 2, TEXT_ARGS[command](value))


@pytest.mark.parametrize("argv", [
    ["search", ""], ["search", "   "], ["questions", "--role", ""], ["questions", "--role", " \t "], ["rehearse", "--role", ""],
    ["eval", "../../etc"], ["eval", "<script>alert(1)</script>"], ["notes", "add", "-", "--role", "r" * (limits.ROLE_CHARS + 1)],
    ["app", "--host", "0.0.0.0"], ["app", "--host", "0.0.0.0", "--auth", "nocolon"], ["critique", "--channel", "fax"],
])
def test_empty_and_invalid_values_exit_2(argv, capsys, monkeypatch, fake_embedder):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a fine note")))
    one_line_error(capsys, 2, argv)


def test_bad_scripts_exit_2(tmp_path, capsys):
    cases = {
        "not json": "turns: [hi]",
        "wrong shape": json.dumps({"turns": "hi"}),
        "numbers": json.dumps({"turns": [1, 2]}),
        "too many": json.dumps({"turns": ["hi"] * (limits.SCRIPT_TURNS + 1)}),
        "list": json.dumps(["hi"]),
    }
    for name, text in cases.items():
        path = tmp_path / "script.json"
        path.write_text(text, encoding="utf-8")
        one_line_error(capsys, 2, ["rehearse", "--role", "actuary", "--script", str(path)])


# ------------------------------------------------------------------ fine input works


@pytest.fixture
def fake_model(monkeypatch):
    """Every chain's model is a fake that says something plausible in the first person."""
    from coffeechat import llm

    monkeypatch.setattr(llm, "chat_model", lambda settings=None, **kw: fake_chat(["I think the hardest part of my work is explaining results to people without technical training."] * 400))


def test_critique_keeps_other_languages_emoji_and_markup(tmp_path, capsys):
    message = f"Hi Dana 👋, I'm a student. {WORLD}\n{MARKUP}\nWould you have 15 minutes next week? Thank you!"
    path = tmp_path / "message.txt"
    path.write_text(message, encoding="utf-8")
    assert main(["critique", str(path), "--channel", "linkedin-message", "--no-rewrite", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 <= data["score"] <= 100 and data["chars"] == len(message.strip())


def test_note_in_another_language_is_saved_as_written(tmp_path, capsys, fake_embedder):
    text = f"{WORLD}\n{MARKUP}"
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    assert main(["notes", "add", str(path), "--role", "Krankenpfleger 🏥", "--person", "Zoë <b>", "--json"]) == 0
    note = json.loads(capsys.readouterr().out)
    assert note["person"] == "Zoë <b>"
    saved = (tmp_path / "data" / "notes" / f"{note['id']}.md").read_text(encoding="utf-8")
    assert text in saved
    assert main(["search", "Krankenpfleger 看護師 ☕", "--collection", "notes", "--json"]) == 0
    assert any(r["source"] == note["id"] for r in json.loads(capsys.readouterr().out)["results"])


def test_questions_and_drafts_with_other_languages_and_markup(capsys, fake_embedder, fake_model):
    assert main(["questions", "--role", "Ingeniera de software 👩‍💻", "--company", "Café <b>Ltd</b>", "--goal", WORLD, "--n", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["role"] == "Ingeniera de software 👩‍💻" and len(data["questions"]) == 2
    assert main(["draft", "outreach", "--name", "Zoë Ñúñez", "--role", "データサイエンティスト", "--their-work", MARKUP, "--json"]) == 0
    json.loads(capsys.readouterr().out)


def test_rehearsal_script_with_emoji_and_markup(tmp_path, capsys, fake_embedder, fake_model):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"turns": ["Hola 👋 thanks for your time!", MARKUP, "看護師の仕事で一番大変なことは何ですか？"]}, ensure_ascii=False), encoding="utf-8")
    assert main(["rehearse", "--role", "actuary ☕", "--goal", WORLD, "--script", str(script), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    users = [t["text"] for t in data["turns"] if t["speaker"] == "user"]
    assert MARKUP in users and "看護師の仕事で一番大変なことは何ですか？" in users


# ------------------------------------------------------------------ a real process: no traceback


def run_cli(*args: str | bytes, stdin: bytes = b""):
    env = {**os.environ, "COFFEECHAT_ALLOW_MODEL_REQUESTS": "0"}
    return subprocess.run([sys.executable, "-m", "coffeechat.cli", *args], input=stdin, capture_output=True, env=env, timeout=120)


def test_a_real_process_with_non_utf8_argv_and_2mb_stdin():
    done = run_cli("questions", "--role", b"caf\xe9")
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1 and b"not UTF-8" in done.stderr
    done = run_cli("critique", "--channel", "email", "--no-rewrite", stdin=HUGE.encode())
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1 and b"too large" in done.stderr
    assert b"Traceback" not in done.stderr and not done.stdout
