"""Split, channel shuffle, crop, zero padding, resizing and layer norm against their naive
twins (tests/engine/naive.py) and values worked out by hand."""
import numpy as np
import pytest

from cnncalc.engine import kernels as K

from naive import channel_shuffle, layernorm, resize_bilinear, resize_nearest

RNG = np.random.default_rng(3)


def test_channel_shuffle_matches_naive_and_a_hand_example():
    x = np.arange(6, dtype=np.float32).reshape(1, 1, 1, 6)
    # 2 groups [0 1 2 | 3 4 5] read out member by member: 0 3 1 4 2 5
    assert K.channel_shuffle(x, 2).ravel().tolist() == [0, 3, 1, 4, 2, 5]
    y = RNG.standard_normal((2, 3, 4, 12)).astype(np.float32)
    for groups in (1, 2, 3, 4, 6):
        np.testing.assert_array_equal(K.channel_shuffle(y, groups), channel_shuffle(y, groups))


def test_split_keeps_a_slice_of_channels():
    x = np.arange(8, dtype=np.float32).reshape(1, 1, 1, 8)
    assert K.split(x, 4, 8).ravel().tolist() == [4, 5, 6, 7]


def test_crop_pad_and_centre_crop():
    x = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    assert K.crop(x, 1, 0, 0, 2)[0, :, :, 0].tolist() == [[5, 6, 7], [10, 11, 12],
                                                          [15, 16, 17], [20, 21, 22]]
    padded = K.zero_pad(x, 1, 0, 2, 1)
    assert padded.shape == (1, 5 + 1, 5 + 2 + 1, 1)
    assert padded[0, 1, 2, 0] == 0 and padded[0, 0].sum() == 0 and padded[0, 1, 2:7, 0].tolist() == [0, 1, 2, 3, 4]
    # 5 → 4: round(0.5) = 0 rows before; 7 → 4: round(1.5) = 2 rows before
    assert K.centre_crop(x, 4, 4)[0, 0, 0, 0] == 0
    y = np.arange(49, dtype=np.float32).reshape(1, 7, 7, 1)
    assert K.centre_crop(y, 4, 4)[0, 0, 0, 0] == 2 * 7 + 2


@pytest.mark.parametrize("size", [(4, 6), (3, 3), (7, 5), (2, 9)])
def test_resizing_matches_naive(size):
    x = RNG.standard_normal((2, 3, 4, 2)).astype(np.float32)
    np.testing.assert_allclose(K.resize_nearest(x, *size), resize_nearest(x, *size))
    np.testing.assert_allclose(K.resize_bilinear(x, *size), resize_bilinear(x, *size),
                               rtol=1e-5, atol=1e-6)


def test_bilinear_by_hand():
    x = np.array([0.0, 4.0], np.float32).reshape(1, 1, 2, 1)
    # ×2: sources max(0.5·(o + 0.5) − 0.5, 0) = 0, 0.25, 0.75, 1.25 → clamp: 0, 1, 3, 4
    assert K.resize_bilinear(x, 1, 4).ravel().tolist() == [0.0, 1.0, 3.0, 4.0]


def test_layernorm_matches_naive():
    x = RNG.standard_normal((2, 3, 3, 5)).astype(np.float32)
    gamma, beta = RNG.standard_normal(5), RNG.standard_normal(5)
    np.testing.assert_allclose(K.layernorm(x, gamma, beta, 1e-6), layernorm(x, gamma, beta, 1e-6),
                               rtol=1e-5, atol=1e-5)
