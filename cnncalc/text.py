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


FRAMEWORK_NAMES = {
    "convolution": "conv", "convolution2d": "conv", "convolutional": "conv",
    "transposedconv": "conv_transpose", "convtranspose": "conv_transpose",
    "deconvolution": "conv_transpose",
    "maxpooling": "maxpool", "averagepooling": "avgpool", "avgpooling": "avgpool",
    "globalaveragepooling": "global_avgpool", "globalavgpool": "global_avgpool",
    "adaptiveavgpool": "adaptive_avgpool", "adaptiveaveragepooling": "adaptive_avgpool",
    "batchnormalization": "batchnorm", "batchnorm": "batchnorm",
    "layernormalization": "layer_norm", "localresponsenorm": "lrn",
    "upsampling": "upsample", "resize": "upsample", "interpolate": "upsample",
    "concatenate": "concat", "cat": "concat", "multiply": "multiply",
    "zeropadding": "zero_padding", "pad": "zero_padding",
    "hswish": "hardswish", "hardsigmoid": "hardsigmoid", "hsigmoid": "hardsigmoid",
    "leakyrelu": "leaky_relu", "pixelshuffle": "pixel_shuffle",
    "depthtospace": "pixel_shuffle", "prelu": "prelu", "maxunpool": "max_unpool",
    "maxunpooling": "max_unpool",
}
"""Other frameworks' names for a kind (PyTorch, Keras, Caffe, ONNX), written as `framework_key`
writes them; a target that is not a kind is skipped (a kind added later is found then)."""


def framework_key(word: str) -> str:
    """A name with case, punctuation and a trailing ``2d`` or ``2D`` taken away, so that
    ``MaxPooling2D``, ``max_pooling2d`` and ``maxpooling`` read the same.

    >>> framework_key("MaxPooling2D"), framework_key("batch_normalization"), framework_key("relu_")
    ('maxpooling', 'batchnormalization', 'relu')
    """
    key = "".join(character for character in word.lower() if character.isalnum())
    return key[:-2] if key.endswith("2d") and len(key) > 2 else key


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace a character, or swap two neighbours) from `a` to `b`;
    ``limit + 1`` as soon as it is sure to be more than `limit` (the restricted
    Damerau–Levenshtein distance, row by row, each row a cheap bound).

    >>> edit_distance("kernal", "kernel", 2), edit_distance("batchnrom", "batchnorm", 2)
    (1, 1)
    >>> edit_distance("pixel_shuffle", "channel_shuffle", 3)
    4
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char_a != char_b))
            if (before is not None and i > 1 and j > 1 and char_a == b[j - 2]
                    and a[i - 2] == char_b):
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def closest_kind(word: str, kinds) -> str:
    """The did-you-mean for an unknown layer kind, or an empty string. `kinds` maps each name
    a spec may write to the kind it is (an alias to its kind, a block to itself), or to its
    registry class (whose ``kind`` is read). Suggested
    only: another framework's name for a kind (`FRAMEWORK_NAMES`, or the same letters:
    ``BatchNorm2d``), or a close spelling (at most one edit per four letters). A name that
    only shares a word is a different operation (``pixel_shuffle`` is not ``channel_shuffle``):
    named as such, never offered as the fix.

    >>> kinds = {"conv": "conv", "channel_shuffle": "channel_shuffle",
    ...          "shuffle": "channel_shuffle", "maxpool": "maxpool", "relu": "relu"}
    >>> closest_kind("convolution", kinds), closest_kind("maxpol", kinds)
    (" (did you mean 'conv'?)", " (did you mean 'maxpool'?)")
    >>> closest_kind("pixel_shuffle", kinds)
    " (not the same as 'channel_shuffle', a different operation)"
    >>> closest_kind("MaxPooling2D", kinds), closest_kind("xyz", kinds)
    (" (did you mean 'maxpool'?)", '')
    >>> closest_kind("max_unpool", {"max_pool": "maxpool", "maxpool": "maxpool"})
    " (not the same as 'maxpool', a different operation)"
    """
    kinds = {name: getattr(kind, "kind", kind) for name, kind in kinds.items()}
    word = str(word)
    key = framework_key(word)
    same = [name for name in kinds if framework_key(name) == key]
    if key in FRAMEWORK_NAMES and FRAMEWORK_NAMES[key] in kinds:
        same.insert(0, FRAMEWORK_NAMES[key])
    if same:
        return f" (did you mean '{same[0]}'?)"
    limit = max(1, len(word) // 4)
    near = sorted((edit_distance(word, name, limit), name) for name in kinds)
    near = [name for distance, name in near if distance <= limit]
    spelled = [name for name in near if not inserted_run(word, name)]
    if spelled:
        return f" (did you mean '{spelled[0]}'?)"
    words = {part for part in word.lower().replace("-", "_").split("_") if len(part) >= 3}
    alike = list(dict.fromkeys(kinds[name] for name in near))
    for name, kind in kinds.items():
        if kind not in alike and words & {part for part in name.split("_") if len(part) >= 3}:
            alike.append(kind)
    if not alike:
        return ""
    return f" (not the same as {or_list(alike[:3])}, a different operation)"


def inserted_run(a: str, b: str) -> bool:
    """Whether one word is the other with two or more letters put in at one place: a new
    syllable (``max_unpool`` and ``max_pool``), not a slip of the keyboard.

    >>> inserted_run("max_unpool", "max_pool"), inserted_run("maxpoool", "maxpool")
    (True, False)
    """
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    run = len(longer) - len(shorter)
    return run >= 2 and any(longer[:i] + longer[i + run:] == shorter
                            for i in range(len(shorter) + 1))


def or_list(words: Sequence[str]) -> str:
    """Quoted words joined by ``or``: ``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    quoted = [f"'{word}'" for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
