import pytest

from coffeechat.config import load_settings
from coffeechat.errors import InputError


def test_defaults_are_embedded_and_local():
    settings = load_settings(env={})
    assert settings.provider == "embedded"
    assert settings.embeddings == "local"
    assert settings.model_name.endswith(".gguf")


def test_unknown_provider_is_an_input_error():
    with pytest.raises(InputError, match="unknown provider"):
        load_settings(env={"COFFEECHAT_PROVIDER": "llamafile"})


def test_openai_without_key_is_an_input_error():
    with pytest.raises(InputError, match="OPENAI_API_KEY"):
        load_settings(env={"COFFEECHAT_PROVIDER": "openai"})


def test_openai_with_key_defaults_model_and_hides_key():
    settings = load_settings(env={"COFFEECHAT_PROVIDER": "openai", "OPENAI_API_KEY": "sk-marker-123"})
    assert settings.model_name == "gpt-4o-mini"
    shown = str(settings.public()) + repr(settings)
    assert "sk-marker-123" not in shown


def test_toml_file_is_read_and_env_wins(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('provider = "openai-compatible"\nopenai_base_url = "http://127.0.0.1:11434/v1"\nmodel = "llama3.2"\n')
    settings = load_settings(path, env={})
    assert (settings.provider, settings.model_name) == ("openai-compatible", "llama3.2")
    settings = load_settings(path, env={"COFFEECHAT_MODEL": "qwen2.5"})
    assert settings.model_name == "qwen2.5"


def test_bad_toml_and_missing_file_are_input_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("provider = ")
    with pytest.raises(InputError, match="cannot read config"):
        load_settings(bad, env={})
    with pytest.raises(InputError, match="not found"):
        load_settings(tmp_path / "missing.toml", env={})


def test_bad_number_is_an_input_error():
    with pytest.raises(InputError, match="whole number"):
        load_settings(env={"COFFEECHAT_N_PARALLEL": "many"})
