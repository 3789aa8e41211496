"""Drafting outreach, thank-you and keep-in-touch notes: the model writes, code checks.

draft_outreach(DraftRequest, model=None) -> OutreachDraft
    A message for the channel from what the user knows about the recipient and themselves.
    Each model draft goes through the critique's judge and guards; it is repaired in code or
    rewritten (MAX_ATTEMPTS in all); if none is clean, a draft assembled in code from the
    request competes, and the best comes back with its remaining flags.
draft_thank_you(ThankYouRequest, model=None) -> ThankYouDraft
    From pasted notes or a saved rehearsal: a thank-you naming specific things the person
    said plus one next step, and a keep-in-touch note to send a few weeks later.
Both raise InputError for bad input (unknown channel, nothing to work from, unknown session).
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Callable

from pydantic import BaseModel, Field

from coffeechat.chains import outreach_checks as checks
from coffeechat.chains import outreach_writing as writing
from coffeechat import limits
from coffeechat.errors import InputError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
MODEL_BUDGET_S = 90  # then the draft assembled in code
KEEP_IN_TOUCH_DAYS = 28


def _field(value: str | None, name: str, limit: int = limits.DETAIL_CHARS) -> str:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise InputError(f"{name} is too long ({len(value):,} characters; the limit is {limit:,})")
    return value


def _channel(channel: str) -> str:
    if channel not in checks.CHANNELS:
        raise InputError(f"unknown channel {channel!r}: use one of {', '.join(checks.CHANNELS)}")
    return channel


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
            channel=_channel(channel), name=_field(name, "the name", limits.PERSON_CHARS), role=_field(role, "the role", limits.ROLE_CHARS), company=_field(company, "the company", limits.COMPANY_CHARS),
            their_work=_field(their_work, "their work", limits.BIO_CHARS), how_found=_field(how_found, "how you found them"),
            shared_connection=_field(shared_connection, "the shared connection", limits.PERSON_CHARS), sender=_field(sender, "who you are"), learn=_field(learn, "what you want to learn"),
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


def _first_name(name: str) -> str:
    parts = [p for p in name.split() if p.rstrip(".").lower() not in ("mr", "ms", "mrs", "mx", "dr", "prof")]
    return name if re.match(r"^(?:mr|ms|mrs|mx|dr|prof)\.?\s", name, re.I) else (parts[0] if parts else "")


def _phrase(text: str, limit: int) -> str:
    """The first sentence of a bio or post, cut at a clause to fit."""
    first = checks.sentences(text)[0][2] if checks.sentences(text) else text
    return writing._shorten(first.rstrip(".!?"), limit).rstrip(".")


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
    greeting = f"Hi {_first_name(request.name)}," if request.name else "Hi [their name],"
    lines = [_sender_sentence(request.sender)]
    if request.shared_connection:
        lines.append(f"{request.shared_connection} suggested I reach out to you.")
    if request.their_work:
        lines.append(_work_sentence(request.their_work, 90 if note else 160))
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
    article = "an" if request.role[:1].lower() in "aeiou" else "a"
    about = f"your work as {article} {request.role}" if request.role else (f"your work at {request.company}" if request.company else "your work")
    subject = f"Subject: A question about {about}" if channel == "email" else None
    text = writing._render(channel, subject, greeting, lines, closing)
    if note and len(text) > checks.CHAR_LIMITS[channel]:
        return writing.assemble(text, channel, None)
    return text


def _flags(checked: writing.Checked) -> list[DraftFlag]:
    judged = checked.judgement
    found = [DraftFlag(id=f.id, evidence=f.evidence, suggestion=f.suggestion) for f in (judged.flags if judged else [])]
    found.extend(DraftFlag(id="guard", evidence=p, suggestion="Check the draft's facts before sending.") for p in checked.problems)
    return found


def draft_outreach(request: DraftRequest, model: Any = None, embedder: Callable | None = None, attempts: int = MAX_ATTEMPTS) -> OutreachDraft:
    """The best draft for the request; see the module docstring."""
    from coffeechat.chains.outreach import _chat, _embedder, _max_tokens, blank_notes
    from coffeechat.prompts import render

    embedder = embedder if embedder is not None else _embedder()
    fixed = [writing.FIX_SENDER, writing.FIX_PERSONAL, *writing.FIX_ASK.values(), writing.FIX_THANKS, writing.FIX_SUBJECT, writing.FIX_SIGNATURE]
    sources = [*request.sources(), *fixed, "Subject: A question about your work as", "I was struck by your work on", "suggested I reach out to you", "I found you through", "I'd love to learn"]
    required = [w for w in writing.CAP_WORD_RE.findall(f"{_first_name(request.name).split()[-1] if request.name else ''} {request.shared_connection}") if w.lower() not in writing.STOP_CAPS]
    candidates: list[writing.Checked] = []
    remaining = ""
    made = 0
    deadline = time.monotonic() + MODEL_BUDGET_S
    for attempt in range(attempts):
        if time.monotonic() > deadline - 5:
            break
        try:
            model = model or _chat(temperature=0.6, max_tokens=_max_tokens(request.channel), timeout=MODEL_BUDGET_S)
            prompt = render(
                "outreach_draft", channel=request.channel, limit_text=checks.limit_text(request.channel), name=request.name or "(not given)",
                role=request.role or "(not given)", company=request.company or "(not given)", their_work=_phrase(request.their_work, 300) if request.their_work else "(not given)",
                how_found=request.how_found or "(not given)", shared_connection=request.shared_connection or "(not given)",
                sender=request.sender or "(not given)", learn=request.learn or "(not given)", opt_fixes=remaining,
            )
            raw = writing.clean_model_text(model.invoke(prompt))
        except InputError:
            raise
        except Exception as exc:  # a failing model leaves the code-built draft
            log.warning("outreach draft: model failed (%s)", type(exc).__name__)
            break
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
    notes = blank_notes(best.text)
    if not best.clean:
        notes.append("No draft passed every check; this is the best one, with its remaining flags.")
    return OutreachDraft(channel=request.channel, text=best.text, score=checks.score(best.flags), flags=_flags(best), source=best.source, attempts=made, notes=notes)


# ---------------------------------------------------------------- thank-you and keep in touch


class ThankYouRequest(BaseModel):
    name: str = ""
    notes: str
    session: str = ""
    sender: str = ""
    next_step: str = ""
    channel: str = "email"

    @classmethod
    def from_user(cls, name: str = "", notes: str = "", session: str = "", sender: str = "", next_step: str = "", channel: str = "email") -> "ThankYouRequest":
        """Pasted notes and/or a saved rehearsal's id. InputError when there is nothing to work from or the session is unknown."""
        notes = (notes or "").strip()
        if len(notes) > 50_000:
            raise InputError(f"the notes are too long ({len(notes):,} characters; the limit is 50,000)")
        session = (session or "").strip()
        if session:
            notes = "\n".join(x for x in (notes, session_text(session)) if x)
        if not notes:
            raise InputError("give your notes from the conversation (or a saved rehearsal id with --session)")
        return cls(name=_field(name, "the name", limits.PERSON_CHARS), notes=notes, session=session, sender=_field(sender, "who you are"), next_step=_field(next_step, "the next step"), channel=_channel(channel))


