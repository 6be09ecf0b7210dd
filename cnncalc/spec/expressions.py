"""The small expression language of blocks: ``${4 * width}``, ``${input.channels * 6}``,
``${stride == 1 and input.channels == out}``, ``${make_divisible(16 * 0.75, 8)}``.

What an expression may use, and nothing else (no attribute access, no code execution):

- numbers, ``true``/``false``, quoted words (``'relu'``) and the block's argument names;
- ``input.channels``, ``input.height`` and ``input.width``: the shape of the block's input
  (``input.size`` for a vector input);
- ``+ - * / // %`` (``/`` of two whole numbers must divide exactly; with a fraction it divides),
  comparisons ``== != < <= > >=``, ``and``, ``or``, ``not``, ``a if condition else b`` and
  parentheses;
- the functions in `FUNCTIONS`: ``min``, ``max``, ``round``, ``floor``, ``ceil``, ``abs``,
  ``ceil_div``, ``make_divisible`` and ``same_padding`` (the one that takes a pair ``[h, w]``
  as well as a number, for a rectangular kernel).

A list or a mapping (an argument may be one, e.g. ``kernel: [1, 7]`` or ``act: {leaky_relu:
0.1}``) is compared only with ``==``/``!=`` against a number or a word, which it never equals.

The cost of every expression is known before it runs. The grammar has no loops, no powers, no
shifts and no repetition (``'s' * 3`` is arithmetic on a word: refused), so each node of the
tree is visited at most once; every number is at most `LARGEST` (about 2⁵⁰), so each operation
works on operands of a bounded size, and ``round``'s digits are bounded (`ROUND_DIGITS`). An
expression therefore costs its node count (`_parsed` counts them once), plus a step per
`TEXT_STEP` characters of any text it compares; `Budget` adds up what a whole spec spends.
"""

from __future__ import annotations

import ast
import functools
import math
import operator
from typing import Any, Callable, Mapping

from ..errors import SettingError
from ..layers.settings import digits, shown

LARGEST = 10**15
"""Larger results are refused: no real network has them, and huge numbers only cost time. It
bounds every operand: a product of two is below 2¹⁰⁰, computed at once."""
MAX_EXPRESSION = 1000
"""An expression has at most this many characters (so at most a few hundred nodes)."""
ROUND_DIGITS = 30
"""``round(x, n)`` takes ``−30 ≤ n ≤ 30``: more digits than a double has on either side (a
whole number rounded to −n digits costs ``10ⁿ``, which is what made ``round(5, −10**15)``
hang)."""
BUDGET = 10_000_000
"""The steps of work all of a spec's expressions and substitutions may take together (with
what `spec.expand` charges: text built, settings copied and looked through). The bundled spec
that takes most, resnet152, takes 3,836 (about 7 a layer); the generated 100,000-layer specs
of bench/specgen.py at most 475,000. A step takes about half a microsecond, so a spec that
would take longer is refused after a few seconds."""
TEXT_STEP = 100
"""Text costs one step per this many characters it holds (compared, built or copied)."""


class Budget:
    """The work a spec's expressions may still do, spent before each piece of work runs; over
    the limit is a `SettingError` (the caller adds where), not a timeout.

    >>> budget = Budget(10)
    >>> budget.spend(8); budget.left
    2
    >>> budget.spend(3)
    Traceback (most recent call last):
    ...
    cnncalc.errors.SettingError: this spec's expressions need more than 10 steps of work; the limit keeps a spec from hanging the calculator
    """

    def __init__(self, limit: int | None = None):
        self.limit = self.left = BUDGET if limit is None else limit

    def spend(self, steps: int) -> None:
        """Spend `steps` (callers in a hurry subtract from `left` themselves, then call
        ``spend(0)`` when it went below 0, for the error)."""
        self.left -= steps
        if self.left < 0:
            raise SettingError(f"this spec's expressions need more than {self.limit:,} steps "
                               "of work; the limit keeps a spec from hanging the calculator")


