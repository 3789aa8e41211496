"""What makes a question good, decided in code: open, not answerable by a web search, one
question, specific to the role, free of placeholders and job requests. Open, googleable and
job request are coffeechat.signals' definitions, shared with every flow."""

from __future__ import annotations

import re

from coffeechat.signals import JOB_REQUEST_RE, googleable_reasons, is_open, mask_role

# A question under 6 words says too little to be specific; over 40 words or 280 characters it
# is a speech, not a question (the curated ideas run 9-30 words).
MIN_WORDS, MAX_WORDS, MAX_CHARS = 6, 40, 280
QUESTION_MARKS_MAX = 2  # "What ... , and why?" is one question; three marks are several
# A reason is at least 3 words ("Builds rapport early.") and at most 35 words or 200 characters.
WHY_MIN_WORDS, WHY_MAX_WORDS, WHY_MAX_CHARS = 3, 35, 200

PLACEHOLDER_RE = re.compile(r"[\[\]{}<>]|\b(lorem|ipsum|todo|tbd|placeholder|insert \w+|your name|company name|xyz)\b|\bX\b", re.I)
OUT_OF_CHARACTER_RE = re.compile(r"\b(as an ai|language model|i cannot|i can't help|json|the student)\b", re.I)  # "the student": the prompt leaking
WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#\-]*", re.I)
GENERIC_WORDS = set(
    """about after again against also always another answer anything around asked before being between career careers change changes changing
    could different doing during early either enjoy every experience field first going great handle having hoping industry interview
    junior keeping learn learned matter might months never other people person position question questions really right role roles
    senior should since someone something start started student their there these thing things think those through today together
    typical under until usually very what when where which while whole would years young your yours yourself work working worked works
    job jobs team teams company companies organization organizations business day days week weeks time times today most more many
    lead manager director head chief principal staff level entry associate assistant specialist officer professional professionals
    advice insight insights trend trends resource resources assignment assignments project projects skill skills tools world
    """.split()
)
STEM_MIN_CHARS = 3  # a suffix is cut only if at least this much of the word is left


def stem(word: str) -> str:
    word = word.lower().strip("-")
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + STEM_MIN_CHARS and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in WORD_RE.findall(text))


def text_problems(text: str, role: str = "", terms: frozenset[str] = frozenset()) -> list[str]:
    """Every reason a single question fails, from its text alone (empty list: it passes).

    terms: role-specific word stems; when given, the question must contain one of them.
    """
    text = (text or "").strip()
    if not text:
        return ["empty"]
    masked = mask_role(text, role)
    reasons = []
    words = masked.split()
    if len(words) < MIN_WORDS:
        reasons.append("too short")
    if len(words) > MAX_WORDS or len(masked) > MAX_CHARS or "\n" in text:
        reasons.append("too long")
    if not text.endswith("?"):
        reasons.append("does not end with a question mark")
    if text.count("?") > QUESTION_MARKS_MAX:
        reasons.append("several questions in one")
    if not is_open(text):
        reasons.append("closed (yes/no) question")
    for name in googleable_reasons(text, role):
        reasons.append(f"googleable ({name})")
    if JOB_REQUEST_RE.search(masked):
        reasons.append("asks for a job or referral")
    if PLACEHOLDER_RE.search(masked):
        reasons.append("placeholder text")
    if OUT_OF_CHARACTER_RE.search(masked):
        reasons.append("out of character")
    if terms and not (role and role.lower() in text.lower()) and not (terms & word_stems(text)):
        reasons.append("names nothing specific to the role")
    return reasons


# Filler a small model reaches for: a follow-up with it says nothing about this person's work.
CLICHE_RE = re.compile(r"\b(fast[- ]paced|passion\w*|journey|thrive|overall|master at|synergy|dynamic|ever[- ]changing|rewarding|in today's|the student|the user|the professional|informational interview)\b", re.I)
FOLLOW_UP_WORDS = (3, 16)  # a follow-up shorter is a grunt; longer is a second question
FOLLOW_UP_OPEN_RE = re.compile(r"^(what|how|which|where|when|who|why|could you|would you|can you)\b", re.I)
THIRD_PERSON_RE = re.compile(r"\b(he|she|him|his|her|hers)\b|^\w+\s+(do|did|does|would|could|can|have|has|are|were)\s+they\b", re.I)
META_RE = re.compile(r"\b(questions?|answers?|ask|asking|asked|interview\w*|words?)\b", re.I)  # talk about the asking itself, not the work
REDUNDANT_STEMS = 2  # a follow-up sharing this many content words with its lead only says the lead again
# Verbs and nouns that carry no topic: a follow-up must name something concrete beyond them
# ("how do you manage your caseload?" after "how you cope with caseload" adds nothing).
FOLLOW_UP_FILLER = frozenset(stem(w) for w in """look looking manage managing handle handling deal dealing cope coping approach experience
    experiences thing stuff kind sort part lot process situation response get going feel feeling want need know help happen happened
    interest interests mean means meaning""".split())


FUNCTION_WORDS = set("""you your how what which the and for with that this does did have has are was were from not new into than them they their
    been had can may will its our out off all any how why who whom also just over like make made get got use used way""".split())


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry a text's topic: no function words, no career-generic words."""
    return frozenset(stem(w) for w in WORD_RE.findall(text) if len(w) >= 3 and w.lower() not in GENERIC_WORDS and w.lower() not in FUNCTION_WORDS)


def follow_up_problems(follow_up: str, lead: str, on_topic: frozenset[str]) -> list[str]:
    """Every reason a model's follow-up to the user's lead fails (empty list: it passes).

    on_topic: word stems of what the follow-up must stay on (the goal, the role's terms).
    """
    text = " ".join((follow_up or "").split())
    if not text:
        return ["empty"]
    reasons = []
    words = text.split()
    if not FOLLOW_UP_WORDS[0] <= len(words) <= FOLLOW_UP_WORDS[1]:
        reasons.append("too short" if len(words) < FOLLOW_UP_WORDS[0] else "too long")
    if not text.endswith("?") or text.count("?") != 1:
        reasons.append("not one question")
    if not FOLLOW_UP_OPEN_RE.match(text):
        reasons.append("not an open question")
    if not re.search(r"\byou(r|rs|rself)?\b", text, re.I):
        reasons.append("not addressed to them")
    if THIRD_PERSON_RE.search(text):
        reasons.append("speaks of them in the third person")
    if CLICHE_RE.search(text) or OUT_OF_CHARACTER_RE.search(text) or PLACEHOLDER_RE.search(text) or META_RE.search(text):
        reasons.append("filler or prompt words")
    if re.search(r"[:;]", text):
        reasons.append("not one question")
    words_said = [stem(w) for w in WORD_RE.findall(text) if len(w) >= 3 and w.lower() not in GENERIC_WORDS and w.lower() not in FUNCTION_WORDS]
    if len(words_said) != len(set(words_said)):
        reasons.append("repeats itself")
    stems = content_stems(text) - FOLLOW_UP_FILLER
    if not stems & on_topic:
        reasons.append("off the topic")
    lead_stems = content_stems(lead)
    if len(stems & lead_stems) >= REDUNDANT_STEMS or not stems - lead_stems:
        reasons.append("repeats the lead")
    return reasons


def why_ok(why: str, question: str) -> bool:
    why = (why or "").strip()
    words = why.split()
    return (WHY_MIN_WORDS <= len(words) <= WHY_MAX_WORDS and len(why) <= WHY_MAX_CHARS and "\n" not in why
            and not why.endswith("?") and not PLACEHOLDER_RE.search(why) and why.lower() != question.lower())
