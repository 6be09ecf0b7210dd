"""Hostile answers: strings built to make a reader backtrack (each reader must answer in linear
time, limit or no limit), zero written with an exponent or suffix (which would otherwise accept
any count), digits other than 0–9, and the property that no readable answer is right for two
counts further apart than its own stated precision."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.check import values
from cnncalc.check.values import (UnreadableAnswer, accepts, read_bytes, read_number,
                                  read_setting, read_shape, read_tolerance)

READERS = [read_number, read_bytes, read_shape, read_setting, read_tolerance]
N = 10_000
ADVERSARIAL = {   # each 10,000 characters or so; the first one took 0.7 s at 26 characters
    "1 and x's": "1" + "x" * N + "!",
    "1x repeated": "1x" * (N // 2) + "!",
    "1, repeated": "1," * (N // 2),
    "1 and space repeated": "1 " * (N // 2) + "x",
    "1 and middle dots": "1" + "·" * N + "!",
    "1· repeated": "1·" * (N // 2),
    "open brackets": "(" * N,
    "digits": "1" * N,
    "digits then a suffix": "1" * N + "K",
    "x 10^ repeated": "1 x 10^" * (N // 7),
    "e repeated": "1e" * (N // 2),
    "groups of three": "1" + ",000" * (N // 4) + ",00",
    "spaces between x": "1 x " * (N // 4) + "!",
    "brackets and commas": "[" + "1, " * (N // 3) + "1",
}


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_every_reader_is_linear_without_the_length_limit(monkeypatch, read, text):
    monkeypatch.setattr(values, "MAX_LENGTH", 10 * N)   # speed must not rest on the limit
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        try:
            read(text)
        except UnreadableAnswer as error:
            assert str(error) and "\n" not in str(error) and len(str(error)) < 400
        best = min(best, time.perf_counter() - start)
    # about 20 ms on an idle machine; a backtracking reader needed 0.7 s for 26 characters
    assert best < 0.1, f"{read.__name__} took {best:.3f} s"


def test_the_answer_that_hung_the_grader_is_refused_at_once():
    text = "1" + "x" * 49 + "!"        # 51 characters: under the limit; 2^49 steps before
    start = time.perf_counter()
    with pytest.raises(UnreadableAnswer) as error:
        read_number(text)
    assert time.perf_counter() - start < 0.05
    assert "is not a unit or suffix cnncalc reads" in str(error.value)


# --- zero with a stated precision -------------------------------------------------------------

ZERO_WITH_EXPONENT = ["0e30", "0.0e30", "0 × 10^30", "0x10^3", "0·10³", "-0e5", "0E+9", "0e1",
                      "0.00e3", "0*10**6"]
ZERO_WITH_SUFFIX = ["0T", "-0B", "0K", "0 thousand", "0.00M", "0 billion", "+0G", "0.0 bn",
                    "0 trillion", "-0 million"]


@pytest.mark.parametrize("text", ZERO_WITH_EXPONENT)
def test_zero_with_an_exponent_is_refused(text):
    # 0e30 would read as 0 ± 5·10²⁹ and accept every count
    with pytest.raises(UnreadableAnswer) as error:
        read_number(text)
    assert str(error.value) == f"'{text}' is zero written with an exponent; write 0"


@pytest.mark.parametrize("text", ZERO_WITH_SUFFIX)
def test_zero_with_a_suffix_is_refused(text):
    with pytest.raises(UnreadableAnswer) as error:
        read_number(text)
    assert str(error.value) == f"'{text}' is zero written with a suffix; write 0"


@pytest.mark.parametrize("text, reason", [
    ("0 KB", "'0 KB' is zero written with a unit prefix; write 0"),
    ("0.0 MiB", "'0.0 MiB' is zero written with a unit prefix; write 0"),
    ("0e3 bytes", "'0e3 bytes' is zero written with an exponent; write 0"),
])
def test_zero_memory_with_a_prefix_is_refused(text, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_bytes(text)
    assert str(error.value) == reason


@pytest.mark.parametrize("text", ["0", "-0", "0.0", "0e0", "0.0e1", "-0e0", "0 B"])
def test_zero_written_to_the_unit_accepts_only_zero(text):
    answer = read_bytes(text) if text.endswith("B") else read_number(text)
    assert accepts(answer, 0)
    assert not accepts(answer, 1) and not accepts(answer, -1)


@pytest.mark.parametrize("text, reason", [
    ("nan", "is not a number a count can be"),
    ("-inf", "is not a number a count can be"),
    ("1e31", "has the exponent 31, beyond the ±30"),
    ("1e-31", "has the exponent -31, beyond the ±30"),
    ("1e0000000031", "has an exponent of 10 digits, beyond the ±30"),
])
def test_nan_infinity_and_huge_exponents_stay_refused(text, reason):
    with pytest.raises(UnreadableAnswer) as error:
        read_number(text)
    assert reason in str(error.value)


# --- digits other than 0–9 --------------------------------------------------------------------

@pytest.mark.parametrize("read, raw, written", [
    (read_number, "５５", "55"),                     # full-width
    (read_number, "٣٤٩٤٤", "34944"),                # Arabic-Indic
    (read_number, "３５K", "35K"),
    (read_bytes, "４ KiB", "4 KiB"),
    (read_shape, "５５x５５x９６", "55x55x96"),
    (read_shape, ["５５", "55"], "55"),
    (read_setting, "２", "2"),
    (read_tolerance, "１%", "1%"),
    (read_tolerance, "１００", "100"),
])
def test_other_digits_are_refused_with_the_ascii_form(read, raw, written):
    with pytest.raises(UnreadableAnswer) as error:
        read(raw)
    assert str(error.value).endswith(f"is written with digits other than 0–9; write {written}")


def test_superscript_digits_still_write_an_exponent():
    assert read_number("3.5·10⁴").value == 35 * 10**3


# --- no answer is right for two counts further apart than its precision ----------------------

MANTISSA = st.tuples(st.sampled_from(["", "-", "+"]), st.integers(0, 10**6),
                     st.sampled_from(["", ".0", ".5", ".05", ".25", ".000"]))
SCALE = st.sampled_from(["", "e0", "e1", "e3", "e-1", "e-2", "E+6", " × 10^4", "x10**2",
                         "·10⁹", "K", " M", "m", "G", " billion", "T", " thousand"])
WRITTEN = st.builds(lambda mantissa, scale: f"{mantissa[0]}{mantissa[1]}{mantissa[2]}{scale}",
                    MANTISSA, SCALE)
SOUP = st.text(alphabet="0123456789,._ xX×*eE+-KkMmGgBT^·⁰¹²³", max_size=14)


def accepted_integers(answer) -> tuple[int, int] | None:
    """The least and the greatest count the answer is right for, or None for none."""
    low, high = math.ceil(answer.low), math.floor(answer.high)
    return (low, high) if low <= high else None


@given(st.one_of(WRITTEN, SOUP, st.integers(-10**12, 10**12)))
def test_an_answer_accepts_one_interval_no_wider_than_its_own_value(raw):
    try:
        answer = read_number(raw)
    except UnreadableAnswer:
        return
    interval = accepted_integers(answer)
    assert interval is not None            # a readable count holds at least one whole number
    low, high = interval
    assert accepts(answer, low) and accepts(answer, high)
    assert not accepts(answer, low - 1) and not accepts(answer, high + 1)
    assert high - low <= answer.high - answer.low <= max(1, abs(answer.value))
    if answer.exact:
        assert low == high == answer.value
    if low <= 0 <= high:                   # zero is right only for an answer that is zero
        assert answer.value == 0 and low == high == 0
