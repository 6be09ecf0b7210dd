"""Which files cnncalc may read, and how it reads them: bounded, without blocking, as UTF-8.

**The path rule.** A file the user names on the command line is read as given (a file there
wins, else a bundled spec of that name: `cnncalc.bundled.find_spec`). A path written *inside* a
file — an answers or questions file's ``network:``/``networks:``, a spec's ``include:`` — is
resolved by `locate_named`:

- a bare name (no ``/``; ``.yaml`` or ``.yml`` optional) that a bundled spec or block library
  has is always the bundled one; a local file of that name is written as a path
  (``./lenet5.yaml``);
- anything else is relative to the folder of the file that names it, never the working
  directory, and must lead (real paths: symbolic links followed) to a file in that folder or
  below it, in a folder of `InputPolicy.allow`, or among the bundled specs. Outside them it is
  refused with one sentence that is the same whether the target exists or not and whatever it
  is; nothing is opened.

**Reading** (`read_text`, for every file: specs, includes, answers, questions): the path is
looked up with ``stat`` and refused unless it is a regular file (directories, devices, FIFOs,
sockets), and refused under /proc and /sys; it is then opened with ``O_NONBLOCK`` (a FIFO
swapped in meanwhile cannot hang the open), checked again with ``fstat``, and read up to
`MAX_FILE_BYTES` + 1 bytes whatever its size claims. The bytes must be UTF-8 (a UTF-8 byte order
mark is dropped); UTF-16, UTF-32 and binary files are refused with a sentence.

**Sealed mode** (for grading)::

    policy = InputPolicy(root=Path("submissions/ada"))
    homework = load_homework("submissions/ada/answers.yaml", policy=policy)

With a `root`, every file read — the named file itself, the specs it names and what they
include — must be a regular file whose real path is inside `root` (a link leading out of it is
refused), inside a folder of `allow`, or a bundled spec. ``InputPolicy(allow=(dir, …))`` without
a root only widens the trees names inside files may reach (``--allow-path DIR``).

**One load, one `Reading`.** `reading(policy)` opens the reading of one load (a spec, a homework
with its networks): its policy, the documents parsed so far by real path (an included file is
read and parsed once however often it is included), and the count of include entries followed
for the spec being read (at most `MAX_INCLUDE_ENTRIES`). Loads started inside it join it. It
lives for the ``with`` block only: there is no module-level cache to clear.

**The record of what was read** (`cnncalc.files.record`). Inside `recording()` (the CLI opens
one per command), the real path and identity of every file read is kept, so that
`cnncalc.files.outputs` can refuse to write onto a file the command read.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..bundled import bundled_dir, is_bare_name as is_bare, stem
from ..errors import SpecError
from ..render.escape import one_line
from .record import note_read

MAX_FILE_BYTES = 16_000_000
"""A file cnncalc reads is at most 16 MB (100,000 layers written out take about 4 MB)."""
MAX_INCLUDE_ENTRIES = 1_000
"""At most this many ``include:`` entries are followed for one spec, over all the files it
includes (each file is read once however often it is listed; a bundled spec uses one)."""
SYSTEM_TREES = ("/proc", "/sys")
"""Folders of the system's state, whose files claim sizes they do not have: never read, whatever
the policy. (Devices, in /dev or elsewhere, are refused for not being regular files.)"""
_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class InputPolicy:
    """Which files a load may read beyond the default rule (see the module docstring).

    `root`: the sealed folder — every file read must be inside it (real paths), in `allow`, or
    bundled. `allow`: more folders in which names inside files may lead, and (sealed) in which
    files may be read."""

    root: Path | None = None
    allow: tuple[Path, ...] = ()

    def __post_init__(self):
        if self.root is not None:
            object.__setattr__(self, "root", Path(os.path.realpath(self.root)))
        object.__setattr__(self, "allow", tuple(Path(os.path.realpath(p)) for p in self.allow))


DEFAULT_POLICY = InputPolicy()


@dataclass
class Reading:
    """The reading of one load: its policy, what it parsed (by real path), what it followed."""

    policy: InputPolicy = DEFAULT_POLICY
    documents: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(what the file was read as, its real path) → what the loader made of it (for
    ``include``: the blocks of the file and of those it includes)."""
    include_entries: int = 0
    """Include entries followed for the spec being read (`MAX_INCLUDE_ENTRIES`)."""

    def count_include(self, where) -> None:
        """One more include entry followed; a `SpecError` past `MAX_INCLUDE_ENTRIES`."""
        self.include_entries += 1
        if self.include_entries > MAX_INCLUDE_ENTRIES:
            raise SpecError(f"more than {MAX_INCLUDE_ENTRIES:,} include entries in one spec "
                            "and the files it includes; include each file once", where)


_current: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("reading", default=None)


@contextlib.contextmanager
def reading(policy: InputPolicy | None = None) -> Iterator[Reading]:
    """The `Reading` of the load under way — joined when `policy` is None or the same — else a
    new one for `policy` (the default rule when None), for the ``with`` block."""
    current = _current.get()
    if current is not None and (policy is None or policy == current.policy):
        yield current
        return
    token = _current.set(Reading(policy or DEFAULT_POLICY))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


# --- where a name leads ---------------------------------------------------------------------

