"""Memory budgets for the reference engine: parsing ``--max-memory`` and estimating a run's peak
before anything is allocated."""

from __future__ import annotations

import re

from ..errors import CnnCalcError, SettingError

UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6,
         "mib": 2**20, "g": 10**9, "gb": 10**9, "gib": 2**30, "t": 10**12, "tb": 10**12,
         "tib": 2**40}
DEFAULT_MAX_MEMORY = 4 * 2**30
FLOAT32 = 4


class MemoryRefused(CnnCalcError):
    """A run would need more memory than allowed; nothing was allocated."""


def parse_size(text: str) -> int:
    """``2GiB`` → 2·2^30 bytes; also GB (10^9), MiB, MB, plain bytes.

    >>> parse_size("2GiB"), parse_size("512 MB"), parse_size("1.5g")
    (2147483648, 512000000, 1500000000)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
    if not match or match.group(2).lower() not in UNITS:
        raise SettingError(f"--max-memory {text!r} is not a size; write e.g. 2GiB, 512MiB or 4GB")
    size = int(float(match.group(1)) * UNITS[match.group(2).lower()])
    if size <= 0:
        raise SettingError(f"--max-memory must be more than 0, received {text!r}")
    return size


def gib(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.2f} GiB"
