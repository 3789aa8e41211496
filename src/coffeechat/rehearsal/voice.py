"""The model's part of a rehearsal reply, under the checks in rehearsal/checks.py.

With the embedded model the authored answer is the body; the model may add one bridge
sentence to the user's words, kept only when it passes every check. With a capable provider
(openai or openai-compatible) the model answers freely from the persona, the role's profile
(never the unearned insights), the conversation and the authored answer; each sentence is
checked before it is shown, and a first sentence that fails hands over to the authored answer.
A model that fails or cannot be reached leaves the authored text, never an error.
"""

from __future__ import annotations

import logging
import re
from typing import Iterator

from coffeechat import prompts
from coffeechat.rehearsal.checks import ReplyChecker
from coffeechat.rehearsal.persona import Persona

log = logging.getLogger(__name__)

BRIDGE_MAX_TOKENS = 48  # one sentence (BRIDGE_MAX_WORDS words) and its punctuation
# The authored answer shows at once; a bridge that is not back by then is dropped, so the whole
# reply stays within the 3 s the rehearsal promises (issue 13 item 8).
BRIDGE_BUDGET_S = 2.0
# After this many bridges in a row fail their checks, the model is not asked again in the
# session: with SmolLM2-135M nearly every bridge fails (probed: 0 of 18), and asking costs
# each reply a model call; a bigger model that passes keeps being asked.
BRIDGE_GIVE_UP_AFTER = 2
FREE_MAX_TOKENS = 200  # an answer of up to FREE_MAX_WORDS words
FREE_SENTENCES = 4
HISTORY_TURNS = 6  # the last exchanges a free answer sees: enough for "you mentioned"
PROFILE_CHARS = 2400  # the profile's work, skills and paths sections, trimmed for the prompt


def split_sentences(text: str) -> tuple[list[str], str]:
    """Whole sentences in `text`, and the unfinished rest."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    if parts and not re.search(r"[.!?]$", parts[-1].strip()):
        return [p.strip() for p in parts[:-1] if p.strip()], parts[-1]
    return [p.strip() for p in parts if p.strip()], ""


class Voice:
    """Model calls for one persona, each checked before anything it says is shown."""

    def __init__(self, persona: Persona, checker: ReplyChecker, model_factory, capable: bool):
        """`model_factory(max_tokens, temperature, timeout_s=None)` builds a chat model."""
        self.persona = persona
        self.checker = checker
        self.model_factory = model_factory
        self.capable = capable

    def system_prompt(self) -> str:
        p = self.persona
        return prompts.render("interview_system", name=p.name, title=p.title, organisation=p.organisation, years=p.years, personality=p.personality, speaking_style=p.speaking_style)

    def _messages(self, user: str):
        from langchain_core.messages import HumanMessage, SystemMessage

        return [SystemMessage(self.system_prompt()), HumanMessage(user)]

    def warm(self) -> None:
        """Fill the server's prompt cache with the persona prompt (one token of output)."""
        self.model_factory(1, 0.0).invoke(self._messages("Hello."))

    def bridge(self, question: str, answer: str, said: set[str]) -> tuple[str, list[str]]:
        """(a checked bridge sentence or '', the problems of a rejected one)."""
        try:
            reply = self.model_factory(BRIDGE_MAX_TOKENS, 0.4, BRIDGE_BUDGET_S).invoke(self._messages(prompts.render("interview_bridge", question=question, answer=answer)))
        except Exception as exc:  # the authored answer stands on its own
            log.info("bridge failed: %s", type(exc).__name__)
            return "", ["model failed"]
        text = " ".join(str(reply.content or "").split()).strip().strip('"').strip()
        text = re.sub(rf"^({re.escape(self.persona.first_name)}|assistant|professional)\s*:\s*", "", text, flags=re.I)
        first, _ = split_sentences(text + " ")
        bridge = first[0] if first else text
        problems = self.checker.bridge_problems(bridge, answer, question, said)
        return ("", problems) if problems else (bridge, [])

    def free(self, question: str, answer: str, profile: str, history: str, said: set[str]) -> Iterator[str]:
        """Checked sentences of a free answer, as they complete; stops at the first that fails."""
        prompt = prompts.render("interview_free", question=question, answer=answer, profile=profile[:PROFILE_CHARS], history=history or "(this is their first question)", sentences=FREE_SENTENCES)
        shown, buffer, count = "", "", 0
        stream = self.model_factory(FREE_MAX_TOKENS, 0.5).stream(self._messages(prompt))
        try:
            for chunk in stream:
                buffer += str(chunk.content or "")
                done, buffer = split_sentences(buffer)
                for sentence in done:
                    if count >= FREE_SENTENCES or self.checker.sentence_problems(sentence, shown, answer, question, said):
                        return
                    shown = f"{shown} {sentence}".strip()
                    count += 1
                    yield sentence
            rest = buffer.strip()
            if rest and count < FREE_SENTENCES and re.search(r"[.!?]$", rest) and not self.checker.sentence_problems(rest, shown, answer, question, said):
                yield rest
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
