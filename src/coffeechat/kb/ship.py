"""`make vectors`: the shipped vector file, regenerated and checked.

`knowledge/.vectors/<embedder>.npz` (kb/vectors.py) holds the vector of every knowledge chunk
and of every lookup text: what the role recognizer compares a name with (occupation title
labels and descriptions, everyday titles, profile names, industry pages and their shifts).
With it a first index embeds no page and a first role lookup embeds only the name asked.

`python -m coffeechat.kb.ship` brings the file up to date, embedding only texts it does not
hold yet; `--full` embeds every text again; `--check` compares every stored vector with a
fresh embedding and exits 1 when one is missing or differs.
"""

from __future__ import annotations

import argparse
import logging
import sys

from coffeechat.kb import general, occupations, roles
from coffeechat.kb.vectors import differences, load_vectors, regenerate, shipped_chunks, text_differences


def lookup_texts() -> list[str]:
    """Every text the role recognizer embeds for lookups, each once, in a stable order."""
    return list(dict.fromkeys(occupations.lookup_texts() + roles.lookup_texts() + general.lookup_texts()))


def main(argv: list[str] | None = None) -> int:
    from coffeechat.embeddings import default_embedder
    from coffeechat.progress import progress_bar

    parser = argparse.ArgumentParser(prog="python -m coffeechat.kb.ship", description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="embed every text again instead of keeping stored vectors")
    parser.add_argument("--check", action="store_true", help="compare every stored vector with a fresh embedding; exit 1 on a difference")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    embedder = default_embedder()
    if args.check:
        shipped = load_vectors(embedder)
        chunks, lookups = shipped_chunks(), lookup_texts()
        found = [(d.source, d.cosine) for d in differences(embedder, chunks, shipped)]
        found += [(f"lookup {text[:40]!r}", cosine) for text, cosine in text_differences(embedder, lookups, shipped)]
        for source, cosine in found[:20]:
            sys.stderr.write(f"{source}: {'no vector' if cosine is None else f'cosine {cosine:.6f}'}\n")
        sys.stderr.write(f"{len(chunks)} chunks and {len(lookups)} lookup texts checked, {len(found)} missing or different" + (": run `make vectors`\n" if found else "\n"))
        return 1 if found else 0
    with progress_bar("embedding", unit="text") as progress:
        result = regenerate(embedder, full=args.full, progress=progress, extra=lookup_texts())
    sys.stderr.write(result.line() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
