"""Thank-you and keep-in-touch notes after a conversation: the model writes, code checks.

draft_thank_you(ThankYouRequest, model=None) -> ThankYouDraft
    From pasted notes or a saved rehearsal: a thank-you naming specific things the person
    said plus one next step, and a keep-in-touch note to send a few weeks later. Up to
    llm.MAX_ATTEMPTS model notes, each checked; else a note assembled in code.
Raises InputError for bad input (unknown channel, nothing to work from, unknown session).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from coffeechat import limits, llm, signals
from coffeechat.errors import InputError
from coffeechat.notes import load_session
from coffeechat.outreach import channels, patterns, writing
from coffeechat.outreach.drafts import first_name
from coffeechat.prompts import render
from coffeechat.text import count_words, sentences, shorten

KEEP_IN_TOUCH_DAYS = 28  # the guide's advice: write again about four weeks after the conversation
THANK_YOU_TEMPERATURE = 0.5  # warmer than a verdict, steadier than a rewrite: the facts are given
THANK_YOU_MAX_TOKENS = 260  # a 200-word email with its subject and sign-off
SESSION_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")
# Sentences in the notes that can be a point: at least 5 words; 6-35 words score higher.
POINT_MIN_WORDS, POINT_MAX_WORDS = 5, 35
POINT_CHARS = 140  # a point as the thank-you quotes it
NOTE_POINT_CHARS, NOTE_STEP_CHARS = 80, 60  # in a 300-character LinkedIn note
KEEP_IN_TOUCH_POINT_CHARS = 90


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
        notes = limits.check_length(notes, limits.NOTE_CHARS, "the notes")
        session = (session or "").strip()
        if session:
            notes = "\n".join(x for x in (notes, session_text(session)) if x)
        if not notes:
            raise InputError("give your notes from the conversation (or a saved rehearsal id with --session)")
        return cls(name=channels.detail_field(name, "the name", limits.PERSON_CHARS), notes=notes, session=session, sender=channels.detail_field(sender, "who you are"), next_step=channels.detail_field(next_step, "the next step"), channel=channels.check_channel(channel))


def session_text(session_id: str) -> str:
    """What the professional said in a saved rehearsal, plus the user's notes. InputError when unknown."""
    if not SESSION_ID_RE.fullmatch(session_id):
        raise InputError(f"unknown session id {session_id[:80]!r}")
    try:
        saved = load_session(session_id)
    except InputError:
        raise InputError(f"unknown session id {session_id[:80]!r}: no saved rehearsal by that id") from None
    said = [str(turn.get("text", "")) for turn in saved["turns"] if turn.get("speaker") == "professional"]
    return "\n".join([*said, saved["notes"]]).strip()


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
    for order, (_, _, sentence) in enumerate(sentences(notes)):
        words = sentence.split()
        if sentence.endswith("?") or len(words) < POINT_MIN_WORDS:
            continue
        value = 2 * bool(SAID_RE.search(sentence)) + bool(re.search(r"\d", sentence)) + bool(writing.CAP_WORD_RE.search(sentence[1:])) + (POINT_MIN_WORDS + 1 <= len(words) <= POINT_MAX_WORDS)
        scored.append((value, order, sentence))
    best = sorted(sorted(scored, key=lambda x: (-x[0], x[1]))[:limit], key=lambda x: x[1])
    points = []
    for _, _, sentence in best:
        clause = LEAD_IN_RE.sub("", sentence.strip()).rstrip(".!;")
        clause = _to_second_person(shorten(clause, POINT_CHARS).rstrip("."))
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
    greeting = f"Hi {first_name(request.name)}," if request.name else "Hi [their name],"
    said = " ".join([f"I especially valued what you said: {points[0]}."] + ([f"I also keep thinking about this: {points[1]}."] if len(points) > 1 else [])) if points else "I especially valued what you said about [one specific thing they said]."
    step_line = f"As a next step, I'm going to {step}." if step else "As a next step, I'm going to [your next step, e.g. the course or person they suggested]."
    lines = ["Thank you for taking the time to talk with me.", said, step_line, "I'll let you know how it goes."]
    subject = "Subject: Thank you for the conversation" if request.channel == "email" else None
    closing = "" if request.channel == "linkedin-note" else f"Best,\n{request.sender or '[your name]'}" if len(request.sender.split()) <= 3 else "Best,\n[your name]"
    text = writing.lay_out(request.channel, subject, greeting, lines, closing)
    if request.channel == "linkedin-note" and len(text) > channels.CHAR_LIMITS["linkedin-note"]:
        short = [lines[0], f"What you said about {shorten(points[0], NOTE_POINT_CHARS).rstrip('.')} stayed with me." if points else lines[1], f"Next, I'll {shorten(step, NOTE_STEP_CHARS).rstrip('.')}." if step else lines[2]]
        text = writing.lay_out(request.channel, None, greeting, short, "")
    return text


