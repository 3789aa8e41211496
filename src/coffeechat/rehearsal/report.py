"""The coaching report at the end of a rehearsal, computed in code from the tracked turns.

Insights elicited (and the questions that would have drawn out the others), goals covered,
question quality, etiquette flags, strengths, next steps and a thank-you draft naming what
the professional actually said. A coaching tone: it describes questions, never the person.
Gibberish and one-word turns are not questions, so they draw out nothing and score low.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from coffeechat.questions.phrasing import ask_about_question
from coffeechat.rehearsal import reading as tracking
from coffeechat.text import article

if TYPE_CHECKING:
    from coffeechat.rehearsal.state import RehearsalState

GOAL_COVERED_MIN = 0.42
ETIQUETTE_FLAGS = ("asked_for_job", "no_thanks", "mostly_closed_questions", "googleable_questions", "no_follow_up_questions", "overran_time")


class ElicitedInsight(BaseModel):
    id: str
    label: str
    question: str


class MissedInsight(BaseModel):
    id: str
    label: str
    suggested_question: str


class GoalCoverage(BaseModel):
    goal: str
    covered: bool
    question: str = ""


class SessionReport(BaseModel):
    """The report contract of `rehearse --json` (fields may be added, never removed)."""

    insights_elicited: int
    insights_total: int
    elicited: list[ElicitedInsight] = Field(default_factory=list)
    missed: list[MissedInsight] = Field(default_factory=list)
    goals: list[GoalCoverage] = Field(default_factory=list)
    question_count: int = 0
    open_question_ratio: float = 0.0
    follow_up_count: int = 0
    googleable_count: int = 0
    etiquette_flags: list[str] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    thank_you_draft: str = ""


def suggested_question(ask_about: str) -> str:
    """Turn an insight's "ask about" into a question a user could have asked."""
    return ask_about_question(ask_about)


def build_report(state: "RehearsalState", vectors=None) -> SessionReport:
    persona = state.persona
    user_turns = [t for t in state.turns if t.speaker == "user"]
    conversational = [t for t in user_turns if t.meta.get("kind") not in ("greeting", "thanks", "goodbye")]
    questions = [t for t in user_turns if t.meta.get("kind") == "question"]
    open_questions = [t for t in questions if t.meta.get("open")]
    follow_ups = [t for t in questions if t.meta.get("follow_up")]
    googleable = [t for t in questions if t.meta.get("googleable")]
    asked_job = any(t.meta.get("job_request") for t in user_turns)
    thanked = any(t.meta.get("thanks") for t in user_turns)

    elicited, missed = [], []
    by_id = {i.id: i for i in persona.insights}
    for index, turn in enumerate(state.turns):
        insight_id = turn.meta.get("insight") if turn.speaker == "professional" else ""
        if insight_id and insight_id in by_id:
            question = state.turns[index - 1].text if index else ""
            elicited.append(ElicitedInsight(id=insight_id, label=by_id[insight_id].label, question=question))
    got = {e.id for e in elicited}
    for insight in persona.insights:
        if insight.id not in got:
            missed.append(MissedInsight(id=insight.id, label=insight.label, suggested_question=suggested_question(insight.ask_about)))

    goals = _goal_coverage(state.goals, [t.text for t in questions], vectors)
    open_ratio = len(open_questions) / len(conversational) if conversational else 0.0

    flags = []
    if asked_job:
        flags.append("asked_for_job")
    if user_turns and not thanked:
        flags.append("no_thanks")
    if conversational and open_ratio < 0.5:
        flags.append("mostly_closed_questions")
    if googleable:
        flags.append("googleable_questions")
    if len(questions) >= 3 and not follow_ups:
        flags.append("no_follow_up_questions")
    if state.question_turns > persona.turn_budget + 1:
        flags.append("overran_time")

    report = SessionReport(
        insights_elicited=len(elicited),
        insights_total=len(persona.insights),
        elicited=elicited,
        missed=missed,
        goals=goals,
        question_count=len(questions),
        open_question_ratio=round(open_ratio, 3),
        follow_up_count=len(follow_ups),
        googleable_count=len(googleable),
        etiquette_flags=flags,
    )
    report.strengths = _strengths(report, thanked, asked_job, len(open_questions))
    report.next_steps = _next_steps(report, persona.role)
    report.thank_you_draft = thank_you_draft(persona.first_name, persona.role, elicited, by_id, report)
    return report


