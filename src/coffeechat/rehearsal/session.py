"""A rehearsal: the simulated professional answers what was asked.

Each turn, code reads the message (rehearsal/intents.py: its intent, a second question, a
follow-up's topic, the user's background), decides whether the question earns a hidden
insight, and plans the reply (rehearsal/planner.py) from the role's authored answer bank.
The authored answer is shown at once; the model's part (rehearsal/voice.py) is a checked
bridge with the embedded model, or a checked free answer with a capable provider. Nothing a
check rejects is ever shown, and every turn is saved as it happens.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from typing import Any, Iterator

import numpy as np

from coffeechat import limits, notes
from coffeechat.config import Settings, get_settings
from coffeechat.errors import InputError
from coffeechat.rehearsal import reading
from coffeechat.rehearsal.answers import bank_for, family_of
from coffeechat.rehearsal.checks import ReplyChecker
from coffeechat.rehearsal.intents import IntentReader, Reading, background_of
from coffeechat.rehearsal.persona import Persona, build_persona, curated
from coffeechat.rehearsal.planner import Planner, ReplyPlan
from coffeechat.rehearsal.state import RehearsalState, Turn
from coffeechat.rehearsal.voice import BRIDGE_GIVE_UP_AFTER, HISTORY_TURNS, Voice

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = limits.REHEARSAL_MESSAGE_CHARS
PROFILE_SECTIONS = r"(the work|skills|paths)"  # what a free answer may draw on: never the insights


class SessionVectors:
    """Embeddings for a session's texts, computed once each; callable on a list of texts."""

    def __init__(self, settings: Settings):
        from coffeechat.embeddings import default_embedder

        self.embed = default_embedder(settings)
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            for text, vector in zip(missing, self.embed(missing)):
                self.cache[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)

    def sim(self, a: str, b: str) -> float:
        va, vb = self([a, b])
        return float(va @ vb)


def insight_views(insight) -> list[str]:
    """Three views of an insight a question can earn it from: label and ask, ask, text."""
    return [f"{insight.label}. {insight.ask_about}. {insight.text}", insight.ask_about or insight.label, f"{insight.label}. {insight.text}"]


def profile_text(persona: Persona) -> str:
    """The role profile's work, skills and paths sections (never its insider insights)."""
    from coffeechat.kb.roles import all_profiles

    for profile in all_profiles():
        if profile.source == persona.profile_source:
            return "\n".join(text for heading, text in profile.sections.items() if re.match(PROFILE_SECTIONS, heading, re.I))
    return ""


