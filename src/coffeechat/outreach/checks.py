"""The outreach judge, all in code: every flag in evals/outreach/FLAGS.md decided by the
functions in outreach.flags, with similarity to curated labelled sentences (here) for the
three flags that need reading. No model is called here.

`judge(message, channel, embedder=None) -> Judgement` is the whole contract: the flags (id,
evidence, suggestion, spans into the message), the strengths, and for the three reading flags
how they were decided ("pattern", "similarity" or "similarity-uncertain"), so a second
opinion knows where it may weigh in.

Order for the reading flags: patterns first (a match decides), similarity second (each
sentence's nearest curated examples, positive class against negative class, with a margin).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from coffeechat.outreach.channels import CHAR_LIMITS, check_input, limit_text
from coffeechat.outreach.facts import Given
from coffeechat.outreach.flags import CODE_FLAGS, FLAG_IDS, READING, Found, Sentence, Similar, read_message, score

log = logging.getLogger(__name__)


@dataclass
class Judgement:
    channel: str
    chars: int
    words: int
    limit: int | None
    limit_text: str
    flags: list[Found]
    strengths: list[str]
    decisions: dict[str, str]  # reading flag -> pattern | similarity | similarity-uncertain
    injection: list[str]  # sentences addressed to a tool rather than the reader

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.flags]

    @property
    def score(self) -> int:
        return score(self.ids)


# ---------------------------------------------------------------- similarity


@dataclass(frozen=True)
class Curated:
    """Labelled sentences per reading concern: (positive, negative)."""

    personalization: tuple[tuple[str, ...], tuple[str, ...]]
    sender_context: tuple[tuple[str, ...], tuple[str, ...]]
    pushy: tuple[tuple[str, ...], tuple[str, ...]]


def curated_path() -> Path:
    return Path(__file__).resolve().parents[1] / "curated" / "outreach_examples.yaml"


@lru_cache(maxsize=1)
def load_curated(path: str | None = None) -> Curated:
    """The curated examples; an empty set (similarity off) when the file is missing."""
    file = Path(path) if path else curated_path()
    data: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else {}
    data = data or {}

    def pair(section: str, positive: str, negative: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        block = data.get(section) or {}
        return tuple(block.get(positive) or ()), tuple(block.get(negative) or ())

    return Curated(
        personalization=pair("personalization", "specific", "generic"),
        sender_context=pair("sender_context", "present", "absent"),
        pushy=pair("pushy", "pushy", "polite"),
    )


# (threshold on the positive class, margin over the negative class); the band above the
# margin where a stronger model's second opinion may decide. Set by leave-one-out over the
# curated examples themselves (no false positive there), not on the eval messages.
SIMILARITY_RULES = {
    "personalization": (0.30, 0.03, 0.03),
    "sender_context": (0.35, 0.06, 0.03),
    "pushy": (0.35, 0.06, 0.03),
}
TOP_K = 3  # a sentence's similarity to a class is its mean over the class's 3 nearest examples

_example_vectors: dict[tuple[int, str], Any] = {}


def _vectors(embedder: Callable, texts: Sequence[str], key: str):
    import numpy as np

    cache_key = (id(embedder), key)
    if cache_key not in _example_vectors:
        _example_vectors[cache_key] = np.asarray(embedder(list(texts)), dtype="float32") if texts else np.zeros((0, 1), dtype="float32")
    return _example_vectors[cache_key]


def nearest_class(concern: str, candidates: list[Sentence], embedder: Callable | None, curated: Curated, vectors: dict | None = None) -> Similar:
    """The sentence most like the concern's positive examples, and whether it clears the rule."""
    import numpy as np

    examples = getattr(curated, concern)
    if embedder is None or not candidates or not examples[0] or not examples[1]:
        return Similar(None, 0.0, 0.0, False, False)
    pos = _vectors(embedder, examples[0], f"{concern}+")
    # One against the rest: the negatives are this concern's own negative class plus every
    # other concern's sentences, so a neutral sentence is not mistaken for this one.
    others = [t for name in ("personalization", "sender_context", "pushy") if name != concern for t in (*getattr(curated, name)[0], *getattr(curated, name)[1])]
    neg = _vectors(embedder, (*examples[1], *others), f"{concern}-rest")
    texts = [c[2] for c in candidates]
    if vectors is not None and all(t in vectors for t in texts):
        mat = np.asarray([vectors[t] for t in texts], dtype="float32")
    else:
        mat = np.asarray(embedder(texts), dtype="float32")
        if vectors is not None:
            vectors.update(zip(texts, mat))
    k = min(TOP_K, len(pos), len(neg))
    pos_sim = np.sort(mat @ pos.T, axis=1)[:, -k:].mean(axis=1)
    neg_sim = np.sort(mat @ neg.T, axis=1)[:, -k:].mean(axis=1)
    threshold, margin, band = SIMILARITY_RULES[concern]
    best = int(np.argmax(pos_sim - neg_sim))
    p, n = float(pos_sim[best]), float(neg_sim[best])
    present = p >= threshold and p - n >= margin
    near = p >= threshold - band and p - n >= margin - band
    uncertain = near and not (p >= threshold + band and p - n >= margin + band)
    return Similar(candidates[best], p, n, present, uncertain)


def embedder_or_none() -> Callable | None:
    """The default embedder for similarity, or None (patterns only) when it cannot load."""
    from coffeechat.embeddings import default_embedder

    try:
        return default_embedder()
    except Exception as exc:  # similarity is a second signal: patterns still work without it
        log.warning("outreach: no embedder (%s); patterns only", exc)
        return None


# ---------------------------------------------------------------- the judge


def judge(message: str, channel: str, embedder: Callable | None = None, allow_marked_blanks: bool = False, given: Given | None = None) -> Judgement:
    """Every flag for `message` on `channel`, decided in code.

    embedder: a callable on a list of texts (the default embedder, a fake, or None to use
    patterns only). allow_marked_blanks: checking our own rewrite, where a lower-case marked
    blank like "[your school]" is a deliberate gap for the writer, not a leftover. given: the
    facts a draft or rewrite was written from; with them, `invented_claim` and
    `missing_given_fact` are judged too (outreach.facts).
    Raises InputError for bad input.
    """
    check_input(message, channel)
    parsed = read_message(message, channel, allow_marked_blanks, given)
    curated = load_curated()
    vector_cache: dict = {}

    def similar(concern: str, candidates: list[Sentence]) -> Similar:
        return nearest_class(concern, candidates, embedder, curated, vector_cache)

    flags: list[Found] = []
    strengths: list[str] = []
    decisions: dict[str, str] = {}
    verdicts = [check(parsed) for check in CODE_FLAGS]
    for flag_id, check in READING.items():
        verdict = check(parsed, similar)
        decisions[flag_id] = verdict.decided
        verdicts.append(verdict)
    for verdict in verdicts:
        flags += [verdict.found] if verdict.found else []
        strengths += verdict.strengths
    order = {f: i for i, f in enumerate(FLAG_IDS)}
    flags.sort(key=lambda f: order[f.id])
    limit = CHAR_LIMITS.get(channel)
    return Judgement(channel, len(message), parsed.words, limit, limit_text(channel), flags, strengths, decisions, [s[2] for s in parsed.injection])
