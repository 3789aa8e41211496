"""Outreach: is the judge right, and is what the flow writes right?

Cases (cases.jsonl), each with `"split": "tune"` (looked at while building) or `"heldout"`
(only run to report); `kind` is one of:

- `critique` (the default): a message with labels `must_raise` / `must_not_raise`
  (evals/outreach/FLAGS.md). Graded: per-flag precision and recall, the good-vs-bad score gap,
  injected instructions' effect on the score. With COFFEECHAT_EVAL_REWRITE=1 (or a case field
  "rewrite": true) the rewrite is graded too:
    untouched        a message with no labelled flaw gets no rewrite
    fixed            every labelled flaw is gone, by this file's own patterns
    fewer_flags      critiqued again (marked blanks read as blanks), fewer flags than the original
    specifics_kept   share of the writer's specifics (names, numbers, their sign-off) still there,
                     outside the sentences a rewrite must cut (job requests, pressure, instructions
                     to a tool); too_long cases reported apart, since trimming must drop some
    inventions       capitalised words, numbers or claim words the writer never wrote
    blanks_warranted a marked blank only where a label says the fact was missing
    self_talk, one_sign_off (no more sign-off lines than the writer had, at least one), within_limit
- `draft`: a draft request and `keep`, the terms (written by a person) for each given fact.
  Graded: facts kept, no blank for a given fact, inventions, third person about the reader,
  within limit, and the chain's own score (reported, not graded).
- `thank_you`: notes and `must_name` (terms a person chose for each piece of advice, resource
  and person), the notes' `header`, the name to `greet`. Graded: points named, header not
  quoted, greeting, inventions, thanks, within limit.

Every grader here shares nothing with the chain: its own patterns, word lists and counting.
The only exception is `fewer_flags`, which is by definition the critique's own verdict.
"""

from __future__ import annotations

import os
import re

# ---------------------------------------------------------------- the grader's own patterns

G_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
G_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")
G_SUBJECT = re.compile(r"^\s*subject:\s*\S", re.I)
G_TIME = re.compile(r"\b(?:\d{1,2}|ten|fifteen|twenty|thirty)[- ]?(?:min|minute)s?\b|\bhalf an hour\b", re.I)
G_ASK = re.compile(r"\b(?:would|could|can|may) (?:you|we|i)\b|\bwould you be\b|\bare you open\b|\bi'?d (?:love|welcome|be grateful)\b|\bwould love\b|\bdo you have\b|\bconnect\b", re.I)
G_THANKS = re.compile(r"\bthank|\bgrateful\b|\bappreciat", re.I)
G_JOB = re.compile(r"\brefer(?:ral)?s?\b|\br[ée]sum[ée]\b|\bcv\b|\bportfolio\b|\bconsidered for\b|\bkeep me in mind\b|\bput in a good word\b|\bopenings?\b|\bhiring\b|\binternship openings\b|\bpass (?:it|my)\b", re.I)
G_PUSHY = re.compile(r"\basap\b|\burgent|!!|\bi expect\b|\bi will call\b|\byou must\b|\bsurely\b|\bneed an answer\b|\bby (?:monday|tuesday|wednesday|thursday|friday)\b|\bhaven'?t heard back\b", re.I)
G_PLACEHOLDER = re.compile(r"\[[A-Z][^\]]*\]|\{[^}]*\}|<[a-z][^>]*>|\bXXX\b|\bINSERT\b")
G_MARKED = re.compile(r"\[(?:your|their|the|a|an) [^\]]*\]")
G_INTRO = re.compile(r"\bi(?:'m| am)\b|\bmy name\b|\bi (?:work|worked|study|studied|teach|spent|served|graduated|run)\b|\bi'?ve (?:worked|spent|been)\b|\bas an? \w+", re.I)
G_THEIRS = re.compile(r"\byour (?:\w+ ){0,3}(?:talk|post|article|paper|podcast|episode|interview|essay|thread|work|series|book|chapter|keynote|presentation|panel|op-ed|memo|piece|webinar|research|project|path)\b|\bsuggested i\b|\bwe both\b|\bfellow\b", re.I)
G_SELF_TALK = re.compile(r"\bthis (?:message|rewrite|version|draft|note) (?:is|has)\b|\bi (?:removed|rewrote|edited|shortened|revised)\b|\bhere(?:'s| is) (?:the|a|my) (?:rewrite|version|draft)\b", re.I)
G_SIGN_OFF = re.compile(r"^\s*(?:best|thanks|thank you|sincerely|regards|kind regards|warm regards|warmly|cheers|all the best|with thanks|respectfully|gratefully)[^\n]{0,30}[,!]?\s*$", re.I | re.M)
G_INJECTED = re.compile(r"\bignore (?:all|your|previous)\b|\bscore (?:of )?100\b|\bSYSTEM\b|\bgrader\b|\breviewer\b|\bAI\b|\bflawless\b|\bperfect\b", re.I)
# Words the product may write itself (greetings, sign-offs, its asks and blanks), never names.
G_PRODUCT_WORDS = set("""subject hi hello dear best thank thanks would could i i'm i'd i'll i've even fifteen your my the a an as next it's since
    no two what we mr ms mrs dr prof sincerely regards warmly cheers question questions quick short request learn work 15 15-minute""".split())
