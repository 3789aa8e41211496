"""Outreach: critique a message, rewrite it, draft new ones, and write thank-you notes.

critique(message, channel, rewrite=True, model=None) -> OutreachCritique
    Flags, score and strengths are decided in code (outreach_checks.judge): patterns and
    counts, then similarity to curated labelled sentences for the three flags that need
    reading. The score is outreach_checks.score(flags): 100 minus each flag's weight
    (evals/outreach/FLAGS.md), so the same flags always give the same score, whatever the model.
    The message is data: any instruction inside it is critiqued, never followed.
    Raises InputError for an empty message, an unknown channel or over 20,000 characters.

The rewrite is the model's job, checked by code (outreach_writing): the same judge, plus
guards against invented names, lost facts and new placeholders. Up to MAX_ATTEMPTS model
rewrites, each repaired in code where it can be; if none passes, a rewrite assembled in code
from the sender's own sentences and curated fixes. Where a needed fact is missing the rewrite
has a clearly marked blank ("[your school]") and a note says so.

Second opinion (who decides each flag). With a provider other than the embedded 135M model,
critique asks the model, through structured output, whether the message is specific to the
recipient, says who the sender is, and pressures the reader. The rule:
  - too_long, missing_subject, template_placeholder, asks_for_job, no_clear_ask,
    no_time_bound, no_gratitude: code alone decides; the model is never asked.
  - no_personalization, no_sender_context, pushy_tone: a pattern match decides, and so does
    a clear similarity verdict. Only when similarity was near its threshold ("uncertain") does
    the model's verdict decide, and then only if the words it quotes as evidence appear in
    the message (outside any instruction addressed to a tool). Otherwise code stands.
  - A message containing instructions addressed to a tool gets no second opinion at all.
The model's answers are reported in `second_opinion`, whether or not they decided anything.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from pydantic import BaseModel, Field

from coffeechat.chains import outreach_checks as checks
from coffeechat.chains import outreach_writing as writing
from coffeechat.config import get_settings
from coffeechat.errors import InputError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
# Seconds the model may spend on one rewrite before the assembled rewrite is used instead.
MODEL_BUDGET_S = 90
CHANNELS = checks.CHANNELS


class Flag(BaseModel):
    id: str
    evidence: str
    suggestion: str
    spans: list[tuple[int, int]] = Field(default_factory=list, description="character ranges in the message that show it")
    decided_by: str = "code"


class OutreachCritique(BaseModel):
    """The JSON contract of `coffeechat critique` (fields may be added, never removed)."""

    score: int
    channel: str
    chars: int
    limit: int | None
    flags: list[Flag]
    strengths: list[str]
    rewrite: str | None = None
    words: int = 0
    limit_text: str = ""
    rewrite_flags: list[str] = Field(default_factory=list)
    rewrite_score: int | None = None
    rewrite_source: str = ""  # model | model+repair | assembled
    notes: list[str] = Field(default_factory=list)
    second_opinion: dict[str, Any] | None = None


# ---------------------------------------------------------------- second opinion


class Reading(BaseModel):
    present: bool = Field(description="true if the message does this")
    evidence: str = Field(default="", description="the exact words from the message that show it, or empty")


class SecondOpinion(BaseModel):
    specific_to_recipient: Reading
    sender_says_who_they_are: Reading
    pressures_the_reader: Reading


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def apply_second_opinion(judgement: checks.Judgement, message: str, opinion: SecondOpinion) -> tuple[list[str], dict]:
    """(flag ids after the documented rule, the opinion as reported)."""
    ids = set(judgement.ids)
    report: dict[str, Any] = {"answers": opinion.model_dump(), "changed": []}
    visible = _normalise(" ".join(s for s in [message] if s))
    for sentence in judgement.injection:
        visible = visible.replace(_normalise(sentence), " ")
    readings = {
        "no_personalization": (opinion.specific_to_recipient, False),  # flag when NOT present
        "no_sender_context": (opinion.sender_says_who_they_are, False),
        "pushy_tone": (opinion.pressures_the_reader, True),  # flag when present
    }
    for flag_id, (reading, flag_when_present) in readings.items():
        if judgement.decisions.get(flag_id) != "similarity-uncertain":
            continue
        quoted = _normalise(reading.evidence)
        if reading.present and not (quoted and quoted in visible):
            continue  # a claim without words from the message does not count
        wants_flag = reading.present == flag_when_present
        if wants_flag and flag_id not in ids:
            ids.add(flag_id)
            report["changed"].append(f"+{flag_id}")
        elif not wants_flag and flag_id in ids:
            ids.discard(flag_id)
            report["changed"].append(f"-{flag_id}")
    return [f for f in checks.FLAG_IDS if f in ids], report


def second_opinion(message: str, channel: str, model: Any) -> SecondOpinion:
    from coffeechat.prompts import render

    prompt = render("outreach_second_opinion", message=message, channel=channel)
    return model.with_structured_output(SecondOpinion, method="json_schema").invoke(prompt)


# ---------------------------------------------------------------- critique


def _embedder() -> Callable | None:
    from coffeechat.embeddings import default_embedder

    try:
        return default_embedder()
    except Exception as exc:  # similarity is a second signal: patterns still work without it
        log.warning("outreach: no embedder (%s); patterns only", exc)
        return None


def critique(message: str, channel: str, rewrite: bool = True, model: Any = None, second: bool | None = None, embedder: Callable | None = None) -> OutreachCritique:
    """Critique `message` for `channel`; see the module docstring for the contract.

    model: a LangChain chat model for the rewrite (and second opinion); the configured one
    when None. second: ask for a second opinion (default: when the provider is not embedded).
    embedder: for similarity (default: coffeechat.embeddings.default_embedder()).
    """
    if not isinstance(message, str):
        raise InputError("the message must be text")
    checks.check_input(message, channel)
    embedder = embedder if embedder is not None else _embedder()
    judgement = checks.judge(message, channel, embedder)
    ids = judgement.ids
    notes: list[str] = []
    opinion_report = None
    settings = get_settings()
    if second is None:
        second = settings.provider != "embedded"
    if second and judgement.injection:
        notes.append("No second opinion: the message contains instructions addressed to a tool, which are treated as text.")
    elif second and any(v == "similarity-uncertain" for v in judgement.decisions.values()):
        try:
            model = model or _chat(temperature=0)
            ids, opinion_report = apply_second_opinion(judgement, message, second_opinion(message, channel, model))
        except Exception as exc:  # the code's verdict stands without it
            notes.append(f"The second opinion failed ({type(exc).__name__}); the code's verdict stands.")
    flags = [Flag(id=f.id, evidence=f.evidence, suggestion=f.suggestion, spans=f.spans, decided_by=f.decided_by) for f in judgement.flags if f.id in ids]
    for flag_id in ids:
        if flag_id not in judgement.ids:
            flags.append(Flag(id=flag_id, evidence="the second opinion (similarity was uncertain)", suggestion=checks.SUGGESTIONS[flag_id].format(evidence="the pressure", limit=judgement.limit_text), decided_by="second opinion"))
    if judgement.injection:
        notes.append(f"Instructions inside the message were treated as text, not followed: {checks._quote(judgement.injection[0])}")
    result = OutreachCritique(
        score=checks.score(ids), channel=channel, chars=judgement.chars, limit=judgement.limit, flags=flags,
        strengths=judgement.strengths, words=judgement.words, limit_text=judgement.limit_text, notes=notes, second_opinion=opinion_report,
    )
    if rewrite:
        best = rewrite_message(message, channel, model=model, embedder=embedder)
        result.rewrite = best.text
        result.rewrite_flags = best.flags
        result.rewrite_score = checks.score(best.flags)
        result.rewrite_source = best.source
        result.notes.extend(blank_notes(best.text))
    return result


def blank_notes(text: str) -> list[str]:
    blanks = list(dict.fromkeys(checks.MARKED_BLANK_RE.findall(text or "")))
    if not blanks:
        return []
    return [f"Fill in {', '.join(blanks)} before sending: each stands for a fact you did not give (nothing is invented)."]


# Instructions for the model: no example facts it could copy into the rewrite.
MODEL_FIXES = {
    "too_long": "Make it shorter: at most {limit}.",
    "no_clear_ask": "End with one question asking for a short call or chat.",
    "no_time_bound": "Ask for 15 minutes.",
    "asks_for_job": "Remove the request for a job, referral or résumé.",
    "no_personalization": "Add the sentence: I was struck by your work on [their talk, post or project: name it].",
    "no_sender_context": "Add the sentence: I'm [your one-line intro].",
    "template_placeholder": "Replace {evidence} with a blank like [their name].",
    "pushy_tone": "Remove the pressure: {evidence}. Be polite and flexible.",
    "missing_subject": "Start with a first line: Subject: followed by a short subject.",
    "no_gratitude": "Add a thank-you.",
}


def _chat(**kwargs: Any) -> Any:
    from coffeechat.llm import chat_model

    return chat_model(**kwargs)


def _max_tokens(channel: str) -> int:
    return {"linkedin-note": 110, "linkedin-message": 320, "email": 320}[channel]


def rewrite_message(message: str, channel: str, model: Any = None, embedder: Callable | None = None, attempts: int = MAX_ATTEMPTS) -> writing.Checked:
    """The best rewrite: a model's (repaired in code) if it passes every check, else assembled."""
    from coffeechat.prompts import render

    judged = checks.judge(message, channel, embedder)
    sources = [message, writing.FIX_SENDER, writing.FIX_PERSONAL, *writing.FIX_ASK.values(), writing.FIX_THANKS, writing.FIX_SUBJECT, writing.FIX_SIGNATURE]
    required = writing.required_facts(message)
    candidates: list[writing.Checked] = []
    fixes = [f"- {MODEL_FIXES[f.id].format(evidence=f.evidence, limit=judged.limit_text)}" for f in judged.flags] or ["- Keep it as it is, only smoother."]
    # What the original lacks, the model may not supply: only the curated blank may.
    lacking = {f for f in judged.ids if f in ("no_sender_context", "no_personalization")}
    cleaned_message = "\n".join(s[2] for s in checks.sentences(message) if not checks.INJECTION_RE.search(s[2]))
    deadline = time.monotonic() + MODEL_BUDGET_S
    for attempt in range(attempts):
        if time.monotonic() > deadline - 5:
            break
        try:
            model = model or _chat(temperature=0.6, max_tokens=_max_tokens(channel), timeout=MODEL_BUDGET_S)
            prompt = render(
                "outreach_rewrite", message=cleaned_message, channel=channel, limit_text=checks.limit_text(channel),
                fixes="\n".join(fixes), opt_attempt=attempt,
            )
            raw = writing.clean_model_text(model.invoke(prompt))
        except InputError:
            raise
        except Exception as exc:  # the model failing is not the user's problem: fall back
            log.warning("outreach rewrite: model failed (%s)", type(exc).__name__)
            break
        if not raw:
            continue
        raw, invented = writing.drop_invented_context(raw, lacking)
        first = writing.check_written(raw, channel, sources, embedder, required, "model", prompt=prompt)
        candidates.append(first)
        if first.clean and not invented:
            return first
        repaired_text = writing.assemble(raw, channel, embedder) if not first.problems else ""
        if repaired_text:
            repaired = writing.check_written(repaired_text, channel, sources, embedder, required, "model+repair", prompt=prompt)
            candidates.append(repaired)
            if repaired.clean:
                return repaired
    assembled = writing.check_written(writing.assemble(message, channel, embedder), channel, sources, embedder, required, "assembled")
    candidates.append(assembled)
    if assembled.clean:
        return assembled
    return min(candidates, key=lambda c: c.cost)


