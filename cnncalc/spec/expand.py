"""Unroll a spec's layer list — blocks, repeats, names and `from:` references — into graph nodes.

Every item becomes one or more `Node`s with a full, stable name. References are collected first
and resolved when all names are known, so `from:` may point forward; cycles are caught later by
`graph.evaluation_order`.
"""

from __future__ import annotations

import functools
import keyword
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Location, SettingError, ShapeError, SpecError
from ..graph import INPUT, Node
from ..layers.settings import shown
from ..render.escape import one_line
from ..layers import REGISTRY, Shape
from ..layers.base import checked_output
from ..text import closest, closest_kind, shape_text
from .expressions import MAX_EXPRESSION, TEXT_STEP, Budget, InputShape, evaluate, truth
from .source import MarkedDict, MarkedList

COMMON_KEYS = ("name", "from", "repeat", "if", "first", "count_from", "trainable", "functional",
               "shares", "output")
LAYER_FLAGS = ("trainable", "functional")
"""Common keys that hold true or false and pass from a block to every layer inside it."""
GROUP = "repeat"
MAX_NODES = 100_000
"""A spec unrolls to at most this many layers; expansion stops at the first one over."""
MAX_STEPS = 1_000_000
"""At most this many items are expanded in all (repeats of left-out items count too), so that
``repeat: 1000000000`` of an item that is left out cannot keep cnncalc busy for ever."""
MAX_TEXT = 10_000
"""A text with ``$`` in it, and the text substitution makes of it, has at most this many
characters: ``"$s$s"`` doubles an argument at each level of blocks, 2⁴⁰ characters after 40."""
MAX_BLOCK_DEPTH = 100
"""Blocks are used inside blocks at most this deep (a real network: two or three levels); each
level is a few calls deep in the expander, so a chain of thousands would exhaust Python's
stack."""
MAX_NESTING = 150
"""Blocks and ``repeat`` groups inside one another, counted together, at most this deep: each
level is three or four calls deep in the expander, so 150 of them (600 calls) leave room in
Python's stack of 1,000 for the settings and expressions of the innermost layer."""
_ARG = re.compile(r"\$\{([^}]*)\}|\$([A-Za-z_]\w*)")


@dataclass
class Block:
    """A parameterised block: arguments (name → default, `REQUIRED_ARG` when none) and layers."""

    name: str
    args: dict[str, Any]
    layers: MarkedList | None
    like: str | None = None
    """Another block whose layers this one uses, with `args` as new defaults (``like:``)."""
    location: Location | None = None


REQUIRED_ARG = object()


def read_later(names: list[str], arg: str, value: Any) -> str | None:
    """The first of `names` declared after `arg` that `value` (its default or value) reads;
    None when it reads none."""
    later = names[names.index(arg) + 1:]
    read = {word for match in _ARG.finditer(repr(value))
            for word in re.findall(r"[A-Za-z_]\w*", _expression(match))}
    return next((name for name in later if name in read), None)


def _read_after(block: Block, arg: str, default: Any, where: Location,
                label: str) -> SpecError | None:
    """The error for a default that reads an argument declared after it (``{a: $c, c: 3}``);
    None when it reads none (the substitution's own error then stands)."""
    first = read_later(list(block.args), arg, default)
    if first is None:
        return None
    return SpecError(f"block '{block.name}': the default of '{arg}' reads '{first}', which is "
                     f"declared after it; a default may read only the arguments before it: "
                     f"put '{first}' before '{arg}' in args ({{{first}: …, {arg}: …}})",
                     block.location or where, label)


@dataclass(frozen=True)
class Ref:
    """A name written in `from:` (or in a setting that names a layer, `Layer.layer_settings`),
    to be looked up in `scope` once every name is known. `reads` ``"input"`` stands for what
    the named layer reads (its first input) rather than its output."""

    name: str
    scope: "Scope"
    location: Location
    setting: str = "from"
    reads: str = "output"


@dataclass(eq=False)
class Scope:
    """Where names are looked up: the top level, a block instance, or one pass of a repeat."""

    prefix: str = ""
    input: "str | Ref" = INPUT
    args: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    context: str = ""
    blocks: tuple[str, ...] = ()
    parent: "Scope | None" = None
    suffix: str = ""
    """Added to explicit names inside one pass of a repeat (``.2``)."""
    instances: dict[str, "Scope"] = field(default_factory=dict)
    """The block instances made here, by local name: ``from: a/c`` looks inside them."""
    depth: int = 0
    """How many blocks and repeat groups this scope is inside."""
    absent: set[str] = field(default_factory=set)
    """Names of items left out here (``if: false``, ``repeat: 0``): a name stands for what such
    an item passes on, which a ``from:`` may read but a setting naming a layer may not."""
    flags: dict[str, bool] = field(default_factory=dict)
    shares_from: tuple[str, str] | None = None
    """(the twin instance's prefix, this one's) inside a block used with ``shares: <instance>``:
    each layer here shares the weights of the layer of the same name there."""
    """``trainable``/``functional`` set on an enclosing block, passed to every layer inside."""
    used: "tuple[Location, str] | None" = None
    """Inside a block defined in another file (an included file, the bundled library): where
    the outermost such block was used and how it is named there. Errors inside it are
    reported at that line (`across`)."""

    def label(self, index: int, name: str | None = None) -> str:
        """How errors name an item: ``layer 3 'conv2'``, with the block it is in, if any."""
        named = f" '{name}'" if name else ""
        return f"layer {index}{named}{self.context}"

    def lookup(self, name: str) -> "str | Ref | None":
        """A local name's full name (or reference), looking out through enclosing repeats;
        ``a/c`` is layer ``c`` inside block instance ``a`` (at any depth: ``a/b/c``)."""
        head, inside, rest = name.partition("/")
        scope = self
        while scope is not None:
            if inside and head in scope.instances:
                return scope.instances[head].lookup(rest)
            if not inside and name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return self.input if name == INPUT else None

    def left_out(self, name: str) -> bool:
        """Whether the local `name` (looked up as `lookup` does) is an item left out."""
        scope = self
        while scope is not None:
            if name in scope.names:
                return name in scope.absent
            scope = scope.parent
        return False

    def known_names(self) -> list[str]:
        """Every name `lookup` resolves from here, for suggestions: local names, and the names
        inside each block instance as ``instance/name``."""
        known, scope = [], self
        while scope is not None:
            known += list(scope.names)
            for instance, inner in scope.instances.items():
                known += [f"{instance}/{name}" for name in inner.known_names()]
            scope = scope.parent
        return known