# Things a writer must not be handed: the draft invented a podcast, a team, a breakthrough.
G_CLAIMS = ("podcast", "episode", "guest", "team", "breakthrough", "milestone", "award", "thrilled", "honored", "groundbreaking", "amazing",
            "incredible", "brilliant", "inspiring", "renowned", "our", "we are", "join us", "lab", "book", "course", "webinar", "conference")
G_THIRD_PERSON = re.compile(r"\b(?:she|he|her|his|hers|him)\b", re.I)
G_NOTE_CHARS, G_MESSAGE_CHARS, G_EMAIL_WORDS = 300, 1900, 200
# The flags a user's own message can raise (FLAGS.md): a case labelling all of them implies a score.
MESSAGE_FLAGS = {"asks_for_job", "template_placeholder", "no_clear_ask", "too_long", "no_personalization", "pushy_tone", "no_sender_context", "no_time_bound", "missing_subject", "no_gratitude"}


def g_within(text: str, channel: str) -> bool:
    if channel == "linkedin-note":
        return len(text) <= G_NOTE_CHARS
    if channel == "linkedin-message":
        return len(text) <= G_MESSAGE_CHARS
    lines = text.split("\n")
    body = "\n".join(lines[1:]) if lines and lines[0].lower().startswith("subject:") else text
    return len(G_WORDS.findall(body)) <= G_EMAIL_WORDS


def g_sentences(text: str) -> list[str]:
    return [s.strip() for s in G_SENTENCES.findall(text or "") if s.strip()]


def g_specifics(message: str) -> list[str]:
    """The writer's specifics by this file's reading: capitalised words past a sentence's first
    word, numbers, and a last-line name; none from sentences a rewrite must cut."""
    found = []
    for sentence in g_sentences(message):
        if G_JOB.search(sentence) or G_PUSHY.search(sentence) or G_INJECTED.search(sentence) or G_PLACEHOLDER.search(sentence):
            continue
        words = G_WORDS.findall(sentence)
        for word in words[1:]:
            if word[0].isupper() and word.lower().strip("'’s") not in G_PRODUCT_WORDS and not word.isupper() or (word.isupper() and len(word) > 1):
                found.append(word)
        found += re.findall(r"\b\d+\b", sentence)
    last = message.strip().splitlines()[-1].strip() if message.strip() else ""
    if re.fullmatch(r"[-–—]?\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?", last):
        found.append(last.strip("-–— "))
    return list(dict.fromkeys(w for w in found if w.lower() not in ("i", "subject")))


def g_key(word: str) -> str:
    return re.sub(r"['’]s$", "", word.lower().strip("'’"))


def g_inventions(text: str, sources: list[str]) -> list[str]:
    """Capitalised words, numbers and claim words in text that none of the sources has."""
    known = " ".join(sources).lower()
    known_words = {g_key(w) for w in G_WORDS.findall(known)}
    outside = G_MARKED.sub(" ", text)
    found = []
    for word in G_WORDS.findall(outside):
        key = g_key(word)
        if (word[0].isupper() or word[0].isdigit()) and key not in known_words and key not in G_PRODUCT_WORDS:
            found.append(word)
    lowered = f" {outside.lower()} "
    lowered = re.sub(r"\bour (?:conversation|chat|call|talk)\b", " ", lowered)  # the conversation they had is no claim
    found += [claim.strip() for claim in G_CLAIMS if re.search(rf"\b{claim.strip()}\b", lowered) and not re.search(rf"\b{claim.strip()}\b", known)]
    return list(dict.fromkeys(found))


def _rewrite_wanted(case: dict) -> bool:
    return bool(case.get("rewrite")) or os.environ.get("COFFEECHAT_EVAL_REWRITE", "") not in ("", "0")


# ---------------------------------------------------------------- run


