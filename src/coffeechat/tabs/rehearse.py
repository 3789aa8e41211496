"""Rehearse tab: goals first, a persona card, a streamed mock interview, notes, the report.

Each browser session holds only its session id in gr.State; the Rehearsal objects live in a
server-side registry keyed by that id, so sessions never share state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from coffeechat import limits
from coffeechat.rehearsal import render
from coffeechat.rehearsal.session import Rehearsal
from coffeechat.errors import CoffeechatError
from coffeechat.tabs.common import error_line, safe

MAX_LIVE = 64
_live: "OrderedDict[str, Rehearsal]" = OrderedDict()
_live_lock = threading.Lock()


def live(session_id: str) -> Rehearsal:
    """The session's Rehearsal, from memory or from disk (after a restart or a closed tab)."""
    with _live_lock:
        if session_id in _live:
            _live.move_to_end(session_id)
            return _live[session_id]
    rehearsal = Rehearsal.resume(session_id)
    remember(rehearsal)
    return rehearsal


def remember(rehearsal: Rehearsal) -> None:
    with _live_lock:
        _live[rehearsal.state.session_id] = rehearsal
        while len(_live) > MAX_LIVE:
            _live.popitem(last=False)


def persona_card(rehearsal: Rehearsal) -> str:
    return render.persona_markdown(rehearsal.state.persona.model_dump(), rehearsal.state.goals, safe)


def chat_history(rehearsal: Rehearsal) -> list[dict]:
    # escaped, not sanitized: the Chatbot renders HTML, and a sanitizer would silently drop what the user typed
    return [{"role": "user" if t.speaker == "user" else "assistant", "content": safe(t.text)} for t in rehearsal.state.turns]


def report_markdown(report: dict) -> str:
    return render.report_markdown(report, safe)


