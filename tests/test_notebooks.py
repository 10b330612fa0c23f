"""The executed notebooks (docs/notebooks/*.py, jupytext percent format, mkdocs-jupyter)."""

import difflib
import importlib.util
import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbconvert.preprocessors import ExecutePreprocessor

from conftest import DOCS, ROOT

NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.py"))
MAX_PAGE_BYTES = 200 * 1024


def page_path(site_dir, notebook):
    return site_dir / "notebooks" / notebook.stem / "index.html"


def test_there_are_notebooks_and_each_is_in_the_nav():
    assert len(NOTEBOOKS) >= 3
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        assert f"notebooks/{notebook.name}" in config, f"{notebook.name} missing from nav"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_page_is_executed_slim_and_self_contained(built_site, notebook):
    html = page_path(built_site, notebook).read_text(encoding="utf-8")
    assert len(html.encode()) <= MAX_PAGE_BYTES, f"{len(html.encode())} bytes"
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article.select(".jp-CodeCell"), "no code cells rendered"
    # Executed: every code cell that prints or plots has its output on the page.
    assert article.select(".jp-OutputArea-output"), "no outputs: was the notebook executed?"
    assert not article.select(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    # Slim: no inlined notebook CSS, no MathJax 2 loader, no CDN-backed script.
    assert not article.find_all(["style", "script"])
    assert "cdnjs" not in html and "mathjax@2" not in html.lower()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_page_links_its_downloads(built_site, notebook):
    soup = BeautifulSoup(page_path(built_site, notebook).read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in soup.select(".notebook-downloads a[download]")}
    assert links == {f"{notebook.stem}.ipynb", f"{notebook.stem}.py"}
    for name in links:
        assert (page_path(built_site, notebook).parent / name).is_file()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_downloaded_ipynb_carries_the_outputs_the_page_shows(built_site, notebook):
    page = page_path(built_site, notebook)
    nb = nbformat.read(page.parent / f"{notebook.stem}.ipynb", as_version=4)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert outputs, "the downloaded notebook has no outputs"
    assert len(outputs) == len(article.select(".jp-OutputArea-output"))
    printed = ["".join(o["text"]).strip() for o in outputs if o["output_type"] == "stream"]
    shown = [pre.get_text().strip() for pre in article.select(".jp-RenderedText pre")]
    assert printed == shown
    figures = [o for o in outputs if o["output_type"] == "display_data"
               and {"image/png", "image/svg+xml"} & set(o["data"])]
    assert len(figures) == len(article.select("img[src]"))


TIMING = "# Timings: the output varies from run to run."


def outputs_by_cell(nb):
    """Each code cell's outputs, as comparable values: streams merged per name (the kernel
    flushes them in pieces), figures and other displays by their data. A cell that starts
    with the timing line counts only by the kinds of its outputs and the number of lines it
    prints (a timing figure's ticks, and so its SVG, vary with the times)."""
    cells = []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        shown, streams = [], {}
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                streams[output["name"]] = streams.get(output["name"], "") + output["text"]
            elif output["output_type"] in ("display_data", "execute_result"):
                shown.append(dict(output["data"]))
            else:
                shown.append({"error": output.get("ename", output["output_type"])})
        shown += [{name: text} for name, text in sorted(streams.items())]
        if cell.source.startswith(TIMING):
            shown = [{kind: len(value.splitlines()) if kind in streams else None
                      for kind, value in item.items()} for item in shown]
        cells.append(shown)
    return cells


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_downloaded_ipynb_runs_again_with_the_same_outputs(built_site, notebook, monkeypatch):
    """Run again, as a reader runs it, the downloaded notebook prints and draws the same,
    figures byte for byte (timing cells aside): no SVG carries its creation date or random
    ids. (Under other OpenBLAS kernels: tests/test_openblas_kernels.py.)"""
    path = page_path(built_site, notebook).parent / f"{notebook.stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    built = outputs_by_cell(nb)
    figures = [output["data"]["image/svg+xml"] for cell in nb.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if "image/svg+xml" in output.get("data", {})]
    assert figures and not [svg for svg in figures if "<dc:date>" in svg]
    # A reader saves it into their clone's docs/notebooks/ and runs it: the notebook must
    # find snippets/ by itself (no help from the PYTHONPATH the build gives its kernels).
    monkeypatch.delenv("PYTHONPATH", raising=False)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(DOCS / "notebooks")}}).execute()
    again = outputs_by_cell(nb)
    assert not [item for cell in again for item in cell if "error" in item]
    assert len(built) == len(again)
    for number, (before, after) in enumerate(zip(built, again), start=1):
        assert before == after, (f"{notebook.name}, code cell {number} changed when run "
                                 f"again:\n{first_differences(before, after)}")


