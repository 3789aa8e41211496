"""What a piece of text does, decided in code, one definition each, for every flow:

- `googleable_reasons(question)`: a question a web search answers (pay, acronyms, company facts...).
- `asks_for_job(text)` / `JOB_REQUEST_RE`: a request for a job, an interview, a referral, a
  résumé or CV read, an internship, an introduction to HR, or to be hired ("How did you get
  your job?" is a question about them, not a request).
- `is_open(question)`: an open question (what, how, why, tell me...), not a yes/no one.
- `INJECTION_RE`: an instruction addressed to a tool (a grader, an AI) hidden in user text.

Each was merged from the flows' own patterns (questions, outreach, the rehearsal's turn
reading) so that whatever one of them caught, this catches; tests/unit/test_signals.py holds
exact cases for each.
"""

from __future__ import annotations

import re

I = re.I

# ---------------------------------------------------------------- googleable

GOOGLEABLE: dict[str, re.Pattern] = {
    "pay": re.compile(
        r"\b(salar(y|ies)|wages?|pay ?scale|compensation|paycheck|hourly rate)\b|\b(the|your|starting|average|median|typical|entry[- ]level) pay\b|\bpay (like|range)\b"
        r"|\bhow much (do|does|did|can|could|will|would) (you|they|one|someone|i|a|an|people)\b.*\b(make|earn|paid|charge)"
        r"|\bhow much (do|does|did|can|will) .{0,40}\b(make|earn|get paid|pay)\b",
        I,
    ),
    "acronym": re.compile(r"\b(stands? for|abbreviations?|acronyms?|what (does|do) (the )?(acronym|abbreviation|letters?)|what does [\w\-/&.]+ mean|meaning of (the )?(acronym|term))\b", I),
    "definition": re.compile(r"^(what|who) (is|are) (a|an) [\w\-]+( [\w\-]+){0,2}\?$|\bdefinition of\b|\bwhat is the meaning of\b", I),
    "company facts": re.compile(
        r"\bwhat (does|do) (your|the|this) (company|firm|organi[sz]ation|agency|hospital|business|employer) do\b|\b(founded|headquartered|located)\b|\bhow big is (your|the)\b"
        r"|\bwhen was .{0,40}\b(established|started)\b|\bwhere (is|are) .{0,40}\b(headquarters|based)\b|\bwho (is|was) the (ceo|founder|president)\b",
        I,
    ),
    "counts": re.compile(r"^how many\b|\bhow many (employees|people work|staff|offices|locations|branches|stores|hospitals|countries)\b", I),
    "tenure": re.compile(r"\bhow long have you (been|worked)\b", I),
    "requirements": re.compile(
        r"\bwhat (qualifications|degrees?|certifications?|licen[cs]es?|education) (do|does|did|is|are) (i|you|one|someone|a person|people) (need|required)"
        r"|\bwhat are the (requirements|responsibilities|duties) of\b|\bjob description\b|\bwhat degree (do|does) .{0,30}\bneed\b|\bwhat (is|are) the (job )?requirements\b",
        I,
    ),
    "outlook": re.compile(r"\b(is|are) (your|the|this) ([\w\-]+ )?(industry|field|sector|market) growing\b|\bjob outlook\b", I),
}

# ---------------------------------------------------------------- open questions

CLOSED_START = re.compile(r"^(is|are|am|was|were|do|does|did|can|could|will|would|have|has|had|should|shall|may|might|must|any|isn't|aren't|don't|doesn't|didn't)\b", I)
OPEN_START = re.compile(
    r"^(what|how|why|which|where|who|whose|in what|to what extent|tell me|walk me through|talk me through|describe|share|explain|"
    r"i'?d love to hear|i'?m curious|when you|"
    r"(could|would|can|will) you (please )?(tell|walk|talk|describe|share|explain|say more))\b",
    I,
)
# A leading clause before the question proper ("Looking back, ...", "As an actuary, ...").
LEAD_IN = re.compile(r"^(if|looking|thinking|given|since|as|in|at|from|for|when|after|before|having|with|outside|beyond|compared|on|during|now that|once|beyond|over|across|besides|today)\b[^,?]{0,160},\s*", I)
LEAD_IN_ROUNDS = 3  # leading clauses stripped at most ("Looking back, as a nurse, in your first year, ...")


