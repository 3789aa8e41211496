"""Rewrites as precise edits (outreach.edits), on exact messages: a flawless message gets none;
each flag gets its one edit; the writer's names, details, intro and sign-off stay; a blank
appears only for what they never said; critiqued again, the rewrite has fewer flags."""

import pytest

from coffeechat.outreach import checks, edits, facts
from coffeechat.outreach import critique as outreach
from coffeechat.outreach.writing import FIX_ASK, FIX_PERSONAL, FIX_SENDER, FIX_THANKS

FLAWLESS = (
    "Hi Priya,\n\nI'm a second-year nursing student at Georgia State. Your post about moving from med-surg to NICU night shifts "
    "stuck with me. Would you be open to a 15-minute chat in the next few weeks? Thank you for writing it so honestly.\n\nBest,\nDana"
)


def rewrite(message, channel="linkedin-message", embedder=None):
    return outreach.critique(message, channel, rewrite=True, embedder=embedder)


def test_a_flawless_message_gets_no_rewrite(fake_embedder):
    result = rewrite(FLAWLESS, embedder=fake_embedder)
    assert result.score == 100 and result.rewrite is None and result.rewrite_source == "unchanged"
    assert result.notes[0] == "Nothing to fix: send it." and result.rewrite_changes == []


def test_the_flawless_message_is_shown_as_nothing_to_fix(fake_embedder):
    from coffeechat.outreach.render import critique_text

    text = critique_text(rewrite(FLAWLESS, embedder=fake_embedder))
    assert "Nothing to fix: send it." in text and "[your" not in text


@pytest.mark.parametrize(
    "message, channel, gone, present",
    [
        # the job request's clause is cut, the rest of the sentence stands
        ("Hi Ana, I'm a finance senior at UT Austin. Your post on credit-risk models was great. Would love to connect, and could you refer me for the analyst opening? Thanks!",
         "linkedin-note", ["refer", "analyst opening"], ["Would love to connect."]),
        # pressure words go, the ask stays
        ("Hi Derek, I'm a CS sophomore at Rutgers. Your GDC talk on rollback netcode was amazing!! Can we talk ASAP about game dev for 15 minutes? Thanks",
         "linkedin-note", ["ASAP", "!!"], ["Can we talk about game dev for 15 minutes?", "amazing!"]),
        # guilt becomes a question
        ("Hi Ms. Abernathy,\n\nI'm a junior at Spelman. I read your Forbes interview on community lending. Surely you can spare 15 minutes on the phone for a student. Thank you.\n\nImani",
         "linkedin-message", ["Surely"], ["Could you spare 15 minutes on the phone for a student?"]),
        # a call is bounded where it is asked for
        ("Hi Ms. Wong, I'm a hotel night auditor. Your Skift article on front-desk training was great. Could we hop on a call so I can learn more? Thank you!",
         "linkedin-note", [], ["Could we hop on a 15-minute call so I can learn more?"]),
        # a placeholder becomes a marked blank
        ("Hi [Name], I'm a junior at Ohio State. I loved your team's talk at IDSA. Would you be open to a 15-minute chat? Thank you!",
         "linkedin-note", ["[Name]"], ["Hi [their name],"]),
    ],
)
def test_each_flag_gets_its_precise_edit(message, channel, gone, present, fake_embedder):
    result = rewrite(message, channel, fake_embedder)
    for text in gone:
        assert text not in result.rewrite, result.rewrite
    for text in present:
        assert text in result.rewrite, result.rewrite
    assert result.rewrite_flags == [] and result.rewrite_changes


def test_thanks_go_before_the_sign_off_and_the_sign_off_stays_last(fake_embedder):
    message = "Hi Dr. Mbeki,\n\nI'm a third-year pharmacy student at Howard. I heard your talk at ASHP Midyear about barbershop clinics.\n\nWould you be open to a 20-minute phone call?\n\nBest,\nZanele Ndlovu"
    result = rewrite(message, embedder=fake_embedder)
    assert result.rewrite.endswith("Would you be open to a 20-minute phone call? " + FIX_THANKS + "\n\nBest,\nZanele Ndlovu")
    assert result.rewrite.count("Best,") == 1


def test_a_missing_subject_is_drawn_from_what_they_named(fake_embedder):
    message = "Hi Dr. Chen,\n\nI'm a biology student at the University of Washington. I read your NOAA technical memo on using eDNA to monitor salmon returns on the Elwha River.\n\nThanks,\nMegan"
    subject = edits.subject_from(message)
    assert subject == "Subject: A question about your NOAA technical memo on using eDNA to monitor salmon returns"
    result = outreach.critique(message, "email", rewrite=True, embedder=fake_embedder)
    assert result.rewrite.startswith(subject + "\n\nHi Dr. Chen,") and "missing_subject" not in result.rewrite_flags


