"""A rehearsal's state: the persona, the goals, every turn so far (saved as it happens)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from coffeechat.rehearsal.persona import Persona

# User turns that count against the persona's time budget.
COUNTED_KINDS = ("question", "job_request", "statement", "about_me")


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
    background: str = ""  # the user's own background, when their goals say it
    warned: bool = False
    wrapped: bool = False
    ended: bool = False
    notes: str = ""

    @property
    def question_turns(self) -> int:
        return sum(1 for t in self.turns if t.speaker == "user" and t.meta.get("kind") in COUNTED_KINDS)

    @property
    def last_reply(self) -> str:
        for turn in reversed(self.turns):
            if turn.speaker == "professional":
                return turn.text
        return ""
