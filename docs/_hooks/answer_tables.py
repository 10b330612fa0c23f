"""MkDocs hook: answer tables that read on a phone.

On a narrow screen a table of the "Answer at a glance" box is shown one row after another,
each cell under the name of its column (docs/stylesheets/extra.css), so no column is cut
off at the right. This hook marks those tables (`data-stacked`) and copies each column's
header text into its cells (`data-label`), when the page is built: no script is needed.
A header that holds math would show raw TeX there, so it is a warning (the build is
strict).
"""

import logging
import re

from bs4 import BeautifulSoup

log = logging.getLogger("mkdocs.hooks.answer_tables")

ANSWER_BOX = '<div class="admonition success">'
TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)


def inside_answer_box(html, position):
    """Whether `position` lies inside a `<div class="admonition success">` of `html`."""
    start = html.rfind(ANSWER_BOX, 0, position)
    if start < 0:
        return False
    between = html[start:position]
    return between.count("<div") > between.count("</div>")


def label_table(table_html):
    """One table's HTML marked `data-stacked`, each body cell given its column's header
    text as `data-label`; and the headers that hold math."""
    table = BeautifulSoup(table_html, "html.parser").table
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    table["data-stacked"] = ""
    for row in table.select("tbody tr"):
        for header, cell in zip(headers, row.find_all("td", recursive=False)):
            cell["data-label"] = header
    return str(table), [header for header in headers if "\\" in header]


def label_answer_tables(html):
    """`html` with every table of an answer box labelled (only those tables are parsed and
    rewritten; the rest of the page is left byte for byte); and the headers with math."""
    pieces, with_math, end = [], [], 0
    for match in TABLE.finditer(html):
        if inside_answer_box(html, match.start()):
            labelled, math = label_table(match.group(0))
            pieces += [html[end:match.start()], labelled]
            with_math += math
            end = match.end()
    return "".join(pieces) + html[end:], with_math


def on_page_content(html, page, **kwargs):
    html, with_math = label_answer_tables(html)
    for header in with_math:
        log.warning("%s: an answer table's header holds math, which a phone would show as "
                    "raw TeX: %s", page.file.src_path, header)
    return html
