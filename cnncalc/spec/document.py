"""Read a spec file into a `Network`: the top-level keys, the input shape and the blocks; the
layer list itself is unrolled by `expand.Expander`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, NamedTuple

from ..bundled import find_spec
from ..errors import Location, SpecError
from ..files.inputs import InputPolicy, reading
from ..graph import INPUT, Network, evaluation_order
from ..layers.settings import MAX_SIZE, shown
from ..layers import Shape
from .arguments import Arguments, spec_arguments
from .blocks import resolve_likes
from .expand import Expander, Scope
from .extends import extended, named_spec
from .includes import unresolved
from .source import MarkedDict, MarkedList, collector_paused, load_yaml, read_source
from .toplevel import check_top_keys

_SHAPE_TEXT = re.compile(r"\s*\d{1,30}\s*(?:[x×X*]\s*\d{1,30}\s*)*")
"""Sizes of at most 30 digits: a longer one is no shape (and would cost int() its length)."""


NETWORK_HINT = "a network is a bundled name or a spec file in that folder or below it"


def load_spec(reference: str | Path, base_dir: str | Path | None = None,
              policy: InputPolicy | None = None, *, named_in: str | None = None,
              what: str = "network", settings: Mapping[str, Any] | None = None,
              input_shape: Shape | None = None) -> Network:
    """Read a spec named on the command line — a file there, else a bundled spec or variant by
    name (``alexnet``, ``resnet101``) — or, with `base_dir`, named inside a file in that folder
    (`named_in`, as messages show it): then a bare bundled name is the bundled spec and a path
    must lead into that folder (`cnncalc.files.inputs.locate_named`; `what` names the entry in a
    refusal). Read under `policy` (else the reading under way, else the default rule).
    `settings` replace the spec's argument defaults (``--set depth=101``) and `input_shape` its
    input (``--input 160x160x3``)."""
    reference = str(reference)
    with reading(policy):
        if base_dir is None:
            path, shown, variant = find_spec(reference)
        else:
            path, shown, variant = named_spec(reference, Path(base_dir),
                                              named_in or str(base_dir), what, NETWORK_HINT)
        text = read_source(path, shown)
        return parse_spec(text, shown, path.parent, variant=variant, settings=settings,
                          input_shape=input_shape)


def parse_spec(text: str, filename: str = "<spec>", base_dir: Path | None = None, *,
               variant: str | None = None, settings: Mapping[str, Any] | None = None,
               input_shape: Shape | None = None) -> Network:
    """Parse the text of a spec; `filename` is used in error messages, `base_dir` (default: the
    current directory) is the folder its includes are relative to and must lead into;
    `variant`, `settings` and `input_shape` as `network_from_document` takes them."""
    return network_from_document(load_yaml(text, filename), filename, base_dir,
                                 variant=variant, settings=settings, input_shape=input_shape)


def network_from_document(document: Any, filename: str, base_dir: Path | None = None,
                          default_name: str | None = None, *, variant: str | None = None,
                          settings: Mapping[str, Any] | None = None,
                          input_shape: Shape | None = None) -> Network:
    """A `Network` from an already-loaded spec document (a `MarkedDict` from `load_yaml`: a whole
    file, or a mapping inside another file such as an answers file, whose locations it keeps).
    Includes are looked for in `base_dir`, read in the reading under way (`load_spec` or
    `files.inputs.reading` opens one with a policy; else the default rule); the network is
    called `default_name` (else the file's stem) unless it has a ``name``.

    A spec's ``args`` are its parameters (`cnncalc.spec.arguments`): their defaults, replaced
    by those of `variant` (one of its ``variants``), then by `settings`, fill every ``$name`` and
    ``${expression}`` in ``input`` and the layers; `input_shape` replaces the input."""
    top = spec_top(document, filename, base_dir, default_name, variant=variant,
                   settings=settings, input_shape=input_shape)
    layers = top.document["layers"]
    if not isinstance(layers, MarkedList) or not layers:
        raise SpecError("'layers' is a non-empty list, each item '- kind' or '- kind: {…}'",
                        top.document.value_location("layers"))
    blocks = resolve_likes(unresolved(top.blocks))

    with collector_paused():
        expander = Expander(blocks, filename, top.input_shape, top.arguments.budget)
        expander.expand_list(layers, Scope(args=top.arguments.values), INPUT)
        nodes = expander.finish()
        if not nodes:
            raise SpecError("every layer is left out (by repeat: 0 or if: false); a network "
                            "needs at least one layer", layers.location)
        order = evaluation_order(nodes)
    return Network(name=top.name, input_shape=top.input_shape, nodes=order, file=filename,
                   source=top.source, output=nodes[-1].name)


class SpecTop(NamedTuple):
    """What a spec says above its layers, for one reading: the top-level keys in force (its
    ``extends`` followed), every block defined on the way, the arguments, the network's name,
    its source and its input shape."""

    document: MarkedDict
    blocks: dict
    arguments: Arguments
    name: str
    source: str | None
    input_shape: Shape


def spec_top(document: Any, filename: str, base_dir: Path | None = None,
             default_name: str | None = None, *, variant: str | None = None,
             settings: Mapping[str, Any] | None = None,
             input_shape: Shape | None = None) -> SpecTop:
    """The `SpecTop` of a spec document read as `network_from_document` reads it, without
    unrolling its layers (what `cnncalc specs` lists: a few milliseconds a spec)."""
    check_top_keys(document, filename)
    with reading() as current:
        current.include_entries = 0  # the bound is per spec, however many a homework names
        document, found_blocks = extended(document, filename, base_dir, current)
    for key in ("input", "layers"):
        if key not in document:
            raise SpecError(f"the spec has no '{key}'", document.location)
    arguments = spec_arguments(document, filename, variant, settings)
    name = arguments.name or document.get("name", default_name or Path(filename).stem)
    source = arguments.source or document.get("source")
    for key, value in (("name", name), ("source", source)):
        if value is not None and not isinstance(value, (str, int, float)):
            raise SpecError(f"'{key}' is text, received {value!r}", document.value_location(key))
    if input_shape is None:
        input_shape = parse_shape(arguments.filled_input(document),
                                  document.value_location("input"))
    if settings:   # read with other settings, it is no longer the network its name says
        name = f"{name} ({', '.join(f'{key}={shown(value)}' for key, value in settings.items())})"
    return SpecTop(document, found_blocks, arguments, str(name),
                   None if source is None else str(source), input_shape)


def one_layer_document(input_value: Any, input_at: Location, item: Any, item_at: Location
                       ) -> MarkedDict:
    """The spec ``{input: …, layers: [item]}`` made from values found elsewhere (a stand-alone
    layer in an answers file), keeping their locations so errors point where they were written."""
    layers = MarkedList([item])
    layers.location, layers.item_locations = item_at, [item_at]
    document = MarkedDict(input=input_value, layers=layers)
    document.location = input_at
    document.key_locations = {"input": input_at, "layers": item_at}
    document.value_locations = {"input": input_at, "layers": item_at}
    return document


MAX_SHAPE_CHARS = 100
"""An ``--input`` text is at most this long (three sizes of at most 30 digits each)."""


def shape_from_text(text: str, option: str = "--input") -> Shape:
    """The shape given on the command line by `option` (``160x160x3``, ``784``), which
    replaces a spec's own ``input``; a `SpecError` naming the option otherwise."""
    if len(text) > MAX_SHAPE_CHARS:
        raise SpecError(f"{option} is {len(text):,} characters long; a shape such as 160x160x3 "
                        f"is at most {MAX_SHAPE_CHARS}")
    return parse_shape(text, None, option)


def parse_shape(value: Any, where: Location | None, what: str = "input") -> Shape:
    """``227x227x3``, ``227×227×3``, ``[227, 227, 3]`` → (227, 227, 3); ``784`` → (784,)."""
    hint = "write H×W×C such as 227x227x3 or [227, 227, 3], or one number for a vector"
    if isinstance(value, str) and _SHAPE_TEXT.fullmatch(value):
        sizes = [int(part) for part in re.split(r"[x×X*]", value)]
    elif isinstance(value, list):
        sizes = value
    else:
        sizes = [value]
    if len(sizes) not in (1, 3) or not all(isinstance(size, int) and not isinstance(size, bool)
                                           and 0 < size <= MAX_SIZE for size in sizes):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:56] + "…"
        raise SpecError(f"{what} {shown} is not a shape: {hint}, every size at least 1 and at "
                        f"most {MAX_SIZE:,}", where)
    return tuple(sizes)
