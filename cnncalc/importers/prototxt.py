"""A parser of protobuf TEXT format (what Caffe's .prototxt files are), written here so that no
protobuf schema or library is needed: messages ``name { … }`` (or ``name: { … }``, ``< … >``),
fields ``key: value``, repeated fields (the key again, or ``key: [a, b]``), quoted strings with
C escapes (adjacent strings joined), numbers, enum words and ``#`` comments.

A hostile file ends in a `SpecError` sentence (file:line:column, what was found, what would
work) within bounded time and memory: at most `MAX_CHARS` characters, `MAX_DEPTH` nested
messages, `MAX_FIELDS` fields and `MAX_STRING_CHARS` characters in one string.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, NamedTuple

from ..errors import Location, SpecError
from ..render.escape import one_line

MAX_CHARS = 4_000_000
"""A deploy prototxt of the largest zoo models is well under 1 MB."""
MAX_DEPTH = 32
MAX_FIELDS = 500_000
MAX_STRING_CHARS = 65_536


class Word(str):
    """An enum value or other bare identifier (``MAX``, ``true``), as opposed to a string."""


class Field(NamedTuple):
    key: str
    value: Any          # Message, str, Word, int or float
    at: Location


class Message:
    """One message: its fields in file order, ``at`` where it starts."""

    def __init__(self, at: Location):
        self.at = at
        self.fields: list[Field] = []

    def all(self, key: str) -> list[Field]:
        return [field for field in self.fields if field.key == key]

    def first(self, key: str) -> Field | None:
        return next((field for field in self.fields if field.key == key), None)

    def value(self, key: str, default: Any = None) -> Any:
        field = self.first(key)
        return default if field is None else field.value


_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\f\v]+|\#[^\n]*)
  | (?P<newline>\n)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<number>[-+]?(?:0[xX][0-9A-Fa-f]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fF]?
               |[-+]?(?:inf|nan)\b)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<punct>[{}<>\[\]:,;])
""", re.VERBOSE)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
                   "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
_CLOSING = {"{": "}", "<": ">"}


class Token(NamedTuple):
    kind: str
    text: str
    at: Location


def _shown(text: str) -> str:
    return one_line(text if len(text) <= 40 else text[:37] + "…")


def _tokens(text: str, filename: str) -> Iterator[Token]:
    line, line_start, position = 1, 0, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        at = Location(filename, line, position - line_start + 1)
        if match is None:
            rest = text[position:position + 20].split("\n", 1)[0]
            if rest[:1] in "\"'":
                raise SpecError(f"a string {_shown(rest)} is not closed on its line; end it "
                                f"with {rest[0]} (a newline inside a string is written \\n)", at)
            raise SpecError(f"{_shown(rest)!r} is not protobuf text; write a field as "
                            "key: value, a message as key { … }", at)
        kind = match.lastgroup
        if kind == "newline":
            line, line_start = line + 1, match.end()
        elif kind != "space":
            yield Token(kind, match.group(), at)
        position = match.end()
    yield Token("end", "", Location(filename, line, position - line_start + 1))


def _unescape(token: Token) -> str:
    body = token.text[1:-1]
    if len(body) > MAX_STRING_CHARS:
        raise SpecError(f"a string of {len(body):,} characters; at most {MAX_STRING_CHARS:,} "
                        "are read in one string", token.at)

    def one(match: re.Match) -> str:
        code = match.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        return _SIMPLE_ESCAPES.get(code, "\\" + code)
    return _ESCAPE.sub(one, body)


def _number(token: Token) -> int | float:
    text = token.text.rstrip("fF") if not token.text.lower().startswith(("0x", "-0x", "+0x")) \
        else token.text
    try:
        return int(text, 0) if re.fullmatch(r"[-+]?(0[xX][0-9A-Fa-f]+|\d+)", text) \
            and not re.fullmatch(r"[-+]?0\d+", text) else float(text)
    except ValueError:
        try:
            return int(text, 8)
        except ValueError:
            raise SpecError(f"{_shown(token.text)} is not a number; write 3, -2, 0.5 or 1e-4",
                            token.at) from None