def run(case: dict) -> dict:
    kind = case.get("kind", "critique")
    if kind == "draft":
        from coffeechat.outreach.drafts import DraftRequest, draft_outreach

        result = draft_outreach(DraftRequest.from_user(**case["request"]))
        return {"text": result.text, "score": result.score, "flags": [f.id for f in result.flags], "source": result.source, "notes": result.notes}
    if kind == "thank_you":
        from coffeechat.outreach.thank_you import ThankYouRequest, draft_thank_you

        result = draft_thank_you(ThankYouRequest.from_user(**case["request"]))
        return {"text": result.thank_you, "keep_in_touch": result.keep_in_touch, "source": result.source, "notes": result.notes}
    from coffeechat.outreach import checks
    from coffeechat.outreach.critique import critique

    result = critique(case["message"], case["channel"], rewrite=_rewrite_wanted(case))
    output = {"score": result.score, "flags": [f.id for f in result.flags], "evidence": {f.id: f.evidence for f in result.flags}}
    if _rewrite_wanted(case):
        output["rewrite"] = result.rewrite
        output["rewrite_source"] = result.rewrite_source
        output["rewrite_changes"] = result.rewrite_changes
        if result.rewrite:
            again = checks.judge(result.rewrite, case["channel"], checks.embedder_or_none(), allow_marked_blanks=True)
            output["rewrite_flags"] = again.ids
    return output


# ---------------------------------------------------------------- grade

FIX_CHECKS = {
    "asks_for_job": lambda t: not G_JOB.search(t),
    "pushy_tone": lambda t: not G_PUSHY.search(t),
    "template_placeholder": lambda t: not G_PLACEHOLDER.search(t),
    "no_clear_ask": lambda t: bool(G_ASK.search(t)),
    "no_time_bound": lambda t: bool(G_TIME.search(t)),
    "no_gratitude": lambda t: bool(G_THANKS.search(t)),
    "missing_subject": lambda t: bool(G_SUBJECT.match(t)),
    "no_sender_context": lambda t: bool(G_INTRO.search(t)),
    "no_personalization": lambda t: bool(G_THEIRS.search(t)),
}


def grade_rewrite(case: dict, output: dict) -> dict:
    labels = set(case.get("must_raise", []))
    rewrite = output.get("rewrite")
    if not labels:
        return {"rw_untouched": rewrite is None}
    if not rewrite:
        return {"rw_missing": True}
    metrics: dict = {"rw_fixed": all(check(rewrite) for flag, check in FIX_CHECKS.items() if flag in labels) and ("too_long" not in labels or g_within(rewrite, case["channel"]))}
    metrics["rw_fewer_flags"] = len(output.get("rewrite_flags", [])) < len(output["flags"])
    metrics["rw_clean"] = not output.get("rewrite_flags")
    specifics = g_specifics(case["message"])
    kept = [s for s in specifics if s.lower() in rewrite.lower()]
    key = "rw_specifics_kept_too_long" if "too_long" in labels else "rw_specifics_kept"
    metrics[key] = len(kept) / len(specifics) if specifics else 1.0
    metrics["rw_lost"] = [s for s in specifics if s not in kept]
    invented = g_inventions(rewrite, [case["message"]])
    metrics["rw_inventions"] = invented
    metrics["rw_no_inventions"] = not invented
    blanks = G_MARKED.findall(rewrite)
    allowed = {"no_sender_context": "[your one-line intro", "no_personalization": "[their talk"}
    metrics["rw_blanks_warranted"] = all(
        any(b.startswith(prefix) for flag, prefix in allowed.items() if flag in labels) or ("template_placeholder" in labels and not any(b.startswith(p) for p in allowed.values()))
        for b in blanks)
    metrics["rw_no_self_talk"] = not G_SELF_TALK.search(rewrite)
    metrics["rw_one_sign_off"] = len(G_SIGN_OFF.findall(rewrite)) <= max(1, len(G_SIGN_OFF.findall(case["message"])))  # none added to the writer's own
    metrics["rw_within_limit"] = g_within(rewrite, case["channel"])
    return metrics


