"""Saying the user's facts to the recipient: "her talk" becomes "your talk", "how she moved"
becomes "how you moved", "Dr. Amara Osei" is greeted as "Dr. Osei", "Priya Shah" as "Priya".

Used by drafts and thank-you notes, where the user writes about the person and the message
speaks to them.
"""

from __future__ import annotations

import re

TITLES = ("mr", "ms", "mrs", "mx", "dr", "prof")
TITLE_RE = re.compile(r"^(?P<title>(?:mr|ms|mrs|mx|dr|prof)\.?)\s+(?P<rest>.+)$", re.I)

# "her" is an object ("I asked her", "told her that") before these words or at a clause's end;
# otherwise it is a possessive ("her talk").
HER_AS_OBJECT_RE = re.compile(
    r"\bher\b(?=\s+(?:\d|a\b|an\b|the\b|to\b|and\b|or\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|several\b"
    r"|many\b|more\b|less\b|that\b|this\b|about\b|for\b|with\b|at\b|in\b|on\b|if\b|how\b|what\b|why\b|when\b|whether\b)|\s*[,.;:!?)]|\s*$)",
    re.I,
)
PRONOUNS = (("she's", "you're"), ("he's", "you're"), ("she'd", "you'd"), ("he'd", "you'd"), ("she'll", "you'll"), ("he'll", "you'll"),
            ("herself", "yourself"), ("himself", "yourself"), ("she", "you"), ("he", "you"), ("her", "your"), ("his", "your"), ("hers", "yours"))
# After "you", a verb agrees with it: "you is" -> "you are", "you moves" -> "you move".
AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't", "goes": "go"}
ADVERBS = r"(?:(?:always|often|usually|never|still|also|now|really|just|only|sometimes|even|already|mostly|actually|recently|first)\s+)?"
THIRD_PERSON_VERB_RE = re.compile(rf"\b(you\s+{ADVERBS})([a-z]+?)(ies|es|s)\b", re.I)
NOT_VERBS = {"thi", "ha", "wa", "i", "u", "a", "bu", "plu"}  # stems of this, has, was, is... handled above or not verbs
ES_VERBS = ("sh", "ch", "x", "ss", "zz", "o")
ES_EXCEPTIONS = {"focuses": "focus", "biases": "bias"}  # "-ses" after a single s: most drop only the s ("uses", "causes")


def _agree(match: re.Match) -> str:
    lead, base, ending = match.group(1), match.group(2), match.group(3)
    word = base + ending
    if word.lower() in AGREEMENT:
        return lead + AGREEMENT[word.lower()]
    if ending == "ies":
        return lead + base + "y"
    if word.lower() in ES_EXCEPTIONS:
        return lead + ES_EXCEPTIONS[word.lower()]
    if ending == "es" and base.lower().endswith(ES_VERBS):
        return lead + base
    if ending == "es":
        return lead + base + "e"
    if base.lower() in NOT_VERBS or len(base) < 2 or base.lower().endswith(("s", "u")):
        return match.group(0)
    return lead + base


def to_second_person(text: str, name: str = "") -> str:
    """Third person about the recipient made second person: her/his/she/he and their name
    ("Dana's team" -> "your team"), with the verbs after "you" agreeing."""
    for part in [p for p in re.split(r"\s+", name or "") if p and p.rstrip(".").lower() not in TITLES]:
        text = re.sub(rf"\b{re.escape(part)}['’]s\b", "her", text)
    text = HER_AS_OBJECT_RE.sub("you", text)
    for a, b in PRONOUNS:
        text = re.sub(rf"\b{a}\b", lambda m, b=b: b.capitalize() if m.group(0)[0].isupper() else b, text, flags=re.I)
    for wrong, right in AGREEMENT.items():
        text = re.sub(rf"\b(you\s+{ADVERBS}){re.escape(wrong)}\b", lambda m, r=right: m.group(1) + r, text, flags=re.I)
    return THIRD_PERSON_VERB_RE.sub(_agree, text)


FIRST_PERSON = (("i'm", "you're"), ("i've", "you've"), ("i'd", "you'd"), ("i'll", "you'll"), ("i am", "you are"), ("i was", "you were"),
                ("myself", "yourself"), ("mine", "yours"), ("my", "your"), ("me", "you"), ("i", "you"))


def first_to_second_person(text: str) -> str:
    """What the professional said of themselves ("I told every intern my first exam took me three
    tries"), said back to them ("you told every intern your first exam took you three tries")."""
    for a, b in FIRST_PERSON:
        text = re.sub(rf"\b{a}\b", lambda m, b=b: b.capitalize() if m.group(0)[0].isupper() and m.start() == 0 else b, text, flags=re.I)
    return text


def greeting_name(name: str) -> str:
    """How a greeting names them: "Dr. Amara Osei" -> "Dr. Osei", "Priya Shah" -> "Priya", "Ms. Ruth Abernathy" -> "Ms. Abernathy"."""
    name = " ".join((name or "").split())
    titled = TITLE_RE.match(name)
    if titled:
        title = titled.group("title")
        title = title if title.endswith(".") else title + "."
        return f"{title[0].upper()}{title[1:]} {titled.group('rest').split()[-1]}"
    return name.split()[0] if name else ""


def greeting(name: str, channel: str) -> str:
    """The greeting line: "Dear Dr. Osei," in a titled email, "Hi Priya," otherwise, "Hi [their name]," without a name."""
    if not name:
        return "Hi [their name],"
    shown = greeting_name(name)
    return f"Dear {shown}," if channel == "email" and TITLE_RE.match(name) else f"Hi {shown},"


def lower_first(phrase: str) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym ("Her post" -> "her post", "SOA webinar" stays)."""
    first = phrase.split(" ", 1)[0] if phrase else ""
    if not first or first.isupper() or (len(first) > 1 and not first[1:].islower()):
        return phrase
    return phrase[0].lower() + phrase[1:] if first.lower() in COMMON_STARTS else phrase


COMMON_STARTS = set(
    """her his their the a an your my our this that these those how what why when where whether which who about from in on at for with to
    gave wrote spoke ran led built made taught said shared posted published presented founded started moved switched worked talk post article
    paper episode series thread book interview webinar keynote panel project research work piece essay video blog newsletter case study""".split()
)
