"""Measure the site: install, build, tests, page weight, math timing. Prints a report.

    ./dev.sh bench                 # everything except the cold install and the test suite
    ./dev.sh bench --install       # also a cold install into a fresh venv (no pip cache)
    ./dev.sh bench --tests         # also time the whole test suite
    ./dev.sh bench --site DIR      # only the browser figures, on a site built elsewhere
    ./dev.sh bench --before REF    # question pages compared with a build of REF (default: main)
    ./dev.sh bench --pages-only    # only that comparison (tests/benchmarks/page_load.py)

Timings are wall-clock on this machine, medians of N runs where noted; ratios are taken from
runs made in the same invocation (interleaved) so that the machine's speed cancels out. Nothing here is
asserted: the figures are reported, not tested.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for its helpers
sys.path.insert(0, str(Path(__file__).resolve().parent))  # page_load
from conftest import (  # noqa: E402
    BUILD_ENV, MKDOCS, ROOT, build_site, chromium_path, copy_project, free_address,
    launch_chromium, load_fully, serve_directory,
)


def timed(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - start


def cold_install_seconds():
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [venv / "bin/python", "-m", "pip", "install", "--quiet", "--no-cache-dir",
             "--disable-pip-version-check", "-r", ROOT / "requirements.txt"],
            check=True, capture_output=True,
        )
        return time.perf_counter() - start


def no_exec_project(destination):
    """A copy of the project that builds the same pages without running any code: every
    executed fence becomes a plain Python fence, and notebooks are not executed. With
    nothing executed there is nothing to check and no page script to link (the links to
    `<stem>.py` become plain text): the checks hook is dropped. (The notebook hook offers
    the unexecuted notebooks for download.)"""
    project = copy_project(destination)
    for page in (project / "docs").glob("*.md"):
        text = re.sub(r'^(\s*`{3,})python exec="on"[^\n]*', r"\1python", page.read_text(encoding="utf-8"),
                      flags=re.MULTILINE)
        text = re.sub(r"\[([^\]]*)\]\([\w-]+\.py\)(\{[^}]*\})?", r"\1", text)
        page.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("      execute: true\n", "      execute: false\n")
    config.write_text(text.replace("  - docs/_hooks/checks.py\n", ""), encoding="utf-8")
    return config


def variant_config(name, edit):
    """A copy of mkdocs.yml beside it (its paths are relative to it), changed by `edit`."""
    path = ROOT / f".mkdocs-{name}.yml"
    path.write_text(edit((ROOT / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def checked_build(config, site_dir, cwd, site_url=None, env=None):
    result = build_site(config, site_dir, cwd, site_url, env=env)
    if result.returncode != 0:
        sys.exit(f"build with {config.name} failed:\n{result.stdout}\n{result.stderr}")
    return result


def notebook_page_bytes(config):
    """{notebook: bytes of its HTML page} for a build with `config`."""
    with tempfile.TemporaryDirectory() as tmp:
        checked_build(config, tmp, cwd=ROOT)  # cwd: without our hook the notebooks look up from it
        return {page.parent.name: page.stat().st_size
                for page in sorted(Path(tmp, "notebooks").glob("*/index.html"))}


def timed_build(config, site_dir, env=None):
    start = time.perf_counter()
    result = checked_build(config, site_dir, cwd=site_dir.parent, env=env)
    return time.perf_counter() - start, result.stdout + result.stderr


def executed_counts(project):
    """What the last build of `project` ran: blocks executed and replayed, notebooks
    executed (from the reports the build writes in .cache/reports/)."""
    reports = project / ".cache" / "reports"
    counts = {}
    for report in ("page_program.json", "notebook_stage.json"):
        counts.update(json.loads((reports / report).read_text(encoding="utf-8")))
    return [counts["blocks_executed"], counts["blocks_replayed"], counts["notebooks_executed"]]


def build_times(runs, tmp):
    """Interleaved runs (so that the machine's load drifts alike for all three) of: a cold
    build (EXEC_CACHE=off: every block and notebook runs); the same pages with nothing
    executed; and a rebuild with a warm execution cache after editing one page's prose."""
    tmp = Path(tmp)
    no_exec = no_exec_project(tmp / "no-exec")
    cached = copy_project(tmp / "cached") / "mkdocs.yml"
    page = cached.parent / "docs" / "q6-convolution-1d.md"
    checked_build(cached, tmp / "site-cached", cwd=tmp)  # warms the cache
    times = {"cold": [], "no execution": [], "cached, prose edited": [], "math (hook's own timing, cold)": []}
    for run in range(runs):
        times["no execution"].append(timed_build(no_exec, tmp / "site-no-exec")[0])
        page.write_text(page.read_text(encoding="utf-8") + f"\nProse edited ({run}).\n", encoding="utf-8")
        seconds, log = timed_build(cached, tmp / "site-cached")
        ran = executed_counts(cached.parent)
        if any(ran):
            sys.exit(f"the prose edit re-executed code (blocks, replayed, notebooks): {ran}")
        times["cached, prose edited"].append(seconds)
        seconds, log = timed_build(ROOT / "mkdocs.yml", tmp / "site-cold", env={"EXEC_CACHE": "off"})
        times["cold"].append(seconds)
        times["math (hook's own timing, cold)"].append(math_seconds(log))
    return times


# Resolves with performance.now() (ms since navigation start) at the first animation frame
# where the first screen is complete: the page is parsed at least past the bottom of the
# viewport (Chromium paints a long page while still parsing it), and every formula in the
# viewport is drawn: the fonts of each <math> loaded (or, in a site built with MathJax's
# CHTML, each mjx-c has its ::before rule and its fonts loaded).
FIRST_SCREEN_MATH = """
(title) => new Promise(resolve => {
  const drawn = () => {
    const pastFirstScreen = document.documentElement.scrollHeight > innerHeight;
    if (document.readyState === "loading" && !pastFirstScreen) return false;
    if (title && !document.querySelector("article h1")?.textContent.includes(title)) return false;
    const visible = [...document.querySelectorAll("article mjx-c, article math")].filter(c => {
      const r = c.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight && r.width > 0;
    });
    if (visible.length === 0) return false;
    return visible.every(c => {
      if (c.localName === "mjx-c" &&
          ["none", "normal", ""].includes(getComputedStyle(c, "::before").content)) return false;
      const families = getComputedStyle(c).fontFamily.split(",").map(f => f.trim().replace(/"/g, ""));
      return [...document.fonts].filter(f => families.includes(f.family))
                                .every(f => f.status === "loaded");
    });
  };
  const check = () => drawn() ? resolve(performance.now()) : requestAnimationFrame(check);
  check();
  setTimeout(() => resolve(NaN), 30000);  // never drawn: reported as nan, not a hang
})
"""


def first_screen_math(browser, base, page_path, runs):
    """Navigation start to the first screen's math drawn, and to DOMContentLoaded (the
    whole page parsed), one fresh context per run (ms)."""
    times, parsed = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(base + page_path, wait_until="commit")
        times.append(page.evaluate(FIRST_SCREEN_MATH, None))
        page.wait_for_load_state("domcontentloaded")
        parsed.append(page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        context.close()
    return times, parsed


def browser_metrics(runs, site=None):
    """Bytes per resource type for a first load of Q6, and math timings, in headless
    Chromium. `site`: an already built site (built for http://127.0.0.1:8000/), e.g. one
    built from another branch for a before/after comparison; by default the site is built."""
    from playwright.sync_api import sync_playwright

    host, port = ("127.0.0.1", 8000) if site else free_address()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        if site is None:
            site = Path(tmp) / "site"
            checked_build(ROOT / "mkdocs.yml", site, cwd=tmp, site_url=f"http://{host}:{port}/")
        if chromium_path() is None:
            sys.exit("Chromium not found (install Debian's `chromium`, or set $CHROMIUM)")
        with serve_directory(site, (host, port)) as base:
            browser = launch_chromium(p, chromium_path())
            context = browser.new_context()
            page = context.new_page()
            weights = {}

            def record(response):
                kind = response.request.resource_type
                body = response.body() if response.status == 200 else b""
                weights[kind] = weights.get(kind, 0) + len(body)
                if urlparse(response.url).netloc != f"{host}:{port}":
                    raise RuntimeError(f"request to another host: {response.url}")

            page.on("response", record)
            load_fully(page, base + "q6-convolution-1d/")
            page.evaluate(FIRST_SCREEN_MATH, None)
            page.wait_for_load_state("networkidle")  # fonts the math asked for
            page.remove_listener("response", record)
            # Instant navigation home -> Q6: click to the first screen's math drawn.
            instant = []
            for _ in range(runs):
                load_fully(page, base)
                t0 = page.evaluate("() => performance.now()")
                page.click("article a[href*='q6-convolution-1d']")
                instant.append(page.evaluate(FIRST_SCREEN_MATH, "Question 6") - t0)
            context.close()
            first = {name: first_screen_math(browser, base, path, runs)
                     for name, path in (("Q5", "q5-interpolation/"), ("Q6", "q6-convolution-1d/"))}
            browser.close()
    return weights, first, instant


def math_seconds(build_log):
    """The build's own timing of its math rendering (logged by docs/_hooks/math.py)."""
    found = re.search(r"math: \d+ formulas on \d+ pages rendered in ([\d.]+) s", build_log)
    return float(found.group(1)) if found else None


median = statistics.median


def site_of(ref, tmp):
    """The site built (strict off: only the figures matter) from the commit `ref`, in a
    copy of its tree under `tmp` (node_modules linked: it holds what older builds used)."""
    tree = Path(tmp) / f"tree-{ref.replace('/', '_')}"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    (tree / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    site = Path(tmp) / f"site-{ref.replace('/', '_')}"
    env = dict(BUILD_ENV, EXEC_CACHE="off")
    subprocess.run([*MKDOCS, "build", "--no-strict", "-f", str(tree / "mkdocs.yml"),
                    "-d", str(site)],
                   cwd=tmp, env=env, check=True, capture_output=True, text=True, timeout=1800)
    return site


def page_lines(before, runs):
    """Each question page, before (a build of the commit `before`) and now (this tree):
    weight, elements, first paint and DOMContentLoaded at 1x and 4x CPU, interleaved."""
    import page_load  # tests/benchmarks/, beside this file

    with tempfile.TemporaryDirectory() as tmp:
        sites = {before: site_of(before, tmp), "now": Path(tmp) / "site-now"}
        subprocess.run([*MKDOCS, "build", "--no-strict", "-f", str(ROOT / "mkdocs.yml"),
                        "-d", str(sites["now"])],
                       cwd=tmp, env=BUILD_ENV, check=True, capture_output=True, text=True)
        pages = page_load.question_pages(sites["now"])
        results = page_load.measure(sites, pages, runs, [1, 4])
        return ["", f"## Question pages: {before} -> now", "",
                page_load.report(results, sites, pages, runs, [1, 4])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="time a cold install")
    parser.add_argument("--tests", action="store_true", help="time the whole test suite")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="main",
                        help="the commit the question pages are compared with (default: main)")
    parser.add_argument("--pages-only", action="store_true",
                        help="only compare the question pages with --before")
    parser.add_argument("--site", type=Path,
                        help="measure the browser figures on this built site (built for "
                             "http://127.0.0.1:8000/) instead of building one, and only those")
    args = parser.parse_args()
    if args.site:
        print("\n".join(browser_lines(*browser_metrics(args.runs, args.site))))
        return

    lines = [f"# Site metrics ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)", ""]
    if args.pages_only:
        print("\n".join(lines + page_lines(args.before, max(args.runs, 5))))
        return
    if args.install:
        lines.append(f"- cold install (new venv, no pip cache): {cold_install_seconds():.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        times = build_times(args.runs, tmp)
    math = times.pop("math (hook's own timing, cold)")
    medians = {name: median(values) for name, values in times.items()}
    base = medians["no execution"]
    lines.append(f"- strict build, median of {args.runs} interleaved runs (ratio to no execution): "
                 + "; ".join(f"{name} {seconds:.2f} s ({seconds / base:.1f}x)"
                             for name, seconds in medians.items()))
    lines.append("  all runs: " + "; ".join(
        f"{name} " + ", ".join(f"{t:.1f}" for t in values) for name, values in times.items()))
    lines.append(f"- math rendered at build time (the hook's own timing, in the cold builds): "
                 f"median {median(math):.2f} s; runs " + ", ".join(f"{t:.2f}" for t in math))
    if args.tests:
        seconds = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                        cwd=ROOT, env=BUILD_ENV)
        lines.append(f"- whole test suite: {seconds:.0f} s")
    # Stock mkdocs-jupyter pages, without our notebook hook (nor the math hook, whose HTML
    # parser does not take the stock pages' inlined scripts and styles).
    stock_config = variant_config("stock-notebooks", lambda text: text.replace(
        "  - docs/_hooks/notebooks.py\n", "").replace("  - docs/_hooks/math.py\n", ""))
    try:
        stock = notebook_page_bytes(stock_config)
    finally:
        stock_config.unlink()
    ours = notebook_page_bytes(ROOT / "mkdocs.yml")
    for name in ours:
        lines.append(f"- notebook page {name}: stock mkdocs-jupyter {stock[name] / 1024:.0f} KiB"
                     f" -> ours {ours[name] / 1024:.0f} KiB of HTML")
    lines += browser_lines(*browser_metrics(args.runs))
    lines += page_lines(args.before, max(args.runs, 5))
    print("\n".join(lines))


def browser_lines(weights, first, instant):
    kib = {k: v / 1024 for k, v in weights.items()}
    lines = ["- Q6 page, first load, bytes transferred: "
             + ", ".join(f"{k} {v:.1f} KiB" for k, v in sorted(kib.items()))
             + f"; total {sum(kib.values()):.1f} KiB"]
    for name, (times, parsed) in first.items():
        lines.append(f"- navigation start to first screen's math drawn ({name}, first load): "
                     f"median {median(times):.0f} ms over {len(times)} runs "
                     f"(whole page parsed, DOMContentLoaded: {median(parsed):.0f} ms)")
    lines.append(f"- instant navigation home -> Q6, click to first screen's math drawn: median "
                 f"{median(instant):.0f} ms over {len(instant)} runs")
    return lines


if __name__ == "__main__":
    main()
