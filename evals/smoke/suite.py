"""Smoke: proves the eval loop end to end with the real retriever and the configured model.

Search cases pass when a top-5 result carries the topic or role a person expected (the pages'
own front matter). Chat cases pass when the reply has at least MIN_WORDS words and at least
CUES_NEEDED of the cue words a person wrote for what a one-sentence answer mentions (word
prefixes; a cue the prompt itself contains does not count, so an echo of the question fails).
Every case is `split: tune` (looked at while building) or `heldout` (only run to report).
"""

import re

from coffeechat.kb.retrieval import retrieve
from coffeechat.llm import chat_model

MIN_WORDS = 3  # fewer is no sentence at all
CUES_NEEDED = 2  # one cue word can be chance; two mean the reply is about the question


def run(case: dict) -> dict:
    if case["kind"] == "search":
        results = retrieve(case["query"], k=5, collections=("knowledge",))
        return {"results": [{"source": r.source, "topic": r.topic, "role": r.role} for r in results]}
    reply = chat_model(max_tokens=60, temperature=0).invoke(case["prompt"])
    return {"reply": str(reply.content)}


def cue_hits(reply: str, cues: list[str], prompt: str) -> list[str]:
    asked = prompt.lower()
    return [c for c in cues if re.search(r"\b" + re.escape(c), reply.lower()) and not re.search(r"\b" + re.escape(c), asked)]


def grade(case: dict, output: dict) -> dict:
    if case["kind"] == "search":
        results = output["results"]
        if "expect_topic" in case:
            return {"hit": any(r["topic"] == case["expect_topic"] for r in results)}
        return {"hit": any(r["role"] == case["expect_role"] for r in results)}
    reply = output["reply"]
    answered = len(reply.split()) >= MIN_WORDS
    return {"answered": answered, "on_topic": answered and len(cue_hits(reply, case.get("cues", []), case["prompt"])) >= CUES_NEEDED}


def summarize(rows: list[dict]) -> dict:
    summary: dict = {}
    for split in ("tune", "heldout"):
        part = [r for r in rows if r.get("split") == split]
        search = [r["metrics"]["hit"] for r in part if "hit" in r["metrics"]]
        chat = [r["metrics"] for r in part if "answered" in r["metrics"]]
        summary[split] = {
            "search_hits": f"{sum(search)}/{len(search)}",
            "chat_answered": f"{sum(m['answered'] for m in chat)}/{len(chat)}",
            "chat_on_topic": f"{sum(m['on_topic'] for m in chat)}/{len(chat)}",
            "failed": [r["id"] for r in part if not all(r["metrics"].values())],
        }
    return summary
