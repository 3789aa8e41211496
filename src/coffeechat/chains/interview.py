"""A rehearsal: the simulated professional's turns, grounded in code and voiced by the model.

Each turn, code reads the user's message (chains.tracking), picks the material (an earned
insight, the most relevant passage of the role's profile, a persona fact, or a curated
reply for a job request, a meta question or gibberish), and the model only restates that
material as the persona, briefly. Code then checks the reply (first person, length, on
topic, no banned phrases, consistent facts) and regenerates a bounded number of times; the
last resort is a templated first-person answer from the same material. The checks, the
repairs and the template live in chains/reply_checks.py.

The system prompt is the persona card alone and never changes within a session, so the
embedded server's prompt cache holds it from the second turn on (and `warm()` fills it
while the user reads the persona card).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, Iterator

import numpy as np
from pydantic import BaseModel, Field

from coffeechat import limits, prompts
from coffeechat import notes as sessions
from coffeechat.chains import tracking
from coffeechat.guards import repeats
from coffeechat.chains.reply_checks import (  # noqa: F401  (BANNED and the thresholds are re-exported for evals and tests)
    BANNED,
    INSIGHT_CONVEYED_MIN,
    MAX_WORDS,
    ON_TOPIC_MIN,
    SENTENCE_ON_MATERIAL_MIN,
    THIRD_PERSON_START,
    ReplyChecks,
    ReplyPlan,
)
from coffeechat.chains.persona import Persona, article, build_persona, curated
from coffeechat.config import Settings, get_settings
from coffeechat.errors import InputError

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = limits.REHEARSAL_MESSAGE_CHARS
MAX_ATTEMPTS = 2  # a draft and one regeneration, then the template
BACKGROUND_QUESTION = r"\b(how did you (get|end up|start|become|break)|your (background|path|journey|career path|story)|how long have you|what did you do before|why did you (choose|become|go into|pick))\b"


class Turn(BaseModel):
    speaker: str  # user | professional
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)


class RehearsalState(BaseModel):
    session_id: str = ""
    persona: Persona
    goals: list[str] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    revealed: list[str] = Field(default_factory=list)
    warned: bool = False
    wrapped: bool = False
    ended: bool = False
    notes: str = ""

    @property
    def question_turns(self) -> int:
        return sum(1 for t in self.turns if t.speaker == "user" and t.meta.get("kind") in ("question", "job_request", "statement"))

    @property
    def last_reply(self) -> str:
        for turn in reversed(self.turns):
            if turn.speaker == "professional":
                return turn.text
        return ""


# ---------------------------------------------------------------- similarity helpers


class _Vectors:
    """Embeddings for a session's fixed texts, computed once."""

    def __init__(self, settings: Settings):
        from coffeechat.embeddings import default_embedder

        self.embed = default_embedder(settings)
        self.cache: dict[str, np.ndarray] = {}

    def of(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self.cache]
        if missing:
            for text, vector in zip(missing, self.embed(missing)):
                self.cache[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)

    def sim(self, a: str, b: str) -> float:
        va, vb = self.of([a, b])
        return float(va @ vb)


def insight_key(insight) -> str:
    return f"{insight.label}. {insight.ask_about}. {insight.text}"


def _sentences(text: str) -> list[str]:
    clean = re.sub(r"[*_`#>]", "", text)
    clean = re.sub(r"^\s*[-•]\s*", "", clean, flags=re.M)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(clean.split())) if len(s.strip()) > 25]


def _profile_passages(persona: Persona) -> list[str]:
    """Sentences of the role's profile the persona may speak from (never the insights)."""
    from coffeechat.kb.roles import all_profiles

    for profile in all_profiles():
        if profile.source == persona.profile_source:
            allowed = [text for heading, text in profile.sections.items() if re.match(r"(the work|skills|paths)", heading, re.I)]
            return [s for text in allowed for s in _sentences(text)]
    return []


# ---------------------------------------------------------------- the rehearsal