def question_sentence(text: str) -> str:
    """The part of a question that asks: its last sentence, without a leading clause."""
    text = text.strip()
    parts = re.split(r"(?<=[.!:;])\s+(?=[A-Z])", text)
    sentence = parts[-1] if parts else text
    for _ in range(LEAD_IN_ROUNDS):
        stripped = LEAD_IN.sub("", sentence, count=1)
        if stripped == sentence:
            break
        sentence = stripped
    return sentence.strip()


def is_open(text: str) -> bool:
    """Open-ended: the asking sentence starts with an open opener, not a yes/no auxiliary."""
    return bool(OPEN_START.match(question_sentence(text)))


ROLE_MASK = "Rolename"  # one word no pattern names ("ROLE" would read as "a role on your team")


def mask_role(text: str, role: str) -> str:
    """The text with the role's own name replaced, so a role name cannot trip a check."""
    return re.sub(re.escape(role), ROLE_MASK, text, flags=I) if role else text


def googleable_reasons(text: str, role: str = "") -> list[str]:
    """Which web-searchable patterns the question matches (pay, acronyms, company facts...)."""
    masked = mask_role(text, role)
    sentence = question_sentence(masked)
    return [name for name, pattern in GOOGLEABLE.items() if pattern.search(masked) or pattern.search(sentence)]


# ---------------------------------------------------------------- job requests

JOB_REQUEST_RE = re.compile(
    r"\brefer(?:ral|rals|ring)?\b(?! (?:to|from) (?:your|the|my|a) (?:talk|post|article))|\brefer me\b|\bput in a (?:good )?word\b|\bconsider(?:ed)? (?:me|for)\b"
    r"|\brecommend(?:ed|ing)? me\b|\b(?:hire|hiring) me\b|\bare you hiring\b|\b(?:is|are) (?:your (?:team|company|firm|organi[sz]ation)|you) (?:currently )?hiring\b|\bhiring right now\b"
    r"|\b(?:any|open|available)\s+(?:job\s+)?(?:openings?|positions?|roles?|vacanc(?:y|ies)|jobs?|internships?)\b|\bcurrent (?:job )?(?:openings?|vacanc(?:y|ies))\b|\bare there (?:open |job )?(?:openings|positions|vacancies|roles|jobs)\b|\bopen (?:positions|roles|jobs)\b"
    r"|\b(?:job|position|internship|opening|vacancy|role|opportunit(?:y|ies)) (?:at|on|with|in) your\b|\bjob offer\b"
    r"|\b(?:i|i'm|i am|i'd|i've|i was|i will|i'll|i would)\b[^.?!]{0,30}\b(?:apply|applying|applied) (?:for|to) (?:an? |the |any |your |one of your )(?:[\w-]+ ){0,3}(?:job|position|role|opening|internship|vacanc|opportunit)|\b(?:apply|applying|applied|work) (?:to|at|for) your (?:company|firm|team|organi[sz]ation|practice|lab|studio)\b|\bcan i (?:apply|work) (?:for|with) (?:you|your)\b"
    r"|\blooking for (?:a |an |my first )?(?:new )?(?:job|position|role|internship|work|employment|opportunit)"
    r"|\b(?:get|land|find|offer|give) me (?:a |an )?(?:job|position|internship|interview|placement)\b|(?<!you )\b(?:get|land|find|offer|give) (?:a |an )?(?:job|position|internship|interview|placement)\b|\binterview (?:for|with) (?:a |an |the |your )(?:\w+ ){0,2}(?:job|role|position|team|company|firm)\b"
    r"|\b(?:pass|send|forward|hand)(?:ing)? (?:along|on)? ?my (?:r[ée]sum[ée]|cv)\b|\bmy (?:r[ée]sum[ée]|cv)\b|\b(?:r[ée]sum[ée]|cv) (?:is )?attached\b|\b(?:pass|send|forward|look at|take|share)\b.{0,20}\b(?:r[ée]sum[ée]|cv)\b"
    r"|\battached (?:is |are )?(?:my|a copy of my)\b|\bhiring manager\b|\bfor the (?:\w+ ){0,3}(?:role|position|opening|internship)\b"
    r"|\bput me in touch with (?:hr|human resources|(?:a |the |your )?(?:recruit\w*|hiring|talent))\b|\b(?:introduce|connect) me (?:to|with) (?:hr|human resources|(?:a |the |your )?recruit\w*)\b"
    # asked in conversation (the rehearsal's phrasings: an interview, a spot, a hand-off to HR)
    r"|\b(get|land|find|give|offer|secure|score) me (a |an )?(job|interview|position|role|internship|placement|spot|opening)\b"
    r"|\bhelp me (get|land|find|secure) (a |an )?(job|interview|position|role|internship|placement|hired)\b|\bhelp me get hired\b"
    r"|\b(interview|job|position|role|internship|placement|opening|vacanc\w*)s? (at|with|in|on) your\b"
    r"|\b(introduce|connect|put) me (in touch )?(with|to) (your |the |a )?(hr|recruit\w*|hiring|human resources|person who (does|handles) hiring)"
    r"|\b(pass|send|forward|give|get|email|put|share)\b.{0,30}\b(my|me)\b.{0,40}\b(hr|recruit\w*|hiring (manager|team)|whoever (is|does) hiring|the right people)\b"
    r"|\b(send|pass|give|forward|email) (you |them )?my (name|details|info\w*|profile|application|r[ée]sum[ée]|cv)\b"
    r"|\b(email|give|attach|show) (you )?my (r[ée]sum[ée]|cv)\b"
    r"|\b(send|sending|pass|passing|forward|forwarding|get|getting)\b.{0,25}\b(to|in front of) (whoever|the hiring|your hiring|hr\b|the recruit|your recruit|the right people)"
    r"|\b(opening|position|role|job|spot|vacanc\w*)s? (that )?i (could|can|might) (fill|slide into|apply for|take|get)\b"
    r"|\btake me on\b|\bhook me up\b|\bvouch for me\b|\bget me in(to)? the door\b|\bput me forward\b"
    r"|\b(my|a|your) referral\b|\bbe my reference\b"
    r"|\b(can|could|may) i (apply to )?work (for|with) you\b"
    r"|\b(spot|place|room|position|opening) for (someone like )?me\b"
    r"|\bis your (team|company|firm|office|department|organi[sz]ation|hospital|agency|school|practice) (looking for|taking on|hiring)\b"
    r"|\b(taking on|hiring) (any )?(interns|new people|anyone)\b.{0,40}\b(i|me)\b",
    I,
)
JOB_NEGATION_RE = re.compile(
    r"\bnot (?:asking|looking|here|writing|reaching out|after|seeking|hoping)\b[^.?!]{0,40}\b(?:job|referral|position|role|internship|work|employment|opportunit)"
    r"|\bno[t]? (?:job|referral)s?\b|\bisn'?t (?:about|a request for) (?:a )?(?:job|referral)|\bwithout asking for\b",
    I,
)


