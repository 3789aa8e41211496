"""Questions for an informational interview with someone in a named role.

retrieve (role profile, guide pages, the user's notes) -> plan n slots over the TIARA
themes, each grounded in one seed (an insider insight, a goal, the bio, a note, a curated
idea: questions.context) -> the model drafts one question per slot (json_schema) -> every
draft is checked in code (questions.checks) -> only failures are redrafted (bounded) -> what
is still missing is filled from the profile's curated question ideas, adapted by the model or,
failing that, in code, and the last resort is a role-named template the product owns.
Whatever the model says, the result has exactly n questions that pass every check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from coffeechat import llm
from coffeechat.config import Settings, get_settings
from coffeechat.embeddings import cosine
from coffeechat.errors import InputError
from coffeechat.kb.roles import THEMES
from coffeechat.prompts import render
from coffeechat.questions.checks import GENERIC_WORDS, stem, text_problems, why_ok, word_stems
from coffeechat.questions.context import Context, Seed, build_context
from coffeechat.questions.models import ORDER, DraftQuestion, Question, QuestionRequest, QuestionSet, Repair

DUPLICATE_MIN = 0.82  # cosine between two questions at or above which they ask the same thing
GROUNDED_MIN = 0.25  # a model draft must stay this close to the seed it was written from
ADAPTED_MEANING_MIN = 0.5  # a model's adaptation of a curated idea must stay this close to it, or it changed the meaning
REPAIR_ROUNDS = llm.MAX_ATTEMPTS - 1  # redrafts of the failures; the fill below always completes the set
# Seconds one round of drafts may take (each call's timeout too): a round of 10 on the
# embedded model takes 20-60 s on 2 cores; past this, the fill completes the set instead.
QUESTIONS_BUDGET_S = 300
DRAFT_MAX_TOKENS = 140  # a question of at most 40 words and a one-line why, as JSON
DRAFT_TEMPERATURE = 0.7  # varied drafts across slots; the checks reject what strays
REGENERATE_TEMPERATURE = 0.9  # a regenerated question must differ from the one it replaces
# The prompts' worked examples: a draft that copies one is not a question for this person.
PROMPT_EXAMPLES = (
    "How did your employer support your exam study, and what kept you going after a failed sitting?",
    "At Northwind Mutual, which study providers or actuarial groups have helped you most with the exams?",
)
# Which theme each next slot takes: every theme by five questions, insights weighted most.
SLOT_THEMES = ("insights", "trends", "advice", "resources", "assignments", "insights", "advice", "trends", "assignments", "resources")
THEME_HINTS = {
    "trends": "where the field is heading",
    "insights": "what they have learned from doing the work",
    "advice": "what they would suggest to someone in the student's position",
    "resources": "people, groups, publications or tools worth the student's time",
    "assignments": "the projects and tasks the job actually involves",
}


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
        model = llm.chat_model(settings, max_tokens=DRAFT_MAX_TOKENS, temperature=DRAFT_TEMPERATURE, timeout=QUESTIONS_BUDGET_S)
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
    for round_number in llm.attempts(1 + REPAIR_ROUNDS, QUESTIONS_BUDGET_S):
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
            relevant = len(word_stems(draft.why) & (word_stems(text) | word_stems(slot.seed.text)) - {stem(w) for w in GENERIC_WORDS}) >= 1
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
    for slot, seed, draft, text, vector, idea_vector in zip(empty, picks, drafts, texts, vectors, idea_vectors):
        if draft is not None:
            reasons = judge.problems(text, vector)
            if cosine(vector, idea_vector) < ADAPTED_MEANING_MIN:
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
        model = llm.chat_model(settings, max_tokens=DRAFT_MAX_TOKENS, temperature=REGENERATE_TEMPERATURE, timeout=QUESTIONS_BUDGET_S)
    writer = _Writer(model, 1)
    repairs: list[Repair] = []
    _draft_rounds([slot], context, writer, judge, repairs, lambda f, m: None)
    if slot.question is None:
        context.pool[old.theme] = [s for s in context.pool[old.theme] if s.fallback.lower() not in taken]
        _fill([slot], context, writer, judge, repairs)
    questions = list(result.questions)
    questions[index] = slot.question
    return result.model_copy(update={"questions": questions, "repairs": list(result.repairs) + repairs, "model_calls": result.model_calls + writer.calls})
