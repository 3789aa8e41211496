"""Answer banks: first-person answers authored per role (knowledge/README.md, "Answer banks").

A bank belongs to a role profile (`<profile>.answers.yaml` beside it). A role with no profile
uses the generic bank (curated/generic_answers.yaml), which speaks only of what is true of
most work and names the role through `{role}`. Slots are filled from the persona card, so an
answer never contradicts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from coffeechat.prompts import resource_dir

GENERIC = "generic"


@dataclass(frozen=True)
class AnswerBank:
    role: str
    source: str  # the bank's repo-relative path, or "generic"
    employers: tuple[str, ...]
    answers: dict[str, tuple[str, ...]]
    switch_from: dict[str, str] = field(default_factory=dict)

    def variants(self, intent: str) -> tuple[str, ...]:
        return self.answers.get(intent, ())


def _parse(data: dict, source: str) -> AnswerBank:
    answers = {intent: tuple(str(v).strip() for v in variants or []) for intent, variants in (data.get("answers") or {}).items()}
    return AnswerBank(
        role=str(data.get("role") or ""),
        source=source,
        employers=tuple(str(e) for e in data.get("employers") or []),
        answers=answers,
        switch_from={str(k): str(v).strip() for k, v in (data.get("switch_from") or {}).items()},
    )


@lru_cache(maxsize=256)
def bank_for_profile(profile_source: str) -> AnswerBank | None:
    """The bank beside a profile (`knowledge/roles/x/y.md`), or None when it has none."""
    if not profile_source:
        return None
    relative = profile_source.split("/", 1)[1] if "/" in profile_source else profile_source
    path = (resource_dir("knowledge") / relative).with_suffix(".answers.yaml")
    if not path.is_file():
        return None
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, profile_source.rsplit(".", 1)[0] + ".answers.yaml")


@lru_cache(maxsize=1)
def generic_bank() -> AnswerBank:
    path = Path(__file__).resolve().parents[1] / "curated" / "generic_answers.yaml"
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")), GENERIC)


def bank_for(profile_source: str) -> AnswerBank:
    return bank_for_profile(profile_source) or generic_bank()


def fill(text: str, **slots) -> str:
    """An authored text with the persona's facts in its slots; unknown slots stay visible
    to the lint, never to a user (the lint forbids them)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(slots.get(m.group(1), m.group(0))), text)
