"""Questions tab."""

from __future__ import annotations


def questions_tab(shared) -> None:
    import gradio as gr

    gr.Markdown("This tab is being built.", elem_id="cc-questions-placeholder")
