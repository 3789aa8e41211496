"""The patterns the outreach judge uses (outreach.flags): one regex per thing a message does.

Each is written from the flag definitions in evals/outreach/FLAGS.md and tested on exact
inputs in tests/unit/test_outreach_checks.py. Job requests and instructions addressed to a
tool are coffeechat.signals' (every flow reads the same definition).
"""

import re

I = re.I

SUBJECT_RE = re.compile(r"^\s*subject\s*:[ \t]*(?P<subject>[^\n]*)", re.I)
NUMBER_WORDS = r"(?:\d{1,3}|five|ten|fifteen|twenty|twenty-five|thirty|forty-five|a few|few|a couple of)"
TIME_BOUND_RE = re.compile(
    rf"\b{NUMBER_WORDS}[\s-]*(?:-|to|or)?[\s-]*(?:\d{{1,3}}[\s-]*)?min(?:ute)?s?\b|\bhalf[\s-]an?[\s-]hour\b|\bhalf[\s-]hour\b"
    r"|\bquarter of an hour\b|\b(?:an|one) hour\b|\b\d{1,2}[\s-]*(?:hours?|hrs?)\b",
    I,
)

# Placeholders: [Name], {company}, <role>, XXX, INSERT ..., [Your Name].
PLACEHOLDER_RE = re.compile(
    r"\[[^\[\]\n]{1,60}\]|\{\{?[^{}\n]{1,40}\}?\}|<[A-Za-z][A-Za-z _\-]{0,30}>|\bX{3,}\b|\bINSERT\b[^.\n]{0,40}|\b(?:TODO|TBD)\b"
    r"|\b(?:FIRST|LAST|COMPANY|ROLE)[ _]NAME\b",
)
# A clearly marked blank this product writes (lower-case, starting "your"/"their"/"the"):
# the writer must fill it, and a rewrite may contain one where a fact is missing.
MARKED_BLANK_RE = re.compile(r"\[(?:your|their|the|a|an) [a-z0-9][^\[\]\n]{0,80}\]")

ASK_CUE_RE = re.compile(
    r"\b(?:would|could|can|may|might|will) (?:you|we|i)\b|\bwould it be (?:possible|ok|okay|alright)\b|\bare you (?:open|free|available|willing|up for)\b"
    r"|\bis there (?:a|any) (?:time|chance|way)\b|\bdo you have (?:time|a few|any|\d|fifteen|twenty|ten)\b"
    r"|\bi(?:'d| would)(?: really| so| very| truly| also| most)? (?:love|like|welcome|value|be (?:(?:very|so|really|most|truly|extremely) )?(?:grateful|glad|thankful|happy|honou?red|delighted))\b"
    r"|\b(?:spare|give me|grant me|find) (?:\w+ ){0,2}(?:minutes|time|a call)\b|\bi need (?:a|an|to (?:talk|speak|meet|chat|ask))\b|\bi expect\b|\bi want (?:a|an|to (?:talk|speak|meet|chat|ask))\b"
    r"|\bi(?:'m|m| am) hoping\b|\bi hope (?:to|we|you)\b|\bi was hoping\b|\bif you(?:'re| are| were| have| had| could| can)\b|\blet'?s\b"
    r"|\bplease let me know\b|\blet me know (?:if|when|whether)\b|\bhappy to (?:connect|chat)\b|\bwould love\b|\bwould be (?:great|wonderful|grateful)\b"
    r"|\bany chance\b|\bhow about\b|\bwhether you (?:might|would|could)\b|\bopen to\b|\bwilling to\b|\bi'?d appreciate\b|\bi would appreciate\b",
    I,
)
CONVERSATION_RE = re.compile(
    r"\b(?:chat|chats|call|calls|phone|conversation|talk|talking|speak|speaking|coffee|meet|meeting|zoom|video|teams|questions?|"
    r"hear (?:about|how|more|your|what)|learn (?:about|from|how|more|what)|pick your brain|minutes?|min|half an hour|sit down|catch up)\b",
    I,
)
CONNECT_RE = re.compile(r"\bconnect(?:ing|ed)?\b|\bconnection request\b|\badd you\b", I)
CONNECT_IMPERATIVE_RE = re.compile(r"\b(?:please |let'?s |kindly )connect\b|^connect with me\b|\bconnect with me\b", I)


GRATITUDE_RE = re.compile(r"\bthank(?:s|ful|ing|ed)?\b|\bthx\b|\bappreciat\w*|\bgrateful\b|\bgratitude\b|\bmuch obliged\b|\bcheers\b", I)

