"""Checks any model-written text must pass, whatever the flow: it does not loop, and it does
not echo the instructions it was given."""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[a-z0-9']+")
ECHO_WORDS = 6  # a run this long copied from the instructions (and not from the user's text) is an echo


def repeats(text: str) -> bool:
    """A sentence or an 8-word run said twice: the small model's loop."""
    sentences = [x.strip().lower() for x in re.split(r"(?<=[.!?])\s+", text) if len(x.strip()) > 12]
    if len(sentences) != len(set(sentences)):
        return True
    words = WORD_RE.findall(text.lower())
    grams = [" ".join(words[i : i + 8]) for i in range(max(0, len(words) - 7))]
    return len(grams) != len(set(grams))


def _grams(text: str, n: int) -> set[str]:
    words = WORD_RE.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def echoes_instructions(text: str, prompt: str, sources: list[str] | tuple[str, ...] = ()) -> bool:
    """True when `text` copies a run of words from `prompt` that is in none of `sources`
    (the user's own text and curated phrases, which a reply may legitimately repeat)."""
    allowed = set().union(*(_grams(s, ECHO_WORDS) for s in sources)) if sources else set()
    return bool((_grams(text, ECHO_WORDS) & _grams(prompt, ECHO_WORDS)) - allowed)