class Rehearsal(ReplyChecks):
    """One rehearsal session: start, send turns (streamed), end with a report. Saved as it goes."""

    def __init__(self, state: RehearsalState, model: Any = None, settings: Settings | None = None, save: bool = True):
        self.state = state
        self.settings = settings or get_settings()
        self.save = save
        self._model = model
        self._vectors = _Vectors(self.settings)
        self._passages: list[str] | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def start(cls, role: str, goals: list[str] | None = None, style: str = "warm", industry: str = "", seniority: str = "", bio: str = "", model: Any = None, settings: Settings | None = None, save: bool = True, seed: str | None = None) -> "Rehearsal":
        """A new session with a new persona. Raises InputError on bad input."""
        persona = build_persona(role, industry=industry, seniority=seniority, style=style, bio=bio, goals=goals, seed=seed)
        state = RehearsalState(persona=persona, goals=[g.strip() for g in goals or [] if g.strip()])
        rehearsal = cls(state, model=model, settings=settings, save=save)
        if save:
            state.session_id = sessions.create_session({"kind": "rehearsal", "role": persona.role, "persona": persona.model_dump(), "goals": state.goals, "style": style}, rehearsal.settings)
        return rehearsal

    @classmethod
    def resume(cls, session_id: str, model: Any = None, settings: Settings | None = None) -> "Rehearsal":
        """A saved session, with every turn written before a crash or a closed tab."""
        saved = sessions.load_session(session_id, settings)
        persona = Persona.model_validate(saved["meta"]["persona"])
        turns = [Turn(speaker=t.get("speaker", "user"), text=t.get("text", ""), meta=t.get("meta", {})) for t in saved["turns"]]
        revealed = [t.meta["insight"] for t in turns if t.meta.get("insight")]
        state = RehearsalState(session_id=session_id, persona=persona, goals=saved["meta"].get("goals", []), turns=turns, revealed=revealed, notes=saved["notes"], ended=saved["report"] is not None)
        state.warned = any(t.meta.get("warned") for t in turns)
        state.wrapped = any(t.meta.get("wrapped") for t in turns)
        return cls(state, model=model, settings=settings)

    @property
    def model(self):
        if self._model is None:
            from coffeechat.llm import chat_model

            self._model = chat_model(self.settings, max_tokens=120, temperature=0.4)
        return self._model

    def system_prompt(self) -> str:
        p = self.state.persona
        return prompts.render("interview_system", name=p.name, title=p.title, organisation=p.organisation, years=p.years, personality=p.personality, speaking_style=p.speaking_style)

    def warm(self) -> None:
        """Fill the server's prompt cache with the persona prompt (one token of output), and
        embed the insights and profile passages the first turn would otherwise embed while the
        user waits."""
        try:
            from langchain_core.messages import HumanMessage, SystemMessage

            self.model.bind(max_tokens=1).invoke([SystemMessage(self.system_prompt()), HumanMessage("Hello.")])
        except Exception as exc:  # warming is an optimisation; a failure shows on the first turn
            log.info("warm-up failed: %s", type(exc).__name__)
        try:
            if self._passages is None:
                self._passages = _profile_passages(self.state.persona)
            self._vectors.of([insight_key(i) for i in self.state.persona.insights] + list(self._passages))
        except Exception as exc:
            log.info("embedding warm-up failed: %s", type(exc).__name__)

    def save_notes(self, text: str) -> None:
        self.state.notes = text or ""
        if self.save and self.state.session_id:
            sessions.save_session_notes(self.state.session_id, self.state.notes, self.settings)

    # ------------------------------------------------------------ a turn

    def _record(self, turn: Turn) -> None:
        self.state.turns.append(turn)
        if self.save and self.state.session_id:
            sessions.append_turn(self.state.session_id, turn.model_dump(), self.settings)

    def read(self, text: str) -> tracking.TurnSignals:
        previous = self.state.last_reply
        similarity = self._vectors.sim(text, previous) if previous and text.strip() else None
        return tracking.read_turn(text, previous, similarity)

    def plan(self, text: str, signals: tracking.TurnSignals) -> ReplyPlan:
        """Choose what the professional says; code decides, the model only voices it."""
        persona, data = self.state.persona, curated()
        fill = {"role": persona.role.lower(), "role_article": article(persona.role), "name": persona.name, "title": persona.title, "organisation": persona.organisation, "minutes": persona.minutes}
        style = data["styles"][persona.style]
        if signals.kind == "job_request":
            lowered = text.lower()
            key = "decline_referral" if "refer" in lowered or "good word" in lowered else "decline_resume" if re.search(r"r[ée]sum[ée]|\bcv\b", lowered) else "decline_job"
            return ReplyPlan("curated", data[key].strip(), text, use_model=False)
        if signals.kind == "meta":
            return ReplyPlan("curated", data["stay_in_character"].format(**fill).strip(), text, use_model=False)
        if signals.kind == "gibberish":
            return ReplyPlan("curated", data["not_understood"].format(**fill).strip(), text, use_model=False)
        opening = not any(t.speaker == "user" for t in self.state.turns)
        if (signals.kind == "greeting" or (signals.kind == "thanks" and opening)) and opening:
            return ReplyPlan("curated", data["greeting"].format(**fill).strip(), text, use_model=False)
        if signals.kind in ("thanks", "goodbye"):
            return ReplyPlan("curated", data["thanks_reply"].strip(), text, use_model=False)

        threshold = tracking.earn_threshold(signals, style["earn_threshold_delta"])
        if threshold is not None:
            best = self._best_insight(text)
            if best and best[1] >= threshold:
                insight = best[0]
                return ReplyPlan("insight", insight.text, text, insight_id=insight.id, sentences=style["sentences"], opener=self._opener("insight_openers"))
        if re.search(BACKGROUND_QUESTION, text, re.I):
            material = data["background"].format(years=persona.years, organisation=persona.organisation, path=persona.career_path).strip()
            return ReplyPlan("background", material, text, sentences=style["sentences"], opener=self._opener("background_openers"))
        passage = self._best_passage(text)
        if passage is None:
            return ReplyPlan("curated", data["off_topic"].strip(), text, use_model=False)
        if signals.googleable:
            return ReplyPlan("curated", f"{data['googleable'].strip()} {passage}", text, use_model=False)
        if not signals.open:
            return ReplyPlan("passage", passage, text, sentences=2, opener=self._opener("closed_question_openers"))
        return ReplyPlan("passage", passage, text, sentences=style["sentences"], opener=self._opener("passage_openers"))

    def _opener(self, kind: str) -> str:
        """A curated opener, rotating with the turn so replies do not all start alike."""
        choices = curated()[kind]
        return choices[(len(self.state.turns) // 2) % len(choices)].strip()

    def _best_insight(self, text: str):
        """The hidden insight closest to the question: max similarity over its label+ask,
        its "ask about" alone, and its full text, so a question can earn it from any side."""
        hidden = [i for i in self.state.persona.insights if i.id not in self.state.revealed]
        if not hidden:
            return None
        query = self._vectors.of([text])[0]
        views = [insight_key(i) for i in hidden] + [i.ask_about or i.label for i in hidden] + [f"{i.label}. {i.text}" for i in hidden]
        scores = (self._vectors.of(views) @ query).reshape(3, len(hidden)).max(axis=0)
        best = int(np.argmax(scores))
        return hidden[best], float(scores[best])

    def _best_passage(self, text: str) -> str | None:
        if self._passages is None:
            self._passages = _profile_passages(self.state.persona)
        if not self._passages:
            from coffeechat.kb.retrieval import retrieve

            found = retrieve(f"{self.state.persona.role}: {text}", k=2, collections=("knowledge",), settings=self.settings)
            self._passages = []
            candidates = [s for r in found for s in _sentences(r.text.split("\n", 1)[-1])]
        else:
            candidates = self._passages
        if not candidates:
            return None
        vectors = self._vectors.of(candidates)
        scores = vectors @ self._vectors.of([text])[0]
        order = np.argsort(-scores)
        if scores[order[0]] < tracking.ON_TOPIC_MIN:
            return None
        return " ".join(candidates[i] for i in order[:2])

    def _time_suffix(self) -> tuple[str, dict]:
        persona, data = self.state.persona, curated()
        asked = self.state.question_turns
        if not self.state.wrapped and asked >= persona.turn_budget:
            self.state.wrapped = True
            return " " + data["time_up"], {"wrapped": True}
        if not self.state.warned and asked >= persona.turn_budget - 2:
            self.state.warned = True
            return " " + data["time_warning"], {"warned": True}
        return "", {}

    def stream_reply(self, text: str) -> Iterator[str]:
        """Send a user message; yields the reply as it grows, the last yield is final.

        The user's turn is saved before the model is called, and the professional's after
        the checks, so a crash mid-reply loses nothing the user wrote. Raises InputError
        for an empty or oversized message or an ended session.
        """
        if self.state.ended:
            raise InputError("this rehearsal has ended: start a new one")
        text = (text or "").strip()
        if not text:
            raise InputError("the message is empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise InputError(f"the message is too long ({len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,})")
        with self._lock:
            signals = self.read(text)
            plan = self.plan(text, signals)
            self._record(Turn(speaker="user", text=text, meta={"kind": signals.kind, "open": signals.open, "googleable": signals.googleable, "follow_up": signals.follow_up, "thanks": signals.thanks, "job_request": signals.job_request}))
            yield from self._answer(plan)

    @property
    def awaiting_reply(self) -> bool:
        """True when the last turn is the user's: the reply failed (e.g. the model died)."""
        return bool(self.state.turns) and self.state.turns[-1].speaker == "user"

    def stream_retry(self) -> Iterator[str]:
        """Answer the last user message again after a failure; nothing is recorded twice."""
        if not self.awaiting_reply:
            raise InputError("there is no unanswered message to retry")
        with self._lock:
            last = self.state.turns.pop()
            signals = self.read(last.text)
            plan = self.plan(last.text, signals)
            self.state.turns.append(last)
            yield from self._answer(plan)

    def _answer(self, plan: ReplyPlan) -> Iterator[str]:
        """Voice the plan, then record the professional's turn (only once it is complete)."""
        warned, wrapped = self.state.warned, self.state.wrapped
        suffix, time_meta = self._time_suffix()
        reply, meta = "", {}
        try:
            for partial, meta in self._voice(plan):
                reply = partial
                yield reply
        except BaseException:
            self.state.warned, self.state.wrapped = warned, wrapped  # the warning was never said
            raise
        final = (reply + suffix).strip()
        if plan.insight_id:
            self.state.revealed.append(plan.insight_id)
        self._record(Turn(speaker="professional", text=final, meta={"plan": plan.kind, "insight": plan.insight_id, **meta, **time_meta}))
        yield final

    def reply(self, text: str) -> str:
        final = ""
        for final in self.stream_reply(text):
            pass
        return final

    def _voice(self, plan: ReplyPlan) -> Iterator[tuple[str, dict]]:
        """The model voices the plan, streamed; code checks as it goes.

        The plan's opener (first words chosen in code) is shown at once, so the user sees the
        reply start while the model works; on the embedded server the model continues from it
        (an assistant prefill), elsewhere it is asked to begin with it and the echo is cut.
        Nothing the model writes is shown until its first sentence passes the checks, so a
        draft that starts out of character is dropped early (the stream is closed, the server
        stops). A draft that fails at the end is regenerated once; the last resort is the
        template, which starts with the same opener.
        """
        if not plan.use_model:
            yield plan.material, {"source": "curated"}
            return
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        if plan.opener:
            yield plan.opener, {}
        prefill = bool(plan.opener) and self.settings.provider == "embedded"
        messages = [SystemMessage(self.system_prompt()), HumanMessage(prompts.render("interview_turn", question=plan.question, material=plan.material, sentences=plan.sentences, opener="" if prefill or not plan.opener else plan.opener))]
        if prefill:
            messages.append(AIMessage(plan.opener))
        problems: list[str] = []
        for attempt in range(MAX_ATTEMPTS):
            draft, body, shown = "", "", False
            stream = self.model.stream(messages)
            try:
                for chunk in stream:
                    draft += str(chunk.content or "")
                    body = self._body(draft, plan)
                    if not shown:
                        first = re.match(r"^(.{12,}?[.!?])(\s|$)", body, re.S)
                        if not first and len(body.split()) < 30:
                            continue
                        problems = self.check_opening(first.group(1) if first else body, plan)
                        if problems:
                            break
                        shown = True
                    if repeats(body):
                        break
                    yield self.join(plan.opener, self.repair(body, plan, final=False)), {}
            finally:
                close = getattr(stream, "close", None)
                if close:
                    close()
            if shown:
                repaired = self.repair(body, plan)
                problems = self.check(repaired, plan)
                if not problems:
                    yield self.join(plan.opener, repaired), {"source": "model", "attempts": attempt + 1}
                    return
            log.info("reply rejected (%s): %r", ", ".join(problems), draft[:120])
        yield self.template(plan), {"source": "template", "rejected": problems}

    # ------------------------------------------------------------ the end

    def end(self):
        """Finish: the report (saved with the session and indexed into notes)."""
        from coffeechat.chains.feedback import build_report, session_note

        report = build_report(self.state, self._vectors)
        self.state.ended = True
        if self.save and self.state.session_id:
            sessions.save_report(self.state.session_id, report.model_dump(), self.settings)
            sessions.update_session(self.state.session_id, {"status": "ended"}, self.settings)
            try:
                sessions.save_note(session_note(self.state, report), role=self.state.persona.role, person=self.state.persona.name, kind="rehearsal", session=self.state.session_id, settings=self.settings)
            except InputError:
                pass
        return report


# ---------------------------------------------------------------- scripted mode


def parse_script(text: str) -> list[str]:
    """The turns of a script file: {"turns": ["...", ...]}. InputError when malformed."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the script is not JSON ({exc.msg} at line {exc.lineno})") from None
    turns = data.get("turns") if isinstance(data, dict) else None
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
        raise InputError('the script must look like {"turns": ["first message", ...]} with at least one message')
    if len(turns) > limits.SCRIPT_TURNS:
        raise InputError(f"the script has {len(turns)} turns; the limit is {limits.SCRIPT_TURNS}")
    return turns


def run_script(turns: list[str], role: str, goals: list[str] | None = None, style: str = "warm", industry: str = "", seniority: str = "", model: Any = None, save: bool = True) -> dict:
    """Run a scripted rehearsal; the JSON contract of `rehearse --script --json`."""
    rehearsal = Rehearsal.start(role, goals=goals, style=style, industry=industry, seniority=seniority, model=model, save=save)
    for text in turns:
        if text.strip():
            rehearsal.reply(text)
    report = rehearsal.end()
    return {
        "session": rehearsal.state.session_id,
        "persona": rehearsal.state.persona.model_dump(),
        "turns": [{"speaker": t.speaker, "text": t.text, **({"source": t.meta["source"]} if "source" in t.meta else {})} for t in rehearsal.state.turns],
        "report": report.model_dump(),
    }