PUSHY_RE = re.compile(
    r"\basap\b|\burgent(?:ly)?\b|\btime[- ]sensitive\b|\bimmediately\b|\bright away\b|\bas soon as possible\b|\bwithout delay\b"
    r"|\bi need (?:an? )?(?:answer|response|reply|you to|to hear|this)\b|\bneed (?:an? )?(?:answer|response|reply) by\b|\b(?:reply|respond|answer|get back to me)(?: to me)? (?:by|before|within|today|tonight|tomorrow)\b"
    r"|\bi(?:'ll| will) (?:call|phone|ring|stop by|drop by|come by|visit|show up|keep (?:messaging|emailing|following|writing|calling)|follow up (?:every|daily|until))\b"
    r"|\bi expect\b|\byou must\b|\byou (?:need|have) to (?:reply|respond|answer|make|call|meet|get back|help)\b|\bsurely (?:you|someone)\b|\byou owe\b|\bi insist\b"
    r"|!{2,}|\bdon'?t ignore\b|\bno excuses\b|\bi won'?t take no\b|\bi deserve\b|\bit'?s only fair\b|\bi'?m counting on you\b"
    r"|\b(?:i(?:'ve| have)|already) (?:put|booked|scheduled|sent) (?:a |an )?(?:meeting|call|invite|time)\b|\bi(?:'ve| have) (?:messaged|emailed|written to|contacted) you (?:\w+ ){0,2}times\b"
    r"|\bor i(?:'ll| will) assume\b|\bcan'?t be that busy\b|\bshould be easy for you\b|\bthe least you can do\b|\bmake time for me\b",
    I,
)
POLITE_MITIGATION_RE = re.compile(r"\b(?:no|not) (?:rush|pressure|obligation|worries)\b|\bif (?:you'?re|you are) (?:not |too )?(?:busy|able)\b|\bcompletely (?:fine|understand)\b", I)

SENDER_RE = re.compile(
    r"\bi(?:'m|m| am)(?: currently| now| also| actually)? (?:a|an)\s+(?!(?:big|huge|great|longtime|long-time|avid|massive|real) (?:fan|admirer)|fan\b|admirer\b|follower\b|reader\b)\w+"
    r"|\bi(?:'m|m| am)(?: currently| now)? (?:in (?:my|the) (?:first|second|third|fourth|final|last|\w+) (?:year|semester)|studying|finishing|completing|pursuing|transitioning|moving (?:into|from|to)|pivoting|switching|changing careers|retraining|training (?:as|to)|returning|graduating|majoring|enrolled|working (?:as|at|in|on|toward|towards)|based (?:in|at)|a? ?(?:junior|senior|sophomore|freshman)|(?:\w+ ){0,2}(?:student|graduate|grad|major|candidate|apprentice|intern|veteran|alum(?:na|nus|ni)?))\b"
    r"|\bi (?:work|worked|have worked|'ve worked|teach|taught|study|studied|run|ran|lead|led|manage|managed|supervise|graduated|recently graduated|just graduated|just finished|recently finished|finished|serve|served|spent|volunteer)\b"
    r"|\bi(?:'ve| have) (?:spent|worked|taught|studied|served|volunteered|managed|led|run|been (?:a|an|working|teaching|studying|in|at|with|doing))\b|\bi(?:'ve| have) (?:\w+ ){0,2}(?:years?|months?) (?:in|at|of|as)\b"
    r"|\bmy (?:background|degree|major|studies|training|experience|current role|role|job|work|career) (?:is|has been|was|as|at|in)\b|\bin my (?:role|job|work|current role|program|degree|studies) (?:as|at)\b"
    r"|\bas an? (?!fan\b|admirer\b|reminder\b|result\b|follow-up\b|aside\b)(?:\w+[- ]){0,3}(?:student|graduate|grad|major|engineer|nurse|teacher|analyst|developer|designer|manager|technician|assistant|worker|officer|veteran|parent|mom|dad|chef|apprentice|intern|professional|researcher|candidate|paralegal|accountant|consultant|specialist|coordinator|librarian|scientist|planner|organizer|volunteer)\b"
    r"|\b(?:fellow|former|recent) (?:\w+ ){0,2}(?:alum(?:na|nus|ni)?|grad(?:uate)?|student|member|classmate|colleague)\b|\b(?:grad|alum|student|major) here\b"
    r"|\b(?:i'?m|i am|my name is) (?!(?:sure|glad|happy|excited|curious|interested|eager|grateful|thankful|keen|hoping|writing|reaching|new|not|also|still|just|really|very)\b)[a-z]+, (?:a|an)\s+\w+"
    r"|\b(?:i'?m|i am) (?:\w+ ){0,3}(?:at|from) [A-Z][\w&.-]+(?: [A-Z][\w&.-]+)*\b(?<!\bfrom LinkedIn)"
    r"|\b(?:after|with) (?:\w+ ){0,2}(?:years?|decades?) (?:as|in|at|of)\b|\bi(?:'m|m| am) \[(?:your|a|an) ",
    I,
)