def assemble_keep_in_touch(request: ThankYouRequest, points: list[str], step: str) -> str:
    greeting = f"Hi {first_name(request.name)}," if request.name else "Hi [their name],"
    topic = shorten(points[0], KEEP_IN_TOUCH_POINT_CHARS).rstrip(".") if points else "[one thing they said]"
    did = f"I followed through on our conversation: I set out to {step}, and [your update: what came of it]." if step else "I wanted to share a quick update: [your update: what you did with their advice]."
    lines = [f"It's been a few weeks since we talked, and I still think about what you said: {topic}.", did, "No need to reply; I just wanted you to know your time made a difference.", "Thank you again."]
    closing = "" if request.channel == "linkedin-note" else "Best,\n[your name]" if not request.sender or len(request.sender.split()) > 3 else f"Best,\n{request.sender}"
    subject = "Subject: A quick update since our conversation" if request.channel == "email" else None
    return writing.lay_out(request.channel, subject, greeting, lines, closing)


def check_thank_you(text: str, request: ThankYouRequest, points: list[str], step: str) -> list[str]:
    """What is wrong with a thank-you note, in words (empty when it may be shown)."""
    problems = []
    if not text.strip():
        return ["empty"]
    if not patterns.GRATITUDE_RE.search(text):
        problems.append("no thanks")
    if request.channel != "email" and len(text) > channels.CHAR_LIMITS[request.channel]:
        problems.append("too long for the channel")
    if request.channel == "email" and count_words(text) > channels.EMAIL_WORD_LIMIT:
        problems.append("too long")
    if patterns.PUSHY_RE.search(text) or signals.asks_for_job(text):
        problems.append("pushes or asks for a job")
    holes = [h for h in patterns.PLACEHOLDER_RE.findall(text) if not patterns.MARKED_BLANK_RE.fullmatch(h)]
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


def draft_thank_you(request: ThankYouRequest, model: Any = None, attempts: int = llm.MAX_ATTEMPTS) -> ThankYouDraft:
    """A thank-you (specific things they said, one next step) and a keep-in-touch note."""
    points = key_points(request.notes)
    step = next_step_from(request.notes, request.next_step)
    text, source = "", ""

    def ask(chat: Any, attempt: int) -> str:
        prompt = render("outreach_thank_you", name=request.name or "(not given)", points_list=points, next_step=step or "(not given)", channel=request.channel)
        return writing.clean_model_text(chat.invoke(prompt))

    def make_model() -> Any:
        return llm.chat_model(temperature=THANK_YOU_TEMPERATURE, max_tokens=THANK_YOU_MAX_TOKENS, timeout=llm.MODEL_BUDGET_S)

    for raw in llm.model_attempts(ask, make_model, model, max_attempts=attempts, what="thank-you"):
        if request.channel == "email" and raw and not patterns.SUBJECT_RE.match(raw):
            raw = f"Subject: Thank you for the conversation\n\n{raw}"
        if raw and not check_thank_you(raw, request, points, step):
            text, source = raw, "model"
            break
    if not text:
        text, source = assemble_thank_you(request, points, step), "assembled"
    keep = assemble_keep_in_touch(request, points, step)
    notes = writing.blank_notes(text + "\n" + keep)
    notes.append(f"Send the keep-in-touch note about {KEEP_IN_TOUCH_DAYS // 7} weeks after the conversation.")
    return ThankYouDraft(channel=request.channel, thank_you=text, keep_in_touch=keep, points=points, next_step=step, source=source, notes=notes)
