"""Start-up stays fast: each command imports only what it uses (rich only for a rich view, NumPy
only in the engine), and the static command table behind lazy loading matches the commands."""

from __future__ import annotations

import importlib
import re
import os
import pkgutil
import subprocess
import sys

import cnncalc.cli
from cnncalc.cli import COMMANDS, main

PROBE = """
import sys
from cnncalc.cli import main
try:
    main({argv!r}, prog_name="cnncalc")
except SystemExit:
    pass
sys.stderr.write("MODULES " + " ".join(sorted(sys.modules)))
"""


def modules_after(*argv: str) -> set[str]:
    """The modules loaded by one run of ``cnncalc ARGV`` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=list(argv))],
                          capture_output=True, text=True, check=True)
    return set(done.stderr.rpartition("MODULES ")[2].split())


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_summarize_json_loads_neither_rich_nor_numpy():
    loaded = modules_after("summarize", "alexnet", "--json")
    assert "cnncalc.cli.summarize" in loaded  # the probe really ran the command
    assert not {"rich", "numpy"} & tops(loaded)


def test_summarize_without_memory_loads_no_memory_module():
    for argv in (("--json",), ()):
        loaded = modules_after("summarize", "alexnet", *argv)
        assert "cnncalc.cli.summarize" in loaded
        assert "cnncalc.memory" not in loaded


def test_summarize_lists_the_memory_modules_choices():
    from cnncalc.cli import summarize
    from cnncalc.memory import DType, Optimizer

    assert summarize.DTYPES == tuple(dtype.value for dtype in DType)
    assert summarize.OPTIMIZERS == tuple(choice.value for choice in Optimizer)


def test_help_loads_no_command_module_and_no_yaml():
    loaded = modules_after("--help")
    commands = {f"cnncalc.cli.{module}" for module, _ in COMMANDS.values()}
    assert not commands & loaded
    assert not {"rich", "numpy", "yaml"} & tops(loaded)


def test_the_table_names_every_command_with_its_real_help():
    for module in pkgutil.iter_modules(cnncalc.cli.__path__):
        importlib.import_module(f"cnncalc.cli.{module.name}")
    real = {name: (command.callback.__module__.rpartition(".")[2],
                   command.get_short_help_str(limit=10_000))
            for name, command in main.commands.items()}
    assert real == COMMANDS, ("cnncalc.cli.COMMANDS must list every command with its module "
                              "and the first sentence of its help")


def test_lazy_help_lists_what_the_loaded_commands_would():
    """``--help`` from the table reads exactly as with every command module loaded."""
    load_all = ("import importlib, pkgutil, cnncalc.cli\n"
                "for module in pkgutil.iter_modules(cnncalc.cli.__path__):\n"
                "    importlib.import_module('cnncalc.cli.' + module.name)\n")
    run = "from cnncalc.cli import main\nmain(['--help'], prog_name='cnncalc')\n"
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "72"}).stdout
               for code in (run, load_all + run)]
    assert re.search(r"summarize +Print the layer table", outputs[0])
    assert outputs[0] == outputs[1]
