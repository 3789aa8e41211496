"""Which profile grounds a role a person names, and what to tell them about it.

`resolve_role(name)` decides, in this order:

1. profile: the role's own profile, by its name or an alias ("senior" and the like aside);
2. occupation: else a profile of the same O*NET occupation ("ICU nurse" -> Registered Nurse),
   when that profile speaks for its whole occupation (curated/profile_occupations.yaml, scope
   `occupation`; a specialty such as Public Defender only answers to its own names);
3. general: else a general profile of the occupation the name means (kb.general: its
   description, its job family, its industry page), never a cousin role's specifics;
4. none: no standard occupation is close; the flows use their generic material.

`find_role(name)` is the authored profile of 1 or 2, else None. The profile types live in
kb.profiles and are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from coffeechat.config import Settings, get_settings
from coffeechat.kb.occupations import Occupation, by_code, cached_vectors, match_occupation, occupations
from coffeechat.kb.profiles import THEMES, Insight, QuestionIdea, RoleProfile, all_profiles, parse_profile

__all__ = ["THEMES", "Insight", "QuestionIdea", "RoleProfile", "RoleMatch", "all_profiles", "parse_profile", "find_role", "resolve_role", "profile_occupations", "occupation_of", "role_names"]

MAPPING_SOURCE = "curated/profile_occupations.yaml"
KINDS = ("profile", "occupation", "general", "none")
SCOPES = ("occupation", "specialty")
# Words that change the seniority, not the role: "senior actuary" is the Actuary profile.
SENIORITY_RE = re.compile(r"^(senior|junior|lead|entry level|trainee|experienced|new|aspiring)\s+")
RESOLVED_CACHE = 512  # names remembered per process; a name costs one embedding otherwise


@dataclass(frozen=True)
class ProfileOccupation:
    """The O*NET codes a profile is mapped to (the first is its own) and whether it speaks for
    the whole occupation ("occupation") or only for its own names ("specialty")."""

    codes: tuple[str, ...]
    scope: str


@dataclass(frozen=True)
class RoleMatch:
    """What grounds a named role: kind is one of KINDS; profile is the authored profile
    (profile, occupation), the general profile (general) or None (none)."""

    name: str
    kind: str
    profile: RoleProfile | None
    occupation: Occupation | None
    message: str

    @property
    def authored(self) -> RoleProfile | None:
        return self.profile if self.kind in ("profile", "occupation") else None

    def grounding(self) -> dict:
        """The JSON the CLI and the flows add to their results: {profile, kind, message, ...}."""
        extra = self.profile.extra if self.profile is not None else {}
        return {
            "profile": self.authored.role if self.authored else "",
            "kind": self.kind,
            "message": self.message,
            "source": self.profile.source if self.profile is not None else "",
            "occupation": {"code": self.occupation.code, "title": self.occupation.title} if self.occupation else None,
            "family": extra.get("family", ""),
            "industry": self.profile.industry if self.profile is not None else "",
        }


@lru_cache(maxsize=1)
def profile_occupations() -> dict[str, ProfileOccupation]:
    """Each profile's source -> its O*NET codes and scope (curated, reviewed by a person)."""
    path = Path(__file__).resolve().parents[1] / MAPPING_SOURCE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    mapping = {}
    for source, entry in (data.get("profiles") or {}).items():
        codes = entry["onet"] if isinstance(entry["onet"], list) else [entry["onet"]]
        mapping[source] = ProfileOccupation(codes=tuple(str(c) for c in codes), scope=entry.get("scope", "specialty"))
    return mapping


def occupation_of(profile: RoleProfile) -> Occupation | None:
    entry = profile_occupations().get(profile.source)
    return by_code(entry.codes[0]) if entry else None


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split("(")[0].strip()


def role_names(profile: RoleProfile) -> list[str]:
    """A profile's names: its role, the role without a parenthesis, the parenthesis, its aliases."""
    base = profile.role
    names = [base, re.sub(r"\s*\(.*?\)", "", base)] + list(profile.aliases)
    names += re.findall(r"\((.*?)\)", base)
    return [n for n in names if n.strip()]


