"""Benchmark the reference engine's convolution kernels against NumPy's own GEMM ceiling.

    python bench/kernels.py [--batch N] [--repeat R] [--layers SUBSTR ...] [--strategy S]
                            [--no-torch] [--no-coretype]

Prints the float32 GEMM throughput of this machine's NumPy (GFLOP/s, best of R passes), then per
convolution layer: multiplications (the engine's tally), best time, GMAC/s, the fraction of the
GEMM ceiling (ceiling in MACs/s = GFLOP/s / 2), the time ratio engine / torch.nn.functional.conv2d
when torch is importable (torch's faster of NCHW and channels_last), and the peak bytes of the
engine's temporaries (tracemalloc peak during the call minus the output array, shown apart).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_blas():
    """cnncalc/engine/blas.py on its own, so nothing imports NumPy before it decides."""
    spec = importlib.util.spec_from_file_location("cnncalc_blas", os.path.join(ROOT, "cnncalc", "engine", "blas.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# name, (H, W, C_in), K, kernel, stride, padding, groups
LAYERS = [
    ("vgg16.conv1_1", (224, 224, 3), 64, 3, 1, 1, 1),
    ("vgg16.conv1_2", (224, 224, 64), 64, 3, 1, 1, 1),
    ("vgg16.conv2_2", (112, 112, 128), 128, 3, 1, 1, 1),
    ("vgg16.conv3_2", (56, 56, 256), 256, 3, 1, 1, 1),
    ("vgg16.conv4_2", (28, 28, 512), 512, 3, 1, 1, 1),
    ("vgg16.conv5_2", (14, 14, 512), 512, 3, 1, 1, 1),
    ("alexnet.conv1", (227, 227, 3), 96, 11, 4, 0, 1),
    ("alexnet.conv2", (27, 27, 96), 256, 5, 1, 2, 2),
    ("alexnet.conv3", (13, 13, 256), 384, 3, 1, 1, 1),
    ("resnet50.conv1", (224, 224, 3), 64, 7, 2, 3, 1),
    ("resnet50.l1.1x1a", (56, 56, 64), 64, 1, 1, 0, 1),
    ("resnet50.l1.3x3", (56, 56, 64), 64, 3, 1, 1, 1),
    ("resnet50.l1.1x1b", (56, 56, 64), 256, 1, 1, 0, 1),
    ("resnet50.l2.3x3s2", (56, 56, 128), 128, 3, 2, 1, 1),
    ("resnet50.l3.3x3", (14, 14, 256), 256, 3, 1, 1, 1),
    ("resnet50.l4.1x1", (7, 7, 2048), 512, 1, 1, 0, 1),
    ("resnet50.l4.3x3", (7, 7, 512), 512, 3, 1, 1, 1),
    ("resnext50.l1.3x3g32", (56, 56, 128), 128, 3, 1, 1, 32),
    ("mobilenetv2.dw112", (112, 112, 32), 32, 3, 1, 1, 32),
    ("mobilenetv2.dw112s2", (112, 112, 96), 96, 3, 2, 1, 96),
    ("mobilenetv2.dw56", (56, 56, 144), 144, 3, 1, 1, 144),
    ("mobilenetv2.dw28", (28, 28, 192), 192, 3, 1, 1, 192),
    ("mobilenetv2.dw14", (14, 14, 576), 576, 3, 1, 1, 576),
    ("mobilenetv2.dw7", (7, 7, 960), 960, 3, 1, 1, 960),
    ("mobilenetv2.pw56", (56, 56, 144), 24, 1, 1, 0, 1),
]


def _busy_seconds() -> float | None:
    """CPU seconds all processes have spent busy (from /proc/stat), or None off Linux."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Stopwatch:
    """Best per-call wall time of several functions on a shared machine.

    Callers sample every function once per pass, round-robin, so that a transient slowdown hits
    one sample of each function rather than every sample of one. A sample is as many calls as
    fill ≥ 0.1 s, so that /proc/stat's 10 ms ticks can tell whether other processes of this
    machine ran meanwhile; if they used more than a tenth of a CPU the sample is retaken after a
    pause (up to ``max_waits`` times, then kept and the key reported as contended).
    """

    def __init__(self, max_waits: int = 20) -> None:
        self.best: dict = {}
        self.calls: dict = {}
        self.contended: list = []
        self.max_waits = max_waits

    def sample(self, key, function) -> None:
        if key not in self.calls:
            start = time.perf_counter()
            function()  # warm up, and calibrate
            self.calls[key] = max(1, int(0.1 / max(time.perf_counter() - start, 1e-6)))
        calls = self.calls[key]
        for attempt in range(self.max_waits + 1):
            busy0, own0, start = _busy_seconds(), time.process_time(), time.perf_counter()
            for _ in range(calls):
                function()
            elapsed = time.perf_counter() - start
            busy1, own1 = _busy_seconds(), time.process_time()
            foreign = 0.0 if busy0 is None else (busy1 - busy0) - (own1 - own0)
            if foreign <= max(0.02, 0.1 * elapsed):
                break
            if attempt == self.max_waits:
                self.contended.append(key)
            else:
                time.sleep(0.5)
        self.best[key] = min(self.best.get(key, float("inf")), elapsed / calls)


