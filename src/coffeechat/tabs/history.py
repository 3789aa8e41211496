"""History tab."""

from __future__ import annotations


def history_tab(shared) -> None:
    import gradio as gr

    gr.Markdown("This tab is being built.", elem_id="cc-history-placeholder")
