"""Test doubles that ship with the library, so a whole flow runs without a model.

`fake_chat(replies)` is a LangChain fake chat model answering from a list (structured
output included); `FakeEmbedder` gives deterministic vectors with no model at all. The
server helpers (`free_port`, `app_env`, `start_server`, `stop_server`) start the app or a
`chroma run` on loopback for the integration and end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.runnables import RunnableLambda

from coffeechat.llm import free_port  # noqa: F401  (re-exported for tests and benchmarks)


class FakeEmbedder(EmbeddingFunction[Documents]):
    """Bag-of-words vectors (hashed): texts sharing words are near, with no model."""

    dimensions = 256

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        vectors = []
        for text in input:
            vector = np.zeros(self.dimensions, dtype=np.float32)
            for word in text.lower().split():
                word = word.strip(".,:;!?()[]\"'")
                if word:
                    vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
            norm = np.linalg.norm(vector) or 1.0
            vectors.append(vector / norm)
        return vectors

    @staticmethod
    def name() -> str:
        return "coffeechat-fake"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "FakeEmbedder":
        return FakeEmbedder()

    def is_legacy(self) -> bool:
        return False


class FakeChat(FakeListChatModel):
    """FakeListChatModel that also supports with_structured_output: replies are JSON."""

    def with_structured_output(self, schema: Any, **kwargs: Any):  # type: ignore[override]
        def parse(message: Any) -> Any:
            data = json.loads(message.content)
            return schema.model_validate(data) if hasattr(schema, "model_validate") else data

        return self | RunnableLambda(parse)


def fake_chat(replies: Iterable[Any]) -> FakeChat:
    """A fake chat model answering each call with the next reply (dicts become JSON)."""
    return FakeChat(responses=[r if isinstance(r, str) else json.dumps(r) for r in replies])


# ---------------------------------------------------------------- local servers for tests and benchmarks


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a child `coffeechat` process: no inherited provider or key settings,
    its own data dir, no analytics or telemetry."""

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COFFEECHAT_"))}
    env.update({"COFFEECHAT_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost"})
    env.update(extra)
    return env


class ServerFailed(RuntimeError):
    """A server process exited, or did not answer in time; the message ends with its log."""


def start_server(argv: list[str], ready_url: str, log_path: Path, env: dict[str, str] | None = None, cwd: Path | None = None, timeout_s: float = 120) -> tuple[subprocess.Popen, float]:
    """Start `argv` with output to `log_path`; wait until GET `ready_url` answers 200.
    Returns (process, seconds to ready). Raises ServerFailed (and stops the process)."""
    import time
    import urllib.request

    with open(log_path, "w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    while True:
        if process.poll() is not None:
            raise ServerFailed(f"{argv[0]} exited with {process.returncode}: {log_path.read_text(errors='replace')[-1500:]}")
        if time.perf_counter() - started > timeout_s:
            stop_server(process)
            raise ServerFailed(f"no answer from {ready_url} in {timeout_s:.0f} s: {log_path.read_text(errors='replace')[-1500:]}")
        try:
            with urllib.request.urlopen(ready_url, timeout=2) as response:
                if response.status == 200:
                    return process, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)


def stop_server(process: subprocess.Popen, timeout_s: float = 20) -> None:
    """Terminate, then kill if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------- a tiny knowledge base

FIXTURE_PAGES = {
    "thanks.md": ("follow-up", "Thank-you notes", "Send a thank-you note within a day, naming one thing they told you and what you will do next."),
    "notes.md": ("notes", "Taking notes", "Write down names, surprises and resources they mention, then tidy your notes the same evening."),
    "linkedin.md": ("outreach", "Connection notes", "A LinkedIn connection note holds 300 characters: say who you are, why them, and ask for fifteen minutes."),
    "tiara.md": ("questions", "TIARA questions", "Trends, insights, advice, resources and assignments: the TIARA frame orders your questions."),
}


def write_fixture_knowledge(root: Path) -> Path:
    """Four one-paragraph pages under root/knowledge (the shipped base takes minutes to embed
    on two cores); returns that folder."""
    folder = root / "knowledge"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (topic, title, text) in FIXTURE_PAGES.items():
        (folder / name).write_text(f"---\ntitle: {title}\ntopic: {topic}\n---\n# {title}\n\n{text}\n")
    return folder


def stock_chroma_embedder(scratch: Path):
    """Chroma's stock ONNXMiniLM_L6_V2 pointed at our model files (symlinked under `scratch`),
    so the two embedders can be compared on the same weights without a download."""
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from coffeechat.embeddings import model_files

    model, tokenizer = model_files()
    folder = scratch / "onnx"
    folder.mkdir(parents=True)
    for name in ("config.json", "special_tokens_map.json", "tokenizer_config.json", "vocab.txt"):
        (folder / name).write_text("{}")  # present so the stock function does not try to download
    os.symlink(model, folder / "model.onnx")
    os.symlink(tokenizer, folder / "tokenizer.json")
    stock = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    stock.DOWNLOAD_PATH = folder.parent
    return stock
