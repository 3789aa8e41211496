"""The outreach judge, all in code: every flag in evals/outreach/FLAGS.md decided by patterns,
counts and similarity to curated labelled sentences. No model is called here.

`judge(message, channel, embedder=None) -> Judgement` is the whole contract: the flags (id,
evidence, suggestion, spans into the message), the strengths, and for the three flags that
need reading (personalization, sender context, tone) how they were decided ("pattern",
"similarity" or "similarity-uncertain"), so a second opinion knows where it may weigh in.

Order for the reading flags: patterns first (a match decides), similarity second (each
sentence's nearest curated examples, positive class against negative class, with a margin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from coffeechat import limits
from coffeechat.errors import InputError

CHANNELS = ("linkedin-note", "linkedin-message", "email")
CHAR_LIMITS = limits.CHANNEL_CHARS
EMAIL_WORD_LIMIT = limits.EMAIL_WORDS
MAX_MESSAGE_CHARS = limits.MESSAGE_CHARS

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
}
FLAG_IDS = tuple(WEIGHTS)
READING_FLAGS = ("no_personalization", "no_sender_context", "pushy_tone")


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
class Judgement:
    channel: str
    chars: int
    words: int
    limit: int | None
    limit_text: str
    flags: list[Found]
    strengths: list[str]
    decisions: dict[str, str]  # reading flag -> pattern | similarity | similarity-uncertain
    injection: list[str]  # sentences addressed to a tool rather than the reader

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.flags]

    @property
    def score(self) -> int:
        return score(self.ids)


# ---------------------------------------------------------------- input and layout


def check_input(message: str, channel: str) -> str:
    """The message, validated: InputError (one line) for empty, oversized or unknown channel."""
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    if message is None or not str(message).strip():
        raise InputError("the message is empty")
    if "\x00" in message:
        raise InputError("the message is not text (it contains NUL bytes)")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InputError(f"the message is too long to critique ({len(message):,} characters; the limit is {MAX_MESSAGE_CHARS:,})")
    return message


SUBJECT_RE = re.compile(r"^\s*subject\s*:[ \t]*(?P<subject>[^\n]*)", re.I)


def split_email(message: str) -> tuple[str | None, int]:
    """(subject or None, offset where the body starts). The subject is the first line only."""
    first_line_end = message.find("\n")
    first = message if first_line_end < 0 else message[:first_line_end]
    match = SUBJECT_RE.match(first)
    if not match:
        return None, 0
    return match.group("subject").strip(), (len(message) if first_line_end < 0 else first_line_end + 1)


WORD_RE = re.compile(r"[\w'’\-]+")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


ABBREVIATION_RE = re.compile(r"\b(?:Mr|Ms|Mrs|Mx|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|approx|Inc|Ltd|Co|No)\.$|\b[A-Z]\.$", re.I)
SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


def sentences(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence or line, with offsets into the original text."""
    found: list[tuple[int, int, str]] = []
    glue = False  # the previous piece ended in an abbreviation ("Ms.", "Dr."): not a sentence end
    for match in SENTENCE_RE.finditer(text):
        piece = match.group(0)
        stripped = piece.strip()
        if len(WORD_RE.findall(stripped)) == 0:
            continue
        start = match.start() + (len(piece) - len(piece.lstrip()))
        if glue and found:
            first = found[-1][0]
            found[-1] = (first, offset + start + len(stripped), text[first - offset : start + len(stripped)])
        else:
            found.append((offset + start, offset + start + len(stripped), stripped))
        glue = bool(ABBREVIATION_RE.search(stripped)) and not piece.endswith("\n")
    return found


def limit_text(channel: str) -> str:
    if channel == "email":
        return f"{EMAIL_WORD_LIMIT} words in the body"
    return f"{CHAR_LIMITS[channel]:,} characters"


from coffeechat.chains.outreach_patterns import (  # noqa: F401  (re-exported for the writer and tests)
    NUMBER_WORDS,
    TIME_BOUND_RE,
    PLACEHOLDER_RE,
    MARKED_BLANK_RE,
    ASK_CUE_RE,
    CONVERSATION_RE,
    CONNECT_RE,
    CONNECT_IMPERATIVE_RE,
    JOB_RE,
    JOB_NEGATION_RE,
    GRATITUDE_RE,
    PUSHY_RE,
    POLITE_MITIGATION_RE,
    SENDER_RE,
    PERSONAL_RE,
    GENERIC_FLATTERY_RE,
    INJECTION_RE,
)

