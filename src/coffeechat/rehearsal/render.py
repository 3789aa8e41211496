"""A rehearsal shown to a person, written once: the persona card, the transcript, the report
and a saved session's summary, as Markdown (the app, History, exports) and plain text (the
terminal). `escape` makes user or model text inert where the Markdown is rendered as HTML.
"""

from __future__ import annotations

from typing import Callable

Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


def persona_markdown(persona: dict, goals: list[str], escape: Escape = _same) -> str:
    goal_lines = "".join(f"\n- {escape(g)}" for g in goals) or "\n- (none stated: you can still ask anything)"
    grounding = (persona.get("grounding") or {}).get("message", "")  # which profile grounds the role, or that none does
    return (
        f"### {escape(persona['name'])}\n**{escape(persona['title'])}** at {escape(persona['organisation'])} · {persona['years']} years in the field\n\n"
        + (f"_{escape(grounding)}_\n\n" if grounding else "")
        + f"*{escape(persona['personality'])}*\n\n{escape(persona['career_path'])}\n\n"
        f"**Time:** about {persona['minutes']} minutes (~{persona['turn_budget']} questions)\n\n**Your goals:**{goal_lines}"
    )


def persona_line(persona: dict) -> str:
    return f"{persona['name']}, {persona['title']} at {persona['organisation']} ({persona['years']} years in the field, about {persona['minutes']} minutes)"


def report_markdown(report: dict, escape: Escape = _same) -> str:
    lines = [f"### Your report\n**Insights drawn out:** {report['insights_elicited']} of {report['insights_total']}"]
    lines += [f"- ✅ {escape(e['label'])} (from: *{escape(e['question'])}*)" for e in report.get("elicited", [])]
    if report.get("missed"):
        lines.append("\n**Questions that would have drawn out the others:**")
        lines += [f"- {escape(m['suggested_question'])}" for m in report["missed"]]
    if report.get("goals"):
        lines.append("\n**Your goals:**")
        lines += [f"- {'✅' if g['covered'] else '⬜'} {escape(g['goal'])}" for g in report["goals"]]
    lines.append(
        f"\n**Questions:** {report['question_count']} · open questions {report['open_question_ratio']:.0%} of your turns · "
        f"follow-ups {report.get('follow_up_count', 0)} · googleable {report.get('googleable_count', 0)}"
    )
    if report["etiquette_flags"]:
        lines.append("**To work on:** " + ", ".join(f"`{f}`" for f in report["etiquette_flags"]))
    lines.append("\n**Strengths**")
    lines += [f"- {escape(s)}" for s in report["strengths"]]
    lines.append("\n**Next steps**")
    lines += [f"- {escape(s)}" for s in report["next_steps"]]
    return "\n".join(lines)


def report_text(report: dict) -> str:
    lines = [
        f"Insights drawn out: {report['insights_elicited']} of {report['insights_total']}",
        f"Questions: {report['question_count']}, open questions {report['open_question_ratio']:.0%} of your turns, follow-ups {report.get('follow_up_count', 0)}",
    ]
    if report["etiquette_flags"]:
        lines.append("To work on: " + ", ".join(report["etiquette_flags"]))
    lines += ["", "Strengths:"] + [f"  - {s}" for s in report["strengths"]]
    lines += ["", "Next steps:"] + [f"  - {s}" for s in report["next_steps"]]
    lines += ["", "Thank-you draft:", report["thank_you_draft"]]
    return "\n".join(lines)


def transcript_text(persona: dict, turns: list[dict], report: dict | None) -> str:
    """A whole rehearsal as the terminal shows it."""
    grounding = (persona.get("grounding") or {}).get("message", "")
    lines = [persona_line(persona)] + ([grounding] if grounding else []) + [""]
    for turn in turns:
        who = "you" if turn["speaker"] == "user" else persona["name"].split()[0]
        lines.append(f"{who}: {turn['text']}")
    return "\n".join(lines) + ("\n\n" + report_text(report) if report else "")


