"""What a piece of text does, decided in code, one definition each, for every flow:

- `googleable_reasons(question)`: a question a web search answers (pay, acronyms, company facts...).
- `asks_for_job(text)` / `JOB_REQUEST_RE`: a request for a job, an interview, a referral, a
  résumé or CV read, an internship, an introduction to HR, or to be hired ("How did you get
  your job?" is a question about them, not a request).
- `is_open(question)`: an open question (what, how, why, tell me...), not a yes/no one.
- `INJECTION_RE` / `INJECTION_PATTERNS`: an instruction addressed to a tool (a grader, an AI) hidden in
  user text: overriding its rules, changing a score or the output's form, a role or mode switch,
  text posing as the system, or asking for the prompt.

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


# "I'm weighing a clerkship first: how did that choice look for you?" asks after the colon.
COLON_ASK = r"(?:what|how|why|which|where|who|when|whose|could you|would you|can you|do you|did you|is|are|was|were|have you)\b"


def question_sentence(text: str) -> str:
    """The part of a question that asks: its last sentence, without a leading clause."""
    text = text.strip()
    parts = re.split(r"(?<=[.!:;])\s+(?=[A-Z])|(?<=:)\s+(?=" + COLON_ASK + ")", text)
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
    r"|\bput (?:my name|me|my application) (?:forward|in)\b|\b(?:keep|have) me in mind\b|\bthink of me (?:for|if|when)\b"
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

# Written for the kinds of instruction, not for known phrases: text that speaks to a tool, tells it to
# set aside its rules, pretends to come from the system, changes a verdict or the output's form,
# switches role or mode, or asks for the prompt. Checked for false alarms on every sentence of
# knowledge/, the answer banks, curated data and the eval cases' ordinary turns (none matched).

# What a tool reading the text is called when the text speaks to it (not "system": "the system" is everyday English).
_TOOL = r"(?:ai|a\.i\.|llm|gpt|chatgpt|claude|gemini|language model|assistant|chatbot|bot|grader|scorer|screener|evaluator|checker|reviewer|classifier|moderator)s?"
_MACHINE = r"(?:(?:an? |the )?(?:ai|a\.i\.|llm|gpt|chatgpt|language model|chatbot|bot)\b|(?:an? |the )?(?:automated|ai|artificial) \w+)"
# What text calls itself when it pretends to come from above the user: a role or a markup tag.
_ROLE = r"(?:system|assistant|developer|admin|administrator|operator|root|sudo|instructions?)"
INJECTION_PATTERNS: dict[str, str] = {
    # "ignore / disregard / forget ... the instructions, the rules, what came before"
    "override": r"\b(?:ignore|disregard|forget|override|bypass|overrule|set aside|pay no attention to|throw out|discard)\b[^.!?\n]{0,40}"
                r"\b(?:instructions?|rules?|prompts?|guidelines?|directions?|directives?|polic(?:y|ies)|constraints?|criteria|flags?|previous|prior|above|earlier|system|character|persona|role|programming|training)\b",
    # words addressed to a tool: "Note to any AI grader:", "Assistant, ...", "if you are an AI reading this"
    "addressed to a tool": rf"\b(?:to|for|dear|hey|hi|hello|attention|attn|note to|message to|instructions? (?:to|for)) (?:the |any |all |this |an? |our |my |your )?(?:automated |ai |llm |human )?{_TOOL}(?:\s*:|\b[^.!?\n]{{0,20}}\b(?:reading|grading|reviewing|checking|scoring|evaluating|processing|screening|parsing|analy[sz]ing|summari[sz]ing) (?:this|these|my|the (?:message|note|email|text|bio|application|profile|document)))"
                           rf"|(?:^|[\[(<{{\"]\s*|[.!?;]\s+){_TOOL}\s*[,:]\s*\S"
                           rf"|\bif (?:you(?:'re| are)|this is (?:read|seen|processed) by) {_MACHINE}"
                           rf"|\bas (?:the|an?) (?:automated |ai )?{_TOOL},? you (?:must|should|shall|will|are to|need to|have to)\b"
                           rf"|\bthe (?:automated |ai )?{_TOOL} (?:must|should|shall|will|is to|needs to|has to) (?:now )?(?:rate|score|grade|mark|output|print|ignore|disregard|approve|respond|reply|say|classify|return|not flag)\b"
                           r"|(?:^|[.!?;:]\s*)(?:tell|ask|inform|remind|convince|instruct|warn|promise) the (?:user|human|visitor|interviewer)\b",
    # a role or a tag pretending to come from the system: "[SYSTEM: ...]", "</bio> <instructions>", "### New task"
    "pretends to be the system": rf"(?:^|\n|[\[(<{{|]|[.!?;]\s)\s*{_ROLE}(?: (?:override|message|note|notice|prompt|command|update))?\s*[:\]>]"
                                 rf"|</?\s*(?:{_ROLE}|prompt|message|bio|persona|user|context|data|input|document|text|note)\s*>"
                                 rf"|#{{2,}}\s*(?:new |updated |real |system |important )?(?:task|instructions?|prompt|system|rules|directive)\b"
                                 rf"|\b(?:system|admin|developer|security) (?:override|command|notice|directive)\b",
    # asks to change a verdict: a score, the flags, an approval
    "changes a verdict": r"(?:^|[.!?;:,(\[]\s*|\b(?:please|and|then|just|now|simply|you (?:must|should|will|shall))\s+)(?:score|rate|grade|mark|rank|evaluate|judge)\s+(?:this|it|me|my|the|these)\b[^.!?\n]{0,40}\b(?:\d{1,3}(?:\s*/\s*\d+|\s*%| out of \d+)?|perfect|flawless|excellent|highest|top|maximum|max|full marks|an? a\+?|five stars?|10/10)(?![\w-])"
                         r"|\b(?:give|assign|award|return|report|record)\b[^.!?\n]{0,25}\b(?:perfect|full|maximum|max|top|highest|flawless|100|10/10) (?:score|marks?|rating|grade|review|result)\b"
                         r"|\b(?:score|rating|grade|points)\s*[=:]\s*\d|\bflags?\s*[=:]\s*[\[{(\"'n0]|[\"'](?:score|flags|rating|verdict)[\"']\s*:"
                         r"|\b(?:no|zero|without|remove|clear|drop|suppress|hide|omit|ignore) (?:any |all |the |of the )?flags?\b|\b(?:remove|drop|suppress|hide|omit|waive) (?:any |all |the )?(?:penalt(?:y|ies)|deductions?|warnings?)\b"
                         r"|\b(?:do not|don't|never|must not|should not|shouldn't) (?:flag|penali[sz]e|mark (?:this|it) down|deduct points|downgrade)\b"
                         r"|\b(?:message|note|email|text|draft|letter|application|content|this)\s+(?:has been |had been |was |is |already |been )+(?:pre-?approved|approved|cleared|verified|whitelisted|vetted)\b"
                         r"|\bauto-?approve|\bmark (?:this|it) as (?:approved|passed|perfect|safe|clean|compliant)\b|\bpre-?approved by\b",
    # asks for a different output: one word, a given format, someone else's JSON
    "changes the output": r"\b(?:output|print|return|emit|respond with|reply with|answer with|reply|respond|say|write|type)\s+(?:only|nothing but|exclusively|with only|with just)\b|\b(?:output|print|return|emit|respond with|reply with|reply|respond) just\b"
                          r"|\bonly (?:output|print|return|respond with|reply with|say|write|type) (?:the (?:word|words|phrase|following|string|text)|[\"'`])"
                          r"|\b(?:say|write|type|print|output) (?:exactly |just )?the (?:word|words|phrase|string|token)\s*[:\"'`\u201c]"
                          r"|\b(?:respond|reply|answer|output|return|format (?:your|the) (?:answer|reply|response|output))\s+(?:only |strictly |exclusively )?(?:in|as|with) (?:json|yaml|xml|a json\b|valid json|a single word|one word|uppercase|all caps)"
                          r"|\b(?:output|print|return|dump|give me|send)\b[^.!?\n]{0,40}\bas (?:json|yaml|xml|a json)\b"
                          r"|\buse (?:the|this) (?:json|output|answer|result|score|text|verdict) (?:above|below)\b"
                          r"|\b(?:begin|start|end|prefix) (?:every|each|all|your) (?:reply|replies|answer|answers|response|responses|message|question|questions)\b[^.!?\n]{0,15}\bwith\b"
                          r"|\bwhen(?:ever)? (?:you are |you're )?asked (?:anything|something|a question)\b[^.!?\n]{0,20}\b(?:reply|respond|answer|say)\b",
    # a switch of role, persona or mode
    "switches role or mode": r"(?:^|[.!?:;]\s*)you(?:'re| are) now\b|\byou(?:'re| are) now (?:an? |the |in |my )?(?:\w+ )?(?:ai|assistant|bot|chatbot|model|dan|persona|character|mode|unrestricted|jailbroken|called|named|playing|acting)\b"
                             r"|\byou(?:'re| are) no longer (?:bound|restricted|limited|an? (?:\w+ )?(?:persona|character|assistant|human))\b"
                             r"|\bfrom now on\b[^.!?\n]{0,30}\b(?:you|act|behave|respond|answer|reply|speak|write|talk|pretend)\b"
                             r"|\bpretend (?:that )?(?:you(?:'re| are)|to be|the (?:interview|conversation|session|chat) (?:is|has))\b"
                             r"|\brole-?play(?:ing)?\b|(?:^|[.!?;:]\s*|\b(?:please|now|i want you to|you will|you must) )play the (?:role|part) of\b"
                             r"|\b(?:act|behave|respond|answer|speak|reply|talk|write)(?: only)? (?:as if you (?:were|are)|as though you (?:were|are)|like you(?:'re| are) (?:an?|the) (?:ai|bot|assistant)|as (?:an? |the )?(?:ai|a\.i\.|assistant|chatbot|bot|language model|llm|unfiltered|unrestricted|uncensored|jailbroken)\b)"
                             r"|\b(?:stop|quit|cease|drop) (?:role-?playing|pretending|playing (?:the|this|your) (?:role|part|character)|the act|the persona|your persona|the character|your character|being in character)\b"
                             r"|\b(?:break|leave|exit|step out of|get out of|drop) (?:out of )?(?:the |your |this )?(?:character|persona|role-?play)\b|\bout of character\b"
                             r"|\b(?:developer|debug|admin|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|sudo|maintenance|dan) mode\b|\bdo anything now\b"
                             r"|\b(?:new|updated|real|actual|true|revised|secret|hidden) (?:instructions?|directives?|system prompt)(?:\s*[:\u2014-]| for you\b| (?:are|follow)\s*:)|\byour new (?:instructions?|directives?|persona|identity)\b|\bnew (?:persona|identity)\b"
                             r"|\b(?:is|as) (?:the |an? )?(?:admin|administrator|developer|operator|root user|superuser)\b[^.!?\n]{0,20}\b(?:obey|follow|comply|do what)"
                             r"|\bobey (?:them|me|him|her|the user|the interviewer|these|this|every)\b",
    # asks for the instructions themselves, or for what is hidden
    "asks for the prompt": r"\b(?:print|reveal|show|list|repeat|output|display|leak|dump|paste|recite|translate|spell out|give me|tell me|share|disclose|expose|write out|copy)\b[^.!?\n]{0,25}\b(?:your|the|its|all) (?:(?:full|entire|whole|original|initial|exact|complete|hidden|secret|system|internal|underlying|first) )*(?:instructions|prompt|system message|directives|configuration|guidelines you were given)\b"
                           r"|\b(?:system|hidden|initial|original|developer|secret|underlying|internal) (?:prompt|instructions)\b"
                           r"|\b(?:repeat|print|output|copy|show|recite|reproduce)\b[^.!?\n]{0,25}\b(?:text|words|everything|all|what(?:ever)? (?:is|was|came))\b[^.!?\n]{0,15}\b(?:above|before this|so far|preceding)\b"
                           r"|\bwhat (?:were|are|have) you (?:been )?(?:instructed|programmed|prompted|configured)\b|\bwhat does your (?:prompt|system prompt|programming)\b|\byour (?:prompt|programming|system prompt) (?:says?|tells?)\b"
                           r"|\b(?:your|the|all|list) (?:hidden|secret) (?:insights?|notes?|facts?|instructions|rules|profile|information)\b|\b(?:hidden|secret) (?:insights?|notes?|instructions) you (?:were|have been) given\b|\bgrading (?:rubric|criteria)\b",
}
INJECTION_RE = re.compile("|".join(f"(?:{p})" for p in INJECTION_PATTERNS.values()), I)
