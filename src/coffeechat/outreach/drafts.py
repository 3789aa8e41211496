"""Drafting an outreach message from what the user gave: code writes it, the critique scores it.

draft_outreach(DraftRequest, model=None) -> OutreachDraft
    The draft is built in code from the user's facts (compose_draft): who they are, the
    person's work, how they found them, a shared connection, what they want to learn, a
    bounded ask and thanks, laid out for the channel and within its limit. Each fact is said
    to the recipient ("how she moved" -> "how you moved"); a marked blank ("[your name]")
    appears only for what was not given. Its score is the critique's, judged against the
    facts (outreach.facts): nothing invented, nothing given left out.

    With a capable provider (not the embedded 135M model), or a model passed in, the model may
    write the draft instead, under the same checks: any flag, invention or lost fact and the
    composed draft is used. Model text is never shown with a caveat.
Raises InputError for bad input (unknown channel, a field too long, nothing about the recipient).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import BaseModel, Field

from coffeechat import limits, llm
from coffeechat.config import get_settings
from coffeechat.errors import InputError
from coffeechat.outreach import addressing, channels, checks, facts, flags, writing
from coffeechat.outreach.critique import writer_model
from coffeechat.prompts import render
from coffeechat.text import article, sentences, shorten

# Their work as the draft says it: a short head in a 300-character note, a full clause elsewhere.
# 90 characters hold "your talk on wastewater surveillance for early outbreak detection";
# 160 hold a sentence of a bio. The head (first clause, note length) is the fact a draft must carry.
WORK_NOTE_CHARS, WORK_MESSAGE_CHARS = 90, 160
SHORTER_WORK_CHARS = 60  # a note that still does not fit cuts their work to this
CLAUSE_BREAK_RE = re.compile(r",\s+(?:which|who|where|and|but|because|so)\b|;|\s[-–—]\s|:\s")
PAST_VERB_RE = re.compile(r"^(?:gave|wrote|spoke|ran|led|built|made|taught|said|shared|posted|published|presented|founded|started|moved|switched|"
                          r"created|launched|designed|organi[sz]ed|hosted|co-authored|authored|recorded|filmed|produced|did|won|appeared)\b", re.I)
PREPOSITION_START_RE = re.compile(r"^(?:through|via|on|at|in|from|when|while|after|during|by|thanks to)\b", re.I)
WH_START_RE = re.compile(r"^(?:about|how|what|why|whether|which|where|when|who|more)\b", re.I)
SENDER_NAME_LEAD_RE = re.compile(r"^(?:i'?m |i am |my name is )?(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?),\s+(?P<rest>(?:a|an|the)\s.+)$")


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
    sender_name: str = ""

    @property
    def signer(self) -> str:
        """The user's name for the sign-off: given, or leading their intro ("Sam Lee, a student at ...")."""
        named = SENDER_NAME_LEAD_RE.match(self.sender)
        return self.sender_name or (named.group("name") if named else "")

    @classmethod
    def from_user(cls, channel: str, name: str = "", role: str = "", company: str = "", their_work: str = "", how_found: str = "",
                  shared_connection: str = "", sender: str = "", learn: str = "", sender_name: str = "") -> "DraftRequest":
        """Validated input; InputError when the channel is unknown, a field is too long or nothing is said about the recipient."""
        field_ = channels.detail_field
        request = cls(
            channel=channels.check_channel(channel), name=field_(name, "the name", limits.PERSON_CHARS), role=field_(role, "the role", limits.ROLE_CHARS),
            company=field_(company, "the company", limits.COMPANY_CHARS), their_work=field_(their_work, "their work", limits.BIO_CHARS),
            how_found=field_(how_found, "how you found them"), shared_connection=field_(shared_connection, "the shared connection", limits.PERSON_CHARS),
            sender=field_(sender, "who you are"), learn=field_(learn, "what you want to learn"), sender_name=field_(sender_name, "your name", limits.PERSON_CHARS),
        )
        if not any([request.name, request.role, request.company, request.their_work, request.shared_connection]):
            raise InputError("say who the message is for: a name, role, company or something they made")
        return request

    def sources(self) -> list[str]:
        return [self.name, self.role, self.company, self.their_work, self.how_found, self.shared_connection, self.sender, self.learn, self.sender_name]


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
    source: str = ""  # composed (built in code from your facts) | model
    attempts: int = 0
    notes: list[str] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list, description="facts left out to fit the channel's limit, by label")


