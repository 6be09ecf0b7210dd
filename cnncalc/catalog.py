"""The bundled specs as data for `cnncalc specs`: one row per bundled name (its network, input,
file and variant, and on request its totals), and a bundled spec's text.

Without totals a row costs what a spec's top-level keys cost (`spec.document.spec_top`: its
``extends`` followed, its arguments filled, no layer unrolled): about 0.13 s for 89 names. With
totals every spec is unrolled and calculated: about 3 s for 89 names on a shared 2-core machine,
which is why the listing counts only when asked (``--totals``).
"""

from __future__ import annotations

from typing import Any

from .bundled import Found, bundled_names, bundled_spec, stem
from .calculator import summarize
from .errors import SpecError
from .render.escape import one_line
from .spec.source import plain
from .text import closest


def find_bundled(name: str) -> Found:
    """The bundled file (and variant) of `name`; a `SpecError` with a did-you-mean when none
    (a path is no bundled name: nothing outside specs/ is looked at)."""
    found = bundled_spec(name)
    if found is None:
        names = bundled_names()
        raise SpecError(f"no bundled spec named '{one_line(name)}'"
                        f"{closest(stem(name), names)}; `cnncalc specs` lists them")
    return found


def spec_text(found: Found) -> str:
    """The bundled file's text; for a variant, after a first comment line naming the variant,
    its name and its args as its family file gives them."""
    from .files.inputs import read_text

    text = read_text(found.path, "the bundled spec", found.shown)
    return text if found.variant is None else variant_line(found, text) + text


def variant_line(found: Found, text: str) -> str:
    """``# resnet101: the variant {args: {…}, name: ResNet-101} of this family file …``."""
    import yaml

    from .spec.arguments import variant_entry
    from .spec.source import load_yaml

    entry = variant_entry(load_yaml(text, found.shown), found.variant, found.shown)
    given = {key: entry[key] for key in ("name", "args") if key in entry}
    written = yaml.safe_dump(plain(given), default_flow_style=True, width=10 ** 6,
                             sort_keys=False, allow_unicode=True).strip()
    return (f"# {found.variant}: the variant {written} of this family file "
            f"({found.shown}); every other value as written below\n")




def bundled_rows(totals: bool) -> list[dict]:
    """One row per bundled name: its network's name, input and source, its file (with the
    folder) and variant, and with `totals` its counts. A family file is read and parsed once
    for all its variants, the block libraries once for all files; without `totals` no layer
    list is unrolled."""
    from .files.inputs import reading
    from .spec import network_from_document
    from .spec.document import spec_top
    from .spec.source import load_yaml, read_source

    documents: dict = {}
    rows = []
    with reading():
        for name in bundled_names():
            found = bundled_spec(name)
            document = documents.get(found.path)
            if document is None:
                document = documents[found.path] = load_yaml(
                    read_source(found.path, found.shown), found.shown)
            read = network_from_document if totals else spec_top
            spec = read(document, found.shown, found.path.parent, variant=found.variant)
            row = {"spec": name, "name": spec.name, "input": list(spec.input_shape),
                   "source": spec.source, "file": str(found.path.resolve()),
                   "variant": found.variant}
            if totals:
                counted = summarize(spec).totals
                row.update(params=counted.params, trainable_params=counted.trainable_params,
                           non_trainable_params=counted.non_trainable_params,
                           mults=counted.mults)
            rows.append(row)
    return rows
