"""MkDocs hook: the same highlighted code with fewer elements (issue 19: page weight).

Pygments wraps every token of a code block in its own <span>: a third of a long page's
elements (Q5: 7,000 of 24,000). Two kinds of them change nothing a reader sees, and are
dropped after each page is rendered:

- a plain name (`<span class="n">x</span>`) or whitespace (`class="w"`): Material draws
  names in the code's own colour (`--md-code-hl-name-color: var(--md-code-fg-color)`),
  so the bare text looks the same;
- a token right after another of the same class (`)` then `,`, both `p`): they become one
  span with the same colour.

Only the inside of <code> elements is touched, and only spans that hold text alone, so the
text of the code (what the copy button copies, what the page scripts compare) is unchanged;
so are the line spans that docs/_hooks/print_edition.py adds for print.
"""

import re

CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)", re.DOTALL)
PLAIN = re.compile(r'<span class="[nw]">([^<]*)</span>')
# (not the line spans of docs/_hooks/print_edition.py, class "cl": one per line, for print)
ADJACENT = re.compile(r'<span class="((?!cl")[\w-]+)">([^<]*)</span><span class="\1">')


def lighter(code):
    """The HTML inside a <code> element with plain-name spans unwrapped and runs of spans
    of one class merged."""
    code = PLAIN.sub(r"\1", code)
    while True:
        merged = ADJACENT.sub(r'<span class="\1">\2', code)
        if merged == code:
            return code
        code = merged


def on_post_page(output, **kwargs):
    return CODE.sub(lambda m: m.group(1) + lighter(m.group(2)) + m.group(3), output)
