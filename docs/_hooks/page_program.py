"""MkDocs hook: each page's executed Python blocks are one program, run and cached here.

markdown-exec finds the ```python exec="on"``` fences and renders them; through its public
extension point (`markdown_exec.formatters`, `markdown_exec.base_format`) this hook runs their
code. The blocks of a page run in order in the page's own module namespace (a module in
`sys.modules`, as dataclasses need), printing into a buffer of their own; a figure a block
leaves open is drawn into its output as SVG (a matplotlib scraper, as in sphinx-gallery).
Rules (a warning, so the strict build fails): a block says `session="<page stem>"`; a block
that prints nothing and draws nothing may only import and define.

Block i of a page is cached under .cache/execution/blocks/, keyed on the environment, the
page's path and the code of blocks 1..i: editing prose runs nothing; from the first changed
block on, the page runs again, after the earlier (cached) blocks were replayed silently for
the state they leave. A raising block is never stored. `EXEC_CACHE=off` bypasses the cache.
Counts go to .cache/reports/page_program.json. The code that ran is also offered as one
script, `<stem>.py` at the site's root; it saves the figures as SVG files.
"""

import ast
import contextlib
import hashlib
import html
import io
import json
import logging
import os
import re
import sys
import time
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path

import build_cache
import markdown_exec
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.page_program")

FORMAT = "2"  # change when what is stored, or how it is keyed, changes
MAX_AGE_DAYS = 14  # cache entries unused this long are deleted after a build
EXEC_OPTION = re.compile(r'^[ \t>]*(?:`{3,}|~{3,})[ \t]*(?:python|py)\b[^\n]*?\bexec="([^"]*)"',
                         re.MULTILINE)
NOT_EXECUTED = {"", "no", "off", "false", "0"}  # markdown-exec's false values of `exec`
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def executes_code(markdown):
    """Whether the Markdown has a Python fence that markdown-exec executes."""
    return any(value.lower() not in NOT_EXECUTED for value in EXEC_OPTION.findall(markdown))


def only_defines(code):
    """True if the code's top-level statements only import and define (or are docstrings)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return all(isinstance(node, DEFINITIONS)
               or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
               for node in body)


@dataclass
class Block:
    code: str
    text: str = ""  # what it printed
    figures: list = field(default_factory=list)  # the SVG of each figure it left open


def figure_name(stem, number):
    return f"{stem}-figure-{number}.svg"


def take_figures(stem, done):
    """The SVG (from `<svg`) of each open matplotlib figure, which is then closed; figure k is
    named (and its SVG ids salted) figure_name(stem, done + k): the same bytes anywhere."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    svgs = []
    for number in pyplot.get_fignums() if pyplot else []:
        buffer, name = io.StringIO(), figure_name(stem, done + len(svgs) + 1)
        with pyplot.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
            pyplot.figure(number).savefig(buffer, format="svg", bbox_inches="tight",
                                          metadata={"Date": None})
        pyplot.close(number)
        svgs.append(buffer.getvalue()[buffer.getvalue().index("<svg"):])
    return svgs


def block_traceback(error, sources):
    """The traceback of `error` from the first frame of a block on, each block line filled
    in from `sources` (block filename -> its code)."""
    frames = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename in sources), 0)
    filled = [traceback.FrameSummary(
        frame.filename, frame.lineno, frame.name, lookup_line=frame.filename not in sources,
        line=(sources[frame.filename].splitlines() or [""])[frame.lineno - 1]
        if frame.filename in sources else None) for frame in frames[first:]]
    return ("Traceback (most recent call last):\n"
            + "".join(traceback.StackSummary.from_list(filled).format())
            + "".join(traceback.format_exception_only(error)))


