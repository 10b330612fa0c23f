"""Each question page is one program (docs/_hooks/page_scripts.py): its executed blocks run
in order in one session, each function is shown once, blocks that define functions carry
their own imports, and the page's script, downloaded and run alone, prints what the page
shows, block by block."""

import ast
import builtins
import collections
import os
import re
import subprocess
import sys
import symtable

import pytest

from conftest import DOCS, parsed_html

QUESTION_PAGES = sorted(p.stem for p in DOCS.glob("q*.md"))
TIMINGS = "# Timings: the output varies from run to run."
DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.MULTILINE)


def soup_of(site_dir, stem):
    return parsed_html(site_dir / stem / "index.html")


def executed_blocks(soup):
    """(code, kind, shown output) of each executed block, in page order; kind is "text",
    "svg" or "silent" (a block that only defines: its empty output box was removed)."""
    blocks = []
    for div in soup.select("article div.language-python"):
        if div.find_parent("div", class_="result") is not None:
            continue
        code = div.find("code").get_text()
        result = div.find_next_sibling()
        if result is not None and "result" in (result.get("class") or []):
            if result.find("svg") is not None:
                blocks.append((code, "svg", None))
            else:
                blocks.append((code, "text", result.select_one("code").get_text()))
        else:
            blocks.append((code, "silent", None))
    return blocks


def shown_code(soup):
    """Every code block a reader sees on the page, outputs excluded."""
    return [div.find("code").get_text() for div in soup.select("article div.language-python")
            if div.find_parent("div", class_="result") is None]


