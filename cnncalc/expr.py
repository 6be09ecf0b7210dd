"""Whole-number arithmetic for block arguments: ``${4 * width}``, ``${c // 2}``.

Only numbers, argument names, + − * / // % and parentheses; ``/`` must divide exactly.
"""

from __future__ import annotations

import ast
import operator
from typing import Any, Mapping

from .errors import SettingError

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}


def evaluate(expression: str, names: Mapping[str, Any]) -> Any:
    """Evaluate `expression` with the block's arguments.

    >>> evaluate("4 * width", {"width": 64})
    256
    >>> evaluate("(c + 1) // 2", {"c": 5})
    3
    """
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        raise SettingError(f"'{expression}' is not an arithmetic expression; write e.g. "
                           "${4 * width}") from None
    return _eval(tree.body, names, expression)


def _eval(node: ast.AST, names: Mapping[str, Any], source: str) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            known = ", ".join(sorted(names)) or "none"
            where = "" if source.strip() == node.id else f" (in '{source}')"
            raise SettingError(f"'{node.id}'{where} is not an argument of this block "
                               f"(its arguments: {known})")
        return names[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _eval(node.operand, names, source)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and (type(node.op) in _BINARY or isinstance(node.op, ast.Div)):
        left, right = _eval(node.left, names, source), _eval(node.right, names, source)
        for value in (left, right):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SettingError(f"'{source}' does arithmetic on {value!r}, which is not a number")
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise SettingError(f"'{source}' divides by zero")
        if isinstance(node.op, ast.Div):
            if left % right:
                raise SettingError(f"'{source}' gives {left}/{right}, not a whole number; "
                                   "use // to round down")
            return left // right
        return _BINARY[type(node.op)](left, right)
    raise SettingError(f"'{source}' may only use numbers, argument names, + - * / // % "
                       "and parentheses")
