"""The checks model-written text passes before a rehearsal shows it.

A `ReplyChecker` holds the persona and the session's vectors (composition, not a mixin) and
judges a bridge (embedded model) or each sentence of a free answer (a capable provider):
first person, no third person, no banned phrase, no invented numbers, years or names, close
in meaning to the authored answer it stands beside, and never a sentence already said.
"""

from __future__ import annotations

import re

from coffeechat.guards import repeats
from coffeechat.rehearsal.persona import Persona
from coffeechat.rehearsal.reading import content_words

BANNED = [
    r"\bas an ai\b", r"\blanguage model\b", r"\b(ai|virtual) assistant\b", r"\bi am an? (ai|assistant|bot)\b",
    r"\bthe (user|visitor|interviewer)\b", r"\b(my|the) notes\b", r"\b(the|this|given|provided) material (says|mentions|states|provided|given)\b", r"\b(from|in) the (given |provided )?material\b", r"\baccording to (the|my) (material|notes|instructions)\b", r"\binstructions?\b", r"\bprompt\b",
    r"\bi('ll| will| can| could) (refer|recommend) you\b", r"\bsend me your (r[ée]sum[ée]|cv)\b", r"\bi('ll| will| can) (get|find) you (a|an) (job|position|role|internship)\b",
    r"\b(process|submit|forward) your application\b", r"\bhire you\b", r"\bi('ll| will) pass (on )?your\b",
    r"\bwhat can i do for you\b", r"\bhow can i (help|assist) you\b",
    r"\b(i )?hope (this|that) helps\b", r"\bfeel free\b", r"\blet me know if\b", r"\bmy answer\b", r"\bthis answer\b", r"\b(link|tie|connect)s? (my|this|the) answer\b",
]
THIRD_PERSON_START = r"^\s*(she|he|they|the professional|as (a|an) )\b"
FIRST_PERSON = r"\b(i|i'm|i've|i'd|i'll|my|me|we|our|us)\b"
SPEAKS_TO_THEM = FIRST_PERSON[:-3] + r"|you|your)\b"  # a bridge may address them instead
STOP_NAMES = {"Not", "So", "Glad", "Happy", "Sure", "Really", "Still", "Always", "Currently", "Honestly", "Just", "Also"}

BRIDGE_MIN_WORDS = 5
BRIDGE_MAX_WORDS = 30  # one spoken sentence; longer and it competes with the answer
# MiniLM cosine a bridge keeps with the authored answer it follows (a bridge that drifts from
# the answer is the small model's own topic; probed on SmolLM2 bridges: on-point 0.45-0.75).
BRIDGE_ANSWER_MIN = 0.45
# A bridge sharing more than this share of its content words with the answer only restates it.
BRIDGE_OVERLAP_MAX = 0.7
# MiniLM cosine a free answer's sentence keeps with the question or the authored answer.
SENTENCE_ON_TOPIC_MIN = 0.3
FREE_MAX_WORDS = 120


class ReplyChecker:
    """Judges model text for one persona; `vectors(texts)` returns unit vectors."""

    def __init__(self, persona: Persona, vectors):
        self.persona = persona
        self.vectors = vectors

    def sim(self, a: str, b: str) -> float:
        va, vb = self.vectors([a, b])
        return float(va @ vb)

    def voice_problems(self, text: str) -> list[str]:
        persona = self.persona
        problems = []
        if re.match(THIRD_PERSON_START, text, re.I) or re.search(rf"\b{re.escape(persona.first_name)} (is|was|has|works|said)\b", text):
            problems.append("third person")
        if any(re.search(p, text, re.I) for p in BANNED):
            problems.append("banned phrase")
        if persona.first_name.lower() in text.lower() or '"' in text:
            problems.append("speaks about itself or quotes")
        return problems

    def fact_problems(self, text: str, reference: str) -> list[str]:
        persona = self.persona
        problems = []
        allowed = set(re.findall(r"\d+", reference)) | {str(persona.years), str(persona.minutes)}
        if set(re.findall(r"\d+", text)) - allowed:
            problems.append("invented numbers")
        named = re.search(r"\b(my name is|i'm|i am) ([A-Z][a-z]+)\b", text)
        if named and named.group(2) != persona.first_name and named.group(2) not in STOP_NAMES and named.group(2).lower() not in reference.lower():
            problems.append("another name")
        capitalised = {w for sentence in re.split(r"(?<=[.!?])\s+", text) for w in re.findall(r"\b[A-Z][a-z]{2,}\b", sentence.split(" ", 1)[-1] if " " in sentence else "")} - STOP_NAMES
        known = set(re.findall(r"\b[A-Z][a-z]{2,}\b", f"{reference} {persona.organisation} {persona.title} {persona.city} {persona.role}"))
        if capitalised - known - {"I"}:
            problems.append("names something new")
        return problems

    def bridge_problems(self, bridge: str, answer: str, question: str, said: set[str]) -> list[str]:
        """Problems with a one-sentence bridge the model wrote to follow `answer`."""
        words = bridge.split()
        problems = self.voice_problems(bridge) + self.fact_problems(bridge, f"{answer} {question}")
        if not BRIDGE_MIN_WORDS <= len(words) <= BRIDGE_MAX_WORDS:
            problems.append("length")
        if not re.search(SPEAKS_TO_THEM, bridge, re.I):
            problems.append("not first or second person")
        if len(re.findall(r"[.!?]", bridge.rstrip(".!?"))) > 0 or "?" in bridge:
            problems.append("not one statement")
        if repeats(f"{answer} {bridge}") or re.sub(r"[^a-z0-9 ]", "", bridge.lower()).strip() in said:
            problems.append("repeats")
        mine = content_words(bridge)
        if mine and len(mine & content_words(answer)) / len(mine) > BRIDGE_OVERLAP_MAX:
            problems.append("restates the answer")
        if not problems and self.sim(bridge, answer) < BRIDGE_ANSWER_MIN:
            problems.append("drifts from the answer")
        return problems

    def sentence_problems(self, sentence: str, so_far: str, answer: str, question: str, said: set[str]) -> list[str]:
        """Problems with one sentence of a free answer (a capable provider's), given what
        was already shown of it."""
        problems = self.voice_problems(sentence) + self.fact_problems(sentence, f"{answer} {question}")
        if len(f"{so_far} {sentence}".split()) > FREE_MAX_WORDS:
            problems.append("too long")
        if repeats(f"{so_far} {sentence}") or re.sub(r"[^a-z0-9 ]", "", sentence.lower()).strip() in said:
            problems.append("repeats")
        if not so_far and not re.search(FIRST_PERSON, sentence, re.I):
            problems.append("not first person")
        if not problems and max(self.sim(sentence, answer), self.sim(sentence, question)) < SENTENCE_ON_TOPIC_MIN:
            problems.append("off topic")
        return problems
