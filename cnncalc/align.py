"""Order-preserving alignment of two sequences: which item of one is which item of the other.

`align` is a Needleman–Wunsch alignment with free gaps: among all matchings that keep both
orders (no crossing pairs), it returns one with the greatest total `kinship`. Items whose kinship
is 0 are never paired; an item left unpaired is a gap (inserted or deleted). Leading and trailing
runs of `identical` items are paired without the quadratic table, so comparing a network with a
copy of itself costs one pass.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
Pairing = tuple[int | None, int | None]
"""(index in a, index in b); None on the side where the item has no partner."""


def align(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int],
          identical: Callable[[T, T], bool] = lambda x, y: x == y) -> list[Pairing]:
    """Pairs in order along both sequences; where both sides have unpaired items at one place,
    those of `a` come first.

    >>> align("abxcd", "abcyd", lambda x, y: int(x == y))
    [(0, 0), (1, 1), (2, None), (3, 2), (None, 3), (4, 4)]
    >>> align("ab", "ba", lambda x, y: int(x == y))       # pairs never cross
    [(0, None), (1, 0), (None, 1)]
    """
    start = 0
    while start < min(len(a), len(b)) and identical(a[start], b[start]):
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and identical(a[end_a - 1], b[end_b - 1]):
        end_a, end_b = end_a - 1, end_b - 1
    middle = best_alignment(a[start:end_a], b[start:end_b], kinship)
    return ([(i, i) for i in range(start)]
            + [(None if i is None else i + start, None if j is None else j + start)
               for i, j in middle]
            + [(end_a + k, end_b + k) for k in range(len(a) - end_a)])


def best_alignment(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int]) -> list[Pairing]:
    """The quadratic table: ``best[i][j]`` is the greatest total kinship of a[:i] with b[:j]."""
    n, m = len(a), len(b)
    score = [[kinship(x, y) for y in b] for x in a]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = best[i], best[i - 1]
        for j in range(1, m + 1):
            paired = above[j - 1] + score[i - 1][j - 1] if score[i - 1][j - 1] > 0 else 0
            row[j] = max(above[j], row[j - 1], paired)
    pairs: list[Pairing] = []
    i, j = n, m
    while i and j:  # walk back; a gap in b first, so that a's unpaired items come out first
        kin = score[i - 1][j - 1]
        if kin > 0 and best[i][j] == best[i - 1][j - 1] + kin:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i][j - 1]:
            pairs.append((None, j - 1))
            j -= 1
        else:
            pairs.append((i - 1, None))
            i -= 1
    pairs += [(None, k) for k in reversed(range(j))] + [(k, None) for k in reversed(range(i))]
    return pairs[::-1]
