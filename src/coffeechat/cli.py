"""The `coffeechat` command: collects input, calls a chain, prints the result.

With --json a command prints exactly one JSON document on stdout; logs and progress go to
stderr. Exit 2 for bad input, 3 for an unreachable model or store, each with one line on
stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from typing import Any, Callable

from coffeechat import limits
from coffeechat.config import get_settings, load_settings, set_settings
from coffeechat.errors import CoffeechatError, InputError, UnavailableError
from coffeechat.files import read_text_arg


log = logging.getLogger("coffeechat")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"coffeechat: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(2)


def emit(data: Any, as_json: bool, text: str | Callable[[], str]) -> None:
    """Print the one JSON document, or the human text."""
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write((text() if callable(text) else text).rstrip() + "\n")


PATH_ARGS = {"file", "bio", "script", "notes", "config"}  # file names may be any bytes; their contents are checked
WARM_JOIN_S = 30  # the warm-up (one model token, ~100 embeddings) takes ~1-3 s; /end straight away waits for it, not longer


def check_arg_text(args: argparse.Namespace) -> None:
    """InputError when a text argument holds NUL or bytes that are not UTF-8 (surrogate escapes)."""
    for name, value in vars(args).items():
        if name in PATH_ARGS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            label = f"--{name.replace('_', '-')}" if name != "query" else "the search query"
            if "\x00" in item:
                raise InputError(f"{label} is not text (it contains NUL bytes)")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(f"{label} is not UTF-8 text") from None


# ---------------------------------------------------------------- commands


def cmd_app(args: argparse.Namespace) -> int:
    from coffeechat.ui import serve

    serve(host=args.host, port=args.port, auth=args.auth, insecure=args.insecure)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from coffeechat.kb.index import index_knowledge
    from coffeechat.progress import progress_bar

    with progress_bar("indexing") as progress:
        summary = index_knowledge(get_settings(), rebuild=args.rebuild, progress=progress)
    for path, reason in summary.skipped:
        sys.stderr.write(f"skipped {path}: {reason}\n")
    sys.stderr.write(f"indexed: {summary.line()}\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from coffeechat.kb.retrieval import retrieve

    collections = ("knowledge", "notes") if args.collection == "all" else (args.collection,)
    results = retrieve(args.query, k=args.k, collections=collections)
    data = {"results": [r.as_json() for r in results]}

    def text() -> str:
        if not results:
            return "no results"
        return "\n\n".join(f"{i}. [{r.score:.2f}] {r.source}\n   {r.text[:300].replace(chr(10), ' ')}" for i, r in enumerate(results, 1))

    emit(data, args.json, text)
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    from coffeechat.questions.drafting import generate_questions
    from coffeechat.questions.models import QuestionRequest
    from coffeechat.questions.render import questions_markdown

    bio = read_text_arg(args.bio, "bio", limit=limits.BIO_FILE_BYTES) if args.bio else ""
    request = QuestionRequest.from_user(
        role=args.role, industry=args.industry or "", company=args.company or "", bio=bio,
        goals=args.goal or [], background=args.background or "", n=args.n,
    )
    result = generate_questions(request)
    emit(result.model_dump(), args.json, lambda: questions_markdown(result))
    return 0


def cmd_critique(args: argparse.Namespace) -> int:
    from coffeechat.outreach.critique import critique
    from coffeechat.outreach.render import critique_text

    message = read_text_arg(args.file, "message", limit=limits.MESSAGE_FILE_BYTES)
    result = critique(message, args.channel, rewrite=not args.no_rewrite)
    emit(result.model_dump(), args.json, lambda: critique_text(result))
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from coffeechat.outreach import drafts, thank_you
    from coffeechat.outreach.render import draft_text

    if args.kind == "outreach":
        request = drafts.DraftRequest.from_user(
            channel=args.channel, name=args.name or "", role=args.role or "", company=args.company or "",
            their_work=read_text_arg(args.bio, "bio", limit=limits.BIO_FILE_BYTES) if args.bio else (args.their_work or ""),
            how_found=args.how_found or "", shared_connection=args.shared_connection or "",
            sender=args.me or "", learn=args.learn or "", sender_name=args.my_name or "",
        )
        result = drafts.draft_outreach(request)
    else:
        notes = read_text_arg(args.notes, "notes", limit=limits.NOTE_FILE_BYTES) if args.notes else ""
        result = thank_you.draft_thank_you(
            thank_you.ThankYouRequest.from_user(
                name=args.name or "", notes=notes, session=args.session or "", sender=args.my_name or args.me or "",
                next_step=args.next_step or "", channel=args.channel,
            )
        )
    emit(result.model_dump(), args.json, lambda: draft_text(result))
    return 0


def cmd_rehearse(args: argparse.Namespace) -> int:
    from coffeechat.rehearsal import render
    from coffeechat.rehearsal import session as interview

    goals = args.goal or []
    if args.script:
        turns = interview.parse_script(read_text_arg(args.script, "script", limit=limits.SCRIPT_FILE_BYTES))
        result = interview.run_script(turns, role=args.role, goals=goals, style=args.style, industry=args.industry or "", seniority=args.seniority or "")
        emit(result, args.json, lambda: render.transcript_text(result["persona"], result["turns"], result["report"]))
        return 0
    if args.json:
        raise InputError("--json needs --script FILE (an interactive rehearsal prints as you go)")
    return rehearse_in_terminal(args, goals)


@contextlib.contextmanager
def terminal_quiet():
    """While a reply is written, what the user types is not echoed into it; whole lines typed
    meanwhile are returned (in the yielded list) so nothing they wrote is lost."""
    typed: list[str] = []
    if not sys.stdin.isatty():
        yield typed
        return
    import select
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield typed
    finally:
        while select.select([sys.stdin], [], [], 0)[0]:
            line = sys.stdin.readline()
            if not line:
                break
            if line.strip():
                typed.append(line.strip())
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def rehearse_in_terminal(args: argparse.Namespace, goals: list[str]) -> int:
    """An interactive rehearsal: replies stream as they are written; /end or EOF ends it."""
    from coffeechat.rehearsal import render
    from coffeechat.rehearsal.session import Rehearsal

    rehearsal = Rehearsal.start(args.role, goals=goals, style=args.style, industry=args.industry or "", seniority=args.seniority or "")
    persona = rehearsal.state.persona
    print(f"You are talking with {render.persona_line(persona.model_dump())}.")
    if persona.grounding.get("message"):
        print(persona.grounding["message"])
    print("Type your questions. /note TEXT adds a note, /end finishes with your report.\n")
    import threading

    warming = threading.Thread(target=rehearsal.warm, daemon=True)
    warming.start()  # while they type the first question
    notes: list[str] = []
    pending: list[str] = []
    while True:
        try:
            if pending:  # typed while the last reply was being written: kept, shown now, answered
                text = pending.pop(0)
                print(f"you> {text}")
            else:
                text = input("you> ").strip()
        except EOFError:
            break
        if not text:
            continue
        if text == "/end":
            break
        if text.startswith("/note"):
            notes.append(text[5:].strip())
            rehearsal.save_notes("\n".join(notes))
            continue
        sys.stdout.write(f"{persona.first_name}> ")
        shown = ""
        with terminal_quiet() as typed_meanwhile:
            for partial in rehearsal.stream_reply(text):
                sys.stdout.write(partial[len(shown):])  # every yield extends what is shown
                shown = partial
                sys.stdout.flush()
        sys.stdout.write("\n\n")
        pending.extend(typed_meanwhile)
    warming.join(WARM_JOIN_S)  # a warm-up still in native code when the process exits can abort it
    report = rehearsal.end()
    print(render.report_text(report.model_dump()))
    print(f"\nSaved as {rehearsal.state.session_id}.")
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    from coffeechat.notes import save_note

    text = read_text_arg(args.file, "note", limit=limits.NOTE_FILE_BYTES)
    note = save_note(text, role=args.role or "", person=args.person or "")
    emit({"id": note.id, "created": note.created, "role": note.role, "person": note.person, "indexed": note.indexed}, args.json, note.saved_line)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from coffeechat.evaluation import run_suite

    report = run_suite(args.suite, limit=args.limit)
    emit(report.as_json(), args.json, report.table)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from coffeechat.doctor import run_checks

    checks = run_checks(get_settings())
    emit({"checks": [c.__dict__ for c in checks], "ok": all(c.ok for c in checks)}, args.json,
         lambda: "\n".join(f"{'OK  ' if c.ok else 'FAIL'} {c.name:9} {c.detail}" for c in checks))
    return 0 if all(c.ok for c in checks) else 3


# ---------------------------------------------------------------- parser


def positive_int(low: int, high: int, name: str):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{name} must be between {low} and {high}, got {number}")
        return number

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="coffeechat", description="Explore careers through informational interviews, offline.")
    parser.add_argument("--config", help="a TOML settings file (default ~/.config/coffeechat/config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    p = sub.add_parser("app", help="the browser app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=positive_int(1, 65535, "--port"), default=7860)
    p.add_argument("--auth", help="user:password, required to bind an address other than 127.0.0.1")
    p.add_argument("--insecure", action="store_true", help="bind another address without --auth (prints a warning)")
    p.set_defaults(handler=cmd_app)

    p = sub.add_parser("index", help="index knowledge/ and saved notes")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again from the files")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser("search", help="search the knowledge base and your notes")
    p.add_argument("query")
    p.add_argument("--k", type=positive_int(1, 50, "--k"), default=5)
    p.add_argument("--collection", choices=["knowledge", "notes", "all"], default="all")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("questions", help="questions for an informational interview with someone in a role")
    p.add_argument("--role", required=True)
    p.add_argument("--industry")
    p.add_argument("--company")
    p.add_argument("--bio", help="a file with the person's bio, profile, post or talk abstract ('-' for stdin)")
    p.add_argument("--goal", action="append", help="what you want to learn (repeat for several)")
    p.add_argument("--background", help="your own background, in a sentence or two")
    p.add_argument("--n", type=positive_int(1, limits.QUESTIONS, "--n"), default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_questions)

    p = sub.add_parser("critique", help="critique an outreach message")
    p.add_argument("file", nargs="?", default="-", help="the message file, or '-' for stdin")
    p.add_argument("--channel", required=True, choices=["linkedin-note", "linkedin-message", "email"])
    p.add_argument("--no-rewrite", action="store_true", help="flags and score only, no model call")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_critique)

    p = sub.add_parser("draft", help="draft an outreach or thank-you message")
    p.add_argument("kind", choices=["outreach", "thank-you"])
    p.add_argument("--channel", choices=["linkedin-note", "linkedin-message", "email"], default="email")
    p.add_argument("--name", help="the recipient's name")
    p.add_argument("--role", help="the recipient's role")
    p.add_argument("--company", help="the recipient's organisation")
    p.add_argument("--bio", help="a file with their bio or a post they wrote")
    p.add_argument("--their-work", help="something specific they made, wrote or said")
    p.add_argument("--how-found", help="how you found them")
    p.add_argument("--shared-connection", help="a person you both know")
    p.add_argument("--me", help="who you are, in a sentence")
    p.add_argument("--my-name", help="your name, for the sign-off")
    p.add_argument("--learn", help="what you want to learn from them")
    p.add_argument("--notes", help="thank-you: a file with your notes from the conversation ('-' for stdin)")
    p.add_argument("--session", help="thank-you: a saved rehearsal's id")
    p.add_argument("--next-step", help="thank-you: what you will do next")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_draft)

    p = sub.add_parser("rehearse", help="rehearse an informational interview with a simulated professional")
    p.add_argument("--role", required=True)
    p.add_argument("--industry")
    p.add_argument("--seniority")
    p.add_argument("--goal", action="append", help="what you want to learn (repeat for several)")
    p.add_argument("--style", choices=["warm", "busy", "reserved", "skeptical"], default="warm")
    p.add_argument("--script", help='a JSON file {"turns": ["...", ...]} to run without a terminal')
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rehearse)

    p = sub.add_parser("notes", help="keep notes from your conversations")
    notes_sub = p.add_subparsers(dest="notes_command", required=True, parser_class=OneLineParser)
    add = notes_sub.add_parser("add", help="add a note from a real conversation")
    add.add_argument("file", nargs="?", default="-")
    add.add_argument("--role")
    add.add_argument("--person")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_notes)

    p = sub.add_parser("eval", help="run an evaluation suite from evals/")
    p.add_argument("suite", nargs="?", default="smoke")
    p.add_argument("--limit", type=positive_int(1, 100_000, "--limit"), help="run only the first N cases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser("doctor", help="check the model, weights, embedder and store")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_doctor)
    return parser


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="%(message)s")
    for noisy in ("httpx", "chromadb", "openai", "gradio", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    _setup_logging(args.verbose)
    try:
        check_arg_text(args)
        set_settings(load_settings(args.config))
        return int(args.handler(args) or 0)
    except CoffeechatError as exc:
        sys.stderr.write(f"coffeechat: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("coffeechat: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise is one line, never a traceback
        message = _model_failure(exc)
        if message:
            sys.stderr.write(f"coffeechat: {message}\n")
            return UnavailableError.exit_code
        if os.environ.get("COFFEECHAT_DEBUG"):
            raise
        sys.stderr.write(f"coffeechat: unexpected error ({type(exc).__name__}); rerun with COFFEECHAT_DEBUG=1 to see where\n")
        return 1


def _model_failure(exc: BaseException) -> str | None:
    try:
        import openai
    except ImportError:
        return None
    if isinstance(exc, openai.OpenAIError):
        from coffeechat.llm import describe_failure

        return describe_failure(exc)
    return None


if __name__ == "__main__":
    sys.exit(main())
