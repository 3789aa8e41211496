"""What code can decide about a rehearsal turn: the kind of message, the question's type,
etiquette signals, and which hidden insight (if any) the question earns.

Thresholds here are validated by tests on fixed transcripts (tests/unit/test_tracking.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coffeechat import signals

# Similarity (MiniLM cosine) between a question and an insight's "ask about" + text that
# earns the insight for an open, non-googleable question; follow-ups earn at a lower bar.
EARN_THRESHOLD = 0.36
FOLLOW_UP_DISCOUNT = 0.06
FOLLOW_UP_SIMILARITY = 0.45
ON_TOPIC_MIN = 0.18

META = [
    r"\bignore (all |your |the |any )?(previous |prior |above )?(instructions|rules|prompt)",
    r"\b(system|hidden) prompt\b",
    r"\byour (instructions|rules|prompt|insights|secret)\b",
    r"\b(are you|you are|you're) (an? )?(ai|bot|chatbot|language model|llm|assistant|robot)\b",
    r"\b(as an ai|language model)\b",
    r"\b(print|reveal|show|list|repeat|tell me) (me )?(your|the) (instructions|prompt|insights|system|hidden|rules)",
    r"\bbreak (out of )?character\b",
    r"\bpretend (to be|you are)\b",
    r"\b(developer|debug|admin|god) mode\b",
]

THANKS = r"\b(thank(s| you)|appreciate|grateful)\b"
GREETING = r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|nice to meet you)\b[\s,.!]*([a-z]+[\s,.!]*)?$"
GOODBYE = r"\b(bye|goodbye|have a (great|good) (day|evening|one)|take care)\b"
# "You mentioned X, could you ..." : the question proper starts after the reference.
FOLLOW_UP_LEAD = r"^(earlier )?you (mentioned|said|talked about|brought up|described)\b[^,?]{0,80},\s*"
FOLLOW_UP_PHRASES = r"\b(you (mentioned|said|talked about|brought up|described)|earlier you|going back to|on that point|about that|that part|what you said|you just said|when you say|could you say more|say more about|tell me more|expand on|more about (that|the))\b"


@dataclass(frozen=True)
class TurnSignals:
    """What code reads from one user message."""

    kind: str  # question, job_request, meta, gibberish, greeting, thanks, goodbye, statement
    is_question: bool
    open: bool
    googleable: bool
    follow_up: bool
    thanks: bool
    job_request: bool


def _matches(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text, re.I) for p in patterns)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Whole words of the embedder's WordPiece vocabulary: an offline English word list."""
    import json

    from coffeechat.embeddings import model_files

    try:
        vocab = json.loads(model_files()[1].read_text(encoding="utf-8"))["model"]["vocab"]
    except Exception:
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha() and len(w) > 1)


def is_gibberish(text: str) -> bool:
    """Too little language to answer: empty, one token, or mostly non-words."""
    words = re.findall(r"[^\W\d_]+", text, re.UNICODE)
    if len(words) < 2:
        return not re.match(r"^\s*(why|how)\??\s*$", text, re.I)
    vocabulary = _vocabulary()
    ascii_words = [w.lower() for w in words if w.isascii()]
    if vocabulary and len(ascii_words) >= len(words) / 2:
        known = sum(1 for w in ascii_words if w in vocabulary or len(w) == 1)
        if known / len(ascii_words) < 0.6:
            return True
    wordlike = [w for w in words if re.search(r"[aeiouyàâäéèêëîïôöûüáíóúñ]", w, re.I) and not re.search(r"(.)\1{2,}", w) and len(w) <= 20]
    if len(wordlike) / len(words) < 0.6:
        return True
    consonant_runs = sum(1 for w in words if re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", w, re.I))
    return consonant_runs / len(words) > 0.3


def question_type(text: str) -> tuple[bool, bool]:
    """(is_question, open) for a message, from its form (signals.is_open decides open)."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]
    asked = [s for s in sentences if s.endswith("?")] or ([sentences[-1]] if sentences else [])
    if not asked:
        return False, False
    question = re.sub(r"^(and|so|also|but|okay|ok|great|thanks|interesting)[,!.\s]+", "", asked[-1], flags=re.I)
    question = re.sub(FOLLOW_UP_LEAD, "", question, flags=re.I) or question
    sentence = signals.question_sentence(question)
    is_open = signals.is_open(sentence) and not (re.match(r"(what|which)\b", sentence, re.I) and re.search(r"\b(yes or no|or not)\b", sentence, re.I))
    is_closed = bool(signals.CLOSED_START.match(sentence)) and not is_open
    return question.endswith("?") or is_open or is_closed, is_open


def read_turn(text: str, previous_reply: str = "", similarity_to_previous: float | None = None) -> TurnSignals:
    """Classify a user message. similarity_to_previous: cosine to the last reply, if known."""
    text = text or ""
    job = signals.asks_for_job(text)
    thanks = bool(re.search(THANKS, text, re.I))
    is_question, is_open = question_type(text)
    googleable = is_question and bool(signals.googleable_reasons(text))
    follow_up = bool(previous_reply) and is_question and (
        bool(re.search(FOLLOW_UP_PHRASES, text, re.I))
        or (similarity_to_previous is not None and similarity_to_previous >= FOLLOW_UP_SIMILARITY and _shares_content_word(text, previous_reply))
    )
    if job:
        kind = "job_request"
    elif _matches(META, text) or signals.INJECTION_RE.search(text):
        kind = "meta"
    elif re.match(GREETING, text, re.I):
        kind = "greeting"
    elif is_gibberish(text):
        kind = "gibberish"
    elif thanks and not is_question:
        kind = "thanks"
    elif re.search(GOODBYE, text, re.I) and not is_question:
        kind = "goodbye"
    elif is_question:
        kind = "question"
    else:
        kind = "statement"
    return TurnSignals(kind=kind, is_question=is_question and kind == "question", open=is_open and kind == "question", googleable=googleable, follow_up=follow_up and kind == "question", thanks=thanks, job_request=job)


STOPWORDS = set(
    "a an the and or but if of to in on at for with from by about as is are was were be been being do does did have has had "
    "i you he she it we they me my your our their this that these those what which who whom how why when where can could "
    "would should will shall may might must so than then there here just also very really more most some any all not no "
    "yes into out up down over under again further once like get got make made lot lots thing things".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{2,}", text.lower()) if w not in STOPWORDS}


def _shares_content_word(a: str, b: str) -> bool:
    return bool(content_words(a) & content_words(b))


def earn_threshold(signals: TurnSignals, style_delta: float = 0.0) -> float | None:
    """The similarity an insight needs for this turn, or None when the turn earns nothing."""
    if signals.kind != "question" or signals.googleable:
        return None
    if not signals.open and not signals.follow_up:
        return None
    base = EARN_THRESHOLD + style_delta
    return base - FOLLOW_UP_DISCOUNT if signals.follow_up else base
