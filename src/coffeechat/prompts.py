"""Prompts are data: one file per prompt in prompts/, YAML front matter then a Jinja2 body.

The front matter declares `variables:`; rendering with StrictUndefined makes a missing
variable an error, never a silent blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined


def resource_dir(name: str) -> Path:
    """prompts/ or knowledge/: inside the wheel when installed, else at the repo root."""
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: tuple[str, ...]
    body: str

    def render(self, /, **values: object) -> str:
        """The prompt with values filled in. Raises jinja2.UndefinedError on a missing one."""
        template = _environment().from_string(self.body)
        return template.render(**values).strip()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


def _parse(path: Path) -> Prompt:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: a prompt starts with YAML front matter")
    header, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(header) or {}
    return Prompt(name=path.stem, variables=tuple(meta.get("variables", [])), body=body)


@lru_cache(maxsize=None)
def load(name: str) -> Prompt:
    """The prompt named `name` (prompts/<name>.md)."""
    return _parse(resource_dir("prompts") / f"{name}.md")


def render(prompt_name: str, /, **values: object) -> str:
    return load(prompt_name).render(**values)


def all_prompts() -> list[Prompt]:
    return [_parse(path) for path in sorted(resource_dir("prompts").glob("*.md"))]
