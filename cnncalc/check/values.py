"""Reading homework answers the way people write them.

**Counts** (parameters, multiplications, FLOPs, activations; `read_number`):

- Exact whole numbers: ``34944``, ``34,944``, ``34 944`` (also with a thin or no-break space),
  ``34_944``, ``+34944``; separators must split the digits into groups of three. A YAML
  integer is exact too. ``34944.0`` (a decimal point followed only by zeros) is exact.
- Abbreviations, judged to the precision they state — half a unit of the last written digit
  either way, inclusive: ``61M`` means 60.5 M–61.5 M, ``60.97M`` 60.965 M–60.975 M, ``35K``
  34,500–35,500.

  - suffixes (any case, with or without a space): ``K``/``thousand`` = 10³,
    ``M``/``million`` = 10⁶ (a count has no milli, so ``m`` is million too),
    ``G``/``B``/``bn``/``billion`` = 10⁹, ``T``/``trillion`` = 10¹²;
  - exponents: ``3.5e4``, ``3.5E+4``, ``3.5 × 10^4``, ``3.5x10**4``, ``3.5·10⁴``, ``10^6``:
    ``3.5e4`` is written to the thousands, so it means 34,500–35,500.
- Negative numbers are read (and then marked wrong: a count is never negative); ``-0`` is 0.

Refused, with a sentence that says why and how to write it (`UnreadableAnswer`): an empty
answer, a suffix with no digits (``K``), a comma that does not separate thousands (``34,94``,
``1,2345``: a decimal point is a dot), a number that is not whole (``34.944`` — perhaps a dot
used as a thousands separator —, ``1234.5``, ``1.5e-3``), ``nan``/``inf``, hexadecimal
(``0x10``), units or words (``12 apples``, ``1.1 GFLOPs``: write the bare number, the
question says what it counts), a shape (``55x55x96``) or a list, yes/no, a mapping, an
exponent beyond ±30 and any answer over 100 characters.

YAML reads some unquoted answers before cnncalc sees them: ``1_000``, ``0x10``, ``010`` and
``1:30`` become the integers 1000, 16, 8 and 90, and ``1.5e+6`` (a sign in the exponent) the
float 1500000.0. A float is read as its shortest decimal form, so ``1.5e+6`` is then judged as
the whole number 1,500,000; write ``1.5e6``, ``1.5M`` or ``"1.5e+6"`` to be judged to the
stated precision.

**Memory** (`read_bytes`): a number and a unit. ``B``/``bytes``; decimal prefixes ``KB``,
``MB``, ``GB``, ``TB`` are powers of 10³ (1 MB = 10⁶ bytes); binary prefixes ``KiB``,
``MiB``, ``GiB``, ``TiB`` are powers of 2¹⁰ (1 MiB = 2²⁰ = 1,048,576 bytes). Units are not
case sensitive (cnncalc never counts bits). A bare number is bytes. ``4096 bytes`` is exact;
``1.2 MB`` and ``58 MiB`` are abbreviations, judged to the precision they state (``58 MiB``:
57.5–58.5 MiB). ``58M`` alone is refused: it does not say which megabyte.

**Shapes** (`read_shape`): ``55x55x96``, ``55 × 55 × 96``, ``55*55*96``, ``55 by 55 by 96``,
``[55, 55, 96]``, ``(55, 55, 96)``, ``55, 55, 96``, a YAML list ``[55, 55, 96]``; a vector is
one number: ``4096``, ``4,096``, ``(4096,)``. Sizes are whole numbers written in full.

**Hyper-parameters** (`read_setting`, for questions that ask for a padding, stride, kernel or
dilation): one number for both axes (``2``) or height and width (``2x3``, ``[2, 3]``,
``(2, 3)``, ``2, 3``).

**Tolerances** (`read_tolerance`): ``1%``, ``0.5 %`` (relative), a whole number such as
``100`` (absolute), ``{relative: 0.01}``, ``{relative: "1%"}``, ``{absolute: 100}``, or both
(the larger bound wins). A bare fraction such as ``0.01`` is refused as ambiguous: write ``1%``
or ``{absolute: 0.01}``. With a tolerance, an answer is right when
``|answer − truth| ≤ max(absolute, relative·|truth|)``; the tolerance replaces the precision
rule for abbreviations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import CnnCalcError
from ..text import thousands

MAX_LENGTH = 100
"""Longer answers are refused before any parsing."""
MAX_EXPONENT = 30
MAX_SIZES = 8
"""The most sizes a shape answer may have."""


class UnreadableAnswer(CnnCalcError):
    """An answer (or tolerance) that cannot be read; str(error) is one sentence: what was
    received, why it cannot be read, how to write it (e.g. "'34.944' is not a whole number; if
    the dot separates thousands, write 34944 or 34,944")."""


@dataclass(frozen=True)
class NumberAnswer:
    """A number as written, and the interval its written precision implies (inclusive)."""

    text: str
    value: Fraction
    low: Fraction
    high: Fraction
    exact: bool
    """Written as an exact whole number (``34944``, ``34,944``, ``34 944``)."""

    def range_text(self) -> str:
        """What the answer stands for: ``60,500,000–61,500,000``, or ``34,944`` when exact.

        >>> read_number("61M").range_text()
        '60,500,000–61,500,000'
        """
        if self.low == self.high:
            return decimal_text(self.value)
        return f"{decimal_text(self.low)}–{decimal_text(self.high)}"


@dataclass(frozen=True)
class Tolerance:
    """How far an answer may be from the truth: ``max(absolute, relative·|truth|)``."""

    absolute: Fraction = Fraction(0)
    relative: Fraction = Fraction(0)

    def text(self) -> str:
        """``±1%``, ``±100``, or both.

        >>> Tolerance(relative=Fraction(1, 200)).text(), Tolerance(absolute=Fraction(100)).text()
        ('±0.5%', '±100')
        """
        relative = f"±{decimal_text(self.relative * 100)}%"
        absolute = f"±{decimal_text(self.absolute)}"
        if self.relative and self.absolute:
            return f"{relative} or {absolute}, whichever is larger"
        return relative if self.relative else absolute


def accepts(answer: NumberAnswer, truth: int, tolerance: Tolerance | None = None) -> bool:
    """Whether `answer` is right for `truth`.

    Without a tolerance an exact answer must equal the truth and an abbreviated one must
    contain it in its precision interval; a tolerance replaces both rules:
    ``|value − truth| ≤ max(absolute, relative·|truth|)``.

    >>> accepts(read_number("61M"), 60_965_224), accepts(read_number("61.00M"), 60_965_224)
    (True, False)
    """
    if tolerance is not None:
        allowed = max(tolerance.absolute, tolerance.relative * abs(truth))
        return abs(answer.value - truth) <= allowed
    if answer.exact:
        return answer.value == truth
    return answer.low <= truth <= answer.high


# --- counts and bytes -------------------------------------------------------------------------

COUNT_SUFFIXES = {
    **dict.fromkeys(("k", "thousand", "thousands"), 10**3),
    **dict.fromkeys(("m", "mn", "million", "millions"), 10**6),
    **dict.fromkeys(("g", "b", "bn", "billion", "billions"), 10**9),
    **dict.fromkeys(("t", "tn", "trillion", "trillions"), 10**12),
}
BYTE_UNITS = {
    **dict.fromkeys(("b", "byte", "bytes"), 1),
    **{f"{prefix}b": 1000**power for power, prefix in enumerate("kmgt", 1)},
    **{f"{prefix}ib": 1024**power for power, prefix in enumerate("kmgt", 1)},
    **{f"{word}byte{s}": 1000**power for power, word in enumerate(
        ("kilo", "mega", "giga", "tera"), 1) for s in ("", "s")},
    **{f"{word}byte{s}": 1024**power for power, word in enumerate(
        ("kibi", "mebi", "gibi", "tebi"), 1) for s in ("", "s")},
}
COUNT_HINT = "write a whole number such as 34944 or 34,944, or an abbreviation such as 35K"
BYTES_HINT = ("write a number of bytes such as 4096, or a size with its unit such as 1.2 MB or "
              "58 MiB")

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_NUMBER = re.compile(r"""
    (?P<sign>[+-]?)
    (?P<whole>[0-9]{1,3}(?P<sep>[,_\ ])[0-9]{3}(?:(?P=sep)[0-9]{3})*|[0-9]+)
    (?:\.(?P<fraction>[0-9]+))?
    (?: [eE](?P<exponent>[+-]?[0-9]+)
      | \ ?(?:[x×X·*]|\\times)\ ?10\ ?(?:\^|\*\*)\ ?(?P<power>[+-]?[0-9]+) )?
    (?P<rest>.*)
    """, re.VERBOSE)
_POWER_OF_TEN = re.compile(r"(?P<sign>[+-]?)10 ?(?:\^|\*\*) ?(?P<power>[+-]?[0-9]+)")
_SHAPE_LIKE = re.compile(r"[0-9]+(?: ?[x×X✕⨯*·]+ ?[0-9]*)+|[\[(].*[\])]|[0-9]+, [0-9]+.*")
_UNIT_WORD = re.compile(r"(?P<prefix>[kmgbt]?) ?(?:flops?|macs?|mults?|multiplications|"
                        r"params|parameters|weights|activations|elements)", re.IGNORECASE)


def read_number(raw: Any) -> NumberAnswer:
    """A count as written in an answer file (forms: see the module docstring).

    >>> read_number("34,944").value, read_number("61M").low, read_number("3.5e4").high
    (Fraction(34944, 1), Fraction(60500000, 1), Fraction(35500, 1))
    """
    return _read(raw, COUNT_SUFFIXES, COUNT_HINT)


def read_bytes(raw: Any) -> NumberAnswer:
    """A memory size in bytes: a bare number is bytes; ``KB``/``MB``/``GB``/``TB`` are powers
    of 1000 (1 MB = 10⁶ bytes), ``KiB``/``MiB``/``GiB``/``TiB`` powers of 1024 (1 MiB = 2²⁰
    bytes); sizes with a prefix are judged to the precision they state.

    >>> read_bytes("4 KiB").value, read_bytes("1.2 MB").low, read_bytes("4,096 bytes").exact
    (Fraction(4096, 1), Fraction(1150000, 1), True)
    """
    return _read(raw, BYTE_UNITS, BYTES_HINT)


def _read(raw: Any, units: dict[str, int], hint: str) -> NumberAnswer:
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw.bit_length() > 333:  # about 10**100
            raise UnreadableAnswer(f"a number of more than {MAX_LENGTH} digits is not an "
                                   f"answer cnncalc reads; {hint}")
        return NumberAnswer(str(raw), Fraction(raw), Fraction(raw), Fraction(raw), True)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise UnreadableAnswer(f"'{raw}' is not a number a count can be; {hint}")
        return _read_text(repr(raw), units, hint)
    if isinstance(raw, str):
        return _read_text(raw, units, hint)
    raise UnreadableAnswer(_not_a_number(raw, hint))


def _not_a_number(raw: Any, hint: str) -> str:
    if isinstance(raw, bool):
        return f"a yes/no value ({str(raw).lower()}) is not a number; {hint}"
    if raw is None:
        return f"no answer was given; {hint}"
    if isinstance(raw, (list, tuple)):
        return f"a list ({_shown(raw)}) is a shape; the question asks for one number"
    if isinstance(raw, dict):
        return f"a mapping ({_shown(raw)}) is not a number; {hint}"
    return f"{_shown(raw)} is not a number; {hint}"


def _read_text(raw: str, units: dict[str, int], hint: str) -> NumberAnswer:
    text = _clean(raw)
    shown = _shown(raw)
    if not text:
        raise UnreadableAnswer(f"the answer is empty; {hint}")
    if len(text) > MAX_LENGTH:
        raise UnreadableAnswer(f"{shown} is {len(text)} characters long, more than the "
                               f"{MAX_LENGTH} an answer may have; {hint}")
    if re.fullmatch(r"0x[0-9a-f]+|0o[0-7]+|0b[01]+", text.lower().replace("_", "")):
        raise UnreadableAnswer(f"{shown} is written in base 16, 8 or 2; write numbers in "
                               f"decimal, such as {int(text.replace('_', ''), 0)}")
    if (power := _POWER_OF_TEN.fullmatch(text)):
        return _number(raw, power["sign"], "1", "", int(power["power"]), 1, units, hint)
    match = _NUMBER.fullmatch(text)
    if _SHAPE_LIKE.fullmatch(text) and not (match and match["power"]):
        raise UnreadableAnswer(f"{shown} is a shape; the question asks for one number")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity", ".nan", ".inf", "∞"):
        raise UnreadableAnswer(f"{shown} is not a number a count can be; {hint}")
    if re.match(r"[+-]?\.[0-9]", text):
        raise UnreadableAnswer(f"{shown} starts with a decimal point; write a 0 before it, "
                               f"such as {text.replace('.', '0.', 1)}")
    if not match:
        raise UnreadableAnswer(f"{shown} is not a number cnncalc reads: it has no digits to "
                               f"start with; {hint}")
    rest = match["rest"].strip()
    if re.match(r"[,_ ]?[0-9]", match["rest"]):
        raise UnreadableAnswer(f"{shown} has a separator that does not split the digits into "
                               f"groups of three; write 34944 or 34,944 (a decimal point is a "
                               f"dot: 60.97M)")
    scale = 1
    if rest:
        scale = units.get(rest.lower())
        if scale is None:
            raise UnreadableAnswer(_unknown_word(raw, match, rest, units, hint))
    exponent = match["exponent"] or match["power"]
    if match["sep"] and exponent:
        raise UnreadableAnswer(f"{shown} puts separators in front of an exponent; write the "
                               f"digits without them, such as 3.5e4")
    if exponent and scale != 1:
        raise UnreadableAnswer(f"{shown} has both an exponent and a suffix; write one of them, "
                               f"such as 3.5e4 or 35K")
    whole = re.sub(r"[,_ ]", "", match["whole"])
    return _number(raw, match["sign"], whole, match["fraction"] or "",
                   None if exponent is None else int(exponent), scale, units, hint)


def _number(raw: str, sign: str, whole: str, fraction: str, exponent: int | None, scale: int,
            units: dict[str, int], hint: str) -> NumberAnswer:
    """The answer `sign whole.fraction × 10^exponent × scale`, with its precision interval."""
    shown = _shown(raw)
    if exponent is not None and abs(exponent) > MAX_EXPONENT:
        raise UnreadableAnswer(f"{shown} has the exponent {exponent}, beyond the ±"
                               f"{MAX_EXPONENT} cnncalc reads; {hint}")
    multiplier = Fraction(scale) * Fraction(10) ** (exponent or 0)
    unit = multiplier / 10 ** len(fraction)
    value = Fraction(int(whole + fraction)) * unit * (-1 if sign == "-" else 1)
    if exponent is None and scale == 1:
        if value.denominator != 1:
            counting = units is COUNT_SUFFIXES
            raise UnreadableAnswer(_not_whole(shown, whole, fraction, counting, hint))
        return NumberAnswer(raw, value, value, value, True)
    low, high = value - unit / 2, value + unit / 2
    if math.floor(high) < low:
        raise UnreadableAnswer(f"{shown} is {decimal_text(value)}, not a whole number; {hint}")
    return NumberAnswer(raw, value, low, high, False)


def _not_whole(shown: str, whole: str, fraction: str, counting: bool, hint: str) -> str:
    if not counting:
        return f"{shown} is not a whole number of bytes; {hint}"
    if len(fraction) == 3 and len(whole) <= 3:
        digits = int(whole + fraction)
        return (f"{shown} is not a whole number; if the dot separates thousands, write "
                f"{digits} or {thousands(digits)}")
    if len(whole) <= 3:
        return (f"{shown} is not a whole number; a count is whole: write it in full, or with "
                f"the suffix it needs, such as {int(whole)}.{fraction}M")
    return (f"{shown} is not a whole number; a count is whole: write it in full, such as "
            f"{int(whole)} or {int(whole) + 1}")


def _unknown_word(raw: str, match: re.Match, rest: str, units: dict[str, int],
                  hint: str) -> str:
    shown = _shown(raw)
    number = match.group(0)[:match.start("rest")].strip()
    if units is BYTE_UNITS and rest.lower() in COUNT_SUFFIXES:
        size = COUNT_SUFFIXES[rest.lower()]
        prefix = {1000: "K", 1000**2: "M", 1000**3: "G", 1000**4: "T"}[size]
        return (f"{shown} does not say which unit it means; write {number} {prefix}B "
                f"(powers of 1000) or {number} {prefix}iB (powers of 1024)")
    if units is COUNT_SUFFIXES and rest.lower() in BYTE_UNITS:
        return f"{shown} is a size in bytes; the question asks for a count: {hint}"
    unit = _UNIT_WORD.fullmatch(rest)
    if unit:
        return (f"{shown} has a unit; write the number alone, such as {number}"
                f"{unit['prefix'].upper()}: the question says what it counts")
    return f"{shown}: '{rest}' is not a unit or suffix cnncalc reads; {hint}"


# --- shapes and settings ----------------------------------------------------------------------

SHAPE_HINT = "write the sizes with x between them, such as 55x55x96 or [55, 55, 96]"
SETTING_HINT = "write one whole number such as 2, or height and width such as 2x3"
_TIMES = re.compile(r" ?(?:[x×X✕⨯*·]|\bby\b) ?")


def read_shape(raw: Any) -> tuple[int, ...]:
    """A shape as written: ``55x55x96``, ``55 × 55 × 96``, ``[55, 55, 96]``, ``55, 55, 96``, a
    YAML list; one number (``4096``, ``4,096``) is a vector.

    >>> read_shape("55 × 55 × 96"), read_shape("(27, 27, 96)"), read_shape(4096)
    ((55, 55, 96), (27, 27, 96), (4096,))
    """
    return _read_sizes(raw, SHAPE_HINT)


def read_setting(raw: Any) -> tuple[int, int]:
    """A hyper-parameter answer as (height, width); one number means both axes.

    >>> read_setting(2), read_setting("2x3"), read_setting([1, 2])
    ((2, 2), (2, 3), (1, 2))
    """
    sizes = _read_sizes(raw, SETTING_HINT)
    if len(sizes) > 2:
        raise UnreadableAnswer(f"{_shown(raw)} has {len(sizes)} values; a setting has one "
                               f"(both axes) or two (height and width), such as 2 or 2x3")
    return (sizes[0], sizes[-1])


def _read_sizes(raw: Any, hint: str) -> tuple[int, ...]:
    shown = _shown(raw)
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict):
        raise UnreadableAnswer(_not_a_number(raw, hint))
    if isinstance(raw, (int, float)):
        return (_size(raw, shown, hint),)
    if isinstance(raw, (list, tuple)):
        if not raw:
            raise UnreadableAnswer(f"the list is empty; {hint}")
        return _checked(tuple(_size(item, shown, hint) for item in raw), shown)
    if not isinstance(raw, str):
        raise UnreadableAnswer(f"{shown} is not a shape; {hint}")
    text = _clean(raw)
    if not text:
        raise UnreadableAnswer(f"the answer is empty; {hint}")
    if len(text) > MAX_LENGTH:
        raise UnreadableAnswer(f"{shown} is {len(text)} characters long, more than the "
                               f"{MAX_LENGTH} an answer may have; {hint}")
    bracketed = text[0] in "[(" or text[-1] in "])"
    if bracketed:
        if (text[0], text[-1]) not in (("[", "]"), ("(", ")")):
            raise UnreadableAnswer(f"{shown} has unmatched brackets; {hint}")
        text = text[1:-1].strip()
        if text.endswith(","):  # a Python one-tuple: (4096,)
            text = text[:-1].strip()
    if _TIMES.search(text):
        parts, separator = _TIMES.split(text), "x"
    elif "," in text and (bracketed or not _is_grouped_number(text)):
        parts, separator = [part.strip() for part in text.split(",")], "a comma"
    else:
        parts, separator = [text], None
    if parts == [""]:
        raise UnreadableAnswer(f"the list is empty; {hint}")
    for index, part in enumerate(parts):
        if part == "":
            where = (f"ends with {separator}" if index == len(parts) - 1 else
                     f"starts with {separator}" if index == 0 else
                     f"has {separator} twice in a row")
            raise UnreadableAnswer(f"{shown} {where}; {hint}")
    return _checked(tuple(_size(part, shown, hint) for part in parts), shown)


