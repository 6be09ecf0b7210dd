"""The OpenBLAS helpers: OPENBLAS_CORETYPE only when safe and effective; threads on idle cores."""
import os
import sys

import pytest

from cnncalc.engine import blas


def test_sets_skylakex_when_cpu_has_avx512_and_numpy_is_not_imported(monkeypatch):
    monkeypatch.delitem(sys.modules, "numpy", raising=False)   # restored by monkeypatch
    environ = {}
    message = blas.prefer_avx512_openblas(environ, flags={"avx2", "avx512f"})
    assert environ == {"OPENBLAS_CORETYPE": "SkylakeX"}
    assert message.startswith("OPENBLAS_CORETYPE=SkylakeX set")


def test_leaves_a_user_setting_alone():
    environ = {"OPENBLAS_CORETYPE": "Haswell"}
    assert "set by the user" in blas.prefer_avx512_openblas(environ, flags={"avx512f"})
    assert environ == {"OPENBLAS_CORETYPE": "Haswell"}


def test_never_forces_avx512_on_a_cpu_without_it():
    environ = {}
    assert "does not report avx512f" in blas.prefer_avx512_openblas(environ, flags={"avx2"})
    assert environ == {}


def test_says_so_when_numpy_is_already_imported():
    import numpy  # noqa: F401
    environ = {}
    assert "already imported" in blas.prefer_avx512_openblas(environ, flags={"avx512f"})
    assert environ == {}


def test_report_names_what_is_in_effect():
    report = blas.openblas_report()
    assert set(report) >= {"env", "cpu_avx512f", "openblas_corename"}
    assert report["openblas_corename"] is None or isinstance(report["openblas_corename"], str)


def test_cpu_flags_without_cpuinfo(tmp_path):
    assert blas.cpu_flags(str(tmp_path / "missing")) == set()


def test_openblas_threads_can_be_set_and_read_back():
    threads = blas.openblas_threads()
    if threads is None:
        pytest.skip("NumPy is not linked to an OpenBLAS that answers")
    assert blas.set_openblas_threads(1) and blas.openblas_threads() == 1
    blas.set_openblas_threads(threads)
    assert blas.openblas_threads() == threads


def test_idle_cores_is_between_none_and_all_of_them():
    idle = blas.idle_cores(0.02)
    assert idle is None or 0 <= idle <= len(os.sched_getaffinity(0))
    assert blas.idle_cores(0.0, path="/nonexistent/stat") is None


def test_threads_on_idle_cores_restores_the_thread_count(monkeypatch):
    from cnncalc.engine.network import threads_on_idle_cores
    threads = blas.openblas_threads()
    if threads is None or threads < 2:
        pytest.skip("needs an OpenBLAS on 2 or more threads")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setattr(blas, "idle_cores", lambda: 0.3)       # another process holds the cores
    with threads_on_idle_cores():
        assert blas.openblas_threads() == 1
    assert blas.openblas_threads() == threads
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", str(threads))   # the user's choice: left alone
    with threads_on_idle_cores():
        assert blas.openblas_threads() == threads
