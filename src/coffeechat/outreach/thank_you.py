"""Thank-you and keep-in-touch notes after a conversation: built in code from the notes.

draft_thank_you(ThankYouRequest, model=None) -> ThankYouDraft
    From pasted notes or a saved rehearsal (read by outreach.takeaways): a thank-you that names
    the specific things the person said and the advice, resources and people they suggested,
    as the writer's next steps, and a keep-in-touch note to send a few weeks later. The notes'
    own header ("Talked with Dana (UX researcher at Brightloop).") gives the name and their
    work, and is never quoted as something they said. Every channel limit holds; what could
    not fit is listed in `notes`.

    With a capable provider (or a model passed in), the model may write the thank-you under
    check_thank_you: every point named, nothing invented, no header, within the limit; text
    that fails is replaced by the composed note, never shown with a caveat.
Raises InputError for bad input (unknown channel, nothing to work from, unknown session).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from coffeechat import limits, llm, signals
from coffeechat.errors import InputError
from coffeechat.notes import load_session
from coffeechat.outreach import addressing, channels, facts, patterns, writing
from coffeechat.outreach.takeaways import Point, Takeaways, about_phrase, read_notes
from coffeechat.prompts import render
from coffeechat.text import shorten

KEEP_IN_TOUCH_DAYS = 28  # the guide's advice: write again about four weeks after the conversation
THANK_YOU_TEMPERATURE = 0.5  # warmer than a verdict, steadier than a rewrite: the facts are given
THANK_YOU_MAX_TOKENS = 260  # a 200-word email with its subject and sign-off
SESSION_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")
# How much a thank-you names: two things they said and four next steps fill a 200-word email;
# more reads as a transcript. A note that runs long drops from the end of each list first.
SAID_NAMED, ACTIONS_NAMED = 2, 4
POINT_CHARS = 160  # one thing they said, as the note quotes it
NOTE_POINT_CHARS = 90  # in a 300-character LinkedIn note
KEEP_IN_TOUCH_POINT_CHARS = 110


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
    # Their own words ("I told every intern...") become what the note says to them ("you told every intern...").
    said = [addressing.first_to_second_person(str(turn.get("text", ""))) for turn in saved["turns"] if turn.get("speaker") == "professional"]
    return "\n".join([*said, saved["notes"]]).strip()


class ThankYouDraft(BaseModel):
    kind: str = "thank-you"
    channel: str
    thank_you: str
    keep_in_touch: str
    keep_in_touch_after_days: int = KEEP_IN_TOUCH_DAYS
    points: list[str] = Field(default_factory=list, description="the specific things they said and suggested that the note names")
    next_step: str = ""
    source: str = ""  # composed (built in code from the notes) | model
    notes: list[str] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list, description="points from the notes that did not fit the channel")


THANKS_OPENING = "Thank you for taking the time to talk with me"
AUTHORED = (
    THANKS_OPENING, "Thank you for the conversation", "Thank you for our conversation", "I keep thinking about what you said",
    "Two things you said stayed with me", "Next, I'll", "as you suggested", "As a next step, I'll", "I'll also", "I'll let you know how it goes",
    "Subject: Thank you for the conversation", "Subject: A quick update since our conversation", "Best", "Dear", "Hi",
    "It's been a few weeks since we talked, and I still think about what you said", "Since then, I set out to", "No need to reply; I just wanted you to know your time made a difference",
    "Thank you again", "read listen to watch join try look into start talk reach out contact",
)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def _said_line(said: list[str]) -> str:
    if not said:
        return ""
    if len(said) == 1:
        return f"I keep thinking about what you said: {said[0]}."
    return f"Two things you said stayed with me: {said[0]}; and {said[1]}."


def _plan_lines(actions: list[str], step: str) -> list[str]:
    lines = []
    if step:
        lines.append(f"As a next step, I'll {step}.")
        if actions:
            lines.append(f"I'll also {_join(actions)}, as you suggested.")
    elif actions:
        lines.append(f"Next, I'll {_join(actions)}, as you suggested.")
    else:
        lines.append("As a next step, I'll [your next step: the course, book or person they suggested].")
    return lines


@dataclass
class Composed:
    text: str
    said: list[Point]
    actions: list[Point]
    left_out: list[Point] = field(default_factory=list)


def chosen_points(read: Takeaways) -> tuple[list[Point], list[Point], list[Point]]:
    """(said, actions, left out): the most specific things they said, in the order said, and their suggestions."""
    said = sorted(sorted(read.said, key=lambda p: (-p.value, p.order))[:SAID_NAMED], key=lambda p: p.order)
    actions = read.actions[:ACTIONS_NAMED]
    left = [p for p in read.said if p not in said] + read.actions[ACTIONS_NAMED:]
    return said, actions, left


def compose_thank_you(request: ThankYouRequest, read: Takeaways, step: str) -> Composed:
    """The thank-you built in code (see the module docstring), cut to the channel's limit."""
    channel = request.channel
    name = read.name
    said, actions, left = chosen_points(read)
    about = about_phrase(read.about)
    signer = request.sender if request.sender and len(request.sender.split()) <= 3 else ""

    def build(said: list[Point], actions: list[Point], chars: int, brief: bool) -> str:
        said_text = [shorten(p.text, chars).rstrip(".") for p in said]
        action_text = [shorten(p.text, chars).rstrip(".") for p in actions]
        opening = ("Thank you for our conversation." if brief else f"{THANKS_OPENING}{' about ' + about if about else ''}.")
        lines = [opening, *([_said_line(said_text)] if said_text else []), *_plan_lines(action_text, step)]
        if not brief:
            lines.append("I'll let you know how it goes.")
        subject = "Subject: Thank you for the conversation" if channel == "email" else None
        closing = "" if channel == "linkedin-note" else f"Best,\n{signer or '[your name]'}"
        return writing.lay_out(channel, subject, addressing.greeting(name, channel), lines, closing)

    note = channel == "linkedin-note"
    chars = NOTE_POINT_CHARS if note else POINT_CHARS
    text = build(said, actions, chars, note)
    while not channels.fits(text, channel) and (len(said) + len(actions)) > 1:
        if len(actions) >= len(said) and actions:
            left.append(actions.pop())
        else:
            left.append(said.pop())
        text = build(said, actions, chars, note)
    while not channels.fits(text, channel) and chars > NOTE_POINT_CHARS // 2:
        chars -= 10
        text = build(said, actions, chars, True)
    return Composed(text, said, actions, left)


