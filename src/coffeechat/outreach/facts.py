"""What a written message must keep and may not add.

A `Given` holds the facts a writer gave (a draft request's fields, the specifics of a message
being rewritten, what notes from a conversation say) and every text they wrote. Against it:

- `missing(text, given)`: the given facts a text leaves out, or stands in for with a blank
  ("[your one-line intro]" when the writer said who they are).
- `inventions(text, given)`: what a text claims beyond them: names, numbers, things (a podcast,
  a team, a breakthrough), praise, a "we" the writer never spoke for, and the writer's own
  school or employer handed to the recipient ("your research at Lakeside College").

The critique raises `missing_given_fact` and `invented_claim` from these (outreach.flags), for
drafts and rewrites, never for a message a user wrote themselves: their words are the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from coffeechat.outreach import patterns
from coffeechat.text import sentences

CAP_WORD_RE = re.compile(r"\b[A-Z][a-zA-Z’'\-]+\b")
# Capitalised words any English message may start a sentence with, sign off with, or use as a
# product's own template words: never names.
STOP_CAPS = set(
    """i i'm i'd i've i'll hi hello hey dear thanks thank best regards sincerely cheers warmly warm warmest subject linkedin would could can may
    if your you my the a an this that it we as after since when while in on at for with also and but so not no yes please looking kind all any
    whether either mr ms mrs mx dr prof many just really happy glad great is are do does what how why where who of to from here there one two three
    even again some take let feel hope hoping whenever whatever recently currently today tomorrow next last first most more once only though although
    because having being or still respectfully appreciate grateful sorry hopefully ps p.s ok okay zoom teams email phone monday tuesday wednesday
    thursday friday saturday sunday january february march april june july august september october november december question questions
    learning about short request note quick coffee call chat conversation would've such these those they them their our us me he she his her
    which every each other another both most much very well again anyway regardless absolutely certainly definitely honestly truly
    two things next as
    """.split()
)
WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’\-]*")
FUNCTION_WORDS = set(
    """a an the and or but nor of to in on at by for from with into onto about as than then that this these those is are was were be been being
    am do does did have has had i me my mine you your yours she her hers he him his they them their theirs we us our it its who whom whose which what
    how why when where whether so if not no yes very really just also too more most much many some any all each every other such own same
    can could would should will shall may might must there here out up down over under again once only even still yet""".split()
)
# A fact counts as present when at least this share of its content words appear (a fact cut to
# fit a 300-character note still reads as itself), and every proper noun in it does.
FACT_COVERAGE = 0.5

# Things a message may only mention when the writer did: the draft invented a podcast,
# a team, a breakthrough. Matched as words (plural too) against everything the writer gave.
CLAIM_NOUNS = (
    "podcast episode guest award prize grant breakthrough milestone discovery promotion startup company team lab book article paper "
    "research thesis publication keynote panel webinar course program internship conference summit workshop newsletter blog video "
    "series project dataset patent clinic university college school"
).split()
# Praise the writer did not give is invented: a reader can tell flattery from a reason.
PRAISE_WORDS = (
    "amazing incredible groundbreaking ground-breaking brilliant remarkable outstanding inspiring inspirational impressive fascinating exceptional "
    "renowned world-class pioneering legendary visionary thrilled honored honoured excited stellar extraordinary phenomenal"
).split()
WE_RE = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
NUMBER_RE = re.compile(r"\b\d[\d,.]*\b")
SECOND_PERSON_RE = re.compile(r"\b(?:you|your|yours)\b", re.I)
FIRST_PERSON_RE = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|mine)\b", re.I)


@dataclass(frozen=True)
class Fact:
    """One thing the writer gave. kind: name | sender | sender_name | their_work | how_found |
    shared_connection | learn | role | company | greeting | sign_off | detail | point | resource | person."""

    kind: str
    label: str  # how the user reads it: "who you are", "their work"
    text: str
    blank: str = ""  # the start of the marked blank that would stand in for it, e.g. "[your one-line intro"


@dataclass(frozen=True)
class Given:
    """The facts a text must keep, everything the writer wrote (what it may draw on), the
    product's own template words (which it may use), and the writer's own side (their intro:
    its proper nouns belong to the writer, never to the recipient)."""

    facts: tuple[Fact, ...]
    sources: tuple[str, ...]
    authored: tuple[str, ...] = ()
    sender_side: tuple[str, ...] = ()
    blanks_allowed: bool = True
    notes: tuple[str, ...] = field(default=())  # facts left out on purpose (to fit a limit), said to the user


def words(text: str) -> list[str]:
    return WORD_RE.findall((text or "").lower().replace("’", "'"))


def stem(word: str) -> str:
    """A crude singular: 'shifts' and 'shift' match; 'analysis' stays."""
    word = word.strip("'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in FUNCTION_WORDS and len(w) > 2}


SENTENCE_START_RE = re.compile(r"^(?:subject:\s*)?[\"'“(]?(?P<word>[A-Z][a-zA-Z’'\-]*)(?P<next>\s+[A-Z])?", re.I)


def proper_nouns(text: str) -> list[str]:
    """Capitalised words that are not ordinary words: Lakeside, Osei, SOA. A sentence's first
    word counts only when it is an acronym or starts a name ("Kenji Morales"), not "Loved ..."."""
    found = []
    for _, _, sentence in sentences(text or ""):
        start = SENTENCE_START_RE.match(sentence)
        first = start.group("word") if start and not start.group("word").isupper() and not start.group("next") else None
        for token in CAP_WORD_RE.findall(sentence):
            key = token.lower().strip("'’")
            if key in STOP_CAPS or re.sub(r"'s$", "", key) in STOP_CAPS or token == first:
                continue
            found.append(re.sub(r"['’]s$", "", token))
    return list(dict.fromkeys(found))


def present(fact: Fact, text: str) -> bool:
    """Every proper noun of the fact in text, and at least FACT_COVERAGE of its content words."""
    lowered = text.lower()
    if any(noun.lower() not in lowered for noun in proper_nouns(fact.text)):
        return False
    need = content_words(fact.text)
    if not need:
        return True
    have = content_words(patterns.MARKED_BLANK_RE.sub(" ", text))
    return len(need & have) / len(need) >= FACT_COVERAGE


def missing(text: str, given: Given) -> list[tuple[Fact, str]]:
    """(fact, why) for each given fact the text leaves out or stands in for with a blank."""
    found = []
    for fact in given.facts:
        if fact.blank and fact.blank.lower() in text.lower():
            found.append((fact, f"a blank stands for {fact.label}, which you gave"))
        elif not present(fact, text):
            found.append((fact, f"{fact.label} is left out: {fact.text!r}"))
    return found


def invented_names(text: str, sources: Sequence[str]) -> list[str]:
    """Capitalised words in text that appear in no source and are not ordinary words."""
    known = {w.strip("'") for s in sources for w in words(s)}
    found = []
    for word in CAP_WORD_RE.findall(patterns.MARKED_BLANK_RE.sub(" ", text)):
        key = word.lower().replace("’", "'").strip("'")
        base = re.sub(r"'s$", "", key)
        if key in known or base in known or key in STOP_CAPS or base in STOP_CAPS:
            continue
        found.append(word)
    return list(dict.fromkeys(found))


def inventions(text: str, given: Given) -> list[str]:
    """What text claims beyond what the writer gave, each in a few words (empty when nothing)."""
    body = patterns.MARKED_BLANK_RE.sub(" ", text)
    everything = (*given.sources, *given.authored)
    known = {stem(w) for s in everything for w in words(s)}
    found: list[str] = [f"the name {name!r}" for name in invented_names(body, everything)]
    said = {stem(w) for w in words(body)}
    found += [f"{noun!r}" for noun in CLAIM_NOUNS if noun in said and noun not in known]
    found += [f"praise ({word!r})" for word in PRAISE_WORDS if stem(word) in said and stem(word) not in known]
    if WE_RE.search(body) and not any(WE_RE.search(s) for s in everything):
        found.append(f"a \"we\" you never wrote ({WE_RE.search(body).group(0)!r})")
    known_numbers = {n for s in everything for n in NUMBER_RE.findall(s)}
    found += [f"the number {n!r}" for n in dict.fromkeys(NUMBER_RE.findall(body)) if n not in known_numbers]
    theirs = {noun for source in given.sources if source not in given.sender_side for noun in proper_nouns(source)}
    mine = [noun for side in given.sender_side for noun in proper_nouns(side) if noun not in theirs]  # a school you share stays shared
    for _, _, sentence in sentences(body):
        handed = [noun for noun in mine if noun in sentence]
        if handed and SECOND_PERSON_RE.search(sentence) and not FIRST_PERSON_RE.search(sentence):
            found.append(f"your own {' '.join(dict.fromkeys(handed))} given to them")
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- a writer's message as facts


SIGN_OFF_RE = re.compile(r"(?:^|\n)\s*(?:[-–—]\s*)?(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})\s*$")
GREETING_NAME_RE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\s+(?P<name>(?:(?:mr|ms|mrs|mx|dr|prof)\.?\s+)?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)", re.I)


def message_facts(message: str, cut: Sequence[str] = ()) -> Given:
    """The specifics of a message a rewrite must keep: who it greets, who the writer says they
    are, what of the recipient's they name, their other details (names, numbers) and their
    sign-off. Sentences in `cut` (a job request, pressure, an instruction to a tool) are the
    rewrite's to remove, so nothing in them is required."""
    facts: list[Fact] = []
    greeting = GREETING_NAME_RE.match(message)
    if greeting and greeting.group("name").split()[-1].lower() not in STOP_CAPS:
        facts.append(Fact("greeting", "the name you greet them by", greeting.group("name")))
    kept = [s for _, _, s in sentences(message) if s not in cut and not any(c in s for c in cut)]
    for sentence in kept:
        plain = " ".join(patterns.PLACEHOLDER_RE.sub(" ", sentence).split())
        if patterns.SENDER_RE.search(sentence):
            facts.append(Fact("sender", "who you are", plain, "[your one-line intro"))
        elif patterns.PERSONAL_RE.search(sentence):
            facts.append(Fact("their_work", "what of theirs you named", plain, "[their talk"))
    named = {n for f in facts for n in proper_nouns(f.text)}
    for sentence in kept:
        for noun in proper_nouns(patterns.PLACEHOLDER_RE.sub(" ", sentence)):
            if noun not in named:
                facts.append(Fact("detail", "a detail you gave", noun))
                named.add(noun)
        for number in NUMBER_RE.findall(sentence):
            facts.append(Fact("detail", "a detail you gave", number))
    sign_off = SIGN_OFF_RE.search(message.rstrip())
    if sign_off and message.rstrip().endswith(sign_off.group("name")) and sign_off.group("name").lower() not in STOP_CAPS:
        facts.append(Fact("sign_off", "your sign-off", sign_off.group("name"), "[your name]"))
    unique = list({(f.kind, f.text): f for f in facts}.values())
    return Given(tuple(unique), (message,))
