"""What notes from a conversation say, read in code for a thank-you note.

read_notes(notes, name="") -> Takeaways
    header   the notes' own heading ("Talked with Dana (UX researcher at Brightloop).",
             "Call with Mr. Kowalski, March 4"): who and where, never a thing they said
    name     who the conversation was with (from `name`, else the header)
    about    their work, from the header's "(UX researcher at Brightloop)"
    said     what they said, in the second person ("most of your week is synthesis, ...")
    actions  what they suggested the writer do, as the writer's next steps: advice ("learn
             SQL before Excel macros"), resources ("read the book "Just Enough Research" by
             Erika Hall") and people ("talk to your colleague Marco Ruiz, who ...")
Each point keeps its `keys` (names, titles, numbers): a note that names the point must carry them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coffeechat.outreach import addressing, facts
from coffeechat.text import article, sentences

HEADER_RE = re.compile(
    r"^(?:#+\s*)?(?:(?:my |rough |quick )?notes?\b|talked|spoke|met|meeting|chatted|chat|call|phone call|zoom|video call|coffee|coffee chat|conversation|"
    r"info(?:rmational)?(?: interview)?|interview)\b(?:[^.!?]|\b(?:Mr|Ms|Mrs|Mx|Dr|Prof|St)\.){0,140}$", re.I)
DATE_ONLY_RE = re.compile(r"^[\w ,/.-]{0,30}\d{1,4}[\w ,/.-]{0,20}$")
HEADER_NAME_RE = re.compile(r"(?:\bwith|[-–—:])\s+(?P<name>(?:(?:Mr|Ms|Mrs|Mx|Dr|Prof)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
HEADER_ROLE_RE = re.compile(r"\((?P<role>[^()]{3,80})\)|,\s+(?P<at>[^,()]{3,60}\bat\b[^,()]{2,60})")
BULLET_RE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
LEAD_IN_RE = re.compile(
    r"^(?:(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w'’-]+)?|she|he|they|you)\s+)?(?:also\s+)?(?P<verb>said|says|say|told me|mentioned|explained|noted|stressed|pointed out|"
    r"shared|described|thinks|think|believes|believe|recommended|recommends|recommend|suggested|suggests|suggest|advised|advise|warned|offered|urged|encouraged me)\b\s*(?:that\s+)?",
    re.I,
)
ACTION_LEAD_RE = re.compile(
    r"^(?:(?:recommended|recommends|recommend|suggested|suggests|suggest|advised|advise|urged)\s+(?:that\s+)?(?:i\s+)?(?:should\s+)?|told me (?:to|i should)\s+|said (?:to|i should)\s+|encouraged me to\s+)", re.I)
IMPERATIVE_RE = re.compile(
    r"^(?:get|learn|take|read|join|apply|start|try|talk|reach|contact|find|build|keep|avoid|focus|ask|volunteer|shadow|look|listen|watch|practice|practise|"
    r"use|don't|do|make|write|email|visit|sign|study|check|follow|attend|go|spend|save|set|consider|skip|bring|prepare|register|enroll|subscribe)\b", re.I)
SKIP_RE = re.compile(r"^(?:we (?:talked|chatted|spoke) about|next steps?:?|questions?(?: i asked)?:?|to do:?|todo:?|follow[- ]up:?)\b", re.I)
QUOTED_RE = re.compile(r"[\"“][^\"”]{2,80}[\"”]")
RESOURCE_WORDS = {
    "read": "book books handbook handbooks guide guides textbook article articles paper papers report chapter blog newsletter essay memo",
    "listen to": "podcast podcasts episode episodes",
    "watch": "video videos channel webinar talk youtube",
    "join": "community meetup meetups association group slack discord chapter meetings club",
    "try": "challenges challenge labs exercises tool app",
    "look into": "course courses class classes certificate certification program programs modules module bootcamp workshop credential exam",
}
RESOURCE_VERB = {word: verb for verb, words in RESOURCE_WORDS.items() for word in words.split()}
RESOURCE_RE = re.compile(r"\b(?:" + "|".join(sorted(RESOURCE_VERB, key=len, reverse=True)) + r")\b", re.I)
NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?\s+[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?\b")
ORG_WORDS = set("university college school hospital center centre institute bank hotel airlines labs online program foundation fund county city state health rehab".split())
PERSON_CUE_RE = re.compile(r"\b(?:talk to|speak (?:to|with)|reach out to|contact|connect with|introduce|colleague|manager|friend|mentor|boss|supervisor|who (?:runs|leads|hires|moved|manages|started))\b", re.I)
ANYONE_RE = re.compile(r"\s+(?:to|for) (?:anyone|everyone|people|students|newcomers|beginners|someone)\b.*$", re.I)  # "the guides to anyone starting out": the guides
POINT_MIN_WORDS = 4  # shorter lines are labels or fragments, not something they said
SAID_VALUE, NUMBER_VALUE, NAME_VALUE = 2, 1, 1  # how a "said" line is ranked: a quoted claim over a bare fact


@dataclass
class Point:
    kind: str  # said | advice | resource | person
    text: str  # second person, no lead-in, no end mark
    keys: list[str] = field(default_factory=list)
    value: int = 0
    order: int = 0


@dataclass
class Takeaways:
    header: str = ""
    name: str = ""
    about: str = ""
    said: list[Point] = field(default_factory=list)
    actions: list[Point] = field(default_factory=list)


def _keys(text: str) -> list[str]:
    """Quoted titles, names and numbers in a line (its first word only when it is an acronym or starts a name)."""
    quoted = [q.strip("\"“”") for q in QUOTED_RE.findall(text)]
    unquoted = QUOTED_RE.sub(" ", text)
    first = re.match(r"\s*([A-Z][\w'’-]*)(\s+[A-Z])?", unquoted)
    if first and not first.group(1).isupper() and not first.group(2):
        unquoted = unquoted[first.end(1):]
    names = facts.proper_nouns(unquoted)
    numbers = facts.NUMBER_RE.findall(text)
    return list(dict.fromkeys([*quoted, *names, *numbers]))


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip().rstrip(".!;,")
    return text.replace(": ", " — ")


def header_parts(header: str) -> tuple[str, str]:
    """(name, about) from a header like "Talked with Dana (UX researcher at Brightloop)"."""
    named = HEADER_NAME_RE.search(header)
    name = named.group("name") if named else ""
    about = ""
    role = HEADER_ROLE_RE.search(header)
    if role:
        text = (role.group("role") or role.group("at") or "").strip()
        if role.group("role") and " at " not in text and ", " in text:
            first, rest = text.split(", ", 1)
            text = f"{first} at {rest}"
        if not DATE_ONLY_RE.match(text) and not text.lower().startswith(("on ", "via ", "over ")):
            about = text
    return name, about


def about_phrase(about: str) -> str:
    """"your work as a UX researcher at Brightloop" from "UX researcher at Brightloop"."""
    if not about:
        return ""
    if about.lower().startswith(("the ", "a ", "an ")):
        return f"your work at {about}"
    return f"your work as {article(about)} {about}"


def _lines(notes: str) -> list[str]:
    out = []
    for line in notes.splitlines():
        line = BULLET_RE.sub("", line).strip()
        if line:
            out.extend(s for _, _, s in sentences(line))
    return out


def read_notes(notes: str, name: str = "") -> Takeaways:
    """The notes read into a header, what they said and what they suggested (see the module docstring)."""
    lines = _lines(notes)
    found = Takeaways()
    while lines and (HEADER_RE.match(lines[0].rstrip(".")) or DATE_ONLY_RE.match(lines[0])):
        found.header = f"{found.header} {lines[0]}".strip()
        lines = lines[1:]
    header_name, found.about = header_parts(found.header)
    found.name = name or header_name
    for order, sentence in enumerate(lines):
        if sentence.endswith("?") or SKIP_RE.match(sentence) or len(sentence.split()) < POINT_MIN_WORDS:
            continue
        point = read_sentence(sentence, found.name, order)
        (found.actions if point.kind in ("advice", "resource", "person") else found.said).append(point)
    return found


def read_sentence(sentence: str, name: str, order: int) -> Point:
    """One line of notes as a point: its kind, its text said to them, its keys."""
    lead = LEAD_IN_RE.match(sentence)
    verb = (lead.group("verb").lower() if lead else "")
    rest = sentence[lead.end():] if lead else sentence
    keys = _keys(rest)
    action = ACTION_LEAD_RE.match(f"{verb} {rest}" if verb else rest) if verb in ("recommended", "suggested", "advised", "urged", "told me", "said", "encouraged me", "recommends", "suggests", "recommend", "suggest", "advise", "") else None
    spoken = _tidy(addressing.to_second_person(rest, name))
    person = next((n for n in NAME_RE.findall(QUOTED_RE.sub(" ", sentence)) if n.split()[-1].lower() not in ORG_WORDS and not re.search(rf"\bby {re.escape(n)}", sentence)
                   and n.split()[0] not in name.split()), "")
    if action or IMPERATIVE_RE.match(spoken) and not lead:
        doing = _tidy(addressing.to_second_person(ACTION_LEAD_RE.sub("", f"{verb} {rest}".strip()) if action else rest, name))
        doing = re.sub(r"^(?:i|you) (?:should )?", "", doing, flags=re.I)
        doing = doing[0].lower() + doing[1:] if doing[:1].isupper() and not doing.split()[0].isupper() else doing
        kind = "person" if person and PERSON_CUE_RE.search(sentence) else "advice"
        if re.match(r"^(?:the|a|an)\s", doing) or doing.split()[0].endswith("ing") and not doing.startswith("bring"):
            noun = RESOURCE_RE.search(doing)
            verb_for = RESOURCE_VERB.get(noun.group(0).lower(), "look into") if noun else ("start" if doing.split()[0].endswith("ing") else "look into")
            doing, kind = f"{verb_for} {doing}", ("resource" if noun or QUOTED_RE.search(doing) else "advice")
        return Point(kind, doing, keys, 0, order)
    if verb in ("recommended", "recommends", "recommend", "mentioned") and (RESOURCE_RE.search(rest) or QUOTED_RE.search(rest)) and re.match(r"^(?:the|a|an|her|his|their)\s", rest, re.I):
        noun = RESOURCE_RE.search(rest)
        object_ = ANYONE_RE.sub("", _tidy(addressing.to_second_person(rest, name)))
        return Point("resource", f"{RESOURCE_VERB.get(noun.group(0).lower(), 'look into') if noun else 'look into'} {object_[0].lower() + object_[1:]}", keys, 0, order)
    value = SAID_VALUE * bool(lead) + NUMBER_VALUE * bool(facts.NUMBER_RE.search(sentence)) + NAME_VALUE * bool(keys)
    kind = "said"
    return Point(kind, spoken[0].lower() + spoken[1:] if spoken[:1].isupper() and spoken.split()[0].lower() in addressing.COMMON_STARTS | {"you", "most", "it", "if", "in"} else spoken, keys, value, order)
