"""Layers that rearrange the channels without arithmetic: split (one group of them) and channel
shuffle. No parameters, no counted multiplications; H×W unchanged."""

from __future__ import annotations

from ..errors import SettingError, ShapeError
from ..text import shape_text
from .base import Layer, register
from .settings import Setting, either, list_of, non_negative_int, positive_int


@register
class Split(Layer):
    """The channels cut into groups, keeping group ``take`` (from 0): equal groups
    (``parts``: H×W×C → H×W×C/parts) or the ``sizes`` given (H×W×C → H×W×sizes[take]).
    ShuffleNet v2 reads both halves of one input: ``split: {parts: 2, take: 0}`` and
    ``take: 1``, as PyTorch's ``x.chunk(2, dim=1)``."""

    kind = "split"
    aliases = ("chunk",)
    prefix = "split"
    engine_scratch = {"output": 1}
    doc = "one group of the channels (equal parts or given sizes)"
    settings = {
        "parts": Setting(positive_int, None, "how many equal groups the channels are cut into"),
        "sizes": Setting(list_of(positive_int), None,
                         "the groups' channel counts instead, e.g. [16, 48] (they add up to C)"),
        "take": Setting(non_negative_int, doc="which group to keep, counting from 0"),
    }

    def validate(self) -> None:
        sizes = list(self.sizes) if self.sizes is not None else None
        either(("parts", self.parts, self.parts), ("sizes", sizes, sizes),
               "split needs 'parts' (how many equal groups) or 'sizes' (each group's "
               "channels), e.g. split: {parts: 2, take: 0}")
        groups = self.parts if self.parts is not None else len(self.sizes)
        if self.take >= groups:
            raise SettingError(f"take {self.take} is out of range: there are {groups} groups, "
                               f"numbered 0 to {groups - 1}", key="take")

    def describe(self) -> str:
        if self.sizes is not None:
            return f"{self.take} of sizes {list(self.sizes)}"
        return f"{self.take} of {self.parts}"

    def bounds(self, channels: int) -> tuple[int, int]:
        """The first channel kept and one past the last, for an input of `channels`."""
        if self.sizes is not None:
            if sum(self.sizes) != channels:
                raise ShapeError(f"the sizes {list(self.sizes)} add up to {sum(self.sizes)}, "
                                 f"not to the input's {channels} channels; make them add up")
            first = sum(self.sizes[:self.take])
            return first, first + self.sizes[self.take]
        if channels % self.parts:
            raise ShapeError(f"{channels} channels do not divide into {self.parts} equal parts; "
                             f"use parts that divide {channels}, or give 'sizes'")
        size = channels // self.parts
        return self.take * size, (self.take + 1) * size

    def output_shape(self, inputs):
        first, last = self.bounds(inputs[0][-1])
        return *inputs[0][:-1], last - first

    def formulas(self, inputs, output):
        c = inputs[0][-1]
        first, last = self.bounds(c)
        if self.sizes is not None:
            size = f"C = sizes[{self.take}] = {last - first}"
        else:
            size = f"C = {c}/{self.parts} = {last - first}"
        return {"output": f"{size} (channels {first}–{last - 1} of the input's {c})",
                "params": "none"}


@register
class ChannelShuffle(Layer):
    """ShuffleNet's channel shuffle: the C channels, seen as g groups of C/g, are read out
    member by member (channel i·C/g + j goes to j·g + i), so that the next grouped layer mixes
    every group. A permutation: same shape, no parameters, no multiplications."""

    kind = "channel_shuffle"
    aliases = ("shuffle",)
    prefix = "shuffle"
    engine_scratch = {"output": 1}
    doc = "interleave the channels of g groups (ShuffleNet)"
    settings = {"groups": Setting(positive_int, doc="g, the number of groups (C must divide)")}
    shorthand = "groups"

    def describe(self) -> str:
        return f"{self.groups} groups"

    def output_shape(self, inputs):
        channels = inputs[0][-1]
        if channels % self.groups:
            raise ShapeError(f"{channels} channels do not divide into {self.groups} groups; "
                             f"channel_shuffle needs groups that divide {channels}")
        return inputs[0]

    def formulas(self, inputs, output):
        c = output[-1]
        return {"output": f"{shape_text(output)} (unchanged: {self.groups} groups of "
                          f"{c}/{self.groups} = {c // self.groups} channels interleaved)",
                "params": "none", "mults": "none (a permutation of the channels)"}
