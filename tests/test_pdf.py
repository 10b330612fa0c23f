"""The site on paper: the print pages and PDF editions (docs/_hooks/print_edition.py,
docs/_hooks/print_pdf.py) and a page printed from the browser (the print CSS in extra.css).

The PDFs are printed once per test run, from the site the other tests build, by the same
command `./dev.sh pdf` runs; their text is extracted once (pypdf). Tests that need Chromium
skip without it, except with CI=true, where they fail (as in tests/test_browser.py)."""

import importlib.util
import io
import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import DOCS, ROOT, chromium_path, load_fully, missing_browser_outcome, open_page

HOOKS = DOCS / "_hooks"


def load_hook(name):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


print_edition = load_hook("print_edition")
WHOLE, STUDY = print_edition.EDITIONS  # the names of the two editions, in that order

QUESTIONS = sorted(DOCS.glob("q*.md"))
ON_PAPER = [DOCS / "notation.md", *QUESTIONS]


def title_of(md_page):
    return md_page.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


# --- the print pages (no browser) ----------------------------------------------------------

def test_code_lines_are_marked_without_changing_the_code():
    code = ('<span class="k">def</span> <span class="nf">f</span>():\n'
            '    <span class="s2">&quot;&quot;&quot;one</span>\n'
            '<span class="s2">      two&quot;&quot;&quot;</span>\n\n'
            '    <span class="k">return</span> 1\n')
    marked = print_edition.mark_lines(code)
    assert print_edition.TAG.sub("", marked) == print_edition.TAG.sub("", code)
    assert re.findall(r'<span class="cl"(?: style="--i:(\d+)")?>', marked) == ["", "4", "6", "", "4"]
    unfinished = code.rstrip("\n")  # a last line without its newline keeps none
    assert print_edition.TAG.sub("", print_edition.mark_lines(unfinished)) == (
        print_edition.TAG.sub("", unfinished))


def test_a_cut_section_must_end_before_the_next_h2():
    article = ('<h2 id="a">A</h2><p>a</p><h2 id="check-it-numerically">C</h2>'
               '<div class="result"><p>c</p></div><h2 id="pitfalls">P</h2><p>p</p>')
    assert print_edition.without_sections(article, ["check-it-numerically"]) == (
        '<h2 id="a">A</h2><p>a</p><h2 id="pitfalls">P</h2><p>p</p>')
    with pytest.raises(ValueError, match="not closed"):
        print_edition.without_sections('<h2 id="x">X</h2><div><h2 id="y">Y</h2></div>', ["x"])


def test_equation_references_become_links_outside_code_and_math():
    article = ('<p>By (2.4) and (9.9), see <code>f(2.4)</code> and <a href="#x">(2.4)</a>.</p>'
               '<math><mo>(</mo><mn>2.4</mn><mo>)</mo></math><span class="eqno" id="mjx-eqn:2.4">'
               '(2.4)</span><h2 id="h">From (2.4)</h2>')
    linked = print_edition.linked_equation_references(article, {"2.4": "q2--mjx-eqn:2.4"})
    assert linked.count('href="#q2--mjx-eqn:2.4"') == 1
    assert "(9.9), see <code>f(2.4)</code>" in linked and "From (2.4)</h2>" in linked


def test_the_placeholder_pdf_is_a_valid_page_that_says_how_to_print():
    reader = PdfReader(io.BytesIO(print_edition.PLACEHOLDER))
    assert len(reader.pages) == 1 and "./dev.sh pdf" in reader.pages[0].extract_text()


