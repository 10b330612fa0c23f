"""MkDocs hook for the notebook pages rendered by mkdocs-jupyter.

- The executed notebooks import the site's own `snippets/`: the kernel inherits a
  PYTHONPATH that starts with it, so the build works from any working directory.
- Stock mkdocs-jupyter pages inline about 570 KB of JupyterLab CSS and a MathJax 2 loader
  (with an empty `src`, which throws after instant navigation) and a CDN-backed mermaid
  loader. We drop all inlined <style>/<script> from the notebook body, turn code cells into
  Material code blocks (so Material's light/dark syntax colours and copy button apply), and
  style the rest with the small docs/stylesheets/notebooks.css.
- Figures (inlined by nbconvert as base64 data URIs) are written next to the page as
  files and referenced from it, so the HTML stays small and figures load lazily.
- Each notebook is offered for download as .ipynb WITH the outputs the page shows (the
  notebook as mkdocs-jupyter executed it) and as its jupytext .py source. The executed
  notebook is caught when nbconvert executes it; when mkdocs-jupyter serves the page from
  its cache instead, the copy stored here under the hash of the rendered page is used.
  The store lives and dies with mkdocs-jupyter's cache: a build that bypasses that cache
  (EXEC_CACHE=off) neither writes nor prunes it, or the next cached build would serve a
  page whose stored notebook it had just deleted.
"""

import base64
import copy
import functools
import hashlib
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote

import jupytext
import mkdocs_jupyter.convert
import mkdocs_jupyter.nbconvert2 as nbconvert2
import nbformat
from bs4 import BeautifulSoup
from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

log = logging.getLogger("mkdocs.hooks.notebooks")

NOTEBOOKS = "notebooks/"
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)


_executing = {}  # the notebook being converted: {"path": abs_src_path}
_executed = {}  # abs_src_path -> the notebook as executed during this build
_kept = set()  # the stored notebooks this build used (the others are stale)


def _catch_executed(preprocess):
    @functools.wraps(preprocess)
    def preprocess_and_keep(self, nb, resources=None, km=None):
        nb, resources = preprocess(self, nb, resources, km)
        # The kernel flushes stdout on a timer, so on a busy machine one cell's prints can
        # arrive as several stream outputs, drawn as several boxes: merge them (as Jupyter
        # shows them), for the page and the download alike.
        nb, resources = CoalesceStreamsPreprocessor().preprocess(nb, resources)
        if "path" in _executing:
            _executed[_executing["path"]] = copy.deepcopy(nb)
        return nb, resources
    return preprocess_and_keep


def _note_path(nb2html):
    @functools.wraps(nb2html)
    def nb2html_noting_path(nb_path, *args, **kwargs):
        _executing["path"] = nb_path
        try:
            return nb2html(nb_path, *args, **kwargs)
        finally:
            _executing.pop("path", None)
    return nb2html_noting_path


def _install():
    """Wrap the originals (unwrapping what an earlier load of this hook wrapped: `mkdocs
    serve` loads hooks again at each rebuild). mkdocs-jupyter calls `convert.nb2html`, which
    is nbconvert2's function unless another hook wraps it, calling nbconvert2's in turn."""
    original = getattr(nbconvert2.nb2html, "__wrapped__", nbconvert2.nb2html)
    replaced = nbconvert2.nb2html
    nbconvert2.nb2html = _note_path(original)
    if mkdocs_jupyter.convert.nb2html in (original, replaced):
        mkdocs_jupyter.convert.nb2html = nbconvert2.nb2html
    preprocess = ExecutePreprocessor.preprocess
    ExecutePreprocessor.preprocess = _catch_executed(getattr(preprocess, "__wrapped__", preprocess))


_install()


def executed_notebook(page, store):
    """The executed notebook of `page`, from this build or from the store (keyed by the
    rendered page, so a page that mkdocs-jupyter served from its cache finds its own).
    `store` is None when mkdocs-jupyter's cache is off: then only this build counts."""
    nb = _executed.pop(page.file.abs_src_path, None)
    if store is None:
        return nb
    key = hashlib.sha256(page.content.encode()).hexdigest()
    stored = store / f"{key}.ipynb"
    _kept.add(stored)
    if nb is not None:
        store.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, stored)
    elif stored.is_file():
        nb = nbformat.read(stored, as_version=4)
    return nb