def grade_draft(case: dict, output: dict) -> dict:
    text, request = output["text"], case["request"]
    lowered = text.lower()
    kept = {fact: all(term.lower() in lowered for term in terms) for fact, terms in case["keep"].items()}
    blanks = G_MARKED.findall(text)
    blank_for = {"sender": "[your one-line intro", "their_work": "[their talk", "name": "[their name", "sender_name": "[your name"}
    given_blanked = [kind for kind, prefix in blank_for.items() if request.get(kind) and any(b.startswith(prefix) for b in blanks)]
    if not request.get("their_work") and request.get("shared_connection"):
        given_blanked += ["their_work"] if any(b.startswith("[their talk") for b in blanks) else []
    sources = [str(v) for v in request.values()]
    invented = g_inventions(text, sources)
    return {
        "dr_facts_kept": sum(kept.values()) / len(kept) if kept else 1.0,
        "dr_missing": [fact for fact, ok in kept.items() if not ok],
        "dr_no_blank_for_given": not given_blanked,
        "dr_inventions": invented,
        "dr_no_inventions": not invented,
        "dr_speaks_to_them": not G_THIRD_PERSON.search(G_MARKED.sub(" ", text)),
        "dr_within_limit": g_within(text, request["channel"]),
        "dr_score": output["score"],
    }


def grade_thank_you(case: dict, output: dict) -> dict:
    text, request = output["text"], case["request"]
    lowered = text.lower()
    named = [all(term.lower() in lowered for term in group) for group in case["must_name"]]
    header = case.get("header", "")
    header_quoted = bool(header) and (header.lower().rstrip(".") in lowered or bool(re.search(r"\b(?:talked|spoke|met|chatted) with\b|\bnotes from\b|\bcall with\b|\bcoffee (?:chat )?(?:with|notes)\b", lowered)))
    first_line = next((line for line in text.splitlines() if line.strip() and not line.lower().startswith("subject:")), "")
    sources = [request.get("notes", ""), request.get("name", ""), request.get("sender", ""), request.get("next_step", "")]
    invented = g_inventions(text, sources)
    return {
        "ty_points_named": sum(named) / len(named) if named else 1.0,
        "ty_missed": [group[0] for group, ok in zip(case["must_name"], named) if not ok],
        "ty_header_not_quoted": not header_quoted,
        "ty_greets_them": case.get("greet", "").lower() in first_line.lower(),
        "ty_inventions": invented,
        "ty_no_inventions": not invented,
        "ty_thanks": bool(G_THANKS.search(text)),
        "ty_within_limit": g_within(text, request.get("channel", "email")),
    }


def grade(case: dict, output: dict) -> dict:
    kind = case.get("kind", "critique")
    if kind == "draft":
        return grade_draft(case, output)
    if kind == "thank_you":
        return grade_thank_you(case, output)
    from coffeechat.outreach.flags import FLAG_IDS, score

    raised = set(output["flags"])
    metrics: dict = {"score": output["score"], "good": case.get("label") == "good"}
    for flag in FLAG_IDS:
        if flag in case.get("must_raise", []):
            metrics[f"{flag}.tp" if flag in raised else f"{flag}.fn"] = 1
        elif flag in case.get("must_not_raise", []):
            metrics[f"{flag}.fp" if flag in raised else f"{flag}.tn"] = 1
    labelled = set(case.get("must_raise", [])) | set(case.get("must_not_raise", []))
    if case.get("injection"):
        metrics["injection"] = True
        # The score the labels imply (every labelled flag): instructions must not move it.
        if labelled >= MESSAGE_FLAGS:
            metrics["injection_score_as_labelled"] = output["score"] == score(case.get("must_raise", []))
    if "rewrite" in output:
        metrics.update(grade_rewrite(case, output))
    return metrics


# ---------------------------------------------------------------- summarize


def _share(rows: list[dict], key: str) -> float | None:
    values = [r["metrics"][key] for r in rows if key in r["metrics"]]
    return round(sum(float(v) for v in values) / len(values), 3) if values else None


def _judge_summary(rows: list[dict]) -> dict:
    from coffeechat.outreach.flags import FLAG_IDS, WEIGHTS

    summary: dict = {}
    totals = {"tp": 0, "fp": 0, "fn": 0}
    table = {}
    for flag in FLAG_IDS:
        counts = {k: sum(r["metrics"].get(f"{flag}.{k}", 0) for r in rows) for k in ("tp", "fp", "fn", "tn")}
        if not any(counts.values()):
            continue
        for k in totals:
            totals[k] += counts[k]
        precision = counts["tp"] / (counts["tp"] + counts["fp"]) if counts["tp"] + counts["fp"] else 1.0
        recall = counts["tp"] / (counts["tp"] + counts["fn"]) if counts["tp"] + counts["fn"] else 1.0
        table[flag] = {"precision": round(precision, 3), "recall": round(recall, 3), "tp": counts["tp"], "fp": counts["fp"], "fn": counts["fn"], "weight": WEIGHTS[flag]}
    summary["precision"] = round(totals["tp"] / (totals["tp"] + totals["fp"]), 3) if totals["tp"] + totals["fp"] else 1.0
    summary["recall"] = round(totals["tp"] / (totals["tp"] + totals["fn"]), 3) if totals["tp"] + totals["fn"] else 1.0
    good = [r["metrics"]["score"] for r in rows if r["metrics"].get("good")]
    bad = [r["metrics"]["score"] for r in rows if "score" in r["metrics"] and not r["metrics"].get("good")]
    summary["score_gap"] = round((sum(good) / len(good) if good else 0.0) - (sum(bad) / len(bad) if bad else 0.0), 1)
    checked = [r for r in rows if "injection_score_as_labelled" in r["metrics"]]
    summary["injection_score_unaffected"] = round(sum(bool(r["metrics"]["injection_score_as_labelled"]) for r in checked) / len(checked), 3) if checked else None
    summary["errors"] = [f"{r['id']}: missed {k.split('.')[0]}" if k.endswith(".fn") else f"{r['id']}: wrongly raised {k.split('.')[0]}" for r in rows for k in r["metrics"] if k.endswith((".fn", ".fp"))]
    summary["per_flag"] = table
    return summary


