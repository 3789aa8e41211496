"""What a rehearsal message asks: one intent per question, read by patterns first and by
similarity to example phrasings (curated/intents.yaml) second.

The intents are the questions people really ask in informational interviews; each has
first-person answers in every role's answer bank (knowledge/README.md, "Answer banks").
A message with two questions is answered on its main one; the other is acknowledged.
The user's own background ("I'm a teacher") is read here too, so advice can fit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import yaml

from coffeechat.rehearsal import reading

INTENTS = (
    "path_in", "typical_day", "surprise", "hardest", "enjoy", "difficult_situation", "mistake", "skills",
    "changing", "switching", "break_in", "resources", "balance", "differently", "who_else", "wish_asked",
)

# MiniLM cosine between a question and its nearest example phrasing above which the example's
# intent is taken (chosen on the tuning half of evals/answers: the examples' own paraphrases
# sit at 0.6-0.9, unrelated role questions at 0.2-0.45).
INTENT_MIN = 0.52

# Patterns that decide an intent outright, most specific first: the first that matches wins.
INTENT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("wish_asked", r"\b(wish (people|more people|someone|folks|students|they) (would )?(ask|asked)|haven'?t i asked|should i have asked|(didn'?t|did not|don'?t|never|rarely) (think to )?ask\b|question .{0,30}\b(nobody|no one|people don'?t|rarely|never)\b.{0,15}ask)"),
    ("who_else", r"\b(who else|anyone else|someone else|other people|others) (i|should|could|would|to|worth|you)\b|\b(who|what kind of people|which people) (should|could|would) i (talk|speak|reach|meet|contact)\b|\bworth (talking|speaking|reaching out) to\b|\btalk to next\b"),
    ("differently", r"\b(do|done|have done) (anything |it |things )?differently\b|\bstart(ing|ed)? (out |over )?(again|over|today|now)\b|\bif you could (go back|start|redo|change)|\bgo back in time\b|\byounger self\b|\bin hindsight\b|\blooking back\b|\bdo-?over\b"),
    ("mistake", r"\bmistakes?\b|\b(got|get|gotten|went|go) (something |it )?wrong\b|\bthe hard way\b|\bregret\b|\bfail(ure|ed)\b.{0,40}\blearn"),
    ("switching", r"\b(switch(ing|ed)?|transition(ing)?|pivot(ing)?|chang(e|ing) careers?|career[- ]chang(e|er|ers|ing)|coming (in )?from|mov(e|ing) (over )?(in)?to (this|the) field|later in life|second career)\b"),
    ("break_in", r"\b(break(ing)? in(to)?|foot in the door|get (my |a |your )?(start|first (job|role|position))|entry[- ]level|first (step|month|90 days|year on the job)|get started|getting started|how (do|would|should|can|could) (i|someone|a beginner|a student|people) (start|begin|get (in|into|started))|what should (i|someone) do first)\b"),
    ("resources", r"\b(resources?|books?|podcasts?|newsletters?|publications?|blogs?|websites?|journals?|associations?|conferences?|courses?|certificates? programs?|communit(y|ies)|meetups?)\b.{0,60}\b(recommend|suggest|read|follow|use|join|helped|helpful|useful|worth|point)\b|\b(what|which) (do|should) (you|i) (read|follow|listen to)\b|\bwhere (do|should) (you|i|people) (go to )?(learn|keep learning|stay current|keep up)\b"),
    ("balance", r"\b(hours|work[- ]life|balance|burn ?out|burning out|stress(ful)?|pressure|on[- ]call|overtime|weekends?|evenings?|night shifts?|schedule|family life|time off|vacation|keep going|fit .{0,30}\baround)\b"),
    ("surprise", r"\bsurpris(e|ed|ing)\b|\b(didn'?t|did not|never) expect\b|\bcaught you off guard\b|\bwhat (did|do) (people|outsiders|most people) get wrong\b|\bdifferent (from|than) (what )?you (expected|thought|imagined)\b"),
    ("hardest", r"\b(hardest|toughest|most (difficult|challenging|frustrating|draining)|biggest challenges?|least favou?rite|downsides?|worst part|drawbacks?|what do you (dislike|hate|find hard))\b"),
    ("enjoy", r"\b(enjoy|love (most|about)|like (best|most)|favou?rite (part|thing)|most (rewarding|satisfying|fulfilling)|best part|keeps you (going|in|here|motivated)|motivates you)\b"),
    ("difficult_situation", r"\bhow (do|would|did) you (handle|deal with|manage|respond to|cope with|navigate|approach|calm)\b|\bwhat (do|did|would) you do (when|if)\b|\bwhat happens when\b|\b(tell me about|describe) a (time|situation|moment|day)\b|\bwhen .{0,60}\b(goes wrong|went wrong|turns (hostile|ugly|bad)|push(es)? back|flops|falls apart|blows up|gets (angry|upset|heated))\b"),
    ("typical_day", r"\b(typical|normal|average|usual|ordinary|regular) (day|week|shift|month)\b|\bday[- ]to[- ]day\b|\b(walk|talk) me through (a|your) (day|week|shift|morning)\b|\b(day|week|shift|morning)s? (look|looks) like\b|\bwhat do you (actually )?do (all day|each day|every day|at work)\b|\bwhere does (most of )?your time go\b|\bmost of your time\b|\b(day|shift|week) on (the|a) (job|site|ward|floor|unit)\b"),
    ("changing", r"\b(chang(e|es|ing)|trends?|future|next (few|five|ten|couple of) years|evolv(e|ing)|shift(ing)?|headed|heading|ai|automation|artificial intelligence)\b"),
    ("skills", r"\b(skills?|qualit(y|ies)|traits?|strengths?|what (makes|separates) (someone|a|the|people)|what does it take|good at (this|the job|it))\b"),
    ("path_in", r"\bhow did you (get|end up|start|become|break|come|find your way|land|wind up|decide|choose|go into|get into|first get)\b|\bhow you (got|ended up|started|became|came|broke|found your way|landed)\b|\byour (start|first break)\b|\byour (background|path|journey|career path|story|route)\b|\bwhat (led|brought|drew|got|made) you\b|\bwhy did you (choose|become|go into|pick|decide|get into)\b|\bhow long have you been\b|\bwhat did you do before\b"),
    # Advice for the asker as they are: someone switching in (the planner puts the advice for
    # their background first when it knows it), after every other intent so "how would someone
    # like me get started" or "what skills would someone like me need" keep theirs.
    ("switching", r"\b(someone|somebody|a person|people|anyone) (like me|in my (position|shoes|situation))\b|\b(in my (position|shoes|situation)|given my background|with my background)\b|\b(any|your|some) advice (for|to) me\b|\bwhat (would|do) you (advise|suggest|recommend)( for)? me\b"),
)

# The user's own background, read from first-person statements ("I'm a teacher", "I work in
# retail"), keyed as in the answer banks' `switch_from`.
SELF_FRAME = r"\b(i'?m|i am|i work(ed)?|i'?ve been|i was|i served|i spent|i'?ve spent|i did|currently|my background is|my background'?s|coming from|i studied|i'?m studying|as an?|my job is|my degree is)\b"
BACKGROUND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("teacher", r"\b(teach(er|ing)?|educator|classroom|tutor(ing)?|professor|lecturer)\b"),
    ("student", r"\b(student|studying|in college|at university|undergrad(uate)?|grad school|majoring|my major|senior year|junior year|sophomore|freshman|just graduated|recent grad(uate)?|high school)\b"),
    ("software", r"\b(software|developer|programmer|coder|coding|web dev|it support|tech support|data analyst|in tech)\b"),
    ("engineer", r"\b(engineer(ing)?)\b"),
    ("healthcare", r"\b(nurse|nursing|medical|hospital|clinic(al)?|emt|pharmac\w*|caregiver|health ?care|physician|therapist)\b"),
    ("military", r"\b(military|army|navy|air force|marines?|veteran|served|deployed)\b"),
    ("service", r"\b(retail|restaurant|server|waiter|waitress|barista|bartend\w*|cashier|hospitality|hotel|customer service|store)\b"),
    ("business", r"\b(sales|marketing|finance|accounting|accountant|bank(ing)?|consult(ant|ing)|business|admin(istrative)?|office manager|operations|recruit(er|ing)|human resources)\b"),
    ("arts", r"\b(artist|musician|graphic designer|designer|writer|journalist|actor|photograph\w*|film|media|the arts)\b"),
    ("science", r"\b(scien\w+|lab(oratory)?|research(er)?|biolog\w*|chemist\w*|physic\w*)\b"),
    ("trades", r"\b(electrician|plumber|carpenter|construction|mechanic|welder|the trades|trade school|hvac)\b"),
    ("law_government", r"\b(lawyer|attorney|paralegal|legal|government|public sector|policy|city hall|civil serv\w*)\b"),
    ("social", r"\b(non-?profit|social work(er)?|counsel(l)?or|counsel(l)?ing|case manager|community work(er)?|youth work(er)?)\b"),
)
SELF_SPAN_WORDS = 8  # words after "I'm a ..." that can name a background
# A self-description in words no background key covers: still about the user, answered generally.
SELF_DESCRIPTION = r"\b(i'?m|i am) (a|an|currently|now|retired|working)\b|\bi work (as|in|at|for)\b|\bi'?ve been (a|an|working)\b|\bmy (background|job|career) (is|was|has been)\b"
GENERAL_BACKGROUND = "general"


@dataclass
class Reading:
    """What code reads from one message: its kind, the main question's intent, a second
    question to acknowledge, a follow-up's topic, and the user's background if told."""

    kind: str
    intent: str = ""  # an INTENTS key, "follow_up" or "other" for questions; "" otherwise
    signals: reading.TurnSignals | None = None
    second: str = ""
    topic: str = ""
    background: str = ""
    scores: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def examples() -> dict[str, list[str]]:
    path = Path(__file__).resolve().parents[1] / "curated" / "intents.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def pattern_intent(question: str) -> str:
    """The intent a pattern decides for one question, or ''."""
    for intent, pattern in INTENT_PATTERNS:
        if re.search(pattern, question, re.I):
            return intent
    return ""


def background_of(text: str) -> str:
    """The background key the user gives for themselves ('I'm a nurse...'), GENERAL_BACKGROUND
    when they describe themselves in words no key covers ('I'm a retired firefighter'), or ''."""
    for frame in re.finditer(SELF_FRAME, text, re.I):
        span = " ".join(text[frame.end():].split()[:SELF_SPAN_WORDS])
        for key, pattern in BACKGROUND_PATTERNS:
            if re.search(pattern, span, re.I):
                return key
    return GENERAL_BACKGROUND if re.search(SELF_DESCRIPTION, text, re.I) else ""


def split_questions(text: str) -> list[str]:
    """The questions in a message, in order (a message without '?' is one question)."""
    parts = [p.strip() for p in re.findall(r"[^?]+\?", text)]
    parts = [re.sub(r"^.*?[.!]\s+(?=\S)", "", p) if len(p.split()) > 3 else p for p in parts]
    return [p for p in parts if len(p.split()) >= 2] or [text.strip()]


def follow_up_topic(text: str) -> str:
    """What a follow-up points back to: the words after 'you mentioned' and the like."""
    match = re.search(r"\byou (mentioned|said|talked about|brought up|described|spoke about)\s+(.{3,60}?)(?:[,.;?]|\s+(?:and|but|so|could|can|what|how|why)\b|$)", text, re.I)
    if match:
        return match.group(2).strip()
    match = re.search(r"\b(more about|expand on|say more about|going back to)\s+(.{3,50}?)(?:[,.;?]|$)", text, re.I)
    return match.group(2).strip() if match else ""


class IntentReader:
    """Reads messages; `similarity(texts, query) -> np.ndarray` compares by embeddings."""

    def __init__(self, vectors: Callable[[list[str]], np.ndarray]):
        self.vectors = vectors
        data = examples()
        self._labels = [intent for intent in INTENTS for _ in data[intent]]
        self._examples = [text for intent in INTENTS for text in data[intent]]

    def example_scores(self, question: str) -> dict[str, float]:
        """Each intent's best cosine between the question and its example phrasings."""
        matrix = self.vectors(self._examples)
        query = self.vectors([question])[0]
        scores: dict[str, float] = {}
        for label, score in zip(self._labels, matrix @ query):
            scores[label] = max(scores.get(label, -1.0), float(score))
        return scores

    def intent_of(self, question: str) -> tuple[str, float, dict]:
        """(intent, confidence, scores) for one question: a pattern decides with confidence
        1; otherwise the nearest example phrasing, if close enough; else 'other'."""
        decided = pattern_intent(question)
        if decided:
            return decided, 1.0, {}
        scores = self.example_scores(question)
        best = max(scores, key=scores.get)
        return (best, scores[best], scores) if scores[best] >= INTENT_MIN else ("other", scores[best], scores)

    def read(self, text: str, previous_reply: str = "", similarity_to_previous: float | None = None) -> Reading:
        signals = reading.read_turn(text, previous_reply, similarity_to_previous)
        background = background_of(text)
        if signals.kind != "question":
            kind = "about_me" if signals.kind == "statement" and background else signals.kind
            return Reading(kind=kind, signals=signals, background=background)
        questions = split_questions(text)
        judged = [(q, *self.intent_of(q)) for q in questions]
        main = max(judged, key=lambda j: (j[2], -judged.index(j)))
        second = next((q for q, intent, _, _ in judged if q != main[0] and intent != main[1]), "")
        intent = main[1]
        topic = follow_up_topic(text) if signals.follow_up else ""
        if signals.follow_up and (intent == "other" or (main[2] < 1.0 and topic)):
            intent = "follow_up"
        return Reading(kind="question", intent=intent, signals=signals, second=second, topic=topic, background=background, scores=main[3])