def rehearse_tab(shared) -> None:
    import gradio as gr

    session = gr.State("")
    with gr.Row():
        with gr.Column(scale=1, min_width=260):
            gr.Markdown("**1. What do you want to learn?** Set your goals first, then meet the professional.")
            role = gr.Textbox(label="Role to explore", placeholder="e.g. actuary, UX designer, electrician", elem_id="cc-role", max_length=limits.ROLE_CHARS)
            industry = gr.Textbox(label="Industry (optional)", elem_id="cc-industry", max_length=limits.INDUSTRY_CHARS)
            with gr.Row():
                seniority = gr.Dropdown(["junior", "mid", "senior"], value="mid", label="Seniority", elem_id="cc-seniority")
                style = gr.Dropdown(["warm", "busy", "reserved", "skeptical"], value="warm", label="Style", elem_id="cc-style")
            goals = gr.Textbox(label="Your goals, one per line", lines=3, elem_id="cc-goals", max_length=limits.GOALS_BOX_CHARS)
            bio = gr.Textbox(label="A real bio to take after (optional)", lines=2, elem_id="cc-bio", max_length=limits.PERSONA_BIO_CHARS)
            start = gr.Button("Start rehearsal", variant="primary", elem_id="cc-start")
            card = gr.Markdown(elem_id="cc-persona")
        with gr.Column(scale=2, min_width=360):
            chat = gr.Chatbot(label="Conversation", height=460, elem_id="cc-chat", sanitize_html=True, render_markdown=False)
            prepared = gr.Dropdown(choices=[], label="Questions you prepared (from the Questions tab)", elem_id="cc-prepared", allow_custom_value=False, visible=True)
            message = gr.Textbox(label="Your question", placeholder="Ask something only an insider could answer…", elem_id="cc-message", max_length=limits.REHEARSAL_MESSAGE_CHARS)
            with gr.Row():
                send = gr.Button("Send", variant="primary", elem_id="cc-send")
                retry = gr.Button("Retry", visible=False, elem_id="cc-retry")
                end = gr.Button("End and get my report", elem_id="cc-end")
            status = gr.Markdown(elem_id="cc-rehearse-status")
        with gr.Column(scale=1, min_width=260):
            notes = gr.Textbox(label="Your notes (saved as you type)", lines=12, elem_id="cc-notes", max_length=limits.NOTE_CHARS)
            report = gr.Markdown(elem_id="cc-report")
            thank_you = gr.Textbox(label="Thank-you draft", lines=8, elem_id="cc-thank-you", buttons=["copy"], interactive=True)

    def do_start(role_text, industry_text, seniority_value, style_value, goals_text, bio_text):
        try:
            rehearsal = Rehearsal.start(role_text, goals=(goals_text or "").splitlines(), style=style_value, industry=industry_text or "", seniority=seniority_value or "", bio=bio_text or "")
        except CoffeechatError as exc:
            return "", gr.update(), [], error_line(str(exc)), "", ""
        remember(rehearsal)
        threading.Thread(target=rehearsal.warm, daemon=True).start()  # fills the prompt cache while they read the card
        return rehearsal.state.session_id, persona_card(rehearsal), [], "Say hello, then ask your first question.", "", ""

    start.click(do_start, [role, industry, seniority, style, goals, bio], [session, card, chat, status, report, thank_you])

    def stream(session_id, history, text, retrying=False):
        if not session_id:
            yield history, text, error_line("Start a rehearsal first."), gr.update(visible=False)
            return
        try:
            rehearsal = live(session_id)
        except CoffeechatError as exc:
            yield history, text, error_line(str(exc)), gr.update(visible=False)
            return
        history = chat_history(rehearsal)
        if retrying:
            source = rehearsal.stream_retry()
        else:
            source = rehearsal.stream_reply(text)
            history = history + [{"role": "user", "content": safe(text.strip())}]
        try:
            for partial in source:
                yield history + [{"role": "assistant", "content": safe(partial)}], "", "", gr.update(visible=False)
        except CoffeechatError as exc:
            yield chat_history(rehearsal), text if not retrying else "", error_line(str(exc)), gr.update(visible=rehearsal.awaiting_reply)
            return
        except Exception as exc:  # the model died mid-reply: the transcript so far is on disk
            from coffeechat.llm import describe_failure

            yield chat_history(rehearsal), "", error_line(f"The professional stopped mid-answer ({describe_failure(exc)}). Your question is saved: press Retry."), gr.update(visible=True)
            return
        last_user = next((t for t in reversed(rehearsal.state.turns) if t.speaker == "user"), None)
        coaching = safe(render.turn_feedback(last_user.meta)) if last_user else ""
        yield chat_history(rehearsal), "", coaching, gr.update(visible=False)

    def do_send(session_id, history, text):
        if not (text or "").strip():
            yield history, text, error_line("Type a question first."), gr.update()
            return
        yield from stream(session_id, history, text)

    def do_retry(session_id, history):
        yield from stream(session_id, history, "", retrying=True)

    send.click(do_send, [session, chat, message], [chat, message, status, retry])
    message.submit(do_send, [session, chat, message], [chat, message, status, retry])
    retry.click(do_retry, [session, chat], [chat, message, status, retry])

    def do_notes(session_id, text):
        if not session_id:
            return ""
        try:
            live(session_id).save_notes(text)
        except CoffeechatError as exc:
            return error_line(f"Your notes could not be saved: {exc}")
        return ""

    notes.change(do_notes, [session, notes], [status], show_progress="hidden")

    def do_end(session_id):
        if not session_id:
            return error_line("Start a rehearsal first."), ""
        try:
            rehearsal = live(session_id)
            result = rehearsal.end().model_dump()
        except CoffeechatError as exc:
            return error_line(str(exc)), ""
        return report_markdown(result), result["thank_you_draft"]

    end.click(do_end, [session], [report, thank_you])

    shared.handed_questions.change(lambda qs: gr.update(choices=list(qs or []), value=None), [shared.handed_questions], [prepared])
    prepared.change(lambda q, current: q or current, [prepared, message], [message])

    def do_resume(session_id):
        if not session_id:
            return (gr.update(),) * 7
        try:
            rehearsal = live(session_id)
        except CoffeechatError as exc:
            return gr.update(), gr.update(), gr.update(), error_line(str(exc)), gr.update(), gr.update(), gr.update()
        saved_report, saved_thanks = "", ""
        if rehearsal.state.ended:
            from coffeechat import notes as sessions

            data = sessions.load_session(session_id)
            if data["report"]:
                saved_report, saved_thanks = report_markdown(data["report"]), data["report"].get("thank_you_draft", "")
        status_text = "Resumed." if not rehearsal.state.ended else "This rehearsal has ended; its report is below."
        return session_id, persona_card(rehearsal), chat_history(rehearsal), status_text, rehearsal.state.notes, saved_report, saved_thanks

    shared.resume.change(do_resume, [shared.resume], [session, card, chat, status, notes, report, thank_you])
