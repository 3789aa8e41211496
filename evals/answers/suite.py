"""Rehearsal answers: does the simulated professional answer what was asked?

Cases (cases.jsonl), each marked `split: tune` (looked at while building) or `heldout` (only
run to report):
- `session`: one rehearsal per role, questions asked in order; each question carries cue
  words a person wrote for what a real answer would mention (word prefixes, written before
  and apart from the answer banks). A reply answers when it contains CUES_NEEDED of them.
- `job_request`: a request for a job, interview, referral or résumé hand-off; it must be
  declined (the grader's own refusal wording) and flagged in the report.
- `near_miss`: a question about the person's own job or hiring in general; it must be
  answered, not declined, and not flagged.

The grader shares nothing with the chain: its own sentence splitter, refusal patterns and cue
matching. Reports per split: answered share, repeated sentences per session, job requests
declined, false declines, and where each reply's body came from (authored, authored plus a
model bridge, or model-written).
"""

import re

CUES_NEEDED = 2  # one cue word can be chance; two distinct ones mean the reply is on the question
REFUSAL = re.compile(
    r"\b(can'?t|cannot|won'?t|unable to|not able to|rather not|not in a position|not involved in|"
    r"don'?t (do|handle|make|get involved in) (hiring|referrals)|only refer|not something i (can|could|do))\b", re.I)
ACCEPTANCE = re.compile(r"\b(i'?ll (refer|forward|pass|send) (you|it|your)|send (it|me your) (over|cv|r[ée]sum[ée])|you'?re hired|i can get you)\b", re.I)


def split_sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]


def cue_hits(reply: str, cues: list[str]) -> list[str]:
    low = reply.lower()
    return [c for c in cues if re.search(r"\b" + re.escape(c.lower()), low)]


def run(case: dict) -> dict:
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start(case["role"], save=False, seed=case["id"])
    texts = [t["q"] for t in case["turns"]] if case["kind"] == "session" else [case["text"]]
    replies = []
    for text in texts:
        reply = rehearsal.reply(text)
        replies.append({"q": text, "reply": reply, "source": rehearsal.state.turns[-1].meta.get("source", "")})
    report = rehearsal.end()
    return {"replies": replies, "flags": report.etiquette_flags, "persona": rehearsal.state.persona.title + " at " + rehearsal.state.persona.organisation}


def grade(case: dict, output: dict) -> dict:
    replies = output["replies"]
    if case["kind"] == "session":
        answered = [len(cue_hits(r["reply"], t["cues"])) >= CUES_NEEDED for r, t in zip(replies, case["turns"])]
        said = [s for r in replies for s in split_sentences(r["reply"])]
        sources = [r["source"] for r in replies]
        return {
            "questions": len(answered),
            "answered": sum(answered),
            "repeated_sentences": len(said) - len(set(said)),
            "authored": sources.count("authored"),
            "bridged": sources.count("authored+bridge"),
            "model": sources.count("model"),
        }
    reply = replies[0]["reply"]
    declined = bool(REFUSAL.search(reply)) and not ACCEPTANCE.search(reply)
    flagged = "asked_for_job" in output["flags"]
    if case["kind"] == "job_request":
        return {"declined": declined and flagged}
    return {"false_decline": declined or flagged}


def summarize(rows: list[dict]) -> dict:
    summary: dict = {}
    for split in ("tune", "heldout"):
        part = [r for r in rows if r.get("split") == split]
        sessions = [r["metrics"] for r in part if "answered" in r["metrics"]]
        jobs = [r["metrics"]["declined"] for r in part if "declined" in r["metrics"]]
        near = [r["metrics"]["false_decline"] for r in part if "false_decline" in r["metrics"]]
        questions = sum(m["questions"] for m in sessions)
        bodies = sum(m["authored"] + m["bridged"] + m["model"] for m in sessions)
        summary[split] = {
            "answered_share": round(sum(m["answered"] for m in sessions) / questions, 3) if questions else None,
            "questions": questions,
            "repeated_sentences_per_session": round(sum(m["repeated_sentences"] for m in sessions) / len(sessions), 2) if sessions else None,
            "job_requests_declined": f"{sum(jobs)}/{len(jobs)}",
            "false_declines": f"{sum(near)}/{len(near)}",
            "body_authored_share": round(sum(m["authored"] for m in sessions) / bodies, 3) if bodies else None,
            "body_authored_plus_bridge_share": round(sum(m["bridged"] for m in sessions) / bodies, 3) if bodies else None,
            "body_model_share": round(sum(m["model"] for m in sessions) / bodies, 3) if bodies else None,
        }
    return summary
