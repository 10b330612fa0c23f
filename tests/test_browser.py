"""The built site in headless Chromium: no console errors, no other host, and math that is
already rendered in the HTML (no math script), drawn in every condition a reader meets."""

import re
import unicodedata
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

# Math is rendered when the site is built (docs/_hooks/math.py), as MathML that the browser
# draws itself: no page loads a math script, and the formulas are in the HTML itself.
MATH_SCRIPT = re.compile(r"mathjax|katex|temml|tex-(?:chtml|svg|mml)", re.IGNORECASE)
# The fonts the site serves for math (docs/stylesheets/math.css), by the family name inside
# each font file: STIX Two Math, and Temml's prime font.
SERVED_MATH_FONTS = {"STIX Two Math", "Temml-Script"}

# Counted when the HTML has been parsed, before fonts, images or late scripts.
AT_DOM_CONTENT_LOADED = """
document.addEventListener("DOMContentLoaded", () => {
  window.__mathAtDomContentLoaded = {
    typeset: document.querySelectorAll("article math").length,
    raw: [...document.querySelectorAll("article .arithmatex")]
           .filter(e => !e.querySelector("math")).length,
  };
});
"""

FONTS_READY = "() => document.fonts.ready.then(() => true)"

MATH_STATE = r"""
() => {
  const outsideMath = (root) => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll("math, code, pre").forEach(x => x.remove());
    return copy.textContent;
  };
  const article = document.querySelector("article");
  const formulas = [...document.querySelectorAll("article math")];
  const shown = (e) => !e.closest("details:not([open])");
  return {
    source: document.querySelectorAll("article .arithmatex").length,
    typeset: formulas.length,
    // no CHTML left, and no second (assistive) copy of any formula
    chtml: document.querySelectorAll("mjx-container, mjx-assistive-mml").length,
    nested: document.querySelectorAll("math math").length,
    errors: document.querySelectorAll("merror").length,
    // every formula is set in the served math font...
    otherFont: formulas.filter(m => !getComputedStyle(m).fontFamily.startsWith('"STIX Two Math"'))
           .length,
    // ...which has loaded (a font that failed would leave the math to a system font)
    fontStatus: [...document.fonts].filter(f => f.family.replace(/"/g, "") === "STIX Two Math")
           .map(f => f.status),
    // a formula drawn with no size is not seen (e.g. display: none in print)
    unsized: formulas.filter(m => m.getBoundingClientRect().width === 0 && shown(m)).length,
    raw: [...document.querySelectorAll("article .arithmatex")]
           .filter(e => !e.querySelector("math")).length,
    // any TeX delimiter left in the text is math that was not rendered
    delimiters: (outsideMath(article).match(/\\[()[\]]|\$[^$\s][^$]*\$/g) || []).length,
    dollars: [...document.querySelectorAll("article .jp-MarkdownOutput")]
           .map(e => (outsideMath(e).match(/[$]/g) || []).length)
           .reduce((a, b) => a + b, 0),
    // every equation number is seen, at the right of its formula's box (on a phone: under
    // the formula); its id is the one MathJax gave it, so old links still work
    numbers: [...document.querySelectorAll("article .arithmatex.numbered")].filter(shown).map(box => {
      const number = box.querySelector(":scope > .eqno"), math = box.querySelector(":scope > math");
      if (!number || !math) return "a numbered formula without its number";
      const n = number.getBoundingClientRect(), b = box.getBoundingClientRect();
      const m = math.getBoundingClientRect();
      const problem = n.width === 0 || getComputedStyle(number).visibility !== "visible" ? "not shown"
        : !/^mjx-eqn:/.test(number.id) ? "no mjx-eqn id"
        : n.right > Math.min(b.right, innerWidth) + 1 ? "off its box"
        : n.right < Math.min(b.right, innerWidth) - 40 ? "not at the right"
        : innerWidth < 720 && n.top < m.bottom - 1 ? "not under its formula"
        : null;
      return problem && `${number.textContent}: ${problem}`;
    }).filter(Boolean),
    numbered: document.querySelectorAll("article .eqno").length,
    scripts: [...document.scripts].map(s => s.src).filter(Boolean),
    mathColour: formulas.length ? getComputedStyle(formulas[0]).color : null,
    page: getComputedStyle(document.body).backgroundColor,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
}
"""

# One token element of each kind (element, text, variant, class) in the article, every
# <details> opened; the fonts that draw each are read below.
MARK_GLYPH_PROBES = r"""
() => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  const seen = new Set();
  for (const e of document.querySelectorAll("article :is(mi, mo, mn, mtext, ms), article .eqno")) {
    // nothing to draw: an empty \right. or an invisible operator (function application)
    if (e.textContent.replace(/[\s\u2061-\u2064]/g, "") === "") continue;
    const key = [e.localName, e.textContent, e.getAttribute("mathvariant"), e.className].join("|");
    if (!seen.has(key)) { seen.add(key); e.setAttribute("data-glyph-probe", ""); }
  }
  return seen.size;
}
"""