def gemm_ceiling(np, watch: Stopwatch, repeat: int) -> dict[int, float]:
    """GFLOP/s of float32 (n×n)@(n×n), best of ``repeat`` passes."""
    rng = np.random.default_rng(0)
    operands = {}
    for n in (512, 1024, 2048, 3072):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        operands[n] = (a, b, np.empty((n, n), np.float32))
    for _ in range(repeat):
        for n, (a, b, out) in operands.items():
            watch.sample(("gemm", n), lambda: np.matmul(a, b, out=out))
    return {n: 2 * n**3 / watch.best[("gemm", n)] / 1e9 for n in operands}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--layers", nargs="*", default=None, help="substrings of layer names to run")
    parser.add_argument("--strategy", default="auto")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-coretype", action="store_true", help="do not try OPENBLAS_CORETYPE=SkylakeX")
    args = parser.parse_args(argv)

    blas = _load_blas()
    if not args.no_coretype:
        print(blas.prefer_avx512_openblas())
    import numpy as np
    sys.path.insert(0, ROOT)
    from cnncalc.engine.conv import choose_strategy, conv2d, _geometry
    from cnncalc.engine.tally import Tally

    report = blas.openblas_report()
    print(f"numpy {np.__version__}; OpenBLAS core type {report['openblas_corename']} "
          f"({blas.ENV}={report['env']}, cpu avx512f={report['cpu_avx512f']})")
    watch = Stopwatch()
    ceiling = gemm_ceiling(np, watch, args.repeat)
    print("float32 GEMM: " + ", ".join(f"{n}³ {g:.1f}" for n, g in ceiling.items()) + " GFLOP/s")
    ceiling_macs = max(ceiling.values()) / 2
    print(f"ceiling: {ceiling_macs:.1f} GMAC/s; batch {args.batch}; best of {args.repeat} passes\n")

    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            pass

    rng = np.random.default_rng(0)
    rows = []
    for name, (h, w, c), k, f, s, p, g in LAYERS:
        if args.layers and not any(part in name for part in args.layers):
            continue
        x = rng.standard_normal((args.batch, h, w, c), dtype=np.float32)
        wt = rng.standard_normal((f, f, c // g, k), dtype=np.float32)
        options = dict(stride=s, padding=p, groups=g)
        strategy = args.strategy if args.strategy != "auto" else choose_strategy(_geometry(x, wt, s, p, 1, g))
        tally = Tally()
        y = conv2d(x, wt, tally=tally, strategy=strategy, **options)
        tracemalloc.start()
        conv2d(x, wt, strategy=strategy, **options)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(dict(name=name, strategy=strategy, mults=tally.multiplications, peak=peak,
                         out_bytes=y.nbytes, x=x, wt=wt, y=y, options=options))

    for _ in range(args.repeat):
        for row in rows:
            watch.sample(row["name"], lambda: conv2d(row["x"], row["wt"], strategy=row["strategy"],
                                                     **row["options"]))

    has_torch = torch is not None
    if has_torch:  # after all engine runs: torch's OpenMP threads spin for a while after each call
        layouts = (torch.contiguous_format, torch.channels_last)
        inputs = {}
        for row in rows:
            xt = torch.from_numpy(row["x"]).permute(0, 3, 1, 2)
            wtt = torch.from_numpy(row["wt"]).permute(3, 2, 0, 1).contiguous()
            for layout in layouts:
                xl, wl = xt.contiguous(memory_format=layout), wtt.contiguous(memory_format=layout)
                with torch.no_grad():
                    ref = torch.nn.functional.conv2d(xl, wl, **row["options"]).permute(0, 2, 3, 1).numpy()
                scale = float(np.abs(ref).max()) or 1.0
                assert np.abs(ref - row["y"]).max() / scale < 1e-3, f"{row['name']}: engine disagrees with torch"
                inputs[row["name"], str(layout)] = (xl, wl, row["options"])
        with torch.no_grad():
            for _ in range(args.repeat):
                for key, (xl, wl, options) in inputs.items():
                    watch.sample(("torch",) + key, lambda: torch.nn.functional.conv2d(xl, wl, **options))

    header = f"{'layer':22} {'strategy':11} {'mults':>13} {'ms':>8} {'GMAC/s':>7} {'%ceil':>6}"
    header += f" {'×torch':>7}" if has_torch else ""
    print(header + f" {'temp MB':>8} {'out MB':>7}")
    for row in rows:
        seconds = watch.best[row["name"]]
        gmacs = row["mults"] / seconds / 1e9
        line = (f"{row['name']:22} {row['strategy']:11} {row['mults']:13,d} {seconds * 1e3:8.2f} "
                f"{gmacs:7.1f} {100 * gmacs / ceiling_macs:5.0f}%")
        if has_torch:
            torch_seconds = min(watch.best["torch", row["name"], str(layout)] for layout in layouts)
            line += f" {seconds / torch_seconds:7.2f}"
        print(line + f" {(row['peak'] - row['out_bytes']) / 2**20:8.1f} {row['out_bytes'] / 2**20:7.1f}")

    if watch.contended:
        print("\nother processes were busy during every try of a sample of: "
              + ", ".join(map(str, watch.contended)))

    if not args.layers or any(part in "vgg16.conv1_2" for part in args.layers):
        x = rng.standard_normal((8, 224, 224, 64), dtype=np.float32)
        wt = rng.standard_normal((3, 3, 64, 64), dtype=np.float32)
        tracemalloc.start()
        y = conv2d(x, wt, padding=1, strategy=args.strategy)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"\nvgg16.conv1_2 at batch 8: peak {peak / 2**20:.1f} MB while running, of which the output is "
              f"{y.nbytes / 2**20:.1f} MB (a full im2col would add {9 * x.nbytes / 2**20:.0f} MB)")


if __name__ == "__main__":
    main()