PERSONAL_RE = re.compile(
    r"\byour (?:[\w'’&.-]+ ){0,3}(?:series|profile (?:on|of|in)|feature|interview with|talk|keynote|presentation|post|posts|article|essay|paper|blog|newsletter|podcast|episode|interview|book|chapter|thread|piece|project|research|study|panel|session|webinar|video|course|lecture|report|thesis|op-?ed|column|poster|workshop|case study|substack|medium piece|tweet|comment|remarks|answer|story|guide|tutorial|reel|dataset|notebook|pull request|speech|demo|analysis|work on|work with|writing on|writing about|team'?s (?:work|project|research|report|paper)|path|move|transition|switch|journey from|career (?:path|move|switch|change|journey|shift)|time at|years at)\b"
    r"|\bthe way you\b|\bhow you (?:\w+ ){0,2}(?:grew|built|founded|started|moved|left|switched|transitioned|went from|turned|kept|rebuilt|launched|scaled)\b|\byour (?:firm|team|company|lab|studio|agency|group|office|practice|shop|organi[sz]ation|department)['’]s (?!(?:work|reputation|mission|culture|values|success|website|growth|people|products?|services?)\b)[a-z]+ (?:[\w-]+ )?(?:of|on|at|for|in)\b"
    r"|\b(?:you|your team) (?:wrote|said|kept|grew|founded|spoke|talked|presented|shared|posted|published|described|mentioned|built|led|launched|designed|ran|gave|made|taught|explained|argued|wrote about|discussed)\b"
    r"|\b(?:fellow|also an?|another) (?:\w+ ){0,2}(?:alum(?:na|nus|ni)?|grad(?:uate)?|member|classmate|veteran)\b|\bwe (?:both|were both|share|went|studied|attended)\b|\bboth (?:studied|went|graduated|attended|members?|alum)"
    r"|\b(?:same|shared) (?:school|university|college|program|bootcamp|group|alma mater|chapter|cohort|club|hometown)\b|\blike you,? i\b"
    r"|\b(?:suggested|recommended|said) (?:that )?(?:i |we )?(?:reach out|contact|write|talk|speak|get in touch|connect|email|message)|\b(?:suggested|recommended) (?:you|your name|i talk to you)\b"
    r"|\b(?:passed along|gave me|shared) your (?:name|email|contact|details|info)\b|\breferred me to you\b|\bpointed me (?:to|toward|towards) you\b|\bintroduced (?:me|us)\b|\btold me (?:about you|you|that you)\b"
    r"|\b(?:heard|saw|watched|read|listened to|attended|caught|followed) (?:your|you (?:speak|present|talk|on))\b|\bi (?:loved|enjoyed|appreciated|liked) your\b",
    I,
)
GENERIC_FLATTERY_RE = re.compile(
    r"\byour (?:impressive |great |amazing |inspiring |remarkable |incredible |wonderful |stellar |extensive |strong |excellent |fascinating )?(?:profile|background|company|firm|organi[sz]ation|experience|career|accomplishments|achievements|expertise|success|industry)\b",
    I,
)


# A writer talking about its own rewrite ("I removed the last sentence...") instead of to the reader.
ABOUT_THE_REWRITE_RE = re.compile(
    r"\bthis is (?:a|an|the|my) (?:\w+ ){0,2}(?:paragraph|message|version|rewrite|draft|text)\b"
    r"|\bi (?:removed|rewrote|revised|edited|shortened|reworded|deleted|cut)\b[^.!?\n]{0,40}\b(?:sentence|paragraph|message|words?|punctuation|phrase|line)s?\b"
    r"|\b(?:here is|here's) (?:the|a|my|your) (?:\w+ )?(?:rewrite|version|draft)\b",
    I,
)
