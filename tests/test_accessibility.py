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

HEIGHT_WITH_DETAILS_CLOSED = """
async () => {
  document.querySelectorAll("details").forEach(d => { d.open = false; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.documentElement.scrollHeight;
}
"""


def url_of(base, page):
    stem = page.with_suffix("")
    return base if stem.name == "index" else f"{base}{stem.as_posix()}/"


@pytest.fixture(scope="module")
def axe_source():
    assert AXE.is_file(), f"{AXE} missing: run ./dev.sh setup (npm ci)"
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_no_wcag_a_or_aa_violation(browser, served_site, axe_source, md_page, scheme):
    context, page = open_page(browser, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page.goto(url_of(served_site, md_page), wait_until="networkidle")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(RUN_AXE)
        assert violations == [], "\n".join(violations)
    finally:
        context.close()


@pytest.mark.parametrize("md_page", PAGES, ids=str)
def test_page_is_at_most_15000_px_tall_with_details_collapsed(browser, served_site, md_page):
    context, page = open_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(url_of(served_site, md_page), wait_until="networkidle")
        height = page.evaluate(HEIGHT_WITH_DETAILS_CLOSED)
        assert height <= MAX_HEIGHT, f"{height} px"
    finally:
        context.close()
