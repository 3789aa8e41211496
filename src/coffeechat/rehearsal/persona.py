"""The simulated professional: built in code from the role's profile and curated material.

Names, the organisation, years and the career path are chosen deterministically from a
seed, so a session can be rebuilt and its facts never drift between turns.
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from coffeechat import limits, signals
from coffeechat.errors import InputError
from coffeechat.kb.roles import RoleProfile, find_role, resolve_role
from coffeechat.rehearsal.answers import bank_for, family_of, fill
from coffeechat.text import article

STYLES = ("warm", "busy", "reserved", "skeptical")
SENIORITIES = ("junior", "mid", "senior")
DEFAULT_MINUTES = 20
MINUTES_PER_TURN = 1.75  # a question and its answer, spoken
MAX_ROLE_CHARS = limits.ROLE_CHARS
MAX_BIO_CHARS = limits.PERSONA_BIO_CHARS
MAX_GOAL_CHARS = limits.GOAL_CHARS
MAX_GOALS = limits.GOALS


@lru_cache(maxsize=1)
def curated() -> dict:
    return yaml.safe_load((Path(__file__).resolve().parents[1] / "curated" / "rehearsal.yaml").read_text(encoding="utf-8"))


class PersonaInsight(BaseModel):
    id: str
    label: str
    text: str
    ask_about: str


class Persona(BaseModel):
    """Everything the professional is; `insights` are hidden from the UI."""

    name: str
    role: str
    title: str
    industry: str
    organisation: str
    city: str = ""
    years: int
    career_path: str
    personality: str
    speaking_style: str
    style: str
    seniority: str
    minutes: int = DEFAULT_MINUTES
    turn_budget: int
    profile_source: str = ""
    grounding: dict = Field(default_factory=dict)  # what grounds the role (kb.roles.RoleMatch.grounding): shown to the user
    insights: list[PersonaInsight] = Field(default_factory=list)

    def card(self) -> dict:
        """What the user may see: never the insights."""
        return self.model_dump(exclude={"insights"})

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


def validate_inputs(role: str, goals: list[str], style: str, seniority: str, bio: str) -> tuple[str, list[str]]:
    role = re.sub(r"\s+", " ", (role or "").strip())
    if not role:
        raise InputError("the role is empty: name the job you want to explore, e.g. --role 'actuary'")
    if len(role) > MAX_ROLE_CHARS:
        raise InputError(f"the role is too long ({len(role)} characters; the limit is {MAX_ROLE_CHARS})")
    if style not in STYLES:
        raise InputError(f"unknown style {style!r}: use one of {', '.join(STYLES)}")
    if seniority and seniority not in SENIORITIES:
        raise InputError(f"unknown seniority {seniority!r}: use one of {', '.join(SENIORITIES)}")
    if len(bio or "") > MAX_BIO_CHARS:
        raise InputError(f"the bio is too long ({len(bio):,} characters; the limit is {MAX_BIO_CHARS:,})")
    cleaned = [g.strip() for g in goals or [] if g and g.strip()]
    if len(cleaned) > MAX_GOALS:
        raise InputError(f"too many goals ({len(cleaned)}; the limit is {MAX_GOALS})")
    for goal in cleaned:
        if len(goal) > MAX_GOAL_CHARS:
            raise InputError(f"a goal is too long ({len(goal)} characters; the limit is {MAX_GOAL_CHARS})")
    return role, cleaned


def _first_sentences(text: str, n: int) -> str:
    """The bio's first n sentences the persona may say: never one addressed to a tool (an
    injected instruction is text, not something the professional repeats)."""
    text = re.sub(r"[*_`#>\[\]{}]", "", text)
    text = re.sub(r"^\s*[-•]\s*", "", text, flags=re.M)
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    kept = [s for s in sentences if not signals.INJECTION_RE.search(s) and not re.search(r"\b(canary|prompt|instruction|system)\b", s, re.I)]
    return " ".join(kept[:n]).strip()


def _career_path(profile: RoleProfile | None, rng: random.Random, role: str) -> str:
    if profile:
        paths = profile.section("Paths in")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(re.sub(r"[*_`]", "", paths).split())) if 30 < len(s) < 260]
        if sentences:
            return f"I came in the usual-but-not-quite way: {sentences[0][0].lower()}{sentences[0][1:]}"
    return f"I didn't plan on becoming {article(role)} {role.lower()}; a first job next to the field and a good mentor pulled me in."


def build_persona(
    role: str,
    industry: str = "",
    seniority: str = "",
    style: str = "warm",
    bio: str = "",
    goals: list[str] | None = None,
    seed: str | None = None,
    minutes: int = DEFAULT_MINUTES,
) -> Persona:
    """A persona for the role. Raises InputError on bad input.

    The role's profile (its own or its occupation's) supplies the career path and 6-8 hidden
    insights; a role with neither gets its job family's (a general profile), and one that
    matches no occupation the curated generic insights.
    A pasted bio only shapes the career path the persona speaks to (it is never executed).
    """
    role, goals = validate_inputs(role, goals or [], style, seniority, bio)
    profile = find_role(role)
    match = resolve_role(role)
    # No profile of its own or of its occupation: a general one (kb.general) gives the family's
    # insights and the occupation's industry, for the employer, and the family's answer bank.
    general = match.profile if profile is None and match.kind == "general" else None
    data = curated()
    rng = random.Random(int(hashlib.sha256(f"{seed or ''}|{role}|{style}|{seniority}".encode()).hexdigest(), 16))
    name = f"{rng.choice(data['first_names'])} {rng.choice(data['last_names'])}"
    typed = industry.strip().lower().replace(" ", "-")
    industry_key = (profile.industry if profile else typed if typed in data["organisations"] or not general else general.industry) or "default"
    bank = bank_for(profile.source if profile else "", family_of(match.grounding()))
    # The bank's employers are of the kind that employs this role (a defender's office, a museum).
    organisations = list(bank.employers) or (general.extra.get("employers") if general else None) or data["organisations"].get(industry_key) or data["organisations"]["default"]
    city = rng.choice(data["cities"])
    organisation = rng.choice(organisations).replace("{city}", city)
    seniority = seniority or "mid"
    low, high = data["seniority"][seniority]["years"]
    years = rng.randint(low, high)
    style_data = data["styles"][style]
    display_role = role if not profile or _norm(role) != _norm(profile.role) else profile.role
    display_role = display_role[:1].upper() + display_role[1:]
    title = f"{data['seniority'][seniority]['title_prefix']}{display_role}".strip()
    if _first_sentences(bio or "", 2):
        career = f"My path looks a lot like this: {_first_sentences(bio, 2)}"
    elif bank.variants("path_in"):
        career = fill(rng.choice(bank.variants("path_in")), org=organisation, years=years, city=city, role=display_role.lower(), role_article=article(display_role))
    else:
        career = _career_path(profile, rng, display_role)
    source_insights = list(profile.insights) if profile and len(profile.insights) >= 6 else list(general.insights) if general and len(general.insights) >= 6 else []
    if source_insights:
        chosen = source_insights[:8]
        insights = [PersonaInsight(id=f"i{i + 1}", label=ins.label, text=ins.text, ask_about=ins.ask_about) for i, ins in enumerate(chosen)]
    else:
        insights = [PersonaInsight(id=f"i{i + 1}", **item) for i, item in enumerate(data["generic_insights"][:8])]
    return Persona(
        name=name,
        role=profile.role if profile else display_role,
        title=title,
        industry=(profile.industry if profile else industry or (general.industry if general else "")) or "",
        organisation=organisation,
        city=city,
        years=years,
        career_path=career,
        personality=style_data["personality"],
        speaking_style=style_data["speaking"],
        style=style,
        seniority=seniority,
        minutes=minutes,
        turn_budget=max(4, round(minutes / MINUTES_PER_TURN)),
        profile_source=profile.source if profile else "",
        grounding=match.grounding(),
        insights=insights,
    )


def _norm(text: str) -> str:
    return re.sub(r"[^a-z ]", "", text.lower()).strip()
