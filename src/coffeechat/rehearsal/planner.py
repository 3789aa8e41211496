"""What the professional says next, decided in code: the answer to the intent asked (an
authored, first-person answer from the role's bank), then an insight when the question earns
one, then an acknowledgement of a second question or a question back to the user.

The planner never writes words itself: every part is authored text with the persona's facts
in its slots. The model may only add a checked bridge (rehearsal/voice.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from coffeechat.rehearsal.answers import AnswerBank, fill
from coffeechat.rehearsal.intents import INTENTS, Reading
from coffeechat.rehearsal.persona import Persona, curated
from coffeechat.text import article
from coffeechat.text import sentences as split_text

if TYPE_CHECKING:
    from coffeechat.rehearsal.state import RehearsalState

# MiniLM cosine between a question the intents do not cover (or a follow-up's topic) and the
# nearest authored answer above which that answer is given (tuning half of evals/answers: on-topic answers to
# unusual role questions sat at 0.35-0.6; unrelated answers under 0.3).
OTHER_ANSWER_MIN = 0.33
# A follow-up's topic this close (MiniLM cosine) to an answer already given was answered by it
# (probed: "climate" against the climate answer 0.53, against the next 0.17).
TOPIC_SAID_MIN = 0.45
# The professional asks the user about themselves after answering this many questions, once.
ASK_BACK_AFTER = 2
# Intents whose answer is advice: it fits the user's background when they have told it.
ADVICE_INTENTS = ("switching", "break_in", "differently", "skills")
# A specific question ("a twelve-hour shift where everything goes wrong") may fit another
# intent's answer better than its own intent's: that answer is taken when it is closer by
# more than this cosine (tuning half of evals/answers: 0.1-0.15 fixed misses, none broke).
INTENT_KEEP_MARGIN = 0.12
# Intents whose question can be a specific situation; the others are answered as asked.
OPEN_INTENTS = ("difficult_situation", "hardest", "typical_day", "mistake", "surprise", "enjoy", "skills", "changing")
# Answers that only fit their own question: the persona's one story, "who else", "I wish people asked".
ANY_EXCLUDED = ("path_in", "who_else", "wish_asked")


def sentences(text: str) -> list[str]:
    """The sentences of a reply (text.sentences: an abbreviation such as "Dr." is not an end)."""
    return [sentence for _, _, sentence in split_text(" ".join(text.split()))]


def sentence_key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


@dataclass
class ReplyPlan:
    """A reply, in parts: `opener` and `answer` first (shown at once), a model bridge may
    follow (when `bridge`), then `insight` and `extras`. `curated` replies are whole."""

    kind: str  # answer, follow_up, about_me, covered, redirect, curated
    question: str
    intent: str = ""
    opener: str = ""
    answer: str = ""
    answer_id: str = ""
    insight_id: str = ""
    insight: str = ""
    extras: list[str] = field(default_factory=list)
    bridge: bool = False
    asked_back: bool = False

    @property
    def head(self) -> str:
        return " ".join(p for p in (self.opener, self.answer) if p).strip()

    @property
    def tail(self) -> str:
        return " ".join(p for p in [self.insight, *self.extras] if p).strip()

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.head, self.tail) if p).strip()


class Planner:
    """Plans replies for one persona from its answer bank. `vectors(texts)` embeds texts
    (unit vectors), `state` is the session so far (read, never written)."""

    def __init__(self, persona: Persona, bank: AnswerBank, vectors):
        self.persona = persona
        self.bank = bank
        self.vectors = vectors
        self.data = curated()
        self.slots = {"org": persona.organisation, "years": persona.years, "city": persona.city or "the city", "role": persona.role.lower(), "role_article": article(persona.role)}

    # ------------------------------------------------------------ what has been said

    @staticmethod
    def used_answers(state: "RehearsalState") -> set[str]:
        return {t.meta["answer_id"] for t in state.turns if t.speaker == "professional" and t.meta.get("answer_id")}

    @staticmethod
    def said(state: "RehearsalState") -> set[str]:
        return {sentence_key(s) for t in state.turns if t.speaker == "professional" for s in sentences(t.text)}

    @staticmethod
    def background(state: "RehearsalState") -> str:
        for turn in reversed(state.turns):
            if turn.speaker == "user" and turn.meta.get("background"):
                return turn.meta["background"]
        return state.background

    def fill(self, text: str) -> str:
        return fill(text, **self.slots)

    def fresh(self, text: str, said: set[str]) -> bool:
        """True when no sentence of `text` has been said in this session."""
        return not any(sentence_key(s) in said for s in sentences(text))

    # ------------------------------------------------------------ choosing an answer

    def candidates(self, intent: str, state: "RehearsalState") -> list[tuple[str, str]]:
        """(answer_id, text) not yet given, for an intent: the persona's own story for
        path_in; background-specific advice first for advice intents."""
        used, said = self.used_answers(state), self.said(state)
        if intent == "path_in":
            found = [("path_in:own", self.persona.career_path)]
        else:
            found = [(f"{intent}:{i}", self.fill(v)) for i, v in enumerate(self.bank.variants(intent))]
        key = self.background(state)
        if intent in ADVICE_INTENTS and key in self.bank.switch_from:
            found.insert(0, (f"switch:{key}", self.fill(self.bank.switch_from[key])))
        return [(i, t) for i, t in found if i not in used and self.fresh(t, said)]

    def nearest(self, question: str, options: list[tuple[str, str]]) -> tuple[tuple[str, str], float] | None:
        if not options:
            return None
        scores = self.vectors([t for _, t in options]) @ self.vectors([question])[0]
        best = int(np.argmax(scores))
        return options[best], float(scores[best])

    def any_answer(self, question: str, state: "RehearsalState", exclude: tuple[str, ...] = ANY_EXCLUDED) -> tuple[tuple[str, str], float] | None:
        """The nearest unused answer of any intent: for follow-ups and unusual questions."""
        options = [c for intent in INTENTS if intent not in exclude for c in self.candidates(intent, state)]
        return self.nearest(question, options)

    def follow_up_answer(self, topic: str, text: str, state: "RehearsalState") -> tuple[str, str] | None:
        """More on what they pointed back to: None when the answer closest to the topic has
        already been given (we have said what we know), else the nearest unused answer."""
        if topic and re.search(r"[a-z]{4,}", topic.lower().replace("that", "")):
            every = [(f"{i}:{n}", self.fill(v)) for i in INTENTS if i not in ANY_EXCLUDED for n, v in enumerate(self.bank.variants(i))]
            best = self.nearest(topic, every)
            if best and best[1] >= TOPIC_SAID_MIN and best[0][0] in self.used_answers(state):
                return None
        found = self.any_answer(f"{topic} {text}".strip(), state)
        return found[0] if found and found[1] >= OTHER_ANSWER_MIN else None

    # ------------------------------------------------------------ the plan

    def opener(self, family: str, state: "RehearsalState") -> str:
        """A curated opener that fits the question, rotating, never the previous one;
        every other reply has none, so answers do not all start alike."""
        replies = [t for t in state.turns if t.speaker == "professional"]
        if len(replies) % 2:
            return ""
        said = self.said(state)
        options = [c for c in self.data["openers"][family] if sentence_key(c) not in said]
        return options[len(replies) // 2 % len(options)] if options else ""

    def plan(self, text: str, read: Reading, state: "RehearsalState", earned=None) -> ReplyPlan:
        """The reply to `text`. `earned` is the insight the question earns, if any."""
        fills = {"role": self.persona.role.lower(), "role_article": article(self.persona.role), "name": self.persona.name, "title": self.persona.title, "organisation": self.persona.organisation, "minutes": self.persona.minutes}
        data = self.data
        if read.kind == "job_request":
            lowered = text.lower()
            key = "decline_referral" if re.search(r"\b(refer|referral|good word|vouch)", lowered) else "decline_resume" if re.search(r"r[ée]sum[ée]|\bcv\b", lowered) else "decline_job"
            return ReplyPlan("curated", text, intent="job_request", answer=data[key].strip())
        if read.kind == "meta":
            return ReplyPlan("curated", text, answer=data["stay_in_character"].format(**fills).strip())
        if read.kind == "gibberish":
            return ReplyPlan("curated", text, answer=data["not_understood"].format(**fills).strip())
        opening = not any(t.speaker == "professional" for t in state.turns)  # the user's turn is saved first
        if read.kind == "greeting" or (read.kind == "thanks" and opening):
            return ReplyPlan("curated", text, answer=data["greeting"].format(**fills).strip())
        if read.kind in ("thanks", "goodbye"):
            return ReplyPlan("curated", text, answer=data["thanks_reply"].strip())
        if read.kind == "about_me":
            return self._about_me(text, read, state)
        if read.kind == "statement":
            return ReplyPlan("curated", text, answer=self._fresh_line("statement_reply", state, **fills))
        return self._question(text, read, state, earned)

    def _about_me(self, text: str, read: Reading, state: "RehearsalState") -> ReplyPlan:
        key = read.background
        ack = self.data["background_ack"].get(key, self.data["background_ack"]["default"])
        used = self.used_answers(state)
        advice = self.bank.switch_from.get(key)
        if advice and f"switch:{key}" not in used:
            return ReplyPlan("about_me", text, intent="switching", answer=f"{ack} {self.fill(advice)}", answer_id=f"switch:{key}")
        found = self.candidates("switching", state)
        if found:
            answer_id, body = found[0]
            return ReplyPlan("about_me", text, intent="switching", answer=f"{ack} {body}", answer_id=answer_id)
        return ReplyPlan("about_me", text, intent="switching", answer=f"{ack} {self._fresh_line('statement_reply', state, role=self.slots['role'], role_article=self.slots['role_article'])}")

    def _question(self, text: str, read: Reading, state: "RehearsalState", earned) -> ReplyPlan:
        intent = read.intent
        signals = read.signals
        plan = ReplyPlan("answer", text, intent=intent)
        chosen = None
        if intent in INTENTS:
            found = self.nearest(text, self.candidates(intent, state))
            chosen = found[0] if found else None
            if intent in OPEN_INTENTS and read.scores:  # read by similarity, not decided by a pattern
                other = self.any_answer(text, state, exclude=ANY_EXCLUDED + (intent,))
                if other and (not found or other[1] > found[1] + INTENT_KEEP_MARGIN):
                    chosen = other[0]  # a specific question another answer fits far better
            plan.opener = self.opener(self.data["intent_family"].get(intent, "opinion"), state)
            if chosen is None:
                plan.kind = "covered"
        elif intent == "follow_up":
            chosen = self.follow_up_answer(read.topic, text, state)
            plan.kind, plan.opener = "follow_up", self.opener("follow_up", state)
        else:
            found = self.any_answer(text, state)
            if found and found[1] >= OTHER_ANSWER_MIN:
                chosen = found[0]
                plan.opener = self.opener("opinion", state)
            else:
                plan.kind = "redirect"
        if chosen:
            plan.answer_id, plan.answer = chosen
            plan.answer = self._shorten(plan.answer)
            plan.bridge = True
        elif plan.kind == "covered":
            plan.answer = self._covered(state)
        elif plan.kind == "follow_up":  # nothing more of ours on that topic: say so honestly
            plan.kind, plan.opener = "covered", ""
            plan.answer = self._covered(state)
        elif plan.kind == "redirect":
            plan.answer = self._covered(state, key="redirect")
        if signals is not None and signals.googleable:
            plan.opener = self.data["googleable"].strip()
        if earned is not None:
            insight, lead = earned
            plan.insight_id = insight.id
            plan.insight = f"{lead} {insight.label[0].lower()}{insight.label[1:]}. {insight.text}".strip()
        said = self.said(state)
        if read.second and self.fresh(self.data["acknowledge_second"], said):
            plan.extras.append(self.data["acknowledge_second"])
        if self._ask_back_due(state):
            plan.extras.append(self.data["ask_back"])
            plan.asked_back = True
        if plan.opener and not self.fresh(plan.opener, said):
            plan.opener = ""
        return plan

    def _shorten(self, answer: str) -> str:
        """The persona's style sets how much of an answer it gives (a busy person, two sentences)."""
        limit = self.data["styles"][self.persona.style]["sentences"]
        parts = sentences(answer)
        return " ".join(parts[: max(limit, 2)]) if len(parts) > limit else answer

    def _covered(self, state: "RehearsalState", key: str = "covered") -> str:
        """Nothing new to say on this: say so in a sentence not said before, offering a
        topic not yet talked about."""
        asked = {t.meta.get("intent") for t in state.turns if t.speaker == "user"}
        offers = self.data["offer_topics"]
        topics = [offers[i] for i in INTENTS if i in offers and i not in asked and self.candidates(i, state)] or list(offers.values())
        return self._first_fresh([line.format(topic=topic) for topic in topics for line in self.data[key]], state)

    def _fresh_line(self, key: str, state: "RehearsalState", **fills) -> str:
        """The first of a curated line's variants not said yet in the session."""
        return self._first_fresh([line.format(**fills).strip() for line in self.data[key]], state)

    def _first_fresh(self, lines: list[str], state: "RehearsalState") -> str:
        """The first line none of whose sentences has been said; the first when all have."""
        said = self.said(state)
        return next((line for line in lines if self.fresh(line, said)), lines[0])

    def _ask_back_due(self, state: "RehearsalState") -> bool:
        if self.persona.style == "busy" or self.background(state):
            return False
        if any(t.meta.get("asked_back") for t in state.turns if t.speaker == "professional"):
            return False
        answered = sum(1 for t in state.turns if t.speaker == "professional" and t.meta.get("answer_id"))
        return answered + 1 >= ASK_BACK_AFTER