def real(path: str | Path) -> Path:
    """The real path (links followed as far as they lead; a name the system cannot look up at
    all, with a NUL character, is kept as written)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(str(path).replace("\0", "?")))


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents




def locate_named(entry: str, folder: Path, naming_file: str, what: str, hint: str,
                 bundled: Path | None, where=None) -> Path:
    """The file a name written inside `naming_file` (whose folder is `folder`) stands for: the
    bundled file `bundled`/<stem>.yaml for a bare bundled name (None: nothing is bundled), else
    the real path of `folder`/`entry` — which may not exist — when it lies in an allowed tree;
    a `SpecError` (at `where`) naming `what` and ending in `hint` otherwise."""
    if bundled is not None and is_bare(entry):
        candidate = bundled / f"{stem(entry)}.yaml"
        if exists(candidate):
            return real(candidate)
    policy = current_policy()
    target = real(folder / entry)
    trees = (real(folder), *policy.allow, real(bundled_dir()))
    if not any(inside(target, tree) for tree in trees):
        wider = "" if policy.root is not None else " (--allow-path DIR allows another folder)"
        raise SpecError(f"{what}: '{one_line(entry)}' is outside the folder of "
                        f"{one_line(naming_file)}; {hint}{wider}", where)
    if policy.root is not None and not _sealed_allows(target, policy):
        raise SpecError(f"{what}: '{one_line(entry)}' is outside the folder "
                        f"{one_line(str(policy.root))} that may be read; {hint}", where)
    return target


def current_policy() -> InputPolicy:
    current = _current.get()
    return current.policy if current is not None else DEFAULT_POLICY


def _sealed_allows(target: Path, policy: InputPolicy) -> bool:
    trees = (policy.root, *policy.allow, real(bundled_dir()))
    return any(inside(target, tree) for tree in trees)


def exists(path: Path) -> bool:
    """Whether anything (a file, a folder, a device, a dangling link) has this name."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


# --- reading ----------------------------------------------------------------------------------

def read_text(path: str | Path, role: str, shown: str | None = None) -> str:
    """The text of `path` — `role` says what it is in messages ("the spec", "the answers file",
    "the included file"), `shown` how it is named — read as the module docstring says, under
    the current `Reading`'s policy."""
    shown = one_line(str(path) if shown is None else shown)  # for messages only
    return decode(read_bytes(path, role, shown), role, shown)


def read_bytes(path: str | Path, role: str, shown: str | None = None) -> bytes:
    """The bytes of `path`, read as `read_text` reads it (a binary file: a .keras archive)."""
    shown = one_line(str(path) if shown is None else shown)
    policy = current_policy()
    target = real(path)
    if policy.root is not None and not _sealed_allows(target, policy):
        raise SpecError(f"{role} {shown} is outside the folder {one_line(str(policy.root))} "
                        "that may be read "
                        "(a link leading out of it counts as outside); only files in it and "
                        "the bundled specs are read")
    if any(inside(target, Path(tree)) for tree in SYSTEM_TREES):
        raise SpecError(f"{role} {shown} is in {_system_tree(target)}, which holds the "
                        "system's state, not files to read; name a YAML file")
    return _read_bytes(str(target), role, shown)


def _system_tree(path: Path) -> str:
    return next(tree for tree in SYSTEM_TREES if inside(path, Path(tree)))


def _read_bytes(target: str, role: str, shown: str) -> bytes:
    try:
        status = os.stat(target)
        _check_regular(status, role, shown)
        _check_size(status.st_size, role, shown)
        # the real path: a link put in its place since is not followed (O_NOFOLLOW)
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
                             | os.O_NOFOLLOW)
    except (FileNotFoundError, NotADirectoryError):
        raise SpecError(f"cannot read {role} {shown}: there is no such file") from None
    except OSError as error:
        raise SpecError(f"cannot read {role} {shown}: {error.strerror or error}") from None
    except ValueError:  # a NUL character in the name
        raise SpecError(f"cannot read {role} {shown}: there is no such file") from None
    try:
        status = os.fstat(descriptor)
        _check_regular(status, role, shown)  # what was opened, should the name have changed
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, min(_CHUNK, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise SpecError(f"cannot read {role} {shown}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if total > MAX_FILE_BYTES:
        _check_size(total, role, shown, read_past=True)
    note_read(target, status.st_dev, status.st_ino)
    return b"".join(chunks)


def _check_regular(status: os.stat_result, role: str, shown: str) -> None:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (a pipe)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    raise SpecError(f"cannot read {role} {shown}: it is {kind}, not a regular file; name a "
                    "YAML file")


def _check_size(size: int, role: str, shown: str, read_past: bool = False) -> None:
    """`size`: the bytes the file's status claims, or those read past the limit."""
    if size > MAX_FILE_BYTES:
        told = f"more than {MAX_FILE_BYTES:,}" if read_past else f"{size:,}"
        raise SpecError(f"{role} {shown} is {told} bytes; a spec is at most {MAX_FILE_BYTES:,} "
                        "bytes (100,000 layers take about 4 MB) — is it the right file?")


def decode(data: bytes, role: str, shown: str) -> str:
    """`data` as UTF-8 text (a byte order mark dropped); a `SpecError` saying what the bytes
    look like otherwise. NUL bytes are refused too: YAML allows none, and UTF-16 text of plain
    letters is otherwise valid UTF-8."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    looks = _looks_like(data)
    if looks is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            detail = (f"byte {error.start + 1:,} (line {line}) is not part of a UTF-8 "
                      "character")
    else:
        detail = f"it looks like {looks}"
    raise SpecError(f"{role} {shown} is not UTF-8 text ({detail}); save it as UTF-8")


def _looks_like(data: bytes) -> str | None:
    """UTF-32, UTF-16 or binary when the bytes say so (a byte order mark, NUL bytes)."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    if b"\0" not in data:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if (odd * 2 >= len(sample) * 0.4 and even == 0) or (even * 2 >= len(sample) * 0.4
                                                        and odd == 0):
        return "UTF-16"
    return "binary data, not text"
