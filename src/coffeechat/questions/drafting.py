"""Questions for an informational interview with someone in a named role.

Authored material first: candidates written in code (questions.context: the user's goals in
their own voice, a detail of the person's bio, notes, the user's background; the role profile's
insider points and question ideas; role-named templates) -> n picked in interview order, each
passing the checks (questions.checks) and no near-duplicate of another -> shown at once. Then
the model fills one small slot per question the user leads with their own words: the follow-up
after "I'm weighing a clerkship first:", one short call each, in parallel across the server's
slots, each checked; a follow-up that fails keeps the authored one. Every why is authored.
Whatever the model says, the result has exactly n questions that pass every check.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from coffeechat import guards, llm
from coffeechat.config import Settings, get_settings
from coffeechat.embeddings import cosine
from coffeechat.errors import InputError
from coffeechat.kb.roles import THEMES
from coffeechat.prompts import render
from coffeechat.questions.checks import content_stems, follow_up_problems, text_problems
from coffeechat.questions.context import Candidate, Context, build_context
from coffeechat.questions.models import ORDER, FollowUp, Question, QuestionRequest, QuestionSet, Repair

DUPLICATE_MIN = 0.82  # cosine between two questions at or above which they ask the same thing
# Which theme each next question takes: every theme by five questions, insights weighted most.
SLOT_THEMES = ("insights", "trends", "advice", "resources", "assignments", "insights", "advice", "trends", "assignments", "resources")
PERSONAL = ("bio", "note", "goal", "background")  # the user's own material, asked before the role's, in this order within a theme
FOLLOW_UP_MAX_TOKENS = 48  # a follow-up of at most 16 words, as JSON
FOLLOW_UP_TEMPERATURE = 0.7  # varied follow-ups; the checks reject what strays
REGENERATE_TEMPERATURE = 0.9  # a regenerated follow-up must differ from the one it replaces
# Seconds all tailoring may take (each call's timeout too): one round of 4 follow-ups on the
# embedded model takes 1-2 s on 2 cores (benchmarks/questions.py); the authored set is complete
# before any call, so past this the authored follow-ups simply stand (issue 15: 10 questions in 8 s).
FOLLOW_UP_BUDGET_S = 7.0
# Cosine between a follow-up and its lead at or above which it only says the lead again: on
# hand-written pairs, follow-ups that restate the lead scored 0.79-0.82, good ones 0.13-0.63.
FOLLOW_UP_REDUNDANT_MIN = 0.72
# openai's parse() raises these for a reply cut off or filtered: a bad follow-up, not an outage.
_BAD_REPLY_ERRORS = ("LengthFinishReasonError", "ContentFilterFinishReasonError")


@dataclass
class Slot:
    candidate: Candidate
    question: Question
    vector: Any


def _question(candidate: Candidate, text: str | None = None, tailored: bool = False) -> Question:
    return Question(text=text or candidate.text, theme=candidate.theme, why=candidate.why, sources=list(candidate.sources),
                    adapted=not tailored, origin=candidate.origin, kind=candidate.kind)


class _Picker:
    """Accepts candidates that pass the checks and duplicate nothing accepted (or avoided)."""

    def __init__(self, context: Context, avoid: list[Any] | None = None):
        self.context = context
        self.accepted: list[Any] = []
        self.avoid = list(avoid or [])
        self.repairs: list[Repair] = []

    def problems(self, candidate: Candidate, text: str, vector: Any) -> list[str]:
        personal = candidate.kind in PERSONAL  # the user's own words need not repeat the role's terms
        reasons = text_problems(text, self.context.role, frozenset() if personal else self.context.terms)
        if any(cosine(vector, other) >= DUPLICATE_MIN for other in self.accepted + self.avoid):
            reasons.append("near-duplicate of another question")
        return reasons

    def take(self, candidate: Candidate, vectors: dict[str, Any]) -> Slot | None:
        """The candidate as a slot, or its first authored alternate that passes; None when none does."""
        first_reasons: list[str] = []
        for text in (candidate.text, *candidate.alternates):
            vector = vectors.get(text)
            if vector is None:
                vector = vectors[text] = self.context.embed([text])[0]
            reasons = self.problems(candidate, text, vector)
            if not reasons:
                self.accepted.append(vector)
                return Slot(candidate, _question(candidate, text), vector)
            first_reasons = first_reasons or reasons
        if candidate.kind in PERSONAL:  # the user's own question is never dropped silently
            self.repairs.append(Repair(rejected=candidate.text, theme=candidate.theme, reasons=first_reasons, action="left out: another question took its place"))
        return None


def plan(context: Context, n: int, picker: _Picker | None = None) -> tuple[list[Slot], list[Repair]]:
    """n slots in interview order: the user's own questions first, then per theme the role's
    material (insider points and question ideas, then templates) up to each theme's share."""
    picker = picker or _Picker(context)
    everything = context.personal + [c for theme in ORDER for c in context.pool[theme]]
    texts = list(dict.fromkeys(c.text for c in everything))
    vectors = dict(zip(texts, context.embed(texts))) if texts else {}
    quotas = {theme: 0 for theme in THEMES}
    for i in range(n):
        quotas[SLOT_THEMES[i % len(SLOT_THEMES)]] += 1
    slots: list[Slot] = []
    used: set[int] = set()
    for candidate in context.personal:
        if len(slots) < n and (slot := picker.take(candidate, vectors)):
            slots.append(slot)
            quotas[candidate.theme] -= 1
    for only_quota in (True, False):  # each theme's share first, then whatever passes
        for theme in ORDER:
            for candidate in context.pool[theme]:
                if len(slots) == n or (only_quota and quotas[theme] <= 0):
                    break
                if id(candidate) in used:
                    continue
                used.add(id(candidate))
                if slot := picker.take(candidate, vectors):
                    slots.append(slot)
                    quotas[theme] -= 1
    if len(slots) < n:  # cannot happen with the shipped templates (tests/unit/test_questions.py); never return fewer than n
        raise RuntimeError(f"only {len(slots)} of {n} curated questions pass the checks for {context.role!r}")
    kind_rank = {kind: rank for rank, kind in enumerate(PERSONAL)}
    slots.sort(key=lambda s: (ORDER.index(s.question.theme), kind_rank.get(s.candidate.kind, len(PERSONAL))))
    return slots, picker.repairs


