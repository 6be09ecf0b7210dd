"""A self-contained printable page: the layer table, its totals and notes, then the network's
picture when one can be drawn (on a page of its own in print). One file, no network access:
the CSS is inline, there is no script. Every text is escaped by `escape.html` (markup escaped,
characters XML cannot hold dropped); the markup is well-formed XML as well as HTML.

On screen the header row stays in view while the table scrolls; in print (A4 or Letter, the
page size is the printer's) the header repeats on every page, rows never split, and numbers
line up right-aligned in tabular figures.
"""

from __future__ import annotations

from ..report import Summary
from .cells import RF_NOTE, convention_line, table_notes, title, totals_lines, warning_texts
from .columns import DOCUMENT, Column, Count, exact, with_rf
from .escape import html as escape
from .wrap import STRONG, glue

STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.source, .notes { color: #555; }
.notes .warning { color: #8a3b00; }
.source { margin: 0 0 1rem; font-style: italic; }
figure.network { margin: 2rem 0 1rem; text-align: center; }
figure.network h2 { text-align: left; }
figure.network svg { max-width: 100%; height: auto; }
table.layers { border-collapse: collapse; width: 100%; }
table.layers th, table.layers td { padding: .2rem .6rem; vertical-align: top;
                                   border-bottom: 1px solid #e3e3e3; }
table.layers thead th { position: sticky; top: 0; background: #f4f4f4; text-align: left;
                        border-bottom: 2px solid #888; z-index: 1; }
table.layers tbody tr:nth-child(even) { background: #fafafa; }
table.layers tfoot th, table.layers tfoot td { border-top: 2px solid #888; font-weight: bold; }
table.layers .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.layers td.name { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
                       font-size: .92em; }
dl.totals { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; }
dl.totals dt { font-weight: bold; }
dl.totals dd { margin: 0; font-variant-numeric: tabular-nums; }
footer { margin-top: 2rem; color: #888; font-size: .85em; }
@page { margin: 14mm 12mm; }
@media print {
  body { font-size: 9pt; margin: 0; max-width: none; padding: 0; }
  table.layers thead { display: table-header-group; }
  table.layers thead th { position: static; }
  table.layers tfoot { display: table-row-group; }
  table.layers tr, table.layers th, table.layers td { break-inside: avoid;
                                                      page-break-inside: avoid; }
  table.layers tbody tr:nth-child(even) { background: none; }
  figure.network { break-before: page; page-break-before: always; break-inside: avoid;
                   page-break-inside: avoid; margin: 0; }
  figure.network svg { max-height: 215mm; }
  dl.totals, .notes { break-inside: avoid; page-break-inside: avoid; }
  footer { display: none; }
}
""".strip()


def breakable(text: str) -> str:
    """Escaped, with a line-break opportunity after each ``/`` and ``.`` of a block path.

    >>> breakable("layer3.35/<conv2>")
    'layer3.<wbr/>35/<wbr/>&lt;conv2&gt;'
    """
    return escape(text).replace("/", "/<wbr/>").replace(".", ".<wbr/>")


def kept_together(text: str) -> str:
    r"""Escaped, with a no-break space where a word meets its number (``pad 2``), which the
    browser, unlike rich, honours.

    >>> kept_together("conv 64 × 7×7 /2 pad 3")
    'conv\xa064 × 7×7 /2 pad\xa03'
    """
    words = text.split(" ")
    spaces = ["\xa0" if glue(left, right) == STRONG else " "
              for left, right in zip(words, words[1:])]
    return escape("".join(word + space for word, space in zip(words, spaces + [""])))


def cell(tag: str, text: str, column: Column, extra: str = "") -> str:
    view = column.value
    classes = " ".join(filter(None, ["num" if view.is_number else "",
                                     "name" if column is Column.NAME else ""]))
    content = (breakable(text) if column is Column.NAME else
               kept_together(text) if column is Column.KIND else escape(text))
    attributes = f' class="{classes}"' if classes else ""
    return f"<{tag}{extra}{attributes}>{content}</{tag}>"


def table_html(summary: Summary, columns: tuple[Column, ...], count: Count) -> list[str]:
    views = [column.value for column in columns]
    head = "".join(cell("th", view.title(summary), column, ' scope="col"')
                   for view, column in zip(views, columns))
    cells = [view.cells(summary, count) for view in views]
    body = ["<tr>" + "".join(cell("td", text, column) for text, column in zip(row, columns))
            + "</tr>" for row in zip(*cells)]
    foot = "".join(cell("td", view.total(summary, count), column)
                   for view, column in zip(views, columns))
    return ['<table class="layers">', f"<thead><tr>{head}</tr></thead>", "<tbody>", *body,
            "</tbody>", f"<tfoot><tr>{foot}</tr></tfoot>", "</table>"]


def picture_html(svg: str | None) -> list[str]:
    if not svg:
        return []
    if svg.lstrip().startswith("<?xml"):
        svg = svg[svg.index("?>") + 2:]
    return ['<figure class="network">', "<h2>The network</h2>", svg.strip(), "</figure>"]


def page_notes(summary: Summary, columns: tuple[Column, ...]) -> list[str]:
    """The explanations under the totals that this page's columns need, and the line saying
    how the operations were counted."""
    notes = [table_notes(summary)] if table_notes(summary) else []
    if Column.RF in columns or Column.JUMP in columns:
        notes.append(RF_NOTE)
    return notes + [convention_line(summary)]


def html_page(summary: Summary, columns: tuple[Column, ...] | None = None, count: Count = exact,
              rf: bool = False, picture: str | None = None) -> str:
    """The whole page as one string; `picture` is an SVG drawing of the network, or None."""
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    heading = escape(title(summary))
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8"/>',
             '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
             '<meta name="generator" content="cnncalc"/>', f"<title>{heading}</title>",
             f"<style>\n{STYLE}\n</style>", "</head>", "<body>", "<header>",
             f"<h1>{heading}</h1>"]
    if summary.source:
        lines.append(f'<p class="source">Source: {escape(summary.source)}</p>')
    lines.append("</header>")
    lines += table_html(summary, columns, count)
    lines += ['<h2>Totals</h2>', '<dl class="totals">']
    lines += [f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
              for label, value in totals_lines(summary)]
    lines += ["</dl>", '<div class="notes">']
    lines += [f"<p>{escape(note)}</p>" for note in page_notes(summary, columns)]
    lines += [f'<p class="warning">{escape(text)}</p>' for text in warning_texts(summary.warnings)]
    lines.append("</div>")
    lines += picture_html(picture)
    lines += ["<footer>Made with cnncalc.</footer>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def network_picture(summary: Summary) -> str | None:
    """The network drawn as SVG by `cnncalc draw`'s renderer, or None where it is not installed."""
    try:
        from .graph_svg import network_svg
    except ImportError:
        return None
    return network_svg(summary)


FRAGMENT_CLASS = "cnncalc-summary"
"""The one element a fragment's styles apply to: every selector of `FRAGMENT_STYLE` is inside it."""
FRAGMENT_STYLE = f"""
.{FRAGMENT_CLASS} {{ font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
.{FRAGMENT_CLASS} .cnncalc-title {{ font-weight: bold; margin: 0 0 .25rem; }}
.{FRAGMENT_CLASS} .source, .{FRAGMENT_CLASS} .notes {{ color: #555; }}
.{FRAGMENT_CLASS} .notes .warning {{ color: #8a3b00; }}
.{FRAGMENT_CLASS} table.layers {{ border-collapse: collapse; }}
.{FRAGMENT_CLASS} table.layers th, .{FRAGMENT_CLASS} table.layers td {{
  padding: .15rem .5rem; vertical-align: top; border-bottom: 1px solid #e3e3e3; }}
.{FRAGMENT_CLASS} table.layers thead th {{ text-align: left; border-bottom: 2px solid #888; }}
.{FRAGMENT_CLASS} table.layers tfoot td {{ border-top: 2px solid #888; font-weight: bold; }}
.{FRAGMENT_CLASS} table.layers .num {{ text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }}
.{FRAGMENT_CLASS} table.layers td.name {{ font-family: ui-monospace, Menlo, Consolas, monospace; }}
.{FRAGMENT_CLASS} dl.totals {{ display: grid; grid-template-columns: max-content auto;
  gap: .1rem 1rem; }}
.{FRAGMENT_CLASS} dl.totals dt {{ font-weight: bold; }}
.{FRAGMENT_CLASS} dl.totals dd {{ margin: 0; font-variant-numeric: tabular-nums; }}
""".strip()


def html_fragment(summary: Summary, columns: tuple[Column, ...] | None = None,
                  count: Count = exact, rf: bool = False) -> str:
    """The page's table, totals and notes as one ``<div>`` to put inside another page (a
    notebook's cell output): its styles apply inside that element only, and nothing else
    of the page around it is touched."""
    columns = columns or (with_rf(DOCUMENT) if rf else DOCUMENT)
    lines = [f'<div class="{FRAGMENT_CLASS}">', f"<style>\n{FRAGMENT_STYLE}\n</style>",
             f'<p class="cnncalc-title">{escape(title(summary))}</p>']
    if summary.source:
        lines.append(f'<p class="source">Source: {escape(summary.source)}</p>')
    lines += table_html(summary, columns, count)
    lines.append('<dl class="totals">')
    lines += [f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
              for label, value in totals_lines(summary)]
    lines += ["</dl>", '<div class="notes">']
    lines += [f"<p>{escape(note)}</p>" for note in page_notes(summary, columns)]
    lines += [f'<p class="warning">{escape(text)}</p>' for text in warning_texts(summary.warnings)]
    lines += ["</div>", "</div>"]
    return "\n".join(lines) + "\n"
