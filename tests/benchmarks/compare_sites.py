"""What a reader sees, compared between two builds of the site: each page's article text,
its figures (as inline SVG or files) and the downloads. Prints the differences, page by page.

    python tests/benchmarks/compare_sites.py SITE_BEFORE SITE_AFTER

Used to check that a change of the build machinery changes nothing users see (apart from
the improvements it names). Nothing is asserted: differences are listed for a person to read.
"""

import difflib
import json
import sys
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup


def article_text(path):
    """The article's text, one line per block, with the SVG figures left out."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    if article is None:
        return []
    for svg in article.find_all("svg"):
        svg.decompose()
    for pre in article.find_all("pre"):  # code and outputs: their own lines, not their tokens
        pre.replace_with("\n" + pre.get_text() + "\n")
    return [line.strip() for line in article.get_text("\n").splitlines() if line.strip()]


def notebook_outputs(path):
    """Each code cell's source and text outputs, for a downloaded .ipynb (in a zip or not)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".ipynb"))
            nb = json.loads(archive.read(name))
    else:
        nb = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            lines += ["# cell", *"".join(cell["source"]).splitlines()]
            for output in cell.get("outputs", []):
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                lines += ("".join(text) if isinstance(text, list) else text).splitlines()
    return lines


def diff(name, before, after, limit=40):
    lines = list(difflib.unified_diff(before, after, "before", "after", n=0, lineterm=""))
    if lines:
        print(f"## {name}: {sum(1 for line in lines[2:] if line[:1] in '+-')} lines differ")
        print("\n".join(lines[2:limit + 2]) + ("\n..." if len(lines) > limit + 2 else ""))


def main(before, after):
    pages = sorted({p.relative_to(before) for p in before.rglob("index.html")}
                   | {p.relative_to(after) for p in after.rglob("index.html")})
    for page in pages:
        if page.parts[0] == "print":
            continue
        old, new = before / page, after / page
        if not (old.is_file() and new.is_file()):
            print(f"## {page}: only {'after' if new.is_file() else 'before'}")
            continue
        diff(str(page), article_text(old), article_text(new))
    for pattern in ("*.py", "notebooks/*/*.ipynb", "notebooks/*/*.zip", "notebooks/*/*.py"):
        names = sorted({p.relative_to(before) for p in before.glob(pattern)}
                       | {p.relative_to(after) for p in after.glob(pattern)})
        for name in names:
            old, new = before / name, after / name
            if not (old.is_file() and new.is_file()):
                print(f"## {name}: only {'after' if new.is_file() else 'before'}")
            elif name.suffix in (".ipynb", ".zip"):
                diff(str(name), notebook_outputs(old), notebook_outputs(new))
            else:
                diff(str(name), old.read_text(encoding="utf-8").splitlines(),
                     new.read_text(encoding="utf-8").splitlines(), limit=12)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
