"""`make bench`: how fast the reference engine is, measured on this machine.

    python bench/bench.py [--specs alexnet vgg16 resnet50 mobilenet_v2] [--repeat 3] [--no-torch]
                          [--threads N]

Prints (1) NumPy's float32 matrix-multiply throughput, the practical ceiling; (2) for every
convolution of the bundled AlexNet, VGG-16, ResNet-50 and MobileNet-V2 specs (identical layers
timed once, shown with their count): multiplications, time, GMAC/s, the fraction of the
ceiling and, when PyTorch is importable, time ÷ torch.nn.functional.conv2d on the same layer;
(3) a full `verify` of VGG-16 at 224×224, batch 1: time and peak memory, and the ratio to a
PyTorch CPU forward of the same network. A benchmark, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, HERE, os.path.join(ROOT, "tests")]

from kernels import Stopwatch, _load_blas, gemm_ceiling  # noqa: E402  (bench/kernels.py)

BLAS_NOTE = _load_blas().prefer_avx512_openblas()  # before NumPy's first import


def _threads_argument(argv) -> int | None:
    """``--threads N`` read before NumPy loads OpenBLAS, which reads its thread count once."""
    argv = sys.argv[1:] if argv is None else argv
    for index, word in enumerate(argv):
        if word == "--threads" and index + 1 < len(argv):
            return int(argv[index + 1])
        if word.startswith("--threads="):
            return int(word.split("=", 1)[1])
    return None


THREADS = _threads_argument(None)
if THREADS:  # both libraries on the same number of cores: on a shared machine, fewer can win
    os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)

import numpy as np  # noqa: E402

from cnncalc.calculator import summarize  # noqa: E402
from cnncalc.engine.blas import openblas_report  # noqa: E402
from cnncalc.engine.kernels import Tally, conv2d  # noqa: E402
from cnncalc.engine.layers import paddings  # noqa: E402
from cnncalc.spec import load_spec  # noqa: E402
from cnncalc.verify import verify  # noqa: E402


def conv_layers(spec: str):
    """Unique convolutions of a bundled spec: (first name, count, input (H, W, C), layer)."""
    network = load_spec(spec)
    summary = summarize(network)
    unique: dict = {}
    for node, row in zip(network.nodes, summary.layers):
        if node.kind != "conv":
            continue
        layer = node.layer
        key = (row.input_shapes[0], layer.filters, layer.kernel, layer.stride, layer.padding,
               layer.dilation, layer.groups, layer.depthwise, layer.bias)
        if key in unique:
            unique[key][1] += 1
        else:
            unique[key] = [f"{spec}:{node.name}", 1, row.input_shapes[0], layer]
    return list(unique.values())


def engine_call(shape, layer, rng):
    h, w, c = shape
    groups = c if layer.depthwise else layer.groups
    filters = layer.filters or c * layer.multiplier
    x = rng.standard_normal((1, h, w, c), np.float32)
    weights = rng.standard_normal((*layer.kernel, c // groups, filters), np.float32)
    pads = paddings(layer, h, w, layer.dilation)
    tally = Tally()
    conv2d(x, weights, stride=layer.stride, padding=pads, dilation=layer.dilation,
           groups=groups, tally=tally)
    return (lambda: conv2d(x, weights, stride=layer.stride, padding=pads,
                           dilation=layer.dilation, groups=groups)), tally.multiplications, \
        (x, weights, pads, groups)


def torch_call(torch, operands, layer):
    x, weights, pads, groups = operands
    (top, bottom), (left, right) = pads
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    if (top, left) != (bottom, right):
        xt = torch.nn.functional.pad(xt, (left, right, top, bottom))
        top = left = 0
    wt = torch.from_numpy(weights).permute(3, 2, 0, 1).contiguous()

    def call():
        with torch.no_grad():
            torch.nn.functional.conv2d(xt, wt, stride=layer.stride, padding=(top, left),
                                       dilation=layer.dilation, groups=groups)
    return call


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", nargs="*", default=["alexnet", "vgg16", "resnet50",
                                                       "mobilenet_v2"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for OpenBLAS and PyTorch alike (default: one per core)")
    args = parser.parse_args(argv)
    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            pass
    if torch and args.threads:
        torch.set_num_threads(args.threads)
    report = openblas_report()
    print(f"OpenBLAS core: {report['openblas_corename']}  ({BLAS_NOTE}); "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    print(f"PyTorch: {torch.__version__ + ', ' + str(torch.get_num_threads()) + ' threads' if torch else 'not importable: no ratios'}")
    watch = Stopwatch(max_waits=2)
    ceiling = max(gemm_ceiling(np, watch, args.repeat).values())
    ceiling_macs = ceiling / 2
    print(f"NumPy float32 GEMM ceiling: {ceiling:.1f} GFLOP/s = {ceiling_macs:.1f} GMAC/s\n")

    rng = np.random.default_rng(0)
    header = f"{'layer':34} {'×':>3} {'mults':>13} {'ms':>8} {'GMAC/s':>7} {'ceil':>5}"
    print(header + ("  ÷torch" if torch else ""))
    totals: dict = {}
    for spec in args.specs:
        for name, count, shape, layer in conv_layers(spec):
            call, mults, operands = engine_call(shape, layer, rng)
            for _ in range(args.repeat):
                watch.sample(("engine", name), call)
            seconds = watch.best[("engine", name)]
            line = (f"{name:34} {count:>3} {mults:>13,} {seconds * 1e3:>8.2f} "
                    f"{mults / seconds / 1e9:>7.1f} {mults / seconds / 1e9 / ceiling_macs:>5.0%}")
            spent = totals.setdefault(spec, [0, 0.0, 0.0])
            spent[0] += count * mults
            spent[1] += count * seconds
            if torch:
                reference = torch_call(torch, operands, layer)
                for _ in range(args.repeat):
                    watch.sample(("torch", name), reference)
                line += f"  {seconds / watch.best[('torch', name)]:>6.2f}"
                spent[2] += count * watch.best[("torch", name)]
            print(line, flush=True)
    print()
    for spec, (mults, seconds, torch_seconds) in totals.items():
        ratio = f", {seconds / torch_seconds:.2f}× torch" if torch else ""
        print(f"{spec:14} all convolutions: {mults:,} mults in {seconds * 1e3:,.0f} ms = "
              f"{mults / seconds / 1e9:.1f} GMAC/s ({mults / seconds / 1e9 / ceiling_macs:.0%} "
              f"of the ceiling{ratio})")

    network = load_spec("vgg16")
    best = min((verify(network, batch=1) for _ in range(args.repeat)),
               key=lambda result: result.forward_seconds)
    print(f"\nverify vgg16, 224×224, batch 1: forward {best.forward_seconds:.2f} s, whole run "
          f"{best.seconds:.2f} s (with making 138 M weights), peak "
          f"{best.peak_bytes / 2**20:,.0f} MiB, {'all layers agree' if best.ok else 'DISAGREES'}")
    batch8 = verify(network, batch=8)
    print(f"verify vgg16, batch 8: forward {batch8.forward_seconds:.2f} s, whole run "
          f"{batch8.seconds:.2f} s, peak {batch8.peak_bytes / 2**20:,.0f} MiB")
    if torch:
        import torch_models  # tests/torch_models.py: VGG-16 in plain torch.nn
        model = torch_models.vgg16().eval()
        x = torch.randn(1, 3, 224, 224)
        with torch.no_grad():
            model(x)
            forward = min(_timed(lambda: model(x)) for _ in range(args.repeat))
        print(f"PyTorch CPU forward of VGG-16, batch 1: {forward:.2f} s; the engine's forward "
              f"takes {best.forward_seconds / forward:.2f}× as long")


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
