"""Measure the site: install, build, tests, page weight, MathJax timing. Prints a report.

    ./dev.sh bench                 # everything except the cold install and the test suite
    ./dev.sh bench --install       # also a cold install into a fresh venv (no pip cache)
    ./dev.sh bench --tests         # also time the whole test suite

Timings are wall-clock on this machine, medians of N runs where noted; ratios are taken from
runs made in the same invocation (interleaved) so that the machine's speed cancels out. Nothing here is
asserted: the figures are reported, not tested.
"""

import argparse
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
from conftest import (  # noqa: E402
    BUILD_ENV, ROOT, build_site, chromium_path, copy_project, free_address, launch_chromium,
    serve_directory,
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
    executed fence becomes a plain Python fence, and notebooks are not executed. (The
    empty-output hook is dropped: with nothing executed there is no output to check.)"""
    project = copy_project(destination)
    for page in (project / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'^(\s*`{3,})python exec="on"[^\n]*', r"\1python", text,
                               flags=re.MULTILINE), encoding="utf-8")
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


EXECUTION_COUNTS = re.compile(r"execution cache [^:]*: (\d+) blocks executed \((\d+) more replayed\), "
                              r"\d+ served from cache; (\d+) notebooks executed")


def build_times(runs, tmp):
    """Interleaved runs (so that the machine's load drifts alike for all three) of: a cold
    build (EXEC_CACHE=off: every block and notebook runs); the same pages with nothing
    executed; and a rebuild with a warm execution cache after editing one page's prose."""
    tmp = Path(tmp)
    no_exec = no_exec_project(tmp / "no-exec")
    cached = copy_project(tmp / "cached") / "mkdocs.yml"
    page = cached.parent / "docs" / "q6-convolution-1d.md"
    checked_build(cached, tmp / "site-cached", cwd=tmp)  # warms the cache
    times = {"cold": [], "no execution": [], "cached, prose edited": []}
    for run in range(runs):
        times["no execution"].append(timed_build(no_exec, tmp / "site-no-exec")[0])
        page.write_text(page.read_text(encoding="utf-8") + f"\nProse edited ({run}).\n", encoding="utf-8")
        seconds, log = timed_build(cached, tmp / "site-cached")
        ran = [int(n) for n in EXECUTION_COUNTS.search(log).groups()]
        if any(ran):
            sys.exit(f"the prose edit re-executed code (blocks, replayed, notebooks): {ran}")
        times["cached, prose edited"].append(seconds)
        times["cold"].append(timed_build(ROOT / "mkdocs.yml", tmp / "site-cold", env={"EXEC_CACHE": "off"})[0])
    return times


def browser_metrics(runs):
    """Bytes per resource type for the Q6 page, and MathJax timings, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    host, port = free_address()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = Path(tmp) / "site"
        checked_build(ROOT / "mkdocs.yml", site, cwd=tmp, site_url=f"http://{host}:{port}/")
        if chromium_path() is None:
            sys.exit("Chromium not found (install Debian's `chromium`, or set $CHROMIUM)")
        with serve_directory(site, (host, port)) as base:
            browser = launch_chromium(p, chromium_path())
            weights, first, instant = {}, [], []
            for run in range(runs):
                context = browser.new_context()
                page = context.new_page()
                sizes = {}

                def record(response, sizes=sizes):
                    kind = response.request.resource_type
                    body = response.body() if response.status == 200 else b""
                    sizes[kind] = sizes.get(kind, 0) + len(body)
                    if urlparse(response.url).netloc != f"{host}:{port}":
                        raise RuntimeError(f"request to another host: {response.url}")

                page.on("response", record)
                page.goto(base + "q6-convolution-1d/", wait_until="networkidle")
                page.wait_for_function(
                    "() => performance.getEntriesByName('mathjax-typeset-done').length > 0")
                first.append(page.evaluate(
                    "() => performance.getEntriesByName('mathjax-typeset-done')[0].startTime"))
                page.wait_for_load_state("networkidle")  # fonts MathJax asked for
                page.remove_listener("response", record)
                if run == 0:
                    weights = dict(sizes)
                # Instant navigation home -> Q6: click to re-typeset done.
                page.goto(base, wait_until="networkidle")
                page.wait_for_function(
                    "() => performance.getEntriesByName('mathjax-typeset-done').length > 0")
                t0 = page.evaluate("() => performance.now()")
                page.click("article a[href*='q6-convolution-1d']")
                page.wait_for_function(
                    "() => performance.getEntriesByName('mathjax-retypeset-done').length > 0")
                t1 = page.evaluate(
                    "() => performance.getEntriesByName('mathjax-retypeset-done').at(-1).startTime")
                instant.append(t1 - t0)
                context.close()
            browser.close()
    return weights, first, instant


median = statistics.median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="time a cold install")
    parser.add_argument("--tests", action="store_true", help="time the whole test suite")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    lines = [f"# Site metrics ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)", ""]
    if args.install:
        lines.append(f"- cold install (new venv, no pip cache): {cold_install_seconds():.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        times = build_times(args.runs, tmp)
    medians = {name: median(values) for name, values in times.items()}
    base = medians["no execution"]
    lines.append(f"- strict build, median of {args.runs} interleaved runs (ratio to no execution): "
                 + "; ".join(f"{name} {seconds:.2f} s ({seconds / base:.1f}x)"
                             for name, seconds in medians.items()))
    lines.append("  all runs: " + "; ".join(
        f"{name} " + ", ".join(f"{t:.1f}" for t in values) for name, values in times.items()))
    if args.tests:
        seconds = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                        cwd=ROOT, env=BUILD_ENV)
        lines.append(f"- whole test suite: {seconds:.0f} s")
    stock_config = variant_config("stock-notebooks", lambda text: text.replace(
        "  - docs/_hooks/notebooks.py\n", ""))
    try:
        stock = notebook_page_bytes(stock_config)
    finally:
        stock_config.unlink()
    ours = notebook_page_bytes(ROOT / "mkdocs.yml")
    for name in ours:
        lines.append(f"- notebook page {name}: stock mkdocs-jupyter {stock[name] / 1024:.0f} KiB"
                     f" -> ours {ours[name] / 1024:.0f} KiB of HTML")
    weights, first, instant = browser_metrics(args.runs)
    kib = {k: v / 1024 for k, v in weights.items()}
    lines.append("- Q6 page, first load, bytes transferred: "
                 + ", ".join(f"{k} {v:.1f} KiB" for k, v in sorted(kib.items()))
                 + f"; total {sum(kib.values()):.1f} KiB")
    lines.append(f"- navigation start to MathJax typeset done (Q6, first load): median "
                 f"{median(first):.0f} ms over {len(first)} runs")
    lines.append(f"- instant navigation home -> Q6, click to math typeset again: median "
                 f"{median(instant):.0f} ms over {len(instant)} runs")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
