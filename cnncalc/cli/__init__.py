"""The command line: a thin click layer over the library. Library errors are caught once, here,
and become a one-line message and exit code 2."""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import CnnCalcError

EXIT_USER_ERROR = 2
EXIT_BUG = 3


class UserError(click.ClickException):
    """A `CnnCalcError` on its way to the terminal: the message alone, exit code 2."""

    exit_code = EXIT_USER_ERROR

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


class CnnCalcGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CnnCalcError as error:
            raise UserError(str(error)) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:  # a bug in cnncalc: say so plainly
            if os.environ.get("CNNCALC_DEBUG"):
                raise
            click.echo(f"cnncalc hit an internal error (a bug, not your spec): "
                       f"{type(error).__name__}: {error}\nPlease report it with the spec; "
                       "set CNNCALC_DEBUG=1 to see the traceback.", err=True)
            sys.exit(EXIT_BUG)


@click.group(cls=CnnCalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cnncalc")
def main() -> None:
    """Calculate, explain and check the arithmetic of convolutional neural networks.

    Write a network as a YAML spec (see `cnncalc kinds` and the README), then:

    \b
      cnncalc summarize alexnet.yaml
      cnncalc explain alexnet conv1
    """


# Each command module registers itself; one per line so that adding one touches one line.
from . import calculators  # noqa: E402,F401
from . import check  # noqa: E402,F401
from . import conventions  # noqa: E402,F401
from . import diff  # noqa: E402,F401
from . import draw  # noqa: E402,F401
from . import explain  # noqa: E402,F401
from . import listing  # noqa: E402,F401
from . import solve  # noqa: E402,F401
from . import summarize  # noqa: E402,F401
from . import verify  # noqa: E402,F401
