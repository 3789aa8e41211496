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
    report = result["report"]
    assert report["insights_elicited"] >= 1
    assert "asked_for_job" in report["etiquette_flags"]
    assert report["goals"][0]["covered"]
    assert set(result["persona"]) >= {"name", "title", "organisation", "insights"}
