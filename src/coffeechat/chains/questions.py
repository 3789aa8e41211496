"""Questions for an informational interview with someone in a named role.

retrieve (role profile, guide pages, the user's notes) -> plan n slots over the TIARA
themes, each grounded in one seed (an insider insight, a goal, the bio, a note, a curated
idea) -> the model drafts one question per slot (json_schema) -> every draft is checked in
code -> only failures are redrafted (bounded) -> what is still missing is filled from the
profile's curated question ideas, adapted by the model or, failing that, in code, and the
last resort is a role-named template the product owns. Whatever the model says, the result
has exactly n questions that pass every check.
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, Field

from coffeechat import limits
from coffeechat.config import Settings, get_settings
from coffeechat.errors import InputError
from coffeechat.prompts import render
from coffeechat.kb.roles import THEMES, RoleProfile
from coffeechat.chains.question_checks import (  # noqa: F401  (re-exported: tests and evals use them from here)
    MAX_CHARS,
    MAX_WORDS,
    MIN_WORDS,
    GOOGLEABLE,
    _CLOSED_START,
    _GENERIC_WORDS,
    _JOB_ASK,
    _LEAD_IN,
    _OPEN_START,
    _OUT_OF_CHARACTER,
    _PLACEHOLDER,
    _WORD,
    _mask,
    _stem,
    googleable_reasons,
    is_open,
    question_sentence,
    text_problems,
    why_ok,
    word_stems,
)

MAX_ROLE_CHARS = limits.ROLE_CHARS
MAX_BIO_CHARS = limits.BIO_CHARS
MAX_FIELD_CHARS = limits.DETAIL_CHARS
MAX_GOALS = limits.GOALS
DUPLICATE_MIN = 0.82  # cosine between two questions at or above which they ask the same thing
GROUNDED_MIN = 0.25  # a model draft must stay this close to the seed it was written from
REPAIR_ROUNDS = 1  # one redraft of the failures; the fill below always completes the set
# The prompts' worked examples: a draft that copies one is not a question for this person.
PROMPT_EXAMPLES = (
    "How did your employer support your exam study, and what kept you going after a failed sitting?",
    "At Northwind Mutual, which study providers or actuarial groups have helped you most with the exams?",
)
# Interview order: rapport and insights first, resources and assignments last.
ORDER = ("insights", "trends", "advice", "resources", "assignments")
# Which theme each next slot takes: every theme by five questions, insights weighted most.
SLOT_THEMES = ("insights", "trends", "advice", "resources", "assignments", "insights", "advice", "trends", "assignments", "resources")
THEME_HINTS = {
    "trends": "where the field is heading",
    "insights": "what they have learned from doing the work",
    "advice": "what they would suggest to someone in the student's position",
    "resources": "people, groups, publications or tools worth the student's time",
    "assignments": "the projects and tasks the job actually involves",
}
GUIDE_SOURCE = "knowledge/guide/tiara-question-framework.md"
TEMPLATES_SOURCE = "curated/questions_templates.yaml"


# ---------------------------------------------------------------- inputs and outputs


class QuestionRequest(BaseModel):
    role: str
    industry: str = ""
    company: str = ""
    bio: str = ""
    goals: list[str] = Field(default_factory=list)
    background: str = ""
    n: int = 10

    @classmethod
    def from_user(cls, role: str, industry: str = "", company: str = "", bio: str = "", goals: list[str] | None = None, background: str = "", n: int = 10) -> "QuestionRequest":
        """A validated request. Raises InputError (one line) for an empty or overlong role,
        n outside 1..30, an oversized bio or field, or too many goals."""
        role = " ".join((role or "").split())
        if not role:
            raise InputError("the role is empty: name the role of the person you will talk to")
        if len(role) > MAX_ROLE_CHARS:
            raise InputError(f"the role is too long ({len(role):,} characters; the limit is {MAX_ROLE_CHARS})")
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 30:
            raise InputError(f"n must be a whole number between 1 and 30, got {n!r}")
        bio = (bio or "").strip()
        if len(bio) > MAX_BIO_CHARS:
            raise InputError(f"the bio is too long ({len(bio):,} characters; the limit is {MAX_BIO_CHARS:,})")
        if "\x00" in bio:
            raise InputError("the bio is not text")
        fields = {"industry": (industry, limits.INDUSTRY_CHARS), "company": (company, limits.COMPANY_CHARS), "background": (background, MAX_FIELD_CHARS)}
        for name, (value, limit) in fields.items():
            limits.check_length(value, limit, f"the {name}")
        goals = [" ".join(g.split()) for g in (goals or []) if g and g.strip()]
        if len(goals) > MAX_GOALS:
            raise InputError(f"too many goals ({len(goals)}; the limit is {MAX_GOALS})")
        for goal in goals:
            limits.check_length(goal, limits.GOAL_CHARS, "a goal")
        return cls(role=role, industry=" ".join((industry or "").split()), company=" ".join((company or "").split()), bio=bio, goals=goals, background=" ".join((background or "").split()), n=n)


class Question(BaseModel):
    text: str
    theme: str
    why: str
    sources: list[str]
    adapted: bool = False  # filled from curated ideas or templates rather than drafted freely


class Repair(BaseModel):
    rejected: str
    theme: str
    reasons: list[str]
    action: str


class QuestionSet(BaseModel):
    role: str
    questions: list[Question]
    provider: str
    model: str
    repairs: list[Repair] = Field(default_factory=list)
    profile: str = ""  # the role profile the questions were grounded in, "" when none matched
    model_calls: int = 0
    seconds: float = 0.0


class DraftQuestion(BaseModel):
    """What the model fills in (json_schema): one question and why it is worth asking."""

    question: str = Field(max_length=220)
    why: str = Field(max_length=120)


# ---------------------------------------------------------------- grounding


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


def with_article(role: str) -> str:
    first = role.split()[0]
    if first.isupper() and len(first) > 1:
        vowel = first[0] in "AEFHILMNORSX"
    else:
        lowered = first.lower()
        vowel = lowered[0] in "aeiou" and not lowered.startswith(("uni", "use", "usu", "eu", "one"))
        vowel = vowel or lowered.startswith(("hour", "honest", "heir"))
    return f"{'an' if vowel else 'a'} {role}"


def _role_label(role: str) -> str:
    """The role as it reads mid-sentence: lower case, except acronyms and proper names."""
    return " ".join(w if (w.isupper() or (w[:1].isupper() and i > 0)) else w.lower() for i, w in enumerate(role.split()))


def _second_person(text: str) -> str:
    swaps = {"they're": "you're", "they've": "you've", "they'd": "you'd", "themselves": "yourself", "theirs": "yours", "their": "your", "they": "you", "them": "you"}
    return re.sub(r"\b(" + "|".join(swaps) + r")\b", lambda m: swaps[m.group(1).lower()], text, flags=re.I)


def _first_sentence(text: str, max_words: int = 25) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"[*_`#>]", "", text)).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
    words = sentence.split()
    return sentence if len(words) <= max_words else ""


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
    path = Path(__file__).resolve().parents[1] / "curated" / "questions_templates.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {theme: data[theme] for theme in THEMES}


def role_terms(request: QuestionRequest, profile: RoleProfile | None) -> frozenset[str]:
    """Word stems that make a question specific to this role, person or company."""
    generic = set(_GENERIC_WORDS)
    for entry in load_templates().values():
        for template in entry["templates"]:
            generic |= {w.lower() for w in _WORD.findall(template)}
    texts = [request.role, request.industry, request.company] + request.goals
    if profile:
        texts += [profile.role, *profile.aliases, *(term for term, _ in profile.vocabulary)]
        texts += [f"{i.label} {i.ask_about}" for i in profile.insights] + [q.text for q in profile.questions]
    stems = {_stem(w) for text in texts for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in generic}
    stems |= {_stem(w) for w in re.findall(r"\b[A-Z][\w\-]{3,}\b", request.bio) if w.lower() not in generic}
    return frozenset(s for s in stems if len(s) >= 3)


def _retrieve(query: str, k: int, collections: tuple[str, ...], settings: Settings, **kw: Any) -> list:
    from coffeechat.kb.retrieval import retrieve

    return retrieve(query[:500], k=k, collections=collections, settings=settings, **kw)


def build_context(request: QuestionRequest, settings: Settings) -> Context:
    """Retrieve what the questions are grounded in and lay out the seeds per theme."""
    from coffeechat.embeddings import default_embedder
    from coffeechat.kb.roles import find_role

    profile = find_role(request.role, settings)
    role = _role_label(request.role)
    a_role = with_article(role)
    guide = _retrieve(f"good questions to ask {role} in an informational interview", 3, ("knowledge",), settings, filters={"topic": "questions"})
    guide_sources = tuple(dict.fromkeys([r.source for r in guide] or [GUIDE_SOURCE]))
    notes = [r for r in _retrieve(f"{request.role} {request.company} {request.bio[:200]}", 3, ("notes",), settings) if _note_relevant(r, request, profile, settings)]
    seeds: dict[str, list[Seed]] = {theme: [] for theme in THEMES}
    at = f" at {_short_company(request.company)}" if request.company else ""

    if request.bio:
        sentence = _first_sentence(request.bio, 40) or request.bio[:200]
        seeds["insights"].append(Seed("insights", f"their path so far: {sentence}", "Opens with their own story, which builds rapport.", ("bio",), "bio",
                                      f"Looking back on your path to becoming {a_role}{at}, which decision or turning point mattered most?"))
    for note in notes:
        learned = _first_sentence(note.text.split("\n", 1)[-1])
        if learned:
            seeds["insights"].append(Seed("insights", f"a follow-up on what the student learned last time: {learned}", f"Builds on your notes ({note.title or note.source}).", (note.source,), "note",
                                          f"Someone in this field told me that {learned[0].lower() + learned[1:].rstrip('.')}. How does that match your experience as {a_role}?"))
    for goal in request.goals:
        theme = classify_theme(goal, "advice")
        goal_text = goal.rstrip(".?! ")
        fallback = f"I want to understand {goal_text[0].lower() + goal_text[1:]}. What has your experience as {a_role} taught you about it?" if len(goal_text.split()) <= 22 else ""
        seeds[theme].insert(1 if theme == "insights" and request.bio else 0, Seed(theme, f"the student's goal: {goal_text}", f"It goes straight at your goal: {goal_text}.", ("goals",), "goal", fallback))
    if request.background:
        seeds["advice"].append(Seed("advice", f"advice for someone with this background: {request.background[:200]}", "It asks how your own background could carry over.", ("background",), "background",
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
            sentence = _first_sentence(item.text.split("\n", 1)[-1], 40)
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
    return note.score >= 0.5


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
    by_company = company and len(company) <= 60 and theme in ("insights", "trends", "assignments") and len(idea) % 2 == 0
    lead = f"At {_short_company(company)}" if by_company else f"As {a_role}"
    first = idea.split()[0]
    body = idea if first.isupper() and len(first) > 1 else idea[0].lower() + idea[1:]
    return f"{lead}, {body}"


def _prompt_context(request: QuestionRequest) -> str:
    lines = []
    if request.company:
        lines.append(f"They work at {request.company}.")
    if request.bio:
        lines.append(f"About them: {' '.join(request.bio.split()[:45])}")
    if request.background:
        lines.append(f"The student: {' '.join(request.background.split()[:30])}")
    if request.goals:
        lines.append("The student wants to learn: " + "; ".join(request.goals[:3]))
    return "\n".join(lines)


# ---------------------------------------------------------------- the chain


@dataclass
class Slot:
    theme: str
    seed: Seed
    attempts: int = 0
    question: Question | None = None
    vector: Any = None
    rejected: list[tuple[str, list[str]]] = field(default_factory=list)


def plan_slots(n: int, context: Context) -> list[Slot]:
    """n slots in interview order, each with the next unused seed of its theme."""
    counts = {theme: 0 for theme in THEMES}
    for i in range(n):
        counts[SLOT_THEMES[i % len(SLOT_THEMES)]] += 1
    slots = []
    for theme in ORDER:
        for i in range(counts[theme]):
            seeds = context.seeds[theme]
            slots.append(Slot(theme, seeds[i % len(seeds)]))
    return slots


# openai's parse() raises these for a reply cut off or filtered: a bad draft, not an outage.
_BAD_REPLY_ERRORS = ("LengthFinishReasonError", "ContentFilterFinishReasonError")


class _Writer:
    """The model behind one narrow seam: a batch of prompts in, DraftQuestions (or None) out."""

    def __init__(self, model: Any, concurrency: int):
        self.structured = model.with_structured_output(DraftQuestion, method="json_schema")
        self.concurrency = max(1, concurrency)
        self.calls = 0

    def write(self, prompts: list[str]) -> list[DraftQuestion | None]:
        if not prompts:
            return []
        self.calls += len(prompts)
        results = self.structured.batch(prompts, config={"max_concurrency": self.concurrency}, return_exceptions=True)
        drafts: list[DraftQuestion | None] = []
        for result in results:
            if isinstance(result, Exception):
                if not isinstance(result, (ValueError, KeyError, TypeError)) and type(result).__name__ not in _BAD_REPLY_ERRORS:
                    raise result  # an unreachable model is the user's to fix, not ours to hide
                drafts.append(None)
            elif isinstance(result, dict):
                drafts.append(DraftQuestion.model_validate(result) if {"question", "why"} <= set(result) else None)
            else:
                drafts.append(result)
        return drafts


def _draft_prompt(slot: Slot, context: Context, feedback: str = "") -> str:
    return render("questions_draft", a_role=context.a_role, theme=slot.theme, theme_hint=THEME_HINTS[slot.theme], seed=slot.seed.text, context=context.prompt_context, opt_feedback=feedback)


def _adapt_prompt(seed: Seed, context: Context) -> str:
    idea = seed.text.removeprefix("a question like: ")
    return render("questions_adapt", a_role=context.a_role, context=context.prompt_context, idea=idea)


class _Judge:
    """Checks candidates against the text rules and against the questions already accepted."""

    def __init__(self, context: Context):
        self.context = context
        self.accepted: list[Any] = []  # vectors of accepted questions
        self.avoid: list[Any] = list(context.embed(list(PROMPT_EXAMPLES)))  # nothing new may copy these

    def problems(self, text: str, vector: Any, seed_vector: Any = None) -> list[str]:
        from coffeechat.embeddings import cosine

        reasons = text_problems(text, self.context.role, self.context.terms)
        if any(cosine(vector, other) >= DUPLICATE_MIN for other in self.accepted + self.avoid):
            reasons.append("near-duplicate of another question")
        if seed_vector is not None and cosine(vector, seed_vector) < GROUNDED_MIN:
            reasons.append("drifted from what it was grounded in")
        return reasons


def _embed(context: Context, texts: list[str]) -> list[Any]:
    return list(context.embed(texts)) if texts else []


def generate_questions(request: QuestionRequest, model: Any = None, *, settings: Settings | None = None, concurrency: int | None = None, progress: Callable[[float, str], None] | None = None) -> QuestionSet:
    """Exactly request.n checked questions for an informational interview, in interview order.

    model: a LangChain chat model (default: the configured one). Raises UnavailableError or
    the provider's error when the model cannot be reached; a model that answers badly is
    repaired around, never passed through.
    """
    settings = settings or get_settings()
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    report(0.05, "retrieving the role profile, guide pages and your notes")
    context = build_context(request, settings)
    slots = plan_slots(request.n, context)
    if model is None:
        from coffeechat.llm import chat_model

        model = chat_model(settings, max_tokens=140, temperature=0.7, timeout=300)
    writer = _Writer(model, concurrency or settings.n_parallel)
    judge = _Judge(context)
    repairs: list[Repair] = []
    _draft_rounds(slots, context, writer, judge, repairs, report)
    report(0.85, "filling the rest from curated question ideas")
    _fill(slots, context, writer, judge, repairs)
    report(1.0, "done")
    slots.sort(key=lambda s: ORDER.index(s.theme))  # stable: a fill from another theme moves to its place
    return QuestionSet(
        role=request.role, questions=[s.question for s in slots if s.question], provider=settings.provider, model=settings.model_name,
        repairs=repairs, profile=context.profile.role if context.profile else "", model_calls=writer.calls, seconds=round(time.perf_counter() - started, 2),
    )


def _draft_rounds(slots: list[Slot], context: Context, writer: _Writer, judge: _Judge, repairs: list[Repair], report: Callable[[float, str], None]) -> None:
    seed_vectors = _embed(context, [s.seed.text for s in slots])
    for round_number in range(1 + REPAIR_ROUNDS):
        pending = [i for i, s in enumerate(slots) if s.question is None]
        if not pending:
            return
        report(0.1 + 0.7 * round_number / (1 + REPAIR_ROUNDS), "drafting questions" if round_number == 0 else f"redrafting {len(pending)} rejected question(s)")
        feedback = {i: "; ".join(slots[i].rejected[-1][1]) if slots[i].rejected else "" for i in pending}
        drafts = writer.write([_draft_prompt(slots[i], context, feedback[i]) for i in pending])
        texts = [" ".join(d.question.split()) if d else "" for d in drafts]
        vectors = _embed(context, [t or "-" for t in texts])
        last_round = round_number == REPAIR_ROUNDS
        for i, draft, text, vector in zip(pending, drafts, texts, vectors):
            slot = slots[i]
            slot.attempts += 1
            reasons = ["unparseable reply"] if draft is None else judge.problems(text, vector, seed_vectors[i])
            if reasons:
                slot.rejected.append((text, reasons))
                action = "filled from curated question ideas" if last_round else "asked the model for another draft"
                repairs.append(Repair(rejected=text, theme=slot.theme, reasons=reasons, action=action))
                continue
            relevant = len(word_stems(draft.why) & (word_stems(text) | word_stems(slot.seed.text)) - {_stem(w) for w in _GENERIC_WORDS}) >= 1
            why = " ".join(draft.why.split()) if why_ok(draft.why, text) and relevant else slot.seed.why
            slot.question = Question(text=text, theme=slot.theme, why=why, sources=list(slot.seed.sources))
            slot.vector = vector
            judge.accepted.append(vector)


def _fill(slots: list[Slot], context: Context, writer: _Writer, judge: _Judge, repairs: list[Repair]) -> None:
    """Fill empty slots: the theme's next curated idea adapted by the model, else in code,
    else the slot's own seed made into a question in code, else any template that passes."""
    empty = [s for s in slots if s.question is None]
    if not empty:
        return
    used: set[str] = {s.question.text.lower() for s in slots if s.question}
    picks: list[Seed] = []
    for slot in empty:
        candidates = [seed for seed in context.pool[slot.theme] if seed.fallback.lower() not in used and seed not in picks]
        picks.append(candidates[0] if candidates else context.pool[slot.theme][0])
    drafts = writer.write([_adapt_prompt(seed, context) for seed in picks])
    texts = [" ".join(d.question.split()) if d else "" for d in drafts]
    vectors = _embed(context, [t or "-" for t in texts])
    idea_vectors = _embed(context, [seed.fallback for seed in picks])
    from coffeechat.embeddings import cosine

    for slot, seed, draft, text, vector, idea_vector in zip(empty, picks, drafts, texts, vectors, idea_vectors):
        if draft is not None:
            reasons = judge.problems(text, vector)
            if cosine(vector, idea_vector) < 0.5:
                reasons.append("changed the curated idea's meaning")
            if not reasons:
                _accept(slot, judge, vector, text, why=seed.why, seed=seed, repairs=repairs, note=f"adapted by the model from the curated idea: {seed.fallback}")
                used.add(text.lower())
                continue
            repairs.append(Repair(rejected=text, theme=slot.theme, reasons=reasons, action="the model's adaptation was rejected; adapted in code"))
        for candidate in _fallbacks(slot, seed, context):
            if not candidate.fallback or candidate.fallback.lower() in used:
                continue
            candidate_vector = _embed(context, [candidate.fallback])[0]
            if not judge.problems(candidate.fallback, candidate_vector):
                _accept(slot, judge, candidate_vector, candidate.fallback, why=candidate.why, seed=candidate, repairs=repairs, note=f"filled in code from a curated {candidate.kind}")
                used.add(candidate.fallback.lower())
                break
        if slot.question is None:  # cannot happen with the shipped templates; never return fewer than n
            raise RuntimeError(f"no curated question passes the checks for the theme {slot.theme}")


