import json
import subprocess
import sys


from coffeechat.cli import main


def run(*args, stdin=None, env_extra=None, tmp_path=None):
    import os

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "coffeechat.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


def test_unknown_provider_exits_2_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("COFFEECHAT_PROVIDER", "nope")
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown provider" in err


def test_usage_error_is_one_line_exit_2(capsys):
    assert main(["questions"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--role" in err


def test_n_out_of_range_exits_2(capsys):
    assert main(["questions", "--role", "actuary", "--n", "31"]) == 2
    assert "between 1 and 30" in capsys.readouterr().err


def test_unreadable_bio_exits_2(tmp_path, capsys):
    binary = tmp_path / "bio.bin"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["questions", "--role", "actuary", "--bio", str(binary)]) == 2
    assert "not text" in capsys.readouterr().err
    assert main(["questions", "--role", "actuary", "--bio", str(tmp_path / "missing.txt")]) == 2


def test_notes_add_writes_a_file_and_prints_json(tmp_path, fake_embedder, capsys, monkeypatch):
    note = tmp_path / "note.txt"
    note.write_text("Dana said the exams took her six years while working.")
    assert main(["notes", "add", str(note), "--role", "Actuary", "--person", "Dana", "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["role"] == "Actuary" and data["id"].startswith("note-")
    saved = list((tmp_path / "data" / "notes").glob("*.md"))
    assert len(saved) == 1 and "six years" in saved[0].read_text()


def test_empty_note_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    assert main(["notes", "add", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err


def test_search_json_is_exactly_one_document(fake_embedder, capsys, monkeypatch):
    assert main(["search", "how to write a thank-you note", "--json", "--k", "3"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert len(data["results"]) == 3
    assert {"text", "source", "topic", "score"} <= set(data["results"][0])


def test_blank_search_exits_2(fake_embedder, capsys):
    assert main(["search", "   "]) == 2
    assert "empty" in capsys.readouterr().err


def test_unexpected_errors_are_one_line(monkeypatch, capsys):
    import coffeechat.cli as cli

    def boom(args):
        raise ValueError("internal detail")

    monkeypatch.setattr(cli, "cmd_doctor", boom)
    parser_main = cli.main
    monkeypatch.setattr(cli, "build_parser", _parser_with(cli, boom))
    assert parser_main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def _parser_with(cli, handler):
    original = cli.build_parser

    def build():
        parser = original()
        parser._subparsers._group_actions[0].choices["doctor"].set_defaults(handler=handler)
        return parser

    return build


def test_app_refuses_public_bind_without_auth(capsys):
    assert main(["app", "--host", "0.0.0.0"]) == 2
    assert "--auth" in capsys.readouterr().err
