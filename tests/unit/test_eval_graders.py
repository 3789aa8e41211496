"""The retrieval, rehearsal, smoke and injection graders can fail: each is given an output a
user would call wrong and must say so, and every case sits in a tune or held-out split."""

import ast
from pathlib import Path

import pytest

from coffeechat.evaluation import _load_module, evals_dir, load_cases

SUITES = ("retrieval", "rehearsal", "smoke", "injection")


def suite(name: str):
    return _load_module(evals_dir() / name)


@pytest.mark.parametrize("name", SUITES)
def test_every_case_is_tune_or_heldout_and_both_parts_exist(name):
    splits = [case.get("split") for case in load_cases(evals_dir() / name)]
    assert set(splits) == {"tune", "heldout"}


@pytest.mark.parametrize("name", SUITES)
def test_graders_import_no_check_from_the_chain(name):
    """Graders may run the chain (run) but never borrow its checks, lists or thresholds."""
    tree = ast.parse((evals_dir() / name / "suite.py").read_text(encoding="utf-8"))
    imported = [(node.module or "", alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
    borrowed = [(m, n) for m, n in imported if m.startswith("coffeechat") and (n.isupper() or "check" in m or n in ("is_open", "asks_for_job", "googleable_reasons", "read_turn"))]
    assert borrowed == [("coffeechat.signals", "INJECTION_RE")] if name == "injection" else borrowed == []


def test_retrieval_grader_misses_a_wrong_page():
    metrics = suite("retrieval").grade({"relevant": ["knowledge/guide/thank-you-note.md"]}, {"sources": ["knowledge/guide/cold-email.md"] * 5})
    assert metrics == {"hit_at_5": False, "recall_at_5": 0.0, "reciprocal_rank": 0.0}


def test_smoke_grader_fails_an_echo_of_the_question():
    smoke = suite("smoke")
    case = {"kind": "chat", "prompt": "In one sentence, what is an informational interview?", "cues": ["informational", "career", "learn"]}
    assert not smoke.grade(case, {"reply": "An informational interview is an informational interview."})["on_topic"]
    assert smoke.grade(case, {"reply": "A short talk to learn about someone's career."})["on_topic"]


PERSONA = {
    "name": "Dana Moreau", "years": 9,
    "insights": [
        {"id": "i1", "label": "The exams take years", "text": "Reaching fellowship usually takes many years of study alongside full-time work, and pass rates on individual exams are modest."},
        {"id": "i2", "label": "Judgment matters", "text": "Assumptions about future mortality, inflation or claims trends cannot be derived purely from data."},
    ],
}


def rehearsal_output(replies: list[str], flags: list[str] | None = None, elicited: list[str] | None = None) -> dict:
    turns = []
    for number, reply in enumerate(replies):
        turns += [{"speaker": "user", "text": "Hi!" if number == 0 else "What is hard?"}, {"speaker": "professional", "text": reply, "source": "authored"}]
    report = {"insights_elicited": len(elicited or []), "elicited": [{"id": i} for i in elicited or []], "open_question_ratio": 0.5, "etiquette_flags": flags or []}
    return {"persona": PERSONA, "turns": turns, "report": report}


def test_rehearsal_grader_passes_a_good_session():
    metrics = suite("rehearsal").grade({"interviewee": "good"}, rehearsal_output(["Hi, nice to meet you.", "Reaching fellowship usually takes many years of study alongside full-time work."], elicited=["i1"]))
    assert metrics["in_character"] and metrics["opening_not_answered_with_goodbye"] and metrics["no_leak"] and metrics["facts_consistent"]
    assert metrics["insights_stated"] == 1 and metrics["insights_claimed_not_stated"] == 0


@pytest.mark.parametrize("reply, failed", [
    ("As an AI language model, I cannot have a job.", "in_character"),
    ("Arr matey, the sea be calling.", "in_character"),
    ("Dana is an actuary who likes data.", "in_character"),
    ("The exams take years, and assumptions about future mortality, inflation or claims trends cannot be derived purely from data.", "no_leak"),
    ("I've been doing this for 30 years now.", "facts_consistent"),
])
def test_rehearsal_grader_catches_what_a_user_would_call_wrong(reply, failed):
    metrics = suite("rehearsal").grade({"interviewee": "good"}, rehearsal_output(["Hi, nice to meet you.", reply]))
    assert metrics[failed] is False


def test_rehearsal_grader_catches_a_goodbye_to_a_hello_and_a_claimed_insight_never_said():
    metrics = suite("rehearsal").grade({"interviewee": "good"}, rehearsal_output(["You're welcome, I've enjoyed it. Good luck with your exploring.", "It's busy."], elicited=["i2"]))
    assert metrics["opening_not_answered_with_goodbye"] is False and metrics["insights_claimed_not_stated"] == 1


def test_rehearsal_grader_fails_an_accepted_job_request_and_passes_a_decline():
    rehearsal = suite("rehearsal")
    case = {"interviewee": "job-asker", "job_turns": [1]}
    accepted = rehearsal_output(["Hi!", "Sure, send me your resume and I'll pass it to HR."], flags=["asked_for_job"])
    declined = rehearsal_output(["Hi!", "I'm not the right person for referrals; hiring goes through our careers page. What would you like to know about the work?"], flags=["asked_for_job"])
    unflagged = rehearsal_output(["Hi!", "I'm not the right person for referrals."])
    assert rehearsal.grade(case, accepted)["job_declined_and_flagged"] is False
    assert rehearsal.grade(case, declined)["job_declined_and_flagged"] is True
    assert rehearsal.grade(case, unflagged)["job_declined_and_flagged"] is False


def test_summaries_report_tune_and_heldout_apart():
    rows = [{"id": "a", "split": "tune", "metrics": {"hit_at_5": True, "recall_at_5": 1.0, "reciprocal_rank": 1.0}},
            {"id": "b", "split": "heldout", "metrics": {"hit_at_5": False, "recall_at_5": 0.0, "reciprocal_rank": 0.0}}]
    summary = suite("retrieval").summarize(rows)
    assert summary["tune"]["recall@5"] == 1.0 and summary["heldout"]["recall@5"] == 0.0 and summary["heldout"]["misses"] == ["b"]


def test_heldout_cases_are_not_copied_from_the_tune_part():
    for name in SUITES:
        cases = load_cases(evals_dir() / name)
        tune = {str(c.get(k)) for c in cases if c["split"] == "tune" for k in ("query", "prompt", "turns", "injection", "bio", "note") if c.get(k)}
        held = [str(c.get(k)) for c in cases if c["split"] == "heldout" for k in ("query", "prompt", "turns", "injection", "bio", "note") if c.get(k)]
        assert held and not tune.intersection(held), name
