"""STAND-IN (to be replaced by the check-values branch): reading answers as people write them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import CnnCalcError


class UnreadableAnswer(CnnCalcError):
    """An answer that cannot be read; the message is a sentence about the answer."""


@dataclass(frozen=True)
class NumberAnswer:
    text: str
    value: Fraction
    low: Fraction
    high: Fraction
    exact: bool


@dataclass(frozen=True)
class Tolerance:
    absolute: Fraction = Fraction(0)
    relative: Fraction = Fraction(0)

    def text(self) -> str:
        return f"±{self.relative * 100}%" if self.relative else f"±{self.absolute}"


def read_number(raw) -> NumberAnswer:
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"\d[\d,]*", text):
        raise UnreadableAnswer(f"'{text}' is not a number")
    value = Fraction(int(text.replace(",", "")))
    return NumberAnswer(text, value, value, value, True)


def read_bytes(raw) -> NumberAnswer:
    return read_number(raw)


def read_shape(raw) -> tuple[int, ...]:
    if isinstance(raw, list):
        parts = [str(part) for part in raw]
    else:
        parts = re.split(r"\s*[x×X]\s*", str(raw).strip())
    if not all(part.strip().isdigit() for part in parts):
        raise UnreadableAnswer(f"'{raw}' is not a shape")
    return tuple(int(part) for part in parts)


def read_setting(raw) -> tuple[int, int]:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw, raw
    if isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, int) for v in raw):
        return raw[0], raw[1]
    raise UnreadableAnswer(f"'{raw}' is not a setting")


def read_tolerance(raw) -> Tolerance:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        try:
            return Tolerance(relative=Fraction(raw.strip()[:-1].strip()) / 100)
        except ValueError:
            pass
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw >= 0:
        return Tolerance(absolute=Fraction(raw))
    raise UnreadableAnswer(f"'{raw}' is not a tolerance")


def accepts(answer: NumberAnswer, truth, tolerance: Tolerance | None) -> bool:
    if tolerance is not None:
        return abs(answer.value - truth) <= max(tolerance.absolute,
                                                tolerance.relative * abs(truth))
    if answer.exact:
        return answer.value == truth
    return answer.low <= truth <= answer.high
