r"""Text made safe for the place it goes: one function per target, and every exit uses them.

A name, a title, a student's answer or an error message can hold anything a YAML file can: control
characters, terminal escape sequences, bidirectional overrides, markup. Each writer passes such
text through the function for its target, never its own replacements:

- `terminal`: for feedback or an error message on a terminal or in a CI log — escape
  sequences, other control characters, bidi overrides and lone surrogates become visible
  escapes (``\x1b``), and so do the ``::`` and ``##[`` of CI workflow commands (``:\x3a``,
  ``##\x5b``); `one_line`: the same for a name or a table cell, newlines and tabs too;
- `xml_text`, `xml_attribute`, `html`: for JUnit XML, SVG and HTML — characters XML 1.0 does not
  allow are dropped, markup characters escaped; `xml_safe` drops them only, for ``xml.etree``;
- `latex`: every special character printed as itself, no newline (a newline would end a ``%``
  comment and make the rest live);
- `latex_comment`: one line for after a ``%`` (line breaks as spaces);
- `csv_cell`: a text cell a spreadsheet will not run as a formula;
- `markdown_cell`: one table cell, heading or line (pipes and markup escaped, no newline);
- `finite`: a number JSON can hold; `json_safe`: a JSON document with no character a terminal,
  a JavaScript parser or a CI runner would act on written raw; `xml_document`: the same for a
  serialised XML document (no CI workflow command).

Plain-text outputs (CSV, Markdown, LaTeX) drop the control characters and bidi overrides a
reader would not see; the terminal shows them as visible escapes, so a teacher sees that a name
holds ``\x1b`` rather than having it act.
"""

from __future__ import annotations

import math
import re

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
r"""C0 controls but tab and newline, DEL and the C1 controls (ESC is \x1b, CSI is \x9b)."""
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Marks and overrides that reorder the text around them (Trojan Source)."""
_SURROGATE = "\ud800-\udfff"
"""A lone surrogate (YAML's ``"\\ud800"`` makes one): no encoding can write it, so a writer that
met one raw would fail with a `UnicodeEncodeError` instead of printing."""
_UNSAFE_TERMINAL = re.compile(f"[{_CONTROL}{_BIDI}\u2028\u2029{_SURROGATE}]")
_UNSAFE_LINE = re.compile(f"[\t\n{_CONTROL}{_BIDI}\u2028\u2029{_SURROGATE}]")
_XML_DROP = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SURROGATE}\ufffe\uffff]")
"""What XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone surrogates;
U+FFFE and U+FFFF), the C1 controls it discourages, and the bidi controls: dropped from XML,
HTML, CSV and Markdown."""


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_CI_COMMAND = re.compile(r"::|##\[")
"""What a CI runner reads as a command in a log line. GitHub Actions runs ``::name …::data`` at
the start of a line (after leading spaces) and ``##[name …]data`` anywhere in one
(actions/runner ``ActionCommand.TryParseV2`` and ``TryParse``): ``::add-mask::``,
``::stop-commands::``, ``::error file=…::``. A table may wrap text anywhere, so every ``::``
is broken, not only one at the start."""


def _no_ci_command(text: str) -> str:
    r"""``::`` written ``:\x3a`` and ``##[`` written ``##\x5b``: no CI runner acts on them."""
    if ":" not in text and "#" not in text:
        return text
    return _CI_COMMAND.sub(lambda m: ":\\x3a" if m.group() == "::" else "##\\x5b", text)


def terminal(text: str) -> str:
    r"""`text` with every character that could move the cursor, change colours, set the
    clipboard, open a link or reorder the line written as a visible escape; newlines and tabs
    stay. For a message of several lines; a name or a cell takes `one_line`.

    >>> terminal("fake\x1b[2J Score: 46 / 46")
    'fake\\x1b[2J Score: 46 / 46'
    >>> terminal("a\u202eb"), terminal("\x1b]52;c;aGk=\x07"), terminal("\x9b31m\ud800")
    ('a\\u202eb', '\\x1b]52;c;aGk=\\x07', '\\x9b31m\\ud800')
    >>> terminal("two\nlines\tkept")
    'two\nlines\tkept'
    >>> print(terminal("::add-mask::x ##[error]y"))
    :\x3aadd-mask:\x3ax ##\x5berror]y
    """
    text = _UNSAFE_TERMINAL.sub(_visible, text) if _UNSAFE_TERMINAL.search(text) else text
    return _no_ci_command(text)


