"""The executed notebooks (docs/notebooks/*.py, jupytext percent format, mkdocs-jupyter)."""

import re
import uuid

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from conftest import DOCS, ROOT, build_site, copy_project

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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_downloaded_ipynb_runs_with_nbclient(built_site, notebook, monkeypatch):
    path = page_path(built_site, notebook).parent / f"{notebook.stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    # A reader saves it into their clone's docs/notebooks/ and runs it: the notebook must
    # find snippets/ by itself (no help from the PYTHONPATH the build gives its kernels).
    monkeypatch.delenv("PYTHONPATH", raising=False)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(DOCS / "notebooks")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert outputs and not [o for o in outputs if o.get("output_type") == "error"]


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


# ---- fault injection and cache ----------------------------------------------------------

@pytest.mark.slow
def test_raising_cell_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    notebook = project / "docs" / "notebooks" / NOTEBOOKS[0].name
    notebook.write_text(notebook.read_text(encoding="utf-8")
                        + '\n# %%\nraise RuntimeError("injected notebook failure")\n', encoding="utf-8")
    result = build_site(project / "mkdocs.yml", tmp_path / "site", cwd=tmp_path)
    assert result.returncode != 0
    assert "injected notebook failure" in result.stdout + result.stderr


@pytest.mark.slow
def test_editing_a_snippet_changes_the_notebook_output_on_the_next_build(tmp_path):
    """No stale cache: build, edit a snippet module the notebook imports, build again."""
    project = copy_project(tmp_path / "project")
    notebook = NOTEBOOKS[0]
    imported = re.findall(r"^from (\w+) import", notebook.read_text(encoding="utf-8"), re.MULTILINE)
    module = next(project / "snippets" / f"{m}.py" for m in imported
                  if (project / "snippets" / f"{m}.py").exists())
    probe = f"probe-{uuid.uuid4().hex}"
    site = tmp_path / "site"
    for expect_probe in (False, True):
        result = build_site(project / "mkdocs.yml", site, cwd=project)  # cwd: where a cache would go
        assert result.returncode == 0, result.stdout + result.stderr
        assert (probe in page_path(site, notebook).read_text(encoding="utf-8")) is expect_probe
        # Importing the edited module prints the probe in the notebook's import cell; the
        # question pages never import modules, so they are unaffected.
        module.write_text(module.read_text(encoding="utf-8") + f'\nprint("{probe}")\n',
                          encoding="utf-8")
