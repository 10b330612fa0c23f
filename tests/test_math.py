"""Math is rendered when the site is built (docs/_hooks/math.py), as MathML with a served,
subset math font: a TeX error fails the strict build, naming the page and the formula.
Built on a tiny project (one page, one notebook), not the whole site, so that each fault
costs a few seconds."""

import importlib.util
import re
import shutil

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, build_site

PAGE = r"""# A page

Inline \(a^2 + b^2 = c^2\), \(\boldsymbol{\alpha}\), \(\operatorname{cond} M\) and
\(\tfrac12\), and a numbered display:

\[
\frac{1}{2} \sum_{i=1}^{n} x_i \tag{1.1}
\]
"""

NOTEBOOK = r"""# %% [markdown]
# # A notebook
#
# Inline $\sigma(x)$ and a display $$\mathbf{W}^{(1)} \mathbf{x}$$ in a markdown cell.

# %%
print(6 * 7)
"""


def small_project(destination, page=PAGE, notebook=NOTEBOOK):
    """The project's mkdocs.yml, hooks and assets with a nav of one page and one notebook.
    (Kept in one function so that a shared minimal fixture can replace it.)"""
    (destination / "docs/notebooks").mkdir(parents=True)
    (destination / "snippets").mkdir()
    for name in ("_hooks", "stylesheets", "javascripts"):
        shutil.copytree(ROOT / "docs" / name, destination / "docs" / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    (destination / "docs/page.md").write_text(page, encoding="utf-8")
    (destination / "docs/notebooks/notebook.py").write_text(notebook, encoding="utf-8")
    # The real config text, only its nav replaced.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(?:  .*\n)+", text, re.MULTILINE)
    text = text[: nav.start()] + "nav:\n  - Page: page.md\n  - Notebook: notebooks/notebook.py\n" + text[nav.end():]
    (destination / "mkdocs.yml").write_text(text, encoding="utf-8")
    return destination / "mkdocs.yml"


def build(tmp_path, **contents):
    config = small_project(tmp_path / "project", **contents)
    return build_site(config, tmp_path / "site", cwd=tmp_path), tmp_path / "site"


def test_the_small_project_builds_with_its_math_rendered(tmp_path):
    result, site = build(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "page/index.html").read_text(encoding="utf-8")
    notebook = (site / "notebooks/notebook/index.html").read_text(encoding="utf-8")
    for html, formulas in ((page, 5), (notebook, 2)):
        # MathML that the browser draws: one <math> per formula, no second copy, no script
        assert html.count("<math") == formulas
        assert "<mjx-" not in html and "<merror" not in html
        assert "\\(" not in html and "$$" not in html
        assert re.search(r'<link rel="stylesheet" href="\.\./(\.\./)?stylesheets/math\.css">', html)
        assert re.search(r'<link rel="preload" href="\.\./(\.\./)?assets/math/stix-two-math\.woff2" '
                         r'as="font" type="font/woff2" crossorigin', html)
        assert re.search(r"<script[^>]*(mathjax|temml|katex)", html, re.IGNORECASE) is None
    assert '<math display="block">' in page and "<mi>𝜶</mi>" in page  # \boldsymbol: bold italic
    # the \tag is HTML beside its formula, with MathJax's id: links to it keep working
    assert re.search(r'<div class="arithmatex numbered"><math display="block">.*?</math>'
                     r'<span class="eqno" id="mjx-eqn:1\.1">\(1\.1\)</span></div>', page)
    assert "math: 7 formulas on 2 pages rendered" in result.stderr
    # The served font holds the math's characters (and what the MATH table needs to stretch
    # and size them), nothing else: a subset, as woff2, with its licence.
    font = site / "assets/math/stix-two-math.woff2"
    assert font.read_bytes()[:4] == b"wOF2"
    cmap = TTFont(font).getBestCmap()
    assert set("abcnxM12+=∑𝜶") <= {chr(c) for c in cmap}
    assert not {chr(c) for c in cmap} & set("QZ𝐐")  # in the full font, not in this math
    full = TTFont(ROOT / "node_modules/@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2")
    assert len(cmap) < len(full.getBestCmap()) / 20
    assert "OFL" in (site / "assets/math/LICENSE-stix-two-math.txt").read_text(encoding="utf-8")
    assert (site / "assets/math/LICENSE-temml.txt").is_file()
    assert (site / "assets/math/temml-prime.woff2").read_bytes()[:4] == b"wOF2"


FAULTS = {
    "unclosed brace": ("page", r"\(\frac{1}{\)", r"\frac{1}{"),
    "undefined macro": ("page", r"\(\foo{x}\)", r"\foo"),
    "extra brace": ("page", r"\(a + b}\)", "a + b}"),
    "unbalanced delimiter": ("page", r"\(\left( x + 1\)", r"\left( x + 1"),
    "stray dollar in a notebook cell": ("notebook", "It costs $5 to run.", "$5"),
    # Markdown turns a lone \( into "(": only the page source shows it.
    "lone opening delimiter": ("page", r"\(a + b with no closing delimiter", r"\( is never closed"),
    # TeX that never reaches MathJax, found in the rendered text, named by its source line:
    # a display continuing a list item without a blank line before it,
    "display math continuing a list item": (
        "page", "\n\n- a property:\n  \\[\n  \\mathbf{J}\\,\\mathbf{1} = 0\n  \\]\n",
        r"page.md:14: TeX left unrendered in the page's text: [ | \mathbf{J}\,\mathbf{1} = 0 | ]"),
    # and a line starting with ">" inside an admonition (it becomes a blockquote).
    "blockquote inside an admonition": (
        "page", "\n\n!!! note\n    when \\(\\operatorname{cond} M\n    > 10^{16}\\) it fails\n",
        r"page.md:13: TeX left unrendered in the page's text: when (\operatorname{cond} M"),
    # Every character of the math is drawn in the served font, or the build fails.
    "a character the math font lacks": ("page", r"\(\text{中}\)", "U+4E2D"),
    # An equation number is HTML beside its display formula: one per formula, none inline.
    "two tags in one display": ("page", "\n\\[\na \\tag{2.1} \\\\ b \\tag{2.2}\n\\]\n", r"\tag{2.2}"),
    "a tag inline": ("page", r"\(a \tag{3}\)", r"a \tag{3}"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_a_tex_error_fails_the_strict_build_naming_page_and_formula(tmp_path, fault):
    where, text, named = FAULTS[fault]
    if where == "page":
        result, _ = build(tmp_path, page=PAGE + f"\nA faulty formula: {text}\n")
        page = "page.md"
    else:
        result, _ = build(tmp_path, notebook=NOTEBOOK.replace("in a markdown cell.", text))
        page = "notebooks/notebook.py"
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.stderr
    assert page in warnings[0] and named in warnings[0], warnings[0]


def test_a_missing_node_modules_fails_the_build_saying_what_to_run(tmp_path):
    config = small_project(tmp_path / "project")
    (tmp_path / "project/node_modules").unlink()
    result = build_site(config, tmp_path / "site", cwd=tmp_path)
    assert result.returncode != 0
    assert "node_modules/mathjax-full is missing (run ./dev.sh setup)" in result.stderr
    (tmp_path / "project/node_modules").mkdir()
    (tmp_path / "project/node_modules/mathjax-full").symlink_to(ROOT / "node_modules/mathjax-full")
    result = build_site(config, tmp_path / "site", cwd=tmp_path)
    assert result.returncode != 0
    assert "node_modules/temml is missing (run ./dev.sh setup)" in result.stderr


def math_hook():
    spec = importlib.util.spec_from_file_location("math_hook", ROOT / "docs/_hooks/math.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("markdown, expected", [
    (r"Inline \(a\) and \[b\] on one line.", []),
    ("A formula over\ntwo lines: \\(a +\nb\\).", []),
    (r"A TeX line break is no delimiter: \[a \\[2pt] b\]", []),
    ("Code is not math: `\\(` and\n\n```python\nprint('\\(')\n```\n", []),
    ("Fences nested in an admonition:\n\n!!! note\n    ~~~~\n    \\[\n    ~~~~\n", []),
    ("line 1\nopened \\(a here", [(2, "\\(", "is never closed")]),
    (r"\(a\) then a stray \)", [(1, "\\)", "closes nothing")]),
    ("\\(a\n\\[b\\]", [(1, "\\(", "is not closed before line 2")]),
    (r"\[a\)", [(1, "\\)", "closes nothing"), (1, "\\[", "is never closed")]),
])
def test_unpaired_math_delimiters_are_found_outside_code(markdown, expected):
    assert math_hook().unpaired_delimiters(markdown) == expected


@pytest.mark.parametrize("page_html, expected", [
    ("<body><p>Rendered <math><mi>\\alpha</mi></math> and "
     "<code>\\n</code></p><pre>\\begin{x}</pre><!-- $\\mathdefault{1}$ --></body>", []),
    ("<body><p>[ \\mathbf{J}\\,\\mathbf{1} = 0 ]</p></body>", ["[ \\mathbf{J}\\,\\mathbf{1} = 0 ]"]),
    ("<body><p>a list\n[\nx\n]</p><p>x &lt; y [1]</p></body>", ["[", "]"]),
    ("<head><title>\\x</title></head><body><script>'\\n'</script>plain</body>", []),
])
def test_unrendered_tex_is_found_in_text_only(page_html, expected):
    assert math_hook().unrendered_tex(page_html) == expected


def test_unrendered_tex_is_traced_to_its_source_line():
    markdown = "So \\(\\operatorname{cond} M\\) is small.\n\nText.\nWhere \\(\\operatorname{cond} M\n"
    hook = math_hook()
    assert hook.source_line(markdown, "Where (\\operatorname{cond} M") == 4
    assert hook.source_line(markdown, "so (\\operatorname{cond} M") == 1  # no better line
    assert hook.source_line(markdown, "\\unknown") is None
    assert hook.source_line(markdown, "[") is None and hook.source_line(None, "\\x") is None
