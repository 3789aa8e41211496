"""Test doubles that ship with the library, so a whole flow runs without a model.

`fake_chat(replies)` is a LangChain fake chat model answering from a list (structured
output included); `FakeEmbedder` gives deterministic vectors with no model at all.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.runnables import RunnableLambda


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
