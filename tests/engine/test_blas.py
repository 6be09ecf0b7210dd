"""The OPENBLAS_CORETYPE helper: acts only when it is safe and can still take effect."""
import sys

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
