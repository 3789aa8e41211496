"""The Gradio Blocks app: tabs Rehearse, Questions, Outreach, History, Settings.

The UI only collects input, calls a chain and shows the result; every tab's body lives in
its own module under coffeechat.tabs. Nothing here runs at import time.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys

from coffeechat.config import get_settings
from coffeechat.errors import InputError

log = logging.getLogger(__name__)

CSS = """
.cc-flag mark { background: #ffe08a; }
.cc-muted { color: #666; font-size: 0.9em; }
#cc-banner { border-left: 4px solid #d9534f; padding: 0.5em 1em; }
"""


def build_app():
    """The Blocks app (not launched)."""
    import gradio as gr

    from coffeechat import tabs

    with gr.Blocks(title="coffeechat", analytics_enabled=False) as app:
        gr.Markdown("# coffeechat\nExplore careers through informational interviews: rehearse, prepare questions, polish outreach, keep notes.")
        banner = gr.Markdown(visible=False, elem_id="cc-banner")
        shared = tabs.Shared(gr.State([]), resume=gr.State(""))
        with gr.Tabs() as tab_set:
            shared.tabs = tab_set
            with gr.Tab("Rehearse", id="rehearse"):
                tabs.rehearse_tab(shared)
            with gr.Tab("Questions", id="questions"):
                tabs.questions_tab(shared)
            with gr.Tab("Outreach", id="outreach"):
                tabs.outreach_tab(shared)
            with gr.Tab("History", id="history") as history:
                tabs.history_tab(shared)
            with gr.Tab("Settings", id="settings"):
                tabs.settings_tab(shared)
        load_history, history_outputs = shared.extra["history_load"]
        history.select(load_history, outputs=history_outputs)
        app.load(tabs.startup_banner, outputs=[banner])
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise InputError("--auth must be user:password")
    return user, password


def exposure(host: str, auth: str | None = None, insecure: bool = False) -> tuple[tuple[str, str] | None, str | None]:
    """(credentials, warning) for serving on host. Loopback needs nothing; another address
    needs --auth user:password or --insecure (which comes with a warning). InputError otherwise."""
    credentials = parse_auth(auth)
    if _is_loopback(host) or credentials:
        return credentials, None
    if not insecure:
        raise InputError(f"binding {host} exposes your notes to the network: add --auth user:password, or --insecure")
    return None, f"WARNING: serving on {host} without a password: anyone who can reach this machine can read your notes"


def serve(host: str = "127.0.0.1", port: int = 7860, auth: str | None = None, insecure: bool = False, block: bool = True):
    """Launch the app. Binding beyond loopback needs --auth, or --insecure (with a warning)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    credentials, warning = exposure(host, auth, insecure)
    if warning:
        sys.stderr.write(warning + "\n")
    settings = get_settings()
    app = build_app()
    # As many model-bound events at once as the server has slots: more would wait unseen in
    # llama.cpp's queue, while Gradio's queue shows the waiting user their place in line.
    app.queue(default_concurrency_limit=settings.n_parallel if settings.provider == "embedded" else 16)
    sys.stderr.write(f"coffeechat on http://{host}:{port} ({settings.provider} / {settings.model_name})\n")
    return app.launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        prevent_thread_lock=not block,
        quiet=True,
        show_error=False,
        footer_links=[],
        css=CSS,
        ssr_mode=False,
    )
