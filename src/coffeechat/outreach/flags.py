"""One function per critique flag (evals/outreach/FLAGS.md), each deciding in code from a
parsed message: patterns and counts, and for the three flags that need reading (pushy tone,
personalization, sender context) similarity to curated sentences through `similar`.

Each returns a Verdict: the flag if raised (evidence, suggestion, spans), the strengths it
saw, and for the reading flags how it was decided (pattern | similarity | similarity-uncertain).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from coffeechat.outreach import facts
from coffeechat.outreach.channels import CHAR_LIMITS, EMAIL_WORD_LIMIT, limit_text, split_email
from coffeechat.outreach.patterns import (
    ASK_CUE_RE,
    CONNECT_IMPERATIVE_RE,
    CONNECT_RE,
    CONVERSATION_RE,
    GENERIC_FLATTERY_RE,
    GRATITUDE_RE,
    MARKED_BLANK_RE,
    PERSONAL_RE,
    PLACEHOLDER_RE,
    POLITE_MITIGATION_RE,
    PUSHY_RE,
    SENDER_RE,
    TIME_BOUND_RE,
)
from coffeechat.signals import INJECTION_RE, JOB_NEGATION_RE, JOB_REQUEST_RE
from coffeechat.text import count_words, quote, sentences

# FLAGS.md: score = max(0, 100 - sum of the weights of the flags raised).
WEIGHTS: dict[str, int] = {
    "asks_for_job": 30,
    "template_placeholder": 25,
    "no_clear_ask": 20,
    "too_long": 15,
    "no_personalization": 15,
    "pushy_tone": 15,
    "no_sender_context": 10,
    "no_time_bound": 10,
    "missing_subject": 10,
    "no_gratitude": 5,
    # Raised only against given facts (a draft, a rewrite), never on a user's own message.
    "invented_claim": 30,
    "missing_given_fact": 15,
}
FLAG_IDS = tuple(WEIGHTS)
READING_FLAGS = ("no_personalization", "no_sender_context", "pushy_tone")
FLATTERY_MAX_WORDS = 14  # a sentence of general praise longer than this may still say something specific
PUSHY_QUOTE_CHARS = 40  # each pushy phrase is quoted this short: several may be listed

SUGGESTIONS = {
    "too_long": "Cut it to fit {limit}: one line on who you are, one on why them, one small ask.",
    "no_clear_ask": "End with one small request, e.g. \"Would you be open to a 15-minute call in the next few weeks?\"",
    "no_clear_ask_note": "End with a small request, e.g. \"Would you be open to connecting?\"",
    "no_time_bound": "Bound the ask: \"15 minutes\" or \"a 20-minute call\" is easy to say yes to.",
    "asks_for_job": "Drop the request for a job, referral or résumé review; ask to learn about their work instead. A referral, if it comes, is theirs to offer.",
    "no_personalization": "Name one specific thing of theirs (a talk, post, project, their career path, a shared school or the person who referred you) and why it mattered to you.",
    "no_sender_context": "Say who you are in one line, e.g. \"I'm a second-year nursing student at ...\" or \"I've spent six years in ...\".",
    "template_placeholder": "Replace {placeholders} with the real detail before sending.",
    "pushy_tone": "Take out the pressure ({evidence}) and give an easy out: \"whenever suits you, and no worries if not\".",
    "missing_subject": "Start with a subject line, e.g. \"Subject: A question about your work on ...\".",
    "no_gratitude": "Thank them, e.g. \"Thank you for considering it.\"",
    "invented_claim": "Take out what you never said ({evidence}): every claim in a message should be yours.",
    "missing_given_fact": "Put back what you gave ({evidence}); a blank is only for what you did not give.",
}

Sentence = tuple[int, int, str]


def score(flag_ids: Sequence[str]) -> int:
    """The documented score: 100 minus each distinct raised flag's weight, floored at 0."""
    return max(0, 100 - sum(WEIGHTS[f] for f in set(flag_ids)))


@dataclass
class Found:
    """One raised flag: what shows it, what to do, and where it is in the message."""

    id: str
    evidence: str
    suggestion: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    decided_by: str = "pattern"


@dataclass
class Similar:
    """The sentence nearest a reading concern's curated examples, and whether it clears the rule."""

    sentence: Sentence | None
    positive: float
    negative: float
    present: bool
    uncertain: bool


SimilarFn = Callable[[str, list[Sentence]], Similar]


@dataclass
class Verdict:
    found: Found | None = None
    strengths: list[str] = field(default_factory=list)
    decided: str = ""  # reading flags: pattern | similarity | similarity-uncertain


