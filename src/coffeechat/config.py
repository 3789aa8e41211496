"""Settings, read once from an optional TOML file and then the environment (DESIGN.md).

Order of precedence: environment variables over the TOML file over defaults. The TOML
file is `~/.config/coffeechat/config.toml` unless a path is given; its keys are the env
var names in lower case without the `COFFEECHAT_` prefix (`provider`, `model`, ...),
plus `openai_base_url`. A key is never read from the TOML file: keys stay in the
environment, where the openai client looks for them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, SecretStr

from coffeechat.errors import InputError

PROVIDERS = ("embedded", "openai", "openai-compatible")
EMBEDDINGS = ("local", "openai")
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_CONFIG_PATH = Path("~/.config/coffeechat/config.toml")

_ENV = {
    "provider": "COFFEECHAT_PROVIDER",
    "model": "COFFEECHAT_MODEL",
    "embeddings": "COFFEECHAT_EMBEDDINGS",
    "data_dir": "COFFEECHAT_DATA_DIR",
    "chroma_url": "COFFEECHAT_CHROMA_URL",
    "openai_base_url": "OPENAI_BASE_URL",
    "n_parallel": "COFFEECHAT_N_PARALLEL",
    "ctx_per_slot": "COFFEECHAT_CTX_PER_SLOT",
}


class Settings(BaseModel):
    """Everything configurable, validated once; pass it down rather than re-reading env."""

    model_config = ConfigDict(frozen=True)

    provider: Literal["embedded", "openai", "openai-compatible"] = "embedded"
    model: str | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    embeddings: Literal["local", "openai"] = "local"
    data_dir: Path = Path("~/.local/share/coffeechat").expanduser()
    chroma_url: str | None = None
    # The embedded server: parallel slots and the context of each (a 20-minute transcript
    # with its grounding fits in 4,096 tokens).
    n_parallel: int = 4
    ctx_per_slot: int = 4096

    @property
    def model_name(self) -> str:
        """The model as the user would name it: a GGUF file name, or the provider's id."""
        if self.provider == "embedded":
            return Path(self.model).name if self.model else "SmolLM2-135M-Instruct.Q4_1.gguf"
        return self.model or DEFAULT_OPENAI_MODEL

    def public(self) -> dict[str, str]:
        """What may be shown to a user: never the key, only whether one is set."""
        return {
            "provider": self.provider,
            "model": self.model_name,
            "base_url": self.openai_base_url or "",
            "embeddings": self.embeddings,
            "data_dir": str(self.data_dir),
            "store": self.chroma_url or f"embedded ({self.data_dir / 'chroma'})",
            "api_key": "set" if self.openai_api_key else "not set",
        }


def load_settings(config_path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the TOML file (if any) and the environment into validated Settings.

    Raises InputError (exit 2) with one line for an unreadable file, an unknown provider or
    embeddings kind, a bad number, or the `openai` provider without OPENAI_API_KEY.
    """
    env = dict(os.environ if env is None else env)
    values: dict[str, object] = {}

    path = Path(config_path).expanduser() if config_path else DEFAULT_CONFIG_PATH.expanduser()
    if config_path and not path.is_file():
        raise InputError(f"config file not found: {path}")
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read config file {path}: {exc}") from None
        for key in _ENV:
            if key in file_values:
                values[key] = file_values[key]

    for key, var in _ENV.items():
        if env.get(var):
            values[key] = env[var]

    provider = str(values.get("provider", "embedded"))
    if provider not in PROVIDERS:
        raise InputError(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)} (COFFEECHAT_PROVIDER)")
    embeddings = str(values.get("embeddings", "local"))
    if embeddings not in EMBEDDINGS:
        raise InputError(f"unknown embeddings {embeddings!r}: use local or openai (COFFEECHAT_EMBEDDINGS)")
    for key in ("n_parallel", "ctx_per_slot"):
        if key in values:
            try:
                values[key] = int(values[key])  # type: ignore[arg-type]
            except ValueError:
                raise InputError(f"{_ENV[key]} must be a whole number, got {values[key]!r}") from None
            if values[key] < 1:  # type: ignore[operator]
                raise InputError(f"{_ENV[key]} must be at least 1")
    if "data_dir" in values:
        values["data_dir"] = Path(str(values["data_dir"])).expanduser()

    key = env.get("OPENAI_API_KEY") or None
    if key:
        values["openai_api_key"] = SecretStr(key)
    if provider == "openai" and not key:
        raise InputError("provider openai needs OPENAI_API_KEY in the environment")
    if embeddings == "openai" and not key:
        raise InputError("COFFEECHAT_EMBEDDINGS=openai needs OPENAI_API_KEY in the environment")
    if provider == "openai-compatible" and not values.get("openai_base_url"):
        raise InputError("provider openai-compatible needs OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama)")
    return Settings(**values)  # type: ignore[arg-type]


_current: Settings | None = None


def get_settings() -> Settings:
    """The process's settings, loaded on first use."""
    global _current
    if _current is None:
        _current = load_settings()
    return _current


def set_settings(settings: Settings | None) -> None:
    """Install settings for this process (the CLI after parsing --config; tests)."""
    global _current
    _current = settings