def ceil_div(a: int, b: int) -> int:
    """``⌈a / b⌉`` for whole numbers.

    >>> ceil_div(7, 2), ceil_div(8, 2)
    (4, 4)
    """
    return -(-a // b)


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """Round a width to the nearest multiple of `divisor`, at least `min_value` (default
    `divisor`), and never more than 10 % below `value` — MobileNet's and EfficientNet's rule
    (``_make_divisible`` in the reference implementations).

    >>> make_divisible(16 * 0.75), make_divisible(32 * 1.4), make_divisible(100, 8)
    (16, 48, 104)
    >>> make_divisible(18.4, 8)   # 16 would lose more than 10 %: one more step
    24
    """
    if min_value is None:
        min_value = divisor
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def same_padding(kernel: int, dilation: int = 1) -> int:
    """PyTorch's symmetric padding that keeps H×W at stride 1: ``(k − 1) // 2 · d`` on each
    side (torchvision's ``Conv2dNormActivation``, timm's ``get_padding``). Not ``padding:
    same``, TensorFlow's, which may pad one side more at stride 2. `same_padding_per_axis` takes
    pairs too.

    >>> same_padding(3), same_padding(7), same_padding(3, 12), same_padding(1)
    (1, 3, 12, 0)
    """
    return (kernel - 1) // 2 * dilation


def same_padding_per_axis(kernel: Any, dilation: Any = 1) -> Any:
    """`same_padding` of a number or of a pair ``[kh, kw]`` (and a dilation ``[dh, dw]``):
    a number for numbers, ``[ph, pw]`` when either is a pair.

    >>> same_padding_per_axis(3), same_padding_per_axis([1, 7]), same_padding_per_axis(3, [1, 2])
    (1, [0, 3], [1, 2])
    """
    if not isinstance(kernel, (list, tuple)) and not isinstance(dilation, (list, tuple)):
        return same_padding(kernel, dilation)
    kernels = kernel if isinstance(kernel, (list, tuple)) else (kernel, kernel)
    dilations = dilation if isinstance(dilation, (list, tuple)) else (dilation, dilation)
    return [same_padding(k, d) for k, d in zip(kernels, dilations)]


FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    # name → (function, least and most arguments)
    "min": (min, 2, 8),
    "max": (max, 2, 8),
    "round": (round, 1, 2),   # halves to the even neighbour, as the papers' Python code
    "floor": (math.floor, 1, 1),
    "ceil": (math.ceil, 1, 1),
    "abs": (abs, 1, 1),
    "ceil_div": (ceil_div, 2, 2),
    "make_divisible": (make_divisible, 1, 3),
    "same_padding": (same_padding_per_axis, 1, 2),
}
PAIRED = frozenset({"same_padding"})
"""The functions whose arguments may be pairs ``[h, w]`` of whole numbers as well as numbers."""

INPUT_FIELDS = ("channels", "height", "width", "size")

_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
               ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
            ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_WORDS = {"true": True, "false": False, "True": True, "False": False}
_NUMBERS = frozenset({int, float, bool})


def _container(value: Any) -> bool:
    return isinstance(value, (list, dict, tuple))


class InputShape:
    """The shape of a block's input, worked out only when an expression asks for it."""

    def __init__(self, shape_of: Callable[[], tuple[int, ...]]):
        self._shape_of = shape_of

    def field(self, name: str) -> int:
        shape = self._shape_of()
        if len(shape) == 1:
            if name in ("channels", "size"):
                return shape[0]
            raise SettingError(f"input.{name}: the block's input is a vector of {shape[0]}; "
                               "it has input.size (or input.channels) only")
        if name == "size":
            raise SettingError("input.size is for a vector input; this input is "
                               f"{shape[0]}×{shape[1]}×{shape[2]}: use input.height, "
                               "input.width or input.channels")
        return dict(zip(("height", "width", "channels"), shape))[name]


@functools.lru_cache(maxsize=1024)
def _parsed(expression: str) -> tuple[ast.Expression, int]:
    """The syntax tree of an expression and its cost (its node count, and a step per
    `TEXT_STEP` characters parsed), parsed once however many block instances use it (the
    evaluator only reads trees)."""
    tree = ast.parse(expression, mode="eval")
    return tree, sum(1 for _ in ast.walk(tree)) + len(expression) // TEXT_STEP


