"""What questions are built from, as candidates written in code from authored material: the
user's goals, bio, notes and background (the user's own), the role profile's insider points and
question ideas, and the product's role-named templates. Each candidate carries why it is worth
asking, written for the user from its source, and where it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from coffeechat.config import Settings
from coffeechat.kb.roles import THEMES, RoleMatch, RoleProfile
from coffeechat.questions import phrasing
from coffeechat.questions.checks import GENERIC_WORDS, WHY_MAX_CHARS, WORD_RE, content_stems, stem
from coffeechat.questions.models import QuestionRequest
from coffeechat.questions.phrasing import Phrasing, classify_theme  # noqa: F401  (classify_theme: this module's public name since the split)
from coffeechat.signals import INJECTION_RE
from coffeechat.text import sentences, with_article

GUIDE_SOURCE = "knowledge/guide/tiara-question-framework.md"
TEMPLATES_SOURCE = "curated/questions_templates.yaml"
NOTE_RELEVANT_MIN = 0.5  # cosine between a note with no role and the request, at or above which it grounds a question (tests/unit/test_questions.py)
NOTES_USED = 2  # the most recent relevant notes a set builds on: more crowds out the role's own material
NOTE_TEXT_CHARS = 500  # a note's head, as compared with the request
NOTE_FACT_WORDS = (5, 30)  # a sentence from a note quoted back: shorter says nothing, longer is a paragraph
NOTE_SAID_WORDS = 3  # what someone said can be short ("exams took six years") and still be a fact
IDEA_INSIGHT_SHARED = 2  # content words an idea shares with an insider point to be aimed at it (one can be chance: "office")
TERM_MIN_CHARS = 3  # shorter words ("HR", "of") never make a question specific to a role
COMPANY_LEAD_CHARS = 60  # a longer company name would swamp the question it leads
# A curated idea about the workplace itself leads with the company ("At Northwind, how does
# your team ..."); any other idea is asked as written.
WORKPLACE_RE = re.compile(r"\b(team|teams|firm|company|employer|organi[sz]ation|office|department|clients?|workplace|culture|colleagues|manager|here)\b", re.I)
# Notes open with who and where ("Talked to Priya.", "Coffee with Dana"): not what was learned.
NOTE_HEADER_RE = re.compile(r"^(talked|spoke|chat(ted)?|coffee|call|met|meeting|notes?|conversation|lunch|zoom)\b|\b(with|to) [A-Z]\w+\b.{0,30}$", re.I)
NOTE_SAID_RE = re.compile(r"^(?:[A-Z][\w'\-]*|she|he|they)\s+(?:said|says|told me|mentioned|explained|thinks|believes|warned|pointed out|noted)\s+(?:that\s+)?", re.I)
TOKEN_RE = re.compile(r"\b[A-Z]{4,}-[A-Z0-9\-]+")  # CANARY-X-1 and such: never a fact about the work
SECOND_PERSON_RE = re.compile(r"\byou(r|rs|rself)?\b", re.I)
INSIGHTS_HEADING = "What insiders wish outsiders knew"
IDEAS_HEADING = "Question ideas"


@dataclass
class Candidate:
    """One question the set may hold, written in code, with why it is worth asking and its source.

    phrasing: set when the question is the user's lead plus a follow-up the model may tailor.
    """

    theme: str
    text: str
    why: str
    sources: tuple[str, ...]
    kind: str  # goal, bio, note, background, insight, idea, template
    origin: str  # where it comes from, as the user reads it
    phrasing: Phrasing | None = None
    topic: str = ""  # what a tailored follow-up must stay on (the goal, the bio detail)
    alternates: tuple[str, ...] = field(default_factory=tuple)  # other authored wordings of the same question


@dataclass
class Context:
    request: QuestionRequest
    profile: RoleProfile | None  # the role's profile, its occupation's, or a general one (match.kind)
    match: RoleMatch | None
    role: str
    a_role: str
    terms: frozenset[str]
    personal: list[Candidate]  # from the user's own goals, bio, notes and background: asked first
    pool: dict[str, list[Candidate]]  # per theme: the profile's material, then templates
    embed: Callable[[list[str]], list[Any]]


def role_label(role: str) -> str:
    """The role as it reads mid-sentence: lower case, except acronyms and proper names."""
    return " ".join(w if (w.isupper() or (w[:1].isupper() and i > 0)) else w.lower() for i, w in enumerate(role.split()))


@lru_cache(maxsize=1)
def load_templates() -> dict[str, dict]:
    """The curated, role-named templates per theme: {theme: {"why": str, "templates": [str]}}."""
    path = Path(__file__).resolve().parents[1] / TEMPLATES_SOURCE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {theme: data[theme] for theme in THEMES}


def role_terms(request: QuestionRequest, profile: RoleProfile | None) -> frozenset[str]:
    """Word stems that make a question specific to this role, person or company."""
    generic = set(GENERIC_WORDS)
    for entry in load_templates().values():
        for template in entry["templates"]:
            generic |= {w.lower() for w in WORD_RE.findall(template)}
    texts = [request.role, request.industry, request.company] + request.goals
    if profile:
        texts += [profile.role, *profile.aliases, *(term for term, _ in profile.vocabulary)]
        texts += [f"{i.label} {i.ask_about}" for i in profile.insights] + [q.text for q in profile.questions]
    stems = {stem(w) for text in texts for w in WORD_RE.findall(text) if len(w) >= TERM_MIN_CHARS and w.lower() not in generic}
    stems |= {stem(w) for w in re.findall(r"\b[A-Z][\w\-]{3,}\b", request.bio) if w.lower() not in generic}
    return frozenset(s for s in stems if len(s) >= TERM_MIN_CHARS)


def build_context(request: QuestionRequest, settings: Settings) -> Context:
    """The candidates for a request: the user's own first, then the role's, per theme."""
    from coffeechat.embeddings import default_embedder
    from coffeechat.kb.roles import resolve_role

    match = resolve_role(request.role, settings)
    profile = match.profile
    role = role_label(request.role)
    a_role = with_article(role)
    embed = default_embedder(settings)
    personal = _personal(request, profile, role, a_role, settings, embed)
    pool = _profile_pool(request, profile) if profile else {theme: [] for theme in THEMES}
    for theme, templates in _templates(role, a_role).items():
        pool[theme].extend(templates)
    return Context(request, profile, match, role, a_role, role_terms(request, profile), personal, pool, embed)


def _personal(request: QuestionRequest, profile: RoleProfile | None, role: str, a_role: str, settings: Settings, embed) -> list[Candidate]:
    out: list[Candidate] = []
    at = f" at {short_company(request.company)}" if request.company else ""
    if request.bio:
        out.append(_bio_candidate(request.bio, a_role, at))
    for note, fact in _notes(request, profile, settings, embed):
        out.append(Candidate("insights", f"Someone in this field told me that {phrasing.lower_first(fact)}. How does that match your experience as {a_role}?",
                             f"It checks what you heard before ({note.title}) against a second person's experience.", (note.id,), "note", f"your note: {note.title}"))
    kinds_seen: dict[str, int] = {}
    for goal in request.goals:
        phrased = phrasing.goal_phrasing(goal)
        turn = kinds_seen.get(phrased.kind, 0)
        kinds_seen[phrased.kind] = turn + 1
        follow_ups = phrased.follow_ups[turn % len(phrased.follow_ups):] + phrased.follow_ups[: turn % len(phrased.follow_ups)]
        phrased = Phrasing(phrased.lead, follow_ups, phrased.kind, phrased.theme)
        out.append(Candidate(phrased.theme, phrased.text(), phrasing.goal_why(goal, phrased.kind), ("goals",), "goal", f"your goal “{goal.strip()}”",
                             phrased if phrased.kind not in ("direct", "closed") else None, goal, tuple(phrased.text(f) for f in follow_ups[1:] if f)))
    if request.background:
        out.append(Candidate("advice", phrasing.background_question(request.background, a_role), "It connects your background to their path, so the advice fits where you are starting from.",
                             ("background",), "background", "your background"))
    return out


def _bio_candidate(bio: str, a_role: str, at: str) -> Candidate:
    phrased = phrasing.bio_phrasing(bio)
    why = "It starts from their own work, which builds rapport and shows you read about them."
    if phrased is None:
        return Candidate("insights", f"Looking back on your path to becoming {a_role}{at}, which decision or turning point mattered most?",
                         "Their own story is the easiest place to start, and it builds rapport.", ("bio",), "bio", "their bio")
    return Candidate("insights", phrased.text(), why, ("bio",), "bio", "their bio", phrased, phrased.lead.removeprefix("I read that you "),
                     tuple(phrased.text(f) for f in phrased.follow_ups[1:]))


def _notes(request: QuestionRequest, profile: RoleProfile | None, settings: Settings, embed) -> list[tuple[Any, str]]:
    """(note, what was learned) for the most recent notes about this role, or close to the request."""
    from coffeechat.embeddings import cosine
    from coffeechat.notes import list_notes

    notes = [n for n in list_notes(settings) if n.kind == "note"]
    if not notes:
        return []
    chosen = []
    unlabelled = [n for n in notes if not n.role]
    if unlabelled:
        wanted = embed([f"{request.role} {request.company} {request.bio[:NOTE_TEXT_CHARS]}".strip()])[0]
        vectors = embed([n.text[:NOTE_TEXT_CHARS] for n in unlabelled])
        close = {n.id for n, v in zip(unlabelled, vectors) if cosine(wanted, v) >= NOTE_RELEVANT_MIN}
    else:
        close = set()
    for note in notes:
        if (note.role and _same_role(note.role, request, profile, settings)) or note.id in close:
            fact = note_fact(note.text)
            if fact:
                chosen.append((note, fact))
        if len(chosen) == NOTES_USED:
            break
    return chosen


def _same_role(role: str, request: QuestionRequest, profile: RoleProfile | None, settings: Settings) -> bool:
    if role.lower() == request.role.lower():
        return True
    if profile is None:
        return False
    from coffeechat.kb.roles import find_role

    other = find_role(role, settings)
    return other is not None and other.source == profile.source


def note_fact(text: str) -> str:
    """What a note says was learned ('Dana said the first year is mostly learning the drips'
    -> 'the first year is mostly learning the drips'), never its header or an injected line."""
    plain: list[str] = []
    for _, _, sentence in sentences(text):
        sentence = sentence.strip().rstrip(".!")
        if sentence.endswith("?") or INJECTION_RE.search(sentence) or TOKEN_RE.search(sentence) or NOTE_HEADER_RE.search(sentence):
            continue
        said = NOTE_SAID_RE.match(sentence)
        if said:  # what they said is the fact, never "she said ..." quoted whole
            if NOTE_SAID_WORDS <= len(sentence[said.end():].split()) <= NOTE_FACT_WORDS[1]:
                return sentence[said.end():]
            continue
        if NOTE_FACT_WORDS[0] <= len(sentence.split()) <= NOTE_FACT_WORDS[1] and not re.search(r"\b(I|I'm|I've|my|we)\b", sentence):
            plain.append(sentence)
    return plain[0] if plain else ""


def short_company(company: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", company).strip()


def _profile_pool(request: QuestionRequest, profile: RoleProfile) -> dict[str, list[Candidate]]:
    """Per theme, the profile's question ideas and insider points, alternating (insider points first in insights)."""
    ideas: dict[str, list[Candidate]] = {theme: [] for theme in THEMES}
    insights: dict[str, list[Candidate]] = {theme: [] for theme in THEMES}
    general = profile.extra.get("kind") == "general"  # family guidance, not this role's insiders: no "Insiders say"
    for idea in profile.questions:
        why = theme_why(idea.theme, role_label(request.role)) if general else idea_why(idea.text, idea.theme, profile, role_label(request.role))
        ideas[idea.theme].append(Candidate(idea.theme, _with_company(idea.text, request.company, idea.theme), why,
                                           (idea.source or profile.source,), "idea", _origin(profile, idea.source, IDEAS_HEADING)))
    for index, insight in enumerate(i for i in profile.insights if i.ask_about):
        theme = classify_theme(insight.ask_about, "insights")
        theme = theme if theme in ("insights", "trends", "advice") else "insights"
        why = f"Across this kind of work: {phrasing.lower_first(insight.label.rstrip('. '))}." if general else phrasing.insight_why(insight.label, insight.text, WHY_MAX_CHARS)
        insights[theme].append(Candidate(theme, phrasing.ask_about_question(insight.ask_about, index), why,
                                         (insight.source or profile.source,), "insight", f"{_origin(profile, insight.source, INSIGHTS_HEADING)}: {insight.label.rstrip('.')}"))
    pool: dict[str, list[Candidate]] = {}
    for theme in THEMES:
        merged: list[Candidate] = []
        a, b = (insights[theme], ideas[theme]) if theme == "insights" else (ideas[theme], insights[theme])  # insider points lead their own theme
        for i in range(max(len(a), len(b))):
            merged += a[i : i + 1] + b[i : i + 1]
        pool[theme] = merged
    return pool


