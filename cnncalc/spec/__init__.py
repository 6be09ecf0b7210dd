"""The spec language: YAML text → a layer graph (`cnncalc.graph.Network`).

- `source`: YAML read with every item's file:line:column, limits on hostile files;
- `expressions`: the small language of ``${…}`` (arithmetic, comparisons, a few functions,
  ``input.channels``);
- `blocks` and `includes`: block definitions, in the spec or in included files;
- `expand`: blocks, repeats, conditions, names and ``from:`` unrolled into graph nodes;
- `document`: the top-level keys of a spec, and the entry points below.
"""

from .document import (load_spec, network_from_document, one_layer_document, parse_shape,
                       parse_spec)

__all__ = ["load_spec", "parse_spec", "network_from_document", "one_layer_document",
           "parse_shape"]
