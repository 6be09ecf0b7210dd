"""The record of the files one command read, so that no output of it is written over one.

Its own small module (it imports only `contextvars`): the CLI opens a record around every
command, and ``cnncalc --help`` should not pay for the reading rules to do so."""

from __future__ import annotations

import contextlib
import contextvars
from typing import Iterator

_record: contextvars.ContextVar[dict | None] = contextvars.ContextVar("record", default=None)


@contextlib.contextmanager
def recording() -> Iterator[dict]:
    """Keep, for the ``with`` block, every file read: real path → (device, inode)."""
    token = _record.set({})
    try:
        yield _record.get()
    finally:
        _record.reset(token)


def note_read(path: str, device: int, inode: int) -> None:
    """`path` was read (kept only inside `recording()`)."""
    record = _record.get()
    if record is not None:
        record[path] = (device, inode)


def files_read() -> dict[str, tuple[int, int]]:
    """The files read so far inside `recording()` (empty outside it)."""
    return dict(_record.get() or {})
