"""Writing outreach with a model that cannot be trusted, checked by code that can.

The model writes (a rewrite, a draft, a thank-you); this module decides whether what it wrote
may be shown: the same judge as the critique (outreach.checks.judge), plus guards that the
text invents no names, drops none of the sender's facts, adds no placeholders other than
clearly marked blanks like "[your school]", and follows no instruction found in the message.
`repair` fixes what code can fix; `assemble` builds a message from the sender's own sentences
and curated fixes when the model's output cannot be saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from coffeechat import signals
from coffeechat.guards import echoes_instructions, repeats
from coffeechat.outreach import channels, checks, flags, patterns
from coffeechat.text import count_words, sentences, shorten

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
BLANK_FOR = [
    (re.compile(r"your name|my name|sender", re.I), "[your name]"),
    (re.compile(r"name|first|recipient|contact|person", re.I), "[their name]"),
    (re.compile(r"company|organi[sz]ation|firm|employer", re.I), "[their company]"),
    (re.compile(r"role|title|position|job", re.I), "[their role]"),
    (re.compile(r"school|university|college", re.I), "[your school]"),
]

GREETING_RE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b(?:\s+(?:mr|ms|mrs|mx|dr|prof)\.)?[^,\n!.?]{0,50}[,!\n.]", re.I)
CLOSING_RE = re.compile(
    r"(?:^|\n|(?<=[.!?])\s+)\s*(?:best(?: regards| wishes)?|thanks(?: again| so much)?|thank you(?: again| so much)?|many thanks|kind regards|warm(?:est)? regards|regards|cheers|sincerely|warmly|all the best|respectfully|gratefully|with thanks)\s*[,!.]?\s*(?:\n\s*)?[-–—]?\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}\s*$"
    r"|\s[-–—]\s?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?\s*$",
    re.I,
)

STOP_CAPS = set(
    """i i'm i'd i've i'll hi hello hey dear thanks thank best regards sincerely cheers warmly warm warmest subject linkedin would could can may
    if your you my the a an this that it we as after since when while in on at for with also and but so not no yes please looking kind all any
    whether either mr ms mrs mx dr prof many just really happy glad great is are do does what how why where who of to from here there one two three
    even again some take let feel hope hoping whenever whatever recently currently today tomorrow next last first most more once only though although
    because having being or still respectfully appreciate grateful sorry hopefully ps p.s ok okay zoom teams email phone monday tuesday wednesday
    thursday friday saturday sunday january february march april june july august september october november december question questions
    learning about short request note quick coffee call chat conversation would've such these those they them their our us me he she his her
    which every each other another both most much very well again anyway regardless absolutely certainly definitely honestly truly
    """.split()
)
CAP_WORD_RE = re.compile(r"\b[A-Z][a-zA-Z’'\-]+\b")
GREETING_MAX_WORDS = 6  # "Dear Dr. Ana Lopez," is a greeting; a longer first clause is the message itself
CLOSING_MAX_CHARS = 80  # a sign-off ("Best regards,\nSam Lee") sits within the last 80 characters
# Sentences about the sender or the recipient are cut to 140 characters, then 120, ... down to
# 40, until the message fits its channel: the shortest that still reads as a clause.
SHORTEN_FROM_CHARS, SHORTEN_TO_CHARS, SHORTEN_STEP_CHARS = 140, 40, 20


def words_in(*sources: str) -> set[str]:
    return {w.lower().strip("’'") for s in sources for w in re.findall(r"[\w’'\-]+", s or "")}


def invented_names(text: str, sources: Sequence[str]) -> list[str]:
    """Capitalised words in text that appear in no source and are not ordinary words."""
    known = words_in(*sources)
    outside_blanks = patterns.MARKED_BLANK_RE.sub(" ", text)
    found = []
    for word in CAP_WORD_RE.findall(outside_blanks):
        key = word.lower().strip("’'")
        base = re.sub(r"(?:'s|’s)$", "", key)
        if key in known or base in known or key in STOP_CAPS or base in STOP_CAPS:
            continue
        found.append(word)
    return list(dict.fromkeys(found))


def required_facts(original: str) -> list[str]:
    """Proper nouns the sender wrote that a rewrite must keep (names, schools, employers)."""
    facts = []
    for start, end, sentence in sentences(original):
        if signals.INJECTION_RE.search(sentence) or patterns.PUSHY_RE.search(sentence) or signals.JOB_REQUEST_RE.search(sentence):
            continue
        if not (patterns.SENDER_RE.search(sentence) or patterns.PERSONAL_RE.search(sentence)):
            continue
        for word in CAP_WORD_RE.findall(patterns.PLACEHOLDER_RE.sub(" ", sentence)[1:]):
            if word.lower() not in STOP_CAPS:
                facts.append(word)
    return list(dict.fromkeys(facts))


@dataclass
class Checked:
    """A candidate text and everything the code found wrong with it."""

    text: str
    flags: list[str]
    problems: list[str]
    source: str = "model"
    judgement: Any = None

    @property
    def fixable_flags(self) -> list[str]:
        return list(self.flags)

    @property
    def cost(self) -> int:
        """Lower is better: flag weights, plus a heavy price for any guard failure."""
        return sum(flags.WEIGHTS[f] for f in self.flags) + 100 * len(self.problems)

    @property
    def clean(self) -> bool:
        return not self.flags and not self.problems


def check_written(text: str, channel: str, sources: Sequence[str], embedder: Callable | None, required: Sequence[str] = (), source: str = "model", prompt: str = "") -> Checked:
    """Judge a written text as a critique would, plus the writing guards (no loops, no echo of
    the `prompt` it was written from)."""
    problems: list[str] = []
    if not text or not text.strip():
        return Checked(text or "", list(flags.FLAG_IDS), ["empty"], source)
    if len(text) > channels.MAX_MESSAGE_CHARS:
        return Checked(text[:200], list(flags.FLAG_IDS), ["runaway"], source)
    judgement = checks.judge(text, channel, embedder, allow_marked_blanks=True)
    names = invented_names(text, sources)
    if names:
        problems.append(f"names not in the original: {', '.join(names[:5])}")
    lost = [fact for fact in required if fact.lower() not in text.lower()]
    if lost:
        problems.append(f"dropped the sender's facts: {', '.join(lost[:5])}")
    if judgement.injection:
        problems.append("kept an instruction addressed to a tool")
    if repeats(text):
        problems.append("repeats itself")
    if patterns.ABOUT_THE_REWRITE_RE.search(text):
        problems.append("talks about the rewrite instead of to the reader")
    if prompt and echoes_instructions(text, prompt, list(sources)):
        problems.append("echoes its instructions")
    return Checked(text, judgement.ids, problems, source, judgement)


def drop_invented_context(text: str, lacking: set[str]) -> tuple[str, bool]:
    """Remove sentences in which the model says who the sender is, or what the recipient made,
    when the original said neither: those facts can only come from the writer (a marked blank)."""
    dropped = False
    for start, end, sentence in reversed(sentences(text)):
        if patterns.MARKED_BLANK_RE.search(sentence) and sentence in (FIX_SENDER, FIX_PERSONAL):
            continue
        if ("no_sender_context" in lacking and patterns.SENDER_RE.search(sentence)) or ("no_personalization" in lacking and patterns.PERSONAL_RE.search(sentence)):
            text = text[:start] + text[end:]
            dropped = True
    return text.strip(), dropped


def clean_model_text(raw: Any) -> str:
    """The model's reply as plain text: no code fences, no preamble line like 'Here is...'."""
    text = str(getattr(raw, "content", raw) or "").strip()
    text = re.sub(r"^```\w*\n?|\n?```$", "", text).strip()
    text = re.sub(r"^(?:here(?:'s| is) (?:the|a|my|your) [^\n:]{0,60}:|rewritten message:|rewrite:|draft:)\s*\n?", "", text, flags=re.I).strip()
    return text.strip('"').strip()


