"""Where specs are found: a path as given, else a bundled spec by name (``alexnet``,
``alexnet.yaml``)."""

from __future__ import annotations

from pathlib import Path

from .errors import SpecError
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
    """(path, name to show in messages) for a file or a bundled spec; a `SpecError` saying what
    exists when neither is found."""
    given = Path(reference)
    if is_file(given):
        return given, reference
    stem = given.name
    for suffix in SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    bundled = bundled_dir() / f"{stem}.yaml"
    if given.parent == Path(".") and is_file(bundled):
        return bundled, bundled.name
    names = bundled_names()
    raise SpecError(f"no file '{reference}' here and no bundled spec named '{stem}'"
                    f"{closest(stem, names)}; bundled specs: {', '.join(names)}")
