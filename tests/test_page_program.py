"""Unit tests of docs/_hooks/page_program.py, the owner of a page's program: which fences
run, the silent-block rule, the figure scraper, tracebacks, the block cache and the script.
(Build-level behaviour: tests/test_build_faults.py and tests/test_page_scripts.py.)"""

import subprocess
import sys

import markdown_exec
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_hooks"))  # TEMP until helpers.load_hook
import page_program as program  # noqa: E402


@pytest.mark.parametrize("markdown, expected", [
    ('```python exec="on" session="p"\nprint(1)\n```', True),
    ('    ````py exec="yes"\n    x\n    ````', True),  # indented (admonition), `py`, "yes"
    ('> ```python exec="1"\n', True),
    ('```python exec="off"\n', False),
    ('```python exec="no"\n```python\n', False),
    ('```bash exec="on"\n', False),
    ('text mentioning exec="on" in prose', False),
])
def test_executes_code_follows_markdown_exec_true_values(markdown, expected):
    assert program.executes_code(markdown) is expected


@pytest.mark.parametrize("code, expected", [
    ("import math\nfrom os import path\n\n\ndef f(x):\n    return x\n", True),
    ('"""A docstring."""\nclass A:\n    pass\n', True),
    ("", True),
    ("x = 1\n", False),
    ("def f():\n    pass\nf()\n", False),
    ("print(", False),  # a syntax error is not a definition
])
def test_only_defines(code, expected):
    assert program.only_defines(code) is expected


def test_fence_headings_name_the_section_of_each_executed_block():
    markdown = ("# Title\n\n## Check it {#check}\n\n```python exec=\"on\"\n```\n\n"
                "### Part 2\n\n```python\nnot run\n```\n\n    ```python exec=\"on\"\n    ```\n\n"
                "## Prose only\n")
    assert program.fence_headings(markdown) == ["Check it", "Part 2"]


def make_program(tmp_path, cache=True):
    return program.Program("page", "page.md", "env", tmp_path / "blocks" if cache else None)


def counts():
    return dict.fromkeys(["blocks_executed", "blocks_replayed", "blocks_cached"], 0)


def test_blocks_share_the_page_namespace_and_print_into_their_own_output(tmp_path, capsys):
    page = make_program(tmp_path, cache=False)
    tally = counts()
    first = page.run("x = 6\nprint('x is', x)", tally)
    second = page.run("from dataclasses import dataclass\n\n\n@dataclass\nclass P:\n    y: int\n\n"
                      "print(P(x * 7))", tally)
    assert (first.text, second.text) == ("x is 6\n", "P(y=42)\n")
    assert capsys.readouterr().out == ""  # nothing leaked to the build's own stdout
    assert tally == {"blocks_executed": 2, "blocks_replayed": 0, "blocks_cached": 0}


def test_a_raising_block_reports_its_own_lines(tmp_path):
    page = make_program(tmp_path)
    page.run("def f(t):\n    return 1 / t\n", counts())
    with pytest.raises(markdown_exec.ExecutionError) as raised:
        page.run("y = 2\nf(0)\n", counts())
    text = str(raised.value)
    assert "<page block 2>\", line 2" in text and "    f(0)" in text
    assert "<page block 1>\", line 2, in f" in text and "return 1 / t" in text
    assert text.rstrip("`\n").endswith("ZeroDivisionError: division by zero")
    assert "page_program.py" not in text  # no frame of the machinery
    assert not list((tmp_path / "blocks").glob("*.json"))[1:], "a failure was stored"


def test_the_cache_keys_each_block_on_the_code_before_it(tmp_path):
    first = make_program(tmp_path)
    tally = counts()
    first.run("a = 1\nprint(a)", tally)
    first.run("print(a + 1)", tally)
    assert tally["blocks_executed"] == 2 and len(list((tmp_path / "blocks").iterdir())) == 2
    # Same code: both from the cache, nothing runs.
    again, tally = make_program(tmp_path), counts()
    assert [again.run(c, tally).text for c in ("a = 1\nprint(a)", "print(a + 1)")] == ["1\n",
                                                                                     "2\n"]
    assert tally == {"blocks_executed": 0, "blocks_replayed": 0, "blocks_cached": 2}
    # Block 1 changed: it runs, and so does block 2 (same code, other prefix).
    edited, tally = make_program(tmp_path), counts()
    assert [edited.run(c, tally).text for c in ("a = 5\nprint(a)", "print(a + 1)")] == ["5\n",
                                                                                      "6\n"]
    assert tally == {"blocks_executed": 2, "blocks_replayed": 0, "blocks_cached": 0}
    # A new third block: the first two are served, then replayed for the state they leave.
    longer, tally = make_program(tmp_path), counts()
    texts = [longer.run(c, tally).text for c in ("a = 1\nprint(a)", "print(a + 1)",
                                                  "print(a * 10)")]
    assert texts == ["1\n", "2\n", "10\n"]
    assert tally == {"blocks_executed": 1, "blocks_replayed": 2, "blocks_cached": 2}


def test_figures_a_block_leaves_open_become_its_output(tmp_path):
    page = make_program(tmp_path, cache=False)
    code = ("import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])\n"
            "fig2, ax2 = plt.subplots()\nprint('two figures')")
    block = page.run(code, counts())
    assert block.text == "two figures\n" and len(block.figures) == 2
    assert all(svg.startswith("<svg") and svg.rstrip().endswith("</svg>") for svg in block.figures)
    assert "<dc:date>" not in block.figures[0]  # no creation date: the same bytes every time
    again = make_program(tmp_path, cache=False).run(code, counts())
    assert again.figures == block.figures
    import matplotlib.pyplot as plt
    assert plt.get_fignums() == []  # closed once captured
    html = program.output_html(block)
    assert html.index("two figures") < html.index("<svg")


def test_the_page_script_runs_alone_and_saves_its_figures(tmp_path):
    blocks = [program.Block("import numpy as np\n"),
              program.Block("import matplotlib.pyplot as plt\n\nplt.plot(np.arange(3))\n"
                            "print('drawn')", "drawn\n", ["<svg/>"]),
              program.Block("print(np.arange(3).sum())", "3\n")]
    script = program.page_script("Q9", "https://example.org/q9/", blocks, "q9",
                                 ["Check it", "Figure"])
    assert script.startswith('"""Q9: the code of the page https://example.org/q9/')
    assert "# %% Block 2 (Figure)\n" in script and "# %% Block 3\n" in script
    (tmp_path / "q9.py").write_text(script, encoding="utf-8")
    result = subprocess.run([sys.executable, "-I", "q9.py"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "drawn\n[figure saved as q9-figure-1.svg]\n3\n"
    assert (tmp_path / "q9-figure-1.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_a_script_without_figures_has_no_figure_code():
    script = program.page_script("Q9", "q9/", [program.Block("print(1)", "1\n")], "q9")
    assert "save_figures" not in script and "import matplotlib" not in script
    assert script.endswith("# %% Block 1\nprint(1)\n")