def evaluate(expression: str, names: Mapping[str, Any], budget: Budget | None = None) -> Any:
    """Evaluate `expression` with the block's arguments (and ``input``, an `InputShape`).

    >>> evaluate("4 * width", {"width": 64})
    256
    >>> evaluate("(c + 1) // 2", {"c": 5})
    3
    >>> evaluate("stride == 1 and c == out", {"stride": 1, "c": 64, "out": 64})
    True
    >>> evaluate("make_divisible(c * 0.25, 8)", {"c": 96})
    24

    `budget` (a spec's `Budget`) is charged the expression's cost before it runs.
    """
    if len(expression) > MAX_EXPRESSION:
        raise SettingError(f"an expression longer than {MAX_EXPRESSION:,} characters is not a "
                           "layer setting")
    if not expression.strip():
        raise SettingError("'${}' is empty; write an expression inside, e.g. ${4 * width}")
    try:
        tree, cost = _parsed(expression.strip())
    except SyntaxError:
        raise SettingError(f"'{expression}' is not an expression; write e.g. ${{4 * width}} or "
                           "${stride == 1 and width == 64}") from None
    except (RecursionError, MemoryError, ValueError):
        raise SettingError(f"'{expression[:40]}…' is too deeply nested to be read") from None
    if budget is not None:
        budget.left -= cost
        if budget.left < 0:
            budget.spend(0)
    try:
        return Evaluator(names, expression, budget).eval(tree.body)
    except RecursionError:
        raise SettingError(f"'{expression[:40]}…' is too deeply nested to be read") from None


