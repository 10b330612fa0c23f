"""A minimal project for fault injection, made at test time from the real one.

It has the REAL mkdocs.yml with only `nav` replaced (so every setting, plugin and hook of the
real configuration is exercised, and hooks added later are picked up), every non-page
directory of docs/ (hooks, scripts, stylesheets), requirements.txt (part of the execution
cache's key), `node_modules/` linked if the project has one, and tiny content of its own: a
page whose two executed blocks share a session and include snippet sections, a second page
to link to, a notebook that imports a snippet module, and that snippet module.
"""

import json
import re
import shutil
from pathlib import Path

from conftest import ROOT, build_site

NAV = """nav:
  - Home: index.md
  - Notation: notation.md
  - Notebook: notebooks/probe.py
"""

SNIPPET = '''\
"""A tiny snippet module for the fault-injection fixture."""

# --8<-- [start:square]
def square(x):
    return x * x
# --8<-- [end:square]


def greeting():
    return "the notebook says hello"


if __name__ == "__main__":
    # --8<-- [start:demo]
    print("square(7) =", square(7))
    # --8<-- [end:demo]
'''

PAGE = '''\
# Fixture page

Prose before the code: \\(x^2\\) for every \\(x\\). See [the conventions](notation.md#conventions)
and [the notebook](notebooks/probe.py).

## Check it

```python exec="on" session="index" source="block" result="text"
--8<-- "snippets/probe.py:square"

print("defined square")
```

The second block uses the session's `square`:

```python exec="on" session="index" source="block" result="text"
--8<-- "snippets/probe.py:demo"
```

Prose after the code.
'''

NOTATION = """\
# Notation

## Conventions

Bold column vectors. Back to [the page](index.md#check-it).
"""

NOTEBOOK = """\
# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Probe notebook
#
# It imports the fixture's snippet module.

# %%
from probe import greeting

print(greeting())
"""

# What the hook logs after a build (docs/_hooks/execution_cache.py).
COUNTS = re.compile(
    r"execution cache [^:]*: (?P<blocks_executed>\d+) blocks executed \((?P<blocks_replayed>\d+) "
    r"more replayed\), (?P<blocks_cached>\d+) served from cache; (?P<notebooks_executed>\d+) "
    r"notebooks executed, (?P<notebooks_cached>\d+) served from cache")


def config_with_nav(text, nav):
    """The config text with its top-level `nav:` block (up to the next top-level key)
    replaced by `nav`; everything else is kept byte for byte (tags such as !ENV included)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(r"nav:\s*$", line)]
    assert len(starts) == 1, "mkdocs.yml must have exactly one top-level nav"
    end = starts[0] + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    return "".join(lines[: starts[0]]) + nav + "".join(lines[end:])


class FixtureProject:
    def __init__(self, root):
        self.root = root
        self.config = root / "mkdocs.yml"
        self.page = root / "docs" / "index.md"
        self.notebook = root / "docs" / "notebooks" / "probe.py"
        self.snippet = root / "snippets" / "probe.py"
        self.cache = root / ".cache" / "execution"

    def build(self, env=None):
        """A strict build into <root>/site from another directory; returns (returncode,
        log, counts): counts is what the execution cache logged (None if it did not)."""
        site = self.root / "site"
        # The cache is on unless a test says otherwise (`./dev.sh test --fresh` turns it off
        # for the site's own build, not for these tests of the cache).
        env = {"EXEC_CACHE": "on", **(env or {})}
        result = build_site(self.config, site, cwd=self.root.parent, env=env)
        log = result.stdout + result.stderr
        match = COUNTS.search(log)
        report = self.root / ".cache" / "reports" / "page_program.json"
        counts = {k: int(v) for k, v in match.groupdict().items()} if match else None
        if counts is not None:  # (bridge until the notebook stage writes its report)
            counts.update(json.loads(report.read_text(encoding="utf-8")))
        return result.returncode, log, counts

    def html(self, page="index"):
        path = self.root / "site" / ("" if page == "index" else page) / "index.html"
        return path.read_text(encoding="utf-8")

    def notebook_html(self):
        return self.html("notebooks/probe")

    def edit(self, path, old, new):
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path.name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def append(self, path, text):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def make_fixture_project(destination):
    destination.mkdir(parents=True)
    (destination / "mkdocs.yml").write_text(
        config_with_nav((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), NAV), encoding="utf-8")
    shutil.copy(ROOT / "requirements.txt", destination / "requirements.txt")
    docs = destination / "docs"
    for source in (ROOT / "docs").iterdir():
        if source.is_dir() and source.name != "notebooks":
            shutil.copytree(source, docs / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "node_modules").is_dir():
        (destination / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    files = {"docs/index.md": PAGE, "docs/notation.md": NOTATION,
             "docs/notebooks/probe.py": NOTEBOOK, "snippets/probe.py": SNIPPET}
    for name, text in files.items():
        path = destination / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return FixtureProject(destination)
