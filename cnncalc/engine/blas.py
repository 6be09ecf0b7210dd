"""Which OpenBLAS kernels NumPy's matrix products run on, and choosing AVX-512 ones.

NumPy's wheels bundle an OpenBLAS built with DYNAMIC_ARCH: at load time it picks a "core type"
(Haswell, SkylakeX, Zen, ...) from the CPU. On some AVX-512 machines it picks the AVX2 kernels
(Haswell); ``OPENBLAS_CORETYPE=SkylakeX`` overrides that, but only if it is in the environment
before the library is loaded, i.e. before NumPy's first import. Forcing SkylakeX on a CPU that
does not run AVX-512 kills the process (SIGILL), so it is only set when the kernel reports
``avx512f`` in /proc/cpuinfo.

This module imports nothing from NumPy or from cnncalc, so it can be loaded first.
"""
from __future__ import annotations

import ctypes
import functools
import glob
import os
import sys

__all__ = ["cpu_flags", "prefer_avx512_openblas", "openblas_report", "idle_cores",
           "openblas_threads", "set_openblas_threads"]

ENV = "OPENBLAS_CORETYPE"
AVX512_CORETYPE = "SkylakeX"
_CORENAME_SYMBOLS = ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                     "openblas_get_corename64_", "openblas_get_corename")
_GET_THREADS_SYMBOLS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
                        "openblas_get_num_threads64_", "openblas_get_num_threads")
_SET_THREADS_SYMBOLS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                        "openblas_set_num_threads64_", "openblas_set_num_threads")
_CONFIG_SYMBOLS = ("scipy_openblas_get_config64_", "scipy_openblas_get_config",
                   "openblas_get_config64_", "openblas_get_config")


def cpu_flags(path: str = "/proc/cpuinfo") -> set[str]:
    """The CPU feature flags the kernel reports (empty when there is no /proc/cpuinfo)."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def prefer_avx512_openblas(environ=os.environ, flags: set[str] | None = None) -> str:
    """Set ``OPENBLAS_CORETYPE=SkylakeX`` if that is safe and can still take effect.

    Returns what happened, as a sentence: set; left alone because the user set it; impossible
    because NumPy is already imported; or not useful because the CPU reports no avx512f.
    """
    if ENV in environ:
        return f"{ENV}={environ[ENV]} was set by the user; left as is"
    flags = cpu_flags() if flags is None else flags
    if "avx512f" not in flags:
        return f"{ENV} not set: the CPU does not report avx512f (SkylakeX kernels would crash)"
    if "numpy" in sys.modules:
        return (f"{ENV} not set: numpy is already imported, so OpenBLAS has chosen its kernels; "
                f"call this before the first 'import numpy' or export {ENV}={AVX512_CORETYPE}")
    environ[ENV] = AVX512_CORETYPE
    return f"{ENV}={AVX512_CORETYPE} set (CPU reports avx512f; numpy not yet imported)"


def _openblas_libraries() -> list[str]:
    import numpy  # noqa: F401  (loads the bundled OpenBLAS, so we ask the library in use)
    root = os.path.dirname(os.path.dirname(numpy.__file__))
    found = []
    for pattern in ("numpy.libs/*openblas*", "numpy/.dylibs/*openblas*"):
        found += sorted(glob.glob(os.path.join(root, pattern)))
    import ctypes.util
    system = ctypes.util.find_library("openblas")
    return found + ([system] if system else [])


def _call_string(lib, names) -> str | None:
    for name in names:
        function = getattr(lib, name, None)
        if function is not None:
            function.restype = ctypes.c_char_p
            value = function()
            return value.decode(errors="replace").strip() if value else None
    return None


def openblas_report() -> dict:
    """What is in effect: the env var, whether the CPU reports AVX-512, and the core type the
    loaded OpenBLAS says it runs (``None`` when no OpenBLAS library answers).

    Imports NumPy (so after this call :func:`prefer_avx512_openblas` can no longer act).
    """
    corename = config = library = None
    for path in _openblas_libraries():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        corename = _call_string(lib, _CORENAME_SYMBOLS)
        if corename is not None:
            config, library = _call_string(lib, _CONFIG_SYMBOLS), path
            break
    flags = cpu_flags()
    return {"env": os.environ.get(ENV), "cpu_avx512f": "avx512f" in flags,
            "cpu_avx2": "avx2" in flags, "openblas_corename": corename,
            "openblas_config": config, "library": library}


@functools.lru_cache(maxsize=None)
def _openblas_function(names):
    """The first of ``names`` (a tuple) the loaded OpenBLAS exports, or None; looked up once (the
    lookup runs ldconfig)."""
    for path in _openblas_libraries():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in names:
            function = getattr(lib, name, None)
            if function is not None:
                return function
    return None


def openblas_threads() -> int | None:
    """How many threads the loaded OpenBLAS runs a product on (None: no OpenBLAS answers)."""
    function = _openblas_function(_GET_THREADS_SYMBOLS)
    return None if function is None else int(function())


def set_openblas_threads(threads: int) -> bool:
    """Make the loaded OpenBLAS run on ``threads`` threads; False when no OpenBLAS answers."""
    function = _openblas_function(_SET_THREADS_SYMBOLS)
    if function is None:
        return False
    function.argtypes = [ctypes.c_int]
    function(int(threads))
    return True


def _cpu_times(path: str = "/proc/stat") -> tuple[float, float] | None:
    """(busy, total) jiffies of all CPUs so far, or None without /proc/stat."""
    try:
        with open(path, encoding="ascii") as f:
            fields = [int(v) for v in f.readline().split()[1:8]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def idle_cores(seconds: float = 0.05, path: str = "/proc/stat") -> float | None:
    """Cores of this process's CPU set left idle by everything running, sampled over
    ``seconds`` while this process sleeps (None off Linux)."""
    import time
    before = _cpu_times(path)
    time.sleep(seconds)
    after = _cpu_times(path)
    if before is None or after is None or after[1] <= before[1]:
        return None
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    busy = (after[0] - before[0]) / (after[1] - before[1])
    return cores * (1 - busy)