def _goal_coverage(goals: list[str], questions: list[str], vectors) -> list[GoalCoverage]:
    coverage = []
    for goal in goals:
        best_question, best = "", 0.0
        for question in questions:
            score = vectors.sim(goal, question) if vectors else 0.0
            overlap = len(tracking.content_words(goal) & tracking.content_words(question))
            score = max(score, 0.5 if overlap >= 2 else 0.0)
            if score > best:
                best_question, best = question, score
        coverage.append(GoalCoverage(goal=goal, covered=best >= GOAL_COVERED_MIN, question=best_question if best >= GOAL_COVERED_MIN else ""))
    return coverage


def _strengths(report: SessionReport, thanked: bool, asked_job: bool, open_count: int) -> list[str]:
    strengths = []
    if open_count >= 3:
        strengths.append(f"You asked {open_count} open questions, which gave the professional room to tell stories.")
    if report.follow_up_count:
        strengths.append(f"You followed up {report.follow_up_count} time(s) on what you heard: that is where insider detail comes from.")
    if report.insights_elicited >= max(2, report.insights_total // 2):
        strengths.append(f"Your questions drew out {report.insights_elicited} of {report.insights_total} insider insights.")
    if thanked:
        strengths.append("You thanked them for their time.")
    if report.question_count and not report.googleable_count:
        strengths.append("None of your questions could be answered by a quick web search.")
    if report.goals and all(g.covered for g in report.goals):
        strengths.append("Your questions covered every goal you set before the call.")
    if report.question_count and not asked_job:
        strengths.append("You kept the conversation about learning, not about a job.")
    return strengths or ["You showed up and practised; the next rehearsal will go further."]


def _next_steps(report: SessionReport, role: str) -> list[str]:
    steps = []
    for missed in report.missed[:3]:
        steps.append(f"Next time, try: \"{missed.suggested_question}\"")
    for goal in report.goals:
        if not goal.covered:
            steps.append(f"Prepare a question for your goal \"{goal.goal}\" before the next conversation.")
    if "mostly_closed_questions" in report.etiquette_flags:
        steps.append("Rephrase yes/no questions to start with how, what or tell me about.")
    if "googleable_questions" in report.etiquette_flags:
        steps.append("Look up facts (salary ranges, acronyms, company size) beforehand and ask about experience instead.")
    if "no_follow_up_questions" in report.etiquette_flags:
        steps.append("When an answer surprises you, ask one follow-up before moving on (\"You mentioned ... could you say more?\").")
    if "asked_for_job" in report.etiquette_flags:
        steps.append("Leave jobs and referrals out of an informational interview; if the person offers, accept gracefully.")
    if "no_thanks" in report.etiquette_flags:
        steps.append("Close by thanking them for their time and asking who else you could talk to.")
    steps.append(f"Write down what you learned about being {article(role)} {role.lower()} today, and send your thank-you within 24 hours.")
    return steps


def thank_you_draft(first_name: str, role: str, elicited: list[ElicitedInsight], insights: dict, report: SessionReport) -> str:
    """A short thank-you naming what they said (the insights they shared) and one next step."""
    specifics = [insights[e.id].label.rstrip(".") for e in elicited][:2]
    if specifics:
        said = " and ".join(f"\"{s[0].lower() + s[1:]}\"" for s in specifics)
        middle = f"What stayed with me most was your point about {said}; I had not heard anyone put it that way."
    else:
        middle = f"Hearing how the work of {article(role)} {role.lower()} actually looks day to day was exactly what I needed."
    if report.missed:
        step = "As a next step I plan to read up on what you suggested and talk to one more person in the field."
    else:
        step = "As a next step I will follow up on the resources you mentioned and let you know how it goes."
    return (
        f"Subject: Thank you for your time\n\n"
        f"Hi {first_name},\n\n"
        f"Thank you for taking the time to talk with me about your work. {middle} {step}\n\n"
        f"Thanks again,\n[your name]"
    )


def session_note(state: "RehearsalState", report: SessionReport) -> str:
    """The text indexed into `notes` for an ended rehearsal: what was learned and the user's notes."""
    persona = state.persona
    by_id = {i.id: i for i in persona.insights}
    learned = "\n".join(f"- {by_id[e.id].label}: {by_id[e.id].text}" for e in report.elicited) or "- (no insider insights drawn out yet)"
    return (
        f"# Rehearsal: {persona.title} ({persona.name}, {persona.organisation})\n\n"
        f"## What I learned\n{learned}\n\n"
        f"## Questions to try next time\n" + "\n".join(f"- {m.suggested_question}" for m in report.missed[:4]) +
        (f"\n\n## My notes\n{state.notes.strip()}" if state.notes.strip() else "")
    )