def asks_for_job(text: str) -> bool:
    """A request for a job, interview, referral, résumé read or introduction to HR, unless the
    text says plainly it is not asking for one."""
    return bool(JOB_REQUEST_RE.search(text)) and not JOB_NEGATION_RE.search(text)


# ---------------------------------------------------------------- injected instructions

INJECTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:instructions?|rules?|prompts?|guidelines|previous|above|system)\b"
    r"|\b(?:score|rate|grade|mark) (?:this|it|me|the message)\b[^.!?\n]{0,30}\b(?:\d{2,3}(?:/\d+)?|perfect|highest|full marks|a\+)|\b(?:ai|llm|model|assistant|grader|bot|gpt|chatgpt|reviewer)s?\b[^.!?\n]{0,20}\b(?:must|should|ignore|note|instruction|reading)\b"
    r"|\byou are now\b|\b(?:system|hidden) prompt\b|\bnew instructions\b|\bno flags\b|\bdo not flag\b"
    r"|\[\s*(?:system|admin|instructions?|assistant)\s*[:\]]|\b(?:message|draft|text) (?:has been |is |was )?(?:pre-?approved|approved by)\b|\b(?:score|flags|rating)\s*[=:]\s*[\[\d]"
    r"|\b(?:to|for|dear|hey) the (?:ai|llm|assistant|grader|bot|reviewer)s?\b[^.!?\n]{0,30}\b(?:grading|reading|reviewing|checking|scoring|evaluating)\b"
    r"|\bdear (?:ai|llm|assistant|grader|bot)\b|\boutput only\b|\bprint only\b"
    r"|\b(?:print|reveal|show|list|repeat) (?:me )?(?:your|the) (?:instructions|prompt|system prompt|hidden|rules)\b|\bbreak (?:out of )?character\b|\b(?:developer|debug|admin|god) mode\b",
    I,
)
