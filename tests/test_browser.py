"""The built site in headless Chromium: no console errors, no other host, math typeset."""

from urllib.parse import urlparse

import pytest

from conftest import DOCS

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(DOCS) for p in DOCS.glob("*.md"))


def url_of(base, md_page):
    stem = md_page.with_suffix("")
    return base if stem.name == "index" else f"{base}{stem.as_posix()}/"


def open_page(browser, base_url):
    """A fresh page that records console errors, page errors and every request's host."""
    context = browser.new_context()
    page = context.new_page()
    page.errors, page.hosts = [], set()
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.hosts.add(urlparse(r.url).netloc))
    page.on("requestfailed", lambda r: page.errors.append(f"request failed: {r.url}"))
    return context, page


WAIT_FOR_MATHJAX = """
() => window.MathJax && MathJax.startup && MathJax.startup.promise
      ? MathJax.startup.promise.then(() => true) : false
"""

MATH_STATE = """
() => ({
  source: document.querySelectorAll("article .arithmatex").length,
  typeset: document.querySelectorAll("article mjx-container").length,
  errors: document.querySelectorAll("mjx-merror").length,
  raw: [...document.querySelectorAll("article .arithmatex")]
         .filter(e => !e.querySelector("mjx-container")).length,
})
"""


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_page_loads_cleanly_and_typesets_math(browser, served_site, md_page):
    context, page = open_page(browser, served_site)
    try:
        page.goto(url_of(served_site, md_page), wait_until="networkidle")
        page.wait_for_function(WAIT_FOR_MATHJAX, timeout=30_000)
        state = page.evaluate(MATH_STATE)
        assert page.errors == []
        assert page.hosts == {urlparse(served_site).netloc}
        assert state["errors"] == 0
        if state["source"]:
            assert state["typeset"] > 0
            assert state["raw"] == 0, f"{state['raw']} math elements left untypeset"
    finally:
        context.close()


def test_math_is_typeset_again_after_instant_navigation(browser, served_site):
    context, page = open_page(browser, served_site)
    try:
        page.goto(served_site, wait_until="networkidle")
        page.wait_for_function(WAIT_FOR_MATHJAX, timeout=30_000)
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click("article a[href*='q6-convolution-1d']")
        # (navigation.tracking may carry a #fragment along: match on the path only)
        page.wait_for_url(lambda url: urlparse(url).path.endswith("/q6-convolution-1d/"))
        page.wait_for_function(
            "() => document.querySelectorAll('article mjx-container').length > 0", timeout=30_000
        )
        page.wait_for_load_state("networkidle")
        # Instant navigation swapped the content in place: no full reload happened.
        assert page.evaluate("() => window.__sameDocument === true")
        state = page.evaluate(MATH_STATE)
        assert state["source"] > 0 and state["raw"] == 0 and state["errors"] == 0
        assert page.errors == []
    finally:
        context.close()
