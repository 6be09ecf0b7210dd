r"""A ``booktabs`` tabular for a paper or a handout: ``\toprule``, ``\midrule``, ``\bottomrule``,
text columns left, numbers right with ``\,`` between thousands. Needs ``\usepackage{booktabs}``
only; every special character is escaped and ``×`` is written ``$\times$``."""

from __future__ import annotations

from ..report import Summary
from .cells import title
from .columns import DOCUMENT, Column, Count, exact, with_rf

SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "×": r"$\times$", "·": r"$\cdot$", "—": "---",
            "–": "--", "<": r"\textless{}", ">": r"\textgreater{}", "−": "$-$",
            "[": "{[}", "]": "{]}", "*": "{*}"}
"""``[`` and ``*`` braced: at the start of a row, after ``\\``, they would be read as its
optional argument or star."""


def latex_text(text: str) -> str:
    r"""`text` with LaTeX's special characters written so they print as themselves.

    >>> print(latex_text("conv_1 96 × 11×11, 5% & #2"))
    conv\_1 96 $\times$ 11$\times$11, 5\% \& \#2
    """
    return "".join(SPECIALS.get(char, char) for char in text)


def latex_number(text: str) -> str:
    r"""A count's cell with a thin space between thousands.

    >>> print(latex_number("60,965,224"))
    60\,965\,224
    """
    return latex_text(text).replace(",", r"\,")


def latex_row(cells: list[str]) -> str:
    return " & ".join(cells) + r" \\"


def to_latex(summary: Summary, columns: tuple[Column, ...] | None = None, count: Count = exact,
             rf: bool = False) -> str:
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    views = [column.value for column in columns]

    def escaped(view, text: str) -> str:
        return latex_number(text) if view.is_number else latex_text(text)

    lines = [f"% {title(summary)}"]
    if summary.source:
        lines.append(f"% Source: {summary.source}")
    lines += [r"% Needs \usepackage{booktabs}.",
              r"\begin{tabular}{" + "".join("r" if view.is_number else "l" for view in views)
              + "}", r"\toprule",
              latex_row([latex_text(view.title(summary)) for view in views]), r"\midrule"]
    cells = [view.cells(summary, count) for view in views]
    lines += [latex_row([escaped(view, text) for view, text in zip(views, row)])
              for row in zip(*cells)]
    lines += [r"\midrule",
              latex_row([escaped(view, view.total(summary, count)) for view in views]),
              r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines) + "\n"