@dataclass
class Message:
    """A message laid out for the flags: its subject, body, and sentences (those addressed to a
    tool apart: they are evidence, never the reader's content)."""

    text: str
    channel: str
    subject: str | None
    body_start: int
    words: int
    content: list[Sentence]
    injection: list[Sentence]
    allow_marked_blanks: bool = False
    given: facts.Given | None = None  # what a draft or rewrite was written from

    @property
    def content_text(self) -> str:
        return "\n".join(s[2] for s in self.content)

    def flag(self, flag_id: str, evidence: str, spans: list[tuple[int, int]] | None = None, decided_by: str = "pattern", key: str | None = None, **fmt: str) -> Found:
        suggestion = SUGGESTIONS[key or flag_id].format(evidence=evidence, limit=limit_text(self.channel), **fmt)
        return Found(flag_id, evidence, suggestion, spans or [], decided_by)


def read_message(message: str, channel: str, allow_marked_blanks: bool = False, given: facts.Given | None = None) -> Message:
    """Lay out a validated message (curly apostrophes made straight: same length, spans stay true)."""
    message = message.replace("\u2019", "'").replace("\u2018", "'")
    subject, body_start = split_email(message) if channel == "email" else (None, 0)
    body = message[body_start:]
    every = sentences(body, body_start)
    injection = [s for s in every if INJECTION_RE.search(s[2])]
    content = [s for s in every if s not in injection]
    return Message(message, channel, subject, body_start, count_words(body), content, injection, allow_marked_blanks, given)


def missing_subject(m: Message) -> Verdict:
    if m.channel != "email":
        return Verdict()
    if m.subject:
        return Verdict(strengths=[f"Has a subject line: {quote(m.subject, 80)}"])
    if m.subject is None:
        first = m.text.strip().splitlines()[0] if m.text.strip() else ""
        return Verdict(m.flag("missing_subject", "the first line is not \"Subject: ...\"", [(0, min(len(first), len(m.text)))]))
    return Verdict(m.flag("missing_subject", "the subject line is empty"))


def too_long(m: Message) -> Verdict:
    if m.channel == "email":
        if m.words > EMAIL_WORD_LIMIT:
            return Verdict(m.flag("too_long", f"{m.words} words in the body; over about {EMAIL_WORD_LIMIT} is too long to read on a phone"))
        return Verdict()
    limit, chars = CHAR_LIMITS[m.channel], len(m.text)
    return Verdict(m.flag("too_long", f"{chars:,} characters; the limit is {limit:,}", [(limit, chars)])) if chars > limit else Verdict()


def template_placeholder(m: Message) -> Verdict:
    holes = [(h.start(), h.end(), h.group(0)) for h in PLACEHOLDER_RE.finditer(m.text)]
    if m.allow_marked_blanks:
        holes = [h for h in holes if not MARKED_BLANK_RE.fullmatch(h[2])]
    if not holes:
        return Verdict()
    shown = ", ".join(dict.fromkeys(h[2].strip() for h in holes))
    return Verdict(m.flag("template_placeholder", f"left in: {shown}", [(a, b) for a, b, _ in holes], placeholders=shown))


def asks_for_job(m: Message) -> Verdict:
    """A request sentence, unless the sentence says it is not asking for one."""
    hits = [s for s in m.content if not JOB_NEGATION_RE.search(s[2]) and JOB_REQUEST_RE.search(s[2])]
    if hits:
        return Verdict(m.flag("asks_for_job", "; ".join(quote(h[2]) for h in hits[:2]), [(h[0], h[1]) for h in hits]))
    if any(JOB_NEGATION_RE.search(s[2]) for s in m.content):
        return Verdict(strengths=["Says plainly it is not asking for a job or referral."])
    return Verdict()


def conversation_asks(m: Message) -> list[Sentence]:
    return [s for s in m.content if ASK_CUE_RE.search(s[2]) and CONVERSATION_RE.search(s[2])]


def no_clear_ask(m: Message) -> Verdict:
    asks = conversation_asks(m)
    connect = [s for s in m.content if CONNECT_RE.search(s[2]) and (ASK_CUE_RE.search(s[2]) or CONNECT_IMPERATIVE_RE.search(s[2]) or re.search(r"\bconnect\b\s*[?!.]?$", s[2], re.I))]
    note = m.channel == "linkedin-note"
    if not asks and not (note and connect):
        evidence = "no request for a conversation, call, coffee or a few questions" + (" (or to connect)" if note else "")
        return Verdict(m.flag("no_clear_ask", evidence, key="no_clear_ask_note" if note else None))
    return Verdict(strengths=[f"A clear ask: {quote((asks or connect)[0][2])}"])


