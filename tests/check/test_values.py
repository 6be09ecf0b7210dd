"""Reading answers the way people write them: every accepted form with its exact value (written
as arithmetic), the precision each abbreviation states, tolerances at their edges, and the
nearby wrong forms refused with a reason."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.check.values import (NumberAnswer, Tolerance, UnreadableAnswer, accepts,
                                  read_bytes, read_number, read_setting, read_shape,
                                  read_tolerance)
from cnncalc.errors import CnnCalcError

ALEXNET_CONV1_PARAMS = (11 * 11 * 3 + 1) * 96          # 34,944
ALEXNET_PARAMS = 60_965_224

# --- exact forms ------------------------------------------------------------------------------

EXACT = {
    "34944": 34 * 1000 + 944,
    "34,944": 34 * 1000 + 944,
    "34 944": 34 * 1000 + 944,
    "34\u2009944": 34 * 1000 + 944,          # thin space
    "34\u00a0944": 34 * 1000 + 944,          # no-break space
    "34\u202f944": 34 * 1000 + 944,          # narrow no-break space
    "34_944": 34 * 1000 + 944,
    "  34944 ": 34 * 1000 + 944,
    "+34944": 34 * 1000 + 944,
    "60,965,224": 60 * 10**6 + 965 * 1000 + 224,
    "60 965 224": 60 * 10**6 + 965 * 1000 + 224,
    "34944.0": 34 * 1000 + 944,
    "34,944.00": 34 * 1000 + 944,
    "0": 0,
    "-0": 0,
    "-5": -5,
    "\u22125": -5,                            # the minus sign
    1500000.0: 15 * 10**5,                   # YAML's reading of `1.5e+6`: judged exactly
}
# 34944 and 34944.0 are one dict key, so the YAML number forms stand apart
YAML_NUMBERS = [(34944, 34 * 1000 + 944),           # a YAML integer
                (34944.0, 34 * 1000 + 944)]         # a YAML float, whole


@pytest.mark.parametrize("raw, value", [*EXACT.items(), *YAML_NUMBERS],
                         ids=[repr(key) for key in EXACT] + ["int 34944", "float 34944.0"])
def test_exact_forms(raw, value):
    answer = read_number(raw)
    assert answer.value == value
    assert answer.low == answer.high == value
    assert answer.exact
    assert answer.text == (raw if isinstance(raw, str) else repr(raw))


# --- abbreviations and the precision they state -----------------------------------------------

ABBREVIATED = {   # text: (value, low, high)
    "61M": (61 * 10**6, F(605, 10) * 10**6, F(615, 10) * 10**6),
    "61 million": (61 * 10**6, F(605, 10) * 10**6, F(615, 10) * 10**6),
    "61 millions": (61 * 10**6, F(605, 10) * 10**6, F(615, 10) * 10**6),
    "61m": (61 * 10**6, F(605, 10) * 10**6, F(615, 10) * 10**6),
    "61.0M": (61 * 10**6, F(6095, 100) * 10**6, F(6105, 100) * 10**6),
    "60.97M": (6097 * 10**4, F(60965, 1000) * 10**6, F(60975, 1000) * 10**6),
    "105.4M": (1054 * 10**5, F(10535, 100) * 10**6, F(10545, 100) * 10**6),
    "3.5e4": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "3.5E+4": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35e3": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "3.5 × 10^4": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "3.5x10**4": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35 x 10**3": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35*10^3": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "10**6": (10**6, 5 * 10**5, 15 * 10**5),
    "3.5·10⁴": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35K": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35k": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "35 K": (35 * 10**3, 345 * 10**2, 355 * 10**2),
    "3.5 thousand": (35 * 10**2, 345 * 10, 355 * 10),
    "1,500K": (15 * 10**5, 14995 * 10**2, 15005 * 10**2),
    "1.1 G": (11 * 10**8, 105 * 10**7, 115 * 10**7),
    "1.1G": (11 * 10**8, 105 * 10**7, 115 * 10**7),
    "1.1B": (11 * 10**8, 105 * 10**7, 115 * 10**7),
    "1.1 billion": (11 * 10**8, 105 * 10**7, 115 * 10**7),
    "1.1bn": (11 * 10**8, 105 * 10**7, 115 * 10**7),
    "2 trillion": (2 * 10**12, 15 * 10**11, 25 * 10**11),
    "2T": (2 * 10**12, 15 * 10**11, 25 * 10**11),
    "1e6": (10**6, 5 * 10**5, 15 * 10**5),      # YAML keeps `1e6` as text
    "1.5e6": (15 * 10**5, 145 * 10**4, 155 * 10**4),
    "10^6": (10**6, 5 * 10**5, 15 * 10**5),
    "-61M": (-61 * 10**6, F(-615, 10) * 10**6, F(-605, 10) * 10**6),
    1e16: (10**16, 5 * 10**15, 15 * 10**15),   # Python writes this float as 1e+16
}


@pytest.mark.parametrize("raw, expected", ABBREVIATED.items(), ids=[repr(k) for k in ABBREVIATED])
def test_abbreviated_forms(raw, expected):
    answer = read_number(raw)
    assert (answer.value, answer.low, answer.high) == expected
    assert not answer.exact


@pytest.mark.parametrize("text, inside, outside", [
    ("61M", [60_500_000, ALEXNET_PARAMS, 61_500_000], [60_499_999, 61_500_001]),
    ("60.97M", [60_965_000, ALEXNET_PARAMS, 60_975_000], [60_964_999, 60_975_001]),
    ("3.5e4", [34_500, 35_500], [34_499, 35_501]),
    ("35K", [34_500, ALEXNET_CONV1_PARAMS, 35_500], [34_499, 35_501]),
    ("1.1 G", [1_050_000_000, 1_150_000_000], [1_049_999_999, 1_150_000_001]),
])
def test_an_abbreviation_accepts_its_interval_inclusive(text, inside, outside):
    answer = read_number(text)
    assert all(accepts(answer, truth) for truth in inside)
    assert not any(accepts(answer, truth) for truth in outside)


def test_an_exact_answer_must_be_exactly_right():
    assert accepts(read_number("34,944"), ALEXNET_CONV1_PARAMS)
    assert not accepts(read_number("34,945"), ALEXNET_CONV1_PARAMS)
    assert not accepts(read_number("34,848"), ALEXNET_CONV1_PARAMS)   # 11·11·3·96: no bias
    assert not accepts(read_number("-34944"), ALEXNET_CONV1_PARAMS)


# --- tolerances -------------------------------------------------------------------------------

def test_relative_tolerance_edges():
    one_percent = read_tolerance("1%")                      # 1% of 34,944 is 349.44
    assert accepts(read_number(34_944 + 349), 34_944, one_percent)
    assert not accepts(read_number(34_944 + 350), 34_944, one_percent)
    assert accepts(read_number(34_944 - 349), 34_944, one_percent)
    assert not accepts(read_number(34_944 - 350), 34_944, one_percent)
    exactly_on_the_edge = read_tolerance({"relative": "1%"})   # 1% of 60,000 is 600
    assert accepts(read_number(60_600), 60_000, exactly_on_the_edge)
    assert not accepts(read_number(60_601), 60_000, exactly_on_the_edge)


def test_absolute_tolerance_edges():
    hundred = read_tolerance(100)
    assert accepts(read_number("35,044"), 34_944, hundred)
    assert not accepts(read_number("35,045"), 34_944, hundred)
    assert accepts(read_number("34,844"), 34_944, hundred)
    assert not accepts(read_number("34,843"), 34_944, hundred)


def test_a_tolerance_replaces_the_precision_rule():
    # 61M states 60.5M–61.5M; within ±1% of 60,965,224 (±609,652.24) it may be anywhere
    one_percent = read_tolerance("1%")
    assert accepts(read_number("61.5M"), ALEXNET_PARAMS, one_percent)      # 534,776 away
    assert not accepts(read_number("61.6M"), ALEXNET_PARAMS, one_percent)  # 634,776 away
    assert not accepts(read_number("61.6M"), ALEXNET_PARAMS)
    assert accepts(read_number("61.00M"), ALEXNET_PARAMS, one_percent)     # 34,776 away
    assert not accepts(read_number("61.00M"), ALEXNET_PARAMS)             # 60.995M–61.005M
    # a tight tolerance is stricter than the stated precision
    assert accepts(read_number("61M"), ALEXNET_PARAMS)
    assert not accepts(read_number("61M"), ALEXNET_PARAMS, read_tolerance(100))


def test_both_bounds_the_larger_wins():
    both = read_tolerance({"relative": 0.01, "absolute": 100})
    assert accepts(read_number(1_000 + 100), 1_000, both)        # 1% is 10: absolute wins
    assert not accepts(read_number(1_000 + 101), 1_000, both)
    assert accepts(read_number(100_000 + 1_000), 100_000, both)  # 1% is 1,000: relative wins
    assert not accepts(read_number(100_000 + 1_001), 100_000, both)


TOLERANCES = {   # raw: (absolute, relative, text)
    "1%": (0, F(1, 100), "±1%"),
    "0.5 %": (0, F(5, 1000), "±0.5%"),
    "±2%": (0, F(2, 100), "±2%"),
    100: (100, 0, "±100"),
    "1,000": (1000, 0, "±1,000"),
    2.0: (2, 0, "±2"),
    0: (0, 0, "±0"),
    "0%": (0, 0, "±0"),
    "100%": (0, 1, "±100%"),
    "1 %": (0, F(1, 100), "±1%"),
    "1\u00a0%": (0, F(1, 100), "±1%"),
}
TOLERANCE_MAPPINGS = [
    ({"relative": 0.01}, (0, F(1, 100), "±1%")),
    ({"relative": "1%"}, (0, F(1, 100), "±1%")),
    ({"relative": "0.01"}, (0, F(1, 100), "±1%")),
    ({"absolute": 100}, (100, 0, "±100")),
    ({"absolute": 0.5}, (F(1, 2), 0, "±0.5")),
    ({"relative": 0.01, "absolute": 100}, (100, F(1, 100), "±1% or ±100, whichever is larger")),
]


@pytest.mark.parametrize("raw, expected",
                         list(TOLERANCES.items()) + TOLERANCE_MAPPINGS, ids=repr)
def test_tolerance_forms(raw, expected):
    tolerance = read_tolerance(raw)
    assert (tolerance.absolute, tolerance.relative, tolerance.text()) == expected


@pytest.mark.parametrize("raw, reason", [
    (0.01, "the tolerance 0.01 is ambiguous: write 1% for a relative tolerance, or "
           "{absolute: 0.01} for an absolute one"),
    ("0.05", "ambiguous: write 5%"),
    ({"rel": 0.01}, "has the keys 'relative' and/or 'absolute'"),
    ({}, "has the keys 'relative' and/or 'absolute'"),
    ({"relative": 5}, "the relative tolerance 5 is more than 100%"),
    ("150%", "more than 100%"),
    ("-1%", "is not a number 0 or more"),
    (-3, "is not a number 0 or more"),
    ("one percent", "is not a number 0 or more"),
    (True, "is not a number"),
    (None, "the tolerance is empty"),
    ([1], "is not a number"),
])
def test_unreadable_tolerances(raw, reason):
    with pytest.raises(UnreadableAnswer, match=None) as error:
        read_tolerance(raw)
    assert reason in str(error.value)


# --- refused counts, each with its reason -----------------------------------------------------

REFUSED = [
    ("", "the answer is empty"),
    ("   ", "the answer is empty"),
    ("K", "'K' is not a number cnncalc reads: it has no digits to start with"),
    ("M", "it has no digits to start with"),
    ("34,94", "'34,94' has a separator that does not split the digits into groups of three; "
     "write 34944 or 34,944 (a decimal point is a dot: 60.97M)"),
    ("1,2345", "does not split the digits into groups of three"),
    ("1,234,56", "does not split the digits into groups of three"),
    ("349 44", "does not split the digits into groups of three"),
    ("55xx55", "'55xx55' is a shape; the question asks for one number"),
    ("55x55x", "is a shape; the question asks for one number"),
    ("55x55x96", "'55x55x96' is a shape; the question asks for one number"),
    ("55 × 55 × 96", "is a shape"),
    ("[55, 55, 96]", "is a shape"),
    ("55, 55, 96", "is a shape"),
    ("nan", "'nan' is not a number a count can be"),
    ("inf", "is not a number a count can be"),
    ("-Infinity", "is not a number a count can be"),
    ("1e400", "'1e400' has the exponent 400, beyond the ±30 cnncalc reads"),
    ("1e-31", "beyond the ±30 cnncalc reads"),
    ("1" * 5000, "is 5000 characters long, more than the 100 an answer may have"),
    ("0x10", "'0x10' is written in base 16, 8 or 2; write numbers in decimal, such as 16"),
    ("0b101", "such as 5"),
    ("12 apples", "'12 apples': 'apples' is not a unit or suffix cnncalc reads"),
    ("1.1 GFLOPs", "'1.1 GFLOPs' has a unit; write the number alone, such as 1.1G"),
    ("105.4M MACs", "write the number alone, such as 105.4M"),
    ("34944 params", "write the number alone, such as 34944"),
    ("1.2 MB", "'1.2 MB' is a size in bytes; the question asks for a count"),
    ("34.944", "'34.944' is not a whole number; if the dot separates thousands, write 34944 or "
     "34,944"),
    ("60.97", "'60.97' is not a whole number; a count is whole: write it in full, or with the "
     "suffix it needs, such as 60.97M"),
    ("1234.5", "'1234.5' is not a whole number; a count is whole: write it in full, such as "
     "1234 or 1235"),
    ("1.5e-3", "'1.5e-3' is 0.0015, not a whole number"),
    ("1.2345K", "is 1,234.5, not a whole number"),
    (".5M", "'.5M' starts with a decimal point; write a 0 before it, such as 0.5M"),
    ("1,000e3", "puts separators in front of an exponent"),
    ("1e3K", "has both an exponent and a suffix"),
    ("61 M M", "is not a unit or suffix"),
    ("~61M", "it has no digits to start with"),
    (True, "a yes/no value (true) is not a number"),
    (False, "a yes/no value (false) is not a number"),
    (None, "no answer was given"),
    ({"value": 1}, "a mapping ({'value': 1}) is not a number"),
    ((55, 55, 96), "is a shape; the question asks for one number"),
    (float("nan"), "is not a number a count can be"),
    (float("inf"), "is not a number a count can be"),
    (60.97, "'60.97' is not a whole number"),
    (10**400, "a number of more than 100 digits",
     ),
]


@pytest.mark.parametrize("raw, reason", REFUSED, ids=[repr(raw)[:30] for raw, _ in REFUSED])
def test_refused_counts(raw, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_number(raw)
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_every_refusal_says_how_to_write_it():
    with pytest.raises(UnreadableAnswer) as error:
        read_number("K")
    assert str(error.value).endswith(
        "write a whole number such as 34944 or 34,944, or an abbreviation such as 35K")


def test_an_unreadable_answer_is_a_user_error():
    assert issubclass(UnreadableAnswer, CnnCalcError)


def test_yaml_scalars_as_a_file_gives_them():
    values = yaml.safe_load(
        "a: 34944\nb: 34,944\nc: 1e6\nd: 1.5e+6\ne: 1_000\nf: 60.97M\ng: yes\nh: .inf\n")
    assert read_number(values["a"]).exact and read_number(values["b"]).value == 34_944
    assert read_number(values["c"]).low == 5 * 10**5                 # text: judged to precision
    assert read_number(values["d"]).exact                            # float: exactly 1,500,000
    assert read_number(values["e"]).value == 1000
    assert read_number(values["f"]).high == F(60975, 1000) * 10**6
    for key in ("g", "h"):
        with pytest.raises(UnreadableAnswer):
            read_number(values[key])


# --- bytes ------------------------------------------------------------------------------------

BYTES = {   # text: (value, low, high, exact)
    "4096": (4096, 4096, 4096, True),
    4096: (4096, 4096, 4096, True),
    "4096 bytes": (4096, 4096, 4096, True),
    "4,096 B": (4096, 4096, 4096, True),
    "1 byte": (1, 1, 1, True),
    "4 KiB": (4 * 2**10, F(35, 10) * 2**10, F(45, 10) * 2**10, False),
    "1.1 MiB": (F(11, 10) * 2**20, F(105, 100) * 2**20, F(115, 100) * 2**20, False),
    "58 MiB": (58 * 2**20, F(575, 10) * 2**20, F(585, 10) * 2**20, False),
    "58mib": (58 * 2**20, F(575, 10) * 2**20, F(585, 10) * 2**20, False),
    "2 GiB": (2 * 2**30, F(15, 10) * 2**30, F(25, 10) * 2**30, False),
    "1 TiB": (2**40, F(5, 10) * 2**40, F(15, 10) * 2**40, False),
    "1.2 MB": (12 * 10**5, 115 * 10**4, 125 * 10**4, False),
    "1.2MB": (12 * 10**5, 115 * 10**4, 125 * 10**4, False),
    "1 kB": (10**3, 5 * 10**2, 15 * 10**2, False),
    "3 megabytes": (3 * 10**6, F(25, 10) * 10**6, F(35, 10) * 10**6, False),
    "2 GB": (2 * 10**9, F(15, 10) * 10**9, F(25, 10) * 10**9, False),
    "1.5e6 bytes": (15 * 10**5, 145 * 10**4, 155 * 10**4, False),
    "1.5e6": (15 * 10**5, 145 * 10**4, 155 * 10**4, False),
}


@pytest.mark.parametrize("raw, expected", BYTES.items(), ids=[repr(k) for k in BYTES])
def test_byte_forms(raw, expected):
    answer = read_bytes(raw)
    assert (answer.value, answer.low, answer.high, answer.exact) == expected


@pytest.mark.parametrize("raw, reason", [
    ("58M", "'58M' does not say which unit it means; write 58 MB (powers of 1000) or 58 MiB "
            "(powers of 1024)"),
    ("1.1 G", "write 1.1 GB (powers of 1000) or 1.1 GiB (powers of 1024)"),
    ("4 apples", "'apples' is not a unit or suffix cnncalc reads; write a number of bytes"),
    ("0.5 bytes", "'0.5 bytes' is not a whole number of bytes"),
    ("MiB", "it has no digits to start with"),
    ("1e2 MB", "has both an exponent and a suffix"),
])
def test_refused_bytes(raw, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_bytes(raw)
    assert reason in str(error.value)


def test_memory_answers_against_a_truth():
    fc6_bytes = (9216 + 1) * 4096 * 4                 # AlexNet fc6 weights at float32
    assert accepts(read_bytes("144 MiB"), fc6_bytes)  # 144.0 MiB and a bit
    assert accepts(read_bytes("151 MB"), fc6_bytes)   # 151.0 MB
    assert not accepts(read_bytes("144 MB"), fc6_bytes)


# --- shapes and settings ----------------------------------------------------------------------

SHAPES = {
    "55x55x96": (55, 55, 96),
    "55X55X96": (55, 55, 96),
    "55 x 55 x 96": (55, 55, 96),
    "55 × 55 × 96": (55, 55, 96),
    "55×55×96": (55, 55, 96),
    "55*55*96": (55, 55, 96),
    "55 by 55 by 96": (55, 55, 96),
    "[55, 55, 96]": (55, 55, 96),
    "(55, 55, 96)": (55, 55, 96),
    "(55,55,96)": (55, 55, 96),
    "55, 55, 96": (55, 55, 96),
    "55,55,96": (55, 55, 96),
    "96x55x55": (96, 55, 55),          # channels first: readable, then marked
    "1x55x55x96": (1, 55, 55, 96),
    "4096": (4096,),
    "4,096": (4096,),
    "(4096,)": (4096,),
    "[4096]": (4096,),
    4096: (4096,),
    4096.0: (4096,),
    (55, 55, 96): (55, 55, 96),
    ("55", "55", "96"): (55, 55, 96),
    (27, 27.0, 96): (27, 27, 96),
}


@pytest.mark.parametrize("raw, shape", SHAPES.items(), ids=[repr(k) for k in SHAPES])
def test_shape_forms(raw, shape):
    assert read_shape(list(raw) if isinstance(raw, tuple) else raw) == shape


@pytest.mark.parametrize("raw, reason", [
    ("55x55x", "'55x55x' ends with x; write the sizes with x between them, such as 55x55x96 or "
               "[55, 55, 96]"),
    ("55xx55", "'55xx55' has x twice in a row"),
    ("x55x55", "starts with x"),
    ("55, 55,", "ends with a comma"),
    ("[55, 55", "has unmatched brackets"),
    ("(55, 55, 96]", "has unmatched brackets"),
    ("", "the answer is empty"),
    ("[]", "the list is empty"),
    ([], "the list is empty"),
    ("55 55 96", "'55 55 96' is not a whole number (0 or more, written in full)"),
    ("55x55.5x96", "'55x55.5x96': '55.5' is not a whole number"),
    ("4K", "'4K' is not a whole number (0 or more, written in full)"),
    ("-5x5", "'-5' is not a whole number"),
    ([55, True], "contains a yes/no value"),
    ([55, None], "None is not a whole number"),
    ("1x" * 9 + "1", "has 10 sizes; a shape has at most 8"),
    (True, "a yes/no value (true) is not a number"),
    (None, "no answer was given"),
    ({"h": 55}, "a mapping"),
    ("x" * 101, "more than the 100 an answer may have"),
])
def test_refused_shapes(raw, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_shape(raw)
    assert reason in str(error.value)


@pytest.mark.parametrize("raw, setting", [
    (2, (2, 2)), ("2", (2, 2)), ([2, 3], (2, 3)), ("2x3", (2, 3)), ("(2, 3)", (2, 3)),
    ("2, 3", (2, 3)), ([1], (1, 1)), ("0", (0, 0)), ("2 × 3", (2, 3)),
])
def test_setting_forms(raw, setting):
    assert read_setting(raw) == setting


@pytest.mark.parametrize("raw, reason", [
    ("2x3x4", "'2x3x4' has 3 values; a setting has one (both axes) or two (height and width)"),
    ("same", "'same' is not a whole number (0 or more, written in full); write one whole "
             "number such as 2, or height and width such as 2x3"),
    (-1, "-1 is not a whole number"),
    (1.5, "1.5 is not a whole number"),
    (None, "no answer was given"),
])
def test_refused_settings(raw, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_setting(raw)
    assert reason in str(error.value)


# --- properties -------------------------------------------------------------------------------

def _formats(n: int) -> list[str]:
    grouped = f"{n:,}"
    return [str(n), grouped, grouped.replace(",", " "), grouped.replace(",", "\u2009"),
            grouped.replace(",", "\u00a0"), grouped.replace(",", "_"), f"{n}.0"]


@given(st.integers(min_value=-10**30, max_value=10**30))
def test_any_integer_written_in_full_reads_back_exactly(n):
    for text in _formats(n):
        answer = read_number(text)
        assert (answer.value, answer.low, answer.high, answer.exact) == (n, n, n, True), text
        assert accepts(answer, n) and not accepts(answer, n + 1)
    assert read_number(n).value == n
    if n >= 0:
        assert read_shape(f"{n:,}") == (n,) and read_bytes(f"{n:,} bytes").value == n


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=3),
       st.sampled_from([("M", 10**6), ("G", 10**9), ("e5", 10**5), (" thousand", 10**3)]))
def test_an_abbreviation_spans_one_unit_of_its_last_digit(digits, places, suffix):
    text = str(digits).rjust(places + 1, "0")
    text = f"{text[:len(text) - places]}.{text[len(text) - places:]}" if places else text
    answer = read_number(text + suffix[0])
    unit = F(suffix[1], 10**places)
    assert answer.value == digits * unit
    assert (answer.low, answer.high) == (answer.value - unit / 2, answer.value + unit / 2)


ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
    | st.text(alphabet="0123456789,._ xX×*eE+-%KkMmGgBiT()[]·^", max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["relative", "absolute", "x"]), children, max_size=2),
    max_leaves=6)


@given(ANYTHING)
def test_anything_reads_or_raises_unreadable_answer(raw):
    for read in (read_number, read_bytes, read_shape, read_setting, read_tolerance):
        try:
            result = read(raw)
        except UnreadableAnswer as error:
            assert str(error) and "\n" not in str(error)
        else:
            if isinstance(result, NumberAnswer):
                assert result.low <= result.value <= result.high
            if isinstance(result, Tolerance):
                assert result.absolute >= 0 and 0 <= result.relative <= 1
