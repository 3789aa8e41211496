"""Questions tab: the form, progress, results grouped by theme, copy and download, regenerate
one question, and "rehearse with these" (hands the questions to the Rehearse tab)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from coffeechat import limits
from coffeechat.files import read_text_arg
from coffeechat.questions import render
from coffeechat.tabs.common import error_line, safe

log = logging.getLogger(__name__)


def _failure(exc: BaseException) -> str:
    """One line for the user: our own errors as they are, a model failure in words, never a traceback."""
    from coffeechat.errors import CoffeechatError

    if isinstance(exc, CoffeechatError):
        return str(exc)
    try:
        import openai

        if isinstance(exc, openai.OpenAIError):
            from coffeechat.llm import describe_failure

            return describe_failure(exc)
    except ImportError:
        pass
    log.exception("questions failed")
    return f"something went wrong ({type(exc).__name__}); try again, or run `coffeechat doctor`"


def read_bio_file(path: str | None) -> str:
    """The text of an uploaded bio file; InputError when it is too large or not UTF-8 text."""
    if not path:
        return ""
    return read_text_arg(path, "bio", limits.BIO_FILE_BYTES)


def _files(result) -> tuple[str, str]:
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-questions-"))
    slug = "".join(c if c.isalnum() else "-" for c in result.role.lower()).strip("-")[:40] or "role"
    markdown, table = folder / f"questions-{slug}.md", folder / f"questions-{slug}.csv"
    markdown.write_text(render.questions_markdown(result), encoding="utf-8")
    table.write_text(render.questions_csv(result), encoding="utf-8")
    return str(markdown), str(table)


def questions_tab(shared) -> None:
    import gradio as gr

    from coffeechat.questions import drafting
    from coffeechat.questions.models import QuestionRequest, QuestionSet

    gr.Markdown("Questions for an informational interview with someone in a named role: open-ended, specific, not googleable, in a sensible order (TIARA).")
    with gr.Row():
        with gr.Column():
            role = gr.Textbox(label="Their role (required)", placeholder="e.g. ICU nurse", max_length=limits.ROLE_CHARS, elem_id="cc-q-role")
            industry = gr.Textbox(label="Industry", elem_id="cc-q-industry", max_length=limits.INDUSTRY_CHARS)
            company = gr.Textbox(label="Company or organization", elem_id="cc-q-company", max_length=limits.COMPANY_CHARS)
            count = gr.Slider(1, limits.QUESTIONS, value=10, step=1, label="How many questions", elem_id="cc-q-n")
        with gr.Column():
            bio = gr.Textbox(label="Their bio, profile, post or talk abstract", lines=4, elem_id="cc-q-bio", max_length=limits.BIO_CHARS)
            bio_file = gr.File(label="…or a bio file (.txt, .md)", file_types=[".txt", ".md"], type="filepath", elem_id="cc-q-bio-file")
            goals = gr.Textbox(label="What you want to learn (one goal per line)", lines=3, elem_id="cc-q-goals", max_length=limits.GOALS_BOX_CHARS)
            background = gr.Textbox(label="Your own background", elem_id="cc-q-background", max_length=limits.DETAIL_CHARS)
    generate = gr.Button("Generate questions", variant="primary", elem_id="cc-q-generate")
    status = gr.Markdown(elem_id="cc-q-status")
    results = gr.Markdown(elem_id="cc-q-results", buttons=["copy"])
    with gr.Row(visible=False) as actions:
        number = gr.Number(label="Question number", value=1, precision=0, minimum=1, maximum=limits.QUESTIONS, elem_id="cc-q-regen-number")
        regenerate = gr.Button("Regenerate this question", elem_id="cc-q-regenerate")
        download_md = gr.DownloadButton("Download Markdown", elem_id="cc-q-download-md")
        download_csv = gr.DownloadButton("Download CSV", elem_id="cc-q-download-csv")
        rehearse = gr.Button("Rehearse with these", elem_id="cc-q-rehearse")
    state = gr.State(None)  # (request dict, result dict) of the last generation

    def run(role_text, industry_text, company_text, n, bio_text, bio_path, goals_text, background_text):
        # A generator: the authored questions show at once, then again as each follow-up is tailored.
        shown = None
        try:
            bio_value = (bio_text or "").strip() or read_bio_file(bio_path)
            request = QuestionRequest.from_user(
                role=role_text or "", industry=industry_text or "", company=company_text or "", bio=bio_value,
                goals=[g for g in (goals_text or "").splitlines() if g.strip()], background=background_text or "", n=int(n or 10),
            )
            yield "reading the role profile, your goals and notes…", gr.update(), gr.update(visible=False), gr.update(), gr.update(), None
            for result in drafting.stream_questions(request):
                markdown_path, csv_path = _files(result)
                waiting = f" · tailoring {result.pending} follow-up(s) to you…" if result.pending else ""
                note = f"{len(result.questions)} questions{waiting} · {result.provider} / {safe(result.model)}"
                shown = (render.results_markdown(result), gr.update(visible=True), markdown_path, csv_path, (request.model_dump(), result.model_dump()))
                yield (note, *shown)
        except Exception as exc:  # shown inline, never a traceback; questions already shown stay
            if shown:
                yield (error_line(_failure(exc) + " (the questions shown are complete without it)"), *shown)
            else:
                yield error_line(_failure(exc)), gr.update(), gr.update(visible=False), gr.update(), gr.update(), None

    def redo(index, current, progress=gr.Progress()):
        if not current:
            return error_line("generate questions first"), gr.update(), gr.update(), gr.update(), current
        try:
            request = QuestionRequest(**current[0])
            result = QuestionSet(**current[1])
            progress(0.3, desc="regenerating one question")
            result = drafting.regenerate_question(request, result, int(index or 1) - 1)
        except Exception as exc:
            return error_line(_failure(exc)), gr.update(), gr.update(), gr.update(), current
        markdown_path, csv_path = _files(result)
        return f"question {int(index)} regenerated", render.results_markdown(result), markdown_path, csv_path, (current[0], result.model_dump())

    def hand_over(current):
        if not current:
            return gr.update(), error_line("generate questions first"), gr.update()
        texts = [q["text"] for q in current[1]["questions"]]
        return texts, f"{len(texts)} question{'s' if len(texts) != 1 else ''} handed to the Rehearse tab", gr.Tabs(selected="rehearse")

    generate.click(run, inputs=[role, industry, company, count, bio, bio_file, goals, background], outputs=[status, results, actions, download_md, download_csv, state])
    regenerate.click(redo, inputs=[number, state], outputs=[status, results, download_md, download_csv, state])
    tabs_output = [shared.tabs] if shared.tabs is not None else []
    rehearse.click(lambda current: hand_over(current)[: 2 + len(tabs_output)], inputs=[state], outputs=[shared.handed_questions, status, *tabs_output])
