"""Questions: each case is a role, a person and the user's goals; the chain must return exactly n
questions a person could read aloud to that professional.

Cases (cases.jsonl) are marked `split: tune` (looked at while building) or `heldout` (only run
to report). Each carries `cues`: word prefixes a person wrote, from what they know of the role
(not from the role profiles), that a question specific to this role would likely use.

The grader shares nothing with the chain (no import of coffeechat.questions or
coffeechat.signals): its own sentence rules, opener lists, fact patterns, stop words, duplicate
test and cue matching. Per question it grades:
- addressed: it speaks to the professional ("you", "your") about their own experience, and not
  about a third party in their role ("a public defender who ...").
- reads_ok: it reads as a person would say it: a capital first letter, one question (at most two
  question marks), ending with "?", 6 to 45 words, no stray spacing, no "(adapted)" label,
  no lower-case "i", no bracketed blanks.
- open: the asking part starts as an open question (what, how, which, could you tell me ...).
- googleable: it asks a fact a web search answers (pay figures, acronyms, definitions, company facts).
- specific: it names the role or one of the case's cue words.
- cliche: model filler ("fast-paced", "passionate", "journey" ...).
Per set: near-duplicate pairs (shared content words), themes used, and for each goal whether a
question carries it in the user's own voice (most of the goal's content words, and "I"/"my").
Per why line: a full sentence for the user (capital, ends with . or !), not the model talking
about itself in the first person (outside quotes), no "(adapted)". Per source: present, and each
file named exists in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MIN_WORDS, MAX_WORDS = 6, 45  # a question shorter says nothing specific; longer is a speech
DUPLICATE_OVERLAP = 0.6  # two questions sharing this share of their content words ask the same thing
DUPLICATE_SHARED_MIN = 3  # ...and at least this many: two short questions sharing "new graduate" are not one question
GOAL_WORDS_NEEDED = 0.5  # a goal is carried when a question holds at least half its content words
USER_INPUT_SOURCES = {"goal", "goals", "bio", "background", "notes", "note", "your goal", "their bio"}

STOP = set("""a an the and or but of to in on at for from with by as is are was were be been being do does did have has had
i me my you your yours they them their he she his her we our it its this that these those there what how why which who whom
when where whether if then than so such very really just also about into over under more most much many some any each
would could should can will may might must shall not no yes own one ones way ways get got make made like look looks
work working worked job role first""".split())

OPENERS = re.compile(
    r"^(what|how|why|which|where|when|who|whose|in what|to what extent|tell me|walk me|talk me|describe|share|explain|"
    r"(could|can|would|will) you (please )?(tell|walk|talk|describe|share|explain|say|give me a sense|help me understand))\b", re.I)
CLOSED = re.compile(r"^(is|are|am|was|were|do|does|did|have|has|had|can|could|will|would|should|shall|may|might|must|isn't|aren't|don't)\b", re.I)
# a leading clause before the question proper: "At Northwind, ...", "Looking back, ...", "Given that, ..."
LEADING = re.compile(r"^(at|as|in|on|for|from|looking|thinking|given|since|after|before|when|if|with|now|over|during)\b[^,?]{0,120},\s*", re.I)

FACTS = [
    re.compile(r"\b(salary|salaries|wage|wages|pay range|compensation)\b|\bhow much (do|does|did|can) .{0,30}\b(make|earn|paid)\b", re.I),
    re.compile(r"\b(stand for|stands for|acronym|abbreviation)\b|\bwhat does the (term|word)\b", re.I),
    re.compile(r"^(what|who) (is|are) (a|an|the) [\w\- ]{1,30}\?$", re.I),
    re.compile(r"\b(founded|headquartered|how many employees|how big is the company|what does (your|the) company do)\b", re.I),
    re.compile(r"\b(job outlook|employment outlook|median (pay|salary)|requirements to become|what degree do i need)\b", re.I),
]
MISADDRESSED = re.compile(r"\b(a|an|the) ([\w\-]+ ){0,3}(who is|who are|who wants|who's|considering)\b", re.I)
CLICHES = re.compile(r"\b(fast[- ]paced|passionate|passion for|journey|thrive in|synergy|game[- ]changer|in today's world|master at|overall,|dynamic environment|ever-changing|wear many hats)\b", re.I)
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|myself)\b")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
USER_VOICE = re.compile(r"\b(I|I'm|I've|I'd|my|me)\b")
YOU = re.compile(r"\byou(r|rs|rself)?\b", re.I)
WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")


def _stem(word: str) -> str:
    word = word.lower().strip("'-")
    for end in ("ing", "ers", "er", "ies", "es", "ed", "s"):
        if len(word) > len(end) + 3 and word.endswith(end):
            return word[: -len(end)]
    return word


def content(text: str) -> set[str]:
    return {_stem(w) for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2}


def asking_part(text: str) -> str:
    """What is asked: after the last colon or sentence break, without a leading clause."""
    part = re.split(r":\s+|(?<=[.!?])\s+(?=[A-Z])", text.strip())[-1]
    for _ in range(2):
        part = LEADING.sub("", part, count=1)
    return part.strip()


def is_open(text: str) -> bool:
    part = asking_part(text)
    return bool(OPENERS.match(part)) and not CLOSED.match(part) or bool(re.match(r"^(could|can|would) you (tell|walk|share|describe|talk)", part, re.I))


def reads_ok(text: str) -> bool:
    words = text.split()
    return (bool(re.match(r"^[A-Z“\"]", text)) and text.endswith("?") and text.count("?") <= 2 and MIN_WORDS <= len(words) <= MAX_WORDS
            and "  " not in text and " ?" not in text and " ," not in text and "(adapted)" not in text.lower()
            and not re.search(r"\bi\b", text) and not re.search(r"[\[\]{}<>]", text) and not re.search(r"[.;]\s+[a-z]", text)
            and not re.search(r"\b(\w+) \1\b", text, re.I))


def addressed(text: str, role: str) -> bool:
    return bool(YOU.search(text)) and not MISADDRESSED.search(text.replace(role, "ROLE"))


def specific(text: str, role: str, cues: list[str]) -> bool:
    low = text.lower()
    head = role.lower().split()[-1]
    return role.lower() in low or bool(re.search(r"\b" + re.escape(head), low)) or any(re.search(r"\b" + re.escape(c.lower()), low) for c in cues)


def googleable(text: str) -> bool:
    return any(p.search(text) for p in FACTS)


def why_ok(why: str) -> bool:
    bare = QUOTED.sub("", why or "")
    return (bool(re.match(r"^[A-Z“\"]", why or "")) and (why or "").rstrip("”\"").endswith((".", "!")) and len((why or "").split()) <= 45
            and not FIRST_PERSON.search(bare) and "(adapted)" not in (why or "").lower() and not CLICHES.search(why or ""))


def sources_ok(sources: list[str]) -> bool:
    if not sources:
        return False
    for source in sources:
        name = source.lower().split(":")[0].strip()
        if name in USER_INPUT_SOURCES or name.startswith(("note", "session")):
            continue
        if not any((base / source).is_file() for base in (ROOT, ROOT / "src" / "coffeechat")):
            return False
    return True


def duplicates(texts: list[str], role: str = "") -> int:
    """Pairs that share most of their content words (the role's own name aside)."""
    own = content(role)
    sets = [content(t) - own for t in texts]
    count = 0
    for i in range(len(sets)):
        for j in range(i):
            shared = len(sets[i] & sets[j])
            small = min(len(sets[i]), len(sets[j])) or 1
            if shared >= DUPLICATE_SHARED_MIN and shared / small >= DUPLICATE_OVERLAP:
                count += 1
    return count


def goal_voiced(goal: str, texts: list[str]) -> bool:
    words = content(goal)
    if not words:
        return True
    return any(USER_VOICE.search(t) and len(words & content(t)) / len(words) >= GOAL_WORDS_NEEDED for t in texts)


def run(case: dict) -> dict:
    from coffeechat.questions import drafting
    from coffeechat.questions.models import QuestionRequest

    request = QuestionRequest.from_user(role=case["role"], industry=case.get("industry", ""), company=case.get("company", ""), bio=case.get("bio", ""),
                                        goals=case.get("goals", []), background=case.get("background", ""), n=case["n"])
    return drafting.generate_questions(request).model_dump()


def grade(case: dict, output: dict) -> dict:
    questions = output["questions"]
    texts = [x["text"] for x in questions]
    count = max(len(texts), 1)
    role, cues = case["role"], case.get("cues", [])
    goals = case.get("goals", [])
    return {
        "exact_n": len(texts) == case["n"],
        "questions": len(texts),
        "addressed": sum(addressed(t, role) for t in texts),
        "reads_ok": sum(reads_ok(t) for t in texts),
        "open": sum(is_open(t) for t in texts),
        "googleable": sum(googleable(t) for t in texts),
        "specific": sum(specific(t, role, cues) for t in texts),
        "cliches": sum(bool(CLICHES.search(t)) for t in texts),
        "duplicates": duplicates(texts, role),
        "themes": len({x["theme"] for x in questions}),
        "goals": len(goals),
        "goals_voiced": sum(goal_voiced(g, texts) for g in goals),
        "whys_ok": sum(why_ok(x.get("why", "")) for x in questions),
        "sources_ok": sum(sources_ok(x.get("sources", [])) for x in questions),
        "all_good": sum(addressed(t, role) and reads_ok(t) and is_open(t) and not googleable(t) and why_ok(x.get("why", "")) for t, x in zip(texts, questions)) / count,
        "model_calls": output.get("model_calls", 0),
        "chain_seconds": output.get("seconds", 0.0),
    }


def summarize(rows: list[dict]) -> dict:
    summary: dict = {}
    for split in ("tune", "heldout"):
        part = [r["metrics"] for r in rows if r.get("split") == split]
        if not part:
            continue
        total = sum(m["questions"] for m in part) or 1
        goals = sum(m["goals"] for m in part)
        seconds = sorted(m["chain_seconds"] for m in part)
        summary[split] = {
            "cases": len(part),
            "cases_exact_n": sum(bool(m["exact_n"]) for m in part),
            "questions": total,
            "addressed_share": round(sum(m["addressed"] for m in part) / total, 3),
            "reads_ok_share": round(sum(m["reads_ok"] for m in part) / total, 3),
            "open_share": round(sum(m["open"] for m in part) / total, 3),
            "googleable_total": sum(m["googleable"] for m in part),
            "specific_share": round(sum(m["specific"] for m in part) / total, 3),
            "cliches_total": sum(m["cliches"] for m in part),
            "duplicate_pairs_total": sum(m["duplicates"] for m in part),
            "cases_with_3_themes": sum(m["themes"] >= min(3, m["questions"]) for m in part),
            "goals_voiced": f"{sum(m['goals_voiced'] for m in part)}/{goals}",
            "whys_ok_share": round(sum(m["whys_ok"] for m in part) / total, 3),
            "sources_ok_share": round(sum(m["sources_ok"] for m in part) / total, 3),
            "all_checks_share": round(sum(m["all_good"] * m["questions"] for m in part) / total, 3),
            "model_calls_total": sum(m["model_calls"] for m in part),
            "chain_seconds_median": seconds[len(seconds) // 2],
        }
    return summary
