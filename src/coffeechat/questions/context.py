"""What questions are grounded in: the role profile, guide pages, the user's notes, goals and
bio, laid out as seeds per TIARA theme, each with the question code makes if the model fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from coffeechat.config import Settings
from coffeechat.kb.retrieval import retrieve
from coffeechat.kb.roles import THEMES, RoleProfile, find_role
from coffeechat.questions.checks import GENERIC_WORDS, WORD_RE, stem
from coffeechat.questions.models import QuestionRequest
from coffeechat.text import first_sentence, with_article

GUIDE_SOURCE = "knowledge/guide/tiara-question-framework.md"
TEMPLATES_SOURCE = "curated/questions_templates.yaml"
QUERY_CHARS = 500  # a retrieval query built from the request: its head says what it is about
NOTE_RELEVANT_MIN = 0.5  # a note with no role must be at least this similar to the request to ground a question (tests/unit/test_questions.py)
BIO_SENTENCE_WORDS = 40  # a bio's or guide's first sentence, used whole up to this length
SEED_CHARS = 200  # a bio or background as quoted in a seed
GOAL_FALLBACK_WORDS = 22  # a goal this long or shorter is quoted whole in its code-made question
TERM_MIN_CHARS = 3  # shorter words ("HR", "of") never make a question specific to a role
COMPANY_LEAD_CHARS = 60  # a longer company name would swamp the question it leads
# A curated idea about the workplace itself leads with the company ("At Northwind, how does
# your team ..."); any other idea leads with the role ("As an actuary, ...").
WORKPLACE_RE = re.compile(r"\b(team|teams|firm|company|employer|organi[sz]ation|office|department|clients?|workplace|culture|colleagues|manager|here)\b", re.I)
PROMPT_BIO_WORDS, PROMPT_BACKGROUND_WORDS, PROMPT_GOALS = 45, 30, 3  # what of the request the prompt repeats: enough to ground, short for a small model


@dataclass
class Seed:
    """One thing a question is built on, with the code-made question if the model fails."""

    theme: str
    text: str
    why: str
    sources: tuple[str, ...]
    kind: str  # insight, idea, goal, bio, note, background, guide, template
    fallback: str = ""


@dataclass
class Context:
    request: QuestionRequest
    profile: RoleProfile | None
    role: str
    a_role: str
    terms: frozenset[str]
    guide_sources: tuple[str, ...]
    seeds: dict[str, list[Seed]]
    pool: dict[str, list[Seed]]  # curated ideas then templates, per theme: the fill
    prompt_context: str
    embed: Callable[[list[str]], list[Any]]


def role_label(role: str) -> str:
    """The role as it reads mid-sentence: lower case, except acronyms and proper names."""
    return " ".join(w if (w.isupper() or (w[:1].isupper() and i > 0)) else w.lower() for i, w in enumerate(role.split()))


def _second_person(text: str) -> str:
    swaps = {"they're": "you're", "they've": "you've", "they'd": "you'd", "themselves": "yourself", "theirs": "yours", "their": "your", "they": "you", "them": "you"}
    return re.sub(r"\b(" + "|".join(swaps) + r")\b", lambda m: swaps[m.group(1).lower()], text, flags=re.I)


def classify_theme(text: str, default: str = "insights") -> str:
    """The TIARA theme a goal or an 'ask about' leans to, by its words."""
    lowered = text.lower()
    if re.search(r"\b(trends?|chang\w*|future|ai|automation|technolog\w*|regulat\w*|shift\w*|growing|growth|next (few|five) years)\b", lowered):
        return "trends"
    if re.search(r"\b(read|books?|podcasts?|newsletters?|groups?|associations?|communit\w+|courses?|who else|mentors?|conferences?)\b", lowered):
        return "resources"
    if re.search(r"\b(projects?|day[- ]to[- ]day|typical (day|week)|tasks?|portfolio|assignments?|case stud\w+|exercise)\b", lowered):
        return "assignments"
    if re.search(r"\b(how to|get (hired|into|in)|break (in|into)|should i|stand out|prepare|switch\w*|move (into|to)|transition\w*|advice|apply\w*|first year|new grad\w*|versus|vs\.?)\b", lowered):
        return "advice"
    return default


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


def _retrieve(query: str, k: int, collections: tuple[str, ...], settings: Settings, **kw: Any) -> list:
    from coffeechat.kb.retrieval import retrieve

    return retrieve(query[:500], k=k, collections=collections, settings=settings, **kw)


def build_context(request: QuestionRequest, settings: Settings) -> Context:
    """Retrieve what the questions are grounded in and lay out the seeds per theme."""
    from coffeechat.embeddings import default_embedder
    from coffeechat.kb.roles import find_role

    profile = find_role(request.role, settings)
    role = role_label(request.role)
    a_role = with_article(role)
    guide = _retrieve(f"good questions to ask {role} in an informational interview", 3, ("knowledge",), settings, filters={"topic": "questions"})
    guide_sources = tuple(dict.fromkeys([r.source for r in guide] or [GUIDE_SOURCE]))
    notes = [r for r in _retrieve(f"{request.role} {request.company} {request.bio[:SEED_CHARS]}", 3, ("notes",), settings) if _note_relevant(r, request, profile, settings)]
    seeds: dict[str, list[Seed]] = {theme: [] for theme in THEMES}
    at = f" at {_short_company(request.company)}" if request.company else ""

    if request.bio:
        sentence = first_sentence(request.bio, BIO_SENTENCE_WORDS) or request.bio[:SEED_CHARS]
        seeds["insights"].append(Seed("insights", f"their path so far: {sentence}", "Opens with their own story, which builds rapport.", ("bio",), "bio",
                                      f"Looking back on your path to becoming {a_role}{at}, which decision or turning point mattered most?"))
    for note in notes:
        learned = first_sentence(note.text.split("\n", 1)[-1])
        if learned:
            seeds["insights"].append(Seed("insights", f"a follow-up on what the student learned last time: {learned}", f"Builds on your notes ({note.title or note.source}).", (note.source,), "note",
                                          f"Someone in this field told me that {learned[0].lower() + learned[1:].rstrip('.')}. How does that match your experience as {a_role}?"))
    for goal in request.goals:
        theme = classify_theme(goal, "advice")
        goal_text = goal.rstrip(".?! ")
        fallback = f"I want to understand {goal_text[0].lower() + goal_text[1:]}. What has your experience as {a_role} taught you about it?" if len(goal_text.split()) <= GOAL_FALLBACK_WORDS else ""
        seeds[theme].insert(1 if theme == "insights" and request.bio else 0, Seed(theme, f"the student's goal: {goal_text}", f"It goes straight at your goal: {goal_text}.", ("goals",), "goal", fallback))
    if request.background:
        seeds["advice"].append(Seed("advice", f"advice for someone with this background: {request.background[:SEED_CHARS]}", "It asks how your own background could carry over.", ("background",), "background",
                                    f"Given my background, what would you focus on building first to move toward work as {a_role}?"))
    if profile:
        for insight in profile.insights:
            if not insight.ask_about:
                continue
            ask = _second_person(insight.ask_about.rstrip(". "))
            theme = classify_theme(insight.ask_about, "insights")
            theme = theme if theme in ("insights", "trends", "advice") else "insights"
            lead = "tell me" if re.match(r"^(how|why|what|which|where|who|when|whether)\b", ask, re.I) else "tell me about"
            seeds[theme].append(Seed(theme, f"{insight.label}. Ask about: {insight.ask_about}", f"Insiders say: {insight.label.rstrip('.').lower()}.", (profile.source,), "insight",
                                     f"As {a_role}{at}, could you {lead} {ask}?"))
        for idea in profile.questions:
            seeds[idea.theme].append(Seed(idea.theme, f"a question like: {idea.text}", _theme_why(idea.theme, role), (profile.source,), "idea", _adapt_in_code(idea.text, role, a_role, request.company, idea.theme)))
    else:
        found = _retrieve(f"{request.role} {request.industry}".strip(), 2, ("knowledge",), settings, filters={"topic": "industries"}) if request.industry else []
        for item in found:
            sentence = first_sentence(item.text.split("\n", 1)[-1], BIO_SENTENCE_WORDS)
            if sentence:
                seeds["trends"].append(Seed("trends", f"this about the {request.industry} field: {sentence}", f"Grounded in the {item.title or 'industry'} guide.", (item.source,), "guide"))
    templates = _template_seeds(role, a_role, guide_sources)
    pool: dict[str, list[Seed]] = {}
    for theme in THEMES:
        ideas = [s for s in seeds[theme] if s.kind == "idea"]
        seeds[theme].extend(templates[theme])
        pool[theme] = ideas + templates[theme]
    terms = role_terms(request, profile)
    return Context(request, profile, role, a_role, terms, guide_sources, seeds, pool, _prompt_context(request), default_embedder(settings))


def _note_relevant(note, request: QuestionRequest, profile: RoleProfile | None, settings: Settings) -> bool:
    if note.role:
        if note.role.lower() == request.role.lower():
            return True
        if profile is not None:
            from coffeechat.kb.roles import find_role

            other = find_role(note.role, settings)
            return other is not None and other.source == profile.source
        return False
    return note.score >= NOTE_RELEVANT_MIN


def _short_company(company: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", company).strip()


def _theme_why(theme: str, role: str) -> str:
    return load_templates()[theme]["why"].format(role=role, a_role=with_article(role))


def _template_seeds(role: str, a_role: str, guide_sources: tuple[str, ...]) -> dict[str, list[Seed]]:
    out: dict[str, list[Seed]] = {}
    for theme, entry in load_templates().items():
        why = entry["why"].format(role=role, a_role=a_role)
        out[theme] = [Seed(theme, f"a question like: {t.format(role=role, a_role=a_role)}", why, guide_sources[:1] + (TEMPLATES_SOURCE,), "template", t.format(role=role, a_role=a_role)) for t in entry["templates"]]
    return out


def _adapt_in_code(idea: str, role: str, a_role: str, company: str, theme: str = "insights") -> str:
    """A curated idea with a lead-in naming the company or the role, when it names neither."""
    idea = idea.strip()
    if role.lower() in idea.lower():
        return idea
    by_company = company and len(company) <= COMPANY_LEAD_CHARS and theme in ("insights", "trends", "assignments") and bool(WORKPLACE_RE.search(idea))
    lead = f"At {_short_company(company)}" if by_company else f"As {a_role}"
    first = idea.split()[0]
    body = idea if first.isupper() and len(first) > 1 else idea[0].lower() + idea[1:]
    return f"{lead}, {body}"


def _prompt_context(request: QuestionRequest) -> str:
    lines = []
    if request.company:
        lines.append(f"They work at {request.company}.")
    if request.bio:
        lines.append(f"About them: {' '.join(request.bio.split()[:PROMPT_BIO_WORDS])}")
    if request.background:
        lines.append(f"The student: {' '.join(request.background.split()[:PROMPT_BACKGROUND_WORDS])}")
    if request.goals:
        lines.append("The student wants to learn: " + "; ".join(request.goals[:PROMPT_GOALS]))
    return "\n".join(lines)
