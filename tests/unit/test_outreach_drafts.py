"""Drafts and thank-you notes with fakes: every fact the user gave appears, said to the
recipient; no blank stands for a given fact; nothing is invented; the critique scores a draft
against its facts (so the issue's podcast draft cannot score 100); a thank-you names the advice,
resources and people from the notes and never their header; every channel limit holds."""

import pytest

from coffeechat.errors import InputError
from coffeechat.outreach import addressing, checks, drafts, facts, thank_you
from coffeechat.testing import fake_chat

OSEI = dict(
    channel="email", name="Dr. Amara Osei", role="epidemiologist",
    their_work="her talk on wastewater surveillance for early outbreak detection at the state public health conference",
    sender="a second-year biology student at Lakeside College", how_found="the conference program",
    learn="how she moved from lab work into public health surveillance",
)
# The draft the issue saw scored 100 by the critique.
ISSUE_DRAFT = (
    "Subject: Wastewater surveillance\n\nDear Dr. Amara Osei,\n\nI'm [your one-line intro: what you study or do, and where]. "
    "We are thrilled to have you join us as a guest on our podcast, Dr. Amara Osei's Public Health Lab. You have just made a breakthrough "
    "in your research on wastewater surveillance at Lakeside College. Would you be open to a 15-minute call? I am grateful to be a part of your team."
    "\n\nBest,\n[your name]"
)
GARBAGE = ["I'm a senior engineer at Google. Maria Lopez told me to call you ASAP!!", "lol", "", "<role> XXX"]


@pytest.fixture(autouse=True)
def no_real_embedder(fake_embedder):
    """Similarity through hashed bag-of-words vectors: the unit tier loads no model."""
    return fake_embedder


def draft(**kw):
    return drafts.draft_outreach(drafts.DraftRequest.from_user(**kw), model=fake_chat(GARBAGE), embedder=None)


# ---------------------------------------------------------------- saying the user's facts to them


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("how she moved from lab work into public health surveillance", "how you moved from lab work into public health surveillance"),
        ("her talk on wastewater surveillance", "your talk on wastewater surveillance"),
        ("She said most of her week is synthesis", "You said most of your week is synthesis"),
        ("the exams took her six years", "the exams took you six years"),
        ("she has six reports and she focuses on data", "you have six reports and you focus on data"),
        ("Dana's team uses Figma", "your team uses Figma"),
    ],
)
def test_facts_are_said_to_the_recipient(written, spoken):
    assert addressing.to_second_person(written, "Dana Reyes") == spoken


@pytest.mark.parametrize("name, channel, greeting", [("Dr. Amara Osei", "email", "Dear Dr. Osei,"), ("Priya Shah", "email", "Hi Priya,"), ("Ms. Ruth Abernathy", "linkedin-message", "Hi Ms. Abernathy,"), ("", "email", "Hi [their name],")])
def test_greetings(name, channel, greeting):
    assert addressing.greeting(name, channel) == greeting


# ---------------------------------------------------------------- drafts


def test_the_issue_draft_carries_every_fact_said_to_her_and_scores_100():
    result = draft(**OSEI)
    text = result.text
    assert result.source == "composed" and result.score == 100 and result.flags == []
    assert text.startswith("Subject: A question about your work as an epidemiologist\n\nDear Dr. Osei,")
    for fact in ("second-year biology student at Lakeside College", "the conference program", "your talk on wastewater surveillance",
                 "how you moved from lab work into public health surveillance"):
        assert fact in text, fact
    assert "[your one-line intro" not in text and "[their" not in text  # no blank for what she gave
    assert "[your name]" in text and any("[your name]" in n for n in result.notes)  # the one fact not given
    for invented in ("podcast", "team", "breakthrough", " we ", " our "):
        assert invented not in text.lower()


def test_the_issue_podcast_draft_cannot_score_100_against_the_facts():
    given = drafts.compose_draft(drafts.DraftRequest.from_user(**OSEI)).given
    judged = checks.judge(ISSUE_DRAFT, "email", None, allow_marked_blanks=True, given=given)
    assert {"invented_claim", "missing_given_fact"} <= set(judged.ids) and judged.score <= 55
    invented = next(f for f in judged.flags if f.id == "invented_claim").evidence
    assert "podcast" in invented and "breakthrough" in invented
    missing = next(f for f in judged.flags if f.id == "missing_given_fact").evidence
    assert "a blank stands for who you are" in missing
    # a message a user wrote is theirs: no given facts, no such flags
    assert not {"invented_claim", "missing_given_fact"} & set(checks.judge(ISSUE_DRAFT, "email", None, allow_marked_blanks=True).ids)


