"""The built site: strict build, executed output, what a page may import. (Each page's code
as one script: tests/test_page_scripts.py; faults that must fail the build:
tests/test_build_faults.py.)"""

import re

import pytest

from conftest import DOCS, parsed_html

PAGES = sorted(p.relative_to(DOCS) for p in DOCS.glob("*.md"))
EXEC_FENCE = re.compile(r'^\s*(`{3,}|~{3,})\s*\w+[^\n]*\bexec="on"', re.MULTILINE)


def html_of(site_dir, md_page):
    stem = md_page.with_suffix("")
    path = site_dir / "index.html" if stem.name == "index" else site_dir / stem / "index.html"
    return parsed_html(path)


def test_every_page_is_built(built_site):
    assert PAGES, "no pages found under docs/"
    for page in PAGES:
        article = html_of(built_site, page).select_one("article")
        assert article is not None and article.get_text(strip=True), page


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_executed_block_produced_output(built_site, page):
    expected = len(EXEC_FENCE.findall((DOCS / page).read_text(encoding="utf-8")))
    results = html_of(built_site, page).select("article div.result")
    # A silent block (one that only imports and defines; docs/_hooks/checks.py) has its
    # empty output box removed: every box left shows something.
    assert len(results) <= expected and (results or not expected)
    for result in results:
        assert result.get_text(strip=True) or result.find("svg") is not None


def python_blocks(built_site):
    """Every Python code block a reader can copy from the built site, outside outputs, as
    (name, code, shown output). The shown output is the text under an executed block, or
    None where there is none or it is HTML (a figure)."""
    blocks = []
    for page in PAGES:
        for number, div in enumerate(html_of(built_site, page).select("article div.language-python")):
            if div.find_parent("div", class_="result") is not None:
                continue
            result = div.find_next_sibling()
            shown = None
            if result is not None and "result" in (result.get("class") or []):
                text_block = result.select_one("div.language-text code")
                if text_block is not None and not result.find("svg"):
                    shown = text_block.get_text()
            blocks.append((f"{page}#{number}", div.find("code").get_text(), shown))
    return blocks


def test_python_blocks_import_nothing_but_numpy_and_matplotlib(built_site):
    allowed = {"numpy", "matplotlib", "math", "time", "io", "itertools", "functools",
               "dataclasses", "fractions", "decimal", "timeit", "statistics", "collections"}
    for name, code, _ in python_blocks(built_site):
        for module in re.findall(r"^\s*(?:import|from)\s+(\w+)", code, re.MULTILINE):
            assert module in allowed, f"{name} imports {module}"


def test_no_third_party_urls_loaded(built_site):
    # Every script, stylesheet, image and font the pages ask for is served from the site.
    for page in PAGES:
        soup = html_of(built_site, page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                if "canonical" in (element.get("rel") or []):
                    continue  # names the page's own address; nothing is fetched
                url = element.get(attr) or ""
                assert not re.match(r"^(https?:)?//", url), f"{page}: {url}"


# Fault injection (each broken input fails the strict build) runs on a minimal project:
# tests/test_build_faults.py.
