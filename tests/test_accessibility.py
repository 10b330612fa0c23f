"""Every page, in light and dark mode, as axe-core (WCAG 2 A and AA rules) sees it in
headless Chromium; and every page short enough to read (issue 9: at most 15,000 px at
1280x900 with every <details> collapsed)."""

import pytest

from conftest import DOCS, ROOT, open_page

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(DOCS) for p in [*DOCS.glob("*.md"), *DOCS.glob("notebooks/*.py")])
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MAX_HEIGHT = 15_000

WCAG_A_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa"]}
# What a narrow screen changes: content that fits at 1280 px scrolls sideways at 375 px.
SCROLLING = {"type": "rule", "values": ["scrollable-region-focusable"]}
NARROW = {"width": 375, "height": 812}

RUN_AXE = """
async (runOnly) => {
  const result = await axe.run(document, {runOnly});
  return result.violations.map(v => `${v.id} (${v.nodes.length}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}
"""

# Two frames rendered and every CSS transition (e.g. colours after the palette toggle)
# finished, so that axe reads final colours.
SETTLED = """(async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)
                    .map(a => a.finished.catch(() => null)));
})()"""
SET_DETAILS = f"""
async (open) => {{
  document.querySelectorAll("details").forEach(d => {{ d.open = open; }});
  await document.fonts.ready;
  await {SETTLED};
  return document.documentElement.scrollHeight;
}}
"""
# Code a reader copies should be read without scrolling sideways at 1280 px (outputs, such
# as wide tables, may scroll).
SCROLLING_CODE = """
() => [...document.querySelectorAll("article pre > code")]
  .filter(code => !code.closest(".result, .jp-OutputArea") && code.scrollWidth > code.clientWidth)
  .map(code => code.textContent.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), ""))
"""
TOGGLE_SCHEME = "form[data-md-component=palette] label:not([hidden])"
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


def url_of(base, page):
    stem = page.with_suffix("")
    return base if stem.name == "index" else f"{base}{stem.as_posix()}/"


@pytest.fixture(scope="module")
def axe_source():
    assert AXE.is_file(), f"{AXE} missing: run ./dev.sh setup (npm ci)"
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_no_wcag_violation_in_light_or_dark_mode_and_at_most_15000_px(browser, served_site,
                                                                     axe_source, md_page):
    """One load per page: axe-core with every <details> open (so collapsed content is
    checked too), in light mode, then in dark mode through the palette toggle a reader uses,
    then on a 375 px screen for what width changes (regions that scroll sideways must be
    reachable by keyboard); then the height at 1280 px with every <details> closed. Before
    all that, at 1280 px: no code block a reader copies scrolls sideways."""
    context, page = open_page(browser, color_scheme="light", viewport={"width": 1280, "height": 900})
    try:
        page.goto(url_of(served_site, md_page), wait_until="load")
        page.add_script_tag(content=axe_source)
        page.evaluate(SET_DETAILS, True)
        found = {}
        assert page.evaluate(SCHEME) == "default"
        wide = page.evaluate(SCROLLING_CODE)
        assert wide == [], "code too wide for its box at 1280 px; longest lines:\n" + "\n".join(wide)
        found["light"] = page.evaluate(RUN_AXE, WCAG_A_AA)
        page.click(TOGGLE_SCHEME)
        page.evaluate(f"async () => {{ await {SETTLED}; }}")
        assert page.evaluate(SCHEME) == "slate"
        found["dark"] = page.evaluate(RUN_AXE, WCAG_A_AA)
        page.set_viewport_size(NARROW)
        page.evaluate(f"async () => {{ await {SETTLED}; }}")
        found["narrow"] = page.evaluate(RUN_AXE, SCROLLING)
        assert found == {"light": [], "dark": [], "narrow": []}, found
        page.set_viewport_size({"width": 1280, "height": 900})
        height = page.evaluate(SET_DETAILS, False)
        assert height <= MAX_HEIGHT, f"{height} px with every <details> collapsed"
    finally:
        context.close()