def truth(value: Any, source: str) -> bool:
    """A condition's value: true or false, nothing else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in _WORDS:
        return _WORDS[value.strip()]
    raise SettingError(f"the condition '{source}' is {shown(value)}, not true or false; compare "
                       "something, e.g. ${stride == 1}")


class Evaluator:
    """Walks the syntax tree, allowing only what the module docstring lists."""

    def __init__(self, names: Mapping[str, Any], source: str, budget: Budget | None = None):
        self.names = names
        self.source = source
        self.budget = budget

    def text_cost(self, value: Any) -> None:
        """Charge the budget for text about to be compared (a step per `TEXT_STEP` characters;
        short words cost nothing beyond their node)."""
        if self.budget is not None and isinstance(value, str) and len(value) >= TEXT_STEP:
            self.budget.spend(len(value) // TEXT_STEP)

    def fail(self, message: str) -> SettingError:
        source = self.source if len(self.source) <= 80 else self.source[:77] + "…"
        return SettingError(f"'{source}': {message}")

    def number(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"does arithmetic on {shown(value)}, which is not a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(f"gives {value}, not a number a layer can have")
        if abs(value) > LARGEST:
            # a huge int has no float to format, nor (beyond 4,300 digits) a str
            said = (f"a number of {digits(value)} digits" if isinstance(value, int)
                     else f"{value:.3g}")
            raise self.fail(f"gives {said}, beyond any layer's size")
        return value

    def eval(self, node: ast.AST) -> Any:
        method = getattr(self, "eval_" + type(node).__name__, None)
        if method is None:
            raise self.fail("may only use numbers, argument names, input.channels/height/width, "
                            "+ - * / // %, comparisons, and/or/not, 'a if c else b' and the "
                            f"functions {', '.join(FUNCTIONS)}")
        return method(node)

    def eval_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, (bool, str)):
            return node.value
        if isinstance(node.value, (int, float)):
            return self.number(node.value)
        raise self.fail(f"{node.value!r} is not a number, a word or true/false")

    def eval_Name(self, node: ast.Name) -> Any:
        if node.id in self.names and not isinstance(self.names[node.id], InputShape):
            return self.names[node.id]
        if node.id in _WORDS:
            return _WORDS[node.id]
        if node.id == "input":
            raise self.fail("write input.channels, input.height or input.width")
        known = ", ".join(sorted(name for name in self.names if name != "input"))
        where = "" if self.source.strip() == node.id else f" (in '{self.source}')"
        if not known:
            raise SettingError(f"'{node.id}'{where} refers to an argument, but none is declared "
                               "here: a spec declares its own at its top (args: {"
                               f"{node.id}: …}}), a block in its definition; a block sees only "
                               f"its own arguments, so pass a value on ({node.id}: ${node.id})")
        raise SettingError(f"'{node.id}'{where} is no argument here (the arguments here: "
                           f"{known}; also input.channels, input.height, input.width); a block "
                           "sees only its own arguments and the spec's layers only the spec's, "
                           "so pass a value on where the block is used")

    def eval_Attribute(self, node: ast.Attribute) -> Any:
        if not (isinstance(node.value, ast.Name) and node.value.id == "input"
                and node.attr in INPUT_FIELDS):
            raise self.fail("the only dotted names are input.channels, input.height, "
                            "input.width and input.size")
        shape = self.names.get("input")
        if not isinstance(shape, InputShape):
            raise self.fail("input.channels and its kin need the shape of what is read, which "
                            "is not given here")
        return shape.field(node.attr)

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.number(value)
            return -value if isinstance(node.op, ast.USub) else value
        raise self.fail("uses an operator that is not allowed")

    def eval_BinOp(self, node: ast.BinOp) -> Any:
        if type(node.op) not in _ARITHMETIC and not isinstance(node.op, ast.Div):
            raise self.fail("uses an operator that is not allowed (only + - * / // %)")
        left, right = self.number(self.eval(node.left)), self.number(self.eval(node.right))
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise self.fail("divides by zero")
        if isinstance(node.op, ast.Div):
            if isinstance(left, int) and isinstance(right, int):
                if left % right:
                    raise self.fail(f"gives {left}/{right}, not a whole number; use // to round "
                                    "down or ceil_div(a, b) to round up")
                return left // right
            return self.number(left / right)
        return self.number(_ARITHMETIC[type(node.op)](left, right))

    def eval_BoolOp(self, node: ast.BoolOp) -> bool:
        wanted = isinstance(node.op, ast.Or)
        for value in node.values:
            if self.truth(self.eval(value)) == wanted:
                return wanted
        return not wanted

    def eval_Compare(self, node: ast.Compare) -> bool:
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            if type(op) not in _COMPARE:
                raise self.fail("compares with an operator that is not allowed")
            if isinstance(op, (ast.Eq, ast.NotEq)) and _container(left) != _container(right):
                # a list or a mapping never equals a number or a word (act: {leaky_relu: 0.1}
                # against 'none'): known without looking inside it
                if isinstance(op, ast.Eq):
                    return False
                left = right
                continue
            left, right = self.scalar(left), self.scalar(right)
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                self.number(left), self.number(right)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    def truth(self, value: Any) -> bool:
        self.text_cost(value)
        return truth(value, self.source)

    def scalar(self, value: Any) -> Any:
        """A value that may be compared: a number, a word, true/false or null (a list or a
        mapping, which an argument may be, would cost its size to compare)."""
        if value.__class__ in _NUMBERS:
            return value
        if isinstance(value, (list, dict, tuple)):
            what = "mapping" if isinstance(value, dict) else "list"
            raise self.fail(f"compares a {what}; only numbers, words and true/false are "
                            "compared")
        self.text_cost(value)
        return value

    def number_or_pair(self, value: Any) -> Any:
        """A whole number of at least 1, or a pair ``[h, w]`` of them (a kernel, a dilation)."""
        items = value if isinstance(value, (list, tuple)) else [value]
        if isinstance(value, (list, tuple)) and len(value) != 2:
            raise self.fail(f"takes a number or a pair [h, w], received a list of {len(value)}")
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                raise self.fail(f"takes whole numbers of at least 1 (or pairs of them), "
                                f"received {shown(value)}")
            self.number(item)
        return list(value) if isinstance(value, (list, tuple)) else value

    def eval_IfExp(self, node: ast.IfExp) -> Any:
        chosen = node.body if self.truth(self.eval(node.test)) else node.orelse
        return self.eval(chosen)

    def eval_Call(self, node: ast.Call) -> Any:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords:
            raise self.fail(f"calls {ast.unparse(node.func)}(…); the functions are "
                            f"{', '.join(FUNCTIONS)}, with plain arguments")
        function, least, most = FUNCTIONS[name]
        if not least <= len(node.args) <= most:
            count = str(least) if least == most else f"{least} to {most}"
            raise self.fail(f"{name} takes {count} arguments, received {len(node.args)}")
        if name in PAIRED:
            args = [self.number_or_pair(self.eval(arg)) for arg in node.args]
            return function(*args)
        args = [self.number(self.eval(arg)) for arg in node.args]
        if name in ("ceil_div", "make_divisible") and len(args) > 1 and args[1] <= 0:
            raise self.fail(f"{name} needs a divisor of at least 1, received {args[1]}")
        if name == "ceil_div" and not all(isinstance(arg, int) for arg in args):
            raise self.fail("ceil_div divides whole numbers")
        if name == "round" and len(args) == 2:
            places = args[1]
            if not isinstance(places, int) or not -ROUND_DIGITS <= places <= ROUND_DIGITS:
                raise self.fail(f"round's digits are a whole number from {-ROUND_DIGITS} to "
                                f"{ROUND_DIGITS}, received {places!r}")
        return self.number(function(*args))

