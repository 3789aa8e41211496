"""The three outreach channels, their limits, and the input every outreach function accepts."""

from __future__ import annotations

from coffeechat import limits
from coffeechat.errors import InputError
from coffeechat.outreach.patterns import SUBJECT_RE
from coffeechat.text import count_words

CHANNELS = ("linkedin-note", "linkedin-message", "email")
CHAR_LIMITS = limits.CHANNEL_CHARS
EMAIL_WORD_LIMIT = limits.EMAIL_WORDS
MAX_MESSAGE_CHARS = limits.MESSAGE_CHARS
# Tokens a model may write for one message: a 300-character note is ~75 tokens, a 200-word
# email or a 1,900-character message's useful length ~270; the rest is room for a greeting.
MAX_TOKENS = {"linkedin-note": 110, "linkedin-message": 320, "email": 320}


def check_input(message: str, channel: str) -> str:
    """The message, validated: InputError (one line) for empty, oversized or unknown channel."""
    check_channel(channel)
    if message is None or not str(message).strip():
        raise InputError("the message is empty")
    if "\x00" in message:
        raise InputError("the message is not text (it contains NUL bytes)")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InputError(f"the message is too long to critique ({len(message):,} characters; the limit is {MAX_MESSAGE_CHARS:,})")
    return message


def check_channel(channel: str) -> str:
    """The channel, or InputError naming the ones there are."""
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    return channel


def detail_field(value: str | None, name: str, limit: int = limits.DETAIL_CHARS) -> str:
    """A one-line field of a request, whitespace collapsed; InputError when over `limit` characters."""
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise InputError(f"{name} is too long ({len(value):,} characters; the limit is {limit:,})")
    return value


def split_email(message: str) -> tuple[str | None, int]:
    """(subject or None, offset where the body starts). The subject is the first line only."""
    first_line_end = message.find("\n")
    first = message if first_line_end < 0 else message[:first_line_end]
    match = SUBJECT_RE.match(first)
    if not match:
        return None, 0
    return match.group("subject").strip(), (len(message) if first_line_end < 0 else first_line_end + 1)


def limit_text(channel: str) -> str:
    if channel == "email":
        return f"{EMAIL_WORD_LIMIT} words in the body"
    return f"{CHAR_LIMITS[channel]:,} characters"


def fits(text: str, channel: str) -> bool:
    """Within the channel's limit: characters for LinkedIn, words in an email's body (its subject apart)."""
    if channel == "email":
        _, start = split_email(text)
        return count_words(text[start:]) <= EMAIL_WORD_LIMIT
    return len(text) <= CHAR_LIMITS[channel]