class _Tailor:
    """The model behind one narrow seam: a follow-up for a lead, checked; None when none passes."""

    def __init__(self, model: Any, context: Context):
        self.structured = model.with_structured_output(FollowUp, method="json_schema")
        self.context = context
        self.calls = 0

    def follow_up(self, slot: Slot, others: Callable[[], list[Any]]) -> tuple[str | None, list[Repair]]:
        phrased = slot.candidate.phrasing
        assert phrased is not None
        prompt = render("questions_follow_up", a_role=self.context.a_role, role=self.context.role, lead=phrased.lead, topic=slot.candidate.topic)
        on_topic = content_stems(slot.candidate.topic) | self.context.terms
        repairs: list[Repair] = []
        for _ in llm.attempts(llm.MAX_ATTEMPTS, FOLLOW_UP_BUDGET_S):
            self.calls += 1
            reply = self._ask(prompt)
            text = " ".join((reply or "").split())
            text = text[:1].lower() + text[1:] if text[:2] not in ("I ", "I'") else text
            reasons = ["unparseable reply"] if reply is None else follow_up_problems(text, phrased.lead, on_topic)
            if not reasons:
                whole = phrased.text(text)
                vector, alone, lead = self.context.embed([whole, text, phrased.lead])
                reasons = text_problems(whole, self.context.role)
                if cosine(alone, lead) >= FOLLOW_UP_REDUNDANT_MIN:
                    reasons.append("repeats the lead")
                if guards.repeats(whole) or guards.echoes_instructions(text, prompt, [phrased.lead, slot.candidate.topic, *phrased.follow_ups]):
                    reasons.append("repeats itself or the instructions")
                if any(cosine(vector, other) >= DUPLICATE_MIN for other in others()):
                    reasons.append("near-duplicate of another question")
                if not reasons:
                    return whole, repairs
            repairs.append(Repair(rejected=text, theme=slot.question.theme, reasons=reasons, action="kept the authored follow-up"))
        return None, repairs

    def _ask(self, prompt: str) -> str | None:
        try:
            result = self.structured.invoke(prompt)
        except (ValueError, KeyError, TypeError):
            return None
        except Exception as exc:
            if type(exc).__name__ in _BAD_REPLY_ERRORS:
                return None
            raise  # an unreachable model is the user's to fix, not ours to hide
        if isinstance(result, dict):
            return str(result.get("follow_up") or "") or None
        return getattr(result, "follow_up", None)


