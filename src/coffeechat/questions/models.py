"""The questions flow's request and result models, and the order questions are asked in."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coffeechat import limits
from coffeechat.errors import InputError

# Interview order: rapport and insights first, resources and assignments last.
ORDER = ("insights", "trends", "advice", "resources", "assignments")
FOLLOW_UP_CHARS = 120  # the model's follow-up, before the checks' own word limit


class QuestionRequest(BaseModel):
    role: str
    industry: str = ""
    company: str = ""
    bio: str = ""
    goals: list[str] = Field(default_factory=list)
    background: str = ""
    n: int = 10

    @classmethod
    def from_user(cls, role: str, industry: str = "", company: str = "", bio: str = "", goals: list[str] | None = None, background: str = "", n: int = 10) -> "QuestionRequest":
        """A validated request. Raises InputError (one line) for an empty or overlong role,
        n outside 1..limits.QUESTIONS, an oversized bio or field, or too many goals."""
        role = " ".join((role or "").split())
        if not role:
            raise InputError("the role is empty: name the role of the person you will talk to")
        if len(role) > limits.ROLE_CHARS:
            raise InputError(f"the role is too long ({len(role):,} characters; the limit is {limits.ROLE_CHARS})")
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= limits.QUESTIONS:
            raise InputError(f"n must be a whole number between 1 and {limits.QUESTIONS}, got {n!r}")
        bio = (bio or "").strip()
        if len(bio) > limits.BIO_CHARS:
            raise InputError(f"the bio is too long ({len(bio):,} characters; the limit is {limits.BIO_CHARS:,})")
        if "\x00" in bio:
            raise InputError("the bio is not text")
        fields = {"industry": (industry, limits.INDUSTRY_CHARS), "company": (company, limits.COMPANY_CHARS), "background": (background, limits.DETAIL_CHARS)}
        for name, (value, limit) in fields.items():
            limits.check_length(value, limit, f"the {name}")
        goals = [" ".join(g.split()) for g in (goals or []) if g and g.strip()]
        if len(goals) > limits.GOALS:
            raise InputError(f"too many goals ({len(goals)}; the limit is {limits.GOALS})")
        for goal in goals:
            limits.check_length(goal, limits.GOAL_CHARS, "a goal")
        return cls(role=role, industry=" ".join((industry or "").split()), company=" ".join((company or "").split()), bio=bio, goals=goals, background=" ".join((background or "").split()), n=n)


class Question(BaseModel):
    text: str
    theme: str
    why: str  # written for the user from the question's source, never by the model
    sources: list[str]  # repository files, or the user's own input: "goals", "bio", "background", a note id
    adapted: bool = True  # written in code from authored material; False when the model tailored its follow-up
    origin: str = ""  # where it comes from, as the user reads it: 'your goal "..."', 'the Nurse profile, "Question ideas"'
    kind: str = ""  # goal, bio, note, background, insight, idea, template


class Repair(BaseModel):
    rejected: str
    theme: str
    reasons: list[str]
    action: str


class QuestionSet(BaseModel):
    role: str
    questions: list[Question]
    provider: str
    model: str
    repairs: list[Repair] = Field(default_factory=list)
    profile: str = ""  # the role profile the questions were grounded in, "" when none matched
    grounding: dict = Field(default_factory=dict)  # kb.roles.RoleMatch.grounding(): profile, kind, message
    model_calls: int = 0
    tailored: int = 0  # follow-ups the model wrote that passed the checks
    pending: int = 0  # follow-ups still being tailored (a partial set while streaming)
    seconds: float = 0.0


class FollowUp(BaseModel):
    """What the model fills in (json_schema): the question that follows the user's own lead."""

    follow_up: str = Field(max_length=FOLLOW_UP_CHARS)
