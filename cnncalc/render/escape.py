r"""Text made safe for the place it goes: one function per target, and every exit uses them.

A name, a title, a student's answer or an error message can hold anything a YAML file can: control
characters, terminal escape sequences, bidirectional overrides, markup. Each writer passes such
text through the function for its target, never its own replacements:

- `terminal`: for a table, feedback or an error message on a terminal or in a CI log — escape
  sequences, other control characters and bidi overrides become visible escapes (``\x1b``);
- `xml_text`, `xml_attribute`, `html`: for JUnit XML, SVG and HTML — characters XML 1.0 does not
  allow are dropped, markup characters escaped;
- `latex`: every special character printed as itself, no newline (a newline would end a ``%``
  comment and make the rest live);
- `latex_comment`: one line for after a ``%``;
- `csv_cell`: a text cell a spreadsheet will not run as a formula;
- `markdown_cell`: one table cell (pipes escaped, no newline);
- `finite`: a number JSON can hold.
"""

from __future__ import annotations

import math
import re

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 controls but tab and newline, DEL and the C1 controls (ESC is \x1b, CSI is \x9b)."""
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Marks and overrides that reorder the text around them (Trojan Source)."""
_UNSAFE_TERMINAL = re.compile(f"[{_CONTROL}{_BIDI}\u2028\u2029]")
_UNSAFE_LINE = re.compile(f"[\t\n{_CONTROL}{_BIDI}\u2028\u2029]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""XML 1.0's disallowed characters (and the discouraged C1 controls), dropped; the bidi
controls are dropped from markup too by `_BIDI` below."""
_XML_DROP = re.compile(f"(?:{_NOT_XML.pattern})|[{_BIDI}]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    r"""`text` with every character that could move the cursor, change colours, set the
    clipboard, open a link or reorder the line written as a visible escape; newlines and tabs
    stay.

    >>> terminal("fake\x1b[2J Score: 46 / 46")
    'fake\\x1b[2J Score: 46 / 46'
    >>> terminal("a\u202eb")
    'a\\u202eb'
    """
    return _UNSAFE_TERMINAL.sub(_visible, text) if _UNSAFE_TERMINAL.search(text) else text


def one_line(text: str) -> str:
    r"""`terminal`, and newlines and tabs escaped too: for a table cell or a name in a sentence.

    >>> one_line("conv\n1")
    'conv\\x0a1'
    """
    return _UNSAFE_LINE.sub(_visible, text) if _UNSAFE_LINE.search(text) else text


def xml_text(text: str) -> str:
    """Character data for XML (JUnit, SVG, HTML): disallowed characters dropped, ``& < >``
    escaped.

    >>> xml_text("a\x1b<b> & c")
    'a&lt;b&gt; &amp; c'
    """
    text = _XML_DROP.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    """An attribute value for XML, in double quotes: also ``"`` escaped, and newlines and tabs
    kept as character references (a parser would fold them to spaces).

    >>> xml_attribute('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    return (xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def xml_safe(text: str) -> str:
    """Only the characters XML 1.0 cannot hold dropped, for a writer that escapes markup itself
    (``xml.etree``)."""
    return _XML_DROP.sub("", text)


def html(text: str) -> str:
    """Text for HTML content or a double-quoted attribute.

    >>> html('<b onclick="x">')
    '&lt;b onclick=&quot;x&quot;&gt;'
    """
    return xml_text(text).replace('"', "&quot;").replace("'", "&#39;")


LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "×": r"$\times$", "·": r"$\cdot$", "—": "---",
                  "–": "--", "<": r"\textless{}", ">": r"\textgreater{}", "−": "$-$",
                  "[": "{[}", "]": "{]}", "*": "{*}", "\n": " ", "\r": " ", "\t": " ",
                  "\u2028": " ", "\u2029": " "}
"""``[`` and ``*`` braced: at the start of a row, after ``\\``, they would be read as its
optional argument or star. A line break becomes a space: in a cell it would end nothing, but
after ``%`` it would end the comment."""
_LATEX_DROP = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def latex(text: str) -> str:
    r"""`text` with LaTeX's special characters written so they print as themselves, on one line.

    >>> print(latex("conv_1 96 × 11×11, 5% & #2"))
    conv\_1 96 $\times$ 11$\times$11, 5\% \& \#2
    >>> print(latex("x\n\\input{/etc/passwd}"))
    x \textbackslash{}input\{/etc/passwd\}
    """
    text = _LATEX_DROP.sub("", text)
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)


def latex_comment(text: str) -> str:
    r"""One line of text for after ``%``: `latex`, so no newline can end the comment.

    >>> print(latex_comment("t\n\\immediate\\write18{rm}"))
    t \textbackslash{}immediate\textbackslash{}write18\{rm\}
    """
    return latex(text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_cell(text: str) -> str:
    """A text cell that Excel, LibreOffice and Google Sheets show as text, never run as a
    formula (OWASP's advice: a leading ``'``). Use it for text, not for numbers.

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("conv1")
    ("'=cmd|' /C calc'!A0", 'conv1')
    """
    text = _XML_DROP.sub("", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_cell(text: str) -> str:
    r"""One cell of a Markdown table: pipes and backslashes escaped, line breaks as spaces,
    controls dropped.

    >>> markdown_cell("a|b\nc")
    'a\\|b c'
    """
    text = _LATEX_DROP.sub("", text)
    text = re.sub(r"[\r\n\t\u2028\u2029]+", " ", text)
    return text.replace("\\", "\\\\").replace("|", "\\|")


def finite(number: float | int) -> float | int:
    """`number` if JSON can hold it; a `ValueError` for NaN and ±infinity (json.dumps would
    write the non-standard ``NaN``/``Infinity``)."""
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"{number} is not a finite number")
    return number
