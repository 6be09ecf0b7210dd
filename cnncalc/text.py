"""How numbers and shapes are written for people: one place, used by formulas and every view."""

from __future__ import annotations

from fractions import Fraction
import difflib
from typing import Sequence


def thousands(number: int) -> str:
    """Thousands separators.

    >>> thousands(60965224)
    '60,965,224'
    """
    return f"{number:,}"


def shape_text(shape: Sequence[int]) -> str:
    """H×W×C, or the bare length of a vector.

    >>> shape_text((55, 55, 96)), shape_text((4096,))
    ('55×55×96', '4096')
    """
    return "×".join(str(size) for size in shape)


def pair_text(pair: Sequence[int], sep: str = "×") -> str:
    """A kernel as ``3×5``; with ``sep=None`` a stride or dilation as ``2`` (equal) or ``2,1``.

    >>> pair_text((3, 5)), pair_text((2, 2), sep=None)
    ('3×5', '2')
    """
    if sep is None:
        return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]},{pair[1]}"
    return f"{pair[0]}{sep}{pair[1]}"


def product_text(factors: Sequence[int | str]) -> str:
    """Factors as a product.

    >>> product_text([55, 55, 96])
    '55·55·96'
    """
    return "·".join(str(factor) for factor in factors)


def and_list(words: Sequence[str]) -> str:
    """Words joined the way a sentence lists them.

    >>> and_list(["stride"]), and_list(["kernel", "stride", "padding"])
    ('stride', 'kernel, stride and padding')
    """
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def number_text(value: int | Fraction) -> str:
    """A whole number as is; a fraction as a short decimal or, when it has none, as ``a/b``.

    >>> number_text(5), number_text(Fraction(-1, 4)), number_text(Fraction(7, 3))
    ('5', '-0.25', '7/3')
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    decimal = f"{float(value):.6g}"
    return decimal if Fraction(decimal) == value else f"{value.numerator}/{value.denominator}"


SI_PREFIXES = ("", " k", " M", " G", " T")


def human_number(number: int) -> str:
    """Three significant figures with an SI prefix (k = 10³, M = 10⁶, G = 10⁹, T = 10¹²).

    >>> human_number(60965224), human_number(724406816), human_number(34944), human_number(96)
    ('61.0 M', '724 M', '34.9 k', '96')
    >>> human_number(999_999), human_number(1_448_813_632)
    ('1.00 M', '1.45 G')
    """
    if abs(number) < 1000:
        return str(number)
    power = 0
    value = float(number)
    while abs(value) >= 1000 and power < len(SI_PREFIXES) - 1:
        value /= 1000
        power += 1
    digits = f"{value:.3g}"
    if float(digits) >= 1000 and power < len(SI_PREFIXES) - 1:  # 999.9 k rounds up to 1.00 M
        value /= 1000
        power += 1
    rounded = float(f"{value:.3g}")
    decimals = max(0, 3 - len(str(int(abs(rounded)))))
    return f"{rounded:.{decimals}f}{SI_PREFIXES[power]}"


IN_PLACE = "in place"


def size_text(n_bytes: int) -> str:
    """Bytes in binary units (KiB = 2^10, MiB = 2^20, GiB = 2^30), one decimal.

    >>> size_text(512), size_text(602_112), size_text(60_954_432)
    ('512 B', '588.0 KiB', '58.1 MiB')
    """
    for unit, power in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n_bytes >= 2**power:
            return f"{n_bytes / 2**power:,.1f} {unit}"
    return f"{n_bytes} B"


def closest(word: str, choices) -> str:
    """`` (did you mean 'conv'?)`` when something is close, else an empty string.

    >>> closest("kernal", ["kernel", "stride"]), closest("xyz", ["kernel"])
    (" (did you mean 'kernel'?)", '')
    """
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
