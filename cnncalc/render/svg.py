"""Small helpers for hand-written SVG: escaped text and attributes (`escape.xml_text` and
`escape.xml_attribute`: markup escaped, characters XML cannot hold dropped), numbers, colours.

Every picture is self-contained: no external fonts (a generic font stack), no scripts, no links.
"""

from __future__ import annotations

from .escape import xml_attribute, xml_text

FONT = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif"
CHAR_WIDTH = 0.62
"""The width of an average character in ems for the font stack (DejaVu Sans is wide), used to
size boxes around text without measuring it."""


def num(value: float) -> str:
    """A coordinate with at most one decimal.

    >>> num(3.0), num(2.25), num(-0.04)
    ('3', '2.2', '0')
    """
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attrs(**values) -> str:
    """XML attributes, escaped; ``font_size`` becomes ``font-size``; None leaves one out.

    >>> attrs(x=1.5, fill="#fff", font_size=11, title='a "b" <c>')
    'x="1.5" fill="#fff" font-size="11" title="a &quot;b&quot; &lt;c&gt;"'
    """
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f"{key.rstrip('_').replace('_', '-')}=\"{xml_attribute(text)}\"")
    return " ".join(parts)


def text(x: float, y: float, content: str, size: float = 11, anchor: str = "middle",
         weight: str | None = None, fill: str = "#1a1a1a") -> str:
    """One line of text, its content escaped."""
    where = attrs(x=float(x), y=float(y), font_size=size, text_anchor=anchor,
                  font_weight=weight, fill=fill)
    return f"<text {where}>{xml_text(content)}</text>"


def text_width(content: str, size: float) -> float:
    """An estimate of the drawn width of `content` at font size `size`."""
    return len(content) * size * CHAR_WIDTH


def mix(low: str, high: str, t: float) -> str:
    """The colour a fraction `t` of the way from `low` to `high` (``#rrggbb``).

    >>> mix("#000000", "#ffffff", 0.5), mix("#102030", "#102030", 0.3)
    ('#808080', '#102030')
    """
    t = min(max(t, 0.0), 1.0)
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def document(width: float, height: float, title: str, body: list[str]) -> str:
    """The whole SVG document: size, a <title>, a white background and the body. No XML
    declaration, so the same text is a file of its own or inlined in an HTML page (UTF-8)."""
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" {attrs(width=float(width), height=float(height))}'
        f' viewBox="0 0 {num(width)} {num(height)}" {attrs(font_family=FONT)}>',
        f"<title>{xml_text(title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *body,
        "</svg>",
        "",
    ])
