"""Reading a user's file (or stdin) as text, with a size limit: the CLI's arguments and the
app's uploads go through the same checks."""

from __future__ import annotations

import sys
from pathlib import Path

from coffeechat import limits
from coffeechat.errors import InputError


def decode_text(data: bytes, what: str, name: str, limit: int) -> str:
    """bytes as UTF-8 text; InputError when over `limit` bytes, holding NUL, or not UTF-8."""
    if len(data) > limit:
        raise InputError(f"the {what} in {name} is too large (over {limit:,} bytes)")
    if b"\x00" in data:
        raise InputError(f"the {what} in {name} is not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"the {what} in {name} is not UTF-8 text") from None


def read_text_arg(source: str | None, what: str, limit: int = limits.FILE_BYTES) -> str:
    """Text from a file path, or from stdin for '-' or None. InputError when unreadable or not text."""
    try:
        if source in (None, "-"):
            if sys.stdin is None or sys.stdin.closed:
                raise InputError(f"no {what} given: pass a file or pipe text on stdin")
            data = sys.stdin.buffer.read(limit + 1)
            name = "stdin"
        else:
            path = Path(source)
            if not path.is_file():
                raise InputError(f"{what} file not found: {source}")
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
            name = source
    except OSError as exc:
        raise InputError(f"cannot read {what} {source}: {exc.strerror or exc}") from None
    return decode_text(data, what, name, limit)
