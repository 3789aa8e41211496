"""Settings tab: what is configured (never the key) and a connection test."""

from __future__ import annotations

from coffeechat.config import get_settings
from coffeechat.tabs.common import safe


def settings_markdown() -> str:
    rows = "\n".join(f"| {safe(k)} | {safe(v)} |" for k, v in get_settings().public().items())
    return (
        "| setting | value |\n|---|---|\n" + rows +
        "\n\nChange these with environment variables (COFFEECHAT_PROVIDER, COFFEECHAT_MODEL, OPENAI_BASE_URL, ...) "
        "or ~/.config/coffeechat/config.toml, then restart. See the README."
    )


def test_connection() -> str:
    from coffeechat.doctor import run_checks

    checks = run_checks(get_settings())
    return "\n".join(f"- {'✅' if c.ok else '❌'} **{c.name}**: {safe(c.detail)}" for c in checks)


def settings_tab(shared) -> None:
    import gradio as gr

    gr.Markdown(settings_markdown(), elem_id="cc-settings")
    button = gr.Button("Test connection", elem_id="cc-test-connection")
    result = gr.Markdown(elem_id="cc-connection-result")
    button.click(test_connection, outputs=[result])