def _is_grouped_number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", text))


def _size(item: Any, shown: str, hint: str) -> int:
    """One size of a shape: a whole number, 0 or more, written in full."""
    if isinstance(item, bool):
        raise UnreadableAnswer(f"{shown} contains a yes/no value; {hint}")
    if isinstance(item, float) and math.isfinite(item) and item.is_integer():
        item = int(item)
    if isinstance(item, str):
        digits = _clean(item)
        if re.fullmatch(r"[0-9]{1,3}(?:([, _])[0-9]{3}(?:\1[0-9]{3})*)?|[0-9]+", digits):
            item = int(re.sub(r"[, _]", "", digits))
    if not isinstance(item, int) or item < 0:
        what = f"{shown}: {_shown(item)} is" if _shown(item) != shown else f"{shown} is"
        raise UnreadableAnswer(f"{what} not a whole number (0 or more, written in full); {hint}")
    if item.bit_length() > 100:
        raise UnreadableAnswer(f"{shown}: a size of {len(str(item))} digits is not one cnncalc "
                               f"reads; {hint}")
    return item


def _checked(sizes: tuple[int, ...], shown: str) -> tuple[int, ...]:
    if len(sizes) > MAX_SIZES:
        raise UnreadableAnswer(f"{shown} has {len(sizes)} sizes; a shape has at most "
                               f"{MAX_SIZES}, usually H×W×C such as 55x55x96")
    return sizes


