"""docs/_hooks/code_spans.py: highlighted code keeps its text and colours with fewer spans."""

import importlib.util

import pytest

from conftest import ROOT


def code_spans():
    spec = importlib.util.spec_from_file_location("code_spans", ROOT / "docs/_hooks/code_spans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("code, expected", [
    # a plain name (drawn in the code's own colour) and white space lose their span
    ('<span class="n">np</span><span class="o">.</span><span class="n">pi</span>',
     'np<span class="o">.</span>pi'),
    ('<span class="k">def</span><span class="w"> </span><span class="nf">f</span>',
     '<span class="k">def</span> <span class="nf">f</span>'),
    # runs of one class become one span; other classes and text between are kept
    ('<span class="p">)</span><span class="p">,</span><span class="p">]</span>',
     '<span class="p">),]</span>'),
    ('<span class="p">(</span> <span class="p">)</span><span class="mi">1</span>',
     '<span class="p">(</span> <span class="p">)</span><span class="mi">1</span>'),
    ('<span class="n">a</span><span class="p">[</span><span class="n">i</span><span class="p">]</span>',
     'a<span class="p">[</span>i<span class="p">]</span>'),
    # print's line spans (docs/_hooks/print_edition.py) stay one per line
    ('<span class="cl">x = 1\n</span><span class="cl">y = 2</span>',
     '<span class="cl">x = 1\n</span><span class="cl">y = 2</span>'),
    ('<span class="cl"><span class="n">x</span>\n</span><span class="cl"><span class="n">y</span></span>',
     '<span class="cl">x\n</span><span class="cl">y</span>'),
])
def test_spans_that_change_nothing_seen_are_dropped(code, expected):
    assert code_spans().lighter(code) == expected


def test_only_the_inside_of_code_is_touched():
    hook = code_spans()
    page = ('<p><span class="n">kept</span></p><pre><code class="language-python">'
            '<span class="n">x</span><span class="o">=</span><span class="o">-</span>1</code></pre>')
    assert hook.on_post_page(page) == ('<p><span class="n">kept</span></p><pre><code class="language-python">'
                                       'x<span class="o">=-</span>1</code></pre>')