def test_a_missing_intro_is_a_blank_after_the_greeting_and_nothing_else_moves(fake_embedder):
    message = "Hi Ms. Wong, your Skift article on front-desk training was great. Could we have a 15-minute call? Thank you!"
    result = rewrite(message, "linkedin-note", fake_embedder)
    assert result.rewrite == f"Hi Ms. Wong, {FIX_SENDER} Your Skift article on front-desk training was great. Could we have a 15-minute call? Thank you!"


def test_no_blank_stands_for_an_intro_the_writer_gave(fake_embedder):
    message = "Hi Priya, I've worked as a barista for seven years. Your post on NICU night shifts stayed with me. Could we chat?"
    result = rewrite(message, embedder=fake_embedder)
    assert "[your one-line intro" not in result.rewrite and "barista" in result.rewrite


def test_missing_personalization_and_ask_are_added_as_blanks_and_a_bounded_ask(fake_embedder):
    message = "Hello,\n\nI'm a mechanical engineering senior at Virginia Tech. Your company is a leader in the field.\n\nThanks so much!\nEthan Brooks"
    result = rewrite(message, embedder=fake_embedder)
    assert FIX_PERSONAL in result.rewrite and FIX_ASK["linkedin-message"] in result.rewrite
    assert result.rewrite.endswith("Thanks so much!\nEthan Brooks") and "Virginia Tech" in result.rewrite


def test_a_long_note_is_trimmed_keeping_the_intro_and_what_they_named(fake_embedder):
    message = (
        "Hi Dr. Mensah, I'm a third-year civil engineering student at Howard University. Your paper on raising the Hoboken PATH entrances "
        "is the reason I chose hydrology. I have also been reading about coastal transit more generally this year. I would really love to connect with you here. "
        "Thank you so much for reading this!"
    )
    result = outreach.critique(message, "linkedin-note", rewrite=True, embedder=fake_embedder)
    assert len(result.rewrite) <= 300 and result.rewrite_flags == []
    assert "Howard University" in result.rewrite and "Hoboken PATH" in result.rewrite
    assert any(c.startswith("Cut to fit the limit") for c in result.rewrite_changes)


@pytest.mark.parametrize(
    "message, channel",
    [
        ("Hello, I am interested in your company. Please send me [Name] a reply ASAP.", "linkedin-note"),
        ("Hi Rafael,\n\nYour episode on the Union Carpentry podcast about framing crews in Denver was great.\n\nCan we set up a call so I can ask you about it?\n\nAlex", "linkedin-message"),
        ("Dear Mr. Haruna,\n\nMy name is Chidi and I'm a civil engineering student at Iowa State. I read your ASCE article on precast culverts.\n\nWould you be willing to have a phone conversation with me?\n\nThank you,\nChidi", "email"),
        ("Hi Kevin,\n\nI'm a senior accounting major at Texas A&M. I enjoyed your talk on forensic accounting at the FBI.\n\nWould you have 15 minutes for a call? I've attached my résumé and would be grateful if you could pass it to your recruiter.\n\nBest,\nMaria", "linkedin-message"),
    ],
)
def test_rewrites_keep_the_writers_specifics_invent_nothing_and_have_fewer_flags(message, channel, fake_embedder):
    result = rewrite(message, channel, fake_embedder)
    again = checks.judge(result.rewrite, channel, fake_embedder, allow_marked_blanks=True)
    assert len(again.ids) < len(result.flags)
    given = facts.message_facts(message, cut=edits.edit_message(message, channel, [f.id for f in result.flags], fake_embedder).cut)
    assert facts.missing(result.rewrite, given) == []
    assert facts.inventions(result.rewrite, facts.Given((), (message,), outreach.AUTHORED)) == []
    assert "rewrite" not in result.rewrite.lower() and "this message" not in result.rewrite.lower()


def test_the_changes_say_what_was_done_in_words(fake_embedder):
    result = rewrite("Hi Ana, I'm a nurse at Mercy. Your triage talk was great. Could we chat? Please reply ASAP.", embedder=fake_embedder)
    assert any(c.startswith("Cut the pressure") for c in result.rewrite_changes)
    assert any(c.startswith("Added thanks") for c in result.rewrite_changes)
