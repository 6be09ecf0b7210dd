"""Block definitions — ``blocks: {name: {args: …, layers: […]}}`` — read from a spec or from a
file it includes. `parse_blocks` checks each definition; `Expander` uses them."""

from __future__ import annotations

from typing import Any

from .errors import SpecError
from .expand import GROUP, REQUIRED_ARG, Block, closest
from .layers import REGISTRY
from .yamlsource import MarkedDict, MarkedList

BLOCK_KEYS = ("args", "layers", "notes")


def parse_blocks(value: Any, document: MarkedDict) -> dict[str, Block]:
    """The blocks of `document` (a spec or an included file), each checked."""
    if value is None:
        return {}
    where = document.value_location("blocks")
    if not isinstance(value, MarkedDict):
        raise SpecError("'blocks' maps block names to {args: […], layers: […]}", where)
    blocks = {}
    for name, body in value.items():
        at = value.key_location(name)
        if not isinstance(name, str) or not name.isidentifier():
            raise SpecError(f"block name {name!r} must be a word (letters, digits, _)", at)
        if name in REGISTRY or name == GROUP:
            raise SpecError(f"block '{name}' would hide the layer kind of that name; "
                            "rename the block", at)
        if not isinstance(body, MarkedDict) or "layers" not in body:
            raise SpecError(f"block '{name}' needs 'layers' (and usually 'args')", at)
        for key in body:
            if key not in BLOCK_KEYS:
                raise SpecError(f"unknown key '{key}' in block '{name}'{closest(key, BLOCK_KEYS)};"
                                f" a block has {', '.join(BLOCK_KEYS)}", body.key_location(key))
        if not isinstance(body["layers"], MarkedList) or not body["layers"]:
            raise SpecError(f"block '{name}': 'layers' is a non-empty list",
                            body.value_location("layers"))
        blocks[name] = Block(name, parse_args(body.get("args"), body, name), body["layers"])
    return blocks


def parse_args(value: Any, body: MarkedDict, block: str) -> dict[str, Any]:
    """``[a, b]`` (all required) or ``{a: 1, b: null}`` (defaults; null = required)."""
    where = body.value_location("args") if "args" in body else body.location
    if value is None:
        return {}
    if not isinstance(value, (list, dict)):
        raise SpecError(f"block '{block}': args is a list of names or a mapping of defaults",
                        where)
    reserved = ("name", "from", "repeat")
    for arg in value:  # before a list becomes a mapping: a list item may be unhashable
        if not isinstance(arg, str) or not arg.isidentifier() or arg in reserved:
            raise SpecError(f"block '{block}': argument {arg!r} must be a word other than "
                            f"{', '.join(reserved)}", where)
    if isinstance(value, list):
        value = {arg: None for arg in value}
    return {arg: REQUIRED_ARG if default is None else default for arg, default in value.items()}