def first_differences(before, after, count=6):
    """The first lines that differ between two cells' outputs, for a readable failure."""
    def lines(outputs):
        for item in outputs:
            for kind, value in sorted(item.items()):
                yield f"[{kind}]"
                yield from (line[:200] for line in str(value).splitlines())
    diff = difflib.unified_diff(list(lines(before)), list(lines(after)), n=0, lineterm="")
    return "\n".join(list(diff)[2:2 + count])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_links_back_to_the_questions_it_serves(notebook):
    links = re.findall(r"\]\(\.\./\.\./(q\d[^)#]*)/\)", notebook.read_text(encoding="utf-8"))
    assert links, f"{notebook.name} links to no question page"
    for link in links:
        assert (DOCS / f"{link}.md").is_file(), f"{notebook.name}: broken link to {link}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_headings_hold_no_math(notebook):
    # Headings also appear in the table of contents, where MathJax does not typeset.
    headings = re.findall(r"^# #+ .*$", notebook.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings and not [h for h in headings if "$" in h]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_link_and_figure_on_a_notebook_page_resolves(built_site, notebook):
    page = page_path(built_site, notebook)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    targets = [a["href"] for a in soup.select("article a[href]")]
    targets += [img["src"] for img in soup.select("article img[src]")]
    assert soup.select("article img[src]"), "no figures on the page"
    for target in targets:
        if re.match(r"^(#|[a-z]+:)", target):
            continue
        resolved = (page.parent / target.split("#")[0]).resolve()
        if target.endswith("/"):
            resolved = resolved / "index.html"
        assert resolved.is_file(), f"{notebook.stem}: {target} does not resolve"


def test_each_notebook_is_linked_from_a_question_page():
    pages = "".join(p.read_text(encoding="utf-8") for p in DOCS.glob("q*.md"))
    for notebook in NOTEBOOKS:
        assert f"notebooks/{notebook.name}" in pages, f"no question page links {notebook.name}"


# A raising cell failing the build, and edits to snippets/ reaching the notebook's output
# through the execution cache: tests/test_build_faults.py.


def notebooks_hook():
    spec = importlib.util.spec_from_file_location("notebooks_hook", ROOT / "docs/_hooks/notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_cells_prints_are_one_output_however_the_kernel_flushes():
    """The kernel sends stdout in pieces when a cell pauses between prints (here an explicit
    flush and a pause): executed through the hook's wrapper, the cell still has one output."""
    notebooks_hook()  # wraps ExecutePreprocessor.preprocess, as in a build
    code = "import sys, time\nprint('a')\nsys.stdout.flush()\ntime.sleep(0.5)\nprint('b')"

    def outputs(preprocess):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        preprocess(ExecutePreprocessor(timeout=60, kernel_name="python3"), nb, {})
        return [output.get("text") for output in nb.cells[0].outputs]

    assert outputs(ExecutePreprocessor.preprocess.__wrapped__) == ["a\n", "b\n"]  # the kernel's pieces
    assert outputs(ExecutePreprocessor.preprocess) == ["a\nb\n"]