def test_a_capable_model_draft_that_invents_is_never_shown():
    result = drafts.draft_outreach(drafts.DraftRequest.from_user(**OSEI), model=fake_chat([ISSUE_DRAFT, ISSUE_DRAFT]), embedder=None)
    assert result.source == "composed" and "podcast" not in result.text and result.attempts == 2 and result.score == 100


def test_a_capable_model_draft_that_keeps_every_fact_is_used():
    written = (
        "Subject: Your talk on wastewater surveillance\n\nDear Dr. Osei,\n\nI'm a second-year biology student at Lakeside College, and I found you "
        "through the conference program. Your talk on wastewater surveillance for early outbreak detection made me want to learn more about your "
        "work as an epidemiologist, especially how you moved from lab work into public health surveillance. Would you be open to a 15-minute call "
        "in the next few weeks? Thank you for considering it.\n\nBest,\n[your name]"
    )
    result = drafts.draft_outreach(drafts.DraftRequest.from_user(**OSEI), model=fake_chat(["lol", written]), embedder=None)
    assert result.source == "model" and result.text == written and result.attempts == 2


def test_handing_the_writers_school_to_the_recipient_is_an_invented_claim():
    given = drafts.compose_draft(drafts.DraftRequest.from_user(**OSEI)).given
    claim = "Your research on wastewater surveillance at Lakeside College is inspiring."
    assert any("Lakeside" in x for x in facts.inventions(claim, given)) and any("inspiring" in x for x in facts.inventions(claim, given))


def test_a_school_the_writer_shares_with_them_is_no_invention():
    request = drafts.DraftRequest.from_user(channel="linkedin-message", name="Tomás", their_work="his talk at Cal Poly's alumni night on green alleys",
                                            sender="a civil engineering student at Cal Poly")
    result = drafts.draft_outreach(request, model=fake_chat(GARBAGE), embedder=None)
    assert "your talk at Cal Poly's alumni night on green alleys" in result.text and result.score == 100


