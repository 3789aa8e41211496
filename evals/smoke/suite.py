"""Smoke: proves the eval loop end to end with the real retriever and the configured model."""

from coffeechat.llm import chat_model
from coffeechat.kb.retrieval import retrieve


def run(case: dict) -> dict:
    if case["kind"] == "search":
        results = retrieve(case["query"], k=5, collections=("knowledge",))
        return {"results": [{"source": r.source, "topic": r.topic, "role": r.role} for r in results]}
    reply = chat_model(max_tokens=60, temperature=0).invoke(case["prompt"])
    return {"reply": str(reply.content)}


def grade(case: dict, output: dict) -> dict:
    if case["kind"] == "search":
        results = output["results"]
        if "expect_topic" in case:
            return {"hit": any(r["topic"] == case["expect_topic"] for r in results)}
        return {"hit": any(r["role"] == case["expect_role"] for r in results)}
    return {"answered": len(output["reply"].split()) >= 3}
