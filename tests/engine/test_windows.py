"""Row bands of a padded input: a band may lie wholly in the padding."""

import numpy as np

from cnncalc.engine.windows import PaddedRows


def test_band_inside_the_padding_reads_as_fill():
    x = np.arange(1 * 3 * 5 * 1, dtype=float).reshape(1, 3, 5, 1) + 1
    rows = PaddedRows(x, ((2, 2), (0, 0)), fill=0.0, max_rows=3)
    padded = np.pad(x, ((0, 0), (2, 2), (0, 0), (0, 0)))
    for p0, p1 in [(0, 1), (0, 2), (1, 3), (5, 7), (6, 7), (2, 5)]:
        assert np.array_equal(rows.band(0, 1, p0, p1), padded[:, p0:p1]), (p0, p1)
