"""The outreach flow's results as the user sees them, written once: plain text for the
terminal, Markdown and escaped HTML for the app (user and model text always escaped).
"""

from __future__ import annotations

import difflib
import html
import re

from coffeechat.outreach.channels import CHAR_LIMITS, EMAIL_WORD_LIMIT, split_email
from coffeechat.outreach.critique import NOTHING_TO_FIX, OutreachCritique
from coffeechat.outreach.drafts import OutreachDraft
from coffeechat.outreach.flags import WEIGHTS
from coffeechat.outreach.thank_you import ThankYouDraft
from coffeechat.text import count_words, safe

# ---------------------------------------------------------------- plain text (the CLI)


def critique_text(result: OutreachCritique) -> str:
    """The critique as plain text for the terminal."""
    size = f"{result.words} words in the body" if result.channel == "email" else f"{result.chars:,}/{result.limit:,} characters"
    lines = [f"Score {result.score}/100 · {result.channel} · {size}"]
    if result.flags:
        lines.append("")
        lines.append("Flags:")
        for flag in result.flags:
            lines.append(f"  - {flag.id} (-{WEIGHTS[flag.id]}): {flag.evidence}")
            lines.append(f"      fix: {flag.suggestion}")
    if result.strengths:
        lines.append("")
        lines.append("Strengths:")
        lines.extend(f"  + {s}" for s in result.strengths)
    if result.rewrite_source == "unchanged":
        lines += ["", f"Rewrite: none. {NOTHING_TO_FIX}"]
    elif result.rewrite:
        lines.append("")
        lines.append(f"Rewrite ({SOURCE_WORDS.get(result.rewrite_source, result.rewrite_source)}; score {result.rewrite_score}/100):")
        lines.append("")
        lines.extend("  " + line for line in result.rewrite.splitlines())
        if result.rewrite_changes:
            lines += ["", "What changed:"] + [f"  - {change}" for change in result.rewrite_changes]
    notes = [n for n in result.notes if n != NOTHING_TO_FIX]
    if notes:
        lines.append("")
        lines.extend(f"Note: {n}" for n in notes)
    return "\n".join(lines)


# How a rewrite or draft came to be, in a user's words.
SOURCE_WORDS = {"edited": "your message with precise edits", "model": "rewritten by the model, checked", "composed": "built from your facts", "unchanged": "unchanged"}



def draft_text(result: OutreachDraft | ThankYouDraft) -> str:
    """A draft as plain text for the terminal."""
    if isinstance(result, ThankYouDraft):
        lines = ["Thank-you note:", "", result.thank_you, "", f"Keep-in-touch note (in about {result.keep_in_touch_after_days // 7} weeks):", "", result.keep_in_touch]
    else:
        lines = [f"Draft ({result.channel}; score {result.score}/100; {SOURCE_WORDS.get(result.source, result.source)}):", "", result.text]
        if result.flags:
            lines += ["", "Remaining flags:"] + [f"  - {f.id}: {f.evidence}" for f in result.flags]
    if result.notes:
        lines += [""] + [f"Note: {n}" for n in result.notes]
    return "\n".join(lines)


# ---------------------------------------------------------------- Markdown and HTML (the app)


def counter_text(message: str, channel: str) -> str:
    """The live counter: characters (or words in an email's body) against the channel's limit."""
    message = message or ""
    if channel == "email":
        _, start = split_email(message)
        words = count_words(message[start:])
        over = " — over the limit" if words > EMAIL_WORD_LIMIT else ""
        return f"{words} / {EMAIL_WORD_LIMIT} words in the body{over}"
    limit = CHAR_LIMITS.get(channel, CHAR_LIMITS["linkedin-note"])
    over = " — over the limit" if len(message) > limit else ""
    return f"{len(message):,} / {limit:,} characters{over}"


def highlight_html(message: str, flags: list) -> str:
    """The message as escaped HTML with each flag's evidence marked (title = the flag id)."""
    marks: list[tuple[int, int, str]] = []
    for flag in flags:
        for start, end in getattr(flag, "spans", []) or []:
            if 0 <= start < end <= len(message):
                marks.append((start, end, flag.id))
    marks.sort()
    out, at = [], 0
    for start, end, flag_id in marks:
        if start < at:
            continue  # overlapping evidence: the first mark wins
        out.append(html.escape(message[at:start]))
        out.append(f'<mark title="{html.escape(flag_id)}" data-flag="{html.escape(flag_id)}">{html.escape(message[start:end])}</mark>')
        at = end
    out.append(html.escape(message[at:]))
    return f'<div class="cc-flag" style="white-space: pre-wrap">{"".join(out)}</div>'


def flags_html(result: OutreachCritique) -> str:
    """The flags (weight, evidence, fix) and the strengths, as escaped HTML."""
    if not result.flags:
        items = "<p>No flags: this message does everything the checks look for.</p>"
    else:
        items = "<ul>" + "".join(
            f'<li data-flag="{safe(f.id)}"><b>{safe(f.id)}</b> (−{WEIGHTS.get(f.id, 0)}): {safe(f.evidence)}<br><span class="cc-muted">Fix: {safe(f.suggestion)}</span></li>'
            for f in result.flags
        ) + "</ul>"
    strengths = "".join(f"<li>{safe(s)}</li>" for s in result.strengths)
    return items + (f"<p><b>Strengths</b></p><ul>{strengths}</ul>" if strengths else "")


def diff_html(original: str, rewrite: str) -> str:
    """Word-level differences: removed words struck through, added words underlined."""
    a, b = re.findall(r"\S+|\s+", original or ""), re.findall(r"\S+|\s+", rewrite or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return f'<div style="white-space: pre-wrap">{"".join(out)}</div>'


def score_markdown(result: OutreachCritique, message: str) -> str:
    return f"## Score: {result.score}/100\n{safe(counter_text(message, result.channel))}"


def critique_notes_markdown(result: OutreachCritique) -> str:
    notes = "\n".join(f"- {safe(n)}" for n in result.notes if n != NOTHING_TO_FIX)
    if result.rewrite_source == "unchanged":
        return f"**{NOTHING_TO_FIX}**\n" + notes
    if result.rewrite:
        changes = "".join(f"\n- {safe(c)}" for c in result.rewrite_changes)
        head = f"Rewrite score: {result.rewrite_score}/100 ({safe(SOURCE_WORDS.get(result.rewrite_source, result.rewrite_source))})"
        notes = head + (f"\n\n**What changed**{changes}\n\n" if changes else "\n") + notes
    return notes


def draft_remarks_markdown(result: OutreachDraft) -> str:
    remarks = [f"Score {result.score}/100 ({safe(SOURCE_WORDS.get(result.source, result.source))})"] + [f"- {safe(f.id)}: {safe(f.evidence)}" for f in result.flags] + [f"- {safe(n)}" for n in result.notes]
    return "\n".join(remarks)


def notes_markdown(notes: list[str]) -> str:
    return "\n".join(f"- {safe(n)}" for n in notes)
