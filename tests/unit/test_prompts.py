import pytest
from jinja2 import UndefinedError

from coffeechat.prompts import all_prompts


def test_every_prompt_renders_with_its_declared_variables():
    prompts = all_prompts()
    assert prompts, "prompts/ is empty"
    for prompt in prompts:
        values = {name: f"<{name}>" for name in prompt.variables}
        text = prompt.render(**values)
        assert text.strip(), prompt.name
        for name in prompt.variables:
            assert f"<{name}>" in text or name.endswith("_list") or name.startswith("opt_"), f"{prompt.name} ignores {name}"


def test_a_missing_variable_is_an_error():
    for prompt in all_prompts():
        if prompt.variables:
            with pytest.raises(UndefinedError):
                prompt.render()
            return
    pytest.skip("no prompt declares variables")