# ---------------------------------------------------------------- parsing a message into parts


@dataclass
class Parts:
    subject: str | None
    greeting: str
    closing: str
    body: list[str] = field(default_factory=list)  # sentences between greeting and closing


def parse_parts(message: str, channel: str) -> Parts:
    subject = None
    text = message
    if channel == "email":
        subject, start = channels.split_email(message)
        text = message[start:]
    text = text.strip()
    greeting = ""
    match = GREETING_RE.match(text)
    if match and len(match.group(0).split()) <= GREETING_MAX_WORDS:
        greeting = match.group(0).strip().rstrip(".")
        if not greeting.endswith((",", "!")):
            greeting += ","
        text = text[match.end():].strip()
    closing = ""
    tail = CLOSING_RE.search(text)
    if tail and len(text) - tail.start() < CLOSING_MAX_CHARS:
        closing = tail.group(0).strip()
        text = text[: tail.start()].strip()
    return Parts(subject, greeting, closing, [s[2] for s in sentences(text)])


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


def lay_out(channel: str, subject: str | None, greeting: str, lines: list[str], closing: str) -> str:
    """A message from its parts, laid out as the channel is read: a note on one line, an email under its subject."""
    if channel == "linkedin-note":
        return " ".join(x for x in [greeting, *lines, closing] if x).strip()
    head = f"{subject}\n\n" if channel == "email" and subject else ""
    parts = [greeting] if greeting else []
    parts.append(" ".join(lines))
    if closing:
        parts.append(closing)
    return head + "\n\n".join(parts)


