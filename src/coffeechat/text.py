"""Text helpers every flow shares: a or an, sentences with offsets, word counts, the first
sentence, shortening at a clause, quoting evidence, and escaping text for Markdown/HTML."""

from __future__ import annotations

import html
import re

# Spelled with a vowel but said with a consonant ("a union", "a one-day course"), and the reverse.
CONSONANT_SOUND_STARTS = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once")
VOWEL_SOUND_STARTS = ("hour", "honest", "honor", "honour", "heir")
VOWEL_SOUND_LETTERS = "AEFHILMNORSX"  # acronyms said letter by letter: "an MBA", "an HR lead", "a UX designer"


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by how its first word sounds ('an hour', 'a union', 'an ICU nurse')."""
    first = (phrase.split() or [""])[0].strip("\"'“(")
    if not first:
        return "a"
    if first.isupper() and len(first) > 1:
        return "an" if first[0] in VOWEL_SOUND_LETTERS else "a"
    lowered = first.lower()
    if lowered.startswith(VOWEL_SOUND_STARTS):
        return "an"
    return "an" if lowered[0] in "aeiou" and not lowered.startswith(CONSONANT_SOUND_STARTS) else "a"


def with_article(phrase: str) -> str:
    """The phrase after its article: 'an ICU nurse', 'a union electrician'."""
    return f"{article(phrase)} {phrase}"


WORD_RE = re.compile(r"[\w'’\-]+")
ABBREVIATION_RE = re.compile(r"\b(?:Mr|Ms|Mrs|Mx|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|approx|Inc|Ltd|Co|No)\.$|\b[A-Z]\.$", re.I)
SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def sentences(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence or line, with offsets into the original text."""
    found: list[tuple[int, int, str]] = []
    glue = False  # the previous piece ended in an abbreviation ("Ms.", "Dr."): not a sentence end
    for match in SENTENCE_RE.finditer(text):
        piece = match.group(0)
        stripped = piece.strip()
        if len(WORD_RE.findall(stripped)) == 0:
            continue
        start = match.start() + (len(piece) - len(piece.lstrip()))
        if glue and found:
            first = found[-1][0]
            found[-1] = (first, offset + start + len(stripped), text[first - offset : start + len(stripped)])
        else:
            found.append((offset + start, offset + start + len(stripped), stripped))
        glue = bool(ABBREVIATION_RE.search(stripped)) and not piece.endswith("\n")
    return found


FIRST_SENTENCE_WORDS = 25  # longer than this, a first sentence is a paragraph, not a point to build on


def first_sentence(text: str, max_words: int = FIRST_SENTENCE_WORDS) -> str:
    """The first sentence of markdown text, without markup; '' when it runs over max_words."""
    text = re.sub(r"\s+", " ", re.sub(r"[*_`#>]", "", text)).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
    return sentence if len(sentence.split()) <= max_words else ""


CLAUSE_CUT_MIN = 0.4  # cut at a clause only if that keeps at least this share of the limit; else at a word
CLAUSE_MARKS = (", ", "; ", " and ", " but ", " because ", " which ", " - ", " — ")


def shorten(sentence: str, limit: int) -> str:
    """A sentence cut at a clause boundary to at most `limit` characters."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    for mark in CLAUSE_MARKS:
        at = cut.rfind(mark)
        if at > limit * CLAUSE_CUT_MIN:
            return cut[:at].rstrip(" ,;-—") + "."
    return cut[: cut.rfind(" ")].rstrip(" ,;-—") + "."


QUOTE_CHARS = 120  # evidence quoted back to the user: long enough to recognise, short enough to scan


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """Text in double quotes on one line, cut with an ellipsis at `limit` characters."""
    text = " ".join(text.split())
    return f"\"{text if len(text) <= limit else text[: limit - 1] + '…'}\""


def safe(text: str) -> str:
    """User or model text made inert for Markdown/HTML output: shown as text, never run."""
    return html.escape(text or "", quote=True)
