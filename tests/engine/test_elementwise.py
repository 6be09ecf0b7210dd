"""Activations, normalizations, merges and dense: values by hand, tallies where they count."""
import math

import numpy as np
import pytest

from cnncalc.engine import kernels as K
from cnncalc.engine.tally import Tally

X = np.array([-4.0, -1.0, -0.5, 0.0, 0.5, 1.0, 4.0, 7.0], np.float32)


@pytest.mark.parametrize("function, reference", [
    (K.relu, lambda v: max(v, 0.0)),
    (K.relu6, lambda v: min(max(v, 0.0), 6.0)),
    (K.leaky_relu, lambda v: v if v >= 0 else 0.01 * v),
    (K.sigmoid, lambda v: 1 / (1 + math.exp(-v))),
    (K.tanh, math.tanh),
    (K.silu, lambda v: v / (1 + math.exp(-v))),
    (K.hardsigmoid, lambda v: min(max(v + 3, 0.0), 6.0) / 6),
    (K.hardswish, lambda v: v * min(max(v + 3, 0.0), 6.0) / 6),
    (K.gelu, lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2)))),
    (lambda x: K.gelu(x, approximate="tanh"),
     lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3)))),
])
def test_activation_values(function, reference):
    y = function(X)
    assert y.dtype == np.float32 and y.shape == X.shape
    np.testing.assert_allclose(y, [reference(float(v)) for v in X], rtol=1e-6, atol=1e-6)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        y = K.sigmoid(np.array([-1000.0, 1000.0], np.float32))
    assert y.tolist() == [0.0, 1.0]


def test_softmax_over_channels():
    x = np.array([[[[1.0, 2.0, 3.0]]]], np.float32)
    e = [math.exp(v - 3) for v in (1, 2, 3)]
    np.testing.assert_allclose(K.softmax(x)[0, 0, 0], [v / sum(e) for v in e], rtol=1e-6)
    assert K.softmax(np.array([1000.0, 1000.0], np.float32)).tolist() == [0.5, 0.5]


def test_batchnorm_inference_form():
    x = np.array([[[[1.0, 10.0]]]], np.float32)
    y = K.batchnorm(x, mean=[0.0, 4.0], var=[3.0, 8.0], gamma=[2.0, 0.5], beta=[1.0, -1.0], eps=1.0)
    # (1 − 0)/√(3 + 1)·2 + 1 = 2;  (10 − 4)/√(8 + 1)·0.5 − 1 = 0
    np.testing.assert_allclose(y[0, 0, 0], [2.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(K.batchnorm(x, [0.0, 0.0], [1.0, 1.0], eps=0.0), x)   # affine: false


def test_lrn_by_hand():
    x = np.array([1.0, 2.0, 3.0], np.float32).reshape(1, 1, 1, 3)
    size, alpha, beta, k = 3, 0.3, 0.5, 2.0
    # windows: channel 0 ← {0, 1}, 1 ← {0, 1, 2}, 2 ← {1, 2}; alpha is divided by size
    sums = [1 + 4, 1 + 4 + 9, 4 + 9]
    expected = [v / (k + alpha / size * s) ** beta for v, s in zip((1, 2, 3), sums)]
    np.testing.assert_allclose(K.lrn(x, size, alpha, beta, k).ravel(), expected, rtol=1e-6)


def test_lrn_even_size_window_is_lopsided_like_pytorch():
    x = np.array([1.0, 2.0, 3.0, 4.0], np.float32).reshape(1, 1, 1, 4)
    # size 2: channel c sees c − 1 and c
    sums = [1, 1 + 4, 4 + 9, 9 + 16]
    expected = [v / (1 + 1.0 / 2 * s) for v, s in zip((1, 2, 3, 4), sums)]
    np.testing.assert_allclose(K.lrn(x, 2, 1.0, 1.0, 1.0).ravel(), expected, rtol=1e-6)


def test_merges():
    a = np.ones((1, 2, 2, 3), np.float32)
    assert (K.add(a, a, a) == 3).all()
    assert K.concat([a, a[..., :1]]).shape == (1, 2, 2, 4)
    gate = np.array([0.0, 1.0, 2.0], np.float32).reshape(1, 1, 1, 3)
    assert K.multiply(a, gate)[0, 1, 1].tolist() == [0.0, 1.0, 2.0]
    assert K.dropout(a, 0.5) is not None and (K.dropout(a, 0.5) == a).all()
    with pytest.raises(ValueError, match="same shape"):
        K.add(a, a[..., :2])
    with pytest.raises(ValueError, match="channel axis"):
        K.concat([a, a[:, :1]])


def test_dense_values_and_tally():
    x = np.array([[1.0, 2.0, 3.0]], np.float32)
    w = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)      # (in, out)
    tally = Tally()
    y = K.dense(np.repeat(x, 4, axis=0), w, np.array([0.5, -0.5], np.float32), tally=tally)
    assert y[0].tolist() == [4.5, 4.5]
    assert tally.multiplications == 4 * 3 * 2                           # per example in·out


def test_dense_after_flatten_keeps_hwc_order():
    x = np.arange(12, dtype=np.float32).reshape(1, 2, 2, 3)
    assert K.flatten(x)[0].tolist() == list(range(12))
    with pytest.raises(ValueError, match="flatten"):
        K.dense(x, np.ones((12, 1), np.float32))


def test_kernels_namespace_is_complete():
    for name in K.__all__:
        assert callable(getattr(K, name)) or isinstance(getattr(K, name), tuple)


def test_weights_are_finite_non_zero_and_differ_between_arrays():
    """verify's weights are copied from a small random block; they must still be real numbers."""
    from cnncalc.engine.layers import BLOCK, random
    rng = np.random.default_rng(0)
    a, b = random(rng, 5000, 3), random(rng, 5000, 3)
    assert a.shape == (5000, 3) and a.dtype == np.float32
    assert np.isfinite(a).all() and (a != 0).all()
    assert (a.ravel()[:BLOCK] != b.ravel()[:BLOCK]).any()          # a fresh block per array
    assert (a.ravel()[BLOCK: 2 * BLOCK] == a.ravel()[:BLOCK]).all()  # then repeated
    assert a.ravel()[-1] == a.ravel()[5000 * 3 - 1 - BLOCK * (5000 * 3 // BLOCK)]


def test_small_pages_restores_numpy_huge_page_advice():
    from cnncalc.engine.network import small_pages
    multiarray = pytest.importorskip("numpy._core.multiarray")
    before = multiarray._set_madvise_hugepage(True)
    with small_pages():
        assert multiarray._set_madvise_hugepage(False) is False   # off inside the block
    assert multiarray._set_madvise_hugepage(before) is True        # restored after
