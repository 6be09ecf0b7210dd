"""Writing a file safely: never through a symbolic link, never onto a file the command read,
never two outputs to one file, and never a half-written file in place of the old one.

`write_file` writes to a temporary file in the target's folder, flushes it to the disk
(``fsync``) and renames it into place (``os.replace``, atomic on one file system): a reader sees
the old file or the new one, a full disk leaves the old one, and two runs writing one file each
leave one whole file. ``-`` is standard output. `check_outputs` is called with all of a
command's output paths before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

from ..errors import OptionError
from ..render.escape import one_line
from .record import files_read

STDOUT = "-"
"""The file name that means standard output."""


def check_outputs(outputs: dict[str, str | None]) -> None:
    """Refuse, before anything is written, outputs (option → path; None: not given) that are
    links, files this command read, or the same file as another output (``-`` included)."""
    seen: dict[str, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        key = STDOUT if path == STDOUT else str(_target(path))
        if key in seen:
            where = "standard output" if key == STDOUT else f"the file {one_line(path)}"
            raise OptionError(f"{seen[key]} and {option} both write to {where}; give each its "
                              "own file")
        seen[key] = option
        if path != STDOUT:
            _check_target(path, option)


def write_file(data: str | bytes, path: str, option: str = "--output") -> None:
    """Write `data` (text as UTF-8) to `path` (``-``: standard output) as the module says; a
    file that cannot or may not be written is an `OptionError` naming `option`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    target = _check_target(path, option)
    try:
        _replace_atomically(target, payload)
    except OSError as error:
        raise OptionError(f"{option} {one_line(path)}: cannot write the file: "
                          f"{error.strerror or error}; choose a file in a folder that exists "
                          "and is writable") from None


def _target(path: str) -> Path:
    """Where `path` would be written: its folder's real path and its own name (not followed)."""
    given = Path(path)
    return Path(os.path.realpath(given.parent)) / given.name


def _check_target(path: str, option: str) -> Path:
    """The target of `path`, after refusing a link, a folder or device, and a file read."""
    target, path = _target(path), one_line(path)  # `path` from here on: for messages
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return target
    except (OSError, ValueError) as error:
        raise OptionError(f"{option} {path}: cannot write the file: "
                          f"{getattr(error, 'strerror', None) or error}") from None
    if stat.S_ISLNK(status.st_mode):
        raise OptionError(f"{option} {path} is a symbolic link; cnncalc does not write through "
                          "links (it could overwrite the file it points to) — remove the link "
                          "or choose another file")
    if not stat.S_ISREG(status.st_mode):
        raise OptionError(f"{option} {path} is not a regular file; write to a file (or '-' for "
                          "standard output where the option takes it)")
    read = files_read()
    if str(target) in read or (status.st_dev, status.st_ino) in read.values():
        raise OptionError(f"{option} {path} is a file this command read; writing there would "
                          "replace it — choose another file")
    return target


def _replace_atomically(target: Path, payload: bytes) -> None:
    """Write beside `target`, flush to the disk, rename over it; the old file's permissions
    are kept (a new file gets the usual ones: 0666 less the umask)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    import tempfile  # here: only writing a file needs it (it imports shutil, bz2, lzma…)

    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself made durable; not every file system allows this
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
