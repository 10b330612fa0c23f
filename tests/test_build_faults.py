"""Fault injection and the execution cache, on the minimal fixture project
(tests/fixture_project.py: the real mkdocs.yml and hooks, tiny content).

Each broken input must fail the strict build; the cache (docs/_hooks/page_program.py, docs/_hooks/notebook_stage.py)
must never show stale output, never store a failure, and run nothing when only prose changed.
"""

import inspect
import logging
import shutil

import pytest
from bs4 import BeautifulSoup

from fixture_project import FixtureProject, make_fixture_project

pytestmark = pytest.mark.fixture


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The fixture project, built once, cold: (project, returncode, log, counts)."""
    project = make_fixture_project(tmp_path_factory.mktemp("template") / "project")
    return (project, *project.build())


@pytest.fixture
def project(first_build, tmp_path):
    """A copy of the fixture project after its first build: its execution cache is warm, as
    an author's is (so only what a test changes runs; faults are injected on top)."""
    template = first_build[0]
    assert first_build[1] == 0, f"the unmodified fixture does not build:\n{first_build[2]}"
    return FixtureProject(shutil.copytree(template.root, tmp_path / "project", symlinks=True))


def page_results(project):
    """The text of each executed block's output on the fixture page."""
    soup = BeautifulSoup(project.html(), "html.parser")
    return [div.get_text(strip=True) for div in soup.select("article div.result")]


def notebook_outputs(project):
    soup = BeautifulSoup(project.notebook_html(), "html.parser")
    return [div.get_text(strip=True) for div in soup.select("article .jp-OutputArea-output")]


def built(project, env=None):
    """Build; fail the test if the build fails; return what the cache logged."""
    returncode, log, counts = project.build(env)
    assert returncode == 0, log
    assert counts is not None, f"the execution cache logged no counts:\n{log}"
    return counts


def executed(counts):
    return {k: v for k, v in counts.items() if k.endswith("executed") or k.endswith("replayed")}


# ---- the control: the fixture itself builds, cold, and shows what its code prints ------------

def test_unmodified_fixture_builds_and_shows_its_output(first_build):
    project, returncode, log, counts = first_build
    assert returncode == 0, log
    assert counts == {"blocks_executed": 2, "blocks_replayed": 0, "blocks_cached": 0,
                      "notebooks_executed": 1, "notebooks_cached": 0}
    assert page_results(project) == ["defined square", "square(7) = 49"]
    assert notebook_outputs(project) == ["the notebook says hello"]


# ---- each broken input fails the strict build -----------------------------------------------

