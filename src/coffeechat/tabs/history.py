"""History tab: past rehearsals and notes, progress over sessions, what you have learned per
role, export to Markdown, resume, and adding a note from a real conversation by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path

from coffeechat import limits
from coffeechat import notes as sessions
from coffeechat.errors import CoffeechatError
from coffeechat.rehearsal import render
from coffeechat.tabs.common import error_line, safe


def session_rows() -> list[dict]:
    """One row per saved rehearsal (see rehearsal.render.session_row)."""
    return [render.session_row(saved) for saved in sessions.list_sessions()]


def progress_frame(rows: list[dict]):
    import pandas as pd

    ended = [r for r in reversed(rows) if r["status"] == "ended"]
    records = []
    for number, row in enumerate(ended, 1):
        records.append({"session": number, "measure": "insights drawn out", "value": row["_ratio"]})
        records.append({"session": number, "measure": "open questions", "value": row["_open"]})
    return pd.DataFrame(records or [{"session": 0, "measure": "insights drawn out", "value": 0.0}])


def learned_by_role() -> str:
    """What the user has learned so far, per role: insights drawn out and their own notes."""
    by_role: dict[str, list[str]] = {}
    for saved in sessions.list_sessions():
        for label in render.elicited_labels(saved):
            by_role.setdefault(saved["meta"].get("role", ""), []).append(f"{label} (rehearsal)")
    for note in sessions.list_notes():
        if note.kind == "note":
            first = note.text.strip().splitlines()[0][:160] if note.text.strip() else ""
            by_role.setdefault(note.role or "(no role)", []).append(f"{first} (note{', ' + note.person if note.person else ''}, {note.created[:10]})")
    if not by_role:
        return "*Nothing yet: rehearse or add a note from a real conversation.*"
    parts = []
    for role, items in sorted(by_role.items()):
        unique = list(dict.fromkeys(items))
        parts.append(f"**{safe(role)}**\n" + "\n".join(f"- {safe(i)}" for i in unique[:12]))
    return "\n\n".join(parts)


def session_markdown(session_id: str) -> str:
    return render.session_markdown(sessions.load_session(session_id))


def history_tab(shared) -> None:
    import gradio as gr

    columns = ["date", "role", "with", "insights", "open ratio", "turns", "status", "id"]
    with gr.Row():
        refresh = gr.Button("Refresh", elem_id="cc-history-refresh")
    table = gr.Dataframe(headers=columns, interactive=False, elem_id="cc-history-table", wrap=True)
    plot = gr.LinePlot(x="session", y="value", color="measure", title="Progress over ended rehearsals", y_lim=[0, 1], elem_id="cc-history-plot")
    with gr.Row():
        chosen = gr.Dropdown(choices=[], label="Open a session", elem_id="cc-history-session")
        export = gr.DownloadButton("Export as Markdown", elem_id="cc-history-export", visible=False)
        resume = gr.Button("Resume or see in Rehearse", elem_id="cc-history-resume")
    detail = gr.Markdown(elem_id="cc-history-detail")
    gr.Markdown("### What you have learned so far, by role")
    learned = gr.Markdown(elem_id="cc-history-learned")
    gr.Markdown("### Add a note from a real conversation")
    with gr.Row():
        note_role = gr.Textbox(label="Role", elem_id="cc-note-role", max_length=limits.ROLE_CHARS)
        note_person = gr.Textbox(label="Person", elem_id="cc-note-person", max_length=limits.PERSON_CHARS)
    note_text = gr.Textbox(label="Note", lines=5, elem_id="cc-note-text", max_length=limits.NOTE_CHARS)
    save_note = gr.Button("Save note", elem_id="cc-note-save")
    note_status = gr.Markdown(elem_id="cc-note-status")

    def load():
        try:
            rows = session_rows()
        except CoffeechatError as exc:
            return gr.update(), gr.update(), gr.update(), error_line(str(exc))
        table_rows = [[r[c] for c in columns] for r in rows]
        choices = [(f"{r['date']} · {r['role']} · {r['insights']}", r["id"]) for r in rows]
        return table_rows, progress_frame(rows), gr.update(choices=choices), learned_by_role()

    refresh.click(load, outputs=[table, plot, chosen, learned])

    def open_session(session_id):
        if not session_id:
            return "", gr.update(visible=False)
        try:
            text = session_markdown(session_id)
        except CoffeechatError as exc:
            return error_line(str(exc)), gr.update(visible=False)
        path = Path(tempfile.mkdtemp(prefix="coffeechat-")) / f"{session_id}.md"
        path.write_text(text, encoding="utf-8")
        return safe(text).replace("\n", "  \n"), gr.update(value=str(path), visible=True)

    chosen.change(open_session, [chosen], [detail, export])

    resume.click(lambda sid: sid or "", [chosen], [shared.resume]).then(lambda sid: gr.Tabs(selected="rehearse") if sid else gr.Tabs(), [chosen], [shared.tabs])

    def do_save(text, role, person):
        try:
            note = sessions.save_note(text, role=role or "", person=person or "")
        except CoffeechatError as exc:
            return error_line(str(exc)), text
        return safe(note.saved_line), ""

    save_note.click(do_save, [note_text, note_role, note_person], [note_status, note_text]).then(load, outputs=[table, plot, chosen, learned])
    shared.extra["history_load"] = (load, [table, plot, chosen, learned])
