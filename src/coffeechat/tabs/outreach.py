"""Outreach tab."""

from __future__ import annotations


def outreach_tab(shared) -> None:
    import gradio as gr

    gr.Markdown("This tab is being built.", elem_id="cc-outreach-placeholder")