class Rehearsal:
    """One rehearsal session: start, send turns (streamed), end with a report. Saved as it goes."""

    def __init__(self, state: RehearsalState, model: Any = None, settings: Settings | None = None, save: bool = True):
        self.state = state
        self.settings = settings or get_settings()
        self.save = save
        self._model = model
        self.vectors = SessionVectors(self.settings)
        self.bank = bank_for(state.persona.profile_source, family_of(state.persona.grounding))
        self.reader = IntentReader(self.vectors)
        self.planner = Planner(state.persona, self.bank, self.vectors)
        self.checker = ReplyChecker(state.persona, self.vectors)
        self.voice = Voice(state.persona, self.checker, self.chat, capable=self.settings.provider != "embedded")
        self._lock = threading.Lock()

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def start(cls, role: str, goals: list[str] | None = None, style: str = "warm", industry: str = "", seniority: str = "", bio: str = "", model: Any = None, settings: Settings | None = None, save: bool = True, seed: str | None = None) -> "Rehearsal":
        """A new session with a new persona. Raises InputError on bad input."""
        persona = build_persona(role, industry=industry, seniority=seniority, style=style, bio=bio, goals=goals, seed=seed)
        goals = [g.strip() for g in goals or [] if g.strip()]
        state = RehearsalState(persona=persona, goals=goals, background=next((b for b in map(background_of, goals) if b), ""))
        rehearsal = cls(state, model=model, settings=settings, save=save)
        if save:
            state.session_id = notes.create_session({"kind": "rehearsal", "role": persona.role, "persona": persona.model_dump(), "goals": state.goals, "style": style}, rehearsal.settings)
        return rehearsal

    @classmethod
    def resume(cls, session_id: str, model: Any = None, settings: Settings | None = None) -> "Rehearsal":
        """A saved session, with every turn written before a crash or a closed tab."""
        saved = notes.load_session(session_id, settings)
        persona = Persona.model_validate(saved["meta"]["persona"])
        turns = [Turn(speaker=t.get("speaker", "user"), text=t.get("text", ""), meta=t.get("meta", {})) for t in saved["turns"]]
        revealed = [t.meta["insight"] for t in turns if t.meta.get("insight")]
        goals = saved["meta"].get("goals", [])
        state = RehearsalState(session_id=session_id, persona=persona, goals=goals, turns=turns, revealed=revealed, notes=saved["notes"], ended=saved["report"] is not None, background=next((b for b in map(background_of, goals) if b), ""))
        state.warned = any(t.meta.get("warned") for t in turns)
        state.wrapped = any(t.meta.get("wrapped") for t in turns)
        return cls(state, model=model, settings=settings)

    def chat(self, max_tokens: int, temperature: float, timeout_s: float | None = None):
        """The chat model for one kind of call (a test passes its own `model`); with a
        timeout, one attempt only: a late answer is worth nothing."""
        if self._model is not None:
            return self._model
        from coffeechat.llm import chat_model

        budget = {"timeout": timeout_s, "max_retries": 0} if timeout_s else {}
        return chat_model(self.settings, max_tokens=max_tokens, temperature=temperature, **budget)

    def bridges_failing(self) -> bool:
        """True when the model's last bridges all failed their checks (see BRIDGE_GIVE_UP_AFTER)."""
        tried = [t.meta for t in self.state.turns if t.speaker == "professional" and ("rejected" in t.meta or t.meta.get("source") == "authored+bridge")]
        recent = tried[-BRIDGE_GIVE_UP_AFTER:]
        return len(recent) == BRIDGE_GIVE_UP_AFTER and all("rejected" in m for m in recent)

    def warm(self) -> None:
        """Fill the server's prompt cache with the persona prompt and embed what the first
        turn would otherwise embed while the user waits. Failures show on the first turn."""
        try:
            self.voice.warm()
        except Exception as exc:
            log.info("warm-up failed: %s", type(exc).__name__)
        try:
            self.reader.example_scores("warm up")
            views = [v for i in self.state.persona.insights for v in insight_views(i)]
            answers = [self.planner.fill(v) for intent in self.bank.answers for v in self.bank.variants(intent)]
            self.vectors(views + answers + [self.state.persona.career_path])
        except Exception as exc:
            log.info("embedding warm-up failed: %s", type(exc).__name__)

    def save_notes(self, text: str) -> None:
        self.state.notes = text or ""
        if self.save and self.state.session_id:
            notes.save_session_notes(self.state.session_id, self.state.notes, self.settings)

    # ------------------------------------------------------------ a turn

    def _record(self, turn: Turn) -> None:
        self.state.turns.append(turn)
        if self.save and self.state.session_id:
            notes.append_turn(self.state.session_id, turn.model_dump(), self.settings)

    def read(self, text: str) -> Reading:
        previous = self.state.last_reply
        similarity = self.vectors.sim(text, previous) if previous and text.strip() else None
        return self.reader.read(text, previous, similarity)

    def earned(self, text: str, read: Reading):
        """(insight, lead-in) when the question earns a hidden insight, else None."""
        if read.signals is None:
            return None
        style = curated()["styles"][self.state.persona.style]
        threshold = reading.earn_threshold(read.signals, style["earn_threshold_delta"])
        hidden = [i for i in self.state.persona.insights if i.id not in self.state.revealed]
        if threshold is None or not hidden:
            return None
        views = [v for i in hidden for v in insight_views(i)]
        scores = (self.vectors(views) @ self.vectors([text])[0]).reshape(len(hidden), 3).max(axis=1)
        best = int(np.argmax(scores))
        if scores[best] < threshold:
            return None
        leads = curated()["insight_leads"]
        return hidden[best], leads[len(self.state.revealed) % len(leads)]

    def plan(self, text: str, read: Reading) -> ReplyPlan:
        """Choose what the professional says; code decides, authored text says it."""
        return self.planner.plan(text, read, self.state, self.earned(text, read))

    def _time_suffix(self) -> tuple[str, dict]:
        persona, data = self.state.persona, curated()
        asked = self.state.question_turns
        if not self.state.wrapped and asked >= persona.turn_budget:
            self.state.wrapped = True
            return data["time_up"], {"wrapped": True}
        if not self.state.warned and asked >= persona.turn_budget - 2:
            self.state.warned = True
            return data["time_warning"], {"warned": True}
        return "", {}

    def _check_message(self, text: str) -> str:
        if self.state.ended:
            raise InputError("this rehearsal has ended: start a new one")
        text = (text or "").strip()
        if not text:
            raise InputError("the message is empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise InputError(f"the message is too long ({len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,})")
        return text

    def stream_reply(self, text: str) -> Iterator[str]:
        """Send a user message; yields the reply as it grows (only checked text), the last
        yield is final. The user's turn is saved before anything else, the professional's
        once complete, so a crash loses nothing the user wrote. InputError for an empty or
        oversized message or an ended session."""
        text = self._check_message(text)
        with self._lock:
            try:
                read = self.read(text)
            except Exception:
                self._record(Turn(speaker="user", text=text))  # kept, and answered on retry
                raise
            self._record(Turn(speaker="user", text=text, meta=self.user_meta(read)))
            yield from self._answer(self.plan(text, read))

    @staticmethod
    def user_meta(read: Reading) -> dict:
        """What the report needs to know about a user's message."""
        signals = read.signals
        return {
            "kind": read.kind, "intent": read.intent, "background": read.background,
            "open": bool(signals and signals.open), "googleable": bool(signals and signals.googleable), "follow_up": bool(signals and signals.follow_up),
            "thanks": bool(signals and signals.thanks), "job_request": bool(signals and signals.job_request),
        }

    @property
    def awaiting_reply(self) -> bool:
        """True when the last turn is the user's: the reply failed."""
        return bool(self.state.turns) and self.state.turns[-1].speaker == "user"

    def stream_retry(self) -> Iterator[str]:
        """Answer the last user message again after a failure; nothing is recorded twice."""
        if not self.awaiting_reply:
            raise InputError("there is no unanswered message to retry")
        with self._lock:
            last = self.state.turns.pop()
            try:
                read = self.read(last.text)
                last.meta = self.user_meta(read)
                plan = self.plan(last.text, read)
            finally:
                self.state.turns.append(last)
            yield from self._answer(plan)

    def history(self) -> str:
        lines = [f"{'Them' if t.speaker == 'user' else 'You'}: {t.text}" for t in self.state.turns[-2 * HISTORY_TURNS - 1 : -1]]
        return "\n".join(lines)

    def _answer(self, plan: ReplyPlan) -> Iterator[str]:
        """Show the plan's authored head at once, add the model's checked part, then the
        tail (insight, acknowledgements) and any time warning; record the whole reply."""
        warned, wrapped = self.state.warned, self.state.wrapped
        suffix, time_meta = self._time_suffix()
        said = self.planner.said(self.state)
        meta: dict[str, Any] = {"plan": plan.kind, "intent": plan.intent, "answer_id": plan.answer_id, "insight": plan.insight_id, "opener": plan.opener, "asked_back": plan.asked_back, "source": "curated" if plan.kind == "curated" else "authored"}
        try:
            head = plan.head
            if plan.bridge and self.voice.capable:
                spoken = ""
                try:
                    for sentence in self.voice.free(plan.question, plan.answer, profile_text(self.state.persona), self.history(), said):
                        spoken = f"{spoken} {sentence}".strip()
                        yield " ".join(p for p in (plan.opener, spoken) if p)
                except Exception as exc:  # what was shown stands; otherwise the authored answer
                    log.info("free answer failed: %s", type(exc).__name__)
                if spoken:
                    head, meta["source"] = " ".join(p for p in (plan.opener, spoken) if p), "model"
                else:
                    yield head
            else:
                yield head
                if plan.bridge and not self.bridges_failing():
                    bridge, problems = self.voice.bridge(plan.question, plan.answer, said)
                    if bridge:
                        head, meta["source"] = f"{head} {bridge}", "authored+bridge"
                        yield head
                    else:
                        meta["rejected"] = problems
        except BaseException:
            self.state.warned, self.state.wrapped = warned, wrapped  # the warning was never said
            raise
        final = " ".join(p for p in (head, plan.tail, suffix) if p).strip()
        if plan.insight_id:
            self.state.revealed.append(plan.insight_id)
        self._record(Turn(speaker="professional", text=final, meta={**meta, **time_meta}))
        yield final

    def reply(self, text: str) -> str:
        final = ""
        for final in self.stream_reply(text):
            pass
        return final

    # ------------------------------------------------------------ the end

    def end(self):
        """Finish: the report (saved with the session and indexed into notes)."""
        from coffeechat.rehearsal.report import build_report, session_note

        report = build_report(self.state, self.vectors)
        self.state.ended = True
        if self.save and self.state.session_id:
            notes.save_report(self.state.session_id, report.model_dump(), self.settings)
            notes.update_session(self.state.session_id, {"status": "ended"}, self.settings)
            try:
                notes.save_note(session_note(self.state, report), role=self.state.persona.role, person=self.state.persona.name, kind="rehearsal", session=self.state.session_id, settings=self.settings)
            except InputError:
                pass
        return report


# ---------------------------------------------------------------- scripted mode


def parse_script(text: str) -> list[str]:
    """The turns of a script file: {"turns": ["...", ...]}. InputError when malformed."""
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
        "grounding": rehearsal.state.persona.grounding,
        "turns": [
            {"speaker": t.speaker, "text": t.text, **{k: t.meta[k] for k in ("source", "intent", "plan") if t.meta.get(k)}}
            for t in rehearsal.state.turns
        ],
        "report": report.model_dump(),
    }