def compose_keep_in_touch(request: ThankYouRequest, read: Takeaways, said: list[Point], actions: list[Point], step: str) -> str:
    channel = request.channel
    topic = shorten(said[0].text, KEEP_IN_TOUCH_POINT_CHARS).rstrip(".") if said else "[one thing they said]"
    plan = step or (actions[0].text if actions else "")
    did = f"Since then, I set out to {shorten(plan, KEEP_IN_TOUCH_POINT_CHARS).rstrip('.')}, and [your update: what came of it]." if plan else "Since then, [your update: what you did with their advice]."
    lines = [f"It's been a few weeks since we talked, and I still think about what you said: {topic}.", did, "No need to reply; I just wanted you to know your time made a difference.", "Thank you again."]
    signer = request.sender if request.sender and len(request.sender.split()) <= 3 else ""
    closing = "" if channel == "linkedin-note" else f"Best,\n{signer or '[your name]'}"
    subject = "Subject: A quick update since our conversation" if channel == "email" else None
    text = writing.lay_out(channel, subject, addressing.greeting(read.name, channel), lines, closing)
    if channel == "linkedin-note" and not channels.fits(text, channel):
        text = writing.lay_out(channel, None, addressing.greeting(read.name, channel), [lines[0] if len(lines[0]) < 150 else "I still think about our conversation.", did if len(did) < 120 else "", "Thank you again."], "")
    return text


