"""MkDocs hook: turn silent failures of executed code into build warnings.

markdown-exec captures only what a block itself prints, so a block that prints nothing
(or that printed through an imported module) renders an empty result and the build stays
green. With `strict: true`, each warning logged here fails the build.
"""

import logging
import re

from bs4 import BeautifulSoup

log = logging.getLogger("mkdocs.hooks.checks")

# An opening fence of an executed block: ```python exec="on" ... (any fence length >= 3).
EXEC_FENCE = re.compile(r'^\s*(`{3,}|~{3,})\s*\w+[^\n]*\bexec="(?:on|true|1)"', re.MULTILINE)


def on_page_markdown(markdown, page, **kwargs):
    page.meta["_exec_blocks"] = len(EXEC_FENCE.findall(markdown))
    return markdown


def on_page_content(html, page, **kwargs):
    expected = page.meta.get("_exec_blocks", 0)
    if not expected:
        return html
    results = BeautifulSoup(html, "html.parser").select("div.result")
    if len(results) != expected:
        log.warning(
            "%s: %d executed blocks but %d rendered results (use source=\"block\")",
            page.file.src_path, expected, len(results),
        )
    for number, result in enumerate(results, start=1):
        if not result.get_text(strip=True) and result.find(["svg", "img"]) is None:
            log.warning("%s: executed block %d produced no output", page.file.src_path, number)
    return html