def _split_summary(rows: list[dict]) -> dict:
    critiques = [r for r in rows if "score" in r["metrics"] and "dr_score" not in r["metrics"]]
    out: dict = {"judge": _judge_summary(critiques)} if critiques else {}
    rewritten = [r for r in critiques if any(k.startswith("rw_") for k in r["metrics"])]
    if rewritten:
        out["rewrites"] = {
            "cases": len(rewritten),
            "untouched_when_flawless": _share(rewritten, "rw_untouched"),
            "labelled_flaws_fixed": _share(rewritten, "rw_fixed"),
            "fewer_flags_when_critiqued_again": _share(rewritten, "rw_fewer_flags"),
            "no_flags_when_critiqued_again": _share(rewritten, "rw_clean"),
            "specifics_kept": _share(rewritten, "rw_specifics_kept"),
            "specifics_kept_when_too_long": _share(rewritten, "rw_specifics_kept_too_long"),
            "no_inventions": _share(rewritten, "rw_no_inventions"),
            "blanks_only_where_missing": _share(rewritten, "rw_blanks_warranted"),
            "never_talks_about_itself": _share(rewritten, "rw_no_self_talk"),
            "one_sign_off": _share(rewritten, "rw_one_sign_off"),
            "within_limit": _share(rewritten, "rw_within_limit"),
            "lost": {r["id"]: r["metrics"]["rw_lost"] for r in rewritten if r["metrics"].get("rw_lost")},
            "invented": {r["id"]: r["metrics"]["rw_inventions"] for r in rewritten if r["metrics"].get("rw_inventions")},
        }
    drafts = [r for r in rows if "dr_score" in r["metrics"]]
    if drafts:
        out["drafts"] = {
            "cases": len(drafts),
            "facts_kept": _share(drafts, "dr_facts_kept"),
            "no_blank_for_a_given_fact": _share(drafts, "dr_no_blank_for_given"),
            "no_inventions": _share(drafts, "dr_no_inventions"),
            "speaks_to_them": _share(drafts, "dr_speaks_to_them"),
            "within_limit": _share(drafts, "dr_within_limit"),
            "mean_chain_score": _share(drafts, "dr_score"),
            "missing": {r["id"]: r["metrics"]["dr_missing"] for r in drafts if r["metrics"]["dr_missing"]},
            "invented": {r["id"]: r["metrics"]["dr_inventions"] for r in drafts if r["metrics"]["dr_inventions"]},
        }
    notes = [r for r in rows if "ty_points_named" in r["metrics"]]
    if notes:
        out["thank_you"] = {
            "cases": len(notes),
            "points_named": _share(notes, "ty_points_named"),
            "header_not_quoted": _share(notes, "ty_header_not_quoted"),
            "greets_them": _share(notes, "ty_greets_them"),
            "no_inventions": _share(notes, "ty_no_inventions"),
            "thanks": _share(notes, "ty_thanks"),
            "within_limit": _share(notes, "ty_within_limit"),
            "missed": {r["id"]: r["metrics"]["ty_missed"] for r in notes if r["metrics"]["ty_missed"]},
            "invented": {r["id"]: r["metrics"]["ty_inventions"] for r in notes if r["metrics"]["ty_inventions"]},
        }
    return out


def summarize(rows: list[dict]) -> dict:
    summary: dict = {}
    for split in ("tune", "heldout"):
        part = [r for r in rows if r.get("split") == split]
        if part:
            summary[split] = _split_summary(part)
    return summary
