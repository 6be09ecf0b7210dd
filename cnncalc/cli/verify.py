"""`cnncalc verify`: prove every number with a real forward pass."""

from __future__ import annotations

import sys

import click

from . import main
from .options import (allow_path_option, batch_option, console, echo_warnings, input_policy,
                      spec_options, spec_reading)

EXIT_DISAGREE = 1


@main.command()
@click.argument("spec")
@batch_option
@click.option("--seed", default="0", show_default=True, help="Seed of the random inputs and "
              "weights, a whole number from 0 to 2^64 - 1.")
@click.option("--max-memory", default="4GiB", show_default=True,
              help="Refuse a run whose estimated peak memory is larger (e.g. 2GiB, 512MiB).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@spec_options
@allow_path_option
def verify(spec: str, batch: int, seed: str, max_memory: str, as_json: bool,
           sets: tuple[str, ...], input_text: str | None, allow_paths: tuple[str, ...]) -> None:
    """Run SPEC forward on random arrays with NumPy and check, layer by layer, that the measured
    output shapes, parameters and multiplications equal the calculated ones.

    Exit code 0 when all agree, 1 on any disagreement, 2 for a bad spec, a bad option or a
    refused run.

    \b
      cnncalc verify alexnet.yaml
      cnncalc verify resnet50 --batch 2 --seed 7
      cnncalc verify my_net.yaml --max-memory 2GiB
      cnncalc verify resnet18 --input 64x64x3
    """
    from ..engine.blas import openblas_report, prefer_avx512_openblas

    prefer_avx512_openblas()  # must come before NumPy is first imported
    from ..engine.memory import parse_seed, parse_size
    from ..graph_notes import unread_warnings
    from ..render.verification import print_verification, verification_json
    from ..spec import load_spec
    from ..verify import verify as run_verification

    limit, seed_value = parse_size(max_memory), parse_seed(seed)
    network = load_spec(spec, policy=input_policy(allow_paths), **spec_reading(sets, input_text))
    echo_warnings(unread_warnings(network))   # verify agrees with a graph that drops a layer
    kernels = openblas_report()["openblas_corename"]
    result = run_verification(network, batch, seed_value, limit,
                              blas=f"OpenBLAS {kernels} kernels" if kernels else "")
    if as_json:
        click.echo(verification_json(result))
    else:
        print_verification(result, console())
    if not result.ok:
        sys.exit(EXIT_DISAGREE)