def _origin(profile: RoleProfile, source: str, heading: str) -> str:
    """Where a profile's idea or insider point comes from, as the user reads it; a general
    profile's come from the O*NET description, an industry page or its family's guidance."""
    extra = profile.extra
    if extra.get("kind") != "general":
        return f"the {profile.role} profile, “{heading}”"
    if source.startswith("onet:"):
        return f"the O*NET description of {extra.get('occupation_title', 'the occupation')}"
    if source.startswith("knowledge/industries/"):
        return "the industry overview"
    return f"general guidance for {extra.get('people', 'this field')}"


def idea_why(idea: str, theme: str, profile: RoleProfile, role: str) -> str:
    """Why a profile's question idea is worth asking: the insider point it aims at (the one it
    shares most words with), else the term of the trade it uses, else what its theme is for."""
    words = content_stems(idea)
    best, shared = None, 0
    for insight in profile.insights:
        overlap = len(words & content_stems(f"{insight.label} {insight.ask_about}"))
        if overlap > shared:
            best, shared = insight, overlap
    if best is not None and shared >= IDEA_INSIGHT_SHARED:
        return phrasing.insight_why(best.label, best.text, WHY_MAX_CHARS)
    for term, meaning in profile.vocabulary:
        if term.lower() in idea.lower() and meaning:
            why = f"It touches on “{phrasing.lower_first(term)}”: {meaning.rstrip('.')}."
            if len(why) <= WHY_MAX_CHARS:
                return why
    return theme_why(theme, role)


