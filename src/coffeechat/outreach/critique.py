"""Outreach: critique a message and rewrite it (drafts: outreach.drafts; thank-you notes: outreach.thank_you).

critique(message, channel, rewrite=True, model=None) -> OutreachCritique
    Flags, score and strengths are decided in code (outreach.checks.judge): patterns and
    counts, then similarity to curated labelled sentences for the three flags that need
    reading. The score is outreach.flags.score(flags): 100 minus each flag's weight
    (evals/outreach/FLAGS.md), so the same flags always give the same score, whatever the model.
    The message is data: any instruction inside it is critiqued, never followed.
    Raises InputError for an empty message, an unknown channel or over 20,000 characters.

The rewrite. A message with no flags gets none: "Nothing to fix: send it." A flawed message
gets the writer's own text with one precise edit per flag, made in code (outreach.edits: cut
the job request, add a bounded ask, add thanks, trim to the limit, add a subject line...),
each listed in `rewrite_changes`. Everything the writer gave stays (names, details, their
intro, their sign-off); a marked blank ("[your one-line intro: ...]") appears only for what
they never said, and a note says so. With a capable provider (or a model passed in), the
model may rewrite more freely, under the same judge and the facts check (outreach.facts:
nothing invented, nothing of the writer's lost) and the writing guards; if its text does not
pass, the edited text is shown, never the model's with a caveat.

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
from typing import Any, Callable

from pydantic import BaseModel, Field

from coffeechat import llm, signals
from coffeechat.config import get_settings
from coffeechat.errors import InputError
from coffeechat.outreach import channels, checks, edits, facts, flags, writing
from coffeechat.prompts import render
from coffeechat.text import quote, sentences

log = logging.getLogger(__name__)

REWRITE_TEMPERATURE = 0.6  # some freedom to reword; the checks catch what goes too far
SECOND_OPINION_TEMPERATURE = 0  # a verdict, not writing: the same message gets the same answer


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
    rewrite_source: str = ""  # unchanged (nothing to fix) | edited (precise edits in code) | model
    rewrite_changes: list[str] = Field(default_factory=list, description="each edit the rewrite made, in words")
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
    visible = _normalise(message)
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
    return [f for f in flags.FLAG_IDS if f in ids], report


def second_opinion(message: str, channel: str, model: Any) -> SecondOpinion:
    prompt = render("outreach_second_opinion", message=message, channel=channel)
    return model.with_structured_output(SecondOpinion, method="json_schema").invoke(prompt)


# ---------------------------------------------------------------- critique


def critique(message: str, channel: str, rewrite: bool = True, model: Any = None, second: bool | None = None, embedder: Callable | None = None) -> OutreachCritique:
    """Critique `message` for `channel`; see the module docstring for the contract.

    model: a LangChain chat model for the rewrite and the second opinion; when None, each
    gets its own configured model (the rewrite with its channel's max_tokens, temperature and
    timeout; the second opinion at temperature 0). second: ask for a second opinion (default:
    when the provider is not embedded). embedder: for similarity (default: the configured one).
    """
    if not isinstance(message, str):
        raise InputError("the message must be text")
    channels.check_input(message, channel)
    embedder = embedder if embedder is not None else checks.embedder_or_none()
    judgement = checks.judge(message, channel, embedder)
    ids = judgement.ids
    notes: list[str] = []
    opinion_report = None
    if second is None:
        second = get_settings().provider != "embedded"
    if second and judgement.injection:
        notes.append("No second opinion: the message contains instructions addressed to a tool, which are treated as text.")
    elif second and any(v == "similarity-uncertain" for v in judgement.decisions.values()):
        try:
            judge_model = model or llm.chat_model(temperature=SECOND_OPINION_TEMPERATURE)
            ids, opinion_report = apply_second_opinion(judgement, message, second_opinion(message, channel, judge_model))
        except Exception as exc:  # the code's verdict stands without it
            notes.append(f"The second opinion failed ({type(exc).__name__}); the code's verdict stands.")
    found = [Flag(id=f.id, evidence=f.evidence, suggestion=f.suggestion, spans=f.spans, decided_by=f.decided_by) for f in judgement.flags if f.id in ids]
    for flag_id in ids:
        if flag_id not in judgement.ids:
            found.append(Flag(id=flag_id, evidence="the second opinion (similarity was uncertain)", suggestion=flags.SUGGESTIONS[flag_id].format(evidence="the pressure", limit=judgement.limit_text), decided_by="second opinion"))
    if judgement.injection:
        notes.append(f"Instructions inside the message were treated as text, not followed: {quote(judgement.injection[0])}")
    result = OutreachCritique(
        score=flags.score(ids), channel=channel, chars=judgement.chars, limit=judgement.limit, flags=found,
        strengths=judgement.strengths, words=judgement.words, limit_text=judgement.limit_text, notes=notes, second_opinion=opinion_report,
    )
    if rewrite and not found:
        result.rewrite_source, result.rewrite_score = "unchanged", result.score
        result.notes.insert(0, NOTHING_TO_FIX)
    elif rewrite:
        best = rewrite_message(message, channel, model=model, embedder=embedder)
        result.rewrite = best.text
        result.rewrite_flags = best.flags
        result.rewrite_score = flags.score(best.flags)
        result.rewrite_source = best.source
        result.rewrite_changes = best.changes
        result.notes.extend(writing.blank_notes(best.text))
    return result


NOTHING_TO_FIX = "Nothing to fix: send it."


# Instructions for the model: no example facts it could copy into the rewrite.
MODEL_FIXES = {
    "too_long": "Make it shorter: at most {limit}.",
    "no_clear_ask": "End with one question asking for a 15-minute call or chat.",
    "no_time_bound": "Ask for 15 minutes.",
    "asks_for_job": "Remove the request for a job, referral or résumé.",
    "no_personalization": "Add the sentence: I was struck by your work on [their talk, post or project: name it].",
    "no_sender_context": "Add the sentence: I'm [your one-line intro: what you study or do, and where].",
    "template_placeholder": "Replace {evidence} with a blank like [their name].",
    "pushy_tone": "Remove the pressure: {evidence}. Be polite and flexible.",
    "missing_subject": "Start with a first line: Subject: followed by a short subject.",
    "no_gratitude": "Add a thank-you.",
}


def writer_model(channel: str, temperature: float = REWRITE_TEMPERATURE) -> Any:
    """The configured model as outreach writes with it: the channel's max_tokens, the budget as timeout."""
    return llm.chat_model(temperature=temperature, max_tokens=channels.MAX_TOKENS[channel], timeout=llm.MODEL_BUDGET_S)