FAULTS = {
    "missing snippet section": (
        '```python exec="on" session="index" source="block" result="text"\n'
        '--8<-- "snippets/probe.py:no_such_section"\n```',
        "no_such_section",
    ),
    "missing snippet file": (
        '```python exec="on" session="index" source="block" result="text"\n'
        '--8<-- "snippets/no_such_module.py"\n```',
        "no_such_module",
    ),
    "raising executed block": (
        '```python exec="on" session="index" source="block" result="text"\n'
        'raise ValueError("injected failure")\n```',
        "injected failure",
    ),
    "executed block with empty output": (
        '```python exec="on" session="index" source="block" result="text"\nx = 1\n```',
        "produced no output",
    ),
    "executed block outside the page's session": (
        '```python exec="on" source="block" result="text"\nprint("alone")\n```',
        "must run in the page's session",
    ),
    "executed block in another page's session": (
        '```python exec="on" session="notation" source="block" result="text"\nprint(1)\n```',
        "must run in the page's session",
    ),
    "broken internal link": ("[nowhere](no-such-page.md)", "no-such-page.md"),
    "broken anchor": ("[nowhere](notation.md#no-such-anchor)", "no-such-anchor"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_fault_fails_the_build(project, fault):
    text, evidence = FAULTS[fault]
    project.append(project.page, text)
    returncode, log, _ = project.build()
    assert returncode != 0, f"build passed despite: {fault}\n{log}"
    assert evidence in log


def test_a_silent_block_that_only_defines_builds_and_joins_the_page_script(project):
    """A block of imports and definitions may print nothing: no empty box is shown, and the
    page's script (docs/_hooks/page_program.py) holds every block in page order."""
    project.append(project.page, '```python exec="on" session="index" source="block" result="text"\n'
                   'import math\n\n\ndef cube(x):\n    return x ** 3\n```\n\n'
                   '```python exec="on" session="index" source="block" result="text"\n'
                   'print("cube(3) =", cube(3), math.isclose(cube(3), 27))\n```')
    returncode, log, _ = project.build()
    assert returncode == 0, log
    assert page_results(project) == ["defined square", "square(7) = 49", "cube(3) = 27 True"]
    script = (project.root / "site" / "index.py").read_text(encoding="utf-8")
    blocks = ['print("defined square")', 'print("square(7) =", square(7))', "def cube(x):",
              'print("cube(3) =", cube(3)']
    positions = [script.index(block) for block in blocks]
    assert positions == sorted(positions)


def test_raising_notebook_cell_fails_the_build_every_time(project):
    project.append(project.notebook, '# %%\nraise RuntimeError("injected notebook failure")')
    for attempt in (1, 2):  # the second build must not be served a cached success
        returncode, log, _ = project.build()
        assert returncode != 0, f"build {attempt} passed despite a raising cell\n{log}"
        assert "injected notebook failure" in log


# ---- the execution cache --------------------------------------------------------------------

def test_a_block_that_still_raises_fails_the_cached_build_again(project):
    project.append(project.page, '```python exec="on" session="index" source="block" result="text"\n'
                                 'raise ValueError("injected failure")\n```')
    for attempt in (1, 2):
        returncode, log, counts = project.build()
        assert returncode != 0, f"build {attempt} passed despite a raising block\n{log}"
        assert "injected failure" in log
    # The two good blocks were stored and served; the raising one ran again, after the two
    # before it were replayed to rebuild the session.
    assert counts == {"blocks_executed": 1, "blocks_replayed": 2, "blocks_cached": 2,
                      "notebooks_executed": 0, "notebooks_cached": 1}


def test_editing_only_prose_executes_nothing(project):
    project.edit(project.page, "Prose after the code.", "Prose after the code, edited.")
    counts = built(project)
    assert executed(counts) == {"blocks_executed": 0, "blocks_replayed": 0, "notebooks_executed": 0}
    assert counts["blocks_cached"] == 2 and counts["notebooks_cached"] == 1
    assert "Prose after the code, edited." in project.html()  # the page was rebuilt
    assert page_results(project) == ["defined square", "square(7) = 49"]


def test_editing_a_snippet_section_changes_the_cached_page_output(project):
    # Block 1 includes `square`; block 2's own code is unchanged but uses it from the session.
    project.edit(project.snippet, "return x * x", "return x * x + 1")
    counts = built(project)
    assert page_results(project) == ["defined square", "square(7) = 50"]
    assert counts["blocks_executed"] == 2 and counts["blocks_cached"] == 0
    # Only block 2 changes: block 1 is served from cache and replayed for its definition.
    project.edit(project.snippet, 'print("square(7) =", square(7))', 'print("square(8) =", square(8))')
    counts = built(project)
    assert page_results(project) == ["defined square", "square(8) = 65"]
    assert executed(counts) == {"blocks_executed": 1, "blocks_replayed": 1, "notebooks_executed": 1}
    assert counts["blocks_cached"] == 1


def test_removing_a_block_reruns_the_blocks_after_it(project):
    # A block between the two that redefines `square`: the last block's output depends on it.
    project.edit(project.page, "The second block uses", REDEFINE + "\nThe second block uses")
    built(project)
    assert page_results(project) == ["defined square", "redefined square", "square(7) = 14"]
    # Remove it: the last block's code is unchanged, but what ran before it is not.
    project.edit(project.page, REDEFINE, "")
    counts = built(project)
    assert page_results(project) == ["defined square", "square(7) = 49"]
    # The page is again what it was at the first build: both blocks come from that build's
    # entries (the last block's entry of the build before, under another key, is not used).
    assert executed(counts) == {"blocks_executed": 0, "blocks_replayed": 0, "notebooks_executed": 0}
    assert counts["blocks_cached"] == 2


REDEFINE = ('```python exec="on" session="index" source="block" result="text"\n'
            'def square(x):\n    return x + x\n\nprint("redefined square")\n```\n')


def test_editing_a_snippet_changes_the_cached_notebook_output(project):
    project.edit(project.snippet, "the notebook says hello", "the notebook says goodbye")
    counts = built(project)
    assert counts["notebooks_executed"] == 1
    assert notebook_outputs(project) == ["the notebook says goodbye"]
    # The page's blocks do not include the edited function: they are served from cache.
    assert counts["blocks_executed"] == 0 and counts["blocks_cached"] == 2
    # A snippet module the notebook does not import re-executes nothing.
    (project.snippet.parent / "unrelated.py").write_text("VALUE = 1\n", encoding="utf-8")
    counts = built(project)
    assert executed(counts) == {"blocks_executed": 0, "blocks_replayed": 0, "notebooks_executed": 0}
    assert notebook_outputs(project) == ["the notebook says goodbye"]


def test_editing_the_notebook_hook_reexecutes_the_notebook_only(project):
    """docs/_hooks/notebooks.py shapes the executed notebook that mkdocs-jupyter caches."""
    project.append(project.root / "docs" / "_hooks" / "notebooks.py", "# an edit")
    counts = built(project)
    assert executed(counts) == {"blocks_executed": 0, "blocks_replayed": 0, "notebooks_executed": 1}
    assert notebook_outputs(project) == ["the notebook says hello"]


def test_exec_cache_off_executes_everything_and_touches_no_entry(project):
    # The execution cache and the stored notebook downloads: a build that wrote or pruned
    # the downloads would leave the next cached build, served from mkdocs-jupyter's cache,
    # with a page whose stored notebook is gone (when the notebook's output varies).
    caches = project.root / ".cache"
    entries = sorted(p for p in caches.rglob("*") if "reports" not in p.parts)  # (new each build)
    # execution/{blocks/, 2 blocks, notebooks/, 1 notebook}, notebook-downloads/{1 notebook}
    assert len(entries) >= 7, entries
    stamps = [(path, path.stat().st_mtime_ns) for path in entries]
    counts = built(project, env={"EXEC_CACHE": "off"})
    assert executed(counts) == {"blocks_executed": 2, "blocks_replayed": 0, "notebooks_executed": 1}
    assert counts["blocks_cached"] == 0 and counts["notebooks_cached"] == 0
    assert [(path, path.stat().st_mtime_ns) for path in entries] == stamps
    assert sorted(p for p in caches.rglob("*") if "reports" not in p.parts) == entries


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_page_session_starts_empty_at_each_build(project, caplog, monkeypatch, cache):
    """As under `mkdocs serve`: two builds in one process. Once the page no longer defines
    `square`, the block that calls it must fail, not use the previous build's definition."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("PYTHONPATH", "")  # the notebook hook prepends to it
    monkeypatch.setenv("EXEC_CACHE", cache)
    monkeypatch.chdir(project.root)
    # A change to the first block, so that the first build runs it (and defines `square`)
    # even with a warm cache.
    project.edit(project.page, 'print("defined square")', 'print("square is defined")')

    def build_in_process():
        build(load_config(str(project.config), site_dir=str(project.root / "site")))

    build_in_process()
    assert page_results(project) == ["square is defined", "square(7) = 49"]
    project.edit(project.page, '--8<-- "snippets/probe.py:square"\n', "")
    caplog.set_level(logging.WARNING)
    with pytest.raises(Abort):
        build_in_process()
    assert "NameError: name 'square' is not defined" in caplog.text


def test_mkdocs_jupyter_calls_its_cache_key_and_converter_by_module_attribute():
    import mkdocs_jupyter.plugin as plugin

    source = inspect.getsource(plugin.Plugin.on_pre_page)
    assert "_compute_cache_key(" in source and "convert.nb2html(" in source
    assert list(inspect.signature(plugin._compute_cache_key).parameters) == ["nb_path", "config", "exec_nb"]
