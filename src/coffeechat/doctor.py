"""`coffeechat doctor`: each part of the stack, OK or what to do about it."""

from __future__ import annotations

import time
from dataclasses import dataclass

from coffeechat.config import Settings
from coffeechat.errors import CoffeechatError


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_weights(settings: Settings) -> Check:
    from coffeechat.llm import weights_path

    if settings.provider != "embedded":
        return Check("weights", True, f"not needed for provider {settings.provider}")
    try:
        path = weights_path(settings)
    except CoffeechatError as exc:
        return Check("weights", False, str(exc))
    return Check("weights", True, f"{path.name} ({path.stat().st_size / 1e6:.0f} MB)")


def check_provider(settings: Settings) -> Check:
    from coffeechat.llm import chat_model, describe_failure

    started = time.perf_counter()
    try:
        reply = chat_model(settings, max_tokens=1, temperature=0).invoke("Say OK.")
    except CoffeechatError as exc:
        return Check("provider", False, str(exc))
    except Exception as exc:
        return Check("provider", False, describe_failure(exc))
    seconds = time.perf_counter() - started
    return Check("provider", bool(reply.content is not None), f"{settings.provider} / {settings.model_name} answered in {seconds:.1f}s")


def check_embedder(settings: Settings) -> Check:
    from coffeechat.embeddings import default_embedder

    try:
        vector = default_embedder(settings)(["an informational interview"])[0]
    except CoffeechatError as exc:
        return Check("embedder", False, str(exc))
    except Exception as exc:
        return Check("embedder", False, f"the embedder failed ({type(exc).__name__}); reinstall with `make run`")
    return Check("embedder", True, f"{settings.embeddings}, {len(vector)} dimensions")


def check_store(settings: Settings) -> Check:
    from coffeechat.kb import store

    try:
        counts = {name: store.collection(name, settings).count() for name in store.COLLECTIONS}
    except CoffeechatError as exc:
        return Check("store", False, str(exc))
    where = settings.chroma_url or str(settings.data_dir / "chroma")
    hint = "" if counts["knowledge"] else " (empty: run `coffeechat index`)"
    return Check("store", True, f"{where}: {counts['knowledge']} knowledge chunks, {counts['notes']} note chunks{hint}")


def run_checks(settings: Settings) -> list[Check]:
    return [check_weights(settings), check_provider(settings), check_embedder(settings), check_store(settings)]