def rewrite_message(message: str, channel: str, model: Any = None, embedder: Callable | None = None, attempts: int = llm.MAX_ATTEMPTS) -> writing.Checked:
    """The rewrite of a flawed message (see the module docstring): precise edits in code, or a
    capable model's rewrite when it passes every check the edited text passes."""
    judged = checks.judge(message, channel, embedder)
    edited = edits.edit_message(message, channel, judged.ids, embedder)
    given = facts.message_facts(message, cut=edited.cut)
    given = facts.Given(given.facts, given.sources, AUTHORED, ())
    chosen = writing.check_written(edited.text, channel, given.sources, embedder, source="edited", given=given)
    chosen.changes = edited.changes
    if not writing.model_may_write(model):
        return chosen
    fixes = [f"- {MODEL_FIXES[f.id].format(evidence=f.evidence, limit=judged.limit_text)}" for f in judged.flags if f.id in MODEL_FIXES]
    keep = [f"- {f.text}" for f in given.facts]
    cleaned_message = "\n".join(s[2] for s in sentences(message) if not signals.INJECTION_RE.search(s[2]))

    def ask(chat: Any, attempt: int) -> tuple[str, str]:
        prompt = render("outreach_rewrite", message=cleaned_message, channel=channel, limit_text=channels.limit_text(channel), fixes="\n".join(fixes), keep="\n".join(keep), opt_attempt=attempt)
        return prompt, writing.clean_model_text(chat.invoke(prompt))

    for prompt, raw in llm.model_attempts(ask, lambda: writer_model(channel), model, max_attempts=attempts, what="outreach rewrite"):
        if not raw:
            continue
        written = writing.check_written(raw, channel, given.sources, embedder, source="model", prompt=prompt, given=given)
        if written.clean and written.cost <= chosen.cost:
            written.changes = ["Rewritten by the model, keeping every fact you gave; it passed every check."]
            return written
    return chosen


# The product's own words a rewrite may add (outreach.writing's fixes): never inventions.
AUTHORED = (writing.FIX_SENDER, writing.FIX_PERSONAL, *writing.FIX_ASK.values(), writing.FIX_CONNECT, writing.FIX_THANKS, writing.FIX_SUBJECT,
            writing.FIX_SIGNATURE, edits.BOUND_LINE, "Subject: A question about your")
