"""Question banks: a questions file may ``include:`` other question files.

    include: [banks/lenet.yaml, banks/alexnet.yaml]

Each entry is a path relative to the including file. An included bank holds ``questions:``
(and may hold ``networks:``, ``title``, ``notes`` and its own ``include:``); its questions come
after the including file's own, in the order listed, each bank's before the banks it includes,
and its networks join the file's (a network name defined twice is an error, as is a question id
used twice). Spec paths in a bank are relative to the bank. A file that includes itself, directly
or through others, is an error, and so are more than `MAX_BANKS` banks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, SpecError
from ..files.inputs import locate_named
from ..spec.source import MarkedDict, MarkedList, load_yaml, read_source

INCLUDE_KEY = "include"
BANK_KEYS = ("title", "notes", "networks", "include", "questions")
MAX_BANKS = 256


@dataclass(frozen=True)
class Source:
    """One file the questions come from: the questions file itself, or a bank."""

    document: MarkedDict
    filename: str
    """As shown in messages."""
    base_dir: Path


def question_sources(document: MarkedDict, filename: str, base_dir: Path,
                     loaded: dict | None = None) -> list[Source]:
    """The questions file first, then every bank it includes (depth first, in order).

    `loaded` caches the banks' parsed YAML by path, for a caller that reads the same questions
    file for many students (other keys in it are left alone)."""
    loaded = {} if loaded is None else loaded
    root = (base_dir / Path(filename).name).resolve()
    sources = [Source(document, filename, base_dir)]
    _include(document, base_dir, (root,), sources, loaded)
    return sources


def _include(document: MarkedDict, base_dir: Path, chain: tuple[Path, ...],
             sources: list[Source], loaded: dict) -> None:
    value = document.get(INCLUDE_KEY)
    if value is None:
        return
    where = document.value_location(INCLUDE_KEY)
    entries = value if isinstance(value, list) else [value]
    if not entries or not all(isinstance(entry, str) and entry.strip() for entry in entries):
        raise SpecError("'include' is a questions file or a list of them, each a path relative "
                        f"to this file, e.g. [banks/lenet.yaml]; received {value!r}", where)
    for index, entry in enumerate(entries):
        at = value.item_location(index) if isinstance(value, MarkedList) else where
        path = locate_named(entry.strip(), base_dir, at.file, f"question bank '{entry.strip()}'",
                            "a question bank is a questions file in that folder or below it",
                            None, at)   # no bundled banks: a bank is always a path
        if path in chain:
            cycle = " → ".join(p.name for p in (*chain[chain.index(path):], path))
            raise SpecError(f"'{entry}' includes itself through {cycle}; remove one of the "
                            "includes", at)
        if len(sources) > MAX_BANKS:
            raise SpecError(f"more than {MAX_BANKS} question banks are included; is an include "
                            "repeated?", at)
        shown = entry.strip()
        if path not in loaded:
            loaded[path] = load_yaml(read_source(path, shown, "the question bank "), shown)
        bank = loaded[path]
        check_bank(bank, shown)
        sources.append(Source(bank, shown, path.parent))
        _include(bank, path.parent, (*chain, path), sources, loaded)


def check_bank(bank, shown: str) -> None:
    """A bank is a mapping with a list of questions (its keys are checked by the reader)."""
    if not isinstance(bank, MarkedDict) or not isinstance(bank.get("questions"), MarkedList):
        raise SpecError("a question bank is a mapping with 'questions' (a list), and maybe "
                        "'networks' and 'include'", getattr(bank, "location", None)
                        or Location(shown, 1, 1))