def no_time_bound(m: Message) -> Verdict:
    asks = conversation_asks(m)
    bound = TIME_BOUND_RE.search(m.content_text)
    if asks and not bound:
        return Verdict(m.flag("no_time_bound", f"the ask has no length: {quote(asks[0][2])}", [asks[0][:2]]))
    return Verdict(strengths=[f"A bounded time ask: {quote(bound.group(0))}"]) if bound else Verdict()


def no_gratitude(m: Message) -> Verdict:
    if GRATITUDE_RE.search(m.content_text):
        return Verdict(strengths=["Thanks them."])
    return Verdict(m.flag("no_gratitude", "no thanks or appreciation anywhere"))


def invented_claim(m: Message) -> Verdict:
    """Only for a text written from given facts: a name, thing, number, praise or "we" they never gave."""
    if m.given is None:
        return Verdict()
    found = facts.inventions(m.text, m.given)
    if not found:
        return Verdict(strengths=["Claims nothing you did not give."])
    return Verdict(m.flag("invented_claim", "; ".join(found[:4])))


def missing_given_fact(m: Message) -> Verdict:
    """Only for a text written from given facts: one of them is left out or blanked."""
    if m.given is None:
        return Verdict()
    gone = facts.missing(m.text, m.given)
    if not gone:
        return Verdict(strengths=["Keeps every fact you gave."])
    return Verdict(m.flag("missing_given_fact", "; ".join(why for _, why in gone[:4])))


def _decided(sim: Similar) -> str:
    return "similarity-uncertain" if sim.uncertain else "similarity"


def pushy_tone(m: Message, similar: SimilarFn) -> Verdict:
    """Patterns first, then similarity to curated pushy vs polite sentences."""
    hits = [(h.start(), h.end(), h.group(0)) for h in PUSHY_RE.finditer(m.text)]
    hits = [h for h in hits if not any(h[0] >= a and h[1] <= b for a, b, _ in m.injection)]
    if hits:
        return Verdict(m.flag("pushy_tone", ", ".join(dict.fromkeys(quote(h[2], PUSHY_QUOTE_CHARS) for h in hits)), [(a, b) for a, b, _ in hits]), decided="pattern")
    sim = similar("pushy", [s for s in m.content if not POLITE_MITIGATION_RE.search(s[2])])
    if sim.present and sim.sentence:
        return Verdict(m.flag("pushy_tone", quote(sim.sentence[2]), [sim.sentence[:2]], decided_by=_decided(sim)), decided=_decided(sim))
    return Verdict(strengths=["A courteous tone, with no pressure."], decided=_decided(sim))


def no_personalization(m: Message, similar: SimilarFn) -> Verdict:
    personal = [s for s in m.content if PERSONAL_RE.search(s[2])]
    if personal:
        return Verdict(strengths=[f"Specific to them: {quote(personal[0][2])}"], decided="pattern")
    sim = similar("personalization", [s for s in m.content if not GENERIC_FLATTERY_RE.search(s[2]) or len(s[2].split()) > FLATTERY_MAX_WORDS])
    if sim.present and sim.sentence:
        return Verdict(strengths=[f"Specific to them: {quote(sim.sentence[2])}"], decided=_decided(sim))
    generic = [s for s in m.content if GENERIC_FLATTERY_RE.search(s[2])]
    evidence = f"only general praise: {quote(generic[0][2])}" if generic else "nothing specific to this person (their talk, post, project, path, a shared school or contact)"
    return Verdict(m.flag("no_personalization", evidence, [generic[0][:2]] if generic else [], decided_by=_decided(sim)), decided=_decided(sim))


def no_sender_context(m: Message, similar: SimilarFn) -> Verdict:
    who = [s for s in m.content if SENDER_RE.search(s[2])]
    if who:
        return Verdict(strengths=[f"Says who they are: {quote(who[0][2])}"], decided="pattern")
    sim = similar("sender_context", m.content)
    if sim.present and sim.sentence:
        return Verdict(strengths=[f"Says who they are: {quote(sim.sentence[2])}"], decided=_decided(sim))
    return Verdict(m.flag("no_sender_context", "the sender never says who they are", decided_by=_decided(sim)), decided=_decided(sim))


# In the order the critique shows their strengths; flags are sorted by FLAG_IDS after.
CODE_FLAGS = (missing_subject, too_long, template_placeholder, asks_for_job, no_clear_ask, no_time_bound, no_gratitude, invented_claim, missing_given_fact)
READING = {"pushy_tone": pushy_tone, "no_personalization": no_personalization, "no_sender_context": no_sender_context}
