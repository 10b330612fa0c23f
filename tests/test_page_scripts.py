"""Each question page is one program (docs/_hooks/page_program.py): its executed blocks run
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
from bs4 import BeautifulSoup

from conftest import DOCS, parsed_html

QUESTION_PAGES = sorted(p.stem for p in DOCS.glob("q*.md"))
TIMINGS = "# Timings: the output varies from run to run."
MARKUP = re.compile(r"</?[a-zA-Z][\w:-]*[\s/>]")  # an HTML/SVG tag: <svg, </code>, <br/>
DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.MULTILINE)


def soup_of(site_dir, stem):
    return parsed_html(site_dir / stem / "index.html")


def executed_blocks(soup):
    """(code, kind, shown output, figures) of each executed block, in page order; kind is
    "text", "figure" (figures drawn, shown as inline SVG, maybe after text) or "silent" (a
    block that only defines: no output box)."""
    blocks = []
    for div in soup.select("article div.language-python"):
        if div.find_parent("div", class_="result") is not None:
            continue
        code = div.find("code").get_text()
        result = div.find_next_sibling()
        if result is None or "result" not in (result.get("class") or []):
            blocks.append((code, "silent", None, []))
            continue
        text = result.select_one("code")
        shown = text.get_text() if text is not None else ""
        figures = result.find_all("svg", recursive=False)
        blocks.append((code, "figure" if figures else "text", shown, figures))
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


def saved_lines(stem, blocks):
    """For each block, the names of the figures it draws (as the script saves them)."""
    names, done = [], 0
    for _, _, _, figures in blocks:
        names.append([f"{stem}-figure-{done + k}.svg" for k in range(1, len(figures) + 1)])
        done += len(figures)
    return names


def expected_lines(block, names):
    """What the script prints for a block: the page's text, then one line per saved figure."""
    return lines(block[2] or "") + [f"[figure saved as {name}]" for name in names]


def outputs_by_block(blocks, printed, names):
    """Cut the printed lines into what each non-silent block printed, in page order (as many
    lines as the page shows, plus a line per saved figure); the rest, if any, is a last item."""
    cursor, outputs = 0, []
    for block, its_names in zip(blocks, names):
        if block[1] == "silent":
            continue
        end = cursor + len(expected_lines(block, its_names))
        outputs.append(printed[cursor:end])
        cursor = end
    return outputs + ([printed[cursor:]] if cursor < len(printed) else [])


def mismatch_between(blocks, printed, names):
    """Walk the printed lines block by block; return a description of the first block whose
    output differs from what the page shows, or None."""
    shown = [(block, its) for block, its in zip(blocks, names) if block[1] != "silent"]
    outputs = outputs_by_block(blocks, printed, names)
    for number, ((block, its_names), got) in enumerate(zip(shown, outputs), start=1):
        expected = expected_lines(block, its_names)
        if block[0].startswith(TIMINGS):
            if len(got) != len(expected) or got[len(got) - len(its_names):] != expected[
                    len(expected) - len(its_names):]:
                return f"block {number} (timings): {got} instead of {len(expected)} lines"
        elif got != expected:
            return (f"block {number} printed something else than the page shows:\n--- page\n"
                    + "\n".join(expected) + "\n--- script\n" + "\n".join(got))
    if len(outputs) > len(shown):
        return f"the script printed {len(outputs[-1])} more lines than the page shows"
    return None


def svg_text(markup):
    """An SVG figure, parsed as the page's HTML is: comparable with a figure on the page."""
    return str(BeautifulSoup(markup[markup.index("<svg"):], "html.parser").find("svg"))


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
    for code, *_ in blocks:
        assert code.rstrip("\n") in script, "a block of the page is missing from the script"
    assert not MARKUP.search(script), "markup in the script"
    result = run_script(built_site / f"{stem}.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not MARKUP.search(result.stdout), "the script printed markup"
    names = saved_lines(stem, blocks)
    problem = mismatch_between(blocks, lines(result.stdout), names)
    assert problem is None, problem
    # Each figure saved by the script is the one the page shows (timing figures aside).
    for (code, _, _, figures), its_names in zip(blocks, names):
        for figure, name in zip(figures, its_names):
            saved = (tmp_path / name).read_text(encoding="utf-8")
            assert code.startswith(TIMINGS) or svg_text(saved) == str(figure), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(sum(names, []))


def test_the_output_comparison_can_fail():
    blocks = [("print(1)", "text", "1\n2", []), ("x = 1", "silent", None, []),
              (f"{TIMINGS}\nprint(t)", "text", "t = 0.1 s", []),
              ("plot()", "figure", "", ["<svg/>"])]
    names = [[], [], [], ["p-figure-1.svg"]]
    saved = "[figure saved as p-figure-1.svg]"
    assert mismatch_between(blocks, ["1", "2", "t = 0.3 s", saved], names) is None
    assert "block 1" in mismatch_between(blocks, ["1", "3", "t = 0.3 s", saved], names)
    assert "timings" in mismatch_between(blocks[:3], ["1", "2"], names[:3])
    assert "more lines" in mismatch_between(blocks, ["1", "2", "t", saved, "extra"], names)
    assert "block 3" in mismatch_between(blocks, ["1", "2", "t", "no figure"], names)


def test_printed_lines_are_cut_into_each_blocks_output():
    blocks = [("print(1)", "text", "1\n\n2\n", []), ("x = 1", "silent", None, []),
              ("fig()", "figure", "a", ["<svg/>"]), ("print(3)", "text", "3", [])]
    names = saved_lines("p", blocks)
    assert names == [[], [], ["p-figure-1.svg"], []]
    printed = ["1", "2", "a", "[figure saved as p-figure-1.svg]", "3"]
    assert outputs_by_block(blocks, printed, names) == [
        ["1", "2"], ["a", "[figure saved as p-figure-1.svg]"], ["3"]]
    assert outputs_by_block(blocks, printed + ["4"], names)[-1] == ["4"]
    assert outputs_by_block(blocks, printed[:3], names) == [["1", "2"], ["a"], []]


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
    codes = [code for code, *_ in executed_blocks(soup_of(built_site, stem))]
    assert imports_missing(codes) == {}
