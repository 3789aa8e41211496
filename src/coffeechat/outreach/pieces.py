"""A message as its sentences, each with the whitespace before it, so a rewrite can cut, change
and add sentences while the writer's layout stays as they wrote it: where the subject, the
greeting, the body and the sign-off are; insert, remove and replace, each recorded in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coffeechat.outreach import patterns, writing
from coffeechat.text import quote, sentences

VALEDICTION_RE = re.compile(r"^(?:best(?: regards| wishes)?|thanks(?: again| so much)?|thank you(?: [\w ]{0,40})?|many thanks|kind regards|warm(?:est)? regards|regards|cheers|sincerely|warmly|all the best|respectfully|gratefully|with thanks|yours)[,!.]?$", re.I)
NAME_LINE_RE = re.compile(r"^[-–—]?\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}$")
GREETING_LINE_RE = re.compile(r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b(?:\s+(?:mr|ms|mrs|mx|dr|prof)\.)?[^.!?]{0,50}[,!]?$|^(?:mr|ms|mrs|mx|dr|prof)\.? [A-Z][\w'’-]+,$", re.I)


@dataclass
class Piece:
    text: str
    glue: str  # the whitespace before it
    added: bool = False


def pieces_of(message: str) -> list[Piece]:
    """The message's sentences with the whitespace before each; a greeting on the first line of
    text ("Hi Priya, I'm a ...") is a piece of its own, so a sentence can go after it."""
    found, at = [], 0
    for start, end, sentence in sentences(message):
        found.append(Piece(sentence, message[at:start]))
        at = end
    first = 1 if found and patterns.SUBJECT_RE.match(found[0].text) else 0
    if len(found) > first:
        greeting = writing.GREETING_RE.match(found[first].text)
        rest = found[first].text[greeting.end():].strip() if greeting else ""
        if greeting and rest and len(greeting.group(0).split()) <= writing.GREETING_MAX_WORDS:
            found[first:first + 1] = [Piece(found[first].text[: greeting.end()].strip(), found[first].glue), Piece(rest, " ")]
    return found


def render(items: list[Piece]) -> str:
    out = []
    for i, piece in enumerate(items):
        glue = piece.glue if i else ""
        if i and not glue:
            glue = " "
        out.append(glue + piece.text)
    return "".join(out).strip()


def _merge_glue(a: str, b: str) -> str:
    for mark in ("\n\n", "\n"):
        if mark in a or mark in b:
            return mark
    return " " if (a or b) else ""


class EditableMessage:
    """The message as pieces, with the places edits go: after the greeting, before the sign-off."""

    def __init__(self, message: str, channel: str):
        self.channel = channel
        self.items = pieces_of(message)
        self.changes: list[str] = []
        self.cut: list[str] = []

    # ---- where things are

    def is_subject(self, i: int) -> bool:
        return i == 0 and self.channel == "email" and bool(patterns.SUBJECT_RE.match(self.items[0].text))

    def greeting_index(self) -> int | None:
        start = 1 if self.items and self.is_subject(0) else 0
        if len(self.items) > start and GREETING_LINE_RE.match(self.items[start].text.strip()) and len(self.items[start].text.split()) <= writing.GREETING_MAX_WORDS:
            return start
        return None

    def closing_start(self) -> int:
        """The first piece of the sign-off block ("Best,\\nDana"), or len(items) when there is none."""
        greeting = self.greeting_index()
        floor = greeting if greeting is not None else (0 if self.items and self.is_subject(0) else -1)
        i = len(self.items)
        while i - 1 > floor:
            piece = self.items[i - 1]
            own_line = "\n" in piece.glue or piece.text.startswith(("-", "–", "—"))
            if own_line and not piece.added and (NAME_LINE_RE.match(piece.text) or VALEDICTION_RE.match(piece.text.strip())):
                i -= 1
                continue
            break
        return i

    def body(self) -> list[int]:
        greeting = self.greeting_index()
        first = greeting + 1 if greeting is not None else (1 if self.items and self.is_subject(0) else 0)
        return list(range(first, self.closing_start()))

    def text(self) -> str:
        return render(self.items)

    # ---- edits

    def remove(self, i: int, why: str) -> None:
        piece = self.items.pop(i)
        if i < len(self.items):
            self.items[i].glue = _merge_glue(piece.glue, self.items[i].glue)
        self.cut.append(piece.text)
        self.changes.append(f"{why}: {quote(piece.text, 90)}")

    def replace(self, i: int, text: str, why: str, show_before: bool = True) -> None:
        before = self.items[i].text
        self.items[i].text = text
        self.changes.append(f"{why}: {quote(before, 70)} → {quote(text, 70)}" if show_before else f"{why}: {quote(text, 140)}")

    def insert(self, at: int, text: str, why: str, lead: bool = False) -> None:
        """A new sentence before items[at]. lead: it opens the paragraph (takes the whitespace
        before items[at], which then follows it on the same line); else it follows the sentence before."""
        glue = " " if at else ""
        if lead and at < len(self.items):
            glue, self.items[at].glue = self.items[at].glue, " "
            following = self.items[at].text
            if following[:1].islower():  # it followed a greeting's comma ("Hi Ana, your talk..."): now it starts a sentence
                self.items[at].text = following[0].upper() + following[1:]
        self.items.insert(at, Piece(text, glue, added=True))
        self.changes.append(f"{why}: {quote(text, 90)}")

    def prepend_line(self, text: str, why: str) -> None:
        """A first line of its own (an email's subject), a blank line before the rest."""
        self.items.insert(0, Piece(text, "", added=True))
        if len(self.items) > 1:
            self.items[1].glue = "\n\n"
        self.changes.append(f"{why}: {quote(text, 90)}")

    def append_to_body(self, text: str, why: str) -> None:
        """A new last sentence of the body, before the sign-off."""
        self.insert(self.closing_start(), text, why)