def session_text(session_id: str) -> str:
    """What the professional said in a saved rehearsal, plus the user's notes (coffeechat.sessions layout)."""
    from coffeechat import notes as sessions
    from coffeechat.config import get_settings

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}", session_id):
        raise InputError(f"unknown session id {session_id[:80]!r}")
    loader = getattr(sessions, "load_session", None)
    if callable(loader):
        try:
            loaded = loader(session_id)
        except InputError:
            raise InputError(f"unknown session id {session_id[:80]!r}: no saved rehearsal by that id") from None
        except Exception:
            loaded = None
        turns = getattr(loaded, "turns", None) or (loaded.get("turns") if isinstance(loaded, dict) else None)
        if turns:
            said = [t.get("text", "") if isinstance(t, dict) else getattr(t, "text", "") for t in turns
                    if (t.get("speaker") if isinstance(t, dict) else getattr(t, "speaker", "")) == "professional"]
            extra = getattr(loaded, "notes", None) or (loaded.get("notes") if isinstance(loaded, dict) else "") or ""
            return "\n".join([*said, str(extra)]).strip()
    folder = sessions.sessions_dir(get_settings()) / session_id
    if not folder.is_dir():
        raise InputError(f"unknown session id {session_id[:80]!r}: no saved rehearsal by that id")
    said = [str(r.get("text", "")) for r in sessions.read_lines(folder / "transcript.jsonl") if r.get("speaker") == "professional"]
    notes_file = folder / "notes.md"
    notes = notes_file.read_text(encoding="utf-8", errors="replace") if notes_file.is_file() else ""
    return "\n".join([*said, notes]).strip()


class ThankYouDraft(BaseModel):
    kind: str = "thank-you"
    channel: str
    thank_you: str
    keep_in_touch: str
    keep_in_touch_after_days: int = KEEP_IN_TOUCH_DAYS
    points: list[str] = Field(default_factory=list, description="the specific things they said that the note names")
    next_step: str = ""
    source: str = ""  # model | assembled
    notes: list[str] = Field(default_factory=list)