I = re.I


def _first(regex: re.Pattern, text: str, offset: int = 0) -> re.Match | None:
    return regex.search(text, offset)


def _spans(regex: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(text)]


# ---------------------------------------------------------------- similarity


@dataclass(frozen=True)
class Curated:
    """Labelled sentences per reading concern: (positive, negative)."""

    personalization: tuple[tuple[str, ...], tuple[str, ...]]
    sender_context: tuple[tuple[str, ...], tuple[str, ...]]
    pushy: tuple[tuple[str, ...], tuple[str, ...]]


def curated_path() -> Path:
    return Path(__file__).resolve().parents[1] / "curated" / "outreach_examples.yaml"


@lru_cache(maxsize=1)
def load_curated(path: str | None = None) -> Curated:
    """The curated examples; an empty set (similarity off) when the file is missing."""
    file = Path(path) if path else curated_path()
    data: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else {}
    data = data or {}

    def pair(section: str, positive: str, negative: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        block = data.get(section) or {}
        return tuple(block.get(positive) or ()), tuple(block.get(negative) or ())

    return Curated(
        personalization=pair("personalization", "specific", "generic"),
        sender_context=pair("sender_context", "present", "absent"),
        pushy=pair("pushy", "pushy", "polite"),
    )


# (threshold on the positive class, margin over the negative class); the band above the
# margin where a stronger model's second opinion may decide. Set by leave-one-out over the
# curated examples themselves (no false positive there), not on the eval messages.
SIMILARITY_RULES = {
    "personalization": (0.30, 0.03, 0.03),
    "sender_context": (0.35, 0.06, 0.03),
    "pushy": (0.35, 0.06, 0.03),
}
TOP_K = 3

_example_vectors: dict[tuple[int, str], Any] = {}


def _vectors(embedder: Callable, texts: Sequence[str], key: str):
    import numpy as np

    cache_key = (id(embedder), key)
    if cache_key not in _example_vectors:
        _example_vectors[cache_key] = np.asarray(embedder(list(texts)), dtype="float32") if texts else np.zeros((0, 1), dtype="float32")
    return _example_vectors[cache_key]


@dataclass
class Similar:
    sentence: tuple[int, int, str] | None
    positive: float
    negative: float
    present: bool
    uncertain: bool


def nearest_class(concern: str, candidates: list[tuple[int, int, str]], embedder: Callable | None, vectors: dict | None = None) -> Similar:
    """The sentence most like the concern's positive examples, and whether it clears the rule."""
    import numpy as np

    examples = getattr(load_curated(), concern)
    if embedder is None or not candidates or not examples[0] or not examples[1]:
        return Similar(None, 0.0, 0.0, False, False)
    pos = _vectors(embedder, examples[0], f"{concern}+")
    # One against the rest: the negatives are this concern's own negative class plus every
    # other concern's sentences, so a neutral sentence is not mistaken for this one.
    curated = load_curated()
    others = [t for name in ("personalization", "sender_context", "pushy") if name != concern for t in (*getattr(curated, name)[0], *getattr(curated, name)[1])]
    neg = _vectors(embedder, (*examples[1], *others), f"{concern}-rest")
    texts = [c[2] for c in candidates]
    if vectors is not None and all(t in vectors for t in texts):
        mat = np.asarray([vectors[t] for t in texts], dtype="float32")
    else:
        mat = np.asarray(embedder(texts), dtype="float32")
        if vectors is not None:
            vectors.update(zip(texts, mat))
    k = min(TOP_K, len(pos), len(neg))
    pos_sim = np.sort(mat @ pos.T, axis=1)[:, -k:].mean(axis=1)
    neg_sim = np.sort(mat @ neg.T, axis=1)[:, -k:].mean(axis=1)
    threshold, margin, band = SIMILARITY_RULES[concern]
    best = int(np.argmax(pos_sim - neg_sim))
    p, n = float(pos_sim[best]), float(neg_sim[best])
    present = p >= threshold and p - n >= margin
    near = p >= threshold - band and p - n >= margin - band
    uncertain = near and not (p >= threshold + band and p - n >= margin + band)
    return Similar(candidates[best], p, n, present, uncertain)


# ---------------------------------------------------------------- the judge

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
}


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return f"\"{text if len(text) <= limit else text[: limit - 1] + '…'}\""


