"""The questions flow's results as the user sees them, written once: Markdown for the terminal
and files, escaped Markdown for the app, CSV for spreadsheets. Each question shows why it is
worth asking and where it comes from (the user's goal, the role profile's section, a template)."""

from __future__ import annotations

import csv
import io

from coffeechat.questions.models import ORDER, Question, QuestionSet
from coffeechat.text import safe

USER_INPUTS = {"goals", "bio", "background"}  # sources that are the user's own input, named by origin instead


def grouped(result: QuestionSet) -> list[tuple[str, list[tuple[int, Question]]]]:
    """(theme, [(number, question)]) in interview order, numbers as in the list."""
    groups: dict[str, list[tuple[int, Question]]] = {}
    for number, question in enumerate(result.questions, 1):
        groups.setdefault(question.theme, []).append((number, question))
    return [(theme, groups[theme]) for theme in ORDER if theme in groups]


def source_line(question: Question) -> str:
    """Where a question comes from, as a user reads it: its origin, then the files it cites."""
    files = [s for s in question.sources if s not in USER_INPUTS and not s.startswith("note-")]
    origin = question.origin or ", ".join(question.sources)
    return f"{origin} ({', '.join(files)})" if files and question.origin else origin


def grounding_line(result: QuestionSet) -> str:
    """What grounded the questions: the profile used, or that a general one was ("No profile
    yet for wildlife biologist: using general guidance for life scientists.")."""
    if result.grounding.get("message"):
        return result.grounding["message"]
    return f"Grounded in the {result.profile} profile." if result.profile and result.profile.lower() != result.role.lower() else ""


def questions_markdown(result: QuestionSet) -> str:
    """The questions grouped by theme, with why and source, as Markdown for a terminal or file."""
    lines = [f"# Questions for {result.role}", ""]
    if grounding_line(result):
        lines += [f"_{grounding_line(result)}_", ""]
    for theme, items in grouped(result):
        lines.append(f"## {theme.capitalize()}")
        for number, question in items:
            lines.append(f"{number}. {question.text}")
            lines.append(f"   - why: {question.why}")
            lines.append(f"   - source: {source_line(question)}")
        lines.append("")
    for repair in left_out(result):
        lines.append(f"_Left out: “{repair.rejected}” ({'; '.join(repair.reasons)})._")
    return "\n".join(lines).rstrip() + "\n"


def left_out(result: QuestionSet) -> list:
    """The user's own questions that failed the checks and were replaced, once each."""
    seen: set[str] = set()
    out = []
    for repair in result.repairs:
        if repair.action.startswith("left out") and repair.rejected not in seen:
            seen.add(repair.rejected)
            out.append(repair)
    return out


def questions_csv(result: QuestionSet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "theme", "question", "why", "source", "files"])
    for number, question in enumerate(result.questions, 1):
        writer.writerow([number, question.theme, question.text, question.why, question.origin, "; ".join(question.sources)])
    return buffer.getvalue()


def results_markdown(result: QuestionSet) -> str:
    """Safe Markdown for the app: questions grouped by theme, each with why and source."""
    lines = [f"### Questions for {safe(result.role)}"]
    if grounding_line(result):
        lines.append(f"<span class='cc-muted' id='cc-q-grounding'>{safe(grounding_line(result))}</span>")
    for theme, items in grouped(result):
        lines.append(f"\n#### {theme.capitalize()}")
        for number, question in items:
            lines.append(f"{number}. {safe(question.text)}  \n   <span class='cc-muted'>why: {safe(question.why)} · source: {safe(source_line(question))}</span>")
    for repair in left_out(result):
        lines.append(f"\n<span class='cc-muted'>Left out: “{safe(repair.rejected)}” ({safe('; '.join(repair.reasons))}).</span>")
    return "\n".join(lines)
