"""What the tabs share: cross-tab state, safe text for Markdown, the startup banner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coffeechat.config import get_settings
from coffeechat.text import safe


@dataclass
class Shared:
    """Components more than one tab touches (e.g. questions handed to the Rehearse tab)."""

    handed_questions: Any
    resume: Any = None  # a session id History asks the Rehearse tab to open
    tabs: Any = None
    extra: dict = field(default_factory=dict)


def error_line(message: str) -> str:
    return f"**⚠ {safe(message)}**"


def provider_problem(settings=None, timeout: float = 2.0) -> str | None:
    """Why the configured provider cannot work, checked cheaply (no model call, no key sent); None when fine.

    embedded: the weights file exists. openai-compatible: something answers HTTP at the base
    URL (any status counts: a 401 or 404 still proves the server is up).
    """
    import urllib.error
    import urllib.request

    from coffeechat.errors import CoffeechatError
    from coffeechat.llm import weights_path

    settings = settings or get_settings()
    try:
        if settings.provider == "embedded":
            weights_path(settings)
    except CoffeechatError as exc:
        return str(exc)
    if settings.provider == "openai-compatible" and settings.openai_base_url:
        url = settings.openai_base_url.rstrip("/") + "/models"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout):
                pass
        except urllib.error.HTTPError:
            pass  # it answered
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"nothing answers at {settings.openai_base_url} ({type(reason).__name__}): start the server, or fix OPENAI_BASE_URL"
    return None


def startup_banner():
    """A visible banner when the configured provider cannot work (checked cheaply at load)."""
    import gradio as gr

    problem = provider_problem()
    if problem:
        return gr.update(value=f"**The model is not available:** {safe(problem)}. Run `coffeechat doctor` for details.", visible=True)
    return gr.update(visible=False)
