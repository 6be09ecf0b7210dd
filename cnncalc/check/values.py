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

**What an abbreviation can accept.** Written with the digits m (``6097`` in ``60.97M``) at the
unit u of its last digit (10⁴ there), an abbreviation accepts the whole numbers in
``[m·u − u/2, m·u + u/2]``: one interval, at most u ≤ |value| wide, and for m ≥ 1 never
holding 0. Zero written coarser than ones (``0e30``, ``0T``, ``0 × 10^30``, ``-0B``,
``0 KB``) would be 0 ± u/2 and accept counts that are not 0, so it is refused ("'0e30' is zero
written with an exponent; write 0"); ``0e0`` (0 ± 0.5) accepts only 0.

Refused, with a sentence that says why and how to write it (`UnreadableAnswer`): an empty
answer, a suffix with no digits (``K``), zero with a suffix or exponent, digits other than
0–9 (full-width ``５５``, Arabic-Indic ``٥٥``: the sentence gives the same answer in 0–9), a comma that does not separate thousands (``34,94``,
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

**Reading time.** Every reader is linear in the answer's length: `tokenize` makes one pass
(digit runs, words, single signs), and the readers walk its tokens without backtracking; no
regular expression here has nested or adjacent unbounded quantifiers. The 100-character limit
keeps messages short; speed does not depend on it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import CnnCalcError
from ..text import thousands

MAX_LENGTH = 100
"""Longer answers are refused before any parsing."""
MAX_EXPONENT = 30
MAX_DIGITS = 100
"""The most digits a number may have (Python's int() of text stops at 4,300)."""
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
_OTHER_BASE = re.compile(r"0x[0-9a-f]+|0o[0-7]+|0b[01]+")
_UNIT_WORD = re.compile(r"(?P<prefix>[kmgbt]?) ?(?:flops?|macs?|mults?|multiplications|"
                        r"params|parameters|weights|activations|elements)", re.IGNORECASE)


# --- the tokenizer ----------------------------------------------------------------------------

DIGITS, SPACE, SEPARATOR, DOT, SIGN, TIMES, POWER, OPEN, CLOSE, WORD, OTHER = (
    "digits", "space", "separator", "dot", "sign", "times", "power", "open", "close", "word",
    "other")
TIMES_SIGNS = "x×X✕⨯*·"
Token = tuple[str, str, int]
"""(kind, text, start): one piece of a cleaned answer."""


_PIECE = re.compile(r"[0-9]+|[^\W\d_]+|\*\*|\\times|.", re.DOTALL)
"""One token: alternatives with at most one quantifier each and nothing after it, so a match
never backtracks and the scan is linear."""
_CHAR_KINDS = {" ": SPACE, ",": SEPARATOR, "_": SEPARATOR, ".": DOT, "+": SIGN, "-": SIGN,
               "^": POWER, "**": POWER, "\\times": TIMES, "[": OPEN, "(": OPEN, "]": CLOSE,
               ")": CLOSE, **dict.fromkeys(TIMES_SIGNS, TIMES)}


def tokenize(text: str) -> list[Token]:
    """The pieces of a cleaned answer, in one left-to-right pass (linear in its length, so no
    answer can make the reader backtrack): runs of ASCII digits, one space, ``,``/``_``, ``.``,
    a sign, a times sign (``x × X ✕ ⨯ * ·``, ``\\times``, the word ``by``; a run of x is one
    times sign per x), ``^``/``**``, brackets, runs of letters (words), anything else alone.

    >>> [(kind, piece) for kind, piece, _ in tokenize("3.5 × 10^4")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('digits', '3'), ('dot', '.'), ('digits', '5'), ('space', ' '), ('times', '×'),
     ('space', ' '), ('digits', '10'), ('power', '^'), ('digits', '4')]
    """
    tokens: list[Token] = []
    for found in _PIECE.finditer(text):
        piece, start = found.group(), found.start()
        if "0" <= piece[0] <= "9":
            tokens.append((DIGITS, piece, start))
        elif piece in _CHAR_KINDS:
            tokens.append((_CHAR_KINDS[piece], piece, start))
        elif piece.isalpha() and piece.strip("xX") == "":
            tokens += [(TIMES, letter, start + offset) for offset, letter in enumerate(piece)]
        elif piece.isalpha():
            tokens.append((TIMES if piece.lower() == "by" else WORD, piece, start))
        else:
            tokens.append((OTHER, piece, start))
    return tokens


def grouped_digits(tokens: list[Token], index: int) -> tuple[str, str | None, int] | None:
    """The whole number written at `tokens[index]`: (its digits, the thousands separator it
    used or None, the index after it). Separators (``,``, ``_``, a space; one kind) must split
    the digits into a first group of 1–3 and then groups of exactly 3; a separator that does
    not is left for the caller to refuse.

    >>> grouped_digits(tokenize("34,944 K"), 0), grouped_digits(tokenize("1,2345"), 0)
    (('34944', ',', 3), ('1', None, 1))
    """
    if index >= len(tokens) or tokens[index][0] != DIGITS:
        return None
    digits, separator = [tokens[index][1]], None
    index += 1
    if len(digits[0]) <= 3:
        while (index + 1 < len(tokens) and tokens[index][0] in (SEPARATOR, SPACE)
               and tokens[index][1] == (separator or tokens[index][1])
               and tokens[index + 1][0] == DIGITS and len(tokens[index + 1][1]) == 3):
            separator = tokens[index][1]
            digits.append(tokens[index + 1][1])
            index += 2
    return "".join(digits), separator, index


@dataclass(frozen=True)
class WrittenNumber:
    """The number at the start of an answer, as written (`scan_number`)."""

    sign: str
    whole: str
    """Its digits before the decimal point, separators left out."""
    separator: str | None
    """The thousands separator it used, if any."""
    fraction: str
    exponent: str | None
    """``4`` of ``3.5e4``; None without."""
    power: str | None
    """``4`` of ``3.5 × 10^4``; None without."""
    end: int
    """Where the rest of the answer (a suffix, a unit) begins."""


def scan_number(text: str, tokens: list[Token]) -> WrittenNumber | None:
    """``[sign] whole [.fraction] [e±n | × 10^±n]`` at the start of `tokens`; None when the
    answer does not start with digits.

    >>> scan_number("3.5e4 K", tokenize("3.5e4 K"))  # doctest: +NORMALIZE_WHITESPACE
    WrittenNumber(sign='', whole='3', separator=None, fraction='5', exponent='4', power=None,
                  end=5)
    """
    index, sign = 0, ""
    if tokens and tokens[0][0] == SIGN:
        index, sign = 1, tokens[0][1]
    found = grouped_digits(tokens, index)
    if found is None:
        return None
    whole, separator, index = found
    fraction = ""
    if _kinds(tokens, index, DOT, DIGITS):
        fraction, index = tokens[index + 1][1], index + 2
    exponent = power = None
    if index < len(tokens) and tokens[index][1] in ("e", "E") and (
            after := _signed_digits(tokens, index + 1)):
        exponent, index = after
    elif (after := _times_ten(tokens, index)):
        power, index = after
    end = tokens[index][2] if index < len(tokens) else len(text)
    return WrittenNumber(sign, whole, separator, fraction, exponent, power, end)


def power_of_ten(tokens: list[Token]) -> tuple[str, str] | None:
    """(sign, exponent) of an answer that is only ``10^6``, ``-10**6`` or ``10 ^ -3``.

    >>> power_of_ten(tokenize("10 ^ 6")), power_of_ten(tokenize("10^6 K"))
    (('', '6'), None)
    """
    index, sign = 0, ""
    if tokens and tokens[0][0] == SIGN:
        index, sign = 1, tokens[0][1]
    if not (_kinds(tokens, index, DIGITS) and tokens[index][1] == "10"):
        return None
    index = _skip_space(tokens, index + 1)
    if not _kinds(tokens, index, POWER):
        return None
    found = _signed_digits(tokens, _skip_space(tokens, index + 1))
    if found is None or found[1] != len(tokens):
        return None
    return sign, found[0]


def looks_like_shape(text: str, tokens: list[Token]) -> bool:
    """Whether an answer reads as a shape rather than one number: sizes with times signs
    between them (``55x55x96``, ``55 × 55``, ``55x55x``), anything in brackets, or sizes after
    a comma and a space (``55, 55, 96``)."""
    if text[:1] in ("[", "(") and text[-1:] in ("]", ")"):
        return True
    if _kinds(tokens, 0, DIGITS, SEPARATOR, SPACE, DIGITS) and tokens[1][1] == ",":
        return True
    kinds = [kind for kind, _, _ in tokens]
    if kinds[:1] != [DIGITS] or TIMES not in kinds:
        return False
    for index, kind in enumerate(kinds):
        if kind == SPACE:
            if TIMES not in (kinds[index - 1], kinds[index + 1] if index + 1 < len(kinds) else None):
                return False
        elif kind not in (DIGITS, TIMES):
            return False
    return True


def _kinds(tokens: list[Token], index: int, *kinds: str) -> bool:
    """Whether the tokens from `index` on start with these kinds."""
    return (index + len(kinds) <= len(tokens)
            and all(tokens[index + offset][0] == kind for offset, kind in enumerate(kinds)))


def _skip_space(tokens: list[Token], index: int) -> int:
    return index + 1 if _kinds(tokens, index, SPACE) else index


def _signed_digits(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """``-3`` or ``4`` at `index`: (the text, the index after)."""
    sign = ""
    if _kinds(tokens, index, SIGN):
        sign, index = tokens[index][1], index + 1
    if not _kinds(tokens, index, DIGITS):
        return None
    return sign + tokens[index][1], index + 1


def _times_ten(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """The exponent of `` × 10^4`` (spaces optional, ``**`` for ``^``) at `index`."""
    index = _skip_space(tokens, index)
    if not _kinds(tokens, index, TIMES) or tokens[index][1].lower() == "by":
        return None
    index = _skip_space(tokens, index + 1)
    if not (_kinds(tokens, index, DIGITS) and tokens[index][1] == "10"):
        return None
    index = _skip_space(tokens, index + 1)
    if not _kinds(tokens, index, POWER):
        return None
    return _signed_digits(tokens, _skip_space(tokens, index + 1))


def _is_digit(char: str) -> bool:
    """An ASCII digit (str.isdigit also takes ``５`` and ``²``)."""
    return len(char) == 1 and "0" <= char <= "9"


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
    text = _prepared(raw, hint)
    shown = _shown(raw)
    if _OTHER_BASE.fullmatch(text.lower().replace("_", "")):
        decimal = f", such as {int(text.replace('_', ''), 0)}" if len(text) <= 30 else ""
        raise UnreadableAnswer(f"{shown} is written in base 16, 8 or 2; write numbers in "
                               f"decimal{decimal}")
    tokens = tokenize(text)
    if (power := power_of_ten(tokens)):
        return _number(raw, power[0], "1", "", power[1], 1, units, hint)
    number = scan_number(text, tokens)
    if looks_like_shape(text, tokens) and not (number and number.power):
        raise UnreadableAnswer(f"{shown} is a shape; the question asks for one number")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity", ".nan", ".inf", "∞"):
        raise UnreadableAnswer(f"{shown} is not a number a count can be; {hint}")
    unsigned = text[1:] if text[0] in "+-" else text
    if unsigned[:1] == "." and _is_digit(unsigned[1:2]):
        raise UnreadableAnswer(f"{shown} starts with a decimal point; write a 0 before it, "
                               f"such as {text.replace('.', '0.', 1)}")
    if number is None:
        raise UnreadableAnswer(f"{shown} is not a number cnncalc reads: it has no digits to "
                               f"start with; {hint}")
    digits = len(number.whole) + len(number.fraction)
    if digits > MAX_DIGITS:
        raise UnreadableAnswer(f"{shown} has {digits} digits: a number of more than "
                               f"{MAX_DIGITS} digits is not an answer cnncalc reads; {hint}")
    after = text[number.end:]
    rest = after.strip()
    if _is_digit(after[:1]) or (after[:1] in (",", "_", " ") and _is_digit(after[1:2])):
        raise UnreadableAnswer(f"{shown} has a separator that does not split the digits into "
                               f"groups of three; write 34944 or 34,944 (a decimal point is a "
                               f"dot: 60.97M)")
    scale = 1
    if rest:
        scale = units.get(rest.lower())
        if scale is None:
            raise UnreadableAnswer(_unknown_word(raw, text[:number.end].strip(), rest, units,
                                                 hint))
    exponent = number.exponent or number.power
    if number.separator and exponent:
        raise UnreadableAnswer(f"{shown} puts separators in front of an exponent; write the "
                               f"digits without them, such as 3.5e4")
    if exponent and scale != 1:
        raise UnreadableAnswer(f"{shown} has both an exponent and a suffix; write one of them, "
                               f"such as 3.5e4 or 35K")
    return _number(raw, number.sign, number.whole, number.fraction, exponent, scale, units,
                   hint)


def _number(raw: str, sign: str, whole: str, fraction: str, exponent: str | None,
            scale: int, units: dict[str, int], hint: str) -> NumberAnswer:
    """The answer `sign whole.fraction × 10^exponent × scale`, with its precision interval.

    Written with m digits (`whole` and `fraction` together, read as the integer m) at a unit u
    (the value of one step of the last digit, ``scale·10^exponent / 10^len(fraction)``), an
    abbreviation means ``[m·u − u/2, m·u + u/2]``. For m ≥ 1 that interval has width u ≤ m·u,
    its own magnitude, and excludes 0 (m·u − u/2 ≥ u/2 > 0); so the one case that must be
    refused is m = 0 with u > 1 (``0e30``, ``0T``, ``-0 KB``), an interval around 0 that
    would hold nonzero counts. (Zero at u ≤ 1, such as ``0e0``, holds only 0.)
    """
    shown = _shown(raw)
    if exponent is not None:
        power = int(exponent) if len(exponent) <= 6 else None
        if power is None or abs(power) > MAX_EXPONENT:
            written = f"the exponent {exponent}" if power is not None else (
                f"an exponent of {len(exponent)} digits")
            raise UnreadableAnswer(f"{shown} has {written}, beyond the ±"
                                   f"{MAX_EXPONENT} cnncalc reads; {hint}")
    multiplier = Fraction(scale) * Fraction(10) ** int(exponent or 0)
    unit = multiplier / 10 ** len(fraction)
    mantissa = int(whole + fraction)
    value = Fraction(mantissa) * unit * (-1 if sign == "-" else 1)
    if exponent is None and scale == 1:
        if value.denominator != 1:
            counting = units is COUNT_SUFFIXES
            raise UnreadableAnswer(_not_whole(shown, whole, fraction, counting, hint))
        return NumberAnswer(raw, value, value, value, True)
    if mantissa == 0 and unit > 1:
        written = ("an exponent" if exponent is not None else
                   "a suffix" if units is COUNT_SUFFIXES else "a unit prefix")
        raise UnreadableAnswer(f"{shown} is zero written with {written}; write 0")
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


def _unknown_word(raw: str, number: str, rest: str, units: dict[str, int], hint: str) -> str:
    shown = _shown(raw)
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
    return f"{shown}: {_shown(rest)} is not a unit or suffix cnncalc reads; {hint}"


# --- shapes and settings ----------------------------------------------------------------------

SHAPE_HINT = "write the sizes with x between them, such as 55x55x96 or [55, 55, 96]"
SETTING_HINT = "write one whole number such as 2, or height and width such as 2x3"


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
        if len(raw) > MAX_SIZES:
            raise UnreadableAnswer(_too_many_sizes(shown, len(raw)))
        return tuple(_size(item, shown, hint) for item in raw)
    if not isinstance(raw, str):
        raise UnreadableAnswer(f"{shown} is not a shape; {hint}")
    text = _prepared(raw, hint)
    bracketed = text[0] in "[(" or text[-1] in "])"
    if bracketed:
        if (text[0], text[-1]) not in (("[", "]"), ("(", ")")):
            raise UnreadableAnswer(f"{shown} has unmatched brackets; {hint}")
        text = text[1:-1].strip()
        if text.endswith(","):  # a Python one-tuple: (4096,)
            text = text[:-1].strip()
    tokens = tokenize(text)
    if any(kind == TIMES for kind, _, _ in tokens):
        parts, separator, start = [], "x", 0
        for kind, piece, at in tokens:
            if kind == TIMES:
                parts.append(text[start:at].strip())
                start = at + len(piece)
        parts.append(text[start:].strip())
    elif "," in text and (bracketed or not _is_grouped_number(tokens)):
        parts, separator = [part.strip() for part in text.split(",")], "a comma"
    else:
        parts, separator = [text], None
    if parts == [""]:
        raise UnreadableAnswer(f"the list is empty; {hint}")
    if len(parts) > MAX_SIZES:
        raise UnreadableAnswer(_too_many_sizes(shown, len(parts)))
    for index, part in enumerate(parts):
        if part == "":
            where = (f"ends with {separator}" if index == len(parts) - 1 else
                     f"starts with {separator}" if index == 0 else
                     f"has {separator} twice in a row")
            raise UnreadableAnswer(f"{shown} {where}; {hint}")
    return tuple(_size(part, shown, hint) for part in parts)


def _is_grouped_number(tokens: list[Token]) -> bool:
    """``4,096`` or ``1,000,000``: one number with commas between thousands."""
    found = grouped_digits(tokens, 0)
    return found is not None and found[1] == "," and found[2] == len(tokens)


def _size(item: Any, shown: str, hint: str) -> int:
    """One size of a shape: a whole number, 0 or more, written in full."""
    if isinstance(item, bool):
        raise UnreadableAnswer(f"{shown} contains a yes/no value; {hint}")
    if isinstance(item, float) and math.isfinite(item) and item.is_integer():
        item = int(item)
    if isinstance(item, str):
        digits = _clean(item)
        _refuse_other_digits(digits, _shown(item))
        tokens = tokenize(digits)
        found = grouped_digits(tokens, 0)
        if found is not None and found[2] == len(tokens):
            if len(found[0]) > MAX_DIGITS:
                raise UnreadableAnswer(f"{shown}: a size of {len(found[0])} digits is not one "
                                       f"cnncalc reads; {hint}")
            item = int(found[0])
    if not isinstance(item, int) or item < 0:
        what = f"{shown}: {_shown(item)} is" if _shown(item) != shown else f"{shown} is"
        raise UnreadableAnswer(f"{what} not a whole number (0 or more, written in full); {hint}")
    if item.bit_length() > 100:
        raise UnreadableAnswer(f"{shown}: a size of more than 30 digits is not one cnncalc "
                               f"reads; {hint}")
    return item


def _too_many_sizes(shown: str, count: int) -> str:
    return (f"{shown} has {count} sizes; a shape has at most {MAX_SIZES}, usually H×W×C such "
            f"as 55x55x96")


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
        _refuse_other_digits(_clean(raw), _shown(raw))
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
    if isinstance(raw, int) and raw.bit_length() > 333:  # about 10**100
        raise UnreadableAnswer(f"the {what} {_shown(raw)} has more than {MAX_DIGITS} digits; "
                               f"{TOLERANCE_HINT}")
    text = _clean(repr(raw) if isinstance(raw, float) else str(raw))
    _refuse_other_digits(text, _shown(raw))
    text = re.sub(r"^(?:±|\+/?-) ?", "", text).replace(",", "")
    if len(text) > MAX_DIGITS or not re.fullmatch(
            r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", text):
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


def _prepared(raw: str, hint: str) -> str:
    """The answer `_clean`ed, refused when it is empty, longer than `MAX_LENGTH` or written
    with digits other than 0–9."""
    text = _clean(raw)
    if not text:
        raise UnreadableAnswer(f"the answer is empty; {hint}")
    if len(text) > MAX_LENGTH:
        raise UnreadableAnswer(f"{_shown(raw)} is {len(text)} characters long, more than the "
                               f"{MAX_LENGTH} an answer may have; {hint}")
    _refuse_other_digits(text, _shown(raw))
    return text


def _refuse_other_digits(text: str, shown: str) -> None:
    """Full-width (``５５``), Arabic-Indic and other non-ASCII decimal digits are refused with
    the same number in 0–9: cnncalc reads what a teacher would type."""
    if text.isascii() or not any(char.isdecimal() and not char.isascii() for char in text):
        return
    ascii_text = "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char
                         for char in text)
    raise UnreadableAnswer(f"{shown} is written with digits other than 0–9; write "
                           f"{_shown(ascii_text)[1:-1]}")


def _clean(text: str) -> str:
    """One plain space for any run of spaces (thin, no-break…), ``-`` for the minus sign, and
    ``^6`` for a superscript ``⁶``."""
    text = _SPACES.sub(" ", text).strip().replace("\u2212", "-")
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+", lambda found: "^" + found.group().translate(_SUPERSCRIPT),
                  text)


def _shown(raw: Any) -> str:
    """The received answer as written, on one line, shortened to 40 characters; text in
    quotes."""
    if isinstance(raw, int) and raw.bit_length() > 1000:
        return f"a number of {raw.bit_length()} bits"  # str() stops at 4,300 digits
    text = raw if isinstance(raw, str) else str(raw)
    text = text if len(text) <= 40 else text[:37] + "…"
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: repr(m.group())[1:-1], text)
    return f"'{text}'" if isinstance(raw, str) else text