# ---------------------------------------------------------------- the user's facts, said to the recipient


def first_name(name: str) -> str:
    """How a greeting names them (kept for callers of the old name): see addressing.greeting_name."""
    return addressing.greeting_name(name)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(".!;,")


def work_head(their_work: str, limit: int = WORK_NOTE_CHARS) -> str:
    """Their work's first sentence up to its first clause break, cut to `limit`: the thing they made."""
    found = sentences(their_work)
    first = found[0][2] if found else their_work
    head = CLAUSE_BREAK_RE.split(first, maxsplit=1)[0]
    return _clean(shorten(_clean(head), limit))


def work_phrase(their_work: str, limit: int) -> str:
    found = sentences(their_work)
    first = found[0][2] if found else their_work
    return _clean(shorten(_clean(first), limit))


def work_sentence(phrase: str, name: str = "") -> str:
    """"her talk on X" -> "I was struck by your talk on X."; "gave a talk..." -> "I was struck that you gave a talk..."."""
    spoken = addressing.to_second_person(phrase, name)
    lowered = addressing.lower_first(spoken)
    if re.match(r"^you(?:'ve| have)?\s", lowered, re.I):
        return f"I was struck that {lowered}."
    if PAST_VERB_RE.match(lowered):
        return f"I was struck that you {lowered}."
    if re.match(r"^your\b", lowered, re.I):
        return f"I was struck by {lowered}."
    if re.match(r"^(?:a|an|the|their|this|that)\s", lowered, re.I):
        return f"I was struck by your {lowered.split(' ', 1)[1]}."
    return f"I was struck by your work on {lowered}."


def sender_sentence(sender: str, sender_name: str = "") -> str:
    """Who the user is, in the first person; the marked blank when they did not say."""
    sender = _clean(sender)
    if not sender:
        return f"I'm {sender_name}, and {writing.FIX_SENDER[0].lower()}{writing.FIX_SENDER[1:]}" if sender_name else writing.FIX_SENDER
    if re.match(r"^(?:i'?m|i am|my name is|i)\b", sender, re.I):
        return sender[0].upper() + sender[1:] + "."
    named = SENDER_NAME_LEAD_RE.match(sender)
    if named:
        return f"I'm {named.group('name')}, {named.group('rest')}."
    body = addressing.lower_first(sender)
    if sender_name and sender_name.lower() not in sender.lower():
        return f"I'm {sender_name}, {body}." if re.match(r"^(?:a|an|the)\s", body, re.I) else f"I'm {sender_name}. I'm {body}."
    return f"I'm {body}."


def found_sentence(how_found: str, name: str = "") -> str:
    how = addressing.to_second_person(_clean(how_found), name)
    if re.match(r"^i\b", how, re.I):
        return how[0].upper() + how[1:] + "."
    how = addressing.lower_first(how)
    return f"I found you {how}." if PREPOSITION_START_RE.match(how) else f"I found you through {how}."


def learn_clause(learn: str, name: str = "") -> str:
    """What they want to learn, as the object of "learn": "how you moved...", "about research ops"."""
    what = addressing.lower_first(addressing.to_second_person(_clean(learn), name))
    if re.match(r"^to\s", what):
        what = re.sub(r"^to\s+(?:learn|understand|hear|know)\s+", "", what)
    return what if WH_START_RE.match(what) else f"about {what}"


def role_phrase(role: str, company: str) -> str:
    """"your work as an epidemiologist at the county", or as much of it as was given."""
    if role and company:
        return f"your work as {article(role)} {role} at {company}"
    if role:
        return f"your work as {article(role)} {role}"
    return f"your work at {company}" if company else ""


