"""MkDocs hook: the site on paper.

1. Code lines for print. Each line of a highlighted code block on a Markdown page is wrapped
   in `<span class="cl" style="--i:N">`, N being its number of leading spaces. On screen the
   spans change nothing; in print (docs/stylesheets/extra.css) each line is a block whose
   wrapped continuation is indented past the line's own indentation, so wrapped code keeps
   its shape. The text of the code is unchanged (copy button, page scripts, search).
2. The whole set as one document, in two editions, made from the built pages themselves
   (no second copy of the content). After the build, once docs/_hooks/math.py has rendered
   the math of every page in place, the articles of the notation page and of the eight
   questions, in nav order, are put one after another into `print/<name>.html`, after a
   title and a table of contents: ids are prefixed with the page (`q5-interpolation--pitfalls`),
   links between these pages become links inside the document, other links point to the
   site (`site_url`), collapsed boxes are open, and every equation reference "(2.4)" in the
   text links to its equation. The study edition leaves out each "Check it numerically"
   section (its h2 up to the next h2); a link into a left-out part points to the site.
   docs/_hooks/print_pdf.py prints both with Chromium (`./dev.sh pdf`).
3. The PDFs are registered as files of the site, with a one-page placeholder that says how to
   make them, so the home page's links to them are valid in every build; `./dev.sh pdf`
   overwrites the placeholders with the real PDFs.
"""

import html
import logging
import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.print_edition")

# The editions: (name of the PDF and of its print page, title suffix, sections left out).
EDITIONS = {
    "ift6135-a1-theory": ("", ()),
    "ift6135-a1-theory-study": (" (study edition)", ("check-it-numerically",)),
}
PRINT_DIR = "print"  # the print pages: print/<edition>.html in the built site


def included(src_uri):
    """The pages on paper: the notation page and the questions (not the home page, the
    calculator or the notebooks)."""
    return src_uri == "notation.md" or re.fullmatch(r"q\d+-[\w-]+\.md", src_uri) is not None


_pages = []  # the included pages, in nav order


# --- 1. code lines -------------------------------------------------------------------------

CODE_BLOCK = re.compile(
    r'(<div class="[^"]*\bhighlight"><pre[^>]*>(?:<span></span>)?<code[^>]*>)(.*?)(</code></pre>)',
    re.DOTALL)
TAG = re.compile(r"<[^>]*>")
LINE_ANCHOR = re.compile(r'<a\b[^>]*\sid="__codelineno-[^"]*"[^>]*></a>')  # a line's anchor


def mark_lines(code):
    """Highlighted code (Pygments HTML: every line closes its own spans) with each line in a
    `<span class="cl">` that carries its indentation as `--i`."""
    lines = code.split("\n")
    marked = []
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        if last and line == "":
            break
        text = html.unescape(TAG.sub("", line))
        indent = len(text) - len(text.lstrip(" ")) if text.strip() else 0
        style = f' style="--i:{indent}"' if indent else ""
        marked.append(f'<span class="cl"{style}>{line}{"" if last else chr(10)}</span>')
    return "".join(marked)


@event_priority(-100)  # after the hooks that read the code blocks
def on_page_content(html_text, page, **kwargs):
    if not page.file.src_uri.endswith(".md"):
        return html_text
    return CODE_BLOCK.sub(lambda m: m.group(1) + mark_lines(m.group(2)) + m.group(3), html_text)


# --- 3. the PDFs as files of the site ------------------------------------------------------

