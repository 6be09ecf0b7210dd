"""Parsers for layer settings: each takes the raw YAML value and returns a clean Python value or
raises `SettingError` saying what was received and what is expected.

A layer kind declares its settings as ``{"kernel": Setting(pair_of(positive_int))}``; the spec
reader looks them up by name, so unknown keys and missing required ones are caught in one place.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import SettingError

REQUIRED = object()

MAX_SIZE = 2**31 - 1
"""Every whole-number setting (filters, kernel, stride, padding, sizes, groups…), every factor
and every size a layer computes is at most this: the largest dimension TensorFlow, ONNX
Runtime and most CUDA kernels index with a 32-bit int, far beyond any network (the largest
bundled size is 4,096). It keeps every product of a few sizes an exact, small Python int."""


@dataclass(frozen=True)
class Setting:
    """A declared setting: how to parse it, its default (or `REQUIRED`), and what it means."""

    parse: Callable[[Any], Any]
    default: Any = REQUIRED
    doc: str = ""
    unset: str = "optional"
    """What `cnncalc kinds` says of a setting whose default is None (no value)."""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def shown(value: Any) -> str:
    """A received value as a message says it: in full when short; a long text, a long or
    deeply nested list (an argument may hold one) cut short, never written out whole."""
    return _SHORT.repr(value)


class _Short(reprlib.Repr):
    """`reprlib`'s shortening, for the file's own lists and mappings (subclasses) too."""

    def repr1(self, x, level):
        if isinstance(x, list):
            return self.repr_list(x, level)
        if isinstance(x, dict):
            return self.repr_dict(x, level)
        return super().repr1(x, level)


_SHORT = _Short()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxtuple = 3, 8, 8, 8
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxlong = 40


def integer(value: Any) -> int:
    """A whole number of at most `MAX_SIZE` either way (a float only when whole: ``3.0``)."""
    if value.__class__ is int and -MAX_SIZE <= value <= MAX_SIZE:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingError(f"expected a whole number, received {shown(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise SettingError(f"expected a whole number, received {shown(value)}")
    if abs(value) > MAX_SIZE:
        raise SettingError(f"{too_large(value)}, beyond the largest size a setting may have, "
                           f"{MAX_SIZE:,} (2³¹ − 1)")
    return int(value)


def too_large(value: int | float) -> str:
    """How a number too large for a setting is said: itself when short, else its length."""
    if isinstance(value, float):
        return f"received {value:g}"
    if value.bit_length() < 100:
        return f"received {value}"
    return f"received a number of {digits(value):,} digits"


def digits(value: int) -> int:
    """How many decimal digits a whole number has, without writing it out (the bit length
    tells, to within one).

    >>> digits(10**15), digits(-999), digits(7 ** 2000) == len(str(7 ** 2000))
    (16, 3, True)
    """
    bits = abs(value).bit_length()
    guess = max(1, int(bits * 0.30102999566398120))  # log10(2)
    return guess + (abs(value) >= 10 ** guess)



def positive_int(value: Any) -> int:
    """A whole number ≥ 1 (filters, kernel sizes, strides, units…)."""
    number = integer(value)
    if number < 1:
        raise SettingError(f"must be a whole number of at least 1, received {number}")
    return number


def non_negative_int(value: Any) -> int:
    """A whole number ≥ 0 (padding, output padding)."""
    number = integer(value)
    if number < 0:
        raise SettingError(f"must be a whole number of at least 0, received {number}")
    return number


def pair_of(parse: Callable[[Any], int]) -> Callable[[Any], tuple[int, int]]:
    """A number for both axes or ``[h, w]``: ``3`` → (3, 3), ``[3, 5]`` → (3, 5)."""

    def parse_pair(value: Any) -> tuple[int, int]:
        if isinstance(value, (list, tuple)):
            if len(value) != 2:
                raise SettingError(
                    f"expected one number or a pair [h, w], received a list of {len(value)}")
            return parse(value[0]), parse(value[1])
        number = parse(value)
        return number, number

    return parse_pair


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"expected true or false, received {shown(value)}")
    return value


def number(value: Any) -> float:
    """A finite number (inf, nan and ints beyond a float's range are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingError(f"expected a number, received {shown(value)}")
    try:
        result = float(value)
    except OverflowError:
        raise SettingError(f"expected a number a float can hold, {too_large(value)}") from None
    if not math.isfinite(result):
        raise SettingError(f"expected a finite number, received {shown(value)}")
    return result


def non_negative_number(value: Any) -> float:
    result = number(value)
    if result < 0:
        raise SettingError(f"must be at least 0, received {value}")
    return result


def fraction(value: Any) -> float:
    """A probability in [0, 1)."""
    result = number(value)
    if not 0 <= result < 1:
        raise SettingError(f"must be at least 0 and below 1, received {value}")
    return result


SAME = "same"  # padding resolved per input size; otherwise ((top, bottom), (left, right))


def padding(value: Any):
    """``same``, ``valid`` (= 0), a number for every side, or ``[ph, pw]``; returns ``"same"`` or
    ``((top, bottom), (left, right))``."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word == SAME:
            return SAME
        if word == "valid":
            return (0, 0), (0, 0)
        raise SettingError("expected a number, [ph, pw], 'same' or 'valid', received "
                           f"{shown(value)}")
    try:
        ph, pw = pair_of(non_negative_int)(value)
    except SettingError as error:
        raise SettingError(f"{error}; padding is a number, [ph, pw], 'same' or 'valid'") from None
    return (ph, ph), (pw, pw)


def explicit_padding(value: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """Like `padding`, for layers where 'same' has no meaning (transposed convolution)."""
    result = padding(value)
    if result == SAME:
        raise SettingError("'same' is not defined for this layer; give the padding as numbers")
    return result


def positive_number(value: Any) -> float:
    """A number above 0 and at most `MAX_SIZE` (a scale factor)."""
    result = number(value)
    if not 0 < result <= MAX_SIZE:
        raise SettingError(f"must be a number above 0 and at most {MAX_SIZE:,}, received {value}")
    return result


def sides(value: Any) -> tuple[int, int, int, int]:
    """Four edges (top, bottom, left, right) of a padding or a crop: one number for all four,
    ``[v, h]`` for top = bottom = v and left = right = h, or ``[top, bottom, left, right]``.

    >>> sides(1), sides([1, 2]), sides([0, 1, 2, 3])
    ((1, 1, 1, 1), (1, 1, 2, 2), (0, 1, 2, 3))
    """
    if isinstance(value, (list, tuple)):
        if len(value) == 2:
            v, h = (non_negative_int(item) for item in value)
            return v, v, h, h
        if len(value) == 4:
            top, bottom, left, right = (non_negative_int(item) for item in value)
            return top, bottom, left, right
        raise SettingError(f"expected one number, [v, h] or [top, bottom, left, right], "
                           f"received a list of {len(value)}")
    edge = non_negative_int(value)
    return edge, edge, edge, edge


def layer_name(value: Any) -> str:
    """A layer's name, as ``from:`` takes it (``skip``, ``block/conv2``); resolved later."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise SettingError(f"expected the name of a layer, received {shown(value)}")
    return str(value).strip()


def one_of(*words: str) -> Callable[[Any], str]:
    """One word from a closed set, case-insensitive."""

    def parse_word(value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        if word not in words:
            raise SettingError(f"expected one of {', '.join(words)}, received {shown(value)}")
        return word

    return parse_word


MAX_LIST = 10_000
"""A setting that is a list (split's sizes) has at most this many items."""


def list_of(parse: Callable[[Any], int]) -> Callable[[Any], tuple[int, ...]]:
    """A list of one to `MAX_LIST` values, each parsed by `parse`: ``[58, 58]`` → (58, 58)."""

    def parse_list(value: Any) -> tuple[int, ...]:
        if not isinstance(value, (list, tuple)) or not value:
            raise SettingError(f"expected a list such as [58, 58], received {shown(value)}")
        if len(value) > MAX_LIST:
            raise SettingError(f"expected a list of at most {MAX_LIST:,} items, received one of "
                               f"{len(value):,}")
        return tuple(parse(item) for item in value)

    return parse_list


def either(first: tuple[str, Any, str], second: tuple[str, Any, str],
           needed: str | None = None) -> None:
    """Refuse two alternative settings given together; with `needed` (the sentence to say),
    also refuse neither. Each alternative is (name, parsed value or None, how it was given).

    >>> either(("scale", 2, "2"), ("size", (16, 16), "16×16"))
    Traceback (most recent call last):
    ...
    cnncalc.errors.SettingError: give either 'scale' or 'size', not both; received scale: 2 and size: 16×16
    """
    (name_a, value_a, text_a), (name_b, value_b, text_b) = first, second
    if value_a is not None and value_b is not None:
        raise SettingError(f"give either '{name_a}' or '{name_b}', not both; received "
                           f"{name_a}: {text_a} and {name_b}: {text_b}", key=name_b)
    if needed and value_a is None and value_b is None:
        raise SettingError(needed)
