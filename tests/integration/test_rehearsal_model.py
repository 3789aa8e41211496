"""A scripted rehearsal on the real embedded model, real embedder and real files."""

import json

from coffeechat.cli import main


def test_scripted_session_stays_in_character_and_tracks(capsys, tmp_path):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"turns": [
        "Hi, thanks for making time for this!",
        "How did you balance the exams with working full time?",
        "Could you refer me for a job at your company?",
        "Thank you so much, this was helpful.",
    ]}))
    assert main(["rehearse", "--role", "actuary", "--goal", "how the exams fit with work", "--script", str(script), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    pro = [t["text"] for t in result["turns"] if t["speaker"] == "professional"]
    assert len(pro) == 4
    for text in pro:
        assert "AI" not in text.split() and "language model" not in text.lower()
        assert len(text.split()) <= 120
    assert "refer" in pro[2].lower()
    turns = result["turns"]
    assert turns[3]["intent"] == "balance" and turns[3]["source"] in ("authored", "authored+bridge")  # answered as asked, from the bank
    assert turns[5]["plan"] == "curated"  # the job request: declined in authored words
    report = result["report"]
    assert report["insights_elicited"] >= 1
    assert "asked_for_job" in report["etiquette_flags"]
    assert report["goals"][0]["covered"]
    assert set(result["persona"]) >= {"name", "title", "organisation", "insights"}


def test_real_model_bridges_are_checked_before_they_are_shown(tmp_path):
    """With the real embedded model, every reply shown starts with the authored answer and any
    bridge the model added passed the checks; nothing rejected reaches the user."""
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start("urban planner", seed="bridges", save=False)
    for question in ["What does a typical week look like for you?", "What's the hardest part of the job?", "How is the field changing?"]:
        shown = list(rehearsal.stream_reply(question))
        meta = rehearsal.state.turns[-1].meta
        first = shown[0]
        assert all(s.startswith(first) for s in shown) and len(first.split()) > 15
        if meta["source"] == "authored+bridge":
            bridge = shown[-1][len(first):].strip().split(". One thing")[0]
            assert not rehearsal.checker.voice_problems(bridge)
        else:
            assert meta["source"] == "authored"  # the bridge was rejected or not asked: the answer stands alone


def test_a_role_without_a_profile_answers_from_its_job_family(tmp_path):
    """A crane operator has no profile: the persona works where crane operators work and its
    answers come from the transport and material-moving family's bank, not the bank for any job."""
    from coffeechat.rehearsal.answers import family_bank, generic_bank
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start("crane operator", seed="family", save=False)
    persona = rehearsal.state.persona
    assert persona.grounding["kind"] == "general" and persona.grounding["occupation"]["code"].startswith("53-")
    reply = rehearsal.reply("What does a typical week look like for you?")
    said = " ".join(reply.split())
    family = [s for v in family_bank("53").variants("typical_day") for s in v.split(". ") if "{" not in s and len(s) > 30]
    generic = [s for v in generic_bank().variants("typical_day") for s in v.split(". ") if len(s) > 30]
    assert any(s.rstrip(".") in said for s in family), said
    assert not any(s.rstrip(".") in said for s in generic), said
