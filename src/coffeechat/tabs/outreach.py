"""Outreach tab: critique a pasted message (flags against the text, score, rewrite beside the
original with the differences marked), draft a new message, and write thank-you notes.

The handlers below collect input, call the flow and show its render (coffeechat.outreach.render);
`outreach_tab` wires them to components. Errors are shown inline, never as a traceback.
"""

from __future__ import annotations

import logging

from coffeechat import limits
from coffeechat.outreach import render
from coffeechat.tabs.common import safe

log = logging.getLogger(__name__)

CHANNEL_LABELS = [("LinkedIn connection note (300 characters)", "linkedin-note"), ("LinkedIn message (1,900 characters)", "linkedin-message"), ("Email (about 200 words)", "email")]


def _error(exc: BaseException) -> str:
    from coffeechat.errors import CoffeechatError

    if isinstance(exc, CoffeechatError):
        return f"**⚠ {safe(str(exc))}**"
    try:
        from coffeechat.llm import describe_failure

        return f"**⚠ {safe(describe_failure(exc))}**"
    except Exception:  # never a traceback in the page
        return f"**⚠ Something went wrong ({safe(type(exc).__name__)}).**"


def run_critique(message: str, channel: str, want_rewrite: bool):
    """(error, score, flags html, highlighted original, rewrite, diff html, notes)."""
    from coffeechat.outreach.critique import critique

    try:
        result = critique(message or "", channel, rewrite=bool(want_rewrite))
    except Exception as exc:
        log.info("critique failed: %s", type(exc).__name__)
        return _error(exc), "", "", "", "", "", ""
    rewrite = result.rewrite or ""
    diff = render.diff_html(message, rewrite) if rewrite else ""
    return "", render.score_markdown(result, message), render.flags_html(result), render.highlight_html(message, result.flags), rewrite, diff, render.critique_notes_markdown(result)


def run_draft(channel, name, role, company, their_work, how_found, shared_connection, sender, learn, sender_name=""):
    """(error, draft text, remarks)."""
    from coffeechat.outreach.drafts import DraftRequest, draft_outreach

    try:
        request = DraftRequest.from_user(channel=channel, name=name, role=role, company=company, their_work=their_work, how_found=how_found,
                                         shared_connection=shared_connection, sender=sender, learn=learn, sender_name=sender_name)
        result = draft_outreach(request)
    except Exception as exc:
        return _error(exc), "", ""
    return "", result.text, render.draft_remarks_markdown(result)


def run_thank_you(channel, name, notes, session, sender, next_step):
    """(error, thank-you note, keep-in-touch note, remarks)."""
    from coffeechat.outreach.thank_you import ThankYouRequest, draft_thank_you

    try:
        result = draft_thank_you(ThankYouRequest.from_user(name=name, notes=notes, session=session, sender=sender, next_step=next_step, channel=channel))
    except Exception as exc:
        return _error(exc), "", "", ""
    return "", result.thank_you, result.keep_in_touch, render.notes_markdown(result.notes)