def _exact(wanted: str) -> RoleProfile | None:
    for profile in all_profiles():
        if wanted in {" ".join(_norm(n).split()) for n in role_names(profile)}:
            return profile
    return None


def _extra_labels() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """Every profile's names as extra titles of its mapped occupation, for the recognizer, and
    the names that belong to specialty profiles."""
    mapping = profile_occupations()
    pairs, specialty = [], set()
    for profile in all_profiles():
        entry = mapping.get(profile.source)
        if entry:
            names = list(dict.fromkeys(role_names(profile)))
            pairs += [(name, entry.codes[0]) for name in names]
            if entry.scope != "occupation":
                specialty.update(names)
    return tuple(pairs), frozenset(specialty)


def lookup_texts() -> list[str]:
    """Every profile name and alias the recognizer embeds: kb/ship.py ships their vectors."""
    return [label for label, _ in _extra_labels()[0]] + [role_names(p)[0] for p in all_profiles()]


def _mid_sentence(name: str) -> str:
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in name.split())


def find_role(name: str, settings: Settings | None = None) -> RoleProfile | None:
    """The authored profile for a role: its own, or one of its occupation; else None."""
    return resolve_role(name, settings).authored


_resolved: dict[tuple, RoleMatch] = {}


def resolve_role(name: str, settings: Settings | None = None) -> RoleMatch:
    """What grounds a named role (the module docstring's four kinds), with the message a
    person sees. Raises UnavailableError when the occupation list or the embedder is missing."""
    display = " ".join((name or "").split())
    wanted = " ".join(_norm(display).split())
    if not wanted:
        return RoleMatch(display, "none", None, None, "No role named: using general guidance for any role.")
    profile = _exact(wanted) or _exact(SENIORITY_RE.sub("", wanted))
    if profile is not None:
        return RoleMatch(display, "profile", profile, occupation_of(profile), f"Grounded in the {profile.role} profile.")
    settings = settings or get_settings()
    from coffeechat.embeddings import default_embedder

    key = (wanted, default_embedder(settings).name(), id(all_profiles()), id(profile_occupations()), id(occupations()))
    if key not in _resolved:
        if len(_resolved) >= RESOLVED_CACHE:
            _resolved.clear()
        _resolved[key] = _resolve_by_occupation(display, settings)
    return _resolved[key]


def _resolve_by_occupation(display: str, settings: Settings) -> RoleMatch:
    extra, specialty_names = _extra_labels()
    match = match_occupation(display, extra, settings)
    role = _mid_sentence(display)
    if match is None:
        return RoleMatch(display, "none", None, None, f"No profile yet for {role}, and no standard occupation matches it: using general guidance for any role.")
    occupation = match.occupation
    mapping = profile_occupations()
    same = [p for p in all_profiles() if (e := mapping.get(p.source)) and e.scope == "occupation" and occupation.code in e.codes]
    # A name nearest a specialty's own names ("legal aid lawyer" ~ "indigent defense attorney")
    # is of that specialty's kind: another profile of the occupation would be a cousin.
    if same and match.label not in specialty_names:
        profile = _closest(display, same, settings)
        return RoleMatch(display, "occupation", profile, occupation,
                         f"No profile of its own for {role}: grounded in the {profile.role} profile, the same occupation ({occupation.title}).")
    from coffeechat.kb.general import general_profile

    general = general_profile(display, occupation, role, settings)
    people = general.extra.get("people", "this field")
    return RoleMatch(display, "general", general, occupation, f"No profile yet for {role}: using general guidance for {people}.")


def _closest(display: str, profiles: list[RoleProfile], settings: Settings) -> RoleProfile:
    """Of several profiles of one occupation, the one whose name is nearest the name asked."""
    if len(profiles) == 1:
        return profiles[0]
    import numpy as np

    from coffeechat.embeddings import default_embedder

    labels = [(role_names(p)[0], p) for p in profiles]
    vectors = cached_vectors("profile-names", [label for label, _ in labels], settings)
    query = np.asarray(default_embedder(settings)([display])[0], dtype=np.float32)
    return labels[int(np.argmax(vectors @ query))][1]
