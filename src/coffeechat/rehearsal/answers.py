"""Answer banks: first-person answers authored per role (knowledge/README.md, "Answer banks").

A bank belongs to a role profile (`<profile>.answers.yaml` beside it). A role with no profile
of its own or of its occupation, but a known occupation, uses its job family's bank
(curated/family_answers/<SOC major group>.yaml, with its minor group's file laid over it
where the group's work differs, e.g. 39-2 animal care), true of the whole family or group; a role matching no occupation uses the generic bank
(curated/generic_answers.yaml), true of most work. Both name the role through `{role}`. Slots are filled from the persona card, so an
answer never contradicts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from coffeechat.kb.general import GROUPS_DIR
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


@lru_cache(maxsize=32)
def family_bank(code: str) -> AnswerBank | None:
    """The bank of a job family ("39") or of a minor group ("39-2", whose file, when it has
    one, is laid over its family's); None when neither has one. An intent neither file answers
    comes from the generic bank."""
    folder = Path(__file__).resolve().parents[1] / GROUPS_DIR
    layers = [folder / f"{key}.yaml" for key in dict.fromkeys((code[:2], code[:4])) if key]
    found = [_parse(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, f"family:{path.stem}") for path in layers if path.is_file()]
    if not found:
        return None
    answers = dict(generic_bank().answers)
    for bank in found:  # the family, then its group: the more specific wins
        answers.update({k: v for k, v in bank.answers.items() if v})
    # Background advice is the most specific file's only: a family's advice to a nurse ("customers
    # who choose you") would be wrong for a zookeeper; a background it lacks gets the switching answers.
    return replace(found[-1], answers=answers, switch_from=dict(next((b.switch_from for b in reversed(found) if b.switch_from), {})))


def family_of(grounding: dict | None) -> str:
    """The job family and minor group ("39-2") whose bank a persona answers from: only a
    general profile's (a role with no profile of its own or of its occupation); "" otherwise."""
    grounding = grounding or {}
    occupation = grounding.get("occupation") or {}
    return str(occupation.get("code") or "")[:4] if grounding.get("kind") == "general" else ""


def bank_for(profile_source: str, family: str = "") -> AnswerBank:
    """The role profile's bank, else the job family's, else the generic one."""
    return bank_for_profile(profile_source) or family_bank(family) or generic_bank()


def fill(text: str, **slots) -> str:
    """An authored text with the persona's facts in its slots; unknown slots stay visible
    to the lint, never to a user (the lint forbids them)."""
    def slot(match: re.Match) -> str:
        value = str(slots.get(match.group(1), match.group(0)))
        starts_sentence = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in ".!?"
        return value[:1].upper() + value[1:] if starts_sentence else value  # "The City of ... hired me"

    return re.sub(r"\{(\w+)\}", slot, text)