def _fallbacks(slot: Slot, seed: Seed, context: Context):
    if slot.seed.kind in ("bio", "goal", "note", "background", "insight"):
        yield slot.seed  # the slot's own grounding, personal or insider, made into a question
    yield seed
    yield from context.pool[slot.theme]
    for theme in ORDER:
        if theme != slot.theme:
            yield from context.pool[theme]


def _accept(slot: Slot, judge: _Judge, vector: Any, text: str, why: str, seed: Seed, repairs: list[Repair], note: str) -> None:
    theme = seed.theme if seed.theme in THEMES else slot.theme
    slot.question = Question(text=text, theme=theme, why=why, sources=list(seed.sources), adapted=True)
    slot.theme = theme
    slot.vector = vector
    judge.accepted.append(vector)
    repairs.append(Repair(rejected="", theme=theme, reasons=[f"no acceptable draft after {slot.attempts} attempt(s)"] if slot.attempts else ["regenerated on request"], action=note))


def regenerate_question(request: QuestionRequest, result: QuestionSet, index: int, model: Any = None, *, settings: Settings | None = None) -> QuestionSet:
    """The same set with question `index` replaced by a new one of the same theme that
    passes every check and duplicates neither the others nor the one it replaces."""
    if not 0 <= index < len(result.questions):
        raise InputError(f"there is no question {index + 1} to regenerate")
    settings = settings or get_settings()
    context = build_context(request, settings)
    old = result.questions[index]
    others = [q for i, q in enumerate(result.questions) if i != index]
    judge = _Judge(context)
    judge.accepted = _embed(context, [q.text for q in others])
    judge.avoid = _embed(context, [old.text])
    taken = {q.text.lower() for q in result.questions}
    seeds = [s for s in context.seeds.get(old.theme, []) if s.kind != "template"] or context.seeds[old.theme]
    start = sum(1 for q in others if q.theme == old.theme) + 1
    seed = seeds[start % len(seeds)]
    slot = Slot(old.theme, seed)
    if model is None:
        from coffeechat.llm import chat_model

        model = chat_model(settings, max_tokens=140, temperature=0.9, timeout=300)
    writer = _Writer(model, 1)
    repairs: list[Repair] = []
    _draft_rounds([slot], context, writer, judge, repairs, lambda f, m: None)
    if slot.question is None:
        context.pool[old.theme] = [s for s in context.pool[old.theme] if s.fallback.lower() not in taken]
        _fill([slot], context, writer, judge, repairs)
    questions = list(result.questions)
    questions[index] = slot.question
    return result.model_copy(update={"questions": questions, "repairs": list(result.repairs) + repairs, "model_calls": result.model_calls + writer.calls})


