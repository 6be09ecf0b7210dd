"""One tool's totals for one network, in a process of its own: ``python tests/tool_count.py TOOL
NETWORK`` prints ``{"total": …, "params": …, "tool": "<distribution> <version>"}`` as JSON.

Run by tests/test_tool_conventions.py (and so by `make test-tools`), one process per tool and
network: ptflops patches ``torch.nn.functional``, thop and ultralytics-thop both install the
module ``thop``, so no two tools may share an interpreter. A tool installed apart from the venv
(``pip install --target DIR/<tool>``, as the Makefile does for the two ``thop``) is found through
``CNNCALC_TOOLS_DIR``: the caller puts ``DIR/<tool>`` first on ``PYTHONPATH``.

NETWORK is ``torchvision:<name>`` (torchvision's own model, with ``nn.Softmax(dim=1)`` after it
because the bundled specs end in a softmax; GoogLeNet without its auxiliary heads, as torchvision
builds it for its weights) or ``twin:<name>`` (the plain ``torch.nn`` twin in tests/torch_models.py).
Each tool is called as its user would call it; totals are exact integers (never the rounded
strings the tools print).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import io
import json
import re
import sys
import warnings
from pathlib import Path

try:
    import torch
except ImportError:    # collected by `pytest --doctest-modules` where torch is not installed
    torch = None

HERE = Path(__file__).resolve().parent

DISTRIBUTIONS = {"torchinfo": "torchinfo", "ptflops": "ptflops", "ptflops-aten": "ptflops",
                 "fvcore": "fvcore", "thop": "thop", "ultralytics-thop": "ultralytics-thop",
                 "torchscan": "torchscan", "torchscan-flops": "torchscan"}
"""Each profile and the distribution that prints its total."""

TORCHVISION = {
    "googlenet": lambda models: models.googlenet(weights=None, aux_logits=False,
                                                 init_weights=False),
    "mobilenet_v2": lambda models: models.mobilenet_v2(weights=None),
    "densenet121": lambda models: models.densenet121(weights=None),
    "resnet50": lambda models: models.resnet50(weights=None),
    "convnext_tiny": lambda models: models.convnext_tiny(weights=None),
}
"""The torchvision models compared, as ``torchvision.models.<name>`` builds them."""


def torchvision_models():
    """``torchvision.models``, imported with ``torch.library.register_fake`` made tolerant: the
    CPU wheel may lack compiled ops (nms…) that no classification model needs."""
    register_fake = torch.library.register_fake

    def tolerant(*args, **kwargs):
        def decorate(function):
            try:
                return register_fake(*args, **kwargs)(function)
            except Exception:  # noqa: BLE001  (an op this wheel does not have)
                return function
        return decorate
    torch.library.register_fake = tolerant
    try:
        import torchvision.models
        return torchvision.models
    finally:
        torch.library.register_fake = register_fake


def twin_models():
    spec = importlib.util.spec_from_file_location("cnncalc_torch_models", HERE / "torch_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    sys.path.insert(0, str(HERE))    # torch_models imports its sibling files
    spec.loader.exec_module(module)
    return module.MODELS


def network(name: str):
    """(model in eval mode, (C, H, W))."""
    source, _, model_name = name.partition(":")
    torch.manual_seed(0)
    if source == "torchvision":
        model = torch.nn.Sequential(TORCHVISION[model_name](torchvision_models()),
                                    torch.nn.Softmax(dim=1))
        return model.eval(), (3, 224, 224)
    if source == "twin":
        builder, (h, w, c) = twin_models()[model_name]
        return builder().eval(), (c, h, w)
    raise SystemExit(f"unknown network {name!r}: torchvision:<name> or twin:<name>")


@contextlib.contextmanager
def quiet(into=None):
    with contextlib.redirect_stdout(into or io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def torchinfo_totals(net, chw):
    import torchinfo
    with quiet():
        stats = torchinfo.summary(net, input_size=(1, *chw), verbose=0)
    assert f"Total params: {stats.total_params:,}" in str(stats)
    return stats.total_mult_adds, stats.total_params


def ptflops_totals(net, chw, backend):
    torchvision_models()    # ptflops imports torchvision.ops when it can: tolerantly first
    import ptflops
    with quiet():
        return ptflops.get_model_complexity_info(net, chw, as_strings=False,
                                                 print_per_layer_stat=False, backend=backend)


def fvcore_totals(net, chw):
    from fvcore.nn import FlopCountAnalysis, parameter_count
    with quiet():
        analysis = FlopCountAnalysis(net, torch.zeros(1, *chw))
        analysis.unsupported_ops_warnings(False)
        analysis.uncalled_modules_warnings(False)
        return analysis.total(), parameter_count(net)[""]


def thop_totals(net, chw):
    import thop
    with quiet():
        return thop.profile(net, inputs=(torch.zeros(1, *chw),), verbose=False)


def torchscan_totals(net, chw, total):
    import torchscan
    printed = io.StringIO()
    with quiet(printed):
        torchscan.summary(net, chw)
        totals = torchscan.crawl_module(net, chw)["totals"]
    params = int(re.search(r"Total params: ([\d,]+)", printed.getvalue())[1].replace(",", ""))
    # summary() prints MACs rounded (4.11 GMACs); the report holds the exact figure
    return totals[total]["known_value"], params


TOOLS = {
    "torchinfo": torchinfo_totals,
    "ptflops": lambda net, chw: ptflops_totals(net, chw, "pytorch"),
    "ptflops-aten": lambda net, chw: ptflops_totals(net, chw, "aten"),
    "fvcore": fvcore_totals,
    "thop": thop_totals,
    "ultralytics-thop": thop_totals,     # the same call: both install the module `thop`
    "torchscan": lambda net, chw: torchscan_totals(net, chw, "macs"),
    "torchscan-flops": lambda net, chw: torchscan_totals(net, chw, "module_flops"),
}


def normalized(version: str) -> str:
    """As pip spells it (thop's metadata says 0.1.1-2209072238: 0.1.1.post2209072238)."""
    try:
        from packaging.version import Version
    except ImportError:
        return version
    return str(Version(version))


def measure(tool: str, name: str) -> dict:
    net, chw = network(name)
    total, params = TOOLS[tool](net, chw)
    if total != int(total) or params != int(params):
        raise SystemExit(f"{tool} printed a fractional total: {total}, {params}")
    distribution = DISTRIBUTIONS[tool]
    return {"total": int(total), "params": int(params),
            "tool": f"{distribution} {normalized(importlib.metadata.version(distribution))}",
            "torch": torch.__version__.split("+")[0]}


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in TOOLS:
        raise SystemExit(f"usage: tool_count.py {{{','.join(TOOLS)}}} torchvision:NAME|twin:NAME")
    print(json.dumps(measure(sys.argv[1], sys.argv[2])))
