"""The command line: a thin click layer over the library. Library errors are caught once, here,
and become a one-line message and exit code 2; Ctrl-C anywhere is one line, ``interrupted``, and
exit code 130 (128 + SIGINT, as a shell reports it). Every message passes `escape.terminal`: a
name or a path quoted in it shows its escape sequences as visible escapes.

Commands load lazily: `COMMANDS` names each command's module and one-line help, so that
``cnncalc --help`` imports no command module and ``cnncalc summarize`` imports only its own (a
test keeps the table equal to the real commands). A module imported at the bottom of this file
registers its commands eagerly, which also works.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import NoReturn

import click

from .. import __version__
from ..errors import CnnCalcError
from ..files.record import recording
from ..render.escape import terminal

EXIT_USER_ERROR = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130
"""128 + SIGINT's number 2: what a shell reports for a program Ctrl-C stopped."""


class UserError(click.ClickException):
    """A `CnnCalcError` on its way to the terminal: the message alone, exit code 2."""

    exit_code = EXIT_USER_ERROR

    def show(self, file=None) -> None:
        click.echo(terminal(self.message), err=True)


def interrupted() -> NoReturn:
    """Ctrl-C: one line on stderr, no traceback, exit code 130."""
    click.echo("interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


COMMANDS: dict[str, tuple[str, str]] = {
    # name → (module in cnncalc.cli, the first sentence of its help)
    "check": ("check", "Check the answers in ANSWERS (a homework answers file): ✓ or ✗ per "
                       "question, the right value and its formula for each wrong one, and the "
                       "score."),
    "conv": ("calculators", "Calculate one 2-D convolution layer on INPUT (H×W×C) and explain "
                            "every number."),
    "conventions": ("conventions", "List the counting conventions: what each counts, and whose "
                                   "numbers it reproduces."),
    "deconv": ("calculators", "Calculate one transposed convolution layer on INPUT (H×W×C) and "
                              "explain every number."),
    "diff": ("diff", "Compare two specs A and B (files, or bundled specs by name) layer by "
                     "layer: where they part and why, every differing shape, parameter and "
                     "multiplication count, the layers only in one, the layers named "
                     "differently, and the totals with B − A."),
    "draw": ("draw", "Draw SPEC's layer graph as an SVG picture, top to bottom."),
    "draw-conv": ("draw", "Draw the sliding window of one convolution over INPUT (HxW, or one "
                          "number for a square): the padded input, the kernel at every "
                          "position, the output, the formula."),
    "explain": ("explain", "Show how each number of the named LAYERS (default: every layer) of "
                           "SPEC is computed, and how other tools' counting conventions count "
                           "it where they differ (see `cnncalc conventions`)."),
    "fc": ("calculators", "Calculate one fully connected layer on INPUT (N, or H×W×C to flatten "
                          "first) and explain every number."),
    "import": ("import_model", "Turn MODEL, another framework's model file, into a cnncalc "
                               "spec (YAML)."),
    "kinds": ("listing", "List every layer kind, its aliases and its settings, written the way "
                         "a spec writes them (``stride = 1``; ``kernel required``)."),
    "pool": ("calculators", "Calculate one pooling layer on INPUT (H×W×C) and explain every "
                            "number."),
    "quiz": ("quiz", "Print the question sheet of QUESTIONS (the teacher's homework file) for "
                     "one student: their variant of each question, the networks it asks about, "
                     "no answers."),
    "solve": ("solve", "Find the hyper-parameters that turn an input size into the wanted "
                       "output size: every valid whole number (one unknown solved exactly, "
                       "\"or any larger\" when unbounded; several searched in stated ranges), "
                       "the one courses call \"same\" marked, and the first solution worked "
                       "out."),
    "specs": ("listing", "List the bundled specs: each name (a file's, or a variant's of a "
                         "family file), its network and input, and with --totals its "
                         "parameters and multiplications."),
    "summarize": ("summarize", "Print the layer table of SPEC: a YAML file, or a bundled spec "
                               "by name."),
    "verify": ("verify", "Run SPEC forward on random arrays with NumPy and check, layer by "
                         "layer, that the measured output shapes, parameters and "
                         "multiplications equal the calculated ones."),
}


class CnnCalcGroup(click.Group):
    """Loads a command's module when the command is used; catches library errors once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's command list, written from `COMMANDS` for modules not yet loaded."""
        names = [name for name in self.list_commands(ctx)
                 if name in COMMANDS or not self.commands[name].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, self.commands[name].get_short_help_str(limit) if name in self.commands
                 else click.utils.make_default_short_help(COMMANDS[name][1], limit))
                for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def make_context(self, *args, **kwargs) -> click.Context:
        # click would turn a Ctrl-C into "Aborted!" and exit code 1: caught first, here while
        # the arguments are read and in `invoke` while the command runs
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            interrupted()
        except click.exceptions.ClickException as error:
            error.message = terminal(error.message)
            raise

    def invoke(self, ctx: click.Context):
        # A command is one short computation whose data (a layer graph, its rows, their text)
        # holds no reference cycles: the cyclic collector's passes over a 100,000-layer graph
        # cost as much as the work itself, and reference counting frees everything anyway.
        gc.disable()
        try:
            with recording():  # the files read, which no output may overwrite
                return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()
        except CnnCalcError as error:
            raise UserError(str(error)) from None
        except click.exceptions.ClickException as error:
            error.message = terminal(error.message)  # a usage error quotes what was typed
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:  # a bug in cnncalc: say so plainly
            if os.environ.get("CNNCALC_DEBUG"):
                raise
            click.echo(terminal(f"cnncalc hit an internal error (a bug, not your spec): "
                                f"{type(error).__name__}: {error}\nPlease report it with the "
                                "spec; set CNNCALC_DEBUG=1 to see the traceback."), err=True)
            sys.exit(EXIT_BUG)
        finally:
            gc.enable()


@click.group(cls=CnnCalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cnncalc")
def main() -> None:
    """Calculate, explain and check the arithmetic of convolutional neural networks.

    Write a network as a YAML spec (see `cnncalc kinds` and the README), then:

    \b
      cnncalc summarize alexnet.yaml
      cnncalc explain alexnet conv1
    """


# A new command: a module in this package and a row in COMMANDS (importing the module here
# would also register it, but every command would then load on every run).
