"""Generated specs of any size, for `bench/scale.py` and the tests of growth and limits.

Three shapes of network, each `layers` layers long after expansion (give or take one block):

- ``chain``: conv, relu, conv, relu … on a 16×16×8 input (every layer written out);
- ``residual``: pairs of convs joined by ``add`` with ``from:`` (a graph, every layer written);
- ``blocks``: a block of conv, relu, conv, add used with ``repeat:`` (short file, long network).
"""

from __future__ import annotations

HEAD = "name: generated\ninput: 16x16x8\n"


def chain(layers: int) -> str:
    items = ["  - conv: {filters: 8, kernel: 3, padding: 1}\n" if index % 2 == 0 else
             "  - relu\n" for index in range(layers)]
    return HEAD + "layers:\n" + "".join(items)


def residual(layers: int) -> str:
    """Units of four layers: conv, relu, conv, add (the unit's input + its last conv)."""
    items = ["  - conv: {name: stem, filters: 8, kernel: 3, padding: 1}\n"]
    previous = "stem"
    for unit in range(max(1, (layers - 1) // 4)):
        items += [f"  - conv: {{name: a{unit}, filters: 8, kernel: 3, padding: 1}}\n",
                  "  - relu\n",
                  f"  - conv: {{name: b{unit}, filters: 8, kernel: 3, padding: 1}}\n",
                  f"  - add: {{name: r{unit}, from: [{previous}, b{unit}]}}\n"]
        previous = f"r{unit}"
    return HEAD + "layers:\n" + "".join(items)


def blocks(layers: int) -> str:
    """A four-layer residual block repeated: the file stays a few lines long."""
    return HEAD + (
        "blocks:\n"
        "  unit:\n"
        "    args: {c: 8}\n"
        "    layers:\n"
        "      - conv: {name: a, filters: $c, kernel: 3, padding: 1}\n"
        "      - relu\n"
        "      - conv: {name: b, filters: $c, kernel: 3, padding: 1}\n"
        "      - add: {from: [input, b]}\n"
        "layers:\n"
        f"  - unit: {{repeat: {max(1, layers // 4)}}}\n")


SHAPES = {"chain": chain, "residual": residual, "blocks": blocks}


# --- hostile files: each must be refused with a sentence (exit 2) in well under a second ---

def deep_nesting(depth: int = 20_000) -> str:
    return "name: deep\ninput: 8x8x3\nlayers: " + "[" * depth + "relu" + "]" * depth + "\n"


def many_items(items: int = 200_000) -> str:
    return "name: many\ninput: 8x8x3\nlayers:\n" + "  - relu\n" * items


def alias_bomb(levels: int = 9) -> str:
    """"Billion laughs": each level an alias list of ten of the level before."""
    lines = ["name: laughs", "input: 8x8x3", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", '
             '"lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    lines.append(f"layers: *a{levels}")
    return "\n".join(lines) + "\n"


def long_number(digits: int = 5_000) -> str:
    return f"name: big\ninput: 8x8x3\nlayers:\n  - conv: {{filters: {'9' * digits}, kernel: 3}}\n"


def long_expression_number(digits: int = 990) -> str:
    return ("name: big\ninput: 8x8x3\nblocks:\n  b:\n    args: {c: 8}\n    layers:\n"
            f"      - conv: {{filters: \"${{c * {'9' * digits}}}\", kernel: 3}}\n"
            "layers:\n  - b\n")


def endless_repeat() -> str:
    """A repeat whose item is left out: nothing is made, but it would loop for ever."""
    return ("name: endless\ninput: 8x8x3\nlayers:\n  - relu\n"
            "  - repeat: {times: 1000000000000, layers: [{relu: {if: false}}]}\n")


HOSTILE = {"nesting 20,000 deep": deep_nesting, "200,000 items": many_items,
           "billion laughs": alias_bomb, "a 5,000-digit number": long_number,
           "a 990-digit number in ${…}": long_expression_number,
           "repeat 10^12 of nothing": endless_repeat}
"""Hostile texts by name; `big_file` (100 MB, sparse) is made separately."""


def big_file(path: str, size: int = 100_000_000) -> None:
    """A 100 MB file (sparse: it takes no disk), refused before it is read."""
    with open(path, "wb") as out:
        out.truncate(size)
