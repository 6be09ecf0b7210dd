"""Where specs are found: a path as given, else a bundled spec by name (``alexnet``,
``alexnet.yaml``) — a file of specs/, or a variant its family file declares (``resnet101`` in
specs/resnet.yaml's ``variants:``)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

from .errors import SpecError
from .render.escape import one_line
from .text import closest

SUFFIXES = (".yaml", ".yml")


def bundled_dir() -> Path:
    """The folder of bundled specs: the repository's ``specs/``, installed as cnncalc.specs
    (found beside the package when cnncalc runs from a source tree without being installed).
    The package's own ``__file__`` says where, without importlib.resources (slow to import)."""
    try:
        from . import specs
    except ImportError:  # "cannot import name": no cnncalc.specs in a bare source tree
        return Path(__file__).resolve().parent.parent / "specs"
    return Path(specs.__file__).parent


def bundled_names() -> list[str]:
    """Every name a bundled spec answers to: each file's stem and each variant it declares."""
    return sorted({*(path.stem for path in bundled_dir().glob("*.yaml")), *variant_index()})


def bundled_spec(name: str) -> "Found | None":
    """The bundled file (and variant) a bundled name stands for — ``resnet50``,
    ``resnet50.yaml``, a variant's name — or None; nothing outside specs/ is looked at."""
    if not is_bare_name(name):
        return None
    path = bundled_dir() / f"{stem(name)}.yaml"
    if is_file(path):
        return Found(path, path.name)
    return bundled_variant(name)


def is_bare_name(name: str) -> bool:
    """A name with no folder in it."""
    return "/" not in name and "\\" not in name and name not in ("", ".", "..")


class Found(NamedTuple):
    """Where a spec's name leads: the file, how messages name it, and the variant of the
    family it declares (None: the file as written)."""

    path: Path
    shown: str
    variant: str | None = None


_VARIANTS = re.compile(r"variants:[ \t]*(?:#.*)?")
_VARIANT = re.compile(r"  ([A-Za-z_][A-Za-z0-9_]*):")


@functools.lru_cache(maxsize=1)
def variant_index() -> dict[str, str]:
    """Each variant a bundled family spec declares → the stem of its file. Read from the lines
    of the bundled files (ours, written one variant per line at two spaces under a top-level
    ``variants:``), without parsing their YAML: a name is found in a few milliseconds.
    tests/test_spec_args.py checks the lines agree with the parsed files."""
    index: dict[str, str] = {}
    for path in sorted(bundled_dir().glob("*.yaml")):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if _VARIANTS.fullmatch(line):
                inside = True
            elif inside and line[:1] not in ("", " ", "#"):
                break   # the next top-level key
            elif inside and (match := _VARIANT.match(line)):
                index.setdefault(match.group(1), path.stem)
    return index


def bundled_variant(name: str) -> Found | None:
    """The family file and variant a bare bundled name stands for, if any."""
    family = variant_index().get(stem(name))
    if family is None:
        return None
    path = bundled_dir() / f"{family}.yaml"
    return Found(path, path.name, stem(name))


def is_file(path: Path) -> bool:
    """`Path.is_file`, except that a name the system cannot look up at all (too long, or with
    a NUL character) is simply no file, not an error."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find_spec(reference: str) -> Found:
    """Where a spec named on the command line is: whatever has that name there (a file;
    anything else but a folder is refused when it is read), else a bundled spec or variant; a
    `SpecError` saying what exists when neither is found. (A name written inside a file
    follows the stricter rule of `cnncalc.files.inputs.locate_named`.)"""
    given = Path(reference)
    if _names_something(given):
        return Found(given, reference)
    found = bundled_spec(given.name) if given.parent == Path(".") else None
    if found is None:
        raise no_spec(reference)
    return found


def no_spec(reference: str) -> SpecError:
    """No file and no bundled spec of this name: the sentence that says what was meant (a
    bundled name written with a folder), or the closest names and where all are listed."""
    name, names = stem(Path(reference).name), bundled_names()
    if name in names:   # specs/resnet152.yaml: a bundled name, but no file there
        family = variant_index().get(name)
        what = f"a variant of the bundled {family}.yaml" if family else "a bundled spec"
        return SpecError(f"no file '{one_line(reference)}' here; {name} is {what}: name it "
                         f"alone, without a folder (cnncalc summarize {name})")
    return SpecError(f"no file '{one_line(reference)}' here and no bundled spec named "
                     f"'{one_line(name)}'{closest(name, names)}; bundled specs: "
                     f"{', '.join(names)} ('cnncalc specs' lists them with their inputs)")


def stem(name: str) -> str:
    """A file name without its .yaml or .yml: the name of the bundled spec it would be.

    >>> stem("lenet5.yaml"), stem("lenet5.yml"), stem("lenet5")
    ('lenet5', 'lenet5', 'lenet5')
    """
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _names_something(path: Path) -> bool:
    """Whether `path` names anything but a folder (a folder of that name leaves the bundled
    spec reachable)."""
    try:
        return os.path.lexists(path) and not path.is_dir()
    except (OSError, ValueError):
        return False
