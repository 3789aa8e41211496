"""With a marker key set, run the CLI flows, one eval suite and the app; the key appears nowhere:
not in stdout or stderr, logs, the pages and JSON served, the data dir (sessions, notes,
Chroma) or evals/results."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

from coffeechat.testing import app_env, free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
MARKER = f"sk-test-MARKER{secrets.token_hex(12)}"


def _env(tmp_path: Path) -> dict:
    return app_env(tmp_path / "data", OPENAI_API_KEY=MARKER, COFFEECHAT_PROVIDER="embedded", HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")


def _cli(env: dict, *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "coffeechat.cli", *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode in (0, 3), f"{args}: {done.returncode} {done.stderr[-500:]}"
    return done.stdout + done.stderr


def _app_texts(env: dict, log_path: Path) -> list[str]:
    """The served page, its config JSON, and a Settings-tab connection test through the API."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    app, _ = start_server([sys.executable, "-m", "coffeechat.cli", "app", "--port", str(port)], url, log_path, env=env, cwd=ROOT)
    try:
        texts = [urllib.request.urlopen(url, timeout=10).read().decode("utf-8", "replace")]
        for path in ("config", "gradio_api/info"):
            try:
                texts.append(urllib.request.urlopen(url + path, timeout=10).read().decode("utf-8", "replace"))
            except OSError:
                pass
        assert any("api_key" in t for t in texts), "the Settings tab's table was not served"
        from gradio_client import Client

        client = Client(url, verbose=False)
        result = client.predict(api_name="/test_connection")
        texts.append(json.dumps(result) if not isinstance(result, str) else result)
        assert "provider" in texts[-1]
        return texts
    finally:
        stop_server(app)


def test_the_key_appears_nowhere(tmp_path):
    env = _env(tmp_path)
    results = ROOT / "evals" / "results"
    before = set(results.glob("*.json")) if results.is_dir() else set()
    note = tmp_path / "note.txt"
    note.write_text("Dana said the exams took six years while working full time.")
    message = tmp_path / "message.txt"
    message.write_text("Subject: your talk\n\nHi Dana, I'm a teacher. Your talk on flood risk stuck with me. Would you have 15 minutes next week? Thank you.")
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"turns": ["Hi, thanks for your time!", "How did you balance the exams with working?"]}))

    outputs = [
        _cli(env, "-v", "doctor"),
        _cli(env, "notes", "add", str(note), "--role", "Actuary", "--person", "Dana"),
        _cli(env, "-v", "search", "exams", "--json"),
        _cli(env, "questions", "--role", "actuary", "--n", "2", "--json"),
        _cli(env, "critique", str(message), "--channel", "email", "--no-rewrite", "--json"),
        _cli(env, "rehearse", "--role", "actuary", "--script", str(script), "--json"),
        _cli(env, "eval", "smoke", "--limit", "2", "--json"),
    ]
    outputs += _app_texts(env, tmp_path / "app.log")

    for number, text in enumerate(outputs):
        assert MARKER not in text, f"output {number} shows the key"
    written = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    written += [tmp_path / "app.log"] + [p for p in results.glob("*.json") if p not in before]
    assert any("sessions" in str(p) for p in written) and any("notes" in str(p) for p in written) and any("chroma" in str(p) for p in written)
    for path in written:
        assert MARKER.encode() not in path.read_bytes(), f"{path} holds the key"
