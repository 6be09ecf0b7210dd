"""Memory budgets for the reference engine: parsing ``--max-memory`` and ``--seed`` with bounds,
and the refusal raised when a run's estimated peak is above the limit (the estimate itself:
`cnncalc.engine.scratch` per layer, `cnncalc.verify.estimate_peak` per run)."""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import CnnCalcError, SettingError

UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6,
         "mib": 2**20, "g": 10**9, "gb": 10**9, "gib": 2**30, "t": 10**12, "tb": 10**12,
         "tib": 2**40}
DEFAULT_MAX_MEMORY = 4 * 2**30
MAX_SIZE = 2**50
"""The largest ``--max-memory`` taken (1 PiB): more than any machine, and a number with a bound."""
MAX_DIGITS = 20
"""Digits allowed before and after the point of a size (a 400-digit number is refused at once)."""
MAX_SEED = 2**64 - 1
FLOAT32 = 4

_SIZE = re.compile(r"\s*([0-9]+)(?:\.([0-9]+))?\s*([a-zA-Z]*)\s*", re.ASCII)
_EXAMPLES = "write e.g. 2GiB, 512MiB or 4GB (digits 0-9, then a unit)"


class MemoryRefused(CnnCalcError):
    """A run would need more memory than allowed; nothing was allocated."""


def parse_size(text: str) -> int:
    """``2GiB`` → 2·2^30 bytes; also GB (10^9), MiB, MB, plain bytes; a whole number of bytes
    from 1 to `MAX_SIZE`, written in ASCII digits.

    >>> parse_size("2GiB"), parse_size("512 MB"), parse_size("1.5g")
    (2147483648, 512000000, 1500000000)
    """
    text = str(text)
    shown = repr(text if len(text) <= 40 else text[:40] + "…")
    match = _SIZE.fullmatch(text)
    if not match or match.group(3).lower() not in UNITS:
        raise SettingError(f"--max-memory {shown} is not a size; {_EXAMPLES}")
    whole, fraction, unit = match.group(1), match.group(2) or "", match.group(3)
    if len(whole.lstrip("0")) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        raise SettingError(f"--max-memory {shown} has more than {MAX_DIGITS} digits; {_EXAMPLES}")
    size = Fraction(f"{whole}.{fraction or 0}") * UNITS[unit.lower()]
    if size <= 0:
        raise SettingError(f"--max-memory must be more than 0 bytes, received {shown}")
    if size.denominator != 1:
        raise SettingError(
            f"--max-memory {shown} is {float(size):g} bytes, not a whole number of bytes; "
            f"give a unit (e.g. {whole}{'.' + fraction if fraction else ''}GiB)")
    if size > MAX_SIZE:
        raise SettingError(f"--max-memory {shown} is more than {MAX_SIZE // 2**50} PiB, the "
                           "largest limit taken; write a smaller size, e.g. 64GiB")
    return int(size)


def parse_seed(text: str) -> int:
    """A seed for NumPy's generator: a whole number from 0 to 2^64 − 1 in ASCII digits.

    >>> parse_seed("7"), parse_seed(" 0 ")
    (7, 0)
    """
    text = str(text)
    digits = text.strip()
    shown = repr(text if len(text) <= 40 else text[:40] + "…")
    if not (digits.isascii() and digits.isdigit()):
        raise SettingError(f"--seed {shown} is not a whole number from 0 to {MAX_SEED:,}; "
                           "write digits 0-9, e.g. --seed 7")
    if len(digits.lstrip("0")) > len(str(MAX_SEED)) or int(digits) > MAX_SEED:
        raise SettingError(f"--seed {shown} is more than {MAX_SEED:,}, the largest seed; "
                           "write a smaller one, e.g. --seed 7")
    return int(digits)


def gib(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.2f} GiB"
