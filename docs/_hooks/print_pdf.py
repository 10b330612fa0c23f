"""Print the PDF editions of a built site with Chromium: `./dev.sh pdf` (which builds the
site first), or `python -P docs/_hooks/print_pdf.py [SITE_DIR]` on a site already built.

Not a hook: docs/_hooks/print_edition.py makes the print pages when the site is built
(`print/<edition>.html`, math rendered); this prints each one into `<edition>.pdf` at the
site's root, over the placeholder the build put there. The browser is Debian's `chromium`
or `$CHROMIUM` (CI: Google Chrome), driven by Playwright; no browser is ever downloaded.

Each edition is printed on A4 with page numbers in the footer, an outline (PDF bookmarks,
from the headings) and tagged text. Before printing, boxes (admonitions, details, code,
outputs, tables) shorter than a third of a page are marked `print-keep` (extra.css keeps
them on one page; longer ones break like text). It is printed twice: the page of every
entry of the table of contents is read from the first PDF (the named destination of the
entry's link) and written into the contents before the second.
"""

import os
import sys

if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]  # run as a script: this folder's math.py must not shadow the stdlib's

import argparse
import asyncio
import contextlib
import functools
import http.server
import importlib.util
import io
import shutil
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("print_edition", HERE / "print_edition.py")
print_edition = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(print_edition)
EDITIONS, PRINT_DIR = print_edition.EDITIONS, print_edition.PRINT_DIR

MARGIN_MM = {"top": 14, "bottom": 16, "left": 14, "right": 14}
PX_PER_MM = 96 / 25.4
CONTENT_WIDTH = round((210 - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM)
CONTENT_HEIGHT = round((297 - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * PX_PER_MM)
KEEP_WHOLE_BELOW = CONTENT_HEIGHT // 3  # px: a box shorter than this is kept on one page

# Page size, margins and the footer's page numbers are the print CSS's (@page edition in
# docs/stylesheets/extra.css; MARGIN_MM above must match it).
PDF_OPTIONS = dict(prefer_css_page_size=True, print_background=True, outline=True, tagged=True)

MARK_SMALL_BOXES = """
(limit) => {
  const boxes = document.querySelectorAll(
    "article .admonition, article details, article div.highlight, article .result, " +
    "article .md-typeset__scrollwrap, article .arithmatex, article svg");
  let marked = 0;
  for (const box of boxes) {
    if (box.getBoundingClientRect().height < limit) { box.classList.add("print-keep"); marked++; }
  }
  return marked;
}
"""

FILL_CONTENTS = """
(pages) => {
  for (const link of document.querySelectorAll(".print-toc a")) {
    const number = pages[decodeURIComponent(link.getAttribute("href").slice(1))];
    link.querySelector(".print-toc__page").textContent = number ? String(number) : "";
  }
}
"""

CONTENTS_TARGETS = """
() => [...document.querySelectorAll(".print-toc a")]
        .map(a => decodeURIComponent(a.getAttribute("href").slice(1)))
"""


def chromium_path():
    """Debian's Chromium, or $CHROMIUM; None if neither is there."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(directory):
    """`directory` over HTTP on 127.0.0.1 (fonts do not load from file: URLs); yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def destination_pages(pdf_bytes):
    """{named destination: 1-based page number} of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    return {str(name).lstrip("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}


async def print_edition_pdf(browser, url):
    """The PDF of the print page at `url`, its contents with page numbers."""
    page = await browser.new_page(viewport={"width": CONTENT_WIDTH, "height": CONTENT_HEIGHT})
    page.set_default_timeout(600_000)  # a large document on a busy machine: minutes
    try:
        await page.emulate_media(media="print")
        await page.goto(url, wait_until="load")
        await page.evaluate("() => document.fonts.ready.then(() => true)")
        await page.evaluate(MARK_SMALL_BOXES, KEEP_WHOLE_BELOW)
        targets = await page.evaluate(CONTENTS_TARGETS)

        def contents_pages(pdf):
            found = destination_pages(pdf)
            missing = [target for target in targets if target not in found]
            if missing:
                raise RuntimeError(f"{url}: no destination in the PDF for {missing[:5]}")
            return {target: found[target] for target in targets}

        # A quick draft (no tags, no outline: the same layout) gives the contents' pages.
        numbers = contents_pages(await page.pdf(**dict(PDF_OPTIONS, tagged=False, outline=False)))
        for _ in range(3):  # the numbers written in could, in theory, move a page
            await page.evaluate(FILL_CONTENTS, numbers)
            pdf = await page.pdf(**PDF_OPTIONS)
            now = contents_pages(pdf)
            if now == numbers:
                return pdf
            numbers = now
        raise RuntimeError(f"{url}: the contents' page numbers did not settle")
    finally:
        await page.close()


async def _print_all(base, chromium, names):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        try:  # the editions print at the same time, each in its own renderer process
            return await asyncio.gather(
                *(print_edition_pdf(browser, f"{base}{PRINT_DIR}/{name}.html") for name in names))
        finally:
            await browser.close()


def print_pdfs(site_dir, chromium=None, out_dir=None):
    """Print every edition of the site built in `site_dir`; return {edition: PDF path}.
    The PDFs go to `out_dir` (default: the site's root, over the placeholders)."""
    site_dir = Path(site_dir)
    out_dir = Path(out_dir) if out_dir is not None else site_dir
    chromium = chromium or chromium_path()
    if chromium is None:
        raise RuntimeError("Chromium not found (install Debian's `chromium`, or set $CHROMIUM)")
    for name in EDITIONS:
        if not (site_dir / PRINT_DIR / f"{name}.html").exists():
            raise RuntimeError(f"{site_dir / PRINT_DIR / name}.html is missing: build the site first")
    with served(site_dir) as base:
        pdfs = asyncio.run(_print_all(base, chromium, list(EDITIONS)))
    written = {}
    for name, pdf in zip(EDITIONS, pdfs):
        written[name] = out_dir / f"{name}.pdf"
        written[name].write_bytes(pdf)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("--out", help="where to write the PDFs (default: the site's root)")
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    start = time.perf_counter()
    for path in print_pdfs(args.site, out_dir=args.out).values():
        print(f"{path}: {len(PdfReader(path).pages)} pages, {path.stat().st_size / 1e6:.1f} MB")
    print(f"printed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
