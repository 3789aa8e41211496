"""Which model each outreach step is given when the caller passes none (issue 12: the rewrite
used to run on the second opinion's temperature-0 model, with no max_tokens and its timeout)."""

import dataclasses

from coffeechat import config, llm
from coffeechat.outreach import channels, checks
from coffeechat.outreach import critique as outreach
from coffeechat.testing import fake_chat

GOOD = "Hi Priya, I'm a nursing student at Georgia State. Your post on NICU night shifts stayed with me. Would you be open to a 15-minute chat? Thank you, Dana"


def test_the_rewrite_gets_its_own_model_when_a_second_opinion_is_asked(monkeypatch, fake_embedder):
    monkeypatch.setenv("COFFEECHAT_PROVIDER", "openai-compatible")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    config.set_settings(None)
    built: list[dict] = []

    def chat_model(settings=None, **kwargs):
        built.append(kwargs)
        return fake_chat([GOOD] * 4)

    monkeypatch.setattr(llm, "chat_model", chat_model)
    real_judge = checks.judge

    def uncertain_judge(*args, **kwargs):  # similarity near its threshold: the second opinion is asked
        judgement = real_judge(*args, **kwargs)
        return dataclasses.replace(judgement, decisions={flag: "similarity-uncertain" for flag in judgement.decisions})

    monkeypatch.setattr(checks, "judge", uncertain_judge)
    outreach.critique("Hello, I am interested in your company.", "linkedin-note", rewrite=True, embedder=fake_embedder)
    assert {"temperature": 0} in built, built  # the second opinion: a verdict at temperature 0
    rewrite = [kw for kw in built if kw.get("max_tokens") == channels.MAX_TOKENS["linkedin-note"]]
    assert rewrite and rewrite[0]["temperature"] == outreach.REWRITE_TEMPERATURE and rewrite[0]["timeout"] == llm.MODEL_BUDGET_S, built