# --- tolerances -------------------------------------------------------------------------------

TOLERANCE_HINT = ("write a percentage such as 1%, a whole number such as 100 (absolute), or "
                  "{relative: 0.01} / {absolute: 100}")


def read_tolerance(raw: Any) -> Tolerance:
    """A tolerance: ``1%``, ``0.5 %`` (relative), a whole number (absolute), ``{relative: 0.01}``,
    ``{relative: "1%"}``, ``{absolute: 100}``, or both keys. A bare fraction such as 0.01 is
    refused as ambiguous.

    >>> read_tolerance("0.5 %").relative, read_tolerance(100).absolute
    (Fraction(1, 200), Fraction(100, 1))
    """
    if isinstance(raw, dict):
        unknown = [key for key in raw if key not in ("relative", "absolute")]
        if unknown or not raw:
            raise UnreadableAnswer(f"a tolerance mapping has the keys 'relative' and/or "
                                   f"'absolute', received {_shown(raw)}; {TOLERANCE_HINT}")
        return Tolerance(
            absolute=_absolute(raw["absolute"]) if "absolute" in raw else Fraction(0),
            relative=_relative(raw["relative"]) if "relative" in raw else Fraction(0))
    if isinstance(raw, str) and _clean(raw).endswith("%"):
        return Tolerance(relative=_relative(raw))
    value = _decimal(raw, "tolerance")
    if value.denominator != 1:
        raise UnreadableAnswer(f"the tolerance {_shown(raw)} is ambiguous: write "
                               f"{decimal_text(value * 100)}% for a relative tolerance, or "
                               f"{{absolute: {decimal_text(value)}}} for an absolute one")
    return Tolerance(absolute=value)


