"""What code can decide about a rehearsal turn: the kind of message, the question's type,
etiquette signals, and which hidden insight (if any) the question earns.

Thresholds here are validated by tests on fixed transcripts (tests/unit/test_tracking.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Similarity (MiniLM cosine) between a question and an insight's "ask about" + text that
# earns the insight for an open, non-googleable question; follow-ups earn at a lower bar.
EARN_THRESHOLD = 0.36
FOLLOW_UP_DISCOUNT = 0.06
FOLLOW_UP_SIMILARITY = 0.45
ON_TOPIC_MIN = 0.18

OPEN_OPENERS = r"(how|what|why|which|where|describe|tell me|walk me|talk me|can you (tell|describe|walk|talk|share|explain)|could you (tell|describe|walk|talk|share|explain)|would you (tell|describe|walk|share|explain)|i'?d love to hear|i'?m curious|share|explain|in what way|to what extent|when you)"
CLOSED_OPENERS = r"(do|does|did|is|are|was|were|can|could|would|will|have|has|had|should|shall|may|am|isn'?t|aren'?t|don'?t|doesn'?t)\b"

GOOGLEABLE = [
    r"\b(average|median|typical|starting|entry[- ]level)?\s*(salary|salaries|pay|wage|wages|compensation)\b",
    r"\bhow much (do|does|did|can|will) .{0,40}\b(make|earn|get paid|pay)\b",
    r"\bwhat does [A-Z0-9&]{2,}\b.{0,20}\bstand for\b",
    r"\bstand for\b",
    r"\bhow many (employees|people work|offices|locations|stores|hospitals|countries)\b",
    r"\bwhen was .{0,40}\b(founded|established|started)\b",
    r"\bwhere (is|are) .{0,40}\b(headquarter|headquarters|based|located)\b",
    r"\bwhat is the (definition|meaning) of\b",
    r"\bwhat (is|are) (a|an) [a-z]+( [a-z]+)?\?$",
    r"\bwhat degree (do|does) .{0,30}\bneed\b",
    r"\bwhat (is|are) the (job )?requirements\b",
    r"\bwho (is|was) the (ceo|founder|president)\b",
]

JOB_REQUEST = [
    r"\b(are you|is your (team|company|firm|organi[sz]ation)) hiring\b",
    r"\b(give|get|offer|find) me (a|an) (job|position|role|internship|placement)\b",
    r"\b(any|are there) (open |job )?(openings|positions|vacancies|roles|jobs|internships)\b",
    r"\brefer(ral)?\b.{0,30}\b(me|my)\b|\brefer me\b|\b(a|your) referral\b",
    r"\b(pass|send|forward|look at|take|share)\b.{0,20}\b(my )?(r[ée]sum[ée]|cv)\b",
    r"\bput in a good word\b",
    r"\b(consider|recommend) me for\b",
    r"\bcan i (apply|work) (for|with) (you|your)\b",
    r"\bhire me\b",
    r"\b(job|internship|position) (at|with|on) your\b",
    r"\b(get|land|find|give|offer|secure|score) me (a |an )?(job|interview|position|role|internship|placement|spot|opening)\b",
    r"\bhelp me (get|land|find|secure) (a |an )?(job|interview|position|role|internship|placement|hired)\b|\bhelp me get hired\b",
    r"\b(interview|job|position|role|internship|placement|opening|vacanc\w*)s? (at|with|in|on) your\b",
    r"\b(introduce|connect|put) me (in touch )?(with|to) (your |the |a )?(hr|recruit\w*|hiring|human resources|person who (does|handles) hiring)",
    r"\b(pass|send|forward|give|get|email|put|share)\b.{0,30}\b(my|me)\b.{0,40}\b(hr|recruit\w*|hiring (manager|team)|whoever (is|does) hiring|the right people)\b",
    r"\b(send|pass|give|forward|email) (you |them )?my (name|details|info\w*|profile|application|r[ée]sum[ée]|cv)\b",
    r"\b(email|give|attach|show) (you )?my (r[ée]sum[ée]|cv)\b",
    r"\b(send|sending|pass|passing|forward|forwarding|get|getting)\b.{0,25}\b(to|in front of) (whoever|the hiring|your hiring|hr\b|the recruit|your recruit|the right people)",
    r"\b(opening|position|role|job|spot|vacanc\w*)s? (that )?i (could|can|might) (fill|slide into|apply for|take|get)\b",
    r"\btake me on\b|\bhook me up\b|\bvouch for me\b|\bget me in(to)? the door\b|\bput me forward\b",
    r"\b(my|a|your) referral\b|\bbe my reference\b",
    r"\b(can|could|may) i (apply to )?work (for|with) you\b",
    r"\b(spot|place|room|position|opening) for (someone like )?me\b",
    r"\bis your (team|company|firm|office|department|organi[sz]ation|hospital|agency|school|practice) (looking for|taking on|hiring)\b",
    r"\b(taking on|hiring) (any )?(interns|new people|anyone)\b.{0,40}\b(i|me)\b",
]

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
    """(is_question, open) for a message, from its form."""
    stripped = text.strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", stripped) if s.strip()]
    asked = [s for s in sentences if s.endswith("?")] or ([sentences[-1]] if sentences else [])
    if not asked:
        return False, False
    question = asked[-1]
    lead = re.sub(r"^(and|so|also|but|okay|ok|great|thanks|interesting)[,!.\s]+", "", question.strip(), flags=re.I)
    lead = re.sub(r"^[^,?]{0,40}?,\s*(?=(how|what|why|which|where|could|can|would|do|does|did|is|are)\b)", "", lead, flags=re.I)
    is_open = bool(re.match(OPEN_OPENERS, lead, re.I))
    if re.match(r"(what|which)\b", lead, re.I) and re.search(r"\b(yes or no|or not)\b", lead, re.I):
        is_open = False
    is_closed = bool(re.match(CLOSED_OPENERS, lead, re.I)) and not re.match(r"(can|could|would) you (tell|describe|walk|talk|share|explain)", lead, re.I)
    is_question = question.endswith("?") or is_open or is_closed
    return is_question, is_open and not is_closed


def read_turn(text: str, previous_reply: str = "", similarity_to_previous: float | None = None) -> TurnSignals:
    """Classify a user message. similarity_to_previous: cosine to the last reply, if known."""
    text = text or ""
    job = _matches(JOB_REQUEST, text)
    thanks = bool(re.search(THANKS, text, re.I))
    is_question, is_open = question_type(text)
    googleable = is_question and _matches(GOOGLEABLE, text)
    follow_up = bool(previous_reply) and is_question and (
        bool(re.search(FOLLOW_UP_PHRASES, text, re.I))
        or (similarity_to_previous is not None and similarity_to_previous >= FOLLOW_UP_SIMILARITY and _shares_content_word(text, previous_reply))
    )
    if job:
        kind = "job_request"
    elif _matches(META, text):
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