def lines(text):
    """Non-blank lines, trailing spaces dropped (a code block may trim blank edges)."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def run_script(path, cwd):
    """`python -I` (no project paths, no user site) in an empty folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPL"))}
    return subprocess.run([sys.executable, "-I", str(path)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def outputs_by_block(blocks, printed):
    """Cut the printed lines into what each non-silent block printed, in page order: as many
    lines as the page shows for a text block, up to the end of its figure for an SVG block
    (the rest, if any, is a last item)."""
    cursor, outputs = 0, []
    for code, kind, shown in blocks:
        if kind == "silent":
            continue
        if kind == "svg":
            end = next((i for i in range(cursor, len(printed)) if "</svg>" in printed[i]),
                       len(printed) - 1)
        else:
            end = cursor + len(lines(shown)) - 1
        outputs.append(printed[cursor:end + 1])
        cursor = end + 1
    return outputs + ([printed[cursor:]] if cursor < len(printed) else [])


def mismatch_between(blocks, printed):
    """Walk the printed lines block by block; return a description of the first block whose
    output differs from what the page shows, or None."""
    shown_blocks = [block for block in blocks if block[1] != "silent"]
    outputs = outputs_by_block(blocks, printed)
    for number, ((code, kind, shown), got) in enumerate(zip(shown_blocks, outputs), start=1):
        if kind == "svg":
            if not got or "</svg>" not in got[-1] or not any("<svg" in line for line in got):
                return f"block {number}: no SVG figure printed where the page shows one"
            continue
        expected = lines(shown)
        if code.startswith(TIMINGS):
            if len(got) != len(expected):
                return f"block {number} (timings): {len(got)} lines instead of {len(expected)}"
        elif got != expected:
            return (f"block {number} printed something else than the page shows:\n--- page\n"
                    + "\n".join(expected) + "\n--- script\n" + "\n".join(got))
    if len(outputs) > len(shown_blocks):
        return f"the script printed {len(outputs[-1])} more lines than the page shows"
    return None


@pytest.mark.parametrize("stem", QUESTION_PAGES)
def test_page_links_its_script_from_check_it_numerically(built_site, stem):
    soup = soup_of(built_site, stem)
    links = soup.select(f'article a[download][href$="{stem}.py"]')
    assert len(links) == 1, "one download link to the page's script"
    heading = links[0].find_previous(["h2"])
    assert heading is not None and heading.get("id") == "check-it-numerically"
    assert (built_site / f"{stem}.py").is_file()


@pytest.mark.parametrize("stem", QUESTION_PAGES)
def test_downloaded_script_prints_what_the_page_shows(built_site, stem, tmp_path):
    blocks = executed_blocks(soup_of(built_site, stem))
    assert blocks, "no executed blocks on a question page"
    script = (built_site / f"{stem}.py").read_text(encoding="utf-8")
    for code, _, _ in blocks:
        assert code.rstrip("\n") in script, "a block of the page is missing from the script"
    result = run_script(built_site / f"{stem}.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    problem = mismatch_between(blocks, lines(result.stdout))
    assert problem is None, problem


def test_the_output_comparison_can_fail():
    blocks = [("print(1)", "text", "1\n2"), ("x = 1", "silent", None),
              (f"{TIMINGS}\nprint(t)", "text", "t = 0.1 s")]
    assert mismatch_between(blocks, ["1", "2", "t = 0.3 s"]) is None
    assert "block 1" in mismatch_between(blocks, ["1", "3", "t = 0.3 s"])
    assert "timings" in mismatch_between(blocks, ["1", "2"])
    assert "more lines" in mismatch_between(blocks, ["1", "2", "t", "extra"])
    assert "SVG" in mismatch_between([("f()", "svg", None)], ["no figure"])


def test_printed_lines_are_cut_into_each_blocks_output():
    blocks = [("print(1)", "text", "1\n\n2\n"), ("x = 1", "silent", None),
              ("fig()", "svg", None), ("print(3)", "text", "3")]
    printed = ["1", "2", "<pre>a</pre>", "<svg>", "<path/>", "</svg>", "3"]
    assert outputs_by_block(blocks, printed) == [
        ["1", "2"], ["<pre>a</pre>", "<svg>", "<path/>", "</svg>"], ["3"]]
    assert outputs_by_block(blocks, printed + ["4"])[-1] == ["4"]
    assert outputs_by_block(blocks, printed[:4]) == [["1", "2"], ["<pre>a</pre>", "<svg>"], []]


@pytest.mark.parametrize("stem", QUESTION_PAGES)
def test_each_function_is_shown_once(built_site, stem):
    defined = collections.Counter(name for code in shown_code(soup_of(built_site, stem))
                                  for name in DEF.findall(code))
    repeated = {name: count for name, count in defined.items() if count > 1}
    assert not repeated, f"defined more than once on the page: {repeated}"


def imported_names(code):
    table = symtable.symtable(code, "<block>", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_imported()}


def bound_names(code):
    table = symtable.symtable(code, "<block>", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_imported() or s.is_assigned()
            or s.is_namespace()}


def global_names_used(code):
    """Global names referenced anywhere in the block (functions included)."""
    used, tables = set(), [symtable.symtable(code, "<block>", "exec")]
    while tables:
        table = tables.pop()
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or table.get_type() == "module"):
                used.add(symbol.get_name())
        tables.extend(table.get_children())
    return used


def imports_missing(codes):
    """For each block that defines a function: the imported names of the page (modules,
    imported functions) that it uses without importing them itself."""
    page_imports = set().union(*(imported_names(code) for code in codes))
    missing = {}
    for number, code in enumerate(codes, start=1):
        if not any(isinstance(node, ast.FunctionDef) for node in ast.walk(ast.parse(code))):
            continue
        lacking = (global_names_used(code) & page_imports) - bound_names(code) - set(dir(builtins))
        if lacking:
            missing[number] = sorted(lacking)
    return missing


def test_the_import_analysis_can_fail():
    codes = ["import numpy as np\nfrom math import pi\n",
             "def f(x):\n    return np.sin(x) * pi\n",
             "import numpy as np\n\ndef g(x):\n    return f(np.abs(x))\n"]
    assert imports_missing(codes) == {2: ["np", "pi"]}


@pytest.mark.parametrize("stem", QUESTION_PAGES)
def test_blocks_that_define_functions_import_what_they_use(built_site, stem):
    codes = [code for code, _, _ in executed_blocks(soup_of(built_site, stem))]
    assert imports_missing(codes) == {}