def assemble(message: str, channel: str, embedder: Callable | None) -> str:
    """A message built in code: the sender's own clean sentences plus curated fixes.

    Drops sentences that push, ask for a job or address a tool; turns placeholders into marked
    blanks; adds what is missing (who the sender is, something specific to them, a bounded ask,
    thanks, a subject); then trims optional sentences until it fits the channel.
    """
    parts = parse_parts(message, channel)
    kept: list[tuple[str, str]] = []  # (role, sentence)
    for sentence in parts.body:
        if signals.INJECTION_RE.search(sentence) or patterns.PUSHY_RE.search(sentence):
            continue
        if signals.JOB_REQUEST_RE.search(sentence) and not signals.JOB_NEGATION_RE.search(sentence):
            continue
        sentence = replace_placeholders(sentence)
        if patterns.ASK_CUE_RE.search(sentence) and (patterns.CONVERSATION_RE.search(sentence) or patterns.CONNECT_RE.search(sentence)):
            role = "ask"
        elif patterns.SENDER_RE.search(sentence):
            role = "sender"
        elif patterns.PERSONAL_RE.search(sentence):
            role = "personal"
        elif patterns.GRATITUDE_RE.search(sentence):
            role = "thanks"
        else:
            role = "other"
            if len(sentence.split()) < 3:
                continue  # fragments ("lol", a stray name) carry nothing worth keeping
        kept.append((role, sentence))

    # What is missing is judged on what is kept: a dropped sentence may have carried it.
    kept_text = " ".join(s for _, s in kept) or "."
    raised = set(checks.judge(kept_text, channel, embedder, allow_marked_blanks=True).ids) if kept_text.strip(". ") else {"no_sender_context", "no_personalization"}
    roles = {r for r, _ in kept}
    if "sender" not in roles and "no_sender_context" in raised:
        kept.insert(0, ("sender", FIX_SENDER))
    if "personal" not in roles and "no_personalization" in raised:
        at = next((i + 1 for i, (r, _) in enumerate(kept) if r == "sender"), 0)
        kept.insert(at, ("personal", FIX_PERSONAL))
    asks = [s for r, s in kept if r == "ask"]
    bounded = [s for s in asks if patterns.TIME_BOUND_RE.search(s)]
    kept = [(r, s) for r, s in kept if r != "ask"]
    if bounded:
        ask = bounded[0]
    elif channel == "linkedin-note" and asks and not any(patterns.CONVERSATION_RE.search(s) for s in asks):
        ask = asks[0]  # a note that asks to connect needs no time bound
    else:
        ask = FIX_ASK[channel]
    thanks_kept = [(r, s) for r, s in kept if r == "thanks"]
    kept = [(r, s) for r, s in kept if r != "thanks"] + [("ask", ask)] + thanks_kept
    closing = replace_placeholders(parts.closing)
    closing_thanks = bool(patterns.GRATITUDE_RE.search(closing))
    if not closing_thanks and not any(r == "thanks" for r, _ in kept):
        kept.append(("thanks", FIX_THANKS))
    if not closing and channel != "linkedin-note":
        closing = FIX_SIGNATURE
    subject = None
    if channel == "email":
        subject = f"Subject: {replace_placeholders(parts.subject)}" if parts.subject else FIX_SUBJECT
    greeting = replace_placeholders(parts.greeting)

    def fits(lines: list[tuple[str, str]]) -> bool:
        text = lay_out(channel, subject, greeting, [s for _, s in lines], closing)
        if channel == "email":
            return count_words(text[len(subject or ""):]) <= channels.EMAIL_WORD_LIMIT
        return len(text) <= channels.CHAR_LIMITS[channel]

    # Trim: drop "other" sentences from the end, then shorten the longest kept ones.
    while not fits(kept) and any(r == "other" for r, _ in kept):
        last = max(i for i, (r, _) in enumerate(kept) if r == "other")
        kept.pop(last)
    for extra in ("thanks",):
        if not fits(kept) and closing_thanks:
            kept = [(r, s) for r, s in kept if r != extra]
    budget = SHORTEN_FROM_CHARS
    while not fits(kept) and budget >= SHORTEN_TO_CHARS:
        kept = [(r, shorten(s, budget) if r in ("sender", "personal") else s) for r, s in kept]
        budget -= SHORTEN_STEP_CHARS
    if not fits(kept) and channel == "linkedin-note":
        greeting = ""
        closing = closing if len(closing) < 20 else ""
    text = lay_out(channel, subject, greeting, [s for _, s in kept], closing)
    # Similarity may read the assembled whole differently from its parts: verify, and fall
    # back to the curated sentence for anything still missing.
    final = set(checks.judge(text, channel, embedder, allow_marked_blanks=True).ids)
    extra = [fix for flag, fix in (("no_sender_context", FIX_SENDER), ("no_personalization", FIX_PERSONAL)) if flag in final and fix not in text]
    if extra:
        kept = [("fix", fix) for fix in extra] + [(r, s) for r, s in kept if r not in ("other",)]
        text = lay_out(channel, subject, greeting, [s for _, s in kept], closing)
    return text


def blank_notes(text: str) -> list[str]:
    """A note asking the writer to fill each marked blank ("[your school]") in text, if any."""
    blanks = list(dict.fromkeys(patterns.MARKED_BLANK_RE.findall(text or "")))
    if not blanks:
        return []
    return [f"Fill in {', '.join(blanks)} before sending: each stands for a fact you did not give (nothing is invented)."]