def test_with_the_embedded_model_a_draft_calls_no_model(monkeypatch):
    from coffeechat import llm

    monkeypatch.setattr(llm, "chat_model", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no model for the embedded provider")))
    result = drafts.draft_outreach(drafts.DraftRequest.from_user(**OSEI), embedder=None)
    assert result.source == "composed" and result.attempts == 0


@pytest.mark.parametrize("channel", ["linkedin-note", "linkedin-message", "email"])
def test_every_channel_limit_holds_and_what_a_note_leaves_out_is_said(channel):
    long_work = "Her long post about how pension risk transfer deals are priced, " * 5
    result = draft(**{**OSEI, "channel": channel, "their_work": long_work})
    if channel == "email":
        assert checks.judge(result.text, channel, None, allow_marked_blanks=True).words <= 200
    else:
        assert len(result.text) <= checks.CHAR_LIMITS[channel]
    assert "too_long" not in [f.id for f in result.flags] and "pension risk transfer" in result.text
    if channel == "linkedin-note":
        assert result.left_out and any("Left out to fit" in n for n in result.notes)


def test_a_name_in_the_intro_signs_the_draft_and_a_verb_led_work_reads_right():
    result = draft(channel="linkedin-message", name="Tomás Rivera", their_work="gave a talk at the watershed summit on green alleys",
                   sender="Sam Lee, a civil engineering student at Cal Poly", shared_connection="Jen Alvarez")
    assert "I'm Sam Lee, a civil engineering student at Cal Poly." in result.text and result.text.endswith("Best,\nSam Lee")
    assert "I was struck that you gave a talk at the watershed summit on green alleys." in result.text
    assert "We both know Jen Alvarez." in result.text and result.score == 100


def test_blanks_only_for_what_was_not_given():
    result = draft(channel="email", role="paralegal", company="Legal Aid of Queens")
    assert "[your one-line intro" in result.text and "[their talk" in result.text and "[their name]" in result.text
    assert "paralegal" in result.text and "Legal Aid of Queens" in result.text and result.score == 100


def test_draft_bad_input():
    with pytest.raises(InputError):
        drafts.DraftRequest.from_user(channel="email")
    with pytest.raises(InputError):
        drafts.DraftRequest.from_user(channel="fax", name="Dana")


# ---------------------------------------------------------------- thank-you notes


DANA_NOTES = """Talked with Dana (UX researcher at Brightloop). She said most of her week is synthesis, not interviews: turning twenty sessions into three findings the product team will act on.
She recommended the book "Just Enough Research" by Erika Hall.
She suggested I talk to her colleague Marco Ruiz, who moved from teaching into research ops.
She said a portfolio case study should show one decision that changed because of research."""


def thanks(**kw):
    return thank_you.draft_thank_you(thank_you.ThankYouRequest.from_user(**kw), model=fake_chat(GARBAGE))


def test_a_thank_you_names_the_advice_resources_and_people_never_the_header():
    result = thanks(notes=DANA_NOTES, sender="Sam")
    text = result.thank_you
    assert result.source == "composed" and text.startswith("Subject: Thank you for the conversation\n\nHi Dana,")
    assert "Talked with" not in text and "(UX researcher" not in text
    for named in ("synthesis, not interviews", '"Just Enough Research" by Erika Hall', "Marco Ruiz", "portfolio case study"):
        assert named in text, named
    assert "your work as a UX researcher at Brightloop" in text and "most of your week" in text
    assert text.endswith("Best,\nSam")


def test_the_notes_header_gives_the_name_and_their_work_but_is_no_point():
    read = thank_you.read_notes(DANA_NOTES)
    assert read.header.startswith("Talked with Dana") and read.name == "Dana" and read.about == "UX researcher at Brightloop"
    assert all("Talked" not in p.text for p in read.said + read.actions)
    assert [p.kind for p in read.actions] == ["resource", "person"]


def test_bullet_notes_with_imperatives_become_next_steps():
    notes = "Call with Mr. Kowalski, Kowalski Heating, March 4\n- Get the EPA 608 certification before applying anywhere\n- Suggested I join the local ACCA chapter meetings\n- Said the first two years are mostly ride-alongs"
    result = thanks(notes=notes, channel="linkedin-message")
    assert "Next, I'll get the EPA 608 certification before applying anywhere and join the local ACCA chapter meetings, as you suggested." in result.thank_you
    assert result.thank_you.startswith("Hi Mr. Kowalski,") and "Call with" not in result.thank_you and "March 4" not in result.thank_you


def test_a_thank_you_note_on_linkedin_fits_300_characters():
    result = thanks(notes=DANA_NOTES, channel="linkedin-note")
    assert len(result.thank_you) <= 300 and len(result.keep_in_touch) <= 300
    assert result.thank_you.startswith("Hi Dana, thank you")
    assert result.left_out and any("Not in the note" in n for n in result.notes)


def test_a_model_note_that_quotes_the_header_or_invents_is_replaced():
    header = "Hi Dana, thank you. I especially valued what you said: Talked with Dana (UX researcher at Brightloop). I'll read Just Enough Research and reach out to Marco Ruiz."
    invented = "Hi Dana, thank you for having me on your team's podcast. Most of your week is synthesis, not interviews. I'll read \"Just Enough Research\" by Erika Hall and talk to Marco Ruiz."
    result = thank_you.draft_thank_you(thank_you.ThankYouRequest.from_user(notes=DANA_NOTES, channel="linkedin-message"), model=fake_chat([header, invented]))
    assert result.source == "composed" and "Talked with" not in result.thank_you and "podcast" not in result.thank_you


def test_a_model_note_that_names_everything_is_used():
    request = thank_you.ThankYouRequest.from_user(notes=DANA_NOTES, channel="linkedin-message")
    read = thank_you.read_notes(DANA_NOTES)
    said, actions, _ = thank_you.chosen_points(read)
    note = (f"Hi Dana, thank you for the conversation. I keep thinking about how {said[0].text}, and that {said[1].text}. "
            f"I'll {actions[0].text}, and I'll {actions[1].text}.")
    result = thank_you.draft_thank_you(request, model=fake_chat([note]))
    assert result.source == "model" and result.thank_you == note


def test_thank_you_with_a_given_next_step_and_the_older_notes():
    notes = "Dana said the exams took her six years while working full time.\nShe recommended that I read the SOA's guide to the ASA pathway.\nWe talked about weather."
    result = thanks(name="Dana Reyes", notes=notes, sender="Sam", next_step="sign up for Exam P in the spring")
    assert "the exams took you six years" in result.thank_you and "SOA's guide to the ASA pathway" in result.thank_you
    assert "As a next step, I'll sign up for Exam P in the spring." in result.thank_you and "weather" not in result.thank_you
    assert result.keep_in_touch_after_days == 28 and "Dana" in result.keep_in_touch


def test_thank_you_from_a_saved_session():
    from coffeechat import notes as sessions

    session_id = sessions.create_session({"role": "actuary"})
    sessions.append_turn(session_id, {"speaker": "user", "text": "How long did the exams take?"})
    sessions.append_turn(session_id, {"speaker": "professional", "text": "I told every intern that the first exam took me three tries."})
    request = thank_you.ThankYouRequest.from_user(name="Dana", session=session_id)
    assert "How long" not in request.notes and "You told every intern that the first exam took you three tries" in request.notes
    with pytest.raises(InputError):
        thank_you.ThankYouRequest.from_user(name="Dana", session="no-such-session")
    with pytest.raises(InputError):
        thank_you.ThankYouRequest.from_user(name="Dana", session="../../etc")
    with pytest.raises(InputError):
        thank_you.ThankYouRequest.from_user(name="Dana")