def fonts_drawing_math(page):
    """{"fonts": {family: glyphs drawn}, "undrawn": [element], "probes": n}: the fonts that
    Chromium used to draw the math's characters and equation numbers (the DevTools
    protocol's CSS.getPlatformFontsForNode, for one element of each kind), and the elements
    it drew nothing for. Opens every <details>."""
    probes = page.evaluate(MARK_GLYPH_PROBES)
    page.evaluate(FONTS_READY)
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-glyph-probe]"})
        fonts, undrawn = {}, []
        for node in nodes["nodeIds"]:
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            for font in used:
                name = font["familyName"] + ("" if font["isCustomFont"] else " (a system font)")
                fonts[name] = fonts.get(name, 0) + font["glyphCount"]
            if not used:
                undrawn.append(cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:80])
    finally:
        cdp.detach()
    return {"fonts": fonts, "undrawn": undrawn, "probes": probes}


def assert_math_drawn(state, drawn=None):
    """Every formula rendered as MathML in the served font, every one of its characters
    drawn by a font the site serves, every equation number seen; no TeX left."""
    assert state["errors"] == 0 and state["chtml"] == 0 and state["nested"] == 0
    assert state["raw"] == 0, f"{state['raw']} math elements left as TeX"
    assert state["delimiters"] == 0 and state["dollars"] == 0, "TeX delimiters left in the text"
    assert state["unsized"] == 0, f"{state['unsized']} formulas drawn with no size"
    assert state["numbers"] == [], state["numbers"]
    if state["source"]:
        assert state["typeset"] > 0 and state["otherFont"] == 0
        assert state["fontStatus"] == ["loaded"]
    if drawn is not None and state["source"]:
        assert drawn["probes"] > 0 and drawn["undrawn"] == [], drawn["undrawn"]
        assert set(drawn["fonts"]) <= SERVED_MATH_FONTS, drawn["fonts"]
        assert drawn["fonts"].get("STIX Two Math", 0) > 0


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
        assert page.evaluate("() => [window.MathJax, window.katex, window.temml]"
                             ".every(x => x === undefined)")
        assert_math_drawn(state, fonts_drawing_math(page))
        assert page.errors == [] and page.hosts == {urlparse(served_site).netloc}
        # the math was there as soon as the HTML was parsed
        assert early == {"typeset": state["typeset"], "raw": 0}
    finally:
        context.close()


def spoken_text(nodes):
    """For each formula in the accessibility tree (role MathMLMath, not ignored):
    the text a screen reader gets from it (its descendants' static text)."""
    by_id = {node["nodeId"]: node for node in nodes}

    def text(node):
        if node.get("role", {}).get("value") == "StaticText":
            return node.get("name", {}).get("value", "")
        return "".join(text(by_id[child]) for child in node.get("childIds", []) if child in by_id)

    return [text(node) for node in nodes
            if node.get("role", {}).get("value") == "MathMLMath" and not node.get("ignored")]


INVISIBLE = re.compile(r"[\s\u2061-\u2064]")


def plain(text):
    """The text without white space or invisible operators, its mathematical letters as
    plain ones (Chromium exposes a single-letter <mi> as its italic form: x as 𝑥)."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_every_formula_reaches_screen_readers_as_mathml(browser, served_site, md_page):
    """Screen readers get each formula once, from the MathML itself (no hidden copy):
    the accessibility tree holds one math node per formula, with the formula's text."""
    context, page = open_page(browser)
    try:
        load_fully(page, url_of(served_site, md_page))
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        formulas = page.evaluate("() => [...document.querySelectorAll('math')].map(m => m.textContent)")
        cdp = context.new_cdp_session(page)
        spoken = spoken_text(cdp.send("Accessibility.getFullAXTree")["nodes"])
        assert sorted(map(plain, spoken)) == sorted(map(plain, formulas))  # (any order)
        assert all(plain(t) for t in spoken)
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
        assert_math_drawn(state, fonts_drawing_math(page))
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
        page.evaluate(FONTS_READY)  # (DevTools runs this, not the page)
        state = page.evaluate(MATH_STATE)
        assert state["source"] > 0 and state["typeset"] > 0
        assert_math_drawn(state, fonts_drawing_math(page))
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
        assert_math_drawn(state, fonts_drawing_math(page))
        assert state["typeset"] > 0 and state["numbered"] > 0
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
