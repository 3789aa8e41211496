"""What the tabs share: cross-tab state, safe text for Markdown, the startup banner."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from coffeechat.config import get_settings


@dataclass
class Shared:
    """Components more than one tab touches (e.g. questions handed to the Rehearse tab)."""

    handed_questions: Any
    tabs: Any = None
    extra: dict = field(default_factory=dict)


def safe(text: str) -> str:
    """User or model text made inert for Markdown/HTML output: shown as text, never run."""
    return html.escape(text or "", quote=True)


def error_line(message: str) -> str:
    return f"**⚠ {safe(message)}**"


def startup_banner():
    """A visible banner when the configured provider cannot work (checked cheaply at load)."""
    import gradio as gr

    from coffeechat.errors import CoffeechatError
    from coffeechat.llm import weights_path

    settings = get_settings()
    try:
        if settings.provider == "embedded":
            weights_path(settings)
    except CoffeechatError as exc:
        return gr.update(value=f"**The model is not available:** {safe(str(exc))}. Run `coffeechat doctor` for details.", visible=True)
    return gr.update(visible=False)