def stream_questions(request: QuestionRequest, model: Any = None, *, settings: Settings | None = None, concurrency: int | None = None,
                     progress: Callable[[float, str], None] | None = None) -> Iterator[QuestionSet]:
    """Exactly request.n checked questions in interview order: first as authored (at once), then
    again each time the model's tailored follow-up for one of the user's own questions is checked.

    model: a LangChain chat model (default: the configured one, built only when a question can
    be tailored). Raises UnavailableError or the provider's error when the model cannot be
    reached; a model that answers badly is worked around, never passed through.
    """
    settings = settings or get_settings()
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    report(0.05, "reading the role profile, your goals and notes")
    context = build_context(request, settings)
    slots, repairs = plan(context, request.n)
    tailorable = [s for s in slots if s.candidate.phrasing is not None]

    def result(calls: int = 0, tailored: int = 0, pending: int = 0) -> QuestionSet:
        return QuestionSet(role=request.role, questions=[s.question for s in slots], provider=settings.provider, model=settings.model_name, repairs=list(repairs),
                           profile=context.match.authored.role if context.match and context.match.authored else "",
                           grounding=context.match.grounding() if context.match else {}, model_calls=calls, tailored=tailored, pending=pending,
                           seconds=round(time.perf_counter() - started, 2))

    if model is None and not tailoring_helps(settings):
        tailorable = []
    yield result(pending=len(tailorable))
    if not tailorable:
        report(1.0, "done")
        return
    report(0.3, f"tailoring {len(tailorable)} follow-up(s) to you")
    if model is None:
        model = llm.chat_model(settings, max_tokens=FOLLOW_UP_MAX_TOKENS, temperature=FOLLOW_UP_TEMPERATURE, timeout=FOLLOW_UP_BUDGET_S)
    tailor = _Tailor(model, context)
    tailored = 0
    for done, (slot, text, slot_repairs) in enumerate(_tailor_all(tailor, slots, tailorable, concurrency or settings.n_parallel), 1):
        repairs.extend(slot_repairs)
        if text:
            slot.question = _question(slot.candidate, text, tailored=True)
            slot.vector = context.embed([text])[0]
            tailored += 1
        report(0.3 + 0.7 * done / len(tailorable), f"tailored {done} of {len(tailorable)}")
        yield result(tailor.calls, tailored, len(tailorable) - done)


def tailoring_helps(settings: Settings) -> bool:
    """Whether the configured model should tailor follow-ups: any provider or GGUF the user
    chose, but not the bundled SmolLM2-135M, whose follow-ups passed the checks 2 times in 24
    probes (and read poorly then): with it, the authored follow-ups stand and no call is made."""
    return not (settings.provider == "embedded" and not settings.model)


