"""The questions chain on the real embedded model and real files: authored questions at once,
and the model's follow-ups checked before any is shown."""

from coffeechat import llm
from coffeechat.embeddings import cosine, default_embedder
from coffeechat.questions import context
from coffeechat.questions import drafting as q
from coffeechat.kb.roles import find_role
from coffeechat.questions.checks import content_stems, follow_up_problems, text_problems, why_ok
from coffeechat.questions.models import QuestionRequest


def assert_checked(result, n, role):
    label = context.role_label(role)
    assert len(result.questions) == n
    for question in result.questions:
        assert text_problems(question.text, label) == [], question.text
        assert why_ok(question.why, question.text) and question.origin and question.sources
    vectors = default_embedder()([x.text for x in result.questions])
    assert all(cosine(vectors[i], vectors[j]) < q.DUPLICATE_MIN for i in range(n) for j in range(i))
    assert [q.ORDER.index(x.theme) for x in result.questions] == sorted(q.ORDER.index(x.theme) for x in result.questions)


def test_real_run_gives_n_checked_questions_in_order_without_a_model_call():
    request = QuestionRequest.from_user(role="physical therapist", company="Stride Orthopedic", goals=["outpatient versus hospital settings"], n=5)
    result = q.generate_questions(request)
    assert_checked(result, 5, request.role)
    assert result.profile == "Physical Therapist" and result.provider == "embedded"
    assert len({x.theme for x in result.questions}) >= 3
    assert result.model_calls == 0  # the bundled model's follow-ups fail the checks: none is asked for
    assert any(x.kind == "goal" and x.text.startswith("I'm weighing outpatient versus hospital settings") for x in result.questions)


def test_real_model_follow_ups_are_checked_before_they_are_shown():
    request = QuestionRequest.from_user(role="public defender", goals=["how they cope with caseload", "whether to do a clerkship first"], n=4)
    model = llm.chat_model(max_tokens=q.FOLLOW_UP_MAX_TOKENS, temperature=q.FOLLOW_UP_TEMPERATURE)
    result = q.generate_questions(request, model=model)
    assert_checked(result, 4, request.role)
    assert result.model_calls >= 2
    terms = context.role_terms(request, find_role(request.role))
    for goal, question in zip(request.goals, [x for x in result.questions if x.kind == "goal"]):
        assert question.why.startswith(f"Your goal, “{goal}”")  # authored, whatever the model wrote
        if not question.adapted:  # the model's follow-up was shown: it passed the checks
            lead, follow_up = question.text.split(": ", 1)
            assert follow_up_problems(follow_up, lead, content_stems(goal) | terms) == []
