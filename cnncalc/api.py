"""The Python API: the same calls the CLI makes, for a script or a notebook.

``load`` reads a spec into a `Network`; ``summarize`` counts it into a `Summary` (which renders
itself: ``to_dict``, ``to_json``, ``to_markdown``, ``to_html``, a notebook's rich table);
``explain`` gives the formulas behind each layer's numbers; ``verify`` runs the NumPy engine and
compares. A spec is a file path, a bundled name or variant (``"resnet50"``), YAML text (any
string with a newline), or a `Network` already loaded. User errors are `CnnCalcError`
sentences, as on the command line. Documented with examples in docs/api.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from .errors import SettingError, SpecError

if TYPE_CHECKING:
    from .graph import Network
    from .report import LayerRow, Summary
    from .verify import Verification

YAML_TEXT_NAME = "<text>"
"""The file name messages give YAML text passed as a string."""


def input_shape(value: str | Sequence[int] | None) -> tuple[int, ...] | None:
    """``"160x160x3"`` or ``(160, 160, 3)`` → (160, 160, 3), read as ``--input`` reads it."""
    from .spec.document import parse_shape, shape_from_text

    if value is None:
        return None
    if isinstance(value, str):
        return shape_from_text(value, "input")
    if isinstance(value, (tuple, list)):
        return parse_shape(list(value), None, "input")
    raise SettingError(f"input must be text such as '160x160x3' or a tuple such as "
                       f"(160, 160, 3), received {type(value).__name__}")


def settings(value: Mapping[str, Any] | Sequence[str] | str | None) -> dict | None:
    """``{"depth": 101}``, ``"depth=101"`` or ``["depth=101", "classes=10"]`` → the spec's
    argument settings (strings read as ``--set`` reads them)."""
    from .spec.arguments import parse_settings

    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if isinstance(value, Mapping):
        return dict(value) or None
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return dict(parse_settings(value, "set")) or None
    raise SettingError("set must be a mapping such as {'depth': 101} or text such as "
                       f"'depth=101', received {type(value).__name__}")


def load(spec: str | Path, input: str | Sequence[int] | None = None,
         set: Mapping[str, Any] | Sequence[str] | str | None = None) -> "Network":
    """The `Network` a spec describes: `spec` a path, a bundled name or variant, or YAML text
    (a string with a newline); `input` replaces its input shape, `set` its argument defaults."""
    from .graph import Network
    from .spec.document import load_spec, parse_spec

    if isinstance(spec, Network):
        if input is not None or set is not None:
            raise SettingError("input and set apply when a spec is read; this network is "
                               "already loaded: pass its spec (a name, path or text) instead")
        return spec
    reading = {"settings": settings(set), "input_shape": input_shape(input)}
    if isinstance(spec, str) and "\n" in spec:
        return parse_spec(spec, YAML_TEXT_NAME, **reading)
    if not isinstance(spec, (str, Path)):
        raise SpecError(f"a spec is a path, a bundled name, YAML text or a Network, received "
                        f"{type(spec).__name__}")
    return load_spec(spec, **reading)


def summarize(spec: "str | Path | Network", input: str | Sequence[int] | None = None,
              set: Mapping[str, Any] | Sequence[str] | str | None = None, batch: int = 1,
              convention: str = "cnncalc") -> "Summary":
    """Every layer's output shape, parameters and multiplications (× `batch`), counted by the
    named `convention` (``cnncalc conventions`` lists them): what ``cnncalc summarize`` shows."""
    from .calculator import summarize as calculate
    from .conventions import convention_named

    return calculate(load(spec, input, set), batch, convention_named(convention))


@dataclass(frozen=True)
class Explanation:
    """The explanation of some layers: each row with the conventions' notes added, as
    ``cnncalc explain`` prints it. `data()` gives the lines as plain data, `text()` as text."""

    layers: tuple["LayerRow", ...]

    def data(self) -> list[dict]:
        """Per layer: its name, kind and (label, text) lines (`render.explanation.grid_rows`)."""
        from .render.explanation import grid_rows, heading_parts

        return [{"name": row.name, "kind": heading_parts(row)[1].strip(),
                 "lines": grid_rows(row)} for row in self.layers]

    def text(self, width: int = 100) -> str:
        from .render.explanation import print_explanations
        from .render.views import recording_console

        console = recording_console(width)
        print_explanations(self.layers, console)
        return console.export_text()

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        names = ", ".join(row.name for row in self.layers[:5])
        more = f", … ({len(self.layers)} layers)" if len(self.layers) > 5 else ""
        return f"<Explanation of {names}{more}>"

    def _repr_html_(self) -> str:
        from .render.escape import html

        return f'<pre class="cnncalc-explanation">{html(self.text())}</pre>'


def explain(spec: "str | Path | Network", *layers: str, input: str | Sequence[int] | None = None,
            set: Mapping[str, Any] | Sequence[str] | str | None = None) -> Explanation:
    """How each number of the named `layers` (default: every layer) is computed."""
    from .render.conventions import convention_notes
    from .text import closest

    summary = summarize(spec, input, set)
    names = [row.name for row in summary.layers]
    known = frozenset(names)
    for name in layers:
        if name not in known:
            raise SpecError(f"'{summary.name}' has no layer '{name}'{closest(name, names)}")
    wanted = frozenset(layers)
    return Explanation(tuple(replace(row, notes=row.notes + convention_notes(row))
                             for row in summary.layers if not layers or row.name in wanted))


def verify(spec: "str | Path | Network", input: str | Sequence[int] | None = None,
           set: Mapping[str, Any] | Sequence[str] | str | None = None, batch: int = 1,
           seed: int = 0, max_memory: int | None = None) -> "Verification":
    """Run the NumPy engine on the network and compare every layer with the calculator
    (`cnncalc.verify.verify`); a `MemoryRefused` sentence past `max_memory` bytes."""
    from .verify import DEFAULT_MAX_MEMORY, verify as run_and_compare

    return run_and_compare(load(spec, input, set), batch, seed,
                           DEFAULT_MAX_MEMORY if max_memory is None else max_memory)