def _absolute(raw: Any) -> Fraction:
    return _decimal(raw, "absolute tolerance")


def _relative(raw: Any) -> Fraction:
    """A fraction of the truth: ``0.01`` or ``"1%"``; at most 100%."""
    if isinstance(raw, str) and _clean(raw).endswith("%"):
        fraction = _decimal(_clean(raw)[:-1], "relative tolerance") / 100
    else:
        fraction = _decimal(raw, "relative tolerance")
    if fraction > 1:
        raise UnreadableAnswer(f"the relative tolerance {_shown(raw)} is more than 100%; write "
                               f"a fraction such as 0.01 or a percentage such as '1%'")
    return fraction


def _decimal(raw: Any, what: str) -> Fraction:
    """A non-negative plain decimal (``100``, ``0.5``, ``±1``), exactly."""
    if raw is None:
        raise UnreadableAnswer(f"the {what} is empty; {TOLERANCE_HINT}")
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise UnreadableAnswer(f"the {what} {_shown(raw)} is not a number; {TOLERANCE_HINT}")
    text = _clean(repr(raw) if isinstance(raw, float) else str(raw))
    text = re.sub(r"^(?:±|\+/?-) ?", "", text).replace(",", "")
    if len(text) > MAX_LENGTH or not re.fullmatch(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", text):
        raise UnreadableAnswer(f"the {what} {_shown(raw)} is not a number 0 or more; "
                               f"{TOLERANCE_HINT}")
    return Fraction(text)


# --- text -------------------------------------------------------------------------------------

def decimal_text(number: Fraction) -> str:
    """A number for people: thousands separators, decimals only as many as needed (up to 6).

    >>> [decimal_text(x) for x in (Fraction(60965000), Fraction(-1, 200), Fraction(2, 3))]
    ['60,965,000', '-0.005', '0.666667']
    """
    places = next((p for p in range(7) if (number * 10**p).denominator == 1), 6)
    integral, remainder = divmod(round(abs(number) * 10**places), 10**places)
    digits = f"{remainder:0{places}d}".rstrip("0") if places else ""
    sign = "-" if number < 0 else ""
    return f"{sign}{thousands(integral)}" + (f".{digits}" if digits else "")


def _clean(text: str) -> str:
    """One plain space for any run of spaces (thin, no-break…), ``-`` for the minus sign, and
    ``^6`` for a superscript ``⁶``."""
    text = _SPACES.sub(" ", text).strip().replace("\u2212", "-")
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+", lambda found: "^" + found.group().translate(_SUPERSCRIPT),
                  text)


def _shown(raw: Any) -> str:
    """The received answer as written, on one line, shortened to 40 characters; text in
    quotes."""
    text = raw if isinstance(raw, str) else str(raw)
    text = text if len(text) <= 40 else text[:37] + "…"
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: repr(m.group())[1:-1], text)
    return f"'{text}'" if isinstance(raw, str) else text
