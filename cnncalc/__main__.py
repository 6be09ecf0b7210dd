"""``python -m cnncalc …`` runs the command line."""

from .cli import main

main(prog_name="cnncalc")