PendingNode = Node
"""A node while the spec unrolls: its `inputs` are still references (`Ref`, or full names),
resolved by `Expander.finish` once every name is known."""


class Expander:
    """Turns the `layers` list (and the blocks it uses) into pending nodes."""

    def __init__(self, blocks: dict[str, Block], filename: str, input_shape: Shape | None = None,
                 budget: Budget | None = None):
        self.blocks = blocks
        self.filename = filename
        self.nodes: list[PendingNode] = []
        self.pending: dict[str, PendingNode] = {}
        self.full_names: dict[str, Location] = {INPUT: Location(filename, 1, 1)}
        self.steps = 0
        self.shapes: dict[str, Shape] = {} if input_shape is None else {INPUT: input_shape}
        """Output shapes worked out during expansion, for expressions that read input.channels."""
        self.budget = Budget() if budget is None else budget
        """What the spec's expressions and substitutions may still cost (`Budget`)."""

    # --- items -------------------------------------------------------------------------------
    def expand_list(self, items: MarkedList, scope: Scope, previous: "str | Ref") -> "str | Ref":
        """Expand a list of items; each reads the one before unless it says otherwise."""
        # every item's location, made once per list (a block's layers: once for all its uses)
        locations = items.item_locations
        expand_item = self.expand_item
        for index, item in enumerate(items, start=1):
            where = locations[index - 1] if index <= len(locations) else items.location
            previous = expand_item(item, where, index, scope, previous)
        return previous

    def expand_item(self, item: Any, where: Location, index: int, scope: Scope,
                    previous: "str | Ref") -> "str | Ref":
        steps = self.steps = self.steps + 1
        if steps > MAX_STEPS:
            raise SpecError(f"the spec takes more than {MAX_STEPS:,} steps to unroll (items "
                            "repeated, also those left out by if: or repeat: 0); check the "
                            "repeat counts", where, scope.label(index))
        if isinstance(item, dict) and len(item) == 1:
            (kind, body), = item.items()
            if isinstance(kind, str) and "$" not in kind and isinstance(body, dict):
                kind = kind.strip()  # what split_item does with - kind: {settings}
            else:
                kind, body = self.split_item(item, where, index, scope)
        else:
            kind, body = self.split_item(item, where, index, scope)
        if kind == GROUP:
            return self.expand_group(body, where, index, scope, previous)
        if self.has_arguments(body, where, index, scope):
            body = self.substitute(body, scope, where, index)
        # from here `body` is only read, never changed: without arguments to fill in it is the
        # file's own mapping, which every use of a block shares
        if _COMMON.isdisjoint(body):  # one layer, reading the one before: most items
            return self.expand_one(kind, body, None, [previous], where, index, scope)
        if _ONCE.isdisjoint(body):  # one layer (or block), named or reading others
            name = body.get("name")
            if name is not None:
                name = self.check_name(name, body, where, index, scope)
            sources = self.references(body.get("from"), body, scope, where, index)
            # a layer's settings are parsed by name, the common keys passed over: no copy
            # without them, except for a block, whose arguments are its keys
            settings = body if kind not in self.blocks else marked_like(
                body, [(key, value) for key, value in body.items() if key not in _PASSED_OVER])
            return self.expand_one(kind, settings, name,
                                   [previous] if sources is None else sources, where, index,
                                   scope)
        present = self.condition(body, where, index, scope) if "if" in body else True
        times = self.whole(body, "repeat", where, index, scope, 1, 0) if "repeat" in body else 1
        numbered = "count_from" in body
        start = self.whole(body, "count_from", where, index, scope, 1, 0) if numbered else 1
        first = self.first_copy(body, where, index, scope) if "first" in body else None
        name = body.get("name")
        if name is not None:
            name = self.check_name(name, body, where, index, scope)
        sources = self.references(body.get("from"), body, scope, where, index)
        if not present or times == 0:
            # an absent item passes its (first) input on: its name, if any, means what it would
            # read. Not the previous item: a left-out `add: {from: [main, shortcut]}` after a
            # left-out shortcut must pass `main` on, not the block's input the shortcut passed.
            passed = sources[0] if sources else previous
            if name is not None:
                scope.names[name] = passed
                scope.absent.add(name)
            return passed
        settings = marked_like(body, [(key, value) for key, value in body.items()
                                      if key not in _PASSED_OVER])
        for rep in range(1, times + 1):
            number = start + rep - 1
            rep_name = f"{name}.{number}" if name is not None and (times > 1 or numbered) \
                else name
            inputs = sources if rep == 1 and sources is not None else [previous]
            made = len(self.nodes)
            chosen = first if rep == 1 and first is not None else settings
            previous = self.expand_one(kind, chosen, rep_name, inputs, where, index, scope)
            if len(self.nodes) == made and (rep > 1 or first is None):
                break  # a block that leaves every layer out: so would every copy after it
        if name is not None and (times > 1 or numbered):
            scope.names[name] = previous  # the name of a repeated item means its last copy
            if rep_name in scope.instances:
                scope.instances[name] = scope.instances[rep_name]
        return previous

    def first_copy(self, body, where: Location, index: int, scope: Scope):
        """``first: {stride: 2}`` — the settings of a repeated item's first copy, the rest as
        the others (a paper's row of n units whose first one strides)."""
        changes = body["first"]
        if not isinstance(changes, dict) or not changes:
            at = body.value_location("first") if isinstance(body, MarkedDict) else where
            raise SpecError("'first' holds the settings of the first copy, e.g. first: "
                            f"{{stride: 2}}; received {shown(changes)}", at, scope.label(index))
        merged = copy_marked({key: value for key, value in body.items()
                              if key not in _BEFORE_FIRST}, None, where, like=body)
        for key, value in changes.items():
            merged[key] = value
            if isinstance(changes, MarkedDict):
                merged.key_locations[key] = changes.key_location(key)
                merged.value_locations[key] = changes.value_location(key)
        return merged

    def split_item(self, item: Any, where: Location, index: int, scope: Scope):
        """``- relu`` → ("relu", {}); ``- conv: {…}`` → ("conv", {…}); ``- fc: 10`` → shorthand;
        ``- $act`` with ``act: {leaky_relu: 0.1}`` → ("leaky_relu", {slope: 0.1})."""
        if isinstance(item, str):
            kind, given = self.kind_word(item, where, index, scope)
            return kind, copy_marked({}, None, where) if given is None else given
        if isinstance(item, dict) and len(item) == 1:
            (kind, body), = item.items()
            kind, given = self.kind_word(kind, where, index, scope)
            if body is None:
                body = copy_marked({}, None, where)
            elif not isinstance(body, dict):
                body = self.shorthand(kind, body, where, index, scope)
            if given is not None:  # the argument's settings, the item's own keys over them
                merged = copy_marked(given)
                for key, value in body.items():
                    merged[key] = value
                    if isinstance(body, MarkedDict):
                        merged.key_locations[key] = body.key_location(key)
                        merged.value_locations[key] = body.value_location(key)
                body = merged
            return str(kind), body
        label = scope.label(index)
        if isinstance(item, dict):
            keys = ", ".join(map(str, item))
            raise SpecError(f"a layer is a mapping with one key, its kind, but this one has "
                            f"{len(item)}: {keys}. Indent the settings under the kind: "
                            f"'- conv: {{filters: 96, kernel: 11}}'", where, label)
        raise SpecError(f"a layer is a kind ('- relu') or a kind with settings "
                        f"('- conv: {{filters: 96, kernel: 11}}'), not {shown(item)}", where, label)

    def shorthand(self, kind: str, value: Any, where: Location, index: int, scope: Scope):
        """``fc: 10`` → ``{units: 10}``: a kind's one value for the setting it names."""
        cls = REGISTRY.get(kind)
        if cls is None and kind not in self.blocks:
            raise self.unknown_kind(kind, where, index, scope)
        if cls is None or cls.shorthand is None:
            wanted = [key for key, setting in getattr(cls, "settings", {}).items()
                      if setting.required] or ["…"]
            example = "{" + ", ".join(f"{key}: …" for key in wanted) + "}"
            raise SpecError(f"'{kind}' takes a mapping of settings such as {example}, "
                            f"not {shown(value)}", where, scope.label(index))
        return copy_marked({cls.shorthand: value}, None, where)

    def kind_word(self, kind: Any, where: Location, index: int, scope: Scope
                  ) -> tuple[str, MarkedDict | None]:
        """The kind of an item, and settings that came with it; ``$act`` takes it from a block
        argument: a word (``act: hardswish``) or a kind with its settings, as a layer is
        written (``act: {leaky_relu: 0.1}``, ``act: {leaky_relu: {slope: 0.1}}``)."""
        given = None
        if isinstance(kind, str) and "$" in kind:
            kind = self.substitute(kind.strip(), scope, where, index)
            if isinstance(kind, dict) and len(kind) == 1 and isinstance(next(iter(kind)), str):
                (kind, value), = kind.items()
                kind = kind.strip()
                if value is None:
                    given = copy_marked({}, None, where)
                elif isinstance(value, dict):
                    try:   # a step per setting copied, as `substitute` charges its copies
                        self.budget.spend(len(value))
                    except SettingError as error:
                        raise SpecError(str(error), where, scope.label(index)) from None
                    given = copy_marked(value, None, where)
                else:
                    given = self.shorthand(kind, value, where, index, scope)
            if not isinstance(kind, str) or not kind.strip():
                raise SpecError(f"a layer kind from an argument must be a word such as relu, "
                                f"or a kind with its settings such as {{leaky_relu: 0.1}}; "
                                f"received {shown(kind)}", where, scope.label(index))
        return str(kind).strip(), given

    def expand_group(self, body: Any, where: Location, index: int, scope: Scope,
                     previous: "str | Ref") -> "str | Ref":
        """``- repeat: {times: N, layers: […]}``: the run of layers N times, inline."""
        label = scope.label(index) + " (repeat)"
        self.check_keys(body, ("times", "layers"), where, label)
        for key in body:
            if key in _COMMON and key not in _GROUP_KEYS:
                at = body.key_location(key) if isinstance(body, MarkedDict) else where
                raise SpecError(f"a repeat group takes {', '.join(_GROUP_KEYS)} besides times "
                                f"and layers, not '{key}': put '{key}' on a layer inside it",
                                at, label)
        if self.has_arguments(body, where, index, scope):
            body = self.substitute(body, scope, where, index)
        if "if" in body and not self.condition(body, where, index, scope):
            return previous
        flags = scope.flags
        if not _FLAGGED.isdisjoint(body):   # trainable/functional: every layer inside
            flags = {key: value for key, value in self.layer_flags(body, scope, where,
                                                                     label).items()
                     if value != _FLAG_DEFAULTS[key]}
        times = self.whole(body, "times", where, index, scope, None, 0)
        layers = body.get("layers")
        if not isinstance(layers, list) or not layers:
            raise SpecError("a repeat group needs 'layers': a non-empty list of layers",
                            where, label)
        self.check_nesting(scope, where, label)
        inner = None
        for rep in range(1, times + 1):
            inner = Scope(scope.prefix, scope.input, scope.args, {}, scope.counters,
                          scope.context, scope.blocks, parent=scope,
                          suffix=f"{scope.suffix}.{rep}" if times > 1 else scope.suffix,
                          depth=scope.depth + 1, flags=flags, used=scope.used,
                          shares_from=scope.shares_from)
            made = len(self.nodes)
            previous = self.expand_list(layers, inner, previous)
            if len(self.nodes) == made:
                break  # nothing made (every item left out): every pass would be the same
        if inner is not None:  # times: 0 makes nothing and names nothing
            scope.names.update(inner.names)
            scope.absent -= inner.names.keys()   # a name made again in the group is there
            scope.absent.update(inner.absent)
            scope.instances.update(inner.instances)
        return previous

    def expand_one(self, kind, body, name, inputs, where, index, scope) -> str:
        if kind in self.blocks:
            return self.expand_block(self.blocks[kind], body, name, inputs, where, index, scope)
        cls = REGISTRY.get(kind)
        if cls is None:
            raise self.unknown_kind(kind, where, index, scope)
        full, _ = self.claim_name(name, cls.prefix, scope, where, index)
        label = scope.label(index, full)
        self.check_keys(body, cls.settings, where, label)
        if cls.inputs_hint and len(inputs) > cls.max_inputs:   # before its settings' checks
            raise SpecError(f"{cls.kind} reads {cls.max_inputs} input, but 'from' names "
                            f"{len(inputs)}{cls.inputs_hint}", where, label)
        try:
            layer = cls.from_settings(body)
        except SettingError as error:
            at = body.value_location(error.key) if error.key else where
            raise SpecError(str(error), at, label) from None
        at, named = (where, label) if scope.used is None else across(scope.used, where, label)
        node = Node(full, cls.kind, layer, list(inputs), at, named, scope.blocks)
        if cls.layer_settings:   # extra inputs: the layers its settings name
            node.inputs += [Ref(name, scope, body.value_location(key) if isinstance(
                body, MarkedDict) else where, key, cls.layer_settings[key])
                for key, name in layer.named_layers()]
        if scope.flags or not _FLAGGED.isdisjoint(body):
            flags = self.layer_flags(body, scope, where, label)
            node.trainable, node.functional = flags["trainable"], flags["functional"]
            if "shares" in body:
                node.shares = self.shared_reference(body, scope, where, index)
        if scope.shares_from is not None and node.shares is None:
            twin, mine = scope.shares_from
            node.shares, node.shares_by_block = twin + full[len(mine):], True
        if "output" in body:
            node.is_output = self.output_flag(body, where, label)
        self.nodes.append(node)
        self.pending[full] = node
        if len(self.nodes) > MAX_NODES:
            raise SpecError(f"the spec unrolls to more than {MAX_NODES:,} layers; "
                            "check the repeat counts", where, label)
        return full

    def check_nesting(self, scope: Scope, where: Location, label: str) -> None:
        """Refuse a block or repeat group `MAX_NESTING` levels inside others."""
        if scope.depth >= MAX_NESTING:
            raise SpecError(f"blocks and repeat groups are nested inside one another more than "
                            f"{MAX_NESTING} levels deep; a network needs a few levels", where,
                            label)

    def unknown_kind(self, kind: str, where: Location, index: int, scope: Scope) -> SpecError:
        """The error for a kind that is neither a layer kind nor a block, with a suggestion."""
        choices = {**REGISTRY, **{name: name for name in self.blocks}}
        return SpecError(f"unknown layer kind '{kind}'{closest_kind(kind, choices)}; the kinds "
                         "are listed by 'cnncalc kinds'", where, scope.label(index))

    def expand_block(self, block: Block, body, name, inputs, where, index, scope) -> "str | Ref":
        full, local = self.claim_name(name, block.name, scope, where, index)
        label = scope.label(index, full)
        if block.name in scope.blocks:
            raise SpecError(f"block '{block.name}' uses itself, which would never end", where,
                            label)
        if len(scope.blocks) >= MAX_BLOCK_DEPTH:
            raise SpecError(f"blocks are used inside blocks more than {MAX_BLOCK_DEPTH} levels "
                            f"deep (here '{block.name}' inside '{scope.blocks[-1]}'); a network "
                            "needs a few levels", where, label)
        self.check_nesting(scope, where, label)
        self.check_keys(body, tuple(block.args), where, label)
        if len(inputs) != 1:
            raise SpecError(f"a block reads one input, but 'from' names {len(inputs)}", where,
                            label)
        shares_from = scope.shares_from
        if "shares" in body:
            shares_from = (self.twin_prefix(body, scope, where, label), f"{full}/")
        flags = self.layer_flags(body, scope, where, label) \
            if scope.flags or not _FLAGGED.isdisjoint(body) else {}
        defined_in = getattr(block.layers, "location", None)
        elsewhere = defined_in is not None and defined_in.file != where.file
        used = (where, label) if elsewhere and scope.used is None else scope.used
        context = f"line {where.line}" if not elsewhere else str(where)
        inner = Scope(prefix=f"{full}/", input=inputs[0], args={},
                      context="" if used is not scope.used else
                      f" (in block '{block.name}' used at {context})",
                      blocks=scope.blocks + (block.name,), depth=scope.depth + 1,
                      flags={key: value for key, value in flags.items()
                             if value != _FLAG_DEFAULTS[key]}, used=used,
                      shares_from=shares_from)
        for arg, default in block.args.items():
            if arg in body:
                inner.args[arg] = body[arg]
            elif default is REQUIRED_ARG:
                raise SpecError(f"block '{block.name}' needs the argument '{arg}' "
                                f"(its arguments: {', '.join(block.args)})", where, label)
            else:  # a default may be an expression of the arguments before it
                try:
                    inner.args[arg] = self.substitute(default, inner, where, index)
                except SpecError as error:
                    better = _read_after(block, arg, default, where, label)
                    if better is not None:
                        raise better from None
                    if error.location != where:   # another layer's, met reading its shape
                        raise
                    raise SpecError(f"the default of '{arg}' in block '{block.name}', "
                                    f"{error.message}", where, label) from None
        if used is scope.used:
            output = self.expand_list(block.layers, inner, inputs[0])
        else:   # the first block from another file: its errors are told at the user's line
            try:
                output = self.expand_list(block.layers, inner, inputs[0])
            except SpecError as error:
                if error.location is None or error.location.file == where.file:
                    raise
                at, named = across(used, error.location, error.layer)
                raise SpecError(error.message, at, named) from None
        if "output" in body and self.output_flag(body, where, label) and output in self.pending:
            self.pending[output].is_output = True   # the instance's output: its last layer
        scope.names[local] = output  # an instance's name means its output: its last layer
        scope.instances[local] = inner
        return output

    def layer_flags(self, body, scope: Scope, where: Location, label: str) -> dict[str, bool]:
        """``trainable`` and ``functional`` for a layer or block: its own setting, else the
        enclosing block's, else the default (trainable, a module)."""
        flags = {**_FLAG_DEFAULTS, **scope.flags}
        for key in LAYER_FLAGS:
            if key in body:
                value = body[key]
                if not isinstance(value, bool):
                    at = body.value_location(key) if isinstance(body, MarkedDict) else where
                    raise SpecError(f"'{key}' is true or false, received {shown(value)}", at,
                                    label)
                flags[key] = value
        return flags

    @staticmethod
    def output_flag(body, where: Location, label: str) -> bool:
        """``output: true``: the layer is an output of the network besides its last layer (an
        auxiliary classifier), so that nothing reading it is no mistake (`unread_warnings`)."""
        value = body["output"]
        if not isinstance(value, bool):
            at = body.value_location("output") if isinstance(body, MarkedDict) else where
            raise SpecError(f"'output' is true or false, received {shown(value)}", at, label)
        return value

    def twin_prefix(self, body, scope: Scope, where: Location, label: str) -> str:
        """The prefix of the block instance ``shares: <instance>`` on a block names (one
        written before, in this list or an enclosing one)."""
        value = body["shares"]
        at = body.value_location("shares") if isinstance(body, MarkedDict) else where
        name = value.strip() if isinstance(value, str) else None
        look = scope
        while name and look is not None:
            if name in look.instances:
                return look.instances[name].prefix
            look = look.parent
        known = [instance for look in _chain(scope) for instance in look.instances]
        raise SpecError(f"'shares: {one_line(str(value))[:80]}' on a block names the block "
                        "instance whose "
                        "weights each of its layers uses, one used before this one"
                        f"{closest(str(value), known)}; the instances before it: "
                        f"{', '.join(known) or 'none'}", at, label)

    def shared_reference(self, body, scope: Scope, where: Location, index: int) -> Ref:
        """``shares: <layer>``: a reference to the layer whose weights this one uses,
        resolved with the others in `finish`."""
        value = body["shares"]
        at = body.value_location("shares") if isinstance(body, MarkedDict) else where
        if not isinstance(value, str) or not value.strip():
            raise SpecError("'shares' names one layer, the one whose weights this layer uses, "
                            f"received {shown(value)}", at, scope.label(index))
        return Ref(value.strip(), scope, at, "shares")

    # --- names and references ----------------------------------------------------------------
    def check_name(self, name: Any, body, where, index, scope) -> str:
        if isinstance(name, str) and name.strip() and "/" not in name and name != INPUT:
            return name
        at = body.key_location("name") if isinstance(body, MarkedDict) else where
        if not isinstance(name, (str, int)) or isinstance(name, bool) or str(name).strip() == "":
            raise SpecError(f"name must be a word, received {shown(name)}", at, scope.label(index))
        name = str(name)
        if "/" in name or name == INPUT:
            raise SpecError(f"'{name}' cannot be a layer name: '/' separates block names and "
                            f"'{INPUT}' is the network input", at, scope.label(index))
        return name

    def claim_name(self, name: str | None, prefix: str, scope: Scope, where,
                   index) -> tuple[str, str]:
        """(full name, local name) for a new layer or block instance: explicit, or the prefix
        and the next free counter. Explicit names leave the counter alone, so an explicit
        ``relu0`` does not make the next unnamed relu ``relu2``."""
        full_names, outer = self.full_names, scope.prefix
        if name is None:
            joint = "_" if prefix[-1:].isdigit() else ""  # relu6_1, not relu61
            count = scope.counters.get(prefix, 0)
            while True:  # the next count whose name is free
                count += 1
                local = f"{prefix}{joint}{count}"
                full = outer + local
                if full not in full_names:
                    break
            scope.counters[prefix] = count
            key = local
        else:
            key, local = name, name + scope.suffix
            full = outer + local
            if full in full_names:
                first = full_names[full]
                raise SpecError(f"the name '{full}' is already used by the layer at line "
                                f"{first.line}; give each layer its own name", where,
                                scope.label(index))
        full_names[full] = where
        scope.names[key] = full
        return full, key

    def references(self, value: Any, body, scope: Scope, where, index) -> list[Ref] | None:
        if value is None:
            return None
        at = body.value_location("from") if isinstance(body, MarkedDict) else where
        names = list(value) if isinstance(value, list) else [value]
        if not names or not all(isinstance(name, (str, int)) and not isinstance(name, bool)
                                for name in names):
            raise SpecError(f"'from' names one layer or a list of layers, received {shown(value)}",
                            at, scope.label(index))
        return [Ref(str(name), scope, at) for name in names]

    def resolve(self, ref: "str | Ref", reader: "PendingNode | str") -> str:
        """The full name a reference stands for; `reader` (a node or its label) is named in
        errors. A name may stand for another reference (an item left out passes on what it
        reads): followed in a loop, however long the chain."""
        seen: set = set()
        if isinstance(ref, Ref) and ref.setting != "from" and ref.scope.left_out(ref.name):
            raise SpecError(f"'{ref.setting}: {ref.name}' names a layer that is left out (by "
                            "if: false or repeat: 0), so there is no such layer to name; name "
                            "one that is there, or leave this layer out too",
                            ref.location, getattr(reader, "label", reader))
        while not isinstance(ref, str):
            if ref.reads == "input":
                ref = self.input_of(ref, reader)
                continue
            target = ref.scope.lookup(ref.name)
            if target is None or ref in seen:
                known = ref.scope.known_names() + [INPUT]
                raise SpecError(f"'{ref.setting}: {ref.name}' names no layer"
                                f"{closest(ref.name, known)}; "
                                "it must be a layer's name in the same list or block, a layer "
                                f"inside a block instance as 'instance/name', or '{INPUT}'",
                                ref.location, getattr(reader, "label", reader))
            seen.add(ref)
            ref = target
        return ref

    def input_of(self, ref: Ref, reader) -> "str | Ref":
        """What the layer `ref` names reads (its first input), for ``reads: "input"``."""
        named = self.resolve(Ref(ref.name, ref.scope, ref.location, ref.setting), reader)
        node = self.pending.get(named)
        if node is None:
            raise SpecError(f"'{ref.setting}: {ref.name}' names the network input, which is no "
                            "layer and reads nothing; name a layer", ref.location,
                            getattr(reader, "label", reader))
        return node.inputs[0]

    def bind_named_layers(self, node: PendingNode, refs) -> None:
        """Tell `node.layer` the layer each of its layer-naming settings names (`Layer.bind`):
        the extra inputs, last in `refs`."""
        named = node.layer.named_layers()
        for (key, _), ref in zip(named, refs[len(refs) - len(named):]):
            full = self.resolve(Ref(ref.name, ref.scope, ref.location, key), node)
            target = self.pending.get(full)
            try:
                node.layer.bind(key, full, target.kind if target else INPUT,
                                target.layer if target else None)
            except SettingError as error:
                raise SpecError(str(error), ref.location, node.label) from None

    def shape_of(self, ref: "str | Ref", label: str) -> Shape:
        """The output shape of what `ref` names, worked out from the layers expanded so far —
        for expressions such as ``${input.channels * 6}``. A layer further down the file has no
        shape yet: that is an error, not a guess."""
        if isinstance(ref, Ref) and ref.scope.lookup(ref.name) is None:
            raise SpecError(f"an expression reads the shape of '{ref.name}', which is no layer "
                            "written before this point; input.channels, input.height and "
                            "input.width can only read layers that come earlier in the file",
                            ref.location, label)
        target = self.resolve(ref, label)
        if not self.shapes:
            raise SpecError("input.channels and its kin need the network's input shape", None,
                            label)
        stack, visiting = [target], set()
        while stack:
            name = stack[-1]
            if name in self.shapes:
                stack.pop()
                continue
            node = self.pending.get(name)
            if node is None:
                raise SpecError(f"an expression reads the shape of '{name}', which comes later "
                                "in the file; input.channels, input.height and input.width can "
                                "only read layers written before", None, label)
            inputs = [self.resolve(r, node) for r in node.inputs]
            missing = [n for n in inputs if n not in self.shapes]
            if missing:
                if name in visiting:
                    raise SpecError(f"'{name}' reads itself through 'from', so its shape "
                                    "cannot be known", node.location, node.label)
                visiting.add(name)
                stack.extend(missing)
                continue
            self.check_input_count(node, inputs)
            shapes = [self.shapes[n] for n in inputs]
            try:
                shape = checked_output(node.layer.output_shape(shapes))
            except ShapeError as error:
                received = ", ".join(shape_text(s) for s in shapes)
                raise SpecError(f"{error} (input {received})", node.location,
                                node.label) from None
            self.shapes[name] = shape
            stack.pop()
        return self.shapes[target]

    def check_input_count(self, pending: PendingNode, inputs) -> None:
        cls = REGISTRY[pending.kind]
        if cls.layer_settings:   # the layers its settings name are not counted
            inputs = inputs[:len(inputs) - len(pending.layer.named_layers())]
        if len(inputs) < cls.min_inputs or (cls.max_inputs and len(inputs) > cls.max_inputs):
            if cls.max_inputs is None:
                wanted = f"{cls.min_inputs} or more inputs, e.g. from: [a, b]"
            elif cls.max_inputs == cls.min_inputs:
                wanted = f"{cls.max_inputs} input" + ("s" if cls.max_inputs > 1 else "")
            else:
                wanted = f"{cls.min_inputs} to {cls.max_inputs} inputs"
            raise SpecError(f"{pending.kind} reads {wanted}, but receives {len(inputs)}"
                            f"{cls.inputs_hint}", pending.location, pending.label)

    def finish(self) -> list[Node]:
        """The nodes, each reading full names (resolved in place: the nodes are those made
        while unrolling)."""
        resolve = self.resolve
        for node in self.nodes:
            refs = node.inputs
            if len(refs) == 1 and isinstance(refs[0], str):
                inputs = (refs[0],)
            else:
                inputs = tuple(ref if isinstance(ref, str) else _named(ref) or resolve(ref, node)
                               for ref in refs)
            self.check_input_count(node, inputs)
            node.inputs = inputs
            if node.layer.layer_settings:
                self.bind_named_layers(node, refs)
            if node.shares is not None and not isinstance(node.shares, str):
                node.shares = resolve(node.shares, node)
        return list(self.nodes)

    # --- settings ----------------------------------------------------------------------------
    def check_keys(self, body: Any, allowed, where, label) -> None:
        """Refuse a key of `body` that is neither in `allowed` (names, or a kind's settings)
        nor a common key."""
        if not isinstance(body, dict):
            raise SpecError(f"expected a mapping of settings, received {shown(body)}", where, label)
        for key in body:
            if key not in allowed and key not in _COMMON:
                choices = [*allowed, *COMMON_KEYS]
                at = body.key_location(key) if isinstance(body, MarkedDict) else where
                raise SpecError(f"unknown setting '{key}'{closest(key, choices)}; this layer "
                                f"takes: {', '.join(choices)}", at, label)

    def whole(self, body, key, where, index, scope, default, least) -> int:
        """The whole number ``body[key]`` (`default` when not given), at least `least`."""
        value = body.get(key, default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None or isinstance(value, bool) or not isinstance(value, int) or value < least:
            at = body.value_location(key) if isinstance(body, MarkedDict) else where
            raise SpecError(f"{key} must be a whole number of at least {least}, received "
                            f"{shown(value)}", at, scope.label(index))
        return value

    def condition(self, body, where, index, scope) -> bool:
        """``if:`` — true keeps the item, false leaves it out; anything else is an error."""
        value = body["if"]
        try:
            return truth(value, "if")   # the source is said below, only when wrong
        except SettingError:
            at = body.value_location("if") if isinstance(body, MarkedDict) else where
            raise SpecError(f"'if' must be true or false, received {shown(value)}; write a "
                            "comparison such as \"${stride == 1}\" or a true/false argument",
                            at, scope.label(index)) from None

    def has_arguments(self, body: Any, where: Location, index: int, scope: Scope) -> bool:
        """`has_arguments`, the values looked at charged to the budget."""
        try:
            return has_arguments(body, self.budget)
        except SettingError as error:   # the budget spent
            raise SpecError(str(error), where, scope.label(index)) from None

    def substitute(self, body: Any, scope: Scope, where: Location, index: int) -> Any:
        """`body` with ``$arg`` and ``${expr}`` replaced by the block's arguments: a copy of each
        list and mapping that holds one, the others as they are (they are only read)."""
        args, budget = scope.args, self.budget
        names: dict[str, Any] = {}

        def text(value: str, at: Callable[[], Location]) -> Any:
            whole = _ARG.fullmatch(value.strip())
            if whole:
                expression = _expression(whole)
                word = expression.strip()
                if word in args and len(expression) <= MAX_EXPRESSION and _plain_word(word):
                    return args[word]  # $c: what evaluate("c") gives, without parsing it
            if not names:
                names.update(args)
                names["input"] = InputShape(lambda: self.shape_of(scope.input,
                                                                  scope.label(index)))
            try:
                if whole:
                    return evaluate(expression, names, budget)
                return built_text(value, names, budget)
            except SettingError as error:
                raise SpecError(str(error), at(), scope.label(index)) from None

        def fill(value: Any, at: Callable[[], Location]) -> Any:
            """`value` filled in; `at()` is where it stands, asked only for an error."""
            if isinstance(value, str):
                return text(value, at) if "$" in value else value
            if not isinstance(value, (list, dict)) or not has_arguments(value):
                return value
            budget.left -= len(value)  # a step per item copied
            if budget.left < 0:
                budget.spend(0)
            if isinstance(value, list):
                if isinstance(value, MarkedList):
                    return value.marked_like([fill(item, lambda i=i: value.item_location(i))
                                              for i, item in enumerate(value)])
                result = MarkedList([fill(item, at) for item in value])
                result.location, result.item_locations = at(), []
                return result
            if isinstance(value, MarkedDict):
                return value.marked_like([(key, fill(item, lambda key=key:
                                                     value.value_location(key)))
                                          for key, item in value.items()])
            return copy_marked(value, lambda key, item: fill(item, at))

        try:
            return fill(body, lambda: where)
        except SettingError as error:   # the budget spent on copies (text says its own place)
            raise SpecError(str(error), where, scope.label(index)) from None


_COMMON = frozenset(COMMON_KEYS)
_FLAGGED = frozenset((*LAYER_FLAGS, "shares"))
_FLAG_DEFAULTS = {"trainable": True, "functional": False}
_GROUP_KEYS = ("if", *LAYER_FLAGS)
"""The common keys a ``repeat`` group takes (its flags pass to every layer inside)."""
_PASSED_OVER = _COMMON - _FLAGGED - {"output"}
"""The common keys an item's settings lose once read (its flags and ``output`` stay, for the
layer or block)."""
_BEFORE_FIRST = ("if", "repeat", "count_from", "first")
"""The keys an item's ``first:`` copy leaves out (`COMMON_KEYS` read before it)."""
_ONCE = frozenset(_BEFORE_FIRST)
"""An item with none of these keys is made once (name and from: are the other common keys)."""


def across(used: tuple[Location, str], location: Location, label: str | None
           ) -> tuple[Location, str]:
    """Where an error inside a block from another file is told: at the line that used the
    block, the layer inside named after an arrow with its own place — ``spec.yaml:6:5: layer 2
    'conv_bn_act2' → layer 1 'conv_bn_act2/conv' at units.yaml (bundled):12:9: …``."""
    at, named = used
    return at, f"{named} → {label or 'a layer'} at {location}"


def _expression(match: re.Match) -> str:
    """The expression of a ``${…}`` or ``$name`` match (``${}`` gives the empty one)."""
    braced = match.group(1)
    return braced if braced is not None else match.group(2)


def built_text(template: str, names: dict[str, Any], budget: Budget) -> str:
    """`template` with each ``$name`` and ``${expr}`` in it replaced by its value written out,
    its size checked before each piece is added: at most `MAX_TEXT` characters."""
    if len(template) > MAX_TEXT:
        raise SettingError(f"a text with $ in it has at most {MAX_TEXT:,} characters; this one "
                           f"has {len(template):,}")
    pieces, size, end = [], 0, 0
    for match in _ARG.finditer(template):
        value = evaluate(_expression(match), names, budget)
        if isinstance(value, (list, dict)):
            raise SettingError(f"'{match.group(0)[:40]}' is a list or a mapping, which cannot "
                               "stand inside a text; write it alone to pass it whole")
        shown = value if isinstance(value, str) else str(value)
        size += match.start() - end + len(shown)
        if size > MAX_TEXT:
            raise SettingError(f"the text made of '{template[:40]}' would be longer than "
                               f"{MAX_TEXT:,} characters (an argument put in twice doubles at "
                               "every level of blocks); a setting is a word or a number")
        pieces += (template[end:match.start()], shown)
        end = match.end()
    pieces.append(template[end:])
    budget.spend((size + len(template)) // TEXT_STEP)
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def _plain_word(word: str) -> bool:
    """Whether ``$word`` is simply the argument of that name: what `evaluate` would make of it
    (not ``input``, a keyword or a name Python would normalise)."""
    return word != "input" and word.isascii() and word.isidentifier() \
        and not keyword.iskeyword(word)


def _chain(scope: Scope):
    """`scope` and every scope it sits in."""
    while scope is not None:
        yield scope
        scope = scope.parent


def _named(ref: Ref) -> str | None:
    """What `Expander.resolve` makes of `ref` when it is a plain name of a layer in its own
    scope (most references); None otherwise, for `resolve` to work out."""
    if "/" in ref.name or ref.reads != "output":
        return None
    target = ref.scope.names.get(ref.name)
    return target if target.__class__ is str else None


def has_arguments(value: Any, budget: Budget | None = None) -> bool:
    """Whether a ``$`` stands in any text among the values of `value` (a mapping or a list),
    at any depth: whether `Expander.substitute` has anything to fill in. With `budget`, a step
    is spent per value looked at and per `TEXT_STEP` characters of text (a block's layer is
    looked at again at each use, and may hold a long list or text)."""
    todo, seen, characters = [value], 0, 0
    try:
        while todo:
            value = todo.pop()
            seen += len(value)
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, str):
                    characters += len(item)
                    if "$" in item:
                        return True
                elif isinstance(item, (dict, list)):
                    todo.append(item)
        return False
    finally:
        if budget is not None:
            budget.left -= seen + characters // TEXT_STEP
            if budget.left < 0:
                budget.spend(0)


def marked_like(body: dict, items: list) -> MarkedDict:
    """A mapping of `items` (some of `body`'s) with `body`'s locations."""
    if isinstance(body, MarkedDict):
        return body.marked_like(items)
    return copy_marked(dict(items))



def copy_marked(mapping: dict, transform: Callable[[Any, Any], Any] | None = None,
                where: Location | None = None, like: dict | None = None) -> MarkedDict:
    """A `MarkedDict` copy of `mapping` (by default: with `like`'s locations), each value
    transformed, its locations kept (or all set to `where` for a mapping that did not come from
    the file). The copy has locations of its own, which may be changed."""
    like = mapping if like is None else like
    result = MarkedDict((key, transform(key, value) if transform else value)
                        for key, value in mapping.items())
    result.location = getattr(like, "location", where)
    result.key_locations = dict(getattr(like, "key_locations", {}))
    result.value_locations = dict(getattr(like, "value_locations", {}))
    return result