def theme_why(theme: str, role: str) -> str:
    return load_templates()[theme]["why"].format(role=role, a_role=with_article(role))


def _templates(role: str, a_role: str) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    for theme, entry in load_templates().items():
        why = entry["why"].format(role=role, a_role=a_role)
        out[theme] = [Candidate(theme, t.format(role=role, a_role=a_role), why, (GUIDE_SOURCE, TEMPLATES_SOURCE), "template", "coffeechat's question templates for any role")
                      for t in entry["templates"]]
    return out


def _with_company(idea: str, company: str, theme: str) -> str:
    """A curated idea as asked of this person: one about their workplace leads with the company
    ('At Northwind, how does your team ...'); one that asks for advice without addressing them
    ('What should I watch for?') asks for their experience ('In your experience, what should ...')."""
    idea = idea.strip()
    if not SECOND_PERSON_RE.search(idea):
        if re.match(r"^(if|when|before|after|once|while)\b", idea, re.I):
            return idea.rstrip("?") + ", in your experience?"
        return f"In your experience, {phrasing.lower_first(idea)}"
    by_company = company and len(company) <= COMPANY_LEAD_CHARS and theme in ("insights", "trends", "assignments") and bool(WORKPLACE_RE.search(idea))
    if not by_company:
        return idea
    return f"At {short_company(company)}, {phrasing.lower_first(idea)}"