def placeholder_pdf(lines):
    """A one-page PDF (A4, Helvetica) showing `lines` of ASCII text."""
    def literal(line):
        return "(" + re.sub(r"([\\()])", r"\\\1", line) + ")"
    text = "".join(f"{literal(line)} Tj T* " for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 72 770 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PLACEHOLDER = placeholder_pdf([
    "This build of the site did not print its PDF.",
    "Run ./dev.sh pdf in the project: it builds the site and prints the PDFs into it.",
])


def on_files(files, config, **kwargs):
    for name in EDITIONS:
        files.append(File.generated(config, f"{name}.pdf", content=PLACEHOLDER))
    return files


# --- 2. the print pages ----------------------------------------------------------------------

def on_nav(nav, config, files, **kwargs):
    _pages[:] = [page for page in nav.pages if included(page.file.src_uri)]
    return nav


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
HEAD_LINK = re.compile(r'<link rel="(?:stylesheet|preload)"[^>]*>')
BODY = re.compile(r"<body\b[^>]*>")
HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
ID_ATTRIBUTE = re.compile(r'(\s(?:id|name|for|aria-labelledby|aria-describedby|aria-controls)=")'
                          r'([^"]+)(")')
URL_ATTRIBUTE = re.compile(r'(\s(?:href|xlink:href|src)=")([^"]*)(")')
URL_REFERENCE = re.compile(r"url\(#([^)]+)\)")
DETAILS = re.compile(r"<details\b(?![^>]*\sopen\b)")
EQUATION_TAG = re.compile(r'\sid="([^"]*--mjx-eqn:([^"]+))"')
EQUATION_REFERENCE = re.compile(r"\((\d+\.\d+)\)")
# Elements whose text keeps its equation references as they are (none of them nests in itself),
# and an equation's own number (docs/_hooks/math.py: <span class="eqno" id="mjx-eqn:2.4">).
LEFT_AS_IS = re.compile(r"<(math|svg|pre|code|a|h[1-6]|script|style)\b.*?</\1>|"
                        r'<span class="eqno"[^>]*>[^<]*</span>', re.DOTALL | re.IGNORECASE)
TOKEN = re.compile(r"(<[^>]+>)")


def slug_of(page):
    return Path(page.file.src_uri).with_suffix("").as_posix().replace("/", "-")


def without_sections(article, ids):
    """The article without each h2 whose id is in `ids`, nor what follows it up to the next
    h2 (or the end)."""
    for section_id in ids:
        start = article.find(f'<h2 id="{section_id}"')
        if start < 0:
            continue
        end = article.find("<h2 ", start + 1)
        end = len(article) if end < 0 else end
        cut = article[start:end]
        for name in ("div", "details", "p", "ul", "ol", "table"):
            if len(re.findall(rf"<{name}\b", cut)) != cut.count(f"</{name}>"):
                raise ValueError(f"the section #{section_id} does not end before the next h2: "
                                 f"<{name}> is not closed in it")
        article = article[:start] + article[end:]
    return article


def prefixed(article, slug):
    """The article with every id (and every reference to one) prefixed with `slug--`."""
    article = ID_ATTRIBUTE.sub(
        lambda m: m.group(1) + " ".join(f"{slug}--{i}" for i in m.group(2).split()) + m.group(3),
        article)
    return URL_REFERENCE.sub(lambda m: f"url(#{slug}--{m.group(1)})", article)


class Links:
    """Where each link of an included page goes in the print page."""

    def __init__(self, pages, site_url):
        self.site_url = site_url or "/"
        self.slugs = {"/" + page.url: slug_of(page) for page in pages}
        self.urls = {slug: url for url, slug in self.slugs.items()}

    def rewrite(self, article, page, slug):
        def target(match):
            attribute, value, end = match.groups()
            attribute_name = attribute.strip().split("=")[0]
            if value.startswith("#"):
                return f"{attribute}#{slug}--{value[1:]}{end}"
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not value:
                return match.group(0)
            resolved = urlsplit(urljoin("/" + page.url, value))
            if attribute_name == "src":  # a resource: relative to the print page's folder
                return f"{attribute}..{resolved.path}{end}"
            other = self.slugs.get(resolved.path)
            if other is not None:
                fragment = f"{other}--{resolved.fragment}" if resolved.fragment else other
                return f"{attribute}#{fragment}{end}"
            return f"{attribute}{self.on_site(resolved.path, resolved.fragment)}{end}"
        return URL_ATTRIBUTE.sub(target, article)

    def on_site(self, path, fragment=""):
        return self.site_url.rstrip("/") + path + (f"#{fragment}" if fragment else "")

    def dangling_to_site(self, document):
        """Each link to an id the document does not hold points to that place on the site."""
        ids = set(re.findall(r'\sid="([^"]+)"', document))

        def target(match):
            attribute, value, end = match.groups()
            name = value[1:]
            if not value.startswith("#") or name in ids:
                return match.group(0)
            slug, _, fragment = name.partition("--")
            if slug not in self.urls:
                log.warning("print page: a link to #%s, which is nowhere", name)
                return match.group(0)
            return f"{attribute}{self.on_site(self.urls[slug], fragment)}{end}"
        return URL_ATTRIBUTE.sub(target, document)


def linked_equation_references(article, equations):
    """Each "(N.M)" in the text (outside links, code, math, figures and headings) that is the
    tag of an equation becomes a link to it."""
    def link(match):
        tag = match.group(1)
        if tag not in equations:
            return match.group(0)
        return f'<a class="print-eqref" href="#{equations[tag]}">{match.group(0)}</a>'

    def in_text(segment):  # only in text, never inside a tag
        parts = TOKEN.split(segment)
        parts[::2] = [EQUATION_REFERENCE.sub(link, text) if "(" in text else text
                      for text in parts[::2]]
        return "".join(parts)

    out, end = [], 0
    for match in LEFT_AS_IS.finditer(article):
        out += [in_text(article[end:match.start()]), match.group(0)]
        end = match.end()
    return "".join(out) + in_text(article[end:])


def heading_text(inner):
    return HEADERLINK.sub("", inner).strip()


def table_of_contents(sections):
    """An ordered list of the pages (their h1) and of their h2s, each entry a link with an
    empty slot for its page number (filled in by docs/_hooks/print_pdf.py)."""
    def entry(anchor, inner):
        return (f'<a href="#{anchor}"><span class="print-toc__text">{inner}</span>'
                f'<span class="print-toc__page"></span></a>')
    items = []
    for slug, article in sections:
        headings = HEADING.findall(article)
        title = next((heading_text(inner) for level, _, inner in headings if level == "1"), slug)
        subs = "".join(f"<li>{entry(anchor, heading_text(inner))}</li>"
                       for level, anchor, inner in headings if level == "2")
        items.append(f"<li>{entry(slug, title)}<ol>{subs}</ol></li>")
    return ('<nav class="print-toc" aria-labelledby="contents"><h1 id="contents">Contents</h1>'
            f'<ol>{"".join(items)}</ol></nav>')


def print_page(config, pages, built, links, suffix, left_out):
    """The HTML of one edition."""
    sections = []
    for page in pages:
        slug = slug_of(page)
        article = ARTICLE.search(built[page.file.src_uri]).group(1)
        article = LINE_ANCHOR.sub("", without_sections(article, left_out))
        article = links.rewrite(prefixed(article, slug), page, slug)
        article = DETAILS.sub("<details open", article)
        sections.append((slug, article))
    equations = {}
    for _, article in sections:
        for tag_id, tag in EQUATION_TAG.findall(article):
            equations.setdefault(tag, tag_id)
    body = "".join(
        f'<section class="print-page{" print-question" if slug.startswith("q") else ""}" '
        f'id="{slug}">'
        f"{linked_equation_references(article, equations)}</section>"
        for slug, article in sections)
    first = built[pages[0].file.src_uri]
    head = "\n".join(HEAD_LINK.findall(first.split("</head>", 1)[0]))
    # Its links are relative to a page one folder deep (notation/), as print/ is.
    body_tag = BODY.search(first).group(0).replace("<body ", '<body class="print-edition" ', 1)
    title = f"{config.site_name}{suffix}"
    site = links.site_url
    edition = ("the study edition: answers, derivations and pitfalls; the numerical checks are "
               "left out (they are on the site)" if left_out else
               "the whole set, with every numerical check and its output")
    cover = (f'<header class="print-cover"><p class="print-cover__title">{html.escape(title)}</p>'
             f'<p class="print-cover__lead">{html.escape(config.site_description or "")}</p>'
             f'<p>This is {edition}. Online: <a href="{html.escape(site)}">{html.escape(site)}</a>'
             "</p></header>")
    document = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n{head}\n</head>\n"
        f"{body_tag}\n"
        '<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
        '<div class="md-content"><article class="md-content__inner md-typeset">\n'
        f"{cover}\n{table_of_contents(sections)}\n{body}\n"
        "</article></div></div></main></div>\n</body>\n</html>\n")
    return links.dangling_to_site(document)


@event_priority(-100)  # after docs/_hooks/math.py has rendered the math of the built pages
def on_post_build(config, **kwargs):
    if not _pages:
        return
    start = time.perf_counter()
    site = Path(config.site_dir)
    built = {page.file.src_uri: (site / page.file.dest_uri).read_text(encoding="utf-8")
             for page in _pages}
    links = Links(_pages, config.site_url)
    (site / PRINT_DIR).mkdir(exist_ok=True)
    for name, (suffix, left_out) in EDITIONS.items():
        document = print_page(config, _pages, built, links, suffix, left_out)
        (site / PRINT_DIR / f"{name}.html").write_text(document, encoding="utf-8")
    log.info("print pages: %d pages in %s/ in %.2f s", len(_pages), PRINT_DIR,
             time.perf_counter() - start)