def learn_sentence(request: DraftRequest, with_role: bool) -> str:
    about = role_phrase(request.role, request.company) if with_role else ""
    if request.learn:
        what = learn_clause(request.learn, request.name)
        if about:
            return f"I'd love to hear about {about}, especially {what.removeprefix('about ')}."
        return f"I'd love to learn {what}."
    return f"I'd love to hear about {about}." if about else ""


def shared_sentence(shared_connection: str) -> str:
    return f"We both know {_clean(shared_connection)}."


def subject_line(request: DraftRequest) -> str:
    about = role_phrase(request.role, "") or (f"your work at {request.company}" if request.company else "")
    if about:
        return f"Subject: A question about {about}"
    if request.their_work:
        return f"Subject: A question about {addressing.lower_first(addressing.to_second_person(work_head(request.their_work, SHORTER_WORK_CHARS), request.name))}"
    return "Subject: A question about your work"


# ---------------------------------------------------------------- composing


@dataclass
class Composed:
    text: str
    given: facts.Given
    left_out: list[str] = field(default_factory=list)


def given_facts(request: DraftRequest, left_out: tuple[str, ...] = (), authored: tuple[str, ...] = ()) -> facts.Given:
    """The facts a draft must carry (outreach.facts), minus those the channel's limit left out."""
    wanted = [
        ("name", "their name", request.name and addressing.greeting_name(request.name), "[their name]"),
        ("sender", "who you are", request.sender, "[your one-line intro"),
        ("sender_name", "your name", request.sender_name, "[your name]"),
        ("their_work", "their work", request.their_work and work_head(request.their_work), "[their talk"),
        ("shared_connection", "the person you both know", request.shared_connection, ""),
        ("how_found", "how you found them", request.how_found, ""),
        ("learn", "what you want to learn", request.learn, ""),
    ]
    if request.channel != "linkedin-note":  # a connection note carries who you are and why them, not their job title
        wanted += [("role", "their role", request.role, "[their role]"), ("company", "their organisation", request.company, "[their company]")]
    found = tuple(facts.Fact(kind, label, text, blank) for kind, label, text, blank in wanted if text and kind not in left_out)
    sender_side = (request.sender, request.sender_name)
    return facts.Given(found, tuple(s for s in request.sources() if s), authored, sender_side)


# What a note leaves out first when it runs long: the conversation can carry these.
NOTE_OPTIONAL = ("how_found", "learn")
LABELS = {"how_found": "how you found them", "learn": "what you want to learn", "role": "their role", "company": "their organisation"}


def compose_draft(request: DraftRequest) -> Composed:
    """The draft built in code from the request; see the module docstring."""
    channel = request.channel
    note = channel == "linkedin-note"
    left_out: list[str] = []
    work_limit = WORK_NOTE_CHARS if note else WORK_MESSAGE_CHARS

    def build(drop: tuple[str, ...], work_chars: int, greet: bool = True) -> tuple[str, list[str]]:
        lines = [sender_sentence(request.sender, request.sender_name)]
        if request.how_found and "how_found" not in drop:
            lines.append(found_sentence(request.how_found, request.name))
        if request.shared_connection:
            lines.append(shared_sentence(request.shared_connection))
        if request.their_work:
            lines.append(work_sentence(work_phrase(request.their_work, work_chars) if work_chars > WORK_NOTE_CHARS else work_head(request.their_work, work_chars), request.name))
        elif not request.shared_connection:
            lines.append(writing.FIX_PERSONAL)
        with_role = not note and "role" not in drop
        wants = learn_sentence(request if "learn" not in drop else request.model_copy(update={"learn": ""}), with_role)
        if wants:
            lines.append(wants)
        lines += [writing.FIX_ASK[channel], writing.FIX_THANKS]
        greeting = addressing.greeting(request.name, channel) if greet else ""
        closing = "" if note else f"Best,\n{request.signer or '[your name]'}"
        subject = subject_line(request) if channel == "email" else None
        return writing.lay_out(channel, subject, greeting, lines, closing), lines

    drop: tuple[str, ...] = ()
    text, lines = build(drop, work_limit)
    steps = [("drop", d) for d in (NOTE_OPTIONAL if note else ())] + [("work", SHORTER_WORK_CHARS)] + ([("greeting", "")] if note else [])
    greet = True
    for kind, value in steps:
        if channels.fits(text, channel):
            break
        if kind == "drop" and getattr(request, str(value)):
            drop += (str(value),)
            left_out.append(str(value))
        elif kind == "work":
            work_limit = int(value)
        elif kind == "greeting":
            greet = False
        text, lines = build(drop, work_limit, greet)
    authored = (*lines, writing.FIX_SUBJECT, "Subject: A question about", "Best", "Dear", "We both know")
    return Composed(text, given_facts(request, tuple(left_out), authored), left_out)


