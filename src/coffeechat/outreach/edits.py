"""A rewrite made of precise edits to the writer's own message, one per flag, in code.

edit_message(message, channel, flag_ids, embedder) -> Edited
    Keeps the writer's layout, greeting, details and sign-off, and changes only what a flag
    asks for:
      asks_for_job          cut the request (the clause when the rest of its sentence stands)
      pushy_tone            cut the pressure: "ASAP" and "!!" go, "Surely you can" becomes
                            "Could you", a sentence of pure pressure is cut
      template_placeholder  each leftover becomes a marked blank ("[their name]")
      no_clear_ask          add a bounded ask
      no_time_bound         bound the ask in place ("a call" -> "a 15-minute call"), or add a line
      no_gratitude          add thanks
      missing_subject       add a subject line from what they wrote about ("your talk on ...")
      no_sender_context     add a marked blank for the writer's one-line intro
      no_personalization    add a marked blank for something of theirs
      too_long              cut the least specific sentences, then shorten, until it fits
    Each change is listed in words (`changes`) so the writer sees exactly what was done, and
    each sentence taken out is in `cut` (its facts go with it, on purpose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from coffeechat import signals
from coffeechat.outreach import channels, checks, facts, patterns, writing
from coffeechat.outreach.pieces import EditableMessage

JOB_WORDS_RE = re.compile(r"\b(?:job|jobs|position|positions|opening|openings|role|roles|internship|internships|hiring|hire|r[ée]sum[ée]|cv|refer|referral|referrals|recommendation|considered|portfolio)\b", re.I)
CLAUSE_SPLIT_RE = re.compile(r",\s+(?:and|but|so)\s+|;\s+|\s+and\s+(?=(?:could|would|can|will|i|please|keep|let|pass|send)\b)|,\s+(?=i\b|i'm\b|please\b)", re.I)
KEPT_CLAUSE_MIN_WORDS = 4  # "Would love to connect" stands alone; "I completely understand" is a reply to what was cut
# Pressure that can go as words, leaving the sentence standing.
PRESSURE_WORDS_RE = re.compile(r",?\s*\b(?:asap|as soon as possible|right away|immediately|urgently)\b", re.I)
SOFTER = [
    (re.compile(r"^surely (?:you|someone(?: [\w-]+){0,4}) can\b", re.I), "Could you"),
    (re.compile(r"\bI expect\b"), "I'd welcome"),
    (re.compile(r"\bI need (?=an? \d)"), "I'd welcome "),
    (re.compile(r"\s+(?:this week|today|tonight|tomorrow|by (?:monday|tuesday|wednesday|thursday|friday|the end of the week))(?=[.!?]?$)", re.I), ""),
]
BARE_DEMAND_RE = re.compile(r"^(?:please )?(?:reply|respond|answer|get back to me|write back|let me know)(?: to me)?[.!]*$", re.I)  # all that is left once "ASAP" goes
TIME_IN_PLACE_RE = re.compile(r"\ba (?:quick |short |brief )?(?P<what>call|chat|phone call|video call|zoom call|zoom|conversation|phone conversation|coffee chat|coffee|meeting)\b", re.I)
BOUND_LINE = "Even 15 minutes would be a big help."
BARE_ASK_RE = re.compile(r"^(?P<ask>(?:can|could|may) (?:we|i) (?:talk|chat|speak|meet))(?P<rest>(?: (?:about|sometime|soon|this|next|with you)[^?]*)?)\?$", re.I)
SUBJECT_FROM_RE = re.compile(r"\byour (?P<what>(?:[\w'&.-]+ ){0,3}?(?:talk|keynote|presentation|post|article|essay|paper|podcast|episode|interview|book|chapter|thread|piece|project|research|panel|webinar|video|series|report|op-ed|column|poster|workshop|study|memo|work)) (?P<prep>on|about|at|in) (?P<topic>[^.,;!?\n]{3,80})", re.I)
SUBJECT_WORDS = 7  # a subject drawn from the message: at most this many words after "your talk on"
SUBJECT_STOP_RE = re.compile(r"\s(?:has|have|had|is|was|were|and|that|which|who|stayed|changed|made|helped|gave|showed|really|so)\b.*$", re.I)
# Sentences are cut to 140 characters, then 120, ... down to 40, until the message fits its
# channel: the shortest that still reads as a clause.
SHORTEN_FROM_CHARS, SHORTEN_TO_CHARS, SHORTEN_STEP_CHARS = 140, 40, 20
SHORTEN_KEEP_SHARE = 0.4  # a cut keeps at least this share of the budget, else it is no shorter sentence but a fragment
SHORTEN_FIRST_TO_CHARS = 100  # before cutting a sentence that names something, long ones are cut to a clause of 100


@dataclass
class Edited:
    text: str
    changes: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)  # the writer's sentences taken out or changed (their facts go with them)


def _end_mark(clause: str) -> str:
    return "?" if re.match(r"^(?:would|could|can|may|might|will|do|does|are|is|have|should)\s+(?:you|we|i|it)\b", clause, re.I) else "."


def _kept_clauses(sentence: str, bad: Callable[[str], bool]) -> str:
    """The sentence without its bad clauses, or "" when what is left would not stand alone."""
    body = sentence.rstrip(".!? ")
    parts = [p.strip(" ,;") for p in CLAUSE_SPLIT_RE.split(body) if p and p.strip(" ,;")]
    if len(parts) < 2:
        return ""
    kept = [p for p in parts if not bad(p)]
    if not kept or len(kept) == len(parts) or len(" ".join(kept).split()) < KEPT_CLAUSE_MIN_WORDS:
        return ""
    text = ", and ".join(kept)
    return text[0].upper() + text[1:] + _end_mark(text)


def _is_job(text: str) -> bool:
    return bool((signals.JOB_REQUEST_RE.search(text) and not signals.JOB_NEGATION_RE.search(text)) or JOB_WORDS_RE.search(text))


def cut_job_requests(d: EditableMessage) -> None:
    for i in reversed(d.body()):
        sentence = d.items[i].text
        if not signals.JOB_REQUEST_RE.search(sentence) or signals.JOB_NEGATION_RE.search(sentence):
            continue
        kept = _kept_clauses(sentence, _is_job)
        if kept:
            d.cut.append(sentence)
            d.replace(i, kept, "Cut the job request")
        else:
            d.remove(i, "Cut the job request")


def _soften(sentence: str) -> str:
    softer = sentence
    for pattern, replacement in SOFTER:
        softer = pattern.sub(replacement, softer)
    if softer.startswith("Could you") and not softer.endswith("?"):
        softer = softer.rstrip(".!") + "?"
    return softer


def cut_pressure(d: EditableMessage) -> None:
    for i in reversed(range(len(d.items))):
        sentence = d.items[i].text
        if not patterns.PUSHY_RE.search(sentence) or d.is_subject(i):
            continue
        softer = _soften(re.sub(r"!{2,}", "!", PRESSURE_WORDS_RE.sub("", sentence)).replace(" ?", "?").replace(" .", "."))
        if softer != sentence and not patterns.PUSHY_RE.search(softer) and len(softer.split()) >= 2 and not BARE_DEMAND_RE.match(softer):
            d.cut.append(sentence)
            d.replace(i, softer, "Took out the pressure")
            continue
        kept = _kept_clauses(sentence, lambda c: bool(patterns.PUSHY_RE.search(c)))
        if kept and not patterns.PUSHY_RE.search(kept):
            d.cut.append(sentence)
            d.replace(i, kept, "Took out the pressure")
        else:
            d.remove(i, "Cut the pressure")
    if d.items and d.is_subject(0) and patterns.PUSHY_RE.search(d.items[0].text):
        subject = PRESSURE_WORDS_RE.sub("", d.items[0].text).strip()
        if patterns.PUSHY_RE.search(subject) or not channels.split_email(subject)[0]:
            subject = "Subject: A question about your work"
        d.cut.append(d.items[0].text)
        d.replace(0, subject, "Took the pressure out of the subject")


def cut_remaining_pressure(d: EditableMessage, embedder: Callable | None) -> None:
    """Pressure no pattern names but the judge still reads (similarity): soften that sentence, or cut it."""
    if not d.text().strip():
        return
    judged = checks.judge(d.text(), d.channel, embedder, allow_marked_blanks=True)
    pushy = next((f for f in judged.flags if f.id == "pushy_tone"), None)
    if pushy is None:
        return
    text = d.text()
    for start, end in pushy.spans:
        evidence = text[start:end]
        i = next((i for i in d.body() if evidence and (evidence in d.items[i].text or d.items[i].text in evidence)), None)
        if i is None:
            continue
        softer = _soften(d.items[i].text)
        if softer != d.items[i].text:
            d.cut.append(d.items[i].text)
            d.replace(i, softer, "Took out the pressure")
        else:
            d.remove(i, "Cut the pressure")


def cut_instructions(d: EditableMessage) -> None:
    for i in reversed(range(len(d.items))):
        if signals.INJECTION_RE.search(d.items[i].text):
            d.remove(i, "Cut text addressed to a tool, not to them")


def fill_placeholders(d: EditableMessage) -> None:
    for i, piece in enumerate(d.items):
        filled = writing.replace_placeholders(piece.text)
        if filled != piece.text:
            d.replace(i, filled, "Turned a leftover placeholder into a blank for you to fill")


def subject_from(message: str) -> str:
    """A subject drawn from what the writer named of theirs ("A question about your talk on green alleys")."""
    match = SUBJECT_FROM_RE.search(message)
    if not match:
        return writing.FIX_SUBJECT
    words = SUBJECT_STOP_RE.sub("", match.group("topic")).split()[:SUBJECT_WORDS]
    while words and words[-1].lower() in facts.FUNCTION_WORDS:
        words.pop()
    if not words:
        return writing.FIX_SUBJECT
    return f"Subject: A question about your {match.group('what')} {match.group('prep')} {' '.join(words).rstrip(' ,;-')}"


def add_subject(d: EditableMessage, message: str) -> None:
    line = subject_from(message)
    if d.items and patterns.SUBJECT_RE.match(d.items[0].text):
        d.replace(0, line, "Filled in the empty subject line")
    else:
        d.prepend_line(line, "Added a subject line")


def bound_the_ask(d: EditableMessage) -> None:
    """"a call" -> "a 15-minute call" in the ask that names one; else a line after the last ask."""
    asks = [i for i in d.body() if patterns.ASK_CUE_RE.search(d.items[i].text) and patterns.CONVERSATION_RE.search(d.items[i].text)]
    for i in asks:
        sentence = d.items[i].text
        match = TIME_IN_PLACE_RE.search(sentence)
        if match:
            d.replace(i, sentence[: match.start()] + f"a 15-minute {match.group('what')}" + sentence[match.end():], "Bounded the ask")
            return
        bare = BARE_ASK_RE.match(sentence)
        if bare:
            d.replace(i, f"{bare.group('ask')} for 15 minutes{bare.group('rest')}?", "Bounded the ask")
            return
    if asks:
        d.insert(asks[-1] + 1, BOUND_LINE, "Bounded the ask")
    else:
        d.append_to_body(BOUND_LINE, "Bounded the ask")


def add_sender(d: EditableMessage) -> None:
    body = d.body()
    d.insert(body[0] if body else d.closing_start(), writing.FIX_SENDER, "Added a blank for who you are (you did not say)", lead=True)


def add_personal(d: EditableMessage) -> None:
    body = d.body()
    why = "Added a blank for something of theirs you can name (you named nothing)"
    after = next((i + 1 for i in body if patterns.SENDER_RE.search(d.items[i].text)), None)
    if after is None:
        d.insert(body[0] if body else d.closing_start(), writing.FIX_PERSONAL, why, lead=True)
    else:
        d.insert(after, writing.FIX_PERSONAL, why)


def _specificity(text: str) -> int:
    return len(facts.proper_nouns(text)) + len(facts.NUMBER_RE.findall(text))


def _role(text: str) -> str:
    if patterns.ASK_CUE_RE.search(text) and (patterns.CONVERSATION_RE.search(text) or patterns.CONNECT_RE.search(text)):
        return "ask"
    if patterns.GRATITUDE_RE.search(text):
        return "thanks"
    return "other"


BREAK_RE = re.compile(r"[,;]\s|\s[-–—]\s|\s(?=(?:and|but|because|which|who|that|so|in|about|at|on|for|from|with|to|of|after|before|during|since|while)\s)")


def clause(sentence: str, limit: int) -> str:
    """The sentence cut to `limit` characters where a clause or phrase ends, at the place that
    keeps the most names and numbers (then the most words), never ending on a word that needs
    another ("from", "an")."""
    body = sentence.rstrip(".!? ")
    if len(body) < limit:
        return sentence
    ends = [m.start() for m in BREAK_RE.finditer(body) if limit * SHORTEN_KEEP_SHARE < m.start() <= limit]
    ends = ends or [body.rfind(" ", 0, limit)]
    best = max(ends, key=lambda at: (_specificity(body[:at]), at))
    words = body[:best].split()
    while len(words) > 1 and words[-1].lower().strip(",;") in facts.FUNCTION_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;-–—") + ("?" if sentence.rstrip().endswith("?") else ".")


def still_a_bounded_ask(before: str, after: str) -> bool:
    return bool(patterns.ASK_CUE_RE.search(after) and (patterns.CONVERSATION_RE.search(after) or patterns.CONNECT_RE.search(after))
                and (patterns.TIME_BOUND_RE.search(after) or not patterns.TIME_BOUND_RE.search(before)))


def trim(d: EditableMessage) -> None:
    """Until the message fits: cut optional sentences that name nothing (never the intro, the
    first thing of theirs they named, the ask or the thanks), then shorten long sentences at a
    clause, then cut the least specific optional sentences left, then shorten further."""
    protected: set[str] = set()
    for pattern in (patterns.SENDER_RE, patterns.PERSONAL_RE):
        first = next((d.items[i].text for i in d.body() if pattern.search(d.items[i].text)), None)
        if first:
            protected.add(first)

    def cut(most_specific: int) -> None:
        while not channels.fits(d.text(), d.channel):
            optional = [i for i in d.body() if d.items[i].text not in protected and not d.items[i].added and _role(d.items[i].text) == "other"
                        and _specificity(d.items[i].text) <= most_specific]
            if not optional:
                return
            victim = min(optional, key=lambda i: (_specificity(d.items[i].text), -len(d.items[i].text)))
            d.remove(victim, "Cut to fit the limit")

    kept_whole: set[int] = set()

    def shorten_all(down_to: int) -> None:
        """The longest sentence first, one at a time, each to the budget, until the message fits."""
        budget = SHORTEN_FROM_CHARS
        while not channels.fits(d.text(), d.channel) and budget >= down_to:
            long_ones = [i for i in d.body() if len(d.items[i].text) > budget and not d.items[i].added and i not in kept_whole
                         and (_role(d.items[i].text) in ("other", "ask") or d.items[i].text in protected)]
            if not long_ones:
                budget -= SHORTEN_STEP_CHARS
                continue
            i = max(long_ones, key=lambda i: len(d.items[i].text))
            text = d.items[i].text
            if _role(text) == "ask" and not still_a_bounded_ask(text, clause(text, budget)):
                kept_whole.add(i)  # an ask cut short of its request or its length is no ask
                continue
            d.cut.append(text)
            protected.discard(text)
            d.replace(i, clause(text, budget), "Shortened to fit the limit", show_before=False)
            protected.add(d.items[i].text)

    cut(most_specific=0)
    shorten_all(down_to=SHORTEN_FIRST_TO_CHARS)
    cut(most_specific=len(d.text()))
    shorten_all(down_to=SHORTEN_TO_CHARS)
    if not channels.fits(d.text(), d.channel) and d.channel == "linkedin-note":
        greeting = d.greeting_index()
        if greeting is not None:
            d.remove(greeting, "Cut the greeting to fit 300 characters")


def edit_message(message: str, channel: str, flag_ids: list[str], embedder: Callable | None = None) -> Edited:
    """The writer's message with one precise edit per flag; see the module docstring."""
    d = EditableMessage(message, channel)
    raised = set(flag_ids)
    cut_instructions(d)
    if "asks_for_job" in raised:
        cut_job_requests(d)
    if "pushy_tone" in raised:
        cut_pressure(d)
        cut_remaining_pressure(d, embedder)
    if "template_placeholder" in raised:
        fill_placeholders(d)
    if "missing_subject" in raised:
        add_subject(d, message)
    # What the cuts took away is judged again: a cut sentence may have carried the ask.
    now = set(checks.judge(d.text(), channel, embedder, allow_marked_blanks=True).ids) if d.text().strip() else {"no_clear_ask", "no_sender_context", "no_personalization", "no_gratitude"}
    if "no_sender_context" in now:
        add_sender(d)
    if "no_personalization" in now:
        add_personal(d)
    if "no_clear_ask" in now:
        d.append_to_body(writing.FIX_ASK[channel], "Added a bounded ask")
    elif "no_time_bound" in now:
        bound_the_ask(d)
    if "no_gratitude" in now:
        d.append_to_body(writing.FIX_THANKS, "Added thanks")
    if not channels.fits(d.text(), channel):
        trim(d)
    return Edited(d.text(), d.changes, d.cut)