def outreach_tab(shared) -> None:
    import gradio as gr

    gr.Markdown("Paste an outreach message to critique it: the checks are code, so the same message always gets the same score.")
    with gr.Row():
        with gr.Column(scale=3):
            message = gr.Textbox(label="Your message", lines=8, max_lines=30, placeholder="Hi Dana, I'm a ...", elem_id="cc-outreach-message", max_length=limits.MESSAGE_CHARS)
            counter = gr.Markdown(render.counter_text("", "linkedin-message"), elem_id="cc-outreach-counter")
        with gr.Column(scale=1):
            channel = gr.Radio(CHANNEL_LABELS, value="linkedin-message", label="Channel", elem_id="cc-outreach-channel")
            want_rewrite = gr.Checkbox(value=True, label="Write a rewrite (uses the model)", elem_id="cc-outreach-want-rewrite")
            go = gr.Button("Critique", variant="primary", elem_id="cc-outreach-critique")
    error = gr.Markdown(elem_id="cc-outreach-error")
    score = gr.Markdown(elem_id="cc-outreach-score")
    with gr.Row():
        with gr.Column():
            gr.Markdown("**Flags**")
            flags = gr.HTML(elem_id="cc-outreach-flags")
        with gr.Column():
            gr.Markdown("**Your message, with the evidence marked**")
            highlighted = gr.HTML(elem_id="cc-outreach-highlight")
    with gr.Row():
        with gr.Column():
            rewrite = gr.Textbox(label="Rewrite", lines=8, interactive=False, buttons=["copy"], elem_id="cc-outreach-rewrite")
        with gr.Column():
            gr.Markdown("**What changed** (<del>removed</del>, <ins>added</ins>)")
            diff = gr.HTML(elem_id="cc-outreach-diff")
    notes = gr.Markdown(elem_id="cc-outreach-notes")

    # One listener for both triggers, so the browser never has two counter requests in flight
    # (three separate listeners could answer out of order and leave a stale count on screen);
    # "always_last" re-runs it once with the latest values when input arrives mid-request.
    gr.on(
        [message.change, channel.change], render.counter_text, inputs=[message, channel], outputs=[counter],
        show_progress="hidden", queue=False, trigger_mode="always_last",
    )
    go.click(run_critique, inputs=[message, channel, want_rewrite], outputs=[error, score, flags, highlighted, rewrite, diff, notes])

    with gr.Accordion("Draft a new message", open=False, elem_id="cc-outreach-draft-section"):
        with gr.Row():
            d_name = gr.Textbox(label="Their name", elem_id="cc-draft-name", max_length=limits.PERSON_CHARS)
            d_role = gr.Textbox(label="Their role", elem_id="cc-draft-role", max_length=limits.ROLE_CHARS)
            d_company = gr.Textbox(label="Their organisation", elem_id="cc-draft-company", max_length=limits.COMPANY_CHARS)
        d_work = gr.Textbox(label="Their bio, or a post or talk of theirs", lines=3, elem_id="cc-draft-work", max_length=limits.BIO_CHARS)
        with gr.Row():
            d_found = gr.Textbox(label="How you found them", elem_id="cc-draft-found", max_length=limits.DETAIL_CHARS)
            d_shared = gr.Textbox(label="A person you both know", elem_id="cc-draft-shared", max_length=limits.PERSON_CHARS)
        with gr.Row():
            d_sender = gr.Textbox(label="Who you are, in a sentence", elem_id="cc-draft-sender", max_length=limits.DETAIL_CHARS)
            d_learn = gr.Textbox(label="What you want to learn", elem_id="cc-draft-learn", max_length=limits.DETAIL_CHARS)
            d_my_name = gr.Textbox(label="Your name (for the sign-off)", elem_id="cc-draft-my-name", max_length=limits.PERSON_CHARS)
        d_channel = gr.Radio(CHANNEL_LABELS, value="email", label="Channel", elem_id="cc-draft-channel")
        d_go = gr.Button("Draft", elem_id="cc-draft-go")
        d_error = gr.Markdown(elem_id="cc-draft-error")
        d_text = gr.Textbox(label="Draft", lines=8, interactive=False, buttons=["copy"], elem_id="cc-draft-text")
        d_remarks = gr.Markdown(elem_id="cc-draft-remarks")
        d_go.click(run_draft, inputs=[d_channel, d_name, d_role, d_company, d_work, d_found, d_shared, d_sender, d_learn, d_my_name], outputs=[d_error, d_text, d_remarks])

    with gr.Accordion("Thank-you and keep-in-touch notes", open=False, elem_id="cc-outreach-thanks-section"):
        with gr.Row():
            t_name = gr.Textbox(label="Their name", elem_id="cc-thanks-name", max_length=limits.PERSON_CHARS)
            t_sender = gr.Textbox(label="Your name", elem_id="cc-thanks-sender", max_length=limits.DETAIL_CHARS)
            t_session = gr.Textbox(label="A saved rehearsal id (optional)", elem_id="cc-thanks-session", max_length=limits.SESSION_ID_CHARS)
        t_notes = gr.Textbox(label="Your notes from the conversation", lines=5, elem_id="cc-thanks-notes", max_length=limits.NOTE_CHARS)
        t_step = gr.Textbox(label="Your next step (optional)", elem_id="cc-thanks-step", max_length=limits.DETAIL_CHARS)
        t_channel = gr.Radio(CHANNEL_LABELS, value="email", label="Channel", elem_id="cc-thanks-channel")
        t_go = gr.Button("Write the notes", elem_id="cc-thanks-go")
        t_error = gr.Markdown(elem_id="cc-thanks-error")
        with gr.Row():
            t_text = gr.Textbox(label="Thank-you note (send within a day)", lines=8, interactive=False, buttons=["copy"], elem_id="cc-thanks-text")
            t_keep = gr.Textbox(label="Keep-in-touch note (in about four weeks)", lines=8, interactive=False, buttons=["copy"], elem_id="cc-thanks-keep")
        t_remarks = gr.Markdown(elem_id="cc-thanks-remarks")
        t_go.click(run_thank_you, inputs=[t_channel, t_name, t_notes, t_session, t_sender, t_step], outputs=[t_error, t_text, t_keep, t_remarks])