# ---------------------------------------------------------------- text for the terminal


def critique_text(result: OutreachCritique) -> str:
    """The critique as plain text for the terminal."""
    size = f"{result.words} words in the body" if result.channel == "email" else f"{result.chars:,}/{result.limit:,} characters"
    lines = [f"Score {result.score}/100 · {result.channel} · {size}"]
    if result.flags:
        lines.append("")
        lines.append("Flags:")
        for flag in result.flags:
            lines.append(f"  - {flag.id} (-{checks.WEIGHTS[flag.id]}): {flag.evidence}")
            lines.append(f"      fix: {flag.suggestion}")
    if result.strengths:
        lines.append("")
        lines.append("Strengths:")
        lines.extend(f"  + {s}" for s in result.strengths)
    if result.rewrite:
        lines.append("")
        lines.append(f"Rewrite ({result.rewrite_source}; score {result.rewrite_score}/100):")
        lines.append("")
        lines.extend("  " + line for line in result.rewrite.splitlines())
    if result.notes:
        lines.append("")
        lines.extend(f"Note: {n}" for n in result.notes)
    return "\n".join(lines)


# Drafting lives in its own module; re-exported here for the CLI and UI.
from coffeechat.chains.outreach_drafts import (  # noqa: E402
    DraftRequest,
    OutreachDraft,
    ThankYouDraft,
    ThankYouRequest,
    draft_outreach,
    draft_text,
    draft_thank_you,
)

__all__ = [
    "Flag", "OutreachCritique", "SecondOpinion", "critique", "critique_text", "rewrite_message",
    "DraftRequest", "OutreachDraft", "ThankYouRequest", "ThankYouDraft", "draft_outreach", "draft_thank_you", "draft_text",
]