def judge(message: str, channel: str, embedder: Callable | None = None, allow_marked_blanks: bool = False) -> Judgement:
    """Every flag for `message` on `channel`, decided in code.

    embedder: a callable on a list of texts (the default embedder, a fake, or None to use
    patterns only). allow_marked_blanks: checking our own rewrite, where a lower-case marked
    blank like "[your school]" is a deliberate gap for the writer, not a leftover.
    Raises InputError for bad input.
    """
    check_input(message, channel)
    message = message.replace("\u2019", "'").replace("\u2018", "'")  # same length: spans stay true
    flags: list[Found] = []
    strengths: list[str] = []
    decisions: dict[str, str] = {}

    def raise_flag(flag_id: str, evidence: str, spans: list[tuple[int, int]] | None = None, decided_by: str = "pattern", key: str | None = None, **fmt: str) -> None:
        suggestion = SUGGESTIONS[key or flag_id].format(evidence=evidence, limit=limit_text(channel), **fmt)
        flags.append(Found(flag_id, evidence, suggestion, spans or [], decided_by))

    body_start = 0
    if channel == "email":
        subject, body_start = split_email(message)
        if subject is None or not subject:
            first = message.strip().splitlines()[0] if message.strip() else ""
            raise_flag("missing_subject", "the first line is not \"Subject: ...\"" if subject is None else "the subject line is empty", [(0, min(len(first), len(message)))] if subject is None else [])
        else:
            strengths.append(f"Has a subject line: {_quote(subject, 80)}")
    body = message[body_start:]
    words = count_words(body)
    chars = len(message)
    limit = CHAR_LIMITS.get(channel)
    if channel == "email":
        if words > EMAIL_WORD_LIMIT:
            raise_flag("too_long", f"{words} words in the body; over about {EMAIL_WORD_LIMIT} is too long to read on a phone")
    elif chars > (limit or 0):
        raise_flag("too_long", f"{chars:,} characters; the limit is {limit:,}", [(limit, chars)])

    # Sentences addressed to a tool are data: kept for the evidence, ignored for the ask.
    all_sentences = sentences(body, body_start)
    injection = [s for s in all_sentences if INJECTION_RE.search(s[2])]
    content = [s for s in all_sentences if s not in injection]
    content_text = "\n".join(s[2] for s in content)

    # template_placeholder
    holes = [(m.start(), m.end(), m.group(0)) for m in PLACEHOLDER_RE.finditer(message)]
    if allow_marked_blanks:
        holes = [h for h in holes if not MARKED_BLANK_RE.fullmatch(h[2])]
    if holes:
        shown = ", ".join(dict.fromkeys(h[2].strip() for h in holes))
        raise_flag("template_placeholder", f"left in: {shown}", [(a, b) for a, b, _ in holes], placeholders=shown)

    # asks_for_job: a request sentence, unless the sentence says it is not asking for one
    job_hits = []
    for start, end, text in content:
        if JOB_NEGATION_RE.search(text):
            continue
        for m in JOB_RE.finditer(text):
            job_hits.append((start, end, text, m.group(0)))
            break
    if job_hits:
        raise_flag("asks_for_job", "; ".join(_quote(h[2]) for h in job_hits[:2]), [(h[0], h[1]) for h in job_hits])
    elif any(JOB_NEGATION_RE.search(s[2]) for s in content):
        strengths.append("Says plainly it is not asking for a job or referral.")

    # no_clear_ask / no_time_bound
    conversation_asks = [s for s in content if ASK_CUE_RE.search(s[2]) and CONVERSATION_RE.search(s[2])]
    connect_asks = [s for s in content if CONNECT_RE.search(s[2]) and (ASK_CUE_RE.search(s[2]) or CONNECT_IMPERATIVE_RE.search(s[2]) or re.search(r"\bconnect\b\s*[?!.]?$", s[2], I))]
    if not conversation_asks and not (channel == "linkedin-note" and connect_asks):
        raise_flag("no_clear_ask", "no request for a conversation, call, coffee or a few questions" + (" (or to connect)" if channel == "linkedin-note" else ""), key="no_clear_ask_note" if channel == "linkedin-note" else None)
    else:
        ask = (conversation_asks or connect_asks)[0]
        strengths.append(f"A clear ask: {_quote(ask[2])}")
    bound = TIME_BOUND_RE.search(content_text)
    if conversation_asks and not bound:
        raise_flag("no_time_bound", f"the ask has no length: {_quote(conversation_asks[0][2])}", [conversation_asks[0][:2]])
    elif bound:
        strengths.append(f"A bounded time ask: {_quote(bound.group(0))}")

    # no_gratitude
    thanks = GRATITUDE_RE.search(content_text)
    if not thanks:
        raise_flag("no_gratitude", "no thanks or appreciation anywhere")
    else:
        strengths.append("Thanks them.")

    vector_cache: dict = {}

    # pushy_tone: patterns first, then similarity to curated pushy vs polite sentences
    pushy_hits = [(m.start() + 0, m.end(), m.group(0)) for m in PUSHY_RE.finditer(message)]
    pushy_hits = [h for h in pushy_hits if not any(h[0] >= a and h[1] <= b for a, b, _ in injection)]
    if pushy_hits:
        decisions["pushy_tone"] = "pattern"
        raise_flag("pushy_tone", ", ".join(dict.fromkeys(_quote(h[2], 40) for h in pushy_hits)), [(a, b) for a, b, _ in pushy_hits])
    else:
        candidates = [s for s in content if not POLITE_MITIGATION_RE.search(s[2])]
        sim = nearest_class("pushy", candidates, embedder, vector_cache)
        decisions["pushy_tone"] = "similarity-uncertain" if sim.uncertain else "similarity"
        if sim.present and sim.sentence:
            raise_flag("pushy_tone", _quote(sim.sentence[2]), [sim.sentence[:2]], decided_by=decisions["pushy_tone"])
        else:
            strengths.append("A courteous tone, with no pressure.")

    # no_personalization
    personal = [(s, m) for s in content for m in [PERSONAL_RE.search(s[2])] if m]
    if personal:
        decisions["no_personalization"] = "pattern"
        strengths.append(f"Specific to them: {_quote(personal[0][0][2])}")
    else:
        candidates = [s for s in content if not GENERIC_FLATTERY_RE.search(s[2]) or len(s[2].split()) > 14]
        sim = nearest_class("personalization", candidates, embedder, vector_cache)
        decisions["no_personalization"] = "similarity-uncertain" if sim.uncertain else "similarity"
        if sim.present and sim.sentence:
            strengths.append(f"Specific to them: {_quote(sim.sentence[2])}")
        else:
            generic = [s for s in content if GENERIC_FLATTERY_RE.search(s[2])]
            evidence = f"only general praise: {_quote(generic[0][2])}" if generic else "nothing specific to this person (their talk, post, project, path, a shared school or contact)"
            raise_flag("no_personalization", evidence, [generic[0][:2]] if generic else [], decided_by=decisions["no_personalization"])

    # no_sender_context
    who = [s for s in content if SENDER_RE.search(s[2])]
    if who:
        decisions["no_sender_context"] = "pattern"
        strengths.append(f"Says who they are: {_quote(who[0][2])}")
    else:
        sim = nearest_class("sender_context", content, embedder, vector_cache)
        decisions["no_sender_context"] = "similarity-uncertain" if sim.uncertain else "similarity"
        if sim.present and sim.sentence:
            strengths.append(f"Says who they are: {_quote(sim.sentence[2])}")
        else:
            raise_flag("no_sender_context", "the sender never says who they are", decided_by=decisions["no_sender_context"])

    order = {f: i for i, f in enumerate(FLAG_IDS)}
    flags.sort(key=lambda f: order[f.id])
    return Judgement(channel, chars, words, limit, limit_text(channel), flags, strengths, decisions, [s[2] for s in injection])
