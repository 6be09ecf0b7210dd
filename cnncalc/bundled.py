"""Where specs are found: a path as given, else a bundled spec by name (``alexnet``,
``alexnet.yaml``)."""

from __future__ import annotations

import os
from pathlib import Path

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
    return sorted(path.stem for path in bundled_dir().glob("*.yaml"))


def is_file(path: Path) -> bool:
    """`Path.is_file`, except that a name the system cannot look up at all (too long, or with
    a NUL character) is simply no file, not an error."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find_spec(reference: str) -> tuple[Path, str]:
    """(path, name to show in messages) for a spec named on the command line: whatever has that
    name there (a file; anything else but a folder is refused when it is read), else a bundled
    spec; a `SpecError` saying what exists when neither is found. (A name written inside a
    file follows the stricter rule of `cnncalc.files.inputs.locate_named`.)"""
    given = Path(reference)
    if _names_something(given):
        return given, reference
    bundled = bundled_dir() / f"{stem(given.name)}.yaml"
    if given.parent == Path(".") and is_file(bundled):
        return bundled, bundled.name
    raise no_spec(reference)


def no_spec(reference: str) -> SpecError:
    """No file and no bundled spec of this name: the sentence that lists the bundled ones."""
    name, names = stem(Path(reference).name), bundled_names()
    return SpecError(f"no file '{one_line(reference)}' here and no bundled spec named "
                     f"'{one_line(name)}'{closest(name, names)}; bundled specs: "
                     f"{', '.join(names)}")


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
