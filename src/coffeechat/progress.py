"""A progress bar on stderr for long jobs (indexing, regenerating vectors): stdout stays
for results, so `--json` output is never mixed with it."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def progress_bar(desc: str, unit: str = "chunk") -> Iterator[Callable[[int, int], None]]:
    """Yields `progress(done, total)`; the bar appears on the first call and closes at exit."""
    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr)
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()