# ---------------------------------------------------------------- presentation


def grouped(result: QuestionSet) -> list[tuple[str, list[tuple[int, Question]]]]:
    """(theme, [(number, question)]) in interview order, numbers as in the list."""
    groups: dict[str, list[tuple[int, Question]]] = {}
    for number, question in enumerate(result.questions, 1):
        groups.setdefault(question.theme, []).append((number, question))
    return [(theme, groups[theme]) for theme in ORDER if theme in groups]


def questions_markdown(result: QuestionSet) -> str:
    """The questions grouped by theme, with why and sources, as Markdown for a terminal or file."""
    lines = [f"# Questions for {result.role}", ""]
    if result.profile and result.profile.lower() != result.role.lower():
        lines += [f"_Grounded in the {result.profile} profile._", ""]
    for theme, items in grouped(result):
        lines.append(f"## {theme.capitalize()}")
        for number, question in items:
            mark = " (adapted)" if question.adapted else ""
            lines.append(f"{number}. {question.text}{mark}")
            lines.append(f"   - why: {question.why}")
            lines.append(f"   - sources: {', '.join(question.sources)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def questions_csv(result: QuestionSet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "theme", "question", "why", "sources", "adapted"])
    for number, question in enumerate(result.questions, 1):
        writer.writerow([number, question.theme, question.text, question.why, "; ".join(question.sources), "yes" if question.adapted else "no"])
    return buffer.getvalue()
