"""Questions: each case is a role and a person; the chain must return exactly n questions that
are open, not googleable, not near-duplicates, spread over >= 3 TIARA themes, and specific to
the role. An LLM judge adds a rubric score only when the provider is not the embedded model.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coffeechat import signals
from coffeechat.questions import context
from coffeechat.questions import drafting as q
from coffeechat.questions.checks import word_stems
from coffeechat.config import get_settings
from coffeechat.embeddings import cosine, default_embedder
from coffeechat.kb.roles import find_role

# What any informational interview could ask: a question closer to these than to the
# role's own profile is generic (the TIARA guide's examples, role words removed).
GENERIC_QUESTIONS = (
    "What's changing in your field that people outside it haven't noticed yet?",
    "How has the work in your role shifted in the last three to five years?",
    "Which skills do you expect to matter more in five years, and which less?",
    "What surprised you most when you started in this role?",
    "What separates people who do well here from people who struggle?",
    "What's the hardest part of the job that rarely gets talked about?",
    "What do you enjoy most about the work, and what would you happily give away?",
    "If you were in my position, what would you do in the next six months?",
    "What do you wish you had known, or done differently, at my stage?",
    "What's a common mistake people make when trying to get into this field?",
    "Which newsletters, podcasts or publications do people in your field actually read?",
    "Are there professional groups or events you'd recommend for someone starting out?",
    "Is there anyone else you think I should talk to?",
    "What kinds of projects have you worked on recently? Could you walk me through one?",
    "What does a typical first project look like for someone new on your team?",
    "What does a good piece of work look like in your role, and how is it judged?",
)


class Judgement(BaseModel):
    score: int = Field(ge=1, le=5, description="1 poor .. 5 excellent")
    reason: str


RUBRIC = (
    "Rate this list of informational-interview questions for a {role} from 1 to 5: 5 means every question is "
    "open-ended, specific to this role and person, not answerable by a web search, and the list is well ordered "
    "(rapport first, resources last). Person: {person}\n\n{questions}"
)


def run(case: dict) -> dict:
    request = q.QuestionRequest.from_user(role=case["role"], industry=case.get("industry", ""), company=case.get("company", ""), bio=case.get("bio", ""), goals=case.get("goals", []), background=case.get("background", ""), n=case["n"])
    return q.generate_questions(request).model_dump()


def _profile_texts(case: dict) -> list[str]:
    profile = find_role(case["role"])
    if profile is None:
        return [f"{case['role']} in {case.get('industry', '')}", case.get("bio", "") or case["role"]]
    return [i.text or i.label for i in profile.insights] + [x.text for x in profile.questions] + [f"{t}: {d}" for t, d in profile.vocabulary]


def grade(case: dict, output: dict) -> dict:
    texts = [x["text"] for x in output["questions"]]
    n = case["n"]
    embed = default_embedder()
    vectors = embed(texts) if texts else []
    duplicates = sum(1 for i in range(len(vectors)) for j in range(i) if cosine(vectors[i], vectors[j]) >= q.DUPLICATE_MIN)
    profile_vectors = embed(_profile_texts(case))
    generic_vectors = embed(list(GENERIC_QUESTIONS))
    specific = 0
    for vector in vectors:
        to_role = max(cosine(vector, p) for p in profile_vectors)
        to_generic = max(cosine(vector, g) for g in generic_vectors)
        specific += to_role > to_generic
    request = q.QuestionRequest.from_user(role=case["role"], industry=case.get("industry", ""), company=case.get("company", ""), bio=case.get("bio", ""), goals=case.get("goals", []), n=n)
    terms = context.role_terms(request, find_role(case["role"]))
    label = context.role_label(case["role"])
    names_role = sum(1 for t in texts if label.lower() in t.lower() or terms & word_stems(t))
    themes = {x["theme"] for x in output["questions"]}
    metrics = {
        "exact_n": len(texts) == n,
        "open_ratio": sum(signals.is_open(t) for t in texts) / max(len(texts), 1),
        "googleable": sum(1 for t in texts if signals.googleable_reasons(t, label)),
        "duplicates": duplicates,
        "themes": len(themes),
        "theme_coverage": len(themes) >= min(3, n),
        "role_specific_ratio": specific / max(len(texts), 1),
        "names_role_ratio": names_role / max(len(texts), 1),
        "adapted_ratio": sum(1 for x in output["questions"] if x.get("adapted")) / max(len(texts), 1),
        "model_calls": output.get("model_calls", 0),
        "chain_seconds": output.get("seconds", 0.0),
    }
    if "expect_role" in case:
        metrics["profile_match"] = (output.get("profile") or "") == case["expect_role"]
    if get_settings().provider != "embedded":
        metrics["judge_score"] = _judge(case, texts)
    return metrics


def _judge(case: dict, texts: list[str]) -> float:
    from coffeechat.llm import chat_model

    prompt = RUBRIC.format(role=case["role"], person=(case.get("bio") or "")[:400], questions="\n".join(f"{i}. {t}" for i, t in enumerate(texts, 1)))
    verdict = chat_model(temperature=0).with_structured_output(Judgement, method="json_schema").invoke(prompt)
    return float(verdict.score)


def summarize(rows: list[dict]) -> dict:
    metrics = [row["metrics"] for row in rows]
    count = max(len(metrics), 1)
    calls = sum(m["model_calls"] for m in metrics)
    summary = {
        "cases_exact_n": sum(bool(m["exact_n"]) for m in metrics),
        "cases": len(metrics),
        "open_ratio_mean": sum(m["open_ratio"] for m in metrics) / count,
        "open_ratio_min": min((m["open_ratio"] for m in metrics), default=0.0),
        "googleable_total": sum(m["googleable"] for m in metrics),
        "duplicates_total": sum(m["duplicates"] for m in metrics),
        "cases_with_3_themes": sum(bool(m["theme_coverage"]) for m in metrics),
        "role_specific_ratio_mean": sum(m["role_specific_ratio"] for m in metrics) / count,
        "names_role_ratio_mean": sum(m["names_role_ratio"] for m in metrics) / count,
        "adapted_ratio_mean": sum(m["adapted_ratio"] for m in metrics) / count,
        "model_calls_total": calls,
        "seconds_per_call": sum(row["seconds"] for row in rows) / max(calls, 1),
    }
    if any("profile_match" in m for m in metrics):
        matched = [m["profile_match"] for m in metrics if "profile_match" in m]
        summary["profile_match_ratio"] = sum(matched) / len(matched)
    if any("judge_score" in m for m in metrics):
        summary["judge_score_mean"] = sum(m.get("judge_score", 0) for m in metrics) / count
    return summary
