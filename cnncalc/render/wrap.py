"""Line breaks for table cells, chosen by us rather than by rich: rich breaks at spaces only and
folds a long word anywhere, which cuts ``layer3.35/conv2`` mid-word and ``pad 2`` in two.

A name breaks after ``/`` and ``.`` (then ``_`` or ``-`` when a part is still too long); a
hyper-parameter summary breaks at spaces, but not between a word and its number (``pad 2``)
while the two fit on a line, and only when it must around ``×``, a stride (``/4``) or a ``+``.
A word longer than the width is folded by characters, so nothing is ever cut.
"""

from __future__ import annotations

import re

WEAK, STRONG = 1, 2
"""How firmly two neighbouring words hold together: weak glue gives way when a line must."""


def glue(left: str, right: str) -> int:
    """How firmly `left` and `right` stay on one line.

    >>> glue("pad", "2"), glue("96", "×"), glue("11×11", "/4"), glue("g2", "pad")
    (2, 1, 1, 0)
    """
    if left.isalpha() and right[:1].isdigit():
        return STRONG
    if "×" in (left, right) or right.startswith("/") or right == "+":
        return WEAK
    return 0


def fold(text: str, width: int) -> list[str]:
    return [text[start:start + width] for start in range(0, len(text), width)] or [""]


def greedy(pieces: list[str], width: int, sep: str) -> list[str]:
    """Fill lines with whole pieces, in order."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(sep) + len(piece) <= width:
            lines[-1] += sep + piece
        else:
            lines.append(piece)
    return lines


def groups(words: list[str], holds: list[int], level: int) -> list[list[str]]:
    """Runs of words whose glue is at least `level`."""
    runs: list[list[str]] = []
    for word, hold in zip(words, holds):
        if runs and hold >= level:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def wrap_words(text: str, width: int) -> str:
    """`text` over lines of at most `width` characters, joined by newlines.

    >>> print(wrap_words("conv 256 × 5×5 pad 2 g2", 14))
    conv 256 × 5×5
    pad 2 g2
    >>> print(wrap_words("conv 256 × 5×5 pad 2 g2", 9))
    conv 256
    × 5×5
    pad 2 g2
    >>> print(wrap_words("maxpool 3×3 /2", 9))
    maxpool
    3×3 /2
    """
    if len(text) <= width:
        return text
    words = text.split(" ")
    holds = [0] + [glue(left, right) for left, right in zip(words, words[1:])]
    pieces: list[str] = []
    for run in groups(words, holds, WEAK):
        joined = " ".join(run)
        if len(joined) <= width:
            pieces.append(joined)
            continue
        run_holds = [0] + [glue(left, right) for left, right in zip(run, run[1:])]
        for strong in groups(run, run_holds, STRONG):
            joined = " ".join(strong)
            if len(joined) <= width:
                pieces.append(joined)
            else:  # too narrow even for `maxpool 3×3`: words, then characters
                pieces.extend(piece for word in strong
                              for piece in ([word] if len(word) <= width else fold(word, width)))
    return "\n".join(greedy(pieces, width, " "))


def split_after(text: str, marks: str) -> list[str]:
    """`text` cut just after every character in `marks`.

    >>> split_after("layer3.35/conv2", "/.")
    ['layer3.', '35/', 'conv2']
    """
    return [piece for piece in re.split(f"(?<=[{re.escape(marks)}])", text) if piece]


def wrap_name(name: str, width: int) -> str:
    """A block path over lines of at most `width`, broken after ``/`` and ``.``.

    >>> print(wrap_name("Mixed_5c/branch3x3dbl_1/conv", 16))
    Mixed_5c/
    branch3x3dbl_1/
    conv
    >>> print(wrap_name("Mixed_5c/branch3x3dbl_1/conv", 12))
    Mixed_5c/
    branch3x3dbl
    _1/conv
    """
    if len(name) <= width:
        return name
    pieces: list[str] = []
    for part in split_after(name, "/."):
        if len(part) <= width:
            pieces.append(part)
            continue
        for sub in split_after(part, "_-"):
            pieces.extend([sub] if len(sub) <= width else fold(sub, width))
    return "\n".join(greedy(pieces, width, ""))