class Program:
    """The page being rendered: its namespace, its blocks so far, their cache key."""

    def __init__(self, stem, src_uri, environment, cache):
        self.stem, self.cache = stem, cache  # cache: the blocks folder, or None (off)
        self.module = types.ModuleType(re.sub(r"\W", "_", f"page_{stem}"))
        sys.modules[self.module.__name__] = self.module
        self.key = hashlib.sha256(f"{FORMAT}\0{environment}\0{src_uri}".encode())
        self.blocks, self.sources = [], {}
        self.live = cache is None  # True once a block missed: the rest of the page runs

    def execute(self, block, number, show):
        """Run the block in the page's namespace; keep its output and figures if `show`."""
        filename = f"<{self.stem} block {number}>"
        self.sources[filename] = block.code
        if "matplotlib" in block.code and "matplotlib.pyplot" not in sys.modules:
            import matplotlib
            matplotlib.use("agg")  # draw into files, never a window
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                exec(compile(block.code, filename, "exec"), self.module.__dict__)
        except Exception as error:
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
            trace = block_traceback(error, self.sources)
            raise markdown_exec.ExecutionError(markdown_exec.code_block("python", trace)) from error
        figures = take_figures(self.stem, sum(len(b.figures) for b in self.blocks))
        if show:
            block.text, block.figures = buffer.getvalue(), figures

    def run(self, code, counts):
        """The block with this code, next on the page: from the cache, or run."""
        block, number = Block(code), len(self.blocks) + 1
        self.key.update(json.dumps(code).encode() + b"\0")
        entry = self.cache / f"{self.key.hexdigest()}.json" if self.cache else None
        if not self.live and entry.is_file():
            stored = json.loads(entry.read_text(encoding="utf-8"))
            block.text, block.figures = stored["text"], stored["figures"]
            os.utime(entry)  # recently used: kept by the pruning
            counts["blocks_cached"] += 1
            self.blocks.append(block)
            return block
        if not self.live:  # the first miss: rebuild the state the cached blocks left
            for earlier, replayed in enumerate(self.blocks, start=1):
                self.execute(Block(replayed.code), earlier, show=False)
                counts["blocks_replayed"] += 1
            self.live = True
        counts["blocks_executed"] += 1
        self.execute(block, number, show=True)  # raises: nothing is stored
        self.blocks.append(block)
        if entry is not None:
            entry.parent.mkdir(parents=True, exist_ok=True)
            unfinished = entry.with_suffix(f".{os.getpid()}.tmp")
            unfinished.write_text(json.dumps({"text": block.text, "figures": block.figures}),
                                  encoding="utf-8")
            os.replace(unfinished, entry)
        return block


def output_html(block):
    """A block's output as HTML: its text as the page's other outputs are, then figures."""
    text = ("" if not block.text else '<div class="language-text highlight"><pre><span></span>'
            f"<code>{html.escape(block.text.rstrip(chr(10)))}\n</code></pre></div>")
    return text + "".join(block.figures)


SCRIPT_HEADER = '''\
"""{title}: the code of the page {url}

Written when the site was built, from the code of the page's executed blocks, in page order
(cells marked "# %%"). Run with Python 3.11+, numpy and matplotlib, it prints what the page
shows.{figures}
"""
'''
SAVE_FIGURES = '''
import sys

import matplotlib.pyplot as plt


def save_figures(*names):
    """Save the open figures as these SVG files; in an interactive session, show them."""
    if sys.flags.interactive or hasattr(sys, "ps1"):
        plt.show()
        return
    for number, name in zip(plt.get_fignums(), names):
        with plt.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
            plt.figure(number).savefig(name, bbox_inches="tight", metadata={"Date": None})
        plt.close(number)
        print(f"[figure saved as {name}]")
'''


HEADING = re.compile(r"^#{2,4}[ \t]+(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*$")


def fence_headings(markdown):
    """For each executed fence of the page, in order, the last h2-h4 heading above it."""
    headings, current = [], ""
    for line in markdown.splitlines():
        heading = HEADING.match(line)
        if heading:
            current = heading.group(1)
        elif executes_code(line):
            headings.append(current)
    return headings


