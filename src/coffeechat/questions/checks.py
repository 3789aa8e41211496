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


def why_ok(why: str, question: str) -> bool:
    why = (why or "").strip()
    words = why.split()
    return (WHY_MIN_WORDS <= len(words) <= WHY_MAX_WORDS and len(why) <= WHY_MAX_CHARS and "\n" not in why
            and not why.endswith("?") and not PLACEHOLDER_RE.search(why) and why.lower() != question.lower())
