"""Authored material made into questions in code, addressed to the professional about their own
experience: a user's goal in the user's own voice ("I'm weighing whether to do a clerkship
first: how did that choice look for you?"), an insider's "Ask about" line, a line of their bio,
the user's background.

A question the user leads with their own words is a `Phrasing`: the lead (the user's words,
or what they read about the person) and the follow-up (what is asked). The model may later
rewrite only the follow-up, under checks; the authored follow-ups are what it falls back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coffeechat.questions.checks import WHY_MAX_WORDS
from coffeechat.signals import INJECTION_RE
from coffeechat.text import CLAUSE_MARKS, sentences, shorten, with_article

WH = r"(how|what|which|why|when|where|who|whom|whose|whether|if)"
# A pronoun for the professional, as a goal or an insight speaks of them.
THIRD_PERSON = {"they": "you", "he": "you", "she": "you", "them": "you", "him": "you", "their": "your", "theirs": "yours",
                "his": "your", "her": "your", "hers": "yours", "themselves": "yourself", "himself": "yourself", "herself": "yourself",
                "they're": "you're", "they've": "you've", "they'd": "you'd", "they'll": "you'll", "he's": "you've", "she's": "you've"}
OBJECT_FOLLOWERS = {"", "and", "or", "to", "for", "in", "at", "on", "about", "with", "from", "as", "when", "because", "so", "into", "through"}
SINGULAR_SUBJECTS = {"he", "she", "he's", "she's"}
PRONOUN_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, THIRD_PERSON), key=len, reverse=True)) + r")\b", re.I)
# A present-tense verb after "he"/"she" that becomes "you": is -> are, has -> have, manages -> manage.
IRREGULAR_PRESENT = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go", "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}
PAST_IRREGULAR = set("""made took went got became did chose found left began ran led built wrote won grew taught brought bought thought felt kept
    spent sent heard knew met paid said saw told understood came gave had was were learnt""".split())
AUXILIARIES = {"are", "were", "have", "had", "can", "could", "would", "will", "should", "might", "may", "must", "do", "did"}
# A goal phrased as what the user wants ("I want to know", "learn about") is stripped to its object.
WANT_RE = re.compile(
    r"^(?:(?:i'?d|i would|i) (?:really )?(?:like|love|want|hope|need) to |i wanna |i'?m hoping to |hoping to |(?:i )?want to |to )?"
    r"(?:know|learn|understand|hear|find out|ask(?: (?:them|him|her))?|get a sense of|figure out|explore|discuss|talk about|dig into)\s+(?:more\s+)?(?:about\s+)?", re.I)
CURIOUS_RE = re.compile(r"^(?:i'?m |i am )?(?:curious|interested|wondering)\s+(?:about|in)\s+", re.I)
TELL_ME_RE = re.compile(r"^(?:(?:can|could|would) you )?(?:tell me|talk about|walk me through)\s+(?:about\s+)?", re.I)
CLOSED_RE = re.compile(r"^(is|are|was|were|do|does|did|should|can|could|will|would|have|has)\s+(i|you|it|there|they|we)\b\s*(.*)$", re.I)
BE_NOUN_RE = re.compile(r"^(is|are)\s+(.+?)\s+((?:really |still |actually )?(?:worth|necessary|hard|easy|worthwhile|better|enough|required|important|common|"
                        r"possible|realistic|stressful|competitive|good|bad|helpful|useful|valuable|needed|essential|the best|a good|a bad|too|very|more|less|likely)\b.*)$", re.I)
COMPARE_RE = re.compile(r"\s(?:versus|vs\.?|or)\s", re.I)
COMPARE_MAX_WORDS = 10  # "schools or hospitals", "outpatient versus hospital settings": a choice named in a few words
HOW_TO_RE = re.compile(r"^(how|where|when|what)\s+(?:to|(?:do|can|should|could|would|might) i|i (?:can|could|should|might))\s+", re.I)
WHETHER_ME_RE = re.compile(r"^whether\s+(?:to|i should|i need to|i must|it'?s worth)\s+", re.I)
DECIDE_RE = re.compile(r"^which\s+([\w\-]+\s+){1,4}to\s+\w+", re.I)
LIKE_RE = re.compile(r"\b(is|are|was|were|looks?|feels?|looked|felt) (really |actually )?like\b", re.I)
PAST_LIKE_RE = re.compile(r"\b(was|were|looked|felt) (really |actually )?like\b", re.I)
# "how they cope": they is the professional; "how curators get their first job": their is the curators'.
THEY_SUBJECT_RE = re.compile(WH + r"(\s+(much|many|often|long|far|well))?\s+(they|their|them|they've|they're)\b", re.I)
WORTH_RE = re.compile(r"\b(worth|helps?|matters?|pays? off|necessary|needed)\b", re.I)

FOLLOW_UPS = {
    # The authored asking parts, per kind of goal, varied so several goals do not end alike.
    "decision": ("how did that choice look for you?", "what would you weigh in my place?", "how did you decide, looking back?"),
    "how_to": ("what would you do in my place?", "what worked for you?", "where would you start if you were me?"),
    "experience_now": ("what has helped you most?", "what do you wish you had known sooner?", "what has surprised you about it?"),
    "experience_past": ("what helped you most along the way?", "what would you do differently now?", "what stands out, looking back?"),
    "experience_like": ("could you walk me through a recent week?", "what surprised you most about it?", "what has it been like for you?"),
    "understand": ("what have you seen in your own work?", "how does that play out for you?", "what has your experience taught you about it?"),
    "curious": ("what has your experience been?", "how has that played out for you?", "what have you learned about it along the way?"),
    "compare": ("how do the two compare from where you sit?", "what would you weigh in my place?", "how did you choose between them?"),
    "direct": ("", "", ""),
}
UNDERSTAND_LIKE = ("what has it been like for you?", "could you walk me through a recent example?", "what surprised you most about it?")
# Leads per kind: the user's goal, in the user's voice.
LEADS = {
    "decision": "I'm weighing {goal}",
    "how_to": "I'm trying to work out {goal}",
    "experience_now": "I'd love to hear {goal}",
    "experience_past": "I'd love to hear {goal}",
    "experience_like": "I'd love to hear {goal}",
    "understand": "I'm trying to understand {goal}",
    "curious": "I'm curious about {goal}",
    "compare": "I'm weighing {goal}",
    "direct": "Something I've been wondering",
}
KIND_THEME = {"decision": "advice", "how_to": "advice", "compare": "advice", "experience_now": "insights", "experience_past": "insights",
              "experience_like": "insights", "understand": "insights", "curious": "insights", "direct": "insights", "closed": "insights"}
# Why a goal's question is worth asking, per kind, for the user ({goal} is quoted).
GOAL_WHYS = {
    "decision": "Your goal, “{goal}”: how they faced the same choice is a first-hand case to set beside yours.",
    "how_to": "Your goal, “{goal}”: someone who has done it can say what actually worked, which no job ad will.",
    "experience_now": "Your goal, “{goal}”: asked about their own experience, they can answer from memory rather than in generalities.",
    "experience_past": "Your goal, “{goal}”: their own story of it is something only they can tell you.",
    "experience_like": "Your goal, “{goal}”: a recent real example shows the work better than any description.",
    "understand": "Your goal, “{goal}”: anchored in their own work, it gets a concrete answer rather than a textbook one.",
    "curious": "Your goal, “{goal}”: asked about their own experience, it gets a concrete answer rather than a general one.",
    "compare": "Your goal, “{goal}”: someone who knows the work can say how the options differ day to day.",
    "direct": "Your goal, in your own words: it asks them straight about their own experience.",
    "closed": "Your goal, “{goal}”: asked as their own experience, it gets more than a yes or a no.",
}
WHY_GOAL_CHARS = 90  # a goal quoted in its why: longer ones are cut at a clause so the why stays one line
BIO_DEED_WORDS = 18  # a bio detail quoted back to them; longer ones are cut at a clause or skipped
BIO_DEED_MIN_WORDS = 4  # a clause shorter than this says too little to quote back
BACKGROUND_LEAD_WORDS = 20  # the user's background quoted as their lead; longer, the question names it without quoting
DEED_VERB_RE = re.compile(
    r"(?:^|\b(?:[Ss]he|[Hh]e|[Tt]hey)\s+|^(?:[A-Z][\w.'\-]+\s*){1,3}(?:,[^,]{1,40},)?\s+)"
    r"((?:now |also |recently |previously |once )?(?:co-)?(?:has |have |had )?(?:led|leads|lead|built|builds|founded|launched|wrote|writes|designed|redesigned|"
    r"ran|runs|created|started|moved|cut|managed|manages|owns|own|spent|published|shipped|rebuilt|described|organi[sz]ed|organi[sz]es|directed|directs|"
    r"coordinates|coordinated|developed|develops|introduced|precepts|teaches|taught|prices|builds|studies|studied|oversees|oversaw|"
    r"trained|trains|co-founded|co-led|won|grew|turned|curated|curates|negotiated|investigated|reported|covers|covered|helped)\b[^.;!?]*)")


# A deed with an outcome makes a better opener than a tenure ("co-led a project that cut infections" over "has spent nine years").
ACHIEVEMENTS = "led|built|founded|launched|wrote|designed|redesigned|cut|shipped|rebuilt|published|created|developed|introduced|won|grew|started|organi[sz]ed|negotiated|investigated"
DEED_PRESENT = ("leads", "builds", "writes", "runs", "manages", "owns", "directs", "directs", "coordinates", "develops", "precepts", "teaches",
                "prices", "studies", "oversees", "trains", "curates", "covers", "organizes", "organises")


@dataclass(frozen=True)
class Phrasing:
    """A question in two parts: the lead (the user's own words) and the follow-up (what is asked)."""

    lead: str
    follow_ups: tuple[str, ...]
    kind: str
    theme: str

    def text(self, follow_up: str | None = None) -> str:
        ask = follow_up if follow_up is not None else self.follow_ups[0]
        if self.kind == "closed":  # "Does the pay improve? I keep asking myself that. What has ...?"
            return f"{self.lead}. {capitalise(ask)}"
        return f"{self.lead}: {ask}" if self.lead and ask else (self.lead or ask)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """The first letter lower-cased unless the first word is an acronym or a name of one letter ("I")."""
    first = (text.split() or [""])[0]
    if first in ("I", "I'm", "I've", "I'd") or (len(first) > 1 and first[:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


def _present_for_you(verb: str) -> str:
    """The verb as it follows "you": manages -> manage, has -> have, studies -> study."""
    lowered = verb.lower()
    if lowered in IRREGULAR_PRESENT:
        return IRREGULAR_PRESENT[lowered]
    if lowered.endswith("ies") and len(lowered) > 4:
        return verb[:-3] + "y"
    if lowered.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2]
    if lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")) and len(lowered) > 3:
        return verb[:-1]
    return verb


def to_you(text: str, they: bool = True) -> str:
    """Third-person words for the professional made second person: 'how she manages her team'
    -> 'how you manage your team'. A present verb after he/she is made to agree with 'you'.
    they=False leaves they/them/their alone (they are someone else: 'how curators get their job')."""
    words = re.split(r"(\s+)", text)
    out: list[str] = []
    singular_before = False
    for word in words:
        if not word.strip():
            out.append(word)
            continue
        core = word.strip(",.;:!?")
        lowered = core.lower()
        if lowered == "them" and word == core and [w.strip(",.;:!?").lower() for w in out if w.strip()][-2:-1] == ["you"]:
            # "how they balance them": the object of their own verb is something else (the
            # professional would be "themselves"), so it stays "them".
            out.append(word)
            continue
        if lowered in THIRD_PERSON and (they or not lowered.startswith(("they", "them", "their"))):
            following = next((w for w in words[len(out) + 1:] if w.strip()), "")
            object_her = lowered == "her" and (word != core or following.lower().strip(",.;:!?") in OBJECT_FOLLOWERS)
            out.append(word.replace(core, "you" if object_her else THIRD_PERSON[lowered]))
            singular_before = lowered in SINGULAR_SUBJECTS
            continue
        if singular_before and core.isalpha():
            word = word.replace(core, _present_for_you(core))
        singular_before = False
        out.append(word)
    return "".join(out)


def _clean_goal(goal: str) -> tuple[str, bool]:
    """The goal without end punctuation or a wrapper ("I want to know ..."), and whether it was a question."""
    text = " ".join(goal.split()).strip()
    asked = text.endswith("?")
    text = text.rstrip(".!?;:, ").strip().strip("\"'“”")
    for pattern in (WANT_RE, CURIOUS_RE, TELL_ME_RE):
        stripped = pattern.sub("", text, count=1)
        if stripped != text and stripped:
            text = stripped
            break
    return text, asked


def goal_phrasing(goal: str) -> Phrasing:
    """A user's goal as a question in their own voice, addressed to the professional.

    Decisions ('whether to do a clerkship first', 'should I do a residency?') are weighed
    ('I'm weighing ...: how did that choice look for you?'); their experience ('how they cope with
    caseload') is asked of them ('I'd love to hear how you cope with caseload: ...'); a topic
    ('work-life balance') is asked about ('I'm curious about work-life balance: ...').
    """
    text, asked = _clean_goal(goal)
    lowered = text.lower()
    words = lowered.split()
    if not words:
        return _phrasing("curious", "the work")
    # the user's own open question to them, kept in their words
    if asked and re.match(WH + r"\b", lowered) and re.search(r"\byou(r)?\b", lowered) and not HOW_TO_RE.match(lowered):
        return Phrasing(LEADS["direct"], (lower_first(capitalise(text)) + "?",), "direct", _theme_of(text, "direct"))
    closed = CLOSED_RE.match(text)
    if closed:
        aux, subject, rest = closed.group(1).lower(), closed.group(2).lower(), closed.group(3)
        if subject == "i" and aux == "should":
            return _phrasing("decision", f"whether to {rest}")
        if subject == "i" and aux in ("do", "can") and rest.lower().startswith(("need", "have to")):
            return _phrasing("decision", f"whether I {rest}")
        if aux not in ("do", "does", "did"):
            verb = {"i": {"are": "am", "were": "was"}}.get(subject, {}).get(aux, aux)
            return _phrasing("curious_whether", f"whether {subject if subject != 'i' else 'I'} {verb} {rest}".strip())
        if subject in ("i", "you", "they", "we"):
            return _phrasing("curious_whether", f"whether {subject if subject != 'i' else 'I'} {rest}".strip())
    be_noun = BE_NOUN_RE.match(text)
    if asked and be_noun:
        return _phrasing("decision" if WORTH_RE.search(text) else "curious_whether", f"whether {lower_first(be_noun.group(2))} {be_noun.group(1).lower()} {be_noun.group(3)}")
    if asked and re.match(r"^(is|are|was|were|do|does|did|should|can|could|will|would|have|has)\b", lowered):
        return Phrasing(f"{capitalise(text)}? I keep asking myself that", ("what has your experience been?",), "closed", _theme_of(text, "curious"))
    if WHETHER_ME_RE.match(lowered):
        return _phrasing("decision", text)
    if HOW_TO_RE.match(lowered):
        return _phrasing("how_to", HOW_TO_RE.sub(lambda m: m.group(1).lower() + " to ", text, count=1))
    if DECIDE_RE.match(lowered):
        return _phrasing("how_to", f"{lower_first(text)}")
    if re.match(WH + r"\b", lowered):
        swapped = to_you(text, they=bool(THEY_SUBJECT_RE.match(text)))
        if re.search(r"\byou(r)?\b", swapped, re.I):  # it speaks of them: ask them
            if PAST_LIKE_RE.search(swapped):
                return _phrasing("experience_past", swapped)
            if LIKE_RE.search(swapped):
                return _phrasing("experience_like", swapped)
            after = re.search(r"\byou\s+(\w+)", swapped)
            verb = after.group(1).lower() if after else ""
            past = verb in PAST_IRREGULAR or (verb.endswith("ed") and verb not in AUXILIARIES)
            return _phrasing("experience_past" if past else "experience_now", swapped)
        if lowered.startswith("whether"):
            return _phrasing("decision" if WORTH_RE.search(text) else "curious_whether", text)
        if LIKE_RE.search(text):
            return Phrasing(LEADS["understand"].format(goal=lower_first(text)), UNDERSTAND_LIKE, "understand", _theme_of(text, "understand"))
        return _phrasing("understand", lower_first(text))
    if COMPARE_RE.search(text) and len(words) <= COMPARE_MAX_WORDS:
        return _phrasing("compare", lower_first(text))
    return _phrasing("curious", lower_first(to_you(text, they=False)))


def _phrasing(kind: str, goal_text: str) -> Phrasing:
    if kind == "curious_whether":  # "I'm curious whether ..." reads better than "curious about whether"
        return Phrasing(f"I'm curious {goal_text}", FOLLOW_UPS["curious"], "curious", _theme_of(goal_text, "curious"))
    return Phrasing(LEADS[kind].format(goal=goal_text), FOLLOW_UPS[kind], kind, _theme_of(goal_text, kind))


def classify_theme(text: str, default: str = "insights") -> str:
    """The TIARA theme a goal or an 'ask about' leans to, by its words."""
    lowered = text.lower()
    if re.search(r"\b(trends?|chang(e|es|ed|ing)|future|ai|automation|technolog\w*|regulat\w*|shifting|shifted|growing|growth|next (few|five) years)\b", lowered):
        return "trends"
    if re.search(r"\b(read|books?|podcasts?|newsletters?|groups?|associations?|communit\w+|courses?|who else|mentors?|conferences?)\b", lowered):
        return "resources"
    if re.search(r"\b(projects?|day[- ]to[- ]day|typical (day|week)|tasks?|portfolio|assignments?|case stud\w+|exercise)\b", lowered):
        return "assignments"
    if re.search(r"\b(how to|get (hired|into|in)|break (in|into)|should i|stand out|prepare|switch\w*|move (into|to)|transition\w*|advice|apply\w*|first year|new grad\w*|versus|vs\.?)\b", lowered):
        return "advice"
    return default


def _theme_of(text: str, kind: str) -> str:
    return classify_theme(text, KIND_THEME.get(kind, "insights"))


def goal_why(goal: str, kind: str) -> str:
    quoted = shorten(" ".join(goal.split()).rstrip(".?! "), WHY_GOAL_CHARS)
    return GOAL_WHYS.get(kind, GOAL_WHYS["curious"]).format(goal=quoted)


# ---------------------------------------------------------------- insiders' "Ask about" lines

ASK_LEADS = ("Could you tell me", "Can you share")
NOUN_LEADS = ("Could you tell me about", "Can you walk me through")
SECOND_CLAUSE_RE = re.compile(r"\b(and|or|but)\s+" + WH + r"\b|,", re.I)
DIRECT_RE = re.compile(r"^(how|what|why|where|when)(\s+(?:often|much|far|well|soon|quickly))?\s+you\s+(\w+)\s+(.+)$", re.I)


def ask_about_question(ask: str, index: int = 0) -> str:
    """An insight's 'Ask about' line ('how they earn a new client's trust') as a question to the
    professional ('How do you earn a new client's trust?'). index varies the lead-ins in a set."""
    text = to_you(" ".join(ask.split()).rstrip(".?! ").strip())
    if not text:
        return ""
    direct = DIRECT_RE.match(text)
    if direct and not SECOND_CLAUSE_RE.search(text) and not text.lower().startswith("how many"):
        wh, adverb, verb, rest = direct.group(1), direct.group(2) or "", direct.group(3), direct.group(4)
        lowered = verb.lower()
        if lowered in ("have", "had") and rest.startswith("to "):  # "what you had to learn": have to is not an auxiliary
            return f"{capitalise(wh.lower())}{adverb} {'did' if lowered == 'had' else 'do'} you have {rest}?"
        if lowered in AUXILIARIES:
            return f"{capitalise(wh.lower())}{adverb} {lowered} you {rest}?"
        if lowered not in PAST_IRREGULAR and not lowered.endswith("ed") and not lowered.endswith("'ve"):
            return f"{capitalise(wh.lower())}{adverb} do you {verb} {rest}?"
    if re.match(WH + r"\b", text, re.I):
        return f"{ASK_LEADS[index % len(ASK_LEADS)]} {lower_first(text)}?"
    return f"{NOUN_LEADS[index % len(NOUN_LEADS)]} {lower_first(text)}?"


def insight_why(label: str, text: str, limit: int) -> str:
    """Why a question aimed at an insider point is worth asking: the point, in the profile's words."""
    why = f"Insiders say: {capitalise(label.rstrip('. '))}."
    sentence = next((s for _, _, s in sentences(text)), "").strip()
    whole = f"{why} {sentence}"
    return whole if sentence and len(whole) <= limit and len(whole.split()) <= WHY_MAX_WORDS else why  # a sentence whole or not at all


def clause_cut(text: str, limit: int) -> str:
    """text cut at its last clause boundary within limit characters ('' when there is none):
    a whole clause reads as meant; a phrase cut mid-way does not."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    at = max(head.rfind(mark) for mark in CLAUSE_MARKS)
    return head[:at].rstrip(" ,;:-—") if at > 0 else ""


# ---------------------------------------------------------------- their bio, the user's background

def bio_phrasing(bio: str) -> Phrasing | None:
    """A detail of what they did, quoted back to them ('I read that you led the migration to Go
    services: what did that work teach you?'), or None when the bio names no deed to build on."""
    found: list[tuple[int, Phrasing]] = []
    for _, _, sentence in sentences(bio):
        if INJECTION_RE.search(sentence) or re.search(r"\b[A-Z]{4,}-[A-Z0-9\-]+", sentence):  # instructions or tokens, not a deed
            continue
        match = DEED_VERB_RE.search(sentence)
        if not match:
            continue
        deed = match.group(1).strip().rstrip(",;: ")
        deed = re.sub(r"^(now|also|recently|previously|once) ", "", deed)
        if len(deed.split()) > BIO_DEED_WORDS:
            deed = clause_cut(deed, len(" ".join(deed.split()[:BIO_DEED_WORDS])))
            if len(deed.split()) < BIO_DEED_MIN_WORDS:
                continue
        deed_for_you = to_you(re.sub(r"\b(" + "|".join(DEED_PRESENT) + r"|has)\b", lambda m: _present_for_you(m.group(1)), deed))
        first = deed_for_you.split()[0].lower()
        past = first in PAST_IRREGULAR or first.endswith("ed") or first in ("have", "had")
        follow_ups = ("what did that work teach you?", "what would you do differently now?") if past else ("what does that work look like week to week?", "what has that work taught you?")
        strong = 0 if re.match(r"(co-)?(" + ACHIEVEMENTS + r")\b", first) else 1
        found.append((strong, Phrasing(f"I read that you {deed_for_you}", follow_ups, "bio", "insights")))
    return min(found, key=lambda f: f[0])[1] if found else None  # an achievement first, else the first deed


def background_question(background: str, a_role: str) -> str:
    """The user's background as their lead, when it is short and in the first person."""
    text = " ".join(background.split()).rstrip(".!? ")
    first = next((s for _, _, s in sentences(text)), text).rstrip(".!? ")
    if re.match(r"^(i'?m|i am|i've|i have|i work|i was|i studied|i'?ll|my)\b", first, re.I) and len(first.split()) <= BACKGROUND_LEAD_WORDS:
        return f"{capitalise(first)}: what would you focus on first, in my place, to move toward work as {a_role}?"
    if first and len(first.split()) <= BACKGROUND_LEAD_WORDS // 2 and not re.search(r"\b(i|my|me)\b", first, re.I):
        phrase = lower_first(first)
        phrase = phrase if phrase.split()[0].lower() in ("a", "an", "the") else with_article(phrase)
        return f"I'm {phrase}: what would you focus on first, in my place, to move toward work as {a_role}?"
    return f"Given my background, what would you focus on building first to move toward work as {a_role}?"
