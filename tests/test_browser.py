"""The built site in headless Chromium: no console errors, no other host, and math that is
already rendered in the HTML (no math script), drawn in every condition a reader meets."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import DOCS, chromium_path, load_fully, missing_browser_outcome, open_page

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


QUESTION_PAGES = [p for p in PAGES if p.name.startswith("q")]

# Math is rendered when the site is built (docs/_hooks/math.py): no page loads a math
# script, and the formulas are in the HTML itself.
MATH_SCRIPT = re.compile(r"mathjax|katex|tex-(?:chtml|svg|mml)", re.IGNORECASE)

# Counted when the HTML has been parsed, before fonts, images or late scripts.
AT_DOM_CONTENT_LOADED = """
document.addEventListener("DOMContentLoaded", () => {
  window.__mathAtDomContentLoaded = {
    typeset: document.querySelectorAll("article mjx-container").length,
    raw: [...document.querySelectorAll("article .arithmatex")]
           .filter(e => !e.querySelector("mjx-container")).length,
  };
});
"""

FONTS_READY = "() => document.fonts.ready.then(() => true)"

MATH_STATE = r"""
() => {
  const outsideMath = (root) => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll("mjx-container, code, pre").forEach(x => x.remove());
    return copy.textContent;
  };
  const article = document.querySelector("article");
  return {
    source: document.querySelectorAll("article .arithmatex").length,
    typeset: document.querySelectorAll("article mjx-container").length,
    assistive: document.querySelectorAll("article mjx-container > mjx-assistive-mml > math").length,
    errors: document.querySelectorAll("mjx-merror").length,
    // CHTML draws each character with a ::before rule; without it the math is invisible
    glyphs: document.querySelectorAll("article mjx-c").length,
    invisible: [...document.querySelectorAll("article mjx-c")]
           .filter(c => ["none", "normal", ""].includes(getComputedStyle(c, "::before").content))
           .length,
    // a formula drawn with no size is not seen either (e.g. display: none in print)
    unsized: [...document.querySelectorAll("article mjx-container")]
           .filter(e => e.getBoundingClientRect().width === 0 && !e.closest("details:not([open])"))
           .length,
    raw: [...document.querySelectorAll("article .arithmatex")]
           .filter(e => !e.querySelector("mjx-container")).length,
    // any TeX delimiter left in the text is math that was not rendered
    delimiters: (outsideMath(article).match(/\\[()[\]]|\$[^$\s][^$]*\$/g) || []).length,
    dollars: [...document.querySelectorAll("article .jp-MarkdownOutput")]
           .map(e => (outsideMath(e).match(/[$]/g) || []).length)
           .reduce((a, b) => a + b, 0),
    scripts: [...document.scripts].map(s => s.src).filter(Boolean),
    mathColour: (() => { const m = document.querySelector("article mjx-container");
                         return m ? getComputedStyle(m).color : null; })(),
    page: getComputedStyle(document.body).backgroundColor,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
}
"""


def assert_math_drawn(state):
    """Every formula rendered and every one of its characters drawn, no TeX left."""
    assert state["errors"] == 0
    assert state["raw"] == 0, f"{state['raw']} math elements left as TeX"
    assert state["delimiters"] == 0 and state["dollars"] == 0, "TeX delimiters left in the text"
    assert state["invisible"] == 0, f"{state['invisible']} math characters not drawn"
    assert state["unsized"] == 0, f"{state['unsized']} formulas drawn with no size"
    if state["source"]:
        assert state["typeset"] > 0 and state["glyphs"] > 0
        # screen readers get MathML: one assistive copy per formula
        assert state["assistive"] == state["typeset"]


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_page_loads_cleanly_with_math_rendered_in_the_html(browser, served_site, md_page):
    context, page = open_page(browser)
    scripts = []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url))
    try:
        page.add_init_script(AT_DOM_CONTENT_LOADED)
        load_fully(page, url_of(served_site, md_page))
        page.evaluate(FONTS_READY)
        state = page.evaluate(MATH_STATE)
        early = page.evaluate("() => window.__mathAtDomContentLoaded")
        assert page.errors == []
        assert page.hosts == {urlparse(served_site).netloc}
        assert [url for url in scripts if MATH_SCRIPT.search(url)] == []
        assert page.evaluate("() => window.MathJax === undefined && window.katex === undefined")
        assert_math_drawn(state)
        # the math was there as soon as the HTML was parsed
        assert early == {"typeset": state["typeset"], "raw": 0}
    finally:
        context.close()


def test_math_is_there_after_instant_navigation(browser, served_site):
    context, page = open_page(browser)
    try:
        load_fully(page, served_site)
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click("article a[href*='q6-convolution-1d']")
        # (navigation.tracking may carry a #fragment along: match on the path only)
        page.wait_for_url(lambda url: urlparse(url).path.endswith("/q6-convolution-1d/"))
        page.wait_for_function(
            "() => document.querySelector('article h1')?.textContent.includes('Question 6')")
        page.wait_for_load_state("networkidle")
        page.evaluate(FONTS_READY)
        # Instant navigation swapped the content in place: no full reload happened.
        assert page.evaluate("() => window.__sameDocument === true")
        state = page.evaluate(MATH_STATE)
        assert state["source"] > 0
        assert_math_drawn(state)
        assert page.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("md_page", QUESTION_PAGES, ids=str)
def test_math_is_rendered_with_javascript_disabled(browser, served_site, md_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        # No script runs: once the page has loaded, nothing changes it any more.
        page.goto(url_of(served_site, md_page), wait_until="load")
        state = page.evaluate(MATH_STATE)
        assert state["source"] > 0 and state["typeset"] > 0
        assert_math_drawn(state)
    finally:
        context.close()


@pytest.mark.parametrize("condition", ["dark", "print", "narrow"])
def test_math_is_drawn_in_dark_mode_in_print_and_on_a_narrow_screen(browser, served_site, condition):
    options = {"dark": dict(color_scheme="dark"), "print": {},
               "narrow": dict(viewport={"width": 375, "height": 812}, is_mobile=True)}[condition]
    context, page = open_page(browser, **options)
    try:
        if condition == "print":
            page.emulate_media(media="print")
        # Computed styles only: the page's stylesheets (load) and fonts (below) suffice.
        page.goto(url_of(served_site, Path("q5-interpolation.md")), wait_until="load")
        page.evaluate(FONTS_READY)
        state = page.evaluate(MATH_STATE)
        assert_math_drawn(state)
        assert state["typeset"] > 0
        # the math takes the text colour, readable on the page in either scheme
        assert contrast(state["mathColour"], state["page"]) >= 4.5
        if condition == "narrow":
            # wide formulas scroll in their own box; the page itself does not scroll sideways
            assert state["pageWidth"] <= state["viewportWidth"]
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
                                              material_scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    try:
        page.goto(url_of(served_site, notebook), wait_until="load")  # styles, as above
        page.evaluate(FONTS_READY)
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
