"""The built site in headless Chromium: no console errors, no other host, math typeset."""

import re
from urllib.parse import urlparse

import pytest

from conftest import DOCS, chromium_path, missing_browser_outcome, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("ci, outcome", [("true", "fail"), ("1", "fail"), ("", "skip"), (None, "skip")])
def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(ci, outcome):
    environ = {} if ci is None else {"CI": ci}
    decided, message = missing_browser_outcome(environ)
    assert decided == outcome and "chromium" in message.lower()


def test_chromium_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert chromium_path() is None
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert chromium_path() == str(fake)

PAGES = sorted(p.relative_to(DOCS) for p in [*DOCS.glob("*.md"), *DOCS.glob("notebooks/*.py")])
NOTEBOOK_PAGES = [p for p in PAGES if p.parts[0] == "notebooks"]


def url_of(base, page):
    stem = page.with_suffix("")
    return base if stem.name == "index" else f"{base}{stem.as_posix()}/"


WAIT_FOR_MATHJAX = """
() => window.MathJax && MathJax.startup && MathJax.startup.promise
      ? MathJax.startup.promise.then(() => true) : false
"""

MATH_STATE = """
() => ({
  source: document.querySelectorAll("article .arithmatex").length,
  typeset: document.querySelectorAll("article mjx-container").length,
  errors: document.querySelectorAll("mjx-merror").length,
  // CHTML draws each character with a ::before rule; without it the math is invisible
  invisible: [...document.querySelectorAll("article mjx-c")]
         .filter(c => ["none", "normal", ""].includes(getComputedStyle(c, "::before").content))
         .length,
  raw: [...document.querySelectorAll("article .arithmatex")]
         .filter(e => !e.querySelector("mjx-container")).length,
  // notebook markdown cells: any $ left in their text is math MathJax did not take
  dollars: [...document.querySelectorAll("article .jp-MarkdownOutput")]
         .map(e => { const c = e.cloneNode(true);
                     c.querySelectorAll("mjx-container, code, pre").forEach(x => x.remove());
                     return (c.textContent.match(/[$]/g) || []).length; })
         .reduce((a, b) => a + b, 0),
})
"""


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_page_loads_cleanly_and_typesets_math(browser, served_site, md_page):
    context, page = open_page(browser)
    try:
        page.goto(url_of(served_site, md_page), wait_until="networkidle")
        page.wait_for_function(WAIT_FOR_MATHJAX, timeout=30_000)
        state = page.evaluate(MATH_STATE)
        assert page.errors == []
        assert page.hosts == {urlparse(served_site).netloc}
        assert state["errors"] == 0
        assert state["invisible"] == 0, f"{state['invisible']} math characters not drawn"
        assert state["dollars"] == 0, "raw $ left in a notebook markdown cell"
        if state["source"]:
            assert state["typeset"] > 0
            assert state["raw"] == 0, f"{state['raw']} math elements left untypeset"
    finally:
        context.close()


def test_math_is_typeset_again_after_instant_navigation(browser, served_site):
    context, page = open_page(browser)
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
        assert state["invisible"] == 0
        assert page.errors == []
    finally:
        context.close()


LOOK = """
() => {
  const style = (selector, property) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element)[property] : null;
  };
  const probe = document.createElement("code");  // Material's code colours, for reference
  document.querySelector("article").appendChild(probe);
  const reference = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    page: getComputedStyle(document.body).backgroundColor,
    reference,
    cell: style("article .notebook-cell pre > code", "backgroundColor"),
    cellText: style("article .notebook-cell code", "color"),
    output: style("article .jp-RenderedText pre", "backgroundColor"),
    outputText: style("article .jp-RenderedText pre", "color"),
    markdownText: style("article .jp-MarkdownOutput p", "color"),
  };
}
"""


def rgba(css_color):
    values = [float(v) for v in re.findall(r"[\d.]+", css_color)]
    return values[:3], (values[3] if len(values) > 3 else 1.0)


def luminance(rgb):
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
              for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(text, background):
    """WCAG contrast ratio of a (possibly translucent) text colour on an opaque background."""
    (fg, alpha), (bg, _) = rgba(text), rgba(background)
    shown = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]
    high, low = sorted((luminance(shown), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme, material_scheme", [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("notebook", NOTEBOOK_PAGES, ids=str)
def test_notebook_look_in_light_and_dark_mode(browser, served_site, notebook, scheme,
                                              material_scheme, tmp_path):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    try:
        page.goto(url_of(served_site, notebook), wait_until="networkidle")
        page.wait_for_function(WAIT_FOR_MATHJAX, timeout=30_000)
        page.screenshot(path=str(tmp_path / f"{notebook.stem}-{scheme}.png"), full_page=True)
        look = page.evaluate(LOOK)
        assert look["scheme"] == material_scheme
        # Cells use Material's own code colours, so they follow the light/dark switch...
        assert look["cell"] == look["output"] == look["reference"]
        # ...and every kind of text stays readable on its background (WCAG AA: 4.5).
        assert contrast(look["cellText"], look["cell"]) >= 4.5
        assert contrast(look["outputText"], look["output"]) >= 4.5
        assert contrast(look["markdownText"], look["page"]) >= 4.5
    finally:
        context.close()