def test_the_built_site_links_its_pdfs_and_holds_their_placeholders(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for name in print_edition.EDITIONS:
        assert f'href="{name}.pdf"' in home
        assert (built_site / f"{name}.pdf").read_bytes() == print_edition.PLACEHOLDER


@pytest.mark.parametrize("name", print_edition.EDITIONS)
def test_print_page_holds_the_pages_with_their_links_inside(built_site, name):
    document = (built_site / print_edition.PRINT_DIR / f"{name}.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="print-page[^"]*" id="([^"]+)">', document)
    assert sections == [page.stem for page in ON_PAPER]  # nav order: notation, then Q1 to Q8
    ids = re.findall(r'\sid="([^"]+)"', document)
    assert len(ids) == len(set(ids)), "an id is used twice"
    inside = set(re.findall(r'\shref="#([^"]+)"', document))
    assert inside <= set(ids), f"links to nowhere: {sorted(inside - set(ids))[:5]}"
    assert "<script" not in document and "<details open" in document
    assert not re.search(r"<details(?![^>]*\sopen)", document), "a collapsed box in print"
    assert "<math" in document and 'class="arithmatex">\\(' not in document
    # links between the pages became links inside the document, equation references too
    assert 'href="#notation--' in document and 'class="print-eqref"' in document
    study = name == STUDY
    assert ('<h2 id="q5-interpolation--check-it-numerically"' in document) is not study


# --- the PDFs ------------------------------------------------------------------------------

def require_chromium():
    path = chromium_path()
    if path is None:
        outcome, message = missing_browser_outcome(os.environ)
        (pytest.fail if outcome == "fail" else pytest.skip)(message)
    return path


class Pdf:
    """A printed PDF, read once: its pages' text, without code (monospaced fonts), and its
    outline."""

    FOOTER = re.compile(r"\d+ / \d+|IFT6135 A1 theory, verified")

    def __init__(self, path):
        self.path, self.reader = path, PdfReader(path)
        self.text, self.prose = [], []
        for page in self.reader.pages:
            prose = []

            def visit(text, cm, tm, font, size, prose=prose):
                if font is None or "Mono" not in str(font.get("/BaseFont", "")):
                    prose.append(text)
            self.text.append(page.extract_text(visitor_text=visit))
            self.prose.append("".join(prose))
        self.all_text = squeeze(" ".join(self.text))

    def outline(self, items=None, depth=0):
        """(depth, title, page) of every bookmark, in order."""
        entries = []
        for item in self.reader.outline if items is None else items:
            if isinstance(item, list):
                entries += self.outline(item, depth + 1)
            else:
                entries.append((depth, squeeze(item.title),
                                self.reader.get_destination_page_number(item) + 1))
        return entries


@pytest.fixture(scope="session")
def pdfs(built_site, tmp_path_factory):
    """Both editions printed from the built site by the command `./dev.sh pdf` runs."""
    chromium = require_chromium()
    out = tmp_path_factory.mktemp("pdf")
    result = subprocess.run(
        [sys.executable, "-P", str(HOOKS / "print_pdf.py"), str(built_site), "--out", str(out)],
        cwd=ROOT, env={**os.environ, "CHROMIUM": chromium}, capture_output=True, text=True,
        timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    return {name: Pdf(out / f"{name}.pdf") for name in print_edition.EDITIONS}


@pytest.mark.browser
def test_the_pdf_holds_every_question_and_its_answer_at_a_glance(pdfs):
    text = pdfs[WHOLE].all_text
    titles = [squeeze(title_of(page)) for page in ON_PAPER]
    starts = [text.index(title, text.index(title) + 1) for title in titles]  # after the contents
    assert starts == sorted(starts), "not in nav order"
    for page, start, end in zip(ON_PAPER[1:], starts[1:], [*starts[2:], len(text)]):
        assert "Answer at a glance" in text[start:end], page.name
    # the home page, the calculator and the notebooks are not in it
    assert "How to read a chapter" not in text and "About the source" not in text


@pytest.mark.browser
def test_every_equation_tag_is_in_the_pdf(pdfs):
    tags = [tag for page in ON_PAPER
            for tag in re.findall(r"\\tag\{([^}]*)\}", page.read_text(encoding="utf-8"))]
    assert len(tags) > 50
    assert [tag for tag in tags if f"({tag})" not in pdfs[WHOLE].all_text] == []


@pytest.mark.browser
@pytest.mark.parametrize("name", print_edition.EDITIONS)
def test_the_outline_has_every_question_and_its_parts(pdfs, name):
    outline = pdfs[name].outline()
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == ["Contents", *(squeeze(title_of(page)) for page in ON_PAPER)]
    for page in QUESTIONS:  # each question has its sub-parts below it
        at = next(i for i, (depth, title, _) in enumerate(outline) if title == squeeze(title_of(page)))
        assert len(outline) > at + 3 and outline[at + 1][0] == 1
    pages = [number for _, _, number in outline]
    assert pages == sorted(pages)


@pytest.mark.browser
@pytest.mark.parametrize("name", print_edition.EDITIONS)
def test_the_contents_give_the_page_of_each_question(pdfs, name):
    pdf = pdfs[name]
    contents = squeeze(" ".join(pdf.text[:3]))
    for depth, title, number in pdf.outline():
        if depth == 0 and title != "Contents":
            assert re.search(re.escape(title) + rf"\s*{number}\b", contents), (title, number)


@pytest.mark.browser
def test_no_tex_is_left_in_the_text_outside_code(pdfs):
    # (the study edition's pages are pages of the whole set, differently broken)
    left = [(number, match.group(0)) for number, prose in enumerate(pdfs[WHOLE].prose, start=1)
            for match in re.finditer(r"\\[A-Za-z]+", prose)]
    assert left == [], f"raw TeX (page, command): {left[:10]}"


@pytest.mark.browser
@pytest.mark.parametrize("name", print_edition.EDITIONS)
def test_no_page_is_blank(pdfs, name):
    pdf = pdfs[name]
    blank = [number for number, (page, text) in enumerate(zip(pdf.reader.pages, pdf.text), start=1)
             if not Pdf.FOOTER.sub("", text).strip() and not page.images]
    assert blank == []


@pytest.mark.browser
@pytest.mark.parametrize("name", print_edition.EDITIONS)
def test_links_inside_the_pdf_reach_their_destination(pdfs, name):
    reader = pdfs[name].reader
    destinations = {str(key).lstrip("/") for key in reader.named_destinations}
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                targets.append(str(annotation["/Dest"]).lstrip("/"))
    assert targets and [t for t in targets if t not in destinations] == []
    assert any("--mjx-eqn:" in t for t in targets), "no equation reference links to its equation"
    assert any(t.startswith("notation--") for t in targets), "no link between pages"


@pytest.mark.browser
def test_the_study_edition_leaves_out_the_checks_and_is_shorter(pdfs):
    whole, study = pdfs[WHOLE], pdfs[STUDY]
    assert any(title == "Check it numerically" for _, title, _ in whole.outline())
    assert not any(title == "Check it numerically" for _, title, _ in study.outline())
    assert "Check 5.1" not in study.all_text
    assert len(study.reader.pages) < 0.7 * len(whole.reader.pages)


# --- a page printed from the browser -------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("stem", ["q2-softmax-sigmoid-jacobians", "q5-interpolation"])
def test_a_page_printed_from_the_browser_has_no_blank_or_half_empty_page(browser, served_site, stem):
    context, page = open_page(browser)
    try:
        page.emulate_media(media="print")
        load_fully(page, f"{served_site}{stem}/")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        texts = [p.extract_text() for p in reader.pages]
        assert [n for n, text in enumerate(texts, start=1) if not text.strip()] == []
        # the answer box starts on the first page (a box kept whole used to leave it half empty)
        assert "Answer at a glance" in texts[0]
        # a collapsed box prints open, without its chevron
        assert page.evaluate("""() => [...document.querySelectorAll("article details > summary")]
            .every(s => getComputedStyle(s, "::after").display === "none")""")
    finally:
        context.close()


WRAPPED_INDENTS = """
() => {
  // Make the article narrow, so that long code lines wrap.
  document.querySelector("article").style.width = "380px";
  const rows = [];
  for (const line of document.querySelectorAll("article pre > code .cl")) {
    const indent = parseInt(getComputedStyle(line).getPropertyValue("--i") || "0", 10);
    const range = document.createRange();
    range.selectNodeContents(line);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const tops = [...new Set(rects.map(r => Math.round(r.top)))].sort((a, b) => a - b);
    if (!indent || tops.length < 2) continue;
    // where the line's text starts: its first character after the indentation
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let seen = 0, start = null;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (seen + node.length > indent) {
        const character = document.createRange();
        character.setStart(node, indent - seen);
        character.setEnd(node, indent - seen + 1);
        start = character.getBoundingClientRect().left;
        break;
      }
      seen += node.length;
    }
    const continued = Math.min(...rects.filter(r => Math.round(r.top) > tops[0]).map(r => r.left));
    rows.push({text: line.textContent.slice(0, 60), start, continued});
  }
  return rows;
}
"""


@pytest.mark.browser
def test_a_wrapped_code_line_keeps_its_indentation_in_print(browser, served_site):
    context, page = open_page(browser)
    try:
        page.emulate_media(media="print")
        load_fully(page, f"{served_site}q3-softmax-sigmoid-invariances/")
        rows = page.evaluate(WRAPPED_INDENTS)
        assert len(rows) >= 5, "no indented line wrapped"
        # every continuation starts right of where the line's own text starts
        assert [row for row in rows if not row["continued"] > row["start"] + 1] == []
    finally:
        context.close()
