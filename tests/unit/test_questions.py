"""The questions chain with fake models: checks decided in code, repairs, fill, order, bad input."""

import pytest

from coffeechat import signals
from coffeechat import text as text_helpers
from coffeechat.questions import context, render
from coffeechat.questions import drafting as q
from coffeechat.errors import InputError
from coffeechat.testing import fake_chat

GARBAGE = ["not json at all", {"question": "", "why": ""}, {"question": "Do you like it?", "why": "x"}, {"question": "What is the average salary for this job?", "why": "money"},
           {"question": "lorem ipsum [NAME]", "why": "?"}, {"unexpected": 1}, "[1, 2, 3]", {"question": "What does IBNR stand for?", "why": "acronyms"}]


def garbage_model(count: int = 400):
    return fake_chat([GARBAGE[i % len(GARBAGE)] for i in range(count)])


def request(role="senior actuary", n=10, **kw):
    values = dict(company="Northwind Mutual", bio="Elena Sorokin, FSA, leads the life pricing team at Northwind Mutual.", goals=["how long the exam path took and how she stayed motivated"], background="I'm a maths major.")
    values.update(kw)
    return q.QuestionRequest.from_user(role=role, n=n, **values)


def assert_meets_the_checks(result, n, role):
    from coffeechat.embeddings import cosine, default_embedder

    assert len(result.questions) == n
    context_terms = context.role_terms(q.QuestionRequest.from_user(role=role), None)
    for question in result.questions:
        assert q.text_problems(question.text, context.role_label(role)) == [], question.text
        assert question.theme in q.ORDER and question.why and question.sources
    vectors = default_embedder()([x.text for x in result.questions])
    for i in range(n):
        for j in range(i):
            assert cosine(vectors[i], vectors[j]) < q.DUPLICATE_MIN, (result.questions[i].text, result.questions[j].text)
    ranks = [q.ORDER.index(x.theme) for x in result.questions]
    assert ranks == sorted(ranks), "not in interview order"
    assert context_terms is not None


# ---------------------------------------------------------------- single-question checks


@pytest.mark.parametrize("text", [
    "What surprised you most in your first year as an actuary?",
    "How did your employer support your exam study, and what kept you going?",
    "Looking back, which decision mattered most on your path to pricing work?",
    "You moved from consulting to an insurer. What did you gain or miss?",
    "Could you walk me through your last quarter-end reserving cycle?",
    "Tell me about an assumption you had to defend?",
])
def test_open_questions_pass(text):
    assert signals.is_open(text)
    assert q.text_problems(text) == []


@pytest.mark.parametrize("text, reason", [
    ("Do you like being an actuary?", "closed (yes/no) question"),
    ("Is the insurance industry growing these days?", "googleable (outlook)"),
    ("What is the average salary of an actuary?", "googleable (pay)"),
    ("What does IBNR stand for in reserving?", "googleable (acronym)"),
    ("What does your company do for its customers?", "googleable (company facts)"),
    ("How many employees work at your firm?", "googleable (counts)"),
    ("How long have you been working in pricing?", "googleable (tenure)"),
    ("What qualifications do I need to become an actuary?", "googleable (requirements)"),
    ("Could you refer me for any openings on your team?", "asks for a job or referral"),
    ("What do you think about [COMPANY] and its pricing work?", "placeholder text"),
    ("What surprised you most about the work", "does not end with a question mark"),
    ("Why?", "too short"),
    ("Which 3-letter abbreviations are used for backend engineer job titles?", "googleable (acronym)"),
    ("What makes you think the student would enjoy pricing work at your firm?", "out of character"),
    ("What " + "really " * 50 + "matters?", "too long"),
])
def test_bad_questions_fail_with_the_reason(text, reason):
    assert reason in q.text_problems(text)


def test_a_question_must_name_something_of_the_role():
    terms = context.role_terms(q.QuestionRequest.from_user(role="actuary"), None) | {"reserv", "ibnr"}
    assert "names nothing specific to the role" in q.text_problems("What do you enjoy most about your work these days?", "actuary", terms)
    assert q.text_problems("How do you explain IBNR reserves to underwriters?", "actuary", terms) == []
    assert q.text_problems("What do you enjoy most about your work as an actuary?", "actuary", terms) == []


