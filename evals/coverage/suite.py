"""Coverage: roles a person names that have no profile of their own (issue 14). For each, the
questions and a short scripted rehearsal must speak of that role, never of a cousin's.

Cases (cases.jsonl) are roles without a profile in knowledge/roles/ (checked at load: a case
whose role gets its own profile is reported, not graded), split `tune` (looked at while
building the recognizer and the general profiles) and `heldout` (written before any of those
names was run, only run to report). Each carries, written by a person from what they know of
the role and of its profiled cousins (not from the chain's text):
- on_role: words its questions and replies would use ("wildlife", "habitat", "species");
- cousin_words: words of neighbouring profiled roles that would be wrong here ("billable" for
  a judge, "checkride" for a flight attendant);
- expect_occupation: the O*NET code (prefix) the name means.

Graded per question: on-role when it uses an on-role word and no cousin word; `domain` when it
uses an on-role word even with the role's own name taken out (so "As a judge, ..." alone does
not count). Cousin-word leaks are counted in questions and in the professional's replies.
The role's own name always counts as an on-role word. Matching is by word, case-insensitive:
entries ending in "$" and entries of 3 letters or fewer are whole words (plural allowed: "care$"
is not "career"), others are word prefixes ("biolog" ~ "biologist", "biology").
Goals: on-role >= 0.8 of each role's questions; 0 cousin-word leaks.
"""

from __future__ import annotations

import re

N_QUESTIONS = 10  # the default set size a person gets
ON_ROLE_GOAL = 0.8
SCRIPT = [  # a short rehearsal: how they got in, the work, the field; then a thank-you
    "Hi, thanks so much for making the time.",
    "How did you get into this work?",
    "What does a typical week look like for you?",
    "What's changing in your field right now?",
    "What would you suggest I do first if I wanted to try this work?",
    "Thank you, this was really helpful.",
]


def _pattern(words: list[str]) -> re.Pattern | None:
    parts = []
    for word in words:
        whole = word.endswith("$") or len(word) <= 3
        body = r"\s+".join(re.escape(w) for w in word.rstrip("$").lower().split())
        parts.append(rf"\b{body}s?\b" if whole else rf"\b{body}")
    return re.compile("|".join(parts), re.I) if parts else None


def _hits(pattern: re.Pattern | None, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def run(case: dict) -> dict:
    from coffeechat.config import get_settings
    from coffeechat.kb.roles import resolve_role
    from coffeechat.questions.drafting import generate_questions
    from coffeechat.questions.models import QuestionRequest
    from coffeechat.rehearsal.session import run_script

    match = resolve_role(case["role"])
    if match.kind == "profile":
        return {"skipped": f"{case['role']} now has its own profile ({match.profile.role})", "grounding": match.grounding()}
    result = generate_questions(QuestionRequest.from_user(role=case["role"], n=N_QUESTIONS))
    rehearsal = run_script(SCRIPT, role=case["role"], save=False)
    settings = get_settings()
    return {
        "grounding": result.grounding,
        "questions": [q.text for q in result.questions],
        "replies": [t["text"] for t in rehearsal["turns"] if t["speaker"] == "professional"],
        "organisation": rehearsal["persona"]["organisation"],
        "provider": settings.provider,
        "model": settings.model_name,
    }


def grade(case: dict, output: dict) -> dict:
    if output.get("skipped"):
        return {"skipped": True}
    on_role, cousin = _pattern(case["on_role"] + [case["role"]]), _pattern(case["cousin_words"])
    own_name = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in case["role"].split()) + r"s?\b", re.I)
    questions, replies = output["questions"], output["replies"]
    question_leaks = [(q, _hits(cousin, q)) for q in questions if _hits(cousin, q)]
    reply_leaks = [(r, _hits(cousin, r)) for r in replies + [output.get("organisation", "")] if _hits(cousin, r)]
    on = sum(1 for q in questions if _hits(on_role, q) and not _hits(cousin, q))
    domain = sum(1 for q in questions if _hits(on_role, own_name.sub(" ", q)) and not _hits(cousin, q))
    replies_on = sum(1 for r in replies if _hits(on_role, own_name.sub(" ", r)))
    occupation = (output["grounding"].get("occupation") or {}).get("code", "")
    count = max(len(questions), 1)
    return {
        "kind": output["grounding"].get("kind", ""),
        "occupation_ok": occupation.startswith(case["expect_occupation"]),
        "on_role_share": on / count,
        "meets_goal": on / count >= ON_ROLE_GOAL,
        "domain_share": domain / count,
        "question_leaks": len(question_leaks),
        "reply_leaks": len(reply_leaks),
        "replies_domain_share": replies_on / max(len(replies), 1),
        "leaked": sorted({w.lower() for _, hits in question_leaks + reply_leaks for w in hits}),
    }


def _part(rows: list[dict]) -> dict:
    graded = [r["metrics"] for r in rows if not r["metrics"].get("skipped")]
    count = max(len(graded), 1)
    return {
        "roles": len(graded),
        "skipped_now_profiled": len(rows) - len(graded),
        "on_role_share_mean": round(sum(m["on_role_share"] for m in graded) / count, 3),
        "on_role_share_min": round(min((m["on_role_share"] for m in graded), default=0.0), 3),
        "roles_meeting_goal": sum(bool(m["meets_goal"]) for m in graded),
        "domain_share_mean": round(sum(m["domain_share"] for m in graded) / count, 3),
        "question_leaks": sum(m["question_leaks"] for m in graded),
        "reply_leaks": sum(m["reply_leaks"] for m in graded),
        "replies_domain_share_mean": round(sum(m["replies_domain_share"] for m in graded) / count, 3),
        "occupation_ok": sum(bool(m["occupation_ok"]) for m in graded),
        "kinds": {k: sum(1 for m in graded if m["kind"] == k) for k in sorted({m["kind"] for m in graded})},
        "below_goal": [r["id"] for r in rows if not r["metrics"].get("skipped") and not r["metrics"]["meets_goal"]],
        "leaking": {r["id"]: r["metrics"]["leaked"] for r in rows if not r["metrics"].get("skipped") and r["metrics"]["leaked"]},
    }


def summarize(rows: list[dict]) -> dict:
    return {split: _part([r for r in rows if r["split"] == split]) for split in ("tune", "heldout")}
