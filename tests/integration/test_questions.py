"""One call of the questions chain on the real embedded model and real Chroma."""

from coffeechat.questions import context
from coffeechat.questions import drafting as q
from coffeechat.embeddings import cosine, default_embedder


def test_real_model_gives_n_checked_questions_in_order():
    request = q.QuestionRequest.from_user(role="physical therapist", company="Stride Orthopedic", goals=["outpatient versus hospital settings"], n=5)
    result = q.generate_questions(request)
    label = context.role_label(request.role)
    assert len(result.questions) == 5
    assert result.profile == "Physical Therapist"
    for question in result.questions:
        assert q.text_problems(question.text, label) == [], question.text
    vectors = default_embedder()([x.text for x in result.questions])
    assert all(cosine(vectors[i], vectors[j]) < q.DUPLICATE_MIN for i in range(5) for j in range(i))
    assert len({x.theme for x in result.questions}) >= 3
    assert [q.ORDER.index(x.theme) for x in result.questions] == sorted(q.ORDER.index(x.theme) for x in result.questions)
    assert result.model_calls >= 5 and result.provider == "embedded"
