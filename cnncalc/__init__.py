"""cnncalc: the arithmetic of convolutional neural networks, calculated, explained and checked.

The Python API (docs/api.md): `load`, `summarize`, `explain`, `verify` and `Summary`, imported
on first use (module ``__getattr__``), so that ``import cnncalc`` — which every CLI run does —
loads nothing more than this file.
"""

from __future__ import annotations

import sys
from types import ModuleType

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (type checkers know it)

__version__ = "0.1.0"

_LAZY = {"load": "cnncalc.api", "summarize": "cnncalc.api", "explain": "cnncalc.api",
         "verify": "cnncalc.api", "Explanation": "cnncalc.api", "Summary": "cnncalc.report"}
__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from .api import Explanation, explain, load, summarize, verify
    from .report import Summary


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'cnncalc' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value   # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(ModuleType):
    """This package, whose API names stay the API's: importing the submodule `cnncalc.verify`
    would otherwise set the attribute ``cnncalc.verify`` to that module, hiding the function."""

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return   # the submodule stays reachable in sys.modules and by `from … import`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