def one_line(text: str) -> str:
    r"""`terminal`, and newlines and tabs escaped too: for a table cell or a name in a sentence.

    >>> one_line("conv\n1"), one_line("a\tb\r\u2028c")
    ('conv\\x0a1', 'a\\x09b\\x0d\\u2028c')
    """
    text = _UNSAFE_LINE.sub(_visible, text) if _UNSAFE_LINE.search(text) else text
    return _no_ci_command(text)


def xml_safe(text: str) -> str:
    r"""Only the characters XML 1.0 cannot hold (and the C1 and bidi controls) dropped, for a
    writer that escapes markup itself (``xml.etree``).

    >>> xml_safe("a\x00\x1b\u202eb\ud800 <c>\n")
    'ab <c>\n'
    """
    return _XML_DROP.sub("", text)


def xml_text(text: str) -> str:
    r"""Character data for XML (JUnit, SVG, HTML): `xml_safe`, then ``& < >`` escaped, and a
    carriage return written ``&#13;`` (kept, but never raw on a terminal that shows the file).

    >>> xml_text("a\x1b<b> & c\r")
    'a&lt;b&gt; &amp; c&#13;'
    """
    text = _XML_DROP.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def xml_attribute(text: str) -> str:
    r"""An attribute value for XML, in double quotes: also ``"`` escaped, and newlines and tabs
    kept as character references (a parser would fold them to spaces).

    >>> xml_attribute('say "hi" it\'s\n\x0c')
    "say &quot;hi&quot; it's&#10;"
    """
    return (xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def html(text: str) -> str:
    """Text for HTML (written as XML too) content or an attribute in either quotes:
    `xml_attribute`, and ``'`` escaped.

    >>> html('<b onclick="x">') , html("it's")
    ('&lt;b onclick=&quot;x&quot;&gt;', 'it&#39;s')
    """
    return xml_attribute(text).replace("'", "&#39;")


LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "×": r"$\times$", "·": r"$\cdot$", "—": "---",
                  "–": "--", "<": r"\textless{}", ">": r"\textgreater{}", "−": "$-$",
                  "[": "{[}", "]": "{]}", "*": "{*}", "\n": " ", "\r": " ", "\t": " ",
                  "\u2028": " ", "\u2029": " "}