SAID_RE = re.compile(r"\b(?:said|says|told|mentioned|explained|recommended|suggested|advised|warned|noted|described|pointed out|stressed|shared)\b|[\"“]", re.I)
LEAD_IN_RE = re.compile(r"^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?|she|he|they)\s+(?:said|told me|mentioned|explained|noted|stressed|pointed out|shared|described)\s+(?:that\s+)?", re.I)
ADVICE_RE = re.compile(r"\b(?:recommended|suggested|advised|told me to|said to|said i should|encouraged me to)\s+(?:that\s+)?(?:i\s+(?:should\s+)?)?(?P<what>[^.;\n]{6,120})", re.I)
STOP = set("the a an and or of to in on for with at by from is was are were be it that this i you she he they her his their my your our as about but so".split())


HER_AS_OBJECT_RE = re.compile(r"\bher\b(?=\s+(?:\d|a\b|an\b|the\b|to\b|and\b|or\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|several\b|many\b|more\b|less\b|that\b|this\b|about\b|for\b|with\b|at\b|in\b)|\s*[,.;!?]|\s*$)", re.I)


def _to_second_person(text: str) -> str:
    text = HER_AS_OBJECT_RE.sub("you", text)
    for a, b in (("she's", "you're"), ("he's", "you're"), ("she", "you"), ("he", "you"), ("her", "your"), ("his", "your"), ("herself", "yourself"), ("himself", "yourself")):
        text = re.sub(rf"\b{a}\b", b, text, flags=re.I)
    return text


def key_points(notes: str, limit: int = 2) -> list[str]:
    """The most specific things the person said, as clauses, in the order they came."""
    scored = []
    for order, (_, _, sentence) in enumerate(checks.sentences(notes)):
        words = sentence.split()
        if sentence.endswith("?") or len(words) < 5:
            continue
        value = 2 * bool(SAID_RE.search(sentence)) + bool(re.search(r"\d", sentence)) + bool(writing.CAP_WORD_RE.search(sentence[1:])) + (6 <= len(words) <= 35)
        scored.append((value, order, sentence))
    best = sorted(sorted(scored, key=lambda x: (-x[0], x[1]))[:limit], key=lambda x: x[1])
    points = []
    for _, _, sentence in best:
        clause = LEAD_IN_RE.sub("", sentence.strip()).rstrip(".!;")
        clause = _to_second_person(writing._shorten(clause, 140).rstrip("."))
        points.append(clause[0].lower() + clause[1:] if clause[:1].isupper() and not clause[:2].isupper() and not writing.CAP_WORD_RE.fullmatch(clause.split()[0]) or clause.split()[0] in ("The", "A", "An", "It", "Your", "Most", "In", "If") else clause)
    return points


def next_step_from(notes: str, given: str) -> str:
    if given:
        return given.rstrip(".")
    match = ADVICE_RE.search(notes)
    if match:
        return f"follow your suggestion to {_to_second_person(match.group('what').strip().rstrip('.'))}"
    return ""


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOP and len(w) > 2}


def assemble_thank_you(request: ThankYouRequest, points: list[str], step: str) -> str:
    greeting = f"Hi {_first_name(request.name)}," if request.name else "Hi [their name],"
    said = " ".join([f"I especially valued what you said: {points[0]}."] + ([f"I also keep thinking about this: {points[1]}."] if len(points) > 1 else [])) if points else "I especially valued what you said about [one specific thing they said]."
    step_line = f"As a next step, I'm going to {step}." if step else "As a next step, I'm going to [your next step, e.g. the course or person they suggested]."
    lines = ["Thank you for taking the time to talk with me.", said, step_line, "I'll let you know how it goes."]
    subject = "Subject: Thank you for the conversation" if request.channel == "email" else None
    closing = "" if request.channel == "linkedin-note" else f"Best,\n{request.sender or '[your name]'}" if len(request.sender.split()) <= 3 else "Best,\n[your name]"
    text = writing._render(request.channel, subject, greeting, lines, closing)
    if request.channel == "linkedin-note" and len(text) > checks.CHAR_LIMITS["linkedin-note"]:
        short = [lines[0], f"What you said about {writing._shorten(points[0], 80).rstrip('.')} stayed with me." if points else lines[1], f"Next, I'll {writing._shorten(step, 60).rstrip('.')}." if step else lines[2]]
        text = writing._render(request.channel, None, greeting, short, "")
    return text