# ---------------------------------------------------------------- the flow


def capable_provider() -> bool:
    """A provider trusted to write a whole draft under the checks: anything but the embedded 135M model."""
    return get_settings().provider != "embedded"


def _flags(checked: writing.Checked) -> list[DraftFlag]:
    judged = checked.judgement
    found = [DraftFlag(id=f.id, evidence=f.evidence, suggestion=f.suggestion) for f in (judged.flags if judged else [])]
    found.extend(DraftFlag(id="guard", evidence=p, suggestion="Check the draft's facts before sending.") for p in checked.problems)
    return found


def _prompt_value(value: str) -> str:
    return value or "(not given)"


def draft_outreach(request: DraftRequest, model: Any = None, embedder: Callable | None = None, attempts: int = llm.MAX_ATTEMPTS) -> OutreachDraft:
    """The draft for the request; see the module docstring. model: a chat model to let write
    (default: the configured one when the provider is capable, else none)."""
    embedder = embedder if embedder is not None else checks.embedder_or_none()
    composed = compose_draft(request)
    given = composed.given
    chosen = writing.check_written(composed.text, request.channel, [*given.sources, *given.authored], embedder, source="composed", given=given)
    made = 0
    if model is not None or capable_provider():
        remaining = ""

        def ask(chat: Any, attempt: int) -> tuple[str, str]:
            prompt = render(
                "outreach_draft", channel=request.channel, limit_text=channels.limit_text(request.channel), name=_prompt_value(request.name),
                role=_prompt_value(request.role), company=_prompt_value(request.company),
                their_work=_prompt_value(work_phrase(request.their_work, WORK_MESSAGE_CHARS) if request.their_work else ""),
                how_found=_prompt_value(request.how_found), shared_connection=_prompt_value(request.shared_connection),
                sender=_prompt_value(request.sender), sender_name=_prompt_value(request.sender_name), learn=_prompt_value(request.learn), opt_fixes=remaining,
            )
            return prompt, writing.clean_model_text(chat.invoke(prompt))

        for prompt, raw in llm.model_attempts(ask, lambda: writer_model(request.channel), model, max_attempts=attempts, what="outreach draft"):
            made += 1
            if not raw:
                continue
            written = writing.check_written(raw, request.channel, [*given.sources, *given.authored], embedder, source="model", prompt=prompt, given=given)
            if written.clean:
                chosen = written
                break
            remaining = "\n".join(f"- {f.suggestion}" for f in (written.judgement.flags if written.judgement else [])) + "".join(f"\n- Do not write: {p}" for p in written.problems)
    notes = writing.blank_notes(chosen.text)
    if composed.left_out and chosen.source == "composed":
        notes.append(f"Left out to fit {channels.limit_text(request.channel)}: {', '.join(LABELS[k] for k in composed.left_out)}. Say it when you talk.")
    return OutreachDraft(channel=request.channel, text=chosen.text, score=flags.score(chosen.flags), flags=_flags(chosen), source=chosen.source,
                         attempts=made, notes=notes, left_out=[LABELS[k] for k in composed.left_out])
