"""What outreach text may be shown, and the product's own words for what a message lacks.

`check_written` judges a written text (a rewrite, a draft) as the critique would, against the
facts it was written from (outreach.facts: nothing invented, nothing given left out), plus
guards on model text: no loops, no echo of its instructions, no talk about itself, no
instruction found in the message kept. Text that fails is never shown: the caller uses text
built in code instead (outreach.edits for rewrites, outreach.drafts.compose_draft for drafts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from coffeechat.guards import echoes_instructions, repeats
from coffeechat.outreach import channels, checks, flags, patterns
from coffeechat.outreach.facts import Given, invented_names

# Curated fixes: the product's own words for the pieces a message may lack.
FIX_SENDER = "I'm [your one-line intro: what you study or do, and where]."
FIX_PERSONAL = "I was struck by your work on [their talk, post or project: name it]."
FIX_ASK = {
    "linkedin-note": "Would you be open to a 15-minute chat?",
    "linkedin-message": "Would you be open to a 15-minute call in the next few weeks?",
    "email": "Would you be open to a 15-minute call in the next few weeks? I'm happy to work around your schedule.",
}
FIX_CONNECT = "Would you be open to connecting?"
FIX_THANKS = "Thank you for considering it."
FIX_SUBJECT = "Subject: A short request to learn about your work"
FIX_SIGNATURE = "Best,\n[your name]"
BLANK_FOR = [  # first match wins: "INSERT COMPANY NAME" is a company, "<paper title>" a title
    (re.compile(r"your name|my name|sender", re.I), "[your name]"),
    (re.compile(r"company|organi[sz]ation|firm|employer", re.I), "[their company]"),
    (re.compile(r"paper|article|talk|post|book|project|publication|podcast", re.I), "[the title of their work]"),
    (re.compile(r"role|title|position|job", re.I), "[their role]"),
    (re.compile(r"school|university|college", re.I), "[your school]"),
    (re.compile(r"name|first|recipient|contact|person", re.I), "[their name]"),
]

GREETING_RE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b(?:\s+(?:mr|ms|mrs|mx|dr|prof)\.)?[^,\n!.?]{0,50}[,!\n.]", re.I)
GREETING_MAX_WORDS = 6  # "Dear Dr. Ana Lopez," is a greeting; a longer first clause is the message itself


@dataclass
class Checked:
    """A candidate text and everything the code found wrong with it."""

    text: str
    flags: list[str]
    problems: list[str]
    source: str = "model"
    judgement: Any = None
    changes: list[str] = field(default_factory=list)  # a rewrite's edits, in words

    @property
    def cost(self) -> int:
        """Lower is better: flag weights, plus a heavy price for any guard failure."""
        return sum(flags.WEIGHTS[f] for f in self.flags) + 100 * len(self.problems)

    @property
    def clean(self) -> bool:
        return not self.flags and not self.problems


def check_written(text: str, channel: str, sources: Sequence[str], embedder: Callable | None, source: str = "model", prompt: str = "", given: Given | None = None) -> Checked:
    """Judge a written text as a critique would, against the facts it was written from
    (`given`: invented_claim, missing_given_fact), plus the writing guards (no loops, no echo
    of the `prompt` it was written from, no talk about itself, no instruction kept)."""
    problems: list[str] = []
    if not text or not text.strip():
        return Checked(text or "", list(flags.FLAG_IDS), ["empty"], source)
    if len(text) > channels.MAX_MESSAGE_CHARS:
        return Checked(text[:200], list(flags.FLAG_IDS), ["runaway"], source)
    judgement = checks.judge(text, channel, embedder, allow_marked_blanks=True, given=given)
    if given is None:
        names = invented_names(text, sources)
        if names:
            problems.append(f"names not in the original: {', '.join(names[:5])}")
    if judgement.injection:
        problems.append("kept an instruction addressed to a tool")
    if source == "model":  # the loops and echoes of a model; code-built text quotes the writer on purpose (a subject from their body)
        if repeats(text):
            problems.append("repeats itself")
        if patterns.ABOUT_THE_REWRITE_RE.search(text):
            problems.append("talks about the rewrite instead of to the reader")
        if prompt and echoes_instructions(text, prompt, list(sources)):
            problems.append("echoes its instructions")
    return Checked(text, judgement.ids, problems, source, judgement)


def clean_model_text(raw: Any) -> str:
    """The model's reply as plain text: no code fences, no preamble line like 'Here is...'."""
    text = str(getattr(raw, "content", raw) or "").strip()
    text = re.sub(r"^```\w*\n?|\n?```$", "", text).strip()
    text = re.sub(r"^(?:here(?:'s| is) (?:the|a|my|your) [^\n:]{0,60}:|rewritten message:|rewrite:|draft:)\s*\n?", "", text, flags=re.I).strip()
    return text.strip('"').strip()


# ---------------------------------------------------------------- parsing a message into parts


def replace_placeholders(text: str) -> str:
    """Leftover template blanks become clearly marked blanks the writer must fill."""

    def blank(match: re.Match) -> str:
        token = match.group(0)
        if patterns.MARKED_BLANK_RE.fullmatch(token):
            return token
        for pattern, replacement in BLANK_FOR:
            if pattern.search(token):
                return replacement
        return "[the detail you meant to add]"

    return patterns.PLACEHOLDER_RE.sub(blank, text)


LOWER_AFTER_GREETING = {"Thank", "It's", "Your", "Since", "What", "We"}


def lay_out(channel: str, subject: str | None, greeting: str, lines: list[str], closing: str) -> str:
    """A message from its parts, laid out as the channel is read: a note on one line, an email under its subject."""
    if channel == "linkedin-note":
        if greeting and lines and lines[0].split(" ", 1)[0] in LOWER_AFTER_GREETING:
            lines = [lines[0][0].lower() + lines[0][1:], *lines[1:]]  # "Hi Priya, thank you..." on one line
        return " ".join(x for x in [greeting, *lines, closing] if x).strip()
    head = f"{subject}\n\n" if channel == "email" and subject else ""
    parts = [greeting] if greeting else []
    parts.append(" ".join(lines))
    if closing:
        parts.append(closing)
    return head + "\n\n".join(parts)


def model_may_write(model: Any = None) -> bool:
    """Whether a model writes whole messages (under the checks): when the caller passed one, or
    the provider is capable. The embedded 135M model does not: code builds the text, from the
    user's own words, and that is what checks pass (DESIGN.md: the model adds small checked
    touches, more freedom with a stronger provider)."""
    from coffeechat.config import get_settings

    return model is not None or get_settings().provider != "embedded"


def blank_notes(text: str) -> list[str]:
    """A note asking the writer to fill each marked blank ("[your school]") in text, if any."""
    blanks = list(dict.fromkeys(patterns.MARKED_BLANK_RE.findall(text or "")))
    if not blanks:
        return []
    return [f"Fill in {', '.join(blanks)} before sending: each stands for a fact you did not give (nothing is invented)."]
