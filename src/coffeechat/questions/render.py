"""The questions flow's results as the user sees them, written once: Markdown for the terminal
and files, escaped Markdown for the app, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io

from coffeechat.questions.models import ORDER, Question, QuestionSet
from coffeechat.text import safe


def grouped(result: QuestionSet) -> list[tuple[str, list[tuple[int, Question]]]]:
    """(theme, [(number, question)]) in interview order, numbers as in the list."""
    groups: dict[str, list[tuple[int, Question]]] = {}
    for number, question in enumerate(result.questions, 1):
        groups.setdefault(question.theme, []).append((number, question))
    return [(theme, groups[theme]) for theme in ORDER if theme in groups]


def questions_markdown(result: QuestionSet) -> str:
    """The questions grouped by theme, with why and sources, as Markdown for a terminal or file."""
    lines = [f"# Questions for {result.role}", ""]
    if result.profile and result.profile.lower() != result.role.lower():
        lines += [f"_Grounded in the {result.profile} profile._", ""]
    for theme, items in grouped(result):
        lines.append(f"## {theme.capitalize()}")
        for number, question in items:
            mark = " (adapted)" if question.adapted else ""
            lines.append(f"{number}. {question.text}{mark}")
            lines.append(f"   - why: {question.why}")
            lines.append(f"   - sources: {', '.join(question.sources)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def questions_csv(result: QuestionSet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "theme", "question", "why", "sources", "adapted"])
    for number, question in enumerate(result.questions, 1):
        writer.writerow([number, question.theme, question.text, question.why, "; ".join(question.sources), "yes" if question.adapted else "no"])
    return buffer.getvalue()


def results_markdown(result: QuestionSet) -> str:
    """Safe Markdown for the app: questions grouped by theme, each with why and sources."""
    lines = [f"### Questions for {safe(result.role)}"]
    if result.profile and result.profile.lower() != result.role.lower():
        lines.append(f"<span class='cc-muted'>Grounded in the {safe(result.profile)} profile.</span>")
    for theme, items in grouped(result):
        lines.append(f"\n#### {theme.capitalize()}")
        for number, question in items:
            mark = " <span class='cc-muted'>(adapted)</span>" if question.adapted else ""
            lines.append(f"{number}. {safe(question.text)}{mark}  \n   <span class='cc-muted'>why: {safe(question.why)} · sources: {safe(', '.join(question.sources))}</span>")
    return "\n".join(lines)