def test_the_role_name_cannot_trip_a_check():
    assert q.text_problems("What surprised you most in your first year as a salary benchmarking analyst?", "salary benchmarking analyst") == []


def test_articles_and_theme_classification():
    assert text_helpers.with_article("ICU nurse") == "an ICU nurse"
    assert text_helpers.with_article("HVAC technician") == "an HVAC technician"
    assert text_helpers.with_article("UX designer") == "a UX designer"
    assert text_helpers.with_article("union electrician") == "a union electrician"
    assert text_helpers.with_article("actuary") == "an actuary"
    assert context.classify_theme("how AI is changing the work") == "trends"
    assert context.classify_theme("how to get hired into an ICU as a new graduate") == "advice"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, message", [
    ({"role": "   "}, "role is empty"),
    ({"role": "x" * 2000}, "role is too long"),
    ({"role": "nurse", "n": 0}, "between 1 and 30"),
    ({"role": "nurse", "n": 31}, "between 1 and 30"),
    ({"role": "nurse", "bio": "b" * 20_001}, "bio is too long"),
    ({"role": "nurse", "goals": ["g"] * 11}, "too many goals"),
])
def test_bad_input_is_one_line(kwargs, message):
    with pytest.raises(InputError) as error:
        q.QuestionRequest.from_user(**kwargs)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_cli_bad_input_exits_2(capsys, tmp_path):
    from coffeechat.cli import main

    assert main(["questions", "--role", ""]) == 2
    assert main(["questions", "--role", "r" * 2000]) == 2
    assert main(["questions", "--role", "nurse", "--n", "40"]) == 2
    binary = tmp_path / "bio.bin"
    binary.write_bytes(b"\x00\x01")
    assert main(["questions", "--role", "nurse", "--bio", str(binary)]) == 2
    assert main(["questions", "--role", "nurse", "--bio", str(tmp_path / "missing.txt")]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(lines) == 5 and all(line.startswith("coffeechat: ") for line in lines)


# ---------------------------------------------------------------- the chain, whatever the model


@pytest.mark.parametrize("role, n", [("senior actuary", 10), ("museum curator", 7), ("ICU nurse", 30), ("park ranger", 1)])
def test_garbage_models_still_give_n_checked_questions(fake_embedder, role, n):
    result = q.generate_questions(request(role=role, n=n), model=garbage_model(), concurrency=1)
    assert_meets_the_checks(result, n, role)
    assert all(x.adapted for x in result.questions)
    assert result.repairs and all(r.reasons for r in result.repairs)
    assert result.model_calls <= n * (2 + q.REPAIR_ROUNDS)
    if n >= 5:
        assert len({x.theme for x in result.questions}) >= 3
    assert set(result.model_dump()) >= {"role", "questions", "provider", "model", "repairs"}
    assert set(result.model_dump()["questions"][0]) >= {"text", "theme", "why", "sources"}


def test_a_model_that_repeats_itself_is_deduplicated(fake_embedder):
    same = {"question": "What changed most in reserving work on your actuarial team this year?", "why": "Reserving is the heart of the job."}
    result = q.generate_questions(request(n=6), model=fake_chat([same] * 100), concurrency=1)
    assert_meets_the_checks(result, 6, "senior actuary")
    assert sum(x.text == same["question"] for x in result.questions) <= 1
    assert any("near-duplicate of another question" in r.reasons for r in result.repairs)


def test_good_drafts_are_kept_and_only_failures_redrafted(fake_embedder, monkeypatch):
    monkeypatch.setattr(q, "GROUNDED_MIN", 0.0)  # bag-of-words vectors cannot judge topic
    good = [
        {"question": "Looking back on your path to a senior actuary role at Northwind Mutual, which decision mattered most?", "why": "Her path is the rapport opener."},
        {"question": "How did you keep going through the actuary exam path while working at Northwind Mutual?", "why": "The exam path is her story to tell."},
        "garbage",
        {"question": "Is pricing fun?", "why": "no"},
        {"question": "Which actuarial newsletters or study circles do you still rely on for pricing work?", "why": "Resources actuaries trust."},
    ]
    redrafts = [{"question": "How are predictive models changing pricing work for actuaries on your team?", "why": "Pricing is changing fast."},
                {"question": "What would you tell a maths major about choosing between life and P&C actuarial work?", "why": "It is my own choice to make."}]
    result = q.generate_questions(request(n=5), model=fake_chat(good + redrafts + ["x"] * 10), concurrency=1)
    assert_meets_the_checks(result, 5, "senior actuary")
    drafted = [x for x in result.questions if not x.adapted]
    assert len(drafted) == 5, [r.reasons for r in result.repairs]
    assert result.model_calls == 7
    assert result.questions[0].text.startswith("Looking back")
    assert {r.action for r in result.repairs} == {"asked the model for another draft"}


def test_notes_about_the_role_are_used(fake_embedder):
    from coffeechat.notes import save_note

    save_note("Dana said the first year in the ICU is mostly learning the drips and alarms. Night shifts were the hardest part.", role="ICU nurse", person="Dana")
    result = q.generate_questions(request(role="ICU nurse", n=5, bio="", goals=[], company=""), model=garbage_model(), concurrency=1)
    assert_meets_the_checks(result, 5, "ICU nurse")
    assert any(source.startswith("note") for x in result.questions for source in x.sources)


def test_regenerate_one_question(fake_embedder):
    first = q.generate_questions(request(n=5), model=garbage_model(), concurrency=1)
    again = q.regenerate_question(request(n=5), first, 2, model=garbage_model())
    assert len(again.questions) == 5
    assert again.questions[2].text != first.questions[2].text
    assert [x.text for i, x in enumerate(again.questions) if i != 2] == [x.text for i, x in enumerate(first.questions) if i != 2]
    assert q.text_problems(again.questions[2].text, "senior actuary") == []
    with pytest.raises(InputError):
        q.regenerate_question(request(n=5), first, 9, model=garbage_model())


def test_markdown_and_csv_group_by_theme(fake_embedder):
    result = q.generate_questions(request(n=5), model=garbage_model(), concurrency=1)
    markdown = render.questions_markdown(result)
    assert markdown.index("## Insights") < markdown.index("## Trends") < markdown.index("## Resources") < markdown.index("## Assignments")
    assert all(x.text in markdown for x in result.questions)
    rows = render.questions_csv(result).strip().splitlines()
    assert rows[0].startswith("number,theme,question") and len(rows) == 6


def test_every_template_passes_the_checks_for_awkward_roles():
    for role in ("ICU nurse", "HVAC technician", "salary analyst", "Chief Medical Officer (interim)"):
        label = context.role_label(role)
        for theme, entry in context.load_templates().items():
            for template in entry["templates"]:
                text = template.format(role=label, a_role=text_helpers.with_article(label))
                assert q.text_problems(text, label) == [], text



def test_a_draft_that_drifts_from_its_seed_is_rejected(fake_embedder):
    drift = {"question": "Which innovative building materials suit actuary rooftops?", "why": "Materials matter."}
    result = q.generate_questions(request(n=3), model=fake_chat([drift] * 20), concurrency=1)
    assert drift["question"] not in [x.text for x in result.questions]
    assert any("drifted from what it was grounded in" in r.reasons for r in result.repairs)


def test_a_cut_off_reply_is_a_bad_draft_but_an_outage_is_raised(fake_embedder):
    import openai
    from langchain_core.runnables import RunnableLambda

    class Model:
        def __init__(self, error):
            self.error = error

        def with_structured_output(self, schema, **kwargs):
            def fail(_):
                raise self.error
            return RunnableLambda(fail)

    cut = openai.LengthFinishReasonError.__new__(openai.LengthFinishReasonError)
    result = q.generate_questions(request(n=3), model=Model(cut), concurrency=1)
    assert len(result.questions) == 3
    with pytest.raises(RuntimeError):
        q.generate_questions(request(n=3), model=Model(RuntimeError("model requests are disabled")), concurrency=1)