def _tailor_all(tailor: _Tailor, slots: list[Slot], tailorable: list[Slot], concurrency: int):
    """(slot, tailored text or None, repairs) as each finishes, the calls in parallel."""
    def others(slot: Slot) -> Callable[[], list[Any]]:
        return lambda: [s.vector for s in slots if s is not slot]

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(tailorable)))) as pool:
        futures = {pool.submit(tailor.follow_up, slot, others(slot)): slot for slot in tailorable}
        for future in as_completed(futures):
            text, slot_repairs = future.result()
            yield futures[future], text, slot_repairs


def generate_questions(request: QuestionRequest, model: Any = None, *, settings: Settings | None = None, concurrency: int | None = None,
                       progress: Callable[[float, str], None] | None = None) -> QuestionSet:
    """The final set of stream_questions(): exactly request.n checked questions in interview order."""
    final = None
    for final in stream_questions(request, model, settings=settings, concurrency=concurrency, progress=progress):
        pass
    assert final is not None
    return final


def regenerate_question(request: QuestionRequest, result: QuestionSet, index: int, model: Any = None, *, settings: Settings | None = None) -> QuestionSet:
    """The same set with question `index` replaced by another of the same theme (another
    wording of the same goal, for one of the user's own) that passes every check and duplicates
    neither the others nor the one it replaces. The model may tailor its follow-up, as in
    generate_questions."""
    if not 0 <= index < len(result.questions):
        raise InputError(f"there is no question {index + 1} to regenerate")
    settings = settings or get_settings()
    context = build_context(request, settings)
    old = result.questions[index]
    others = [q for i, q in enumerate(result.questions) if i != index]
    picker = _Picker(context, avoid=context.embed([old.text]))
    picker.accepted = list(context.embed([q.text for q in others]))
    taken = {q.text.lower() for q in result.questions}
    same_origin = [c for c in context.personal if c.origin == old.origin]
    rewordings = [Candidate(c.theme, text, c.why, c.sources, c.kind, c.origin, c.phrasing, c.topic) for c in same_origin for text in (c.text, *c.alternates) if text.lower() not in taken]
    rest = [c for theme in (old.theme, *[t for t in ORDER if t != old.theme]) for c in context.pool[theme] if c.text.lower() not in taken]
    slot = None
    for candidate in rewordings + rest:
        if candidate.text.lower() in taken:
            continue
        slot = _take_rewording(picker, candidate) if candidate in rewordings else picker.take(candidate, {})
        if slot:
            break
    if slot is None:
        raise RuntimeError("no curated question is left to replace it with")
    calls = tailored = 0
    if slot.candidate.phrasing is not None:
        if model is None:
            model = llm.chat_model(settings, max_tokens=FOLLOW_UP_MAX_TOKENS, temperature=REGENERATE_TEMPERATURE, timeout=FOLLOW_UP_BUDGET_S)
        tailor = _Tailor(model, context)
        text, repairs = tailor.follow_up(slot, lambda: picker.accepted)
        picker.repairs.extend(repairs)
        calls = tailor.calls
        if text and text.lower() not in taken:
            slot.question = _question(slot.candidate, text, tailored=True)
            tailored = 1
    questions = list(result.questions)
    questions[index] = slot.question
    return result.model_copy(update={"questions": questions, "repairs": list(result.repairs) + picker.repairs, "model_calls": result.model_calls + calls,
                                     "tailored": result.tailored + tailored})


def _take_rewording(picker: _Picker, candidate: Candidate) -> Slot | None:
    """Another wording of the user's own question: it must pass the checks and duplicate none of
    the others; it may stay near the question it replaces (it is the same goal)."""
    vector = picker.context.embed([candidate.text])[0]
    reasons = text_problems(candidate.text, picker.context.role)
    if reasons or any(cosine(vector, other) >= DUPLICATE_MIN for other in picker.accepted):
        return None
    picker.accepted.append(vector)
    return Slot(candidate, _question(candidate), vector)
