"""The contract every layer kind fulfils, and the registry that holds one class per kind.

A kind is a small class: its settings (declared, parsed and validated on construction) and four
questions answered from the shapes of its inputs: `output_shape`, `params`, `mults` and
`formulas` (the textbook formula with this layer's numbers put in). Register it with
``@register`` and it exists everywhere: in specs, in every view, in the docs test.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any, ClassVar, Sequence

from ..errors import SettingError, ShapeError
from ..receptive import Window
from ..operations import Operations
from ..text import shape_text
from .settings import MAX_SIZE, Setting

Shape = tuple[int, ...]
"""(H, W, C) for feature maps, (N,) for vectors."""


@dataclass(frozen=True)
class Params:
    """Parameter counts: trainable (weights, biases, BN's γ and β) and not (BN running stats).
    ``biases`` is the part of ``trainable`` that is biases (BN's β included); the rest of
    ``trainable`` is weights."""

    trainable: int = 0
    non_trainable: int = 0
    biases: int = 0

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable


NO_PARAMS = Params()


@dataclass(frozen=True)
class GridAxis:
    """One axis (H or W) of a layer seen as a direct convolution over a grid, for the
    sliding-window picture (`cnncalc.sliding_window`): the `size` input cells spread out by
    `spread` (spread − 1 zeros between neighbours), `before` and `after` zeros around them, and a
    window of `kernel` taps `dilation` apart that steps by `stride`."""

    size: int
    kernel: int
    stride: int
    dilation: int
    before: int
    after: int
    spread: int = 1


class Layer:
    """One layer kind. Subclasses set the class attributes and override what applies."""

    kind: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    prefix: ClassVar[str]
    """Automatic names are ``prefix`` + a counter: conv1, pool2…"""
    settings: ClassVar[dict[str, Setting]] = {}
    shorthand: ClassVar[str | None] = None
    """The setting a bare scalar fills (``- fc: 4096`` means units: 4096)."""
    min_inputs: ClassVar[int] = 1
    max_inputs: ClassVar[int | None] = 1
    doc: ClassVar[str] = ""
    layer_settings: ClassVar[dict[str, str]] = {}
    """Settings that name another layer (``size_of: skip``, ``pool: pool3``), resolved as
    ``from:`` is (block scopes, ``instance/name``, forward references): setting → which of the
    named layer's values the node reads, as an extra input after those ``from:`` gives:
    ``"output"`` (the layer's own output) or ``"input"`` (what the named layer reads, its first
    input: a max pool's input, whose size an unpooling restores). Once every name is known the
    setting holds the named layer's full name and `bind` is told the layer. The extra inputs
    are not counted against `min_inputs`/`max_inputs`; `fed_by` says whether values are read."""
    inputs_hint: ClassVar[str] = ""
    """Added to the sentence about a wrong number of inputs (what to write instead)."""
    keeps_shape: ClassVar[bool] = False
    """One input, output of the same shape, positions unmixed (activations, BN, dropout, LRN)."""
    in_place: ClassVar[bool] = False
    """The memory rule, stated once per kind: True when the output takes no memory of its own
    because it reuses its input's: an in-place activation overwrites its input (relu, relu6,
    leaky_relu), dropout is the identity at inference, flatten is a view. Such a layer adds no
    activations to the forward total nor to what training keeps (the backward pass of
    relu-like layers needs only their output, which sits in the input's place; dropout's
    training mask is left out). Every other layer's output is counted, BatchNorm's included:
    its backward pass needs it. `cnncalc.memory` applies the rule."""
    engine_scratch: ClassVar[dict[str, float] | None] = None
    """The reference engine's rule, stated once per kind: the most memory its kernel for this
    kind holds at once besides its inputs and weights (its output and every temporary), as
    float32-sized elements over the whole batch, ``{term: coefficient}`` summed (a float64
    temporary counts 2, a bool ¼). Counted from the kernel's code, every operator's result a new
    array (NumPy's temporary elision only ever saves). Terms, evaluated by
    `cnncalc.engine.scratch` before anything is allocated: ``output`` (its elements),
    ``positions`` (output elements ÷ channels), ``input`` (the first input's elements), ``row gather`` (output rows × input columns ×
    channels: rows picked before columns), ``running product`` (with more than two
    factors, the product so far), ``interpolation`` (the resize kernel's row and column
    passes), ``lrn window`` (positions × (C + size − 1): the channels zero-padded), ``conv
    tiles``, ``transposed conv tiles``, ``pool tiles``, ``average pool tiles`` (the buffers of
    the kernel's own tiling plan, padded bands included), and ``view`` (nothing: the output is
    its input's memory). `verify` adds them up along the run and refuses above --max-memory."""

    def __init__(self, **values: Any):
        """A layer of these settings (and other attributes, for a variant), validated. They
        are plain instance attributes: no kind declares a property or other descriptor under
        a setting's name (tests/test_settings_table.py checks), so they are stored at once."""
        self.__dict__.update(values)
        self.validate()

    @classmethod
    def from_settings(cls, raw: dict[str, Any]) -> "Layer":
        """Parse raw values by the declared settings; the caller has checked the keys."""
        return cls(**cls.parse_settings(raw))

    @classmethod
    def parse_settings(cls, raw: dict[str, Any], skip=()) -> dict[str, Any]:
        """Each declared setting parsed from `raw`, defaults filled in, those in `skip` (a
        solver's unknowns) left out; a `SettingError` names the setting. The values are in the
        declared order; of several mistakes, the first declared is said.

        The common case goes by the class's `_SettingsTable`: the defaults copied at once, only
        the settings given parsed, a whole number or a word parsed once per distinct value.
        Anything unusual (`skip`, a required setting missing, a value refused) goes the long
        way, one declared setting after another, which says the first mistake."""
        table = cls.__dict__.get("_settings_table")
        if table is None or table.settings is not cls.settings:
            table = _SettingsTable(cls.settings)
            cls._settings_table = table
        if not skip and table.required.issubset(raw):
            values = table.defaults.copy()
            parsers, memos = table.parsers, table.memos
            try:
                for key, value in raw.items():
                    parse = parsers.get(key)
                    if parse is None:
                        continue  # not a setting: the caller's (a name, from:…)
                    if value.__class__ is int or value.__class__ is str:
                        memo = memos[key]
                        parsed = memo.get(value, _UNPARSED)
                        if parsed is _UNPARSED:
                            parsed = parse(value)
                            if _unchangeable(parsed):
                                memo[value] = parsed
                        values[key] = parsed
                    else:
                        values[key] = parse(value)
                return values
            except SettingError:
                pass  # said below, by the first declared setting that is wrong
        return cls._parse_each(raw, skip)

    @classmethod
    def _parse_each(cls, raw: dict[str, Any], skip) -> dict[str, Any]:
        """`parse_settings` the long way: each declared setting in turn."""
        values = {}
        for key, setting in cls.settings.items():
            if key in skip:
                continue
            if key in raw:
                try:
                    values[key] = setting.parse(raw[key])
                except SettingError as error:
                    raise SettingError(f"{key}: {error}", key=key) from None
            elif setting.required:
                raise SettingError(f"{cls.kind} needs '{key}': {setting.doc}")
            else:
                values[key] = setting.default
        return values

    def validate(self) -> None:
        """Check settings against each other; raise `SettingError`."""

    def describe(self) -> str:
        """A short summary of the hyper-parameters, e.g. ``96 × 11×11 /4``."""
        return ""

    def output_shape(self, inputs: Sequence[Shape]) -> Shape:
        raise NotImplementedError(f"{type(self).__name__} must define output_shape(inputs)")

    def params(self, inputs: Sequence[Shape]) -> Params:
        return NO_PARAMS

    def mults(self, inputs: Sequence[Shape], output: Shape) -> int:
        """Multiply-accumulates of the layer's linear arithmetic (conv and fc); 0 elsewhere."""
        return 0

    def operations(self, inputs: Sequence[Shape], output: Shape) -> Operations:
        """What the layer does for one sample, by category (`cnncalc.operations.Op`); a counting
        convention decides which categories count. Default: nothing (reshapes, concat…)."""
        return {}

    def formulas(self, inputs: Sequence[Shape], output: Shape) -> dict[str, str]:
        """The formula behind each number, keyed ``output``, ``params``, ``mults``."""
        return {}

    def notes(self, inputs: Sequence[Shape], output: Shape) -> tuple[str, ...]:
        """Teaching notes about this layer alone, computed from its numbers (none by default).
        Notes that need the graph (what feeds the layer) live in `cnncalc.graph_notes`."""
        return ()

    def mults_formula(self, inputs: Sequence[Shape], output: Shape) -> str:
        """The multiplications as a product of factors (conv: ``28·28·32 · 5·5·16``)."""
        return f"{self.mults(inputs, output):,}"

    def is_channel_reduction(self, inputs: Sequence[Shape], output: Shape) -> bool:
        """Whether this layer is a 1×1 conv that cuts the channels (an inception "reduce")."""
        return False

    def mults_on_channels(self, inputs: Sequence[Shape], output: Shape,
                          channels: int) -> tuple[int, str] | None:
        """(mults, formula) had the input had `channels` channels, for a layer whose cost
        grows with them and which a 1×1 reduction could feed; None where that does not apply."""
        return None

    # Variants: the same layer with one thing changed, computed by the same methods. A homework
    # check uses them to recognise the slips behind wrong answers (cnncalc/check/slips.py).
    def copy(self, **attributes: Any) -> "Layer":
        """This layer with some attributes replaced, validated again (`SettingError`)."""
        return type(self)(**{**vars(self), **attributes})

    def with_settings(self, **raw: Any) -> "Layer | None":
        """A copy with some settings changed, each value parsed as a spec's would be
        (``padding=0`` becomes no padding); None when the kind does not declare one of them."""
        if not all(key in self.settings for key in raw):
            return None
        return self.copy(**{key: self.settings[key].parse(value) for key, value in raw.items()})

    def rounded_up(self) -> "Layer | None":
        """A copy whose output size rounds up (⌈⌉) where this layer rounds down and has no
        ``ceil_mode`` setting to say so (a convolution): the ``ceil_for_floor`` slip. None when
        the output size does not round, or a setting controls the rounding."""
        return None

    def counted_over_output(self) -> "Layer | None":
        """A copy whose multiplications are counted over its output positions, as tools that
        treat every convolution like a forward one do (the ``transposed_over_output``
        convention); None where `mults` already counts that way."""
        return None

    def named_layers(self) -> list[tuple[str, str]]:
        """(setting, name) of each `layer_settings` entry given, in declared order: the
        node's extra inputs, last among its inputs, in this order."""
        return [(key, getattr(self, key)) for key in self.layer_settings
                if getattr(self, key, None) is not None]

    def bind(self, setting: str, name: str, kind: str, layer: "Layer") -> None:
        """Told, once names are resolved, the layer a `layer_settings` entry names: its full
        `name`, `kind` and `layer`. The default keeps the full name; a kind that needs more of
        the named layer (max_unpool: its pool's window) takes it here, as plain values, or
        raises `SettingError` when the named layer cannot be what the setting wants."""
        setattr(self, setting, name)

    def fed_by(self, inputs: Sequence[Shape]) -> tuple[int, ...]:
        """The positions of the inputs whose values the output reads (all, by default); a crop
        to a reference input reads only the first, the second gives just its size."""
        return tuple(range(len(inputs)))

    def window(self, inputs: Sequence[Shape]) -> Window:
        """This layer's window for the receptive field (`cnncalc.receptive`): an `AxisWindow`
        per axis (H, W), `GLOBAL` when every output reads the whole input, or None (the
        default) when each output position reads only the same position of its input(s)."""
        return None

    def grid_axes(self, inputs: Sequence[Shape]) -> tuple[GridAxis, GridAxis] | None:
        """This layer as a direct convolution over its input grid, per axis (H, W), for
        `cnncalc draw-conv`; None (the default) for a layer that is not a sliding window."""
        return None


_UNPARSED = object()
_MEMO_LIMIT = 1000
"""A memo of parsed values keeps at most this many distinct texts or numbers per setting."""


class _SettingsTable:
    """A layer class's settings laid out for `Layer.parse_settings`: the parser of each, the
    defaults in declared order (a required setting's place held, to be filled), the names of
    the required ones, and per setting a memo of the values parsed from whole numbers and
    words (parsers are pure functions; only unchangeable results are kept)."""

    def __init__(self, settings: dict[str, Setting]):
        self.settings = settings
        self.parsers = {key: setting.parse for key, setting in settings.items()}
        self.defaults = {key: None if setting.required else setting.default
                         for key, setting in settings.items()}
        self.required = frozenset(key for key, setting in settings.items() if setting.required)
        self.memos: dict[str, _Memo] = {key: _Memo() for key in settings}


class _Memo(dict):
    """Parsed values by their raw value, up to `_MEMO_LIMIT` of them."""

    def __setitem__(self, key, value):
        if len(self) < _MEMO_LIMIT:
            super().__setitem__(key, value)


def _unchangeable(value: Any) -> bool:
    """Whether `value` is a number, a word, None or a tuple of those (or of such tuples, a
    padding's ((top, bottom), (left, right))): safe for many layers to share."""
    if value.__class__ in _ATOMS:
        return True
    if value.__class__ is not tuple:
        return False
    return all(item.__class__ in _ATOMS or (item.__class__ is tuple and all(
        inner.__class__ in _ATOMS for inner in item)) for item in value)


_ATOMS = frozenset({int, float, str, bool, type(None)})


def feature_map(shape: Shape, layer: Layer) -> tuple[int, int, int]:
    """The (H, W, C) of an input that must be a feature map."""
    if len(shape) != 3:
        raise ShapeError(
            f"{layer.kind} needs an H×W×C input, but receives a vector of {shape_text(shape)}; "
            "spatial layers must come before flatten and fc")
    return shape  # type: ignore[return-value]


MAX_ELEMENTS = 2**62
"""A feature map or vector holds at most this many elements (a size may be `MAX_SIZE`, but not
three of them at once): below NumPy's 64-bit index, so any array the engine could allocate
has a count that fits, and every parameter or multiplication count, a product of such counts
and of bounded settings, stays an exact Python int that JSON writes exactly."""


_SMALL = 2**20


def checked_output(shape: Sequence[int]) -> Shape:
    """A layer's output shape as a tuple, or a `ShapeError` when it has no elements, a size
    above `MAX_SIZE` or more than `MAX_ELEMENTS` elements: the one check every size a layer
    computes passes (so sizes doubled a thousand times by upsampling stop at the first
    layer over, not as a 300-digit number).

    >>> checked_output([55, 55, 96])
    (55, 55, 96)
    >>> checked_output((2**31, 1, 3))
    Traceback (most recent call last):
    ...
    cnncalc.errors.ShapeError: the output would be 2147483648×1×3, with a size above 2,147,483,647 (2³¹ − 1), the largest cnncalc works with; no network has maps that large
    """
    shape = tuple(shape)
    if min(shape) < 1:
        raise ShapeError(f"the output would be {shape_text(shape)}, which has no "
                         "elements; the input is too small for this layer")
    if max(shape) <= _SMALL and len(shape) <= 3:
        return shape   # three sizes of at most 2²⁰: at most 2⁶⁰ elements
    if max(shape) > MAX_SIZE:
        raise ShapeError(f"the output would be {shape_text(shape)}, with a size above "
                         f"{MAX_SIZE:,} (2³¹ − 1), the largest cnncalc works with; no network "
                         "has maps that large")
    if prod(shape) > MAX_ELEMENTS:
        raise ShapeError(f"the output would be {shape_text(shape)}, more than 2⁶² elements, "
                         "the most cnncalc works with; no network has maps that large")
    return shape


REGISTRY: dict[str, type[Layer]] = {}
"""Every kind and alias → its class."""


def register(cls: type[Layer]) -> type[Layer]:
    """Class decorator: add a layer kind (and its aliases) to the registry."""
    for name in (cls.kind, *cls.aliases):
        if name in REGISTRY:
            raise RuntimeError(f"layer kind {name!r} is registered twice")
        REGISTRY[name] = cls
    return cls


def kinds() -> list[type[Layer]]:
    """Each registered class once, in registration order."""
    return list(dict.fromkeys(REGISTRY.values()))
