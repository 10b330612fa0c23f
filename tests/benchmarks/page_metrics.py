"""Reading metrics of a built site, page by page (issue 9): height at 1280x900 with every
<details> collapsed, HTML bytes, lines of code shown, the most repeated `def NAME(`, and
the size of the search index. Nothing is asserted; the figures are printed as a table.

    .venv/bin/python tests/benchmarks/page_metrics.py SITE_DIR [SITE_DIR ...]

With two site directories (say, before and after) it prints both side by side.
"""

import collections
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import (  # noqa: E402
    chromium_path, free_address, launch_chromium, load_fully, serve_directory)

DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.MULTILINE)


def pages_of(site):
    return sorted(p.relative_to(site) for p in site.rglob("index.html")
                  if "assets" not in p.relative_to(site).parts)


def shown_code(html):
    """The text of every code block a reader sees on the page, outputs excluded."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    blocks = []
    for code in article.select("div.highlight code, pre > code"):
        if code.find_parent("div", class_="result") is None and code.find_parent(class_="jp-OutputArea") is None:
            blocks.append(code.get_text())
    return blocks


def static_metrics(site, page):
    html = (site / page).read_text(encoding="utf-8")
    code = shown_code(html)
    defs = collections.Counter(name for block in code for name in DEF.findall(block))
    most = defs.most_common(1)[0] if defs else ("-", 0)
    return {
        "bytes": len(html.encode()),
        "code lines": sum(len(block.rstrip("\n").splitlines()) for block in code),
        "top def": f"{most[0]} {most[1]}x",
    }


HEIGHT = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  document.querySelectorAll("details").forEach(d => { d.open = false; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.documentElement.scrollHeight;
}
"""


def heights(site, pages):
    from playwright.sync_api import sync_playwright

    out = {}
    with serve_directory(site, free_address()) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium_path())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for relative in pages:
            folder = relative.parent.as_posix()
            load_fully(page, base + ("" if folder == "." else folder + "/"))
            out[relative] = page.evaluate(HEIGHT)
        browser.close()
    return out


def main(sites):
    sites = [Path(s) for s in sites]
    table = {}
    for site in sites:
        pages = pages_of(site)
        tall = heights(site, pages)
        for page in pages:
            table.setdefault(page, {})[site] = {**static_metrics(site, page), "height px": tall[page]}
    columns = ["height px", "bytes", "code lines", "top def"]
    head = ["page"] + [f"{c} ({s.name})" for c in columns for s in sites]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for page, by_site in table.items():
        cells = [str(page.parent)]
        for column in columns:
            for site in sites:
                value = by_site.get(site, {}).get(column, "")
                cells.append(f"{value:,}" if isinstance(value, int) else str(value))
        print("| " + " | ".join(cells) + " |")
    for site in sites:
        index = site / "search" / "search_index.json"
        print(f"search/search_index.json ({site.name}): {index.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:] or ["site"])
