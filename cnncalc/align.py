"""Order-preserving alignment of two sequences: which item of one is which item of the other.

Among all matchings that keep both orders (no crossing pairs) `align` looks for one with the
greatest total `kinship`; items whose kinship is 0 are never paired, and an item left unpaired
is a gap (inserted or deleted). Items are hashable; equal items are identical (their kinship
above 0).

The search is exact (Needleman–Wunsch with free gaps, `best_alignment`) while it stays small:
after the leading and trailing runs of equal items are paired (one pass, so a network against a
copy of itself costs no table), a middle of at most `EXACT_CELLS` pairs of items is searched
whole. A larger middle is cut in linear time (patience style): items that occur exactly once
on each side and in the same order (the longest increasing run of such pairs, O(k log k)) are
paired as anchors, and each stretch between two anchors is aligned the same way, exactly when
it is small (`GAP_CELLS`, or what is left of the `EXACT_CELLS` budget). A stretch with no
anchor that is too large for the table is searched in a band of `BAND` items either side of its
diagonal. The search for anchors reads at most `ANCHOR_PASSES` times both sequences (then the
band takes over), so time and memory are O((n + m) log(n + m)) plus the bounded tables; the
result is the exact optimum no longer, which `Alignment.exact` says.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Hashable, Sequence, TypeVar

T = TypeVar("T", bound=Hashable)
Pairing = tuple[int | None, int | None]
"""(index in a, index in b); None on the side where the item has no partner."""

EXACT_CELLS = 1_000_000
"""The pairs of items the exact tables may weigh in one alignment, in all (about a second)."""
GAP_CELLS = 10_000
"""A stretch between anchors this small is always searched exactly (its table is cheap)."""
BAND = 8
"""Half the width of the band searched where a large stretch has no anchor."""
ANCHOR_PASSES = 20
"""Looking for anchors reads each stretch whole; in all it may read both sequences this many
times over, after which stretches go to the band (patience diff is quadratic on crafted input)."""
OUTSIDE = float("-inf")
"""The score of a cell outside the band: no path goes through it."""


@dataclass(frozen=True)
class Alignment:
    pairs: list[Pairing]
    exact: bool
    """True when the pairing is a best one (the whole table was searched); False when anchors
    or a band cut the search short."""


def align(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int]) -> list[Pairing]:
    """Pairs in order along both sequences; where both sides have unpaired items at one place,
    those of `a` come first.

    >>> align("abxcd", "abcyd", lambda x, y: int(x == y))
    [(0, 0), (1, 1), (2, None), (3, 2), (None, 3), (4, 4)]
    >>> align("ab", "ba", lambda x, y: int(x == y))       # pairs never cross
    [(0, None), (1, 0), (None, 1)]
    """
    return alignment(a, b, kinship).pairs


def alignment(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int],
              exact_cells: int = EXACT_CELLS,
              loose: Callable[[T], Hashable] | None = None,
              gap_cells: int = GAP_CELLS) -> Alignment:
    """`align`'s pairs, and whether they are a best alignment (see the module's text).
    `loose` gives a second key to anchor on where a stretch has no equal items found once on
    each side (for layers: all but the name, so that renamed layers still anchor)."""
    loose_a = loose_b = None
    reading = ANCHOR_PASSES * (len(a) + len(b))  # what the search for anchors may still read
    pairs: list[Pairing] = []
    budget = exact_cells  # what the exact tables may still weigh
    exact = True
    # The work left, next on top: stretches (lo_a, hi_a, lo_b, hi_b) and pairs (i, j).
    stack: list[tuple] = [(0, len(a), 0, len(b))]
    while stack:
        item = stack.pop()
        if len(item) == 2:
            pairs.append(item)
            continue
        lo_a, hi_a, lo_b, hi_b = item
        start = 0
        while lo_a + start < hi_a and lo_b + start < hi_b and a[lo_a + start] == b[lo_b + start]:
            start += 1
        end = 0
        while (hi_a - end > lo_a + start and hi_b - end > lo_b + start
               and a[hi_a - end - 1] == b[hi_b - end - 1]):
            end += 1
        pairs += [(lo_a + k, lo_b + k) for k in range(start)]
        lo_a, lo_b, hi_a, hi_b = lo_a + start, lo_b + start, hi_a - end, hi_b - end
        tail = [(hi_a + k, hi_b + k) for k in reversed(range(end))]
        cells = (hi_a - lo_a) * (hi_b - lo_b)
        if cells <= budget or cells <= gap_cells:
            budget = max(0, budget - cells)
            middle = best_alignment(a[lo_a:hi_a], b[lo_b:hi_b], kinship)
            pairs += [(None if i is None else i + lo_a, None if j is None else j + lo_b)
                      for i, j in middle]
            stack += tail
            continue
        exact = False
        stack += tail
        reading -= 2 * ((hi_a - lo_a) + (hi_b - lo_b))
        found = [(i, j) for i, j in anchors(a, b, lo_a, hi_a, lo_b, hi_b)
                 if kinship(a[i], b[j]) > 0] if reading >= 0 else []
        if not found and loose is not None and reading >= 0:
            if loose_a is None:
                loose_a, loose_b = [loose(x) for x in a], [loose(y) for y in b]
            found = [(i, j) for i, j in anchors(loose_a, loose_b, lo_a, hi_a, lo_b, hi_b)
                     if kinship(a[i], b[j]) > 0]
        if not found:
            middle = banded_alignment(a[lo_a:hi_a], b[lo_b:hi_b], kinship)
            pairs += [(None if i is None else i + lo_a, None if j is None else j + lo_b)
                      for i, j in middle]
            continue
        # the stretches between anchors, pushed last first
        ends = [(lo_a - 1, lo_b - 1)] + found + [(hi_a, hi_b)]
        for (i0, j0), (i1, j1) in reversed(list(zip(ends, ends[1:]))):
            if (i1, j1) != (hi_a, hi_b):
                stack.append((i1, j1))
            stack.append((i0 + 1, i1, j0 + 1, j1))
    return Alignment(pairs, exact)


def anchors(a: Sequence[T], b: Sequence[T], lo_a: int, hi_a: int, lo_b: int, hi_b: int
            ) -> list[tuple[int, int]]:
    """The anchors of a stretch: items found once in a[lo_a:hi_a] and once in b[lo_b:hi_b],
    the longest run of them in the same order on both sides (patience sorting).

    >>> anchors("xaybzc", "cabq", 0, 6, 0, 4)
    [(1, 1), (3, 2)]
    """
    count_a = Counter(a[lo_a:hi_a])
    count_b = Counter(b[lo_b:hi_b])
    where_b = {b[j]: j for j in range(lo_b, hi_b) if count_b[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(lo_a, hi_a)
                  if count_a[a[i]] == 1 and a[i] in where_b]
    tails: list[int] = []          # tails[k]: the smallest b index ending a run of k + 1
    tail_at: list[int] = []        # the candidate that ends it
    before: list[int] = [-1] * len(candidates)
    for number, (_, j) in enumerate(candidates):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(number)
        else:
            tails[k], tail_at[k] = j, number
        before[number] = tail_at[k - 1] if k else -1
    run, number = [], tail_at[-1] if tail_at else -1
    while number >= 0:
        run.append(candidates[number])
        number = before[number]
    return run[::-1]


def best_alignment(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int]) -> list[Pairing]:
    """The quadratic table: ``best[i][j]`` is the greatest total kinship of a[:i] with b[:j]."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, x = best[i], best[i - 1], a[i - 1]
        for j in range(1, m + 1):
            kin = kinship(x, b[j - 1])
            paired = above[j - 1] + kin if kin > 0 else 0
            left, up = row[j - 1], above[j]
            row[j] = max(up, left, paired)
    return _walk_back(n, m, lambda i, j: best[i][j], a, b, kinship)


