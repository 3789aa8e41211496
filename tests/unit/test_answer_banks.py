"""Content lint for role profiles' answer banks (knowledge/README.md, "Answer banks").

Every role profile has an answer bank; every intent has two or more distinct variants of
two to four sentences; slots are only the ones the persona fills; background keys come from
the fixed list the rehearsal recognises.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "knowledge" / "roles"
PROFILES = sorted(ROOT.rglob("*.md"))

INTENTS = (
    "path_in", "typical_day", "surprise", "hardest", "enjoy", "difficult_situation", "mistake", "skills",
    "changing", "switching", "break_in", "resources", "balance", "differently", "who_else", "wish_asked",
)
BACKGROUNDS = {
    "student", "teacher", "engineer", "software", "healthcare", "military", "service", "business",
    "arts", "science", "trades", "law_government", "social",
}
SLOTS = {"org", "years", "city"}
MIN_VARIANTS = 2
MIN_EMPLOYERS = 3
MIN_BACKGROUNDS = 3
SENTENCES = (2, 4)
# Two variants sharing more than this share of their content words say the same thing twice
# (hand-checked on the first banks: distinct variants sat at 0.05-0.3).
MAX_OVERLAP = 0.5
STOP = set("a an the and or but to of in on for with at by from as is are was were be been it its i my me we our you your that this these those so if then than when what which who how do did does not no have has had can could would will just about into out up more most very".split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text.strip()) if s]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOP and len(w) > 2}


def overlap(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def bank_of(profile: Path) -> dict:
    path = profile.with_suffix(".answers.yaml")
    assert path.exists(), f"{profile.relative_to(ROOT)} has no answer bank ({path.name})"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def role_of(profile: Path) -> str:
    match = re.search(r"^role:\s*(.+)$", profile.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip().strip("'\"") if match else ""


def test_there_are_profiles():
    assert len(PROFILES) >= 40


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_answer_bank(profile):
    bank = bank_of(profile)
    assert bank.get("role") == role_of(profile), "the bank's role must match the profile's"
    employers = bank.get("employers") or []
    assert len(employers) >= MIN_EMPLOYERS and len(set(employers)) == len(employers)
    check_answers(bank, SLOTS)
    for text in employers:
        check_slots(text, SLOTS)


def check_slots(text: str, allowed: set[str]) -> None:
    assert isinstance(text, str) and text.strip(), text
    slots = set(re.findall(r"\{(\w*)\}", text))
    assert slots <= allowed, f"unknown slot {slots - allowed} in: {text}"
    assert not re.search(r"[{}]", re.sub(r"\{(\w+)\}", "", text)), f"stray brace in: {text}"


def check_answers(bank: dict, allowed: set[str]) -> None:
    """The rules every answer bank keeps, a profile's or a job family's: every intent with
    enough distinct variants of the right length, known backgrounds, only allowed slots."""
    answers = bank.get("answers") or {}
    missing = [i for i in INTENTS if len(answers.get(i) or []) < MIN_VARIANTS]
    assert not missing, f"intents with fewer than {MIN_VARIANTS} variants: {missing}"
    unknown = set(answers) - set(INTENTS)
    assert not unknown, f"unknown intents: {unknown}"
    switch = bank.get("switch_from") or {}
    assert len(switch) >= MIN_BACKGROUNDS and set(switch) <= BACKGROUNDS, sorted(switch)
    for text in [v for i in INTENTS for v in answers[i]] + list(switch.values()):
        check_slots(text, allowed)
        n = len(sentences(text))
        assert SENTENCES[0] <= n <= SENTENCES[1], f"{n} sentences (want {SENTENCES}): {text}"
        assert not re.search(r"\b\d+\s+years?\b", text), f"write {{years}}, not a number of years: {text}"
    for intent in INTENTS:
        variants = answers[intent]
        for i, a in enumerate(variants):
            for b in variants[i + 1:]:
                assert overlap(a, b) <= MAX_OVERLAP, f"{intent}: two variants say the same thing:\n{a}\n{b}"

# Job-family banks (curated/family_answers/<code>.yaml). A role with no profile of its own or
# of its occupation rehearses with its job family's bank (the SOC major group), so every
# family in curated/job_families.yaml has one, to the same rules, and may also name the role.
CURATED = Path(__file__).resolve().parents[2] / "src" / "coffeechat" / "curated"
FAMILIES = sorted((yaml.safe_load((CURATED / "job_families.yaml").read_text(encoding="utf-8")) or {})["families"])
# Minor groups whose work differs from the rest of their family ("39-2" animal care) have a
# file of their own, to the same rules, laid over the family's.
GROUPS = sorted(p.stem for p in (CURATED / "family_answers").glob("*-*.yaml"))
# A family bank may also name the role: {role} ("wildlife biologist") and {role_article} ("a").
FAMILY_SLOTS = {"org", "years", "city", "role", "role_article"}


def family_bank(code: str) -> dict:
    path = CURATED / "family_answers" / f"{code}.yaml"
    assert path.exists(), f"job family {code} has no answer bank ({path.name})"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@pytest.mark.parametrize("code", FAMILIES + GROUPS)
def test_family_answer_bank(code):
    data = family_bank(code)
    assert str(data.get("family")) == code
    check_answers(data, FAMILY_SLOTS)
