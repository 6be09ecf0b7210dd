"""STAND-IN (to be replaced by the check-slips branch): typical slips and their values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Slip(str, Enum):
    FLOPS_FOR_MULTS = "flops_for_mults"
    MULTS_FOR_FLOPS = "mults_for_flops"
    NO_BIAS = "no_bias"
    EXTRA_BIAS = "extra_bias"
    CEIL_FOR_FLOOR = "ceil_for_floor"
    FLOOR_FOR_CEIL = "floor_for_ceil"
    GROUPS_IGNORED = "groups_ignored"
    PADDING_FORGOTTEN = "padding_forgotten"
    HW_SWAPPED = "hw_swapped"
    CHANNELS_FIRST = "channels_first"
    WRONG_INPUT_CHANNELS = "wrong_input_channels"
    BN_STATISTICS_COUNTED = "bn_statistics_counted"
    BN_STATISTICS_LEFT_OUT = "bn_statistics_left_out"
    TRANSPOSED_OVER_OUTPUT = "transposed_over_output"

    @property
    def text(self) -> str:
        return self.value.replace("_", " ")

    @property
    def is_convention(self) -> bool:
        return False


@dataclass(frozen=True)
class Candidate:
    slips: tuple
    value: object
    why: str


def layer_candidates(quantity, node, network, summary) -> list[Candidate]:
    return []


def total_candidates(quantity, network, summary) -> list[Candidate]:
    return []


def slip_named(word):
    try:
        return Slip(str(word).strip().lower())
    except ValueError:
        return None