def page_script(title, url, blocks, stem, headings=()):
    """The page's program as one script: header, then each block's code in page order (its
    cell named after the heading above it); after a block that drew figures, a call that
    saves them."""
    cells, done = [], 0
    for number, block in enumerate(blocks, start=1):
        heading = f" ({headings[number - 1]})" if number <= len(headings) else ""
        cell = f"# %% Block {number}{heading}\n{block.code.rstrip()}\n"
        if block.figures:
            names = [figure_name(stem, done + k) for k in range(1, len(block.figures) + 1)]
            cell += f"save_figures({', '.join(map(repr, names))})\n"
            done += len(names)
        cells.append(cell)
    figures = ("\nEach figure is saved as an SVG file in the current folder (in an interactive "
               "session,\nit is shown instead)." if done else "")
    head = SCRIPT_HEADER.format(title=title, url=url, figures=figures)
    return head + (SAVE_FIGURES if done else "") + "\n\n" + "\n\n".join(cells)


# ---- MkDocs events --------------------------------------------------------------------------

_build = {}  # this build: root, environment, cache folder, counts, scripts, the current page


def format_python(code, md, session="", **options):
    """markdown-exec's formatter for Python fences: run the block in its page's program."""
    program, where = _build.get("program"), _build.get("page", "?")
    if program is None or session != program.stem:
        log.warning('%s: executed block %d must run in the page\'s session, session="%s"', where,
                    len(program.blocks) + 1 if program else 0, program.stem if program else "")
    if program is None:
        program = Program("orphan", "", "", None)
    try:
        block, failure = program.run(code, _build["counts"]), None
    except markdown_exec.ExecutionError as error:
        block, failure = Block(code), error
    if not failure and not block.text.strip() and not block.figures and not only_defines(code):
        log.warning("%s: executed block %d produced no output (only a block that just imports "
                    "and defines may be silent)", where, len(program.blocks))

    def run(*args, **kwargs):
        if failure:
            raise failure
        return output_html(block) if block.figures else block.text

    if not failure and not block.text and not block.figures:  # silent: no empty output box
        options.update(source="above", result="")
    return markdown_exec.base_format(language="python", run=run, code=code, md=md,
                                     session=session, **dict(options, html=bool(block.figures)))


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    enabled = build_cache.cache_enabled()
    _build.update(root=root, environment=build_cache.environment_key(root),
                  cache=build_cache.cache_dir(root) / "blocks" if enabled else None)
    for language in ("python", "py"):
        markdown_exec.formatters[language] = format_python
    return config


def on_pre_build(config, **kwargs):
    _build.update(counts=dict.fromkeys(["blocks_executed", "blocks_replayed", "blocks_cached"],
                                       0), scripts={}, program=None)


def on_files(files, config, **kwargs):
    """Register `<stem>.py` for each page with executed code, so that links to it are valid;
    its text is set once its page is rendered (before MkDocs writes other files)."""
    for page_file in list(files.documentation_pages()):
        if page_file.src_uri.endswith(".md") and executes_code(page_file.content_string):
            script = File.generated(config, f"{Path(page_file.src_uri).stem}.py", content="")
            files.append(script)
            _build["scripts"][page_file.src_uri] = script
    return files


def on_page_markdown(markdown, page, **kwargs):
    _build.update(page=page.file.src_path, headings=fence_headings(markdown), program=Program(
        Path(page.file.src_uri).stem, page.file.src_uri, _build["environment"], _build["cache"]))
    return markdown


def on_page_content(html_text, page, config, **kwargs):
    program, script = _build.pop("program"), _build["scripts"].get(page.file.src_uri)
    sys.modules.pop(program.module.__name__, None)
    if script is not None:
        url = config.site_url + page.url if config.site_url else page.url
        script.content_string = page_script(page.title, url, program.blocks, program.stem,
                                            _build["headings"])
    return html_text


def on_post_build(config, **kwargs):
    build_cache.write_report(_build["root"], "page_program", _build["counts"])
    cache = _build["cache"]
    if cache is not None and cache.is_dir():
        oldest = time.time() - MAX_AGE_DAYS * 86400
        for entry in cache.iterdir():
            if entry.stat().st_mtime < oldest:
                entry.unlink(missing_ok=True)