def banded_alignment(a: Sequence[T], b: Sequence[T], kinship: Callable[[T, T], int],
                     band: int = BAND) -> list[Pairing]:
    """`best_alignment` with row i searched only from `band` before its diagonal point
    (i·m/n) to `band` after the next row's: O((n + m)·band) time and memory.

    >>> banded_alignment("abcd", "abd", lambda x, y: int(x == y), band=1)
    [(0, 0), (1, 1), (2, None), (3, 2)]
    """
    n, m = len(a), len(b)
    centre = [i * m // n if n else 0 for i in range(n + 1)] + [m]
    low = [max(0, centre[i] - band) for i in range(n + 1)]
    high = [min(m, centre[i + 1] + band) for i in range(n + 1)]
    low[0], high[n] = 0, m
    rows: list[list[float]] = [[0] * (high[0] + 1)]
    for i in range(1, n + 1):
        lo, hi, x = low[i], high[i], a[i - 1]
        above, above_lo, above_hi = rows[i - 1], low[i - 1], high[i - 1]
        row = [OUTSIDE] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            # every cell of the band is reached (from above at its row's start), so ≥ 0
            value = above[j - above_lo] if j <= above_hi else OUTSIDE
            if j > lo and row[j - lo - 1] > value:
                value = row[j - lo - 1]
            if above_lo < j <= above_hi + 1:
                kin = kinship(x, b[j - 1])
                if kin > 0 and above[j - 1 - above_lo] + kin > value:
                    value = above[j - 1 - above_lo] + kin
            row[j - lo] = value
        rows.append(row)

    def best(i: int, j: int) -> int:
        return rows[i][j - low[i]] if low[i] <= j <= high[i] else OUTSIDE

    return _walk_back(n, m, best, a, b, kinship)


def _walk_back(n: int, m: int, best: Callable[[int, int], int], a: Sequence[T],
               b: Sequence[T], kinship: Callable[[T, T], int]) -> list[Pairing]:
    """The pairs a filled table stands for; a gap in b first, so that a's unpaired items come
    out first."""
    pairs: list[Pairing] = []
    i, j = n, m
    while i and j:
        kin = kinship(a[i - 1], b[j - 1])
        here = best(i, j)
        if kin > 0 and here == best(i - 1, j - 1) + kin:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == best(i, j - 1):
            pairs.append((None, j - 1))
            j -= 1
        else:
            pairs.append((i - 1, None))
            i -= 1
    pairs += [(None, k) for k in reversed(range(j))] + [(k, None) for k in reversed(range(i))]
    return pairs[::-1]
