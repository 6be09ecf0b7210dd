"""Block definitions — ``blocks: {name: {args: …, layers: […]}}`` — read from a spec or from a
file it includes. `parse_blocks` checks each definition; `Expander` uses them.

A block may be another with other defaults — ``{like: inverted_residual, args: {act: silu}}`` —
the other's layers and arguments, the arguments given here replacing its defaults;
`resolve_likes` fills those in once every block is known."""

from __future__ import annotations

from typing import Any

from ..errors import SpecError
from ..layers.settings import shown
from ..layers import REGISTRY
from ..text import closest
from .expand import GROUP, REQUIRED_ARG, Block
from .source import MarkedDict, MarkedList

BLOCK_KEYS = ("args", "layers", "notes", "like")


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
            raise SpecError(f"block name {shown(name)} must be a word (letters, digits, _)", at)
        if name in REGISTRY or name == GROUP:
            raise SpecError(f"block '{name}' would hide the layer kind of that name; "
                            "rename the block", at)
        if isinstance(body, MarkedDict) and "like" in body:
            blocks[name] = parse_like(name, body)
            continue
        if not isinstance(body, MarkedDict) or "layers" not in body:
            raise SpecError(f"block '{name}' needs 'layers' (and usually 'args'), or 'like: "
                            "another_block' with new defaults in 'args'", at)
        for key in body:
            if key not in BLOCK_KEYS:
                raise SpecError(f"unknown key '{key}' in block '{name}'{closest(key, BLOCK_KEYS)};"
                                f" a block has {', '.join(BLOCK_KEYS)}", body.key_location(key))
        if not isinstance(body["layers"], MarkedList) or not body["layers"]:
            raise SpecError(f"block '{name}': 'layers' is a non-empty list",
                            body.value_location("layers"))
        blocks[name] = Block(name, parse_args(body.get("args"), body, name), body["layers"],
                             location=body.value_location("args") if "args" in body else None)
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
            raise SpecError(f"block '{block}': argument {shown(arg)} must be a word other than "
                            f"{', '.join(reserved)}", where)
    if isinstance(value, list):
        value = {arg: None for arg in value}
    return {arg: REQUIRED_ARG if default is None else default for arg, default in value.items()}


def parse_like(name: str, body: MarkedDict) -> Block:
    """``{like: other, args: {…}}``: a block whose layers are found later, in `resolve_likes`."""
    for key in body:
        if key not in ("like", "args", "notes"):
            raise SpecError(f"block '{name}' is 'like' another block, so it takes 'args' (new "
                            f"defaults) and 'notes' only, not '{key}'", body.key_location(key))
    like = body["like"]
    if not isinstance(like, str) or not like.isidentifier():
        raise SpecError(f"block '{name}': 'like' names another block, received {shown(like)}",
                        body.value_location("like"))
    args = body.get("args") or {}
    if not isinstance(args, dict):
        raise SpecError(f"block '{name}': the args of a block 'like' another are a mapping of "
                        "new defaults, e.g. {act: silu}", body.value_location("args"))
    return Block(name, parse_args(args, body, name), None, like, body.location)


def resolve_likes(blocks: dict[str, Block]) -> dict[str, Block]:
    """Each ``like`` block with the layers and arguments of the block it names (which may itself
    be ``like`` another); the defaults it gives replace that block's.

    >>> base = Block("ir", {"out": REQUIRED_ARG, "act": "relu6"}, MarkedList(["relu"]))
    >>> mb = Block("mb", {"act": "silu"}, None, "ir")
    >>> resolved = resolve_likes({"ir": base, "mb": mb})["mb"]
    >>> resolved.args["act"], resolved.args["out"] is REQUIRED_ARG, resolved.layers == ["relu"]
    ('silu', True, True)
    """
    resolved: dict[str, Block] = {}
    for name in blocks:
        # follow the chain of likes to a block already resolved or one with layers of its own,
        # in a loop (a chain may be thousands long), then resolve it back from that end
        chain, on_chain, link = [], set(), name
        while link not in resolved and blocks[link].like is not None:
            block = blocks[link]
            if block.like in on_chain or block.like == link:
                raise SpecError(f"block '{link}' is like '{block.like}', which is like "
                                f"'{link}': a circle; one of them needs its own layers",
                                block.location)
            if block.like not in blocks:
                raise SpecError(f"block '{link}' is like '{block.like}', but no block of that "
                                f"name is defined or included{closest(block.like, blocks)}",
                                block.location)
            chain.append(link)
            on_chain.add(link)
            link = block.like
        base = resolved.setdefault(link, blocks[link])
        for link in reversed(chain):
            block = blocks[link]
            unknown = [arg for arg in block.args if arg not in base.args]
            if unknown:
                raise SpecError(f"block '{link}' sets {', '.join(unknown)}, which "
                                f"'{base.name}' does not take (its arguments: "
                                f"{', '.join(base.args)})", block.location)
            base = resolved[link] = Block(link, {**base.args, **block.args}, base.layers)
    return resolved