def session_markdown(saved: dict) -> str:
    """A saved session (sessions.load_session) as a Markdown document to read or export."""
    meta, persona = saved["meta"], saved["meta"].get("persona", {})
    lines = [f"# Rehearsal: {meta.get('role', '')}", "", f"With {persona.get('name', '')}, {persona.get('title', '')} at {persona.get('organisation', '')} — {meta.get('created', '')[:10]}", ""]
    if meta.get("goals"):
        lines += ["## Goals", *[f"- {g}" for g in meta["goals"]], ""]
    lines.append("## Transcript")
    for turn in saved["turns"]:
        who = "You" if turn.get("speaker") == "user" else persona.get("name", "Professional").split()[0]
        lines.append(f"**{who}:** {turn.get('text', '')}\n")
    if saved["notes"].strip():
        lines += ["## Notes", saved["notes"].strip(), ""]
    report = saved["report"]
    if report:
        lines += ["## Report", f"Insights drawn out: {report['insights_elicited']} of {report['insights_total']}", f"Open questions: {report['open_question_ratio']:.0%}"]
        lines += [f"- Strength: {s}" for s in report["strengths"]] + [f"- Next: {s}" for s in report["next_steps"]]
        lines += ["", "## Thank-you draft", report["thank_you_draft"]]
    return "\n".join(lines)


def elicited_labels(saved: dict) -> list[str]:
    """The insights a saved session drew out, from the turns that revealed them."""
    insights = {i["id"]: i for i in saved["meta"].get("persona", {}).get("insights", [])}
    return [insights[t["meta"]["insight"]]["label"] for t in saved["turns"] if t.get("meta", {}).get("insight") in insights]


def session_row(saved: dict) -> dict:
    """One History row for a saved rehearsal: date, role, persona, insights k/n, open ratio, status."""
    meta, report = saved["meta"], saved["report"] or {}
    persona = meta.get("persona", {})
    total = len(persona.get("insights", []))
    drawn = report.get("insights_elicited", len(elicited_labels(saved)))
    return {
        "id": meta.get("id", ""),
        "date": meta.get("created", "")[:16].replace("T", " "),
        "role": meta.get("role", ""),
        "with": persona.get("name", ""),
        "insights": f"{drawn}/{total}",
        "open ratio": f"{report['open_question_ratio']:.0%}" if report else "–",
        "turns": len(saved["turns"]),
        "status": "ended" if saved["report"] else "open",
        "_ratio": drawn / total if total else 0.0,
        "_open": report.get("open_question_ratio", 0.0) if report else 0.0,
    }


INTENT_LABELS = {
    "path_in": "how they got into the field", "typical_day": "a typical day or week", "surprise": "what surprised them",
    "hardest": "the hardest part", "enjoy": "what they enjoy", "difficult_situation": "a tough situation and how they handle it",
    "mistake": "a mistake they learned from", "skills": "the skills that matter", "changing": "how the field is changing",
    "switching": "switching in from another career", "break_in": "how to break in", "resources": "resources they use",
    "balance": "hours, pressure and balance", "differently": "what they would do differently", "who_else": "who else to talk to",
    "wish_asked": "what they wish people asked", "follow_up": "a follow-up on what they said", "other": "a question of your own",
}


def turn_feedback(meta: dict) -> str:
    """One line of live coaching on the user's last message, from how code read it."""
    kind = meta.get("kind", "")
    if kind == "job_request":
        return "You asked for a job, an interview or a referral: they declined. Keep an informational interview about learning."
    if kind == "about_me":
        return "You told them about yourself: their advice can fit your background now."
    if kind != "question":
        return ""
    parts = [f"You asked about {INTENT_LABELS.get(meta.get('intent', ''), 'their work')}", "open question" if meta.get("open") else "closed question (try how, what or tell me about)"]
    if meta.get("follow_up") or meta.get("intent") == "follow_up":
        parts.append("follow-up")
    if meta.get("googleable"):
        parts.append("a web search could answer this one")
    return " · ".join(parts) + "."
