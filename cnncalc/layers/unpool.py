"""Max unpooling (SegNet's decoder): each value put back where its max pool found the maximum,
zeros elsewhere — PyTorch's ``nn.MaxUnpool2d`` fed the pool's indices. The layer names its pool
(``pool: pool3``); the output takes the size of that pool's input."""

from __future__ import annotations

from ..errors import SettingError, ShapeError
from ..receptive import AxisWindow
from ..text import pair_text
from .base import Layer, feature_map, register
from .pool import MaxPool
from .settings import Setting, layer_name

POOL_SETTINGS = ("kernel", "stride", "padding", "ceil_mode")


@register
class MaxUnpool(Layer):
    """Output H×W = the named max pool's input H×W (not ``s·h``: SegNet's 45×60 map pools to
    22×30 and unpools to 45×60 again, where ``scale: 2`` gives 44×60), C = its own input's,
    which must be the pool's. No parameters, no multiplications: values are copied to the
    positions of the maxima, the rest are zeros. The named pool's input is an extra input of
    the node (its size, and the engine's maxima), whose values the output does not copy."""

    kind = "max_unpool"
    aliases = ("maxunpool", "max_unpool2d")
    prefix = "unpool"
    in_place = False   # a map of its own: zeros, the values put back among them
    engine_scratch = {"output": 1, "input": 3.25}   # values and int64 indices, a bool mask
    doc = "max unpooling: values back at their max pool's maxima (SegNet), zeros elsewhere"
    settings = {"pool": Setting(layer_name, doc="the max pool whose maxima it restores; the "
                                                "output takes the size of that pool's input")}
    shorthand = "pool"
    layer_settings = {"pool": "input"}
    pool_window: tuple | None = None
    """The named pool's (kernel, stride, padding, ceil_mode), told by `bind`."""

    def bind(self, setting, name, kind, layer) -> None:
        if kind != MaxPool.kind:
            raise SettingError(f"pool: {name} names a {kind} layer; max_unpool needs the "
                               "maxpool whose maxima it puts the values back at")
        self.pool = name
        self.pool_window = tuple(getattr(layer, key) for key in POOL_SETTINGS)

    def pool_layer(self) -> MaxPool:
        """The named pool's window, as a layer of its own."""
        if self.pool_window is None:
            raise ShapeError(f"pool: {self.pool} needs that pool's shape and window, which only "
                             "a network gives")
        return MaxPool(**dict(zip(POOL_SETTINGS, self.pool_window)))

    def describe(self) -> str:
        return f"by {self.pool}"

    def output_shape(self, inputs):
        h, w, c = feature_map(inputs[0], self)
        pool = self.pool_layer()
        if len(inputs) < 2:
            raise ShapeError(f"pool: {self.pool} needs that pool's input shape")
        big_h, big_w, big_c = feature_map(inputs[1], self)
        if c != big_c:
            raise ShapeError(f"max_unpool receives {c} channels, but its pool {self.pool} "
                             f"pooled {big_c}; the values go back to the pool's maxima channel "
                             f"by channel, so the channels must match (a conv to {big_c} "
                             "filters before it)")
        pooled = pool.output_shape([inputs[1]])[:2]
        if pooled != (h, w):
            raise ShapeError(f"max_unpool receives {h}×{w}, but its pool {self.pool} made "
                             f"{pair_text(pooled)} of {big_h}×{big_w}; it can only unpool a "
                             "map of its pool's output size")
        return big_h, big_w, c

    def fed_by(self, inputs):
        return (0,)   # the pool's input gives its size and the places of the maxima

    def window(self, inputs):
        """Output o (in the pool's input) holds the value of the pooled position i whose window
        covers it, ``i·s − P ≤ o ≤ i·s − P + F − 1``: a transposed window of span F, stride S,
        padding P — the pool's, read backwards."""
        pool = self.pool_layer()
        pads = pool.pads(*inputs[1][:2])
        return tuple(AxisWindow(k, s, before, transposed=True)
                     for k, s, (before, _) in zip(pool.kernel, pool.stride, pads))

    def formulas(self, inputs, output):
        h, w, c = inputs[0]
        big_h, big_w, _ = inputs[1]
        return {"output": f"H, W = {big_h}×{big_w} (the input of {self.pool}, whose "
                          f"{h}×{w} output this unpools); C = {c} (unchanged)",
                "params": "none", "mults": "none (values copied to the maxima's places)"}

    def notes(self, inputs, output):
        h, w, _ = inputs[0]
        big_h, big_w, _ = output
        kh, kw = self.pool_layer().stride
        if (big_h, big_w) == (h * kh, w * kw):
            return ()
        return (f"{h}×{w} → {big_h}×{big_w}, the size of {self.pool}'s input, not "
                f"{h * kh}×{w * kw} (× the pool's stride, as upsample: {{scale: …}} would "
                "give): what no window of the pool covered comes back as zeros",)
