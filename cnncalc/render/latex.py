r"""A ``booktabs`` tabular for a paper or a handout: ``\toprule``, ``\midrule``, ``\bottomrule``,
text columns left, numbers right with ``\,`` between thousands. Needs ``\usepackage{booktabs}``
only; every special character is escaped (`escape.latex`) and ``×`` is written ``$\times$``. The
title and source go into ``%`` comments through `escape.latex_comment`, so a line break in them
cannot end the comment and make the rest a command."""

from __future__ import annotations

from ..report import Summary
from .cells import title, warning_texts
from .columns import DOCUMENT, Column, Count, exact, with_rf
from .escape import latex, latex_comment


def latex_number(text: str) -> str:
    r"""A count's cell with a thin space between thousands.

    >>> print(latex_number("60,965,224"))
    60\,965\,224
    """
    return latex(text).replace(",", r"\,")


def latex_row(cells: list[str]) -> str:
    return " & ".join(cells) + r" \\"


def to_latex(summary: Summary, columns: tuple[Column, ...] | None = None, count: Count = exact,
             rf: bool = False) -> str:
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    views = [column.value for column in columns]

    def escaped(view, text: str) -> str:
        return latex_number(text) if view.is_number else latex(text)

    lines = [f"% {latex_comment(title(summary))}"]
    if summary.source:
        lines.append(f"% Source: {latex_comment(summary.source)}")
    lines += [f"% {latex_comment(text)}" for text in warning_texts(summary.warnings)]
    lines += [r"% Needs \usepackage{booktabs}.",
              r"\begin{tabular}{" + "".join("r" if view.is_number else "l" for view in views)
              + "}", r"\toprule",
              latex_row([latex(view.title(summary)) for view in views]), r"\midrule"]
    cells = [view.cells(summary, count) for view in views]
    lines += [latex_row([escaped(view, text) for view, text in zip(views, row)])
              for row in zip(*cells)]
    lines += [r"\midrule",
              latex_row([escaped(view, view.total(summary, count)) for view in views]),
              r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines) + "\n"
