"""Drafting an outreach message: the model writes, code checks.

draft_outreach(DraftRequest, model=None) -> OutreachDraft
    A message for the channel from what the user knows about the recipient and themselves.
    Each model draft goes through the critique's judge and guards; it is repaired in code or
    rewritten (llm.MAX_ATTEMPTS in all); if none is clean, a draft assembled in code from the
    request competes, and the best comes back with its remaining flags.
Raises InputError for bad input (unknown channel, a field too long, nothing about the recipient).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from pydantic import BaseModel, Field

from coffeechat import limits, llm
from coffeechat.errors import InputError
from coffeechat.outreach import channels, checks, flags, writing
from coffeechat.outreach.critique import writer_model
from coffeechat.prompts import render
from coffeechat.text import article, sentences, shorten

DRAFT_WORK_CHARS = 300  # their work, as the prompt quotes it: one sentence, cut at a clause
# Their work as the draft quotes it: short in a 300-character note, a full clause elsewhere.
WORK_NOTE_CHARS, WORK_MESSAGE_CHARS = 90, 160
TITLES = ("mr", "ms", "mrs", "mx", "dr", "prof")


class DraftRequest(BaseModel):
    channel: str
    name: str = ""
    role: str = ""
    company: str = ""
    their_work: str = ""
    how_found: str = ""
    shared_connection: str = ""
    sender: str = ""
    learn: str = ""

    @classmethod
    def from_user(cls, channel: str, name: str = "", role: str = "", company: str = "", their_work: str = "", how_found: str = "",
                  shared_connection: str = "", sender: str = "", learn: str = "") -> "DraftRequest":
        """Validated input; InputError when the channel is unknown, a field is too long or nothing is said about the recipient."""
        request = cls(
            channel=channels.check_channel(channel), name=channels.detail_field(name, "the name", limits.PERSON_CHARS), role=channels.detail_field(role, "the role", limits.ROLE_CHARS), company=channels.detail_field(company, "the company", limits.COMPANY_CHARS),
            their_work=channels.detail_field(their_work, "their work", limits.BIO_CHARS), how_found=channels.detail_field(how_found, "how you found them"),
            shared_connection=channels.detail_field(shared_connection, "the shared connection", limits.PERSON_CHARS), sender=channels.detail_field(sender, "who you are"), learn=channels.detail_field(learn, "what you want to learn"),
        )
        if not any([request.name, request.role, request.company, request.their_work, request.shared_connection]):
            raise InputError("say who the message is for: a name, role, company or something they made")
        return request

    def sources(self) -> list[str]:
        return [self.name, self.role, self.company, self.their_work, self.how_found, self.shared_connection, self.sender, self.learn]


class DraftFlag(BaseModel):
    id: str
    evidence: str
    suggestion: str


class OutreachDraft(BaseModel):
    kind: str = "outreach"
    channel: str
    text: str
    score: int
    flags: list[DraftFlag] = Field(default_factory=list)
    source: str = ""  # model | model+repair | assembled
    attempts: int = 0
    notes: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- outreach


def first_name(name: str) -> str:
    """How a greeting names them: "Dr. Lee" stays whole, "Priya Shah" is "Priya"."""
    parts = [p for p in name.split() if p.rstrip(".").lower() not in TITLES]
    return name if re.match(r"^(?:mr|ms|mrs|mx|dr|prof)\.?\s", name, re.I) else (parts[0] if parts else "")


def _phrase(text: str, limit: int) -> str:
    """The first sentence of a bio or post, cut at a clause to fit."""
    found = sentences(text)
    first = found[0][2] if found else text
    return shorten(first.rstrip(".!?"), limit).rstrip(".")


def _work_sentence(their_work: str, limit: int) -> str:
    phrase = _phrase(their_work, limit)
    lowered = phrase[0].lower() + phrase[1:] if phrase else phrase
    if re.match(r"^your\b", lowered):
        return f"I was struck by {lowered}."
    if re.match(r"^(?:a|an|the|their|her|his)\s", lowered):
        return f"I was struck by your {lowered.split(' ', 1)[1]}."
    return f"I was struck by your work on {lowered}."


def _sender_sentence(sender: str) -> str:
    if not sender:
        return writing.FIX_SENDER
    if re.match(r"^i(?:'m|’m| am)\b|^my name\b|^i\s", sender, re.I):
        return sender.rstrip(".") + "."
    return f"I'm {sender[0].lower() + sender[1:] if not sender[:2].isupper() else sender}".rstrip(".") + "."


def assemble_draft(request: DraftRequest) -> str:
    """A draft built in code from the request alone; marked blanks where a fact is missing."""
    channel = request.channel
    note = channel == "linkedin-note"
    greeting = f"Hi {first_name(request.name)}," if request.name else "Hi [their name],"
    lines = [_sender_sentence(request.sender)]
    if request.shared_connection:
        lines.append(f"{request.shared_connection} suggested I reach out to you.")
    if request.their_work:
        lines.append(_work_sentence(request.their_work, WORK_NOTE_CHARS if note else WORK_MESSAGE_CHARS))
    elif not request.shared_connection:
        lines.append(writing.FIX_PERSONAL)
    if request.how_found and not note:
        lines.append(f"I found you through {request.how_found.rstrip('.')}.")
    if request.learn and not note:
        learn = request.learn.rstrip(".")
        lines.append(f"I'd love to learn {learn}." if re.match(r"^(?:about|how|what|why|whether|which|from)\b", learn, re.I) else f"I'd love to learn about {learn}.")
    lines.append(writing.FIX_ASK[channel])
    lines.append(writing.FIX_THANKS)
    closing = "" if note else "Best,\n[your name]"
    about = f"your work as {article(request.role)} {request.role}" if request.role else (f"your work at {request.company}" if request.company else "your work")
    subject = f"Subject: A question about {about}" if channel == "email" else None
    text = writing.lay_out(channel, subject, greeting, lines, closing)
    if note and len(text) > channels.CHAR_LIMITS[channel]:
        return writing.assemble(text, channel, None)
    return text


def _flags(checked: writing.Checked) -> list[DraftFlag]:
    judged = checked.judgement
    found = [DraftFlag(id=f.id, evidence=f.evidence, suggestion=f.suggestion) for f in (judged.flags if judged else [])]
    found.extend(DraftFlag(id="guard", evidence=p, suggestion="Check the draft's facts before sending.") for p in checked.problems)
    return found


def draft_outreach(request: DraftRequest, model: Any = None, embedder: Callable | None = None, attempts: int = llm.MAX_ATTEMPTS) -> OutreachDraft:
    """The best draft for the request; see the module docstring."""
    embedder = embedder if embedder is not None else checks.embedder_or_none()
    fixed = [writing.FIX_SENDER, writing.FIX_PERSONAL, *writing.FIX_ASK.values(), writing.FIX_THANKS, writing.FIX_SUBJECT, writing.FIX_SIGNATURE]
    sources = [*request.sources(), *fixed, "Subject: A question about your work as", "I was struck by your work on", "suggested I reach out to you", "I found you through", "I'd love to learn"]
    required = [w for w in writing.CAP_WORD_RE.findall(f"{first_name(request.name).split()[-1] if request.name else ''} {request.shared_connection}") if w.lower() not in writing.STOP_CAPS]
    candidates: list[writing.Checked] = []
    remaining = ""  # what the last draft got wrong, for the next prompt
    made = 0

    def ask(chat: Any, attempt: int) -> str:
        prompt = render(
            "outreach_draft", channel=request.channel, limit_text=channels.limit_text(request.channel), name=request.name or "(not given)",
            role=request.role or "(not given)", company=request.company or "(not given)", their_work=_phrase(request.their_work, DRAFT_WORK_CHARS) if request.their_work else "(not given)",
            how_found=request.how_found or "(not given)", shared_connection=request.shared_connection or "(not given)",
            sender=request.sender or "(not given)", learn=request.learn or "(not given)", opt_fixes=remaining,
        )
        return writing.clean_model_text(chat.invoke(prompt))

    for raw in llm.model_attempts(ask, lambda: writer_model(request.channel), model, max_attempts=attempts, what="outreach draft"):
        made += 1
        if not raw:
            continue
        checked = writing.check_written(raw, request.channel, sources, embedder, required, "model")
        candidates.append(checked)
        if checked.clean:
            break
        if not checked.problems:
            repaired = writing.check_written(writing.assemble(raw, request.channel, embedder), request.channel, sources, embedder, required, "model+repair")
            candidates.append(repaired)
            if repaired.clean:
                break
        remaining = "\n".join(f"- {f.suggestion}" for f in (checked.judgement.flags if checked.judgement else [])) + "".join(f"\n- Do not write: {p}" for p in checked.problems)
    if not any(c.clean for c in candidates):
        candidates.append(writing.check_written(assemble_draft(request), request.channel, sources, embedder, required, "assembled"))
    best = next((c for c in candidates if c.clean), None) or min(candidates, key=lambda c: c.cost)
    notes = writing.blank_notes(best.text)
    if not best.clean:
        notes.append("No draft passed every check; this is the best one, with its remaining flags.")
    return OutreachDraft(channel=request.channel, text=best.text, score=flags.score(best.flags), flags=_flags(best), source=best.source, attempts=made, notes=notes)
