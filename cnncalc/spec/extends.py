"""``extends:`` — a spec that is another spec with other argument values::

    extends: resnet50              # a bundled spec or variant, or a spec file beside this one
    name: ResNet-50 at 160 px, 10 classes
    args: {classes: 10}            # values for the other spec's args (declared there)
    input: 160x160x3               # replaces its input
    blocks: {...}                  # optional: add blocks, or replace blocks of the same name

The spec named is read as `cnncalc.files.inputs.locate_named` says for any name written inside
a file (a bare bundled name is the bundled spec or variant; a path leads into this file's
folder or below it). What it becomes: its layers, its blocks (this file's ``blocks`` and
``include`` added, a block of the same name replaced), its ``args`` with this file's values
replacing their defaults, its ``input`` unless this file gives one, its ``source`` unless this
file gives one. Its ``name``, ``notes`` and ``variants`` are not taken: notes describe the
network they were written for, whose totals the new one need not have. This file may declare
``variants`` of its own (over the arguments it took on).

``layers`` may not be given: a variant keeps its layers, and a new layer list would be a new
spec. The spec named may itself extend another: at most `MAX_EXTENDS` deep, a spec met twice
on the way being a cycle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from ..bundled import Found, bundled_dir, bundled_spec, bundled_variant, no_spec, stem
from ..errors import Location, SpecError
from ..files.inputs import Reading, exists, is_bare, locate_named, real
from ..layers.settings import shown
from ..render.escape import one_line
from ..text import closest
from .arguments import declared_args, variant_values
from .expand import Block
from .includes import defined_blocks, library_names
from .source import MarkedDict, load_yaml, read_source
from .toplevel import check_top_keys

EXTENDS = "extends"
MAX_EXTENDS = 16
"""A spec extends at most this many specs in a chain (a family rarely needs two)."""
EXTENDS_HINT = "extends names a bundled spec or a spec file in that folder or below it"


class Extended(NamedTuple):
    """A spec with its ``extends`` followed: the top-level keys in force, and every block
    defined on the way (``like`` not yet resolved)."""

    document: MarkedDict
    blocks: dict[str, tuple[Block, Location]]


def named_spec(reference: str, folder: Path, naming_file: str, what: str, hint: str,
               where: Location | None = None) -> Found:
    """Where a spec named inside `naming_file` (whose folder is `folder`) is: a bare bundled
    name is the bundled spec or variant, else a path into that folder or below it; a
    `SpecError` (at `where`) naming `what` and ending in `hint` otherwise."""
    if is_bare(reference):
        found = bundled_variant(reference)
        if found is not None and not exists(bundled_dir() / Path(reference).name):
            return Found(real(found.path), found.shown, found.variant)
        library = stem(reference)
        if library in library_names() and bundled_spec(reference) is None:
            raise SpecError(f"'{one_line(reference)}' is a block library, not a spec: to use "
                            f"its blocks, write include: [{library}]", where)
    path = locate_named(reference, folder, naming_file, what, hint, bundled_dir(), where)
    if not exists(path):
        error = no_spec(reference)
        raise SpecError(error.message, where) if where is not None else error
    if path.parent == real(bundled_dir()):
        return Found(path, path.name, None)
    relative = os.path.relpath(path)
    return Found(path, str(path) if relative.startswith("..") else relative, None)


def extended(document: MarkedDict, filename: str, base_dir: Path | None, current: Reading,
             chain: tuple[tuple[tuple[Path, str | None], str], ...] | None = None) -> Extended:
    """`document` (read from `filename`, its names relative to `base_dir`) with its
    ``extends`` followed as the module docstring says; a document without one as it is.
    `chain`: the specs on the way here, (real path, variant) and how each is shown."""
    folder = base_dir or Path(".")
    if EXTENDS not in document:
        return Extended(document, defined_blocks(document, folder, current))
    if chain is None:   # the first file: a spec that names itself is a cycle of one
        chain = (((real(folder / Path(filename).name), None), Path(filename).name),)
    where = document.value_location(EXTENDS)
    if "layers" in document:
        raise SpecError("a spec that extends another takes its layers as they are: 'layers' "
                        "here would replace the whole network (a new layer list is a spec of "
                        "its own); change what its args allow, or replace one of its blocks "
                        "under 'blocks'", document.key_location("layers"))
    reference = document[EXTENDS]
    if not isinstance(reference, str) or not reference.strip():
        raise SpecError(f"'extends' names one spec (a bundled name such as resnet50, or a "
                        f"file beside this one), received {shown(reference)}", where)
    reference = reference.strip()
    found = named_spec(reference, folder, filename, "extends", EXTENDS_HINT, where)
    key = (found.path, found.variant)
    keys = [known for known, _ in chain]
    if key in keys:
        names = [name for _, name in chain[keys.index(key):]] + [reference]
        raise SpecError(f"'extends: {one_line(reference)}' makes a cycle "
                        f"({one_line(' → '.join(names))}); a spec cannot extend itself, "
                        "directly or through others", where)
    if len(chain) > MAX_EXTENDS:
        raise SpecError(f"specs extend one another more than {MAX_EXTENDS} deep", where)
    cached = (EXTENDS, str(found.path))   # a homework's networks may extend one spec often
    base_document = current.documents.get(cached)
    if base_document is None:
        base_document = load_yaml(read_source(found.path, found.shown), found.shown)
        check_top_keys(base_document, found.shown)
        current.documents[cached] = base_document
    base = extended(base_document, found.shown, found.path.parent, current,
                    chain + ((key, reference),))
    for needed in ("input", "layers"):
        if needed not in base.document:
            raise SpecError(f"'extends: {one_line(reference)}' names {one_line(found.shown)}, "
                            f"which is no spec to extend: it has no '{needed}' (a file of "
                            "blocks is included: include: [it])", where)
    merged = merged_document(base.document, found, document, reference)
    blocks = {**base.blocks, **defined_blocks(document, folder, current)}
    return Extended(merged, blocks)


def merged_document(base: MarkedDict, found: Found, own: MarkedDict, reference: str
                    ) -> MarkedDict:
    """The top-level keys of `own` that extends `base` (`found`, named `reference`)."""
    declared = declared_args(base)
    values: dict[str, tuple[Any, Location, Location]] = {
        key: (value, _key_at(base.get("args"), key), _value_at(base.get("args"), key))
        for key, value in declared.items()}
    source = base.get("source")
    if found.variant is not None:
        given, _, variant_source = variant_values(base, found.variant, found.shown, declared)
        for key, value in given.items():
            values[key] = (value, _key_at(given, key), _value_at(given, key))
        source = variant_source or source
    own_args = own.get("args")
    if own_args is not None:
        if not isinstance(own_args, dict):
            raise SpecError("'args' of a spec that extends another maps the other's arguments "
                            "to new values, e.g. args: {classes: 10}",
                            own.value_location("args"))
        for key, value in own_args.items():
            if key not in declared:
                raise _not_an_argument(key, reference, declared, _key_at(own_args, key))
            values[key] = (value, _key_at(own_args, key), _value_at(own_args, key))
    taken = {"input": base["input"], "source": source}   # unless this file gives them
    items: dict[str, tuple[Any, Location, Location]] = {}
    for key in ("name", "source", "notes", "variants", "input"):
        if key in own:
            items[key] = (own[key], own.key_location(key), own.value_location(key))
        elif taken.get(key) is not None:
            items[key] = (taken[key], base.key_location(key), base.value_location(key))
    if values:
        where = own.value_location("args") if own_args is not None else base.location
        items["args"] = (_marked({key: value for key, value in values.items()}, where),
                         own.key_location("args") if own_args is not None else base.location,
                         where)
    items["layers"] = (base["layers"], base.key_location("layers"),
                       base.value_location("layers"))
    return _marked(items, own.location)


def _not_an_argument(key: Any, reference: str, declared: dict, where: Location) -> SpecError:
    name = one_line(str(key))
    if not declared:
        return SpecError(f"'args' sets '{name}', but {one_line(reference)}, which this spec "
                         "extends, takes no arguments (it has no top-level 'args'); 'input' "
                         "here replaces its input shape", where)
    return SpecError(f"'args' sets '{name}', which is no argument of {one_line(reference)} "
                     f"(the spec this one extends){closest(str(key), declared)}; its "
                     f"arguments: {', '.join(declared)}", where)


def _marked(items: dict[str, tuple[Any, Location, Location]], where: Location) -> MarkedDict:
    """A mapping made of values from several files, each keeping where it was written."""
    result = MarkedDict({key: value for key, (value, _, _) in items.items()})
    result.location = where
    result.key_locations = {key: at for key, (_, at, _) in items.items()}
    result.value_locations = {key: at for key, (_, _, at) in items.items()}
    return result


def _key_at(mapping: Any, key: str) -> Location | None:
    return mapping.key_location(key) if isinstance(mapping, MarkedDict) else None


def _value_at(mapping: Any, key: str) -> Location | None:
    return mapping.value_location(key) if isinstance(mapping, MarkedDict) else None
