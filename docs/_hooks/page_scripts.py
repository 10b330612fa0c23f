"""MkDocs hook: each page with executed code is also offered as one downloadable script.

The executed blocks of a page run in order in one markdown-exec session (`session="<stem>"`),
like a sphinx-gallery example, so the page's code is one program. This hook writes that
program as `<stem>.py` beside the site root (pages link to it as `<stem>.py`): a short header,
then the code of every executed block, in page order, exactly as shown. Run in a fresh
interpreter it prints what the page shows (tests/test_page_scripts.py checks it).

It also removes the empty output box under a silent block (one that only imports and
defines; docs/_hooks/checks.py makes sure no other block is silent).
"""

from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.structure.files import File

EXECUTED = 'exec="on"'
_scripts = {}  # page src_uri -> the generated File of its script


def script_name(src_uri):
    return f"{Path(src_uri).stem}.py"


def on_files(files, config, **kwargs):
    """Register each script as a file of the site, so that links to it are valid; its
    content is set when its page is converted (before MkDocs copies static files)."""
    _scripts.clear()
    for page_file in list(files.documentation_pages()):
        if page_file.src_uri.endswith(".md") and EXECUTED in page_file.content_string:
            name = script_name(page_file.src_uri)
            script = File.generated(config, name, content="# written when the page is built\n")
            files.append(script)
            _scripts[page_file.src_uri] = script
    return files


def executed_blocks(soup):
    """(code block, result div) of every executed block, in page order."""
    pairs = []
    for result in soup.select("div.result"):
        if result.find_parent("div", class_="result") is not None:
            continue
        source = result.find_previous_sibling()
        if source is not None and "language-python" in (source.get("class") or []):
            pairs.append((source, result))
    return pairs


def nearest_heading(element):
    heading = element.find_previous(["h2", "h3", "h4"])
    if heading is None:
        return ""
    return heading.get_text(" ", strip=True).rstrip("¶").strip()


def header(page, config):
    url = (config.site_url or "") + page.url
    return (
        f'"""{page.title}: the code of the page {url}\n\n'
        "Written when the site was built, from the page's executed blocks in page order; run\n"
        "with Python 3.11+, numpy and matplotlib, it prints everything the page shows (blocks\n"
        'that draw a figure print it as SVG markup). Cells are marked "# %%".\n'
        '"""\n'
    )


def on_page_content(html, page, config, **kwargs):
    script = _scripts.get(page.file.src_uri)
    if script is None:
        return html
    soup = BeautifulSoup(html, "html.parser")
    cells, removed = [], False
    for number, (source, result) in enumerate(executed_blocks(soup), start=1):
        code = source.find("code").get_text().rstrip("\n")
        cells.append(f"# %% Block {number} ({nearest_heading(source)})\n{code}\n")
        if not result.get_text(strip=True) and result.find(["svg", "img"]) is None:
            result.decompose()  # a silent block: no empty box under it
            removed = True
    # Pages are converted before static files are copied: the script is written with them.
    script.content_string = header(page, config) + "\n" + "\n\n".join(cells)
    return str(soup) if removed else html
