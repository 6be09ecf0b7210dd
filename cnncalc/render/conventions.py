"""How a layer's count reads under each counting convention (for `explain`)."""

from __future__ import annotations

from ..conventions import LayerCount, layer_counts
from ..report import LayerRow
from ..text import thousands


def term_text(weight: int, op, count: int) -> str:
    """``2 × relu elements 802,816``; the weight is left out when it is 1."""
    label = f"{op.value.replace('_', ' ')} {thousands(abs(count))}"
    return label if abs(weight) == 1 else f"{abs(weight)} × {label}"


def count_text(layer: LayerCount, params: int) -> str:
    """``ptflops counts 119,168 MACs = conv macs 118,336 + bias adds 832``, and the parameters
    when they differ from `params`."""
    convention = layer.convention
    text = f"{convention.name} counts {thousands(layer.count)} {convention.unit.value}"
    if layer.terms:
        parts = []
        for weight, op, count in sorted(layer.terms, key=lambda term: term[0] < 0):
            sign = "−" if weight < 0 else "+"
            parts.append(f"{sign} {term_text(weight, op, count)}" if parts or weight < 0
                         else term_text(weight, op, count))
        text += " = " + " ".join(parts)
    if layer.params != params:
        text += f"; {thousands(layer.params)} parameters ({layer.convention.params_rule})"
    return text


def convention_notes(row: LayerRow) -> tuple[str, ...]:
    """One line per convention that counts this layer differently from cnncalc's; for a layer
    done by a function call (``functional: true``) each line says what the tool does with
    one. A frozen layer's weights are parameters to every tool: only its running statistics
    may be left out."""
    lines, frozen = [], row.frozen_params
    for layer in layer_counts(row.operations, row.trainable_params + frozen,
                              row.non_trainable_params - frozen, functional=row.functional):
        text = count_text(layer, row.params)
        if row.functional:
            text += f" (as a function call: {layer.convention.functional_rule})"
        lines.append(text)
    return tuple(lines)
