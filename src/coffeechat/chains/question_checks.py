"""What makes a question good, decided in code: open, not answerable by a web search, one
question, specific to the role, free of placeholders and job requests."""

from __future__ import annotations

import re

MIN_WORDS, MAX_WORDS, MAX_CHARS = 6, 40, 280


_CLOSED_START = re.compile(r"^(is|are|am|was|were|do|does|did|can|could|will|would|have|has|had|should|shall|may|might|must|any|isn't|aren't|don't|doesn't|didn't)\b", re.I)
_OPEN_START = re.compile(
    r"^(what|how|why|which|where|who|whose|in what|to what extent|tell me|walk me through|talk me through|describe|"
    r"(could|would|can|will) you (please )?(tell|walk|talk|describe|share|explain|say more))\b",
    re.I,
)
_LEAD_IN = re.compile(r"^(if|looking|thinking|given|since|as|in|at|from|for|when|after|before|having|with|outside|beyond|compared|on|during|now that|once|beyond|over|across|besides|today)\b[^,?]{0,160},\s*", re.I)
GOOGLEABLE = {
    "pay": re.compile(r"\b(salar(y|ies)|wages?|pay ?scale|how much (do|does|did|can|could|will|would) (you|they|one|someone|i|a|an|people)\b.*\b(make|earn|paid|charge)|compensation|paycheck|hourly rate)\b", re.I),
    "acronym": re.compile(r"\b(stands? for|abbreviations?|acronyms?|what (does|do) (the )?(acronym|abbreviation|letters?)|what does [\w\-/&.]+ mean|meaning of (the )?(acronym|term))\b", re.I),
    "definition": re.compile(r"^(what|who) (is|are) (a|an) [\w\-]+( [\w\-]+){0,2}\?$|\bdefinition of\b", re.I),
    "company facts": re.compile(r"\bwhat (does|do) (your|the|this) (company|firm|organi[sz]ation|agency|hospital|business|employer) do\b|\b(founded|headquartered|located)\b|\bhow big is (your|the)\b", re.I),
    "counts": re.compile(r"^how many\b|\bhow many (employees|people work|staff|offices|locations|branches)\b", re.I),
    "tenure": re.compile(r"\bhow long have you (been|worked)\b", re.I),
    "requirements": re.compile(r"\bwhat (qualifications|degrees?|certifications?|licen[cs]es?|education) (do|does|did|is|are) (i|you|one|someone|a person|people) (need|required)|\bwhat are the (requirements|responsibilities|duties) of\b|\bjob description\b", re.I),
    "outlook": re.compile(r"\b(is|are) (your|the|this) ([\w\-]+ )?(industry|field|sector|market) growing\b|\bjob outlook\b", re.I),
}
_JOB_ASK = re.compile(r"\b(hire me|any (job )?openings?|open (positions|roles|jobs)|refer me|a referral|job offer|give me a job|hiring right now|get me (a job|an interview))\b", re.I)
_PLACEHOLDER = re.compile(r"[\[\]{}<>]|\b(lorem|ipsum|todo|tbd|placeholder|insert \w+|your name|company name|xyz)\b|\bX\b", re.I)
_OUT_OF_CHARACTER = re.compile(r"\b(as an ai|language model|i cannot|i can't help|json|the student)\b", re.I)  # "the student": the prompt leaking
_WORD = re.compile(r"[a-z0-9][a-z0-9+#\-]*", re.I)
_GENERIC_WORDS = set(
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


def _stem(word: str) -> str:
    word = word.lower().strip("-")
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _mask(text: str, role: str) -> str:
    """The text with the role's own name replaced, so a role name cannot trip a check."""
    return re.sub(re.escape(role), "ROLE", text, flags=re.I) if role else text


def question_sentence(text: str) -> str:
    """The part of a question that asks: its last sentence, without a leading clause."""
    text = text.strip()
    parts = re.split(r"(?<=[.!:;])\s+(?=[A-Z])", text)
    sentence = parts[-1] if parts else text
    for _ in range(3):
        stripped = _LEAD_IN.sub("", sentence, count=1)
        if stripped == sentence:
            break
        sentence = stripped
    return sentence.strip()


def is_open(text: str) -> bool:
    """Open-ended: the asking sentence starts with an open opener, not a yes/no auxiliary."""
    sentence = question_sentence(text)
    if _OPEN_START.match(sentence):
        return True
    return False


def googleable_reasons(text: str, role: str = "") -> list[str]:
    """Which web-searchable patterns the question matches (salary, acronyms, company facts...)."""
    masked = _mask(text, role)
    sentence = question_sentence(masked)
    return [name for name, pattern in GOOGLEABLE.items() if pattern.search(masked) or pattern.search(sentence)]


def text_problems(text: str, role: str = "", terms: frozenset[str] = frozenset()) -> list[str]:
    """Every reason a single question fails, from its text alone (empty list: it passes).

    terms: role-specific word stems; when given, the question must contain one of them.
    """
    text = (text or "").strip()
    if not text:
        return ["empty"]
    masked = _mask(text, role)
    reasons = []
    words = masked.split()
    if len(words) < MIN_WORDS:
        reasons.append("too short")
    if len(words) > MAX_WORDS or len(masked) > MAX_CHARS or "\n" in text:
        reasons.append("too long")
    if not text.endswith("?"):
        reasons.append("does not end with a question mark")
    if text.count("?") > 2:
        reasons.append("several questions in one")
    if not is_open(text):
        reasons.append("closed (yes/no) question")
    for name in googleable_reasons(text, role):
        reasons.append(f"googleable ({name})")
    if _JOB_ASK.search(masked):
        reasons.append("asks for a job or referral")
    if _PLACEHOLDER.search(masked):
        reasons.append("placeholder text")
    if _OUT_OF_CHARACTER.search(masked):
        reasons.append("out of character")
    if terms and not (role and role.lower() in text.lower()) and not (terms & word_stems(text)):
        reasons.append("names nothing specific to the role")
    return reasons


def word_stems(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(text))


def why_ok(why: str, question: str) -> bool:
    why = (why or "").strip()
    words = why.split()
    return 3 <= len(words) <= 35 and len(why) <= 200 and "\n" not in why and not why.endswith("?") and not _PLACEHOLDER.search(why) and why.lower() != question.lower()