def check_thank_you(text: str, request: ThankYouRequest, read: Takeaways, points: list[Point], step: str) -> list[str]:
    """What is wrong with a thank-you note, in words (empty when it may be shown)."""
    problems = []
    if not text.strip():
        return ["empty"]
    if not patterns.GRATITUDE_RE.search(text):
        problems.append("no thanks")
    if not channels.fits(text, request.channel):
        problems.append("too long for the channel")
    if patterns.PUSHY_RE.search(text) or signals.asks_for_job(text):
        problems.append("pushes or asks for a job")
    holes = [h for h in patterns.PLACEHOLDER_RE.findall(text) if not patterns.MARKED_BLANK_RE.fullmatch(h)]
    if holes:
        problems.append(f"placeholders: {', '.join(holes)}")
    if read.header and read.header.rstrip(".").lower() in text.lower():
        problems.append("quotes the notes' header as something they said")
    given = facts.Given((), (request.notes, request.name, request.sender, request.next_step, step, *(p.text for p in points)), AUTHORED)
    invented = facts.inventions(text, given)
    if invented:
        problems.append(f"claims what the notes do not say: {'; '.join(invented[:4])}")
    words = facts.content_words(text)
    lowered = text.lower()
    for point in points:
        need = facts.content_words(point.text)
        if any(key.lower() not in lowered for key in point.keys) or len(need & words) < min(2, len(need)):
            problems.append(f"does not name: {point.text[:60]}")
    if step and len(facts.content_words(step) & words) < min(2, len(facts.content_words(step))):
        problems.append("does not give the next step")
    return problems


def draft_thank_you(request: ThankYouRequest, model: Any = None, attempts: int = llm.MAX_ATTEMPTS) -> ThankYouDraft:
    """A thank-you (what they said, what they suggested, as next steps) and a keep-in-touch note."""
    read = read_notes(request.notes, request.name)
    step = addressing.to_second_person(request.next_step, read.name).rstrip(".") if request.next_step else ""
    composed = compose_thank_you(request, read, step)
    named = [*composed.said, *composed.actions]
    text, source = composed.text, "composed"
    if writing.model_may_write(model):

        def ask(chat: Any, attempt: int) -> str:
            prompt = render("outreach_thank_you", name=read.name or "(not given)", points_list=[p.text for p in composed.said],
                            actions_list=[p.text for p in composed.actions], next_step=step or "(not given)", channel=request.channel)
            return writing.clean_model_text(chat.invoke(prompt))

        def make_model() -> Any:
            return llm.chat_model(temperature=THANK_YOU_TEMPERATURE, max_tokens=THANK_YOU_MAX_TOKENS, timeout=llm.MODEL_BUDGET_S)

        for raw in llm.model_attempts(ask, make_model, model, max_attempts=attempts, what="thank-you"):
            if request.channel == "email" and raw and not patterns.SUBJECT_RE.match(raw):
                raw = f"Subject: Thank you for the conversation\n\n{raw}"
            if raw and not check_thank_you(raw, request, read, named, step):
                text, source = raw, "model"
                break
    keep = compose_keep_in_touch(request, read, composed.said, composed.actions, step)
    notes = writing.blank_notes(text + "\n" + keep)
    if composed.left_out:
        notes.append(f"Not in the note (to keep it short): {'; '.join(shorten(p.text, 70) for p in composed.left_out)}.")
    notes.append(f"Send the keep-in-touch note about {KEEP_IN_TOUCH_DAYS // 7} weeks after the conversation.")
    return ThankYouDraft(channel=request.channel, thank_you=text, keep_in_touch=keep, points=[p.text for p in named], next_step=step,
                         source=source, notes=notes, left_out=[p.text for p in composed.left_out])