"""``[`` and ``*`` braced: at the start of a row, after ``\\``, they would be read as its
optional argument or star. ``^`` is a word, so ``^^5c`` (TeX's way of writing a backslash) never
forms. A line break becomes a space: in a cell it would end nothing, but after ``%`` it would
end the comment and make the rest a command."""
_LATEX_TABLE = str.maketrans(LATEX_SPECIALS)
_LINE_BREAKS = re.compile("[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
"""Whatever a reader may take for the end of a line (and tabs), for the one-line targets."""


def latex(text: str) -> str:
    r"""`text` with LaTeX's special characters written so they print as themselves, on one line;
    control characters, bidi controls and lone surrogates dropped.

    >>> print(latex("conv_1 96 × 11×11, 5% & #2"))
    conv\_1 96 $\times$ 11$\times$11, 5\% \& \#2
    >>> print(latex("x\n\\input{/etc/passwd}\r\\immediate\\write18{rm}\x0c^^5c"))
    x \textbackslash{}input\{/etc/passwd\} \textbackslash{}immediate\textbackslash{}write18\{rm\}\textasciicircum{}\textasciicircum{}5c
    """
    return _XML_DROP.sub("", text).translate(_LATEX_TABLE)


def latex_comment(text: str) -> str:
    r"""One line of text for after ``%``. TeX drops a comment up to the end of its line
    unread, so only a line break matters: TeX ends a line at ``\n`` or ``\r``, and a break
    would make the rest a command. Line breaks become spaces; control, bidi and surrogate
    characters are dropped; the rest stays as written (``×`` reads as itself in the file).

    >>> print("% " + latex_comment("t\n\\immediate\\write18{rm -rf ~}\r\\input{x}"))
    % t \immediate\write18{rm -rf ~} \input{x}
    >>> print("% " + latex_comment("AlexNet — input 227×227×3\u2028\x0cend"))
    % AlexNet — input 227×227×3 end
    """
    return _XML_DROP.sub("", _LINE_BREAKS.sub(" ", text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%", "＝", "＋", "－", "＠")
"""What a spreadsheet may read as the start of a formula (OWASP's list, the separators some
read as one, and the fullwidth forms some locales accept)."""


def csv_cell(text: str) -> str:
    r"""A text cell that Excel, LibreOffice and Google Sheets show as text, never run as a
    formula (OWASP's advice: a leading ``'``); control and bidi characters dropped, a carriage
    return made a newline (a line break in the cell either way). Use it for text, not for
    numbers (the csv module quotes what needs quoting).

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("conv1"), csv_cell("@SUM(A1)")
    ("'=cmd|' /C calc'!A0", 'conv1', "'@SUM(A1)")
    >>> csv_cell("+SUM(1+1)"), csv_cell("-2+3"), csv_cell("\x00=1")
    ("'+SUM(1+1)", "'-2+3", "'=1")
    """
    text = _XML_DROP.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text.startswith(_FORMULA_START) else text


_MARKDOWN_SPECIALS = str.maketrans({"\\": "\\\\", "|": r"\|", "*": r"\*", "_": r"\_",
                                    "`": r"\`", "~": r"\~", "[": r"\[", "]": r"\]",
                                    "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_cell(text: str) -> str:
    r"""One cell of a Markdown table (or a heading, or a line): line breaks as spaces, control
    and bidi characters dropped, and Markdown's and HTML's specials made literal — a pipe ends
    no cell, ``*`` and ``_`` start no emphasis, ``[`` no link, ``<`` no tag.

    >>> markdown_cell("a|b\nc")
    'a\\|b c'
    >>> markdown_cell("[x](javascript:1) <script> *b* a_b")
    '\\[x\\](javascript:1) &lt;script&gt; \\*b\\* a\\_b'
    """
    text = _XML_DROP.sub("", _LINE_BREAKS.sub(" ", text))
    return text.translate(_MARKDOWN_SPECIALS)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATE}]")


def _json_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(document: str) -> str:
    r"""A JSON document (``json.dumps`` with ``ensure_ascii=False``, which escapes only the C0
    controls) with DEL, the C1 controls, bidi controls, U+2028/U+2029 and lone surrogates also
    written as ``\uXXXX``: they can only stand inside strings, so the data read back is the
    same, but a terminal that shows the JSON meets none of them raw.

    >>> json_safe('{"name": "a\x9b31m\u202eb"}')
    '{"name": "a\\u009b31m\\u202eb"}'
    >>> import json; json.loads(json_safe(json.dumps(["\ud800\u2028"], ensure_ascii=False)))
    ['\ud800\u2028']
    >>> json_safe('["##[add-mask]x"]')
    '["##\\u005badd-mask]x"]'
    """
    if _JSON_UNSAFE.search(document):
        document = _JSON_UNSAFE.sub(_json_escape, document)
    # a JSON line never starts with "::" (strings hold no raw newline); "##[" can stand in one
    return document.replace("##[", "##\\u005b") if "##[" in document else document


_XML_LINE_COMMAND = re.compile(r"^([ \t]*)::", re.MULTILINE)


def xml_document(document: str) -> str:
    r"""A serialised XML document (JUnit) that a CI log may show: ``##[`` written
    ``##&#91;`` and a ``::`` that starts a line (in a text holding a newline) ``&#58;:``.
    Character references stand for the same characters, so the data read back is the same,
    but no CI runner acts on the line (see `_CI_COMMAND`). Markup never holds either.

    >>> print(xml_document("<a>x\n  ::add-mask::y ##[error]z</a>"))
    <a>x
      &#58;:add-mask::y ##&#91;error]z</a>
    """
    document = document.replace("##[", "##&#91;")
    return _XML_LINE_COMMAND.sub(lambda m: m.group(1) + "&#58;:", document)


def finite(number: float | int) -> float | int:
    """`number` if JSON can hold it; a `ValueError` for NaN and ±infinity (json.dumps would
    write the non-standard ``NaN``/``Infinity``, which no strict parser reads).

    >>> finite(0.5), finite(3)
    (0.5, 3)
    >>> finite(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: nan is not a finite number; JSON cannot hold it
    """
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"{number} is not a finite number; JSON cannot hold it")
    return number
