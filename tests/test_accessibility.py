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
# At 375 px the whole WCAG A and AA set runs again: a narrow screen changes layout (content
# that fits at 1280 px scrolls sideways, stacked tables, moved equation numbers).
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
# At 1280 px nothing a reader reads in a code block scrolls sideways: code a reader copies,
# and executed output (it wraps). The copy button, at the top right of a block, covers no
# text (its rectangle meets no line of the code's text).
SCROLLING_BLOCKS = """
() => [...document.querySelectorAll("article pre > code")]
  .filter(code => code.scrollWidth > code.clientWidth)
  .map(code => (code.closest(".result, .jp-OutputArea") ? "output: " : "code: ") +
    code.textContent.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), ""))
"""
COVERED_BY_COPY_BUTTON = """
() => {
  const covered = [], blocks = [...document.querySelectorAll("article pre")]
    .filter(pre => pre.querySelector(".md-code__nav"));
  for (const pre of blocks) {
    const b = pre.querySelector(".md-code__nav").getBoundingClientRect();
    const walker = document.createTreeWalker(pre.querySelector("code"), NodeFilter.SHOW_TEXT);
    let hit = false;
    for (let node = walker.nextNode(); node && !hit; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\\S+/g)) {  // spaces may hang out
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        hit = [...range.getClientRects()].some(r => r.right > b.left + 1 &&
          r.left < b.right - 1 && r.bottom > b.top + 1 && r.top < b.bottom - 1);
        if (hit) break;
      }
    }
    if (hit) covered.push(pre.querySelector("code").textContent.split("\\n")[0]);
  }
  return {checked: blocks.length, covered};
}
"""
# At 375x812 (a phone): the page does not scroll sideways; each answer-table cell lies on
# the screen and is wide enough to read (no one-word lines); every equation number (every
# <details> is open) is shown, on the screen, inside its formula's box, under the formula
# at the right; the answer box starts on the first screen.
PHONE_PROBLEMS = """
() => {
  const problems = [], width = document.documentElement.clientWidth;
  const sideways = document.documentElement.scrollWidth - width;
  if (sideways > 0) problems.push(`the page scrolls sideways by ${sideways} px`);
  for (const cell of document.querySelectorAll("article .admonition.success :is(td, th)")) {
    const r = cell.getBoundingClientRect();
    if (r.width === 0) continue;  // a hidden header row
    if (r.left < 0 || r.right > width + 1 || r.width < 150)
      problems.push(`answer cell at x ${Math.round(r.left)}..${Math.round(r.right)}: ` +
                    cell.textContent.trim().slice(0, 40));
  }
  for (const label of document.querySelectorAll("article .arithmatex > .eqno")) {
    const r = label.getBoundingClientRect(), box = label.closest(".arithmatex");
    const formula = box.querySelector(":scope > math").getBoundingClientRect();
    if (r.width === 0) {
      problems.push(`equation number ${label.textContent} not shown`);
      continue;
    }
    const b = box.getBoundingClientRect();
    if (r.left < Math.max(b.left, 0) - 1 || r.right > Math.min(b.right, width) + 1)
      problems.push(`equation number ${label.textContent} off its box ` +
                    `(${Math.round(r.left)}..${Math.round(r.right)})`);
    else if (r.top < formula.bottom - 1 || r.right < Math.min(b.right, width) - 40)
      problems.push(`equation number ${label.textContent} not under its formula, at the right`);
  }
  const answer = document.querySelector("article .admonition.success");
  if (answer && answer.getBoundingClientRect().top + scrollY >= innerHeight)
    problems.push(`the answer box starts at ${Math.round(answer.getBoundingClientRect().top + scrollY)} px`);
  return problems;
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
def test_page_reads_on_desktop_and_phone_with_no_wcag_violation(browser, served_site,
                                                               axe_source, md_page):
    """One load per page: axe-core with every <details> open (so collapsed content is
    checked too), in light mode, then in dark mode through the palette toggle a reader uses,
    then on a 375 px screen (regions that scroll sideways must be reachable by keyboard)
    with what a phone reader needs (PHONE_PROBLEMS); then the height
    at 1280 px with every <details> closed. Before all that, at 1280 px: no code or output
    block scrolls sideways, and the copy button covers no text."""
    context, page = open_page(browser, color_scheme="light", viewport={"width": 1280, "height": 900})
    try:
        page.goto(url_of(served_site, md_page), wait_until="load")
        page.add_script_tag(content=axe_source)
        page.evaluate(SET_DETAILS, True)
        found = {}
        assert page.evaluate(SCHEME) == "default"
        wide = page.evaluate(SCROLLING_BLOCKS)
        assert wide == [], "too wide for its box at 1280 px; longest lines:\n" + "\n".join(wide)
        buttons = page.evaluate(COVERED_BY_COPY_BUTTON)
        assert buttons["checked"] or not page.query_selector("article div.highlight pre")
        assert buttons["covered"] == [], ("the copy button covers text in:\n"
                                          + "\n".join(buttons["covered"]))
        found["light"] = page.evaluate(RUN_AXE, WCAG_A_AA)
        page.click(TOGGLE_SCHEME)
        page.evaluate(f"async () => {{ await {SETTLED}; }}")
        assert page.evaluate(SCHEME) == "slate"
        found["dark"] = page.evaluate(RUN_AXE, WCAG_A_AA)
        page.set_viewport_size(NARROW)
        page.evaluate(f"async () => {{ await {SETTLED}; }}")
        found["narrow"] = page.evaluate(RUN_AXE, WCAG_A_AA)
        assert found == {"light": [], "dark": [], "narrow": []}, found
        phone = page.evaluate(PHONE_PROBLEMS)
        assert phone == [], "at 375 px:\n" + "\n".join(phone)
        page.set_viewport_size({"width": 1280, "height": 900})
        height = page.evaluate(SET_DETAILS, False)
        assert height <= MAX_HEIGHT, f"{height} px with every <details> collapsed"
    finally:
        context.close()
