"""``include:`` — block definitions shared between files.

A spec (or an included file) may list files whose ``blocks`` it uses::

    include: [my_units.yaml, units]

Each entry is the name of a bundled block library (``units``: the standard units of published
CNNs, in ``specs/blocks/``) — a bare name a library has is always the library — or a path
relative to the including file, which must lead to a file in that file's folder or below it
(`cnncalc.files.inputs.locate_named`; never the working directory). An included file holds
``blocks`` (and may itself ``include``); an error inside one of its blocks is told at the line
that used the block, its own line after it (`cnncalc.spec.expand.across`). A block defined twice
— in two included files, or in an included file and the spec — is an error, and so is a file
that includes itself, directly or through others.

Each file is read and parsed once per load however often it is included (the load's `Reading`
keeps its blocks by real path); a spec's includes, and theirs, hold at most 1,000 entries in
all (`cnncalc.files.inputs.MAX_INCLUDE_ENTRIES`), and nest at most `MAX_INCLUDES` files deep
(one call level per file).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..bundled import bundled_dir, bundled_variant, stem
from ..errors import Location, SpecError
from ..files.inputs import Reading, exists, is_bare, locate_named
from ..render.escape import one_line
from ..text import closest
from .blocks import parse_blocks, resolve_likes
from .expand import Block
from .source import MarkedDict, MarkedList, load_yaml, read_source

INCLUDE_KEY = "include"
LIBRARY_KEYS = ("name", "notes", "include", "blocks")
MAX_INCLUDES = 64


def library_dir() -> Path:
    return bundled_dir() / "blocks"


def library_names() -> list[str]:
    return sorted(path.stem for path in library_dir().glob("*.yaml"))


def included_blocks(document: MarkedDict, base_dir: Path | None, current: Reading,
                    chain: tuple[Path, ...] = ()) -> dict[str, tuple[Block, Location]]:
    """Every block the files listed in ``document['include']`` define (and what they include),
    with where each is defined."""
    value = document.get(INCLUDE_KEY)
    if value is None:
        return {}
    where = document.value_location(INCLUDE_KEY)
    entries = value if isinstance(value, list) else [value]
    if not entries or not all(isinstance(entry, str) and entry.strip() for entry in entries):
        raise SpecError("'include' is a file name or a list of them (relative to this file), "
                        f"or a bundled block library ({', '.join(library_names())}); received "
                        f"{value!r}", where)
    found: dict[str, tuple[Block, Location]] = {}
    for index, entry in enumerate(entries):
        at = value.item_location(index) if isinstance(value, MarkedList) else where
        current.count_include(at)
        path = locate(entry.strip(), base_dir, at)
        if path in chain:
            cycle = " → ".join(p.name for p in (*chain[chain.index(path):], path))
            raise SpecError(f"'{one_line(entry)}' includes itself through {one_line(cycle)}; "
                            "remove one of the includes", at)
        if len(chain) >= MAX_INCLUDES:
            raise SpecError(f"includes nest more than {MAX_INCLUDES} files deep", at)
        key = (INCLUDE_KEY, str(path))
        blocks = current.documents.get(key)
        if blocks is None:
            blocks = current.documents[key] = read_library(path, chain + (path,), current)
        for name, (block, defined) in blocks.items():
            merge(found, name, block, defined)
    return found


def merge(found: dict, name: str, block: Block, defined: Location) -> None:
    """Add a block; the same definition met again (a file included by two others) is one."""
    if name in found and found[name][1] == defined:
        return
    if name in found:
        first = found[name][1]
        raise SpecError(f"block '{name}' is defined twice: here and at {first}; rename one",
                        defined)
    found[name] = (block, defined)


def locate(entry: str, base_dir: Path | None, where: Location) -> Path:
    """The real path of the file an include entry names (see the module docstring)."""
    folder = base_dir or Path(".")
    path = locate_named(entry, folder, where.file, "include",
                        "an include is a bundled block library or a file in that folder or "
                        "below it", library_dir(), where)
    if exists(path):
        return path
    if is_bare(entry) and (exists(bundled_dir() / f"{stem(entry)}.yaml")
                           or bundled_variant(entry) is not None):
        raise SpecError(f"include '{one_line(entry)}' names a bundled spec, not a block library "
                        f"(include takes files of blocks, such as units); to reuse a whole "
                        f"spec, write extends: {one_line(stem(entry))}", where)
    libraries = library_names()
    raise SpecError(f"include '{one_line(entry)}': no such file next to this one "
                    f"({one_line(str(folder / entry))}) and "
                    f"no bundled block library of that name{closest(Path(entry).stem, libraries)}"
                    f"; the libraries are {', '.join(libraries)}", where)


def shown_name(path: Path) -> str:
    """How messages name an included file: relative to the working directory when below it,
    a bundled library by its file name."""
    if path.parent == library_dir().resolve():
        return f"{path.name} (bundled)"
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def read_library(path: Path, chain: tuple[Path, ...], current: Reading
                 ) -> dict[str, tuple[Block, Location]]:
    """The blocks of one included file, after those it includes."""
    shown = shown_name(path)
    text = read_source(path, shown, "the included file ")
    document = load_yaml(text, shown)
    if isinstance(document, MarkedDict) and "layers" in document:
        raise SpecError(f"an included file holds blocks, and {one_line(shown)} is a spec (it has "
                        f"'layers'); to reuse a whole spec, write extends: {one_line(shown)}",
                        document.key_location("layers"))
    if not isinstance(document, MarkedDict) or "blocks" not in document:
        raise SpecError("an included file is a mapping with 'blocks' (and optionally "
                        "'include', 'name', 'notes')", Location(shown, 1, 1))
    for key in document:
        if key not in LIBRARY_KEYS:
            raise SpecError(f"unknown key '{key}' in an included file{closest(key, LIBRARY_KEYS)}"
                            f"; it may have {', '.join(LIBRARY_KEYS)}", document.key_location(key))
    found = included_blocks(document, path.parent, current, chain)
    blocks = document["blocks"]
    for name, block in parse_blocks(blocks, document).items():
        merge(found, name, block, blocks.key_location(name))
    return found

def defined_blocks(document: MarkedDict, base_dir: Path | None, current: Reading
                   ) -> dict[str, tuple[Block, Location]]:
    """The blocks one file defines and includes, with where each is defined, ``like`` not yet
    resolved (a spec that ``extends`` another adds its own to the other's first)."""
    found = included_blocks(document, base_dir, current)
    own = document.get("blocks")
    for name, block in parse_blocks(own, document).items():
        merge(found, name, block, own.key_location(name))
    return found


def unresolved(found: dict[str, tuple[Block, Location]]) -> dict[str, Block]:
    return {name: block for name, (block, _) in found.items()}