def assemble_keep_in_touch(request: ThankYouRequest, points: list[str], step: str) -> str:
    greeting = f"Hi {_first_name(request.name)}," if request.name else "Hi [their name],"
    topic = writing._shorten(points[0], 90).rstrip(".") if points else "[one thing they said]"
    did = f"I followed through on our conversation: I set out to {step}, and [your update: what came of it]." if step else "I wanted to share a quick update: [your update: what you did with their advice]."
    lines = [f"It's been a few weeks since we talked, and I still think about what you said: {topic}.", did, "No need to reply; I just wanted you to know your time made a difference.", "Thank you again."]
    closing = "" if request.channel == "linkedin-note" else "Best,\n[your name]" if not request.sender or len(request.sender.split()) > 3 else f"Best,\n{request.sender}"
    subject = "Subject: A quick update since our conversation" if request.channel == "email" else None
    return writing._render(request.channel, subject, greeting, lines, closing)


def check_thank_you(text: str, request: ThankYouRequest, points: list[str], step: str) -> list[str]:
    """What is wrong with a thank-you note, in words (empty when it may be shown)."""
    problems = []
    if not text.strip():
        return ["empty"]
    if not checks.GRATITUDE_RE.search(text):
        problems.append("no thanks")
    if request.channel != "email" and len(text) > checks.CHAR_LIMITS[request.channel]:
        problems.append("too long for the channel")
    if request.channel == "email" and checks.count_words(text) > 220:
        problems.append("too long")
    if checks.PUSHY_RE.search(text) or (checks.JOB_RE.search(text) and not checks.JOB_NEGATION_RE.search(text)):
        problems.append("pushes or asks for a job")
    holes = [h for h in checks.PLACEHOLDER_RE.findall(text) if not checks.MARKED_BLANK_RE.fullmatch(h)]
    if holes:
        problems.append(f"placeholders: {', '.join(holes)}")
    names = writing.invented_names(text, [request.notes, request.name, request.sender, request.next_step, step, *points, "Thank you Subject Best"])
    if names:
        problems.append(f"names not in the notes: {', '.join(names[:5])}")
    words = _content_words(text)
    missed = [p for p in points if len(_content_words(p) & words) < min(2, len(_content_words(p)))]
    if missed:
        problems.append("does not name what they said")
    if step and len(_content_words(step) & words) < min(2, len(_content_words(step))):
        problems.append("does not give the next step")
    return problems


def draft_thank_you(request: ThankYouRequest, model: Any = None, attempts: int = MAX_ATTEMPTS) -> ThankYouDraft:
    """A thank-you (specific things they said, one next step) and a keep-in-touch note."""
    from coffeechat.chains.outreach import _chat, blank_notes
    from coffeechat.prompts import render

    points = key_points(request.notes)
    step = next_step_from(request.notes, request.next_step)
    text, source = "", ""
    deadline = time.monotonic() + MODEL_BUDGET_S
    for attempt in range(attempts):
        if time.monotonic() > deadline - 5:
            break
        try:
            model = model or _chat(temperature=0.5, max_tokens=260, timeout=MODEL_BUDGET_S)
            prompt = render("outreach_thank_you", name=request.name or "(not given)", points_list=points, next_step=step or "(not given)", channel=request.channel)
            raw = writing.clean_model_text(model.invoke(prompt))
        except InputError:
            raise
        except Exception as exc:
            log.warning("thank-you: model failed (%s)", type(exc).__name__)
            break
        if request.channel == "email" and raw and not checks.SUBJECT_RE.match(raw):
            raw = f"Subject: Thank you for the conversation\n\n{raw}"
        if raw and not check_thank_you(raw, request, points, step):
            text, source = raw, "model"
            break
    if not text:
        text, source = assemble_thank_you(request, points, step), "assembled"
    keep = assemble_keep_in_touch(request, points, step)
    notes = blank_notes(text + "\n" + keep)
    notes.append(f"Send the keep-in-touch note about {KEEP_IN_TOUCH_DAYS // 7} weeks after the conversation.")
    return ThankYouDraft(channel=request.channel, thank_you=text, keep_in_touch=keep, points=points, next_step=step, source=source, notes=notes)


def draft_text(result: OutreachDraft | ThankYouDraft) -> str:
    """A draft as plain text for the terminal."""
    if isinstance(result, ThankYouDraft):
        lines = ["Thank-you note:", "", result.thank_you, "", f"Keep-in-touch note (in about {result.keep_in_touch_after_days // 7} weeks):", "", result.keep_in_touch]
    else:
        lines = [f"Draft ({result.channel}; score {result.score}/100; {result.source}):", "", result.text]
        if result.flags:
            lines += ["", "Remaining flags:"] + [f"  - {f.id}: {f.evidence}" for f in result.flags]
    if result.notes:
        lines += [""] + [f"Note: {n}" for n in result.notes]
    return "\n".join(lines)
