"""SVG to PNG, when the machine has a converter: the `cairosvg` package or the `rsvg-convert`
program (librsvg). Neither is a dependency of cnncalc; without one, PNG is a clean error."""

from __future__ import annotations

import shutil
import subprocess

from ..errors import CnnCalcError


def png_converter() -> str | None:
    """The name of the converter found, or None."""
    try:
        import cairosvg  # noqa: F401
        return "cairosvg"
    except ImportError:
        pass
    return "rsvg-convert" if shutil.which("rsvg-convert") else None


def svg_to_png(svg: str) -> bytes:
    """The PNG rendering of `svg`; a `CnnCalcError` when no converter is installed."""
    converter = png_converter()
    if converter is None:
        raise CnnCalcError("PNG needs an SVG converter and none is installed; received --format "
                           "png; install one (pip install cairosvg, or apt-get install "
                           "librsvg2-bin for rsvg-convert), or write SVG (--format svg)")
    if converter == "cairosvg":
        import cairosvg
        return cairosvg.svg2png(bytestring=svg.encode("utf-8"))
    done = subprocess.run(["rsvg-convert", "--format", "png"], input=svg.encode("utf-8"),
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise CnnCalcError(f"rsvg-convert could not convert the picture: "
                           f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout
