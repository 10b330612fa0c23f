"""Page weight and load time of built sites, side by side (issue 19). Nothing is asserted.

    .venv/bin/python tests/benchmarks/page_load.py before=SITE_DIR after=SITE_DIR [...]
        [--pages q1-relu-heaviside,q5-interpolation] [--runs 5] [--rates 1,4]

For each question page (or those named) and each site: HTML bytes, raw and gzip; element
count; elements inside math; first paint and DOMContentLoaded (ms from navigation start)
with the CPU slowed 1x and 4x (Chromium's CPU throttling, through the DevTools protocol);
and the bytes a first load transfers (HTML, CSS, scripts, fonts; not the search index,
which is fetched later). Runs are interleaved (site, page and rate change in the innermost
loop) so that the machine's load drifts alike for all sites; the figures are medians and,
for every site after the first, ratios to the first site.

`./dev.sh bench` runs this on the current tree and on today's main (tests/benchmarks/
site_metrics.py --pages).
"""

import argparse
import gzip
import re
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for its helpers
from conftest import chromium_path, free_address, launch_chromium, serve_directory  # noqa: E402

ELEMENT = re.compile(rb"<[A-Za-z][A-Za-z0-9-]*")
# Elements of rendered math: MathJax's CHTML (mjx-*) and MathML (<math> and its children).
MATHML = (b"math|mi|mo|mn|ms|mtext|mspace|mrow|mfrac|msqrt|mroot|mstyle|merror|mpadded|"
          b"mphantom|msub|msup|msubsup|munder|mover|munderover|mmultiscripts|mprescripts|none|"
          b"mtable|mtr|mlabeledtr|mtd|maction|menclose|semantics|annotation|annotation-xml")
MATH_ELEMENT = re.compile(rb"<(?:mjx-[a-z-]+|(?:" + MATHML + rb"))[\s/>]")

TIMES = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByType("paint").find(p => p.name === "first-paint");
  return {paint: paint ? paint.startTime : NaN, dcl: nav.domContentLoadedEventEnd};
}
"""


def static(site, page):
    html = (site / page / "index.html").read_bytes()
    return {"bytes": len(html), "gzip": len(gzip.compress(html, 6)),
            "elements": len(ELEMENT.findall(html)), "math elements": len(MATH_ELEMENT.findall(html))}


def load_once(browser, url, rate, weights=None):
    """One first load in a fresh context (empty cache) with the CPU slowed `rate` times."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        if weights is not None:
            def record(response):
                if response.status == 200 and "search" not in response.url:
                    kind = response.request.resource_type
                    weights[kind] = weights.get(kind, 0) + len(response.body())
            page.on("response", record)
        page.goto(url, wait_until="load", timeout=120_000)
        if weights is not None:  # every font the first screen asks for, then a quiet network
            page.evaluate("() => document.fonts.ready.then(() => true)")
            page.wait_for_load_state("networkidle")
        return page.evaluate(TIMES)
    finally:
        context.close()


def measure(sites, pages, runs, rates):
    """{(site, page): {"static", "weights", (rate, "paint"|"dcl"): [ms, ...]}}."""
    from playwright.sync_api import sync_playwright

    results = {(name, page): {"static": static(site, page)}
               for name, site in sites.items() for page in pages}
    with ExitStack() as stack, sync_playwright() as p:
        bases = {name: stack.enter_context(serve_directory(site, free_address()))
                 for name, site in sites.items()}
        browser = launch_chromium(p, chromium_path())
        for name, base in bases.items():  # bytes of a first load, fonts included
            for page in pages:
                results[name, page]["weights"] = weights = {}
                load_once(browser, f"{base}{page}/", 1, weights)
        for _ in range(runs):
            for page in pages:
                for rate in rates:
                    for name, base in bases.items():
                        times = load_once(browser, f"{base}{page}/", rate)
                        for key in ("paint", "dcl"):
                            results[name, page].setdefault((rate, key), []).append(times[key])
        browser.close()
    return results


def report(results, sites, pages, runs, rates):
    names = list(sites)
    first = names[0]
    rows = [("HTML bytes", lambda r: r["static"]["bytes"] / 1024, "{:.0f} K"),
            ("HTML gzip", lambda r: r["static"]["gzip"] / 1024, "{:.0f} K"),
            ("elements", lambda r: r["static"]["elements"], "{:,}"),
            ("math elements", lambda r: r["static"]["math elements"], "{:,}"),
            ("first load (fonts included)", lambda r: sum(r["weights"].values()) / 1024, "{:.0f} K"),
            ("fonts loaded", lambda r: r["weights"].get("font", 0) / 1024, "{:.0f} K")]
    for rate in rates:
        rows.append((f"first paint {rate}x CPU", lambda r, rate=rate: statistics.median(r[rate, "paint"]),
                     "{:.0f} ms"))
        rows.append((f"DOMContentLoaded {rate}x CPU", lambda r, rate=rate: statistics.median(r[rate, "dcl"]),
                     "{:.0f} ms"))
    lines = [f"Medians of {runs} interleaved runs; ratio = site / {first}.", ""]
    header = "| page | measure | " + " | ".join(names) + " |"
    lines += [header, "|" + "---|" * (2 + len(names))]
    for page in pages:
        for label, get, fmt in rows:
            base = get(results[first, page])
            cells = []
            for name in names:
                value = get(results[name, page])
                cell = fmt.format(value)
                if name != first and base:
                    cell += f" ({value / base:.2f}x)"
                cells.append(cell)
            lines.append(f"| {page.split('-')[0].upper()} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def question_pages(site):
    return sorted(p.parent.name for p in site.glob("q*/index.html"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="NAME=SITE_DIR, the first is the reference")
    parser.add_argument("--pages", help="comma-separated page directories (default: q*)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rates", default="1,4", help="CPU slow-down factors")
    parser.add_argument("--all-runs", action="store_true", help="also print every run's times")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        sys.exit("Chromium not found (install Debian's `chromium`, or set $CHROMIUM)")
    sites = dict(item.split("=", 1) for item in args.sites)
    sites = {name: Path(path) for name, path in sites.items()}
    pages = args.pages.split(",") if args.pages else question_pages(next(iter(sites.values())))
    rates = [float(r) if "." in r else int(r) for r in args.rates.split(",")]
    results = measure(sites, pages, args.runs, rates)
    print(report(results, sites, pages, args.runs, rates))
    if args.all_runs:
        for (name, page), result in results.items():
            for rate in rates:
                print(f"{page} {name} {rate}x: DOMContentLoaded " +
                      ", ".join(f"{t:.0f}" for t in result[rate, "dcl"]) + " ms; first paint " +
                      ", ".join(f"{t:.0f}" for t in result[rate, "paint"]) + " ms")


if __name__ == "__main__":
    main()
