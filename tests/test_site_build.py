"""The built site: strict build, executed output, the copy-paste guarantee."""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from bs4 import BeautifulSoup

from conftest import DOCS

PAGES = sorted(p.relative_to(DOCS) for p in DOCS.glob("*.md"))
EXEC_FENCE = re.compile(r'^\s*(`{3,}|~{3,})\s*\w+[^\n]*\bexec="on"', re.MULTILINE)


def html_of(site_dir, md_page):
    stem = md_page.with_suffix("")
    path = site_dir / "index.html" if stem.name == "index" else site_dir / stem / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_built(built_site):
    assert PAGES, "no pages found under docs/"
    for page in PAGES:
        article = html_of(built_site, page).select_one("article")
        assert article is not None and article.get_text(strip=True), page


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_executed_block_produced_output(built_site, page):
    expected = len(EXEC_FENCE.findall((DOCS / page).read_text(encoding="utf-8")))
    results = html_of(built_site, page).select("article div.result")
    assert len(results) == expected
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


def run_alone(code, cwd):
    """Run code in a fresh, isolated interpreter (-I: no project paths, no user site)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=600,
    )


def same_text(a, b):
    lines = lambda text: [line.rstrip() for line in text.strip().splitlines()]
    return lines(a) == lines(b)


def test_every_python_block_runs_alone_and_prints_what_the_page_shows(built_site, tmp_path):
    """The copy-paste guarantee: each block runs in a fresh interpreter and prints exactly
    the output shown under it (so no block depends on state left by an earlier one: the
    build runs all blocks in one process)."""
    blocks = python_blocks(built_site)
    assert blocks, "no Python blocks found in the built site"
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda b: run_alone(b[1], tmp_path), blocks))
    failures = []
    for (name, code, shown), result in zip(blocks, results):
        if result.returncode != 0:
            failures.append(f"{name} raised:\n{result.stderr[-2000:]}")
        elif shown is not None and not same_text(result.stdout, shown):
            failures.append(f"{name} printed something else than the page shows:\n"
                            f"--- page\n{shown}\n--- fresh run\n{result.stdout}")
    assert not failures, "\n\n".join(failures)


def test_python_blocks_import_nothing_but_numpy_and_matplotlib(built_site):
    allowed = {"numpy", "matplotlib", "math", "time", "io", "itertools", "functools",
               "dataclasses", "fractions", "timeit", "statistics", "collections"}
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
