"""Every page, in light and dark mode, as axe-core (WCAG 2 A and AA rules) sees it in
headless Chromium; and every page short enough to read (issue 9: at most 15,000 px at
1280x900 with every <details> collapsed)."""

import pytest

from conftest import DOCS, ROOT, open_page

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(DOCS) for p in [*DOCS.glob("*.md"), *DOCS.glob("notebooks/*.py")])
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MAX_HEIGHT = 15_000

RUN_AXE = """
async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
  return result.violations.map(v => `${v.id} (${v.nodes.length}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}
"""

SET_DETAILS = """
async (open) => {
  document.querySelectorAll("details").forEach(d => { d.open = open; });
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.documentElement.scrollHeight;
}
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
    checked too), in light mode, then in dark mode through the palette toggle a reader uses;
    then the height with every <details> closed."""
    context, page = open_page(browser, color_scheme="light", viewport={"width": 1280, "height": 900})
    try:
        page.goto(url_of(served_site, md_page), wait_until="load")
        page.add_script_tag(content=axe_source)
        page.evaluate(SET_DETAILS, True)
        found = {}
        assert page.evaluate(SCHEME) == "default"
        found["light"] = page.evaluate(RUN_AXE)
        page.click(TOGGLE_SCHEME)
        assert page.evaluate(SCHEME) == "slate"
        found["dark"] = page.evaluate(RUN_AXE)
        assert found == {"light": [], "dark": []}, found
        height = page.evaluate(SET_DETAILS, False)
        assert height <= MAX_HEIGHT, f"{height} px with every <details> collapsed"
    finally:
        context.close()
