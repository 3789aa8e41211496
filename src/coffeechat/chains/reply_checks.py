"""The checks a rehearsal reply passes before the user sees it, and the mechanical repairs.

Code plans each reply (a ReplyPlan: what to say, and the opener it starts with); the model
voices it; these methods judge the model's own words (first person, no third person, no
banned phrase, on the material or the question, no invented numbers or names, the insight
conveyed), cut it to size, and build the first-person template that is the last resort.
`ReplyChecks` is mixed into `Rehearsal`, which supplies `state.persona` and `_vectors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coffeechat.guards import repeats

MAX_WORDS = 110
INSIGHT_CONVEYED_MIN = 0.55
ON_TOPIC_MIN = 0.35  # a reply against its material (or the question)
SENTENCE_ON_MATERIAL_MIN = 0.30  # a sentence that strays further is dropped

BANNED = [
    r"\bas an ai\b", r"\blanguage model\b", r"\b(ai|virtual) assistant\b", r"\bi am an? (ai|assistant|bot)\b",
    r"\bthe (user|visitor|interviewer)\b", r"\b(my|the) notes\b", r"\b(the|this|given|provided) material (says|mentions|states|provided|given)\b", r"\b(from|in) the (given |provided )?material\b", r"\baccording to (the|my) (material|notes|instructions)\b", r"\binstructions?\b", r"\bprompt\b",
    r"\bi('ll| will| can| could) (refer|recommend) you\b", r"\bsend me your (r[ée]sum[ée]|cv)\b", r"\bi('ll| will| can) (get|find) you (a|an) (job|position|role|internship)\b",
    r"\b(process|submit|forward) your application\b", r"\bhire you\b", r"\bi('ll| will) pass (on )?your\b",
    r"\bwhat can i do for you\b", r"\bhow can i (help|assist) you\b",
]
THIRD_PERSON_START = r"^\s*(she|he|they|the professional|as (a|an) )\b"


@dataclass
class ReplyPlan:
    """What the professional will say, decided in code before the model speaks."""

    kind: str  # insight, passage, background, curated
    material: str
    question: str
    insight_id: str = ""
    use_model: bool = True
    sentences: int = 3
    opener: str = ""  # the reply's first words: shown at once, and the model continues from them


class ReplyChecks:
    """Checks and repairs of a reply, against the persona (mixed into Rehearsal)."""

    def _body(self, draft: str, plan: ReplyPlan) -> str:
        """The model's own words: its draft without the opener, when it echoed it."""
        body = draft.strip()
        opener = plan.opener.strip().rstrip(",:").lower()
        if opener and body.lower().startswith(opener):
            body = body[len(opener) :].lstrip(",: ").strip()
        return body

    def join(self, opener: str, body: str) -> str:
        """The opener and what follows it, read as one reply (case fixed at the seam)."""
        if not opener:
            return body
        if not body:
            return opener
        if opener.rstrip()[-1] in ".!?":
            return f"{opener.rstrip()} {body[0].upper()}{body[1:]}"
        first = body.split()[0]
        keep = first in ("I", "I'm", "I've", "I'd", "I'll") or (len(first) > 1 and not first[1:].islower()) or first.strip(".,;:") in self._proper_words
        return f"{opener.rstrip()} {body if keep else body[0].lower() + body[1:]}"

    @property
    def _proper_words(self) -> set[str]:
        p = self.state.persona
        return set(f"{p.name} {p.organisation} {p.title}".split())

    def repair(self, text: str, plan: ReplyPlan, final: bool = True) -> str:
        """Mechanical fixes: strip quotes, role labels and a name prefix; drop sentences that
        wander from the material (final pass); cut to the sentence budget."""
        persona = self.state.persona
        text = text.strip().strip('"').strip()
        text = re.sub(rf"^({re.escape(persona.name)}|{re.escape(persona.first_name)}|assistant|professional)\s*:\s*", "", text, flags=re.I)
        if not text:
            return text
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
        if final and len(sentences) > 1:
            kept = [x for x in sentences if self._vectors.sim(x, plan.material) >= SENTENCE_ON_MATERIAL_MIN]
            sentences = kept or sentences[:1]
        limit = max(plan.sentences, 2) + 1
        text = " ".join(sentences[:limit]).strip()
        if final and text and text[-1] not in ".!?":
            cut = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
            text = text[: cut + 1] if cut > 20 else text + "."
        return text

    def check_opening(self, text: str, plan: ReplyPlan) -> list[str]:
        """Problems visible in the model's first sentence: voice, banned phrases, drift from the material."""
        problems = self._voice_problems(text, plan)
        if not problems and max(self._vectors.sim(text, plan.material), self._vectors.sim(text, plan.question)) < ON_TOPIC_MIN:
            problems.append("off topic")
        return problems

    def _voice_problems(self, body: str, plan: ReplyPlan) -> list[str]:
        """First person is judged on the whole reply (the opener sets the frame); third
        person, banned phrases and self-naming on the model's own words (the body)."""
        persona = self.state.persona
        problems = []
        if not re.search(r"\b(i|i'm|i've|i'd|my|me|we|our|us)\b", self.join(plan.opener, body), re.I):
            problems.append("not first person")
        if re.match(THIRD_PERSON_START, body, re.I) or re.search(rf"\b{re.escape(persona.first_name)} (is|was|has|works|said)\b", body):
            problems.append("third person")
        if any(re.search(p, body, re.I) for p in BANNED):
            problems.append("banned phrase")
        if persona.first_name.lower() in body.lower() or '"' in body:
            problems.append("speaks about itself or quotes")
        return problems

    def check(self, body: str, plan: ReplyPlan) -> list[str]:
        """Problems with the model's words `body`, as part of the reply that starts with the
        plan's opener (empty list: fine). Content is judged on the body: the opener has none."""
        persona = self.state.persona
        text = self.join(plan.opener, body)
        problems = self._voice_problems(body, plan)
        words = text.split()
        if len(body.split()) < 6:
            problems.append("too short")
        if len(words) > MAX_WORDS:
            problems.append("too long")
        if repeats(text):
            problems.append("repeats itself")
        allowed_numbers = set(re.findall(r"\d+", plan.material)) | {str(persona.years), str(persona.minutes)}
        if set(re.findall(r"\d+", text)) - allowed_numbers:
            problems.append("invented numbers")
        for claimed in re.findall(r"\b(\d{1,2})\+? years\b", text):
            if int(claimed) > persona.years:
                problems.append("inconsistent years")
        named = re.search(r"\b(my name is|i'm|i am) ([A-Z][a-z]+)\b", text)
        if named and named.group(2) not in (persona.first_name,) and named.group(2) not in ("Not", "So", "Glad", "Happy", "Sure", "Really", "Still", "Always", "Currently"):
            if named.group(2).lower() not in {w.lower() for w in plan.material.split()}:
                problems.append("another name")
        if not problems:
            if plan.kind == "insight" and self._vectors.sim(body, plan.material) < INSIGHT_CONVEYED_MIN:
                problems.append("insight not conveyed")
            elif plan.kind != "insight" and max(self._vectors.sim(body, plan.material), self._vectors.sim(body, plan.question)) < ON_TOPIC_MIN:
                problems.append("off topic")
        return problems

    def template(self, plan: ReplyPlan) -> str:
        """The last resort: the material itself after the plan's opener, in the first person."""
        return self.join(plan.opener, plan.material)