def jupyter_option(config, name):
    jupyter = config.plugins.get("mkdocs-jupyter")
    return bool(jupyter and jupyter.config[name])


def download_store(config):
    """Where executed notebooks are kept for cached builds; None without the cache."""
    if not jupyter_option(config, "cache"):
        return None
    return Path(config.config_file_path).parent / ".cache" / "notebook-downloads"


def on_pre_build(config, **kwargs):
    _kept.clear()


def on_post_build(config, **kwargs):
    """Drop stored notebooks that no page of this build used (earlier versions)."""
    store = download_store(config)
    for stored in store.glob("*.ipynb") if store else ():
        if stored not in _kept:
            stored.unlink()


def on_config(config, **kwargs):
    # Only subprocesses (the notebook kernels) see this; markdown-exec blocks run in this
    # process and never import snippets/.
    snippets = str(Path(config.config_file_path).parent / "snippets")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [snippets, os.environ.get("PYTHONPATH")]))
    return config


def is_notebook(page):
    return page.file.src_uri.startswith(NOTEBOOKS) and page.file.src_uri.endswith(".py")


DATA_URI = re.compile(r"data:image/(png|jpeg|svg\+xml)(;base64)?,(.*)", re.DOTALL)


def extract_figures(soup, page_dir, stem):
    """Write each data-URI image to a file beside the page; point the <img> at it."""
    for number, image in enumerate(soup.select("img[src^='data:image/']"), start=1):
        kind, is_base64, payload = DATA_URI.match(image["src"]).groups()
        data = base64.b64decode(payload) if is_base64 else unquote(payload).encode()
        name = f"{stem}-figure-{number}.{'svg' if kind == 'svg+xml' else kind}"
        (page_dir / name).write_bytes(data)
        image["src"] = name
        image["loading"] = "lazy"
        image["alt"] = f"Figure {number} of the notebook (output of the cell above)"


def slim_notebook_html(article_html, stem, page_dir):
    soup = BeautifulSoup(article_html, "html.parser")
    extract_figures(soup, page_dir, stem)
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    for tag in soup.select(".zeroclipboard-container, .clipboard-copy-txt, .jp-Collapser, .anchor-link"):
        tag.decompose()
    for output in soup.select(".jp-RenderedText pre"):
        output["tabindex"] = "0"  # a wide output scrolls: keyboard users must reach it
    for cell in soup.select("div.highlight-ipynb"):
        pre = cell.find("pre")
        code = soup.new_tag("code")
        for child in list(pre.children):
            code.append(child.extract())
        pre.append(code)
        cell["class"] = ["language-python", "highlight", "notebook-cell"]
    downloads = BeautifulSoup(
        f'<p class="notebook-downloads">Download this notebook: '
        f'<a href="{stem}.ipynb" download>{stem}.ipynb</a> · '
        f'<a href="{stem}.py" download>{stem}.py</a> (jupytext). '
        f"Run it from a clone of the project: it imports <code>snippets/</code>.</p>",
        "html.parser",
    )
    title = soup.select_one(".jupyter-wrapper h1")
    if title is not None:
        title.insert_after(downloads)
    else:
        soup.select_one(".jupyter-wrapper").insert_before(downloads)
    return str(soup)


def on_post_page(output, page, config, **kwargs):
    if not is_notebook(page):
        return output
    stem = Path(page.file.src_uri).stem
    page_dir = Path(page.file.abs_dest_path).parent
    page_dir.mkdir(parents=True, exist_ok=True)
    match = ARTICLE.search(output)
    body = slim_notebook_html(match.group(2), stem, page_dir)
    # The downloadable .ipynb: the notebook as executed for this page, outputs included.
    nb = executed_notebook(page, download_store(config))
    if nb is None and not jupyter_option(config, "execute"):
        nb = jupytext.read(page.file.abs_src_path)  # a build configured not to execute
    if nb is None:
        log.warning("%s: no executed notebook to offer for download (if the page came from "
                    "the cache, delete .cache/ and build again)", page.file.src_path)
    else:
        nbformat.write(nb, page_dir / f"{stem}.ipynb")
    return output[: match.start(2)] + body + output[match.end(2) :]
