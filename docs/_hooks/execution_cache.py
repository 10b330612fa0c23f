"""MkDocs hook: run only the code that changed since the last build, and never show stale output.

Executed output is stored under `.cache/execution/` beside `mkdocs.yml` (git-ignored), keyed on
everything that can change it. `EXEC_CACHE=off` (or `./dev.sh build --fresh`) bypasses it.

- markdown-exec blocks: block i of a page is keyed on the environment (Python version,
  `requirements.txt`, this file's FORMAT), the page's path and the code of blocks 1..i of
  that page (after snippet expansion, with their session names). So editing prose runs
  nothing, editing a snippet section re-runs the pages that include it, from the first
  changed block on. On the first miss in a page, the earlier blocks (served from cache) are
  replayed silently so the session holds their definitions, and every later block of the
  page runs. A block that raises is never stored. A page's sessions start empty at every
  build of the page (markdown-exec alone keeps them across `mkdocs serve` rebuilds), so a
  session never carries over from one page to another.
  We replace only the exec call inside markdown-exec (`exec_python`, looked up by
  `_run_python` at call time), so its own bookkeeping runs unchanged; tests pin this.
- Notebooks: mkdocs-jupyter's own cache (`cache: true`), with its key extended by the
  environment, the text of docs/_hooks/notebooks.py (which shapes the executed notebook)
  and the text of every `snippets/` module the notebook names. A notebook with a raising
  cell fails to convert and is not stored.

A block's output must depend only on its code and the earlier blocks of its page (a block
that reads a file or the clock shows what it showed when it last ran with the same code).
Counts of executed and cached blocks and notebooks are logged at INFO after each build.
"""

import functools
import hashlib
import io
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

import mkdocs_jupyter.convert as jupyter_convert
import mkdocs_jupyter.nbconvert2 as jupyter_nbconvert
import mkdocs_jupyter.plugin as jupyter_plugin

log = logging.getLogger("mkdocs.hooks.execution_cache")

FORMAT = "1"  # change when what is stored, or how it is keyed, changes
MAX_AGE_DAYS = 14  # entries unused this long are deleted after a build
SESSION_OPTION = re.compile(r'^\s*(?:`{3,}|~{3,})[^\n]*\bsession="?([^"\s}]+)', re.MULTILINE)


def cache_enabled(environ=os.environ):
    return environ.get("EXEC_CACHE", "on").strip().lower() not in ("off", "0", "false", "no")


class Build:
    """What one build knows: where the cache is, the environment's key, the counts."""

    def __init__(self, config):
        root = Path(config.config_file_path).parent
        self.enabled = cache_enabled()
        self.directory = root / ".cache" / "execution"
        self.snippets = root / "snippets"
        requirements = root / "requirements.txt"
        self.environment = hashlib.sha256("\0".join([
            FORMAT, sys.version, sys.implementation.name,
            requirements.read_text(encoding="utf-8") if requirements.is_file() else "",
        ]).encode()).hexdigest()
        self.page = None
        self.counts = dict.fromkeys(
            ["blocks executed", "blocks replayed", "blocks cached", "notebooks", "notebooks converted",
             "notebooks executed"], 0)

    def entry(self, key):
        return self.directory / "blocks" / f"{key}.txt"


# The hook that wraps notebook execution (it merges stream outputs, keeps the executed
# notebook): mkdocs-jupyter caches the page it shaped, so its text is part of the key.
NOTEBOOK_HOOK = Path(__file__).with_name("notebooks.py")


def notebook_cache_key(nb_path, config, exec_nb):
    """mkdocs-jupyter's key (the notebook and its options), plus the environment, the
    notebook hook's text and the text of every snippets/ module whose name appears in the
    notebook."""
    key = hashlib.sha256(stock_notebook_key(nb_path, config, exec_nb).encode())
    key.update(BUILD.environment.encode())
    key.update(NOTEBOOK_HOOK.read_bytes())
    text = Path(nb_path).read_text(encoding="utf-8")
    for module in sorted(BUILD.snippets.glob("*.py")):
        if re.search(rf"\b{re.escape(module.stem)}\b", text):
            key.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return key.hexdigest()


def nb2html(*args, **kwargs):
    """mkdocs-jupyter's conversion (which executes the notebook), counted."""
    if BUILD is not None:
        BUILD.counts["notebooks converted"] += 1
        BUILD.counts["notebooks executed"] += bool(kwargs.get("execute"))
    return jupyter_nbconvert.nb2html(*args, **kwargs)


# The originals, from the modules that define them (never from a module we patched).
stock_notebook_key = getattr(jupyter_plugin, "_uncached_compute_cache_key", jupyter_plugin._compute_cache_key)
jupyter_plugin._uncached_compute_cache_key = stock_notebook_key


def on_config(config, **kwargs):
    global BUILD
    BUILD = Build(config)
    jupyter_plugin._compute_cache_key = notebook_cache_key
    jupyter_convert.nb2html = nb2html
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache"] = bool(jupyter.config["cache"]) and BUILD.enabled
        jupyter.config["cache_dir"] = str(BUILD.directory / "notebooks")
    return config


def on_pre_build(config, **kwargs):
    BUILD.counts = dict.fromkeys(BUILD.counts, 0)


def on_page_markdown(markdown, page, config, **kwargs):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.should_include(page.file):
        BUILD.counts["notebooks"] += 1
    return markdown


def on_post_build(config, **kwargs):
    c = BUILD.counts
    log.info("execution cache %s: %d blocks executed (%d more replayed), %d served from cache; "
             "%d notebooks executed, %d served from cache",
             "on" if BUILD.enabled else "off (EXEC_CACHE=off)", c["blocks executed"],
             c["blocks replayed"], c["blocks cached"], c["notebooks executed"],
             c["notebooks"] - c["notebooks converted"])
    blocks = BUILD.directory / "blocks"
    if BUILD.enabled and blocks.is_dir():
        oldest = time.time() - MAX_AGE_DAYS * 86400
        for entry in blocks.iterdir():
            if entry.stat().st_mtime < oldest:
                entry.unlink(missing_ok=True)
