"""Every per-field size limit, in one place: the chains' validators, the CLI's file reader
and the UI's text boxes (gr.Textbox max_length) all read them from here.

Characters are counted after stripping surrounding whitespace. A file is read at most
`*_FILE_BYTES` bytes (four per character, UTF-8's widest), so a bio in Japanese or one full
of emoji meets the character limit, not a smaller byte limit. README.md's "Limits" table is
`limits_markdown()`; tests/unit/test_limits.py keeps the two the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.errors import InputError

UTF8_MAX_BYTES = 4  # the widest UTF-8 character

# who and where
ROLE_CHARS = 200  # a role ("ICU nurse"): questions, rehearsal, notes, drafts
INDUSTRY_CHARS = 200
COMPANY_CHARS = 200  # a company or organisation
PERSON_CHARS = 200  # a person's name (a note's person, a draft's recipient)
DETAIL_CHARS = 500  # one-line details: your background, how you found them, what you want to learn, a next step

# what you paste
BIO_CHARS = 20_000  # a bio, profile, post or talk abstract (questions, drafts)
PERSONA_BIO_CHARS = 5_000  # a bio a rehearsal persona takes after: it is read every turn
GOALS = 10  # goals per request (questions, rehearsal)
GOAL_CHARS = 300  # one goal
QUESTIONS = 30  # questions per request: a 20-minute conversation uses 5-10, a list of 30 leaves room to choose

# outreach
MESSAGE_CHARS = 20_000  # a message to critique, any channel
CHANNEL_CHARS = {"linkedin-note": 300, "linkedin-message": 1_900}  # over this the critique flags too_long
EMAIL_WORDS = 200  # an email body over this is flagged too_long (too long to read on a phone)

# rehearsal, notes, search
REHEARSAL_MESSAGE_CHARS = 2_000  # one message to the simulated professional
SCRIPT_TURNS = 60  # messages in a `rehearse --script` file
NOTE_CHARS = 50_000  # a note, or a rehearsal's notes
QUERY_CHARS = 2_000  # a search query
SESSION_ID_CHARS = 80  # a saved rehearsal's id

# files
FILE_BYTES = 2_000_000  # any file or stdin the CLI reads
BIO_FILE_BYTES = BIO_CHARS * UTF8_MAX_BYTES
MESSAGE_FILE_BYTES = MESSAGE_CHARS * UTF8_MAX_BYTES
NOTE_FILE_BYTES = NOTE_CHARS * UTF8_MAX_BYTES
SCRIPT_FILE_BYTES = min(FILE_BYTES, SCRIPT_TURNS * REHEARSAL_MESSAGE_CHARS * UTF8_MAX_BYTES + 10_000)
GOALS_BOX_CHARS = GOALS * (GOAL_CHARS + 1)  # the UI's one-goal-per-line box


def check_length(value: str | None, limit: int, what: str) -> str:
    """value stripped; InputError (one line) when it is longer than limit characters."""
    text = (value or "").strip()
    if len(text) > limit:
        raise InputError(f"{what} is too long ({len(text):,} characters; the limit is {limit:,})")
    return text


@dataclass(frozen=True)
class Limit:
    field: str
    value: int
    unit: str
    where: str


def table() -> list[Limit]:
    """The documented limits, in README order."""
    return [
        Limit("role", ROLE_CHARS, "characters", "questions, rehearse, notes, draft"),
        Limit("industry", INDUSTRY_CHARS, "characters", "questions, rehearse"),
        Limit("company / organisation", COMPANY_CHARS, "characters", "questions, draft"),
        Limit("person / name", PERSON_CHARS, "characters", "notes, draft"),
        Limit("one-line detail (background, how found, who you are, what to learn, next step)", DETAIL_CHARS, "characters", "questions, draft"),
        Limit("bio, profile or post", BIO_CHARS, "characters", "questions, draft"),
        Limit("bio a rehearsal persona takes after", PERSONA_BIO_CHARS, "characters", "rehearse"),
        Limit("goals", GOALS, "goals", "questions, rehearse"),
        Limit("one goal", GOAL_CHARS, "characters", "questions, rehearse"),
        Limit("message to critique (any channel)", MESSAGE_CHARS, "characters", "critique"),
        Limit("LinkedIn connection note (flagged too_long above)", CHANNEL_CHARS["linkedin-note"], "characters", "critique, draft"),
        Limit("LinkedIn message (flagged too_long above)", CHANNEL_CHARS["linkedin-message"], "characters", "critique, draft"),
        Limit("email body (flagged too_long above)", EMAIL_WORDS, "words", "critique, draft"),
        Limit("rehearsal message", REHEARSAL_MESSAGE_CHARS, "characters", "rehearse"),
        Limit("script turns", SCRIPT_TURNS, "messages", "rehearse --script"),
        Limit("note (or a rehearsal's notes)", NOTE_CHARS, "characters", "notes add, History, rehearse"),
        Limit("search query", QUERY_CHARS, "characters", "search"),
        Limit("bio file", BIO_FILE_BYTES, "bytes", "--bio, the Questions tab's upload"),
        Limit("message file", MESSAGE_FILE_BYTES, "bytes", "critique FILE"),
        Limit("note file", NOTE_FILE_BYTES, "bytes", "notes add FILE, draft --notes"),
        Limit("script file", SCRIPT_FILE_BYTES, "bytes", "rehearse --script"),
        Limit("any other file or stdin", FILE_BYTES, "bytes", "the CLI"),
    ]


def limits_markdown() -> str:
    """The README's Limits table."""
    rows = [f"| {limit.field} | {limit.value:,} {limit.unit} | {limit.where} |" for limit in table()]
    return "\n".join(["| field | limit | used by |", "|---|---|---|", *rows])