def parse_prototxt(text: str, filename: str = "<prototxt>") -> Message:
    """The top-level message of protobuf text `text`; a `SpecError` for anything else."""
    if len(text) > MAX_CHARS:
        raise SpecError(f"the file is {len(text):,} characters long; a model's text is read up "
                        f"to {MAX_CHARS:,} (a .caffemodel's weights are not needed: give the "
                        "deploy .prototxt)", Location(filename, 1, 1))
    tokens = _tokens(text, filename)
    root = Message(Location(filename, 1, 1))
    stack: list[tuple[Message, str | None, Token | None]] = [(root, None, None)]
    count = 0
    token = next(tokens)
    while True:
        message, closing, opened = stack[-1]
        if token.kind == "end":
            if opened is not None:
                raise SpecError(f"the file ends inside the message opened at line "
                                f"{opened.at.line}, column {opened.at.column}; close it with "
                                f"{closing}", token.at)
            return root
        if token.kind == "punct" and token.text in "}>":
            if token.text != closing:
                what = ("a closing " + token.text + " with no message open" if closing is None
                        else f"{token.text} where {closing} closes the message opened at line "
                             f"{opened.at.line}, column {opened.at.column}")
                raise SpecError(f"{what}; remove it or open the message with "
                                f"{'{' if token.text == '}' else '<'}", token.at)
            stack.pop()
            token = next(tokens)
            continue
        if token.kind == "punct" and token.text in ",;":
            token = next(tokens)   # optional separators between fields
            continue
        if token.kind != "word":
            raise SpecError(f"{_shown(token.text)} where a field name was expected; write a "
                            "field as key: value or key { … }", token.at)
        key = token
        token = next(tokens)
        colon = token.kind == "punct" and token.text == ":"
        if colon:
            token = next(tokens)
        if token.kind == "punct" and token.text in "{<":
            if len(stack) > MAX_DEPTH:
                raise SpecError(f"messages nested more than {MAX_DEPTH} deep; a model's "
                                "messages nest a few levels", token.at)
            count += 1
            child = Message(token.at)
            message.fields.append(Field(key.text, child, key.at))
            stack.append((child, _CLOSING[token.text], token))
            token = next(tokens)
        elif not colon:
            found = _shown(token.text) or "the end of the file"
            raise SpecError(f"field {_shown(key.text)} is followed by {found}; "
                            f"write {_shown(key.text)}: value or {_shown(key.text)} {{ … }}",
                            token.at)
        elif token.kind == "punct" and token.text == "[":
            token = next(tokens)
            while not (token.kind == "punct" and token.text == "]"):
                value, token = _scalar(token, tokens, key)
                message.fields.append(Field(key.text, value, key.at))
                count += 1
                if token.kind == "punct" and token.text == ",":
                    token = next(tokens)
                elif not (token.kind == "punct" and token.text == "]"):
                    raise SpecError(f"{_shown(token.text) or 'the end of the file'} in the list "
                                    f"of {_shown(key.text)}; separate values with , and end "
                                    "the list with ]", token.at)
            token = next(tokens)
        else:
            value, token = _scalar(token, tokens, key)
            message.fields.append(Field(key.text, value, key.at))
            count += 1
        if count > MAX_FIELDS:
            raise SpecError(f"more than {MAX_FIELDS:,} fields; a model's text has far fewer",
                            key.at)


def _scalar(token: Token, tokens: Iterator[Token], key: Token) -> tuple[Any, Token]:
    """One value and the token after it (adjacent strings are one string)."""
    if token.kind == "number":
        return _number(token), next(tokens)
    if token.kind == "word":
        return Word(token.text), next(tokens)
    if token.kind == "string":
        parts, total = [], 0
        while token.kind == "string":
            parts.append(_unescape(token))
            total += len(parts[-1])
            if total > MAX_STRING_CHARS:
                raise SpecError(f"a string of more than {MAX_STRING_CHARS:,} characters",
                                token.at)
            token = next(tokens)
        return "".join(parts), token
    raise SpecError(f"{_shown(token.text) or 'the end of the file'} where the value of "
                    f"{_shown(key.text)} was expected; write a number, a \"string\" or a word",
                    token.at)
