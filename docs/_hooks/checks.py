"""MkDocs hook: turn silent failures of executed code into build warnings.

markdown-exec captures only what a block itself prints, so a block that prints nothing
(or that printed through an imported module) renders an empty result and the build stays
green. With `strict: true`, each warning logged here fails the build.

- Every executed block of a page runs in the page's own session, `session="<page stem>"`,
  so the page's code is one program (docs/_hooks/page_scripts.py offers it as a script).
- A block may print nothing only if it just imports and defines (imports, `def`, `class`,
  docstrings); any other block with an empty output is an error.
"""

import ast
import logging
import re
from pathlib import Path

from bs4 import BeautifulSoup

log = logging.getLogger("mkdocs.hooks.checks")

# An opening fence of an executed block: ```python exec="on" ... (any fence length >= 3).
EXEC_FENCE = re.compile(r'^\s*(`{3,}|~{3,})\s*\w+[^\n]*\bexec="(?:on|true|1)"[^\n]*$', re.MULTILINE)
SESSION = re.compile(r'\bsession="([^"]*)"')
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def on_page_markdown(markdown, page, **kwargs):
    fences = [match.group(0) for match in EXEC_FENCE.finditer(markdown)]
    page.meta["_exec_blocks"] = len(fences)
    stem = Path(page.file.src_uri).stem
    for number, fence in enumerate(fences, start=1):
        session = SESSION.search(fence)
        if session is None or session.group(1) != stem:
            log.warning('%s: executed block %d must run in the page\'s session, session="%s"',
                        page.file.src_path, number, stem)
    return markdown


def only_defines(code):
    """True if the code's top-level statements only import and define (or are docstrings)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return all(isinstance(node, DEFINITIONS)
               or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
               for node in body)


def on_page_content(html, page, **kwargs):
    expected = page.meta.get("_exec_blocks", 0)
    if not expected:
        return html
    results = [r for r in BeautifulSoup(html, "html.parser").select("div.result")
               if r.find_parent("div", class_="result") is None]
    if len(results) != expected:
        log.warning(
            "%s: %d executed blocks but %d rendered results (use source=\"block\")",
            page.file.src_path, expected, len(results),
        )
    for number, result in enumerate(results, start=1):
        if result.get_text(strip=True) or result.find(["svg", "img"]) is not None:
            continue
        source = result.find_previous_sibling()
        code = source.find("code").get_text() if source is not None and source.find("code") else ""
        if not only_defines(code):
            log.warning("%s: executed block %d produced no output (only a block that just "
                        "imports and defines may be silent)", page.file.src_path, number)
    return html
