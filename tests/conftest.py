"""Shared fixtures and helpers: the project paths, one strict build of the site, a local
server, a browser. tests/benchmarks/site_metrics.py reuses the helpers."""

import contextlib
import fcntl
import functools
import http.server
import importlib.util
import io
import os
import runpy
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

# No per-example deadline: on a loaded 2-core machine a slow example is not a failure
# (timings are never asserted in this project).
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
MKDOCS = [sys.executable, "-m", "mkdocs"]
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def load_snippet(name):
    """Import snippets/<name>.py by path (the modules are not a package, on purpose)."""
    spec = importlib.util.spec_from_file_location(f"snippets_{name}", SNIPPETS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_demos(name):
    """Run snippets/<name>.py as __main__ (its demos assert their own results) with no
    matplotlib figure open; return what it printed (its figures stay open: close_figures)."""
    import matplotlib.pyplot as plt

    plt.close("all")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name="__main__")
    return printed.getvalue()


def close_figures():
    """Close the open matplotlib figures; return how many there were with something drawn."""
    import matplotlib.pyplot as plt

    drawn = sum(any(ax.has_data() for ax in plt.figure(n).axes) for n in plt.get_fignums())
    plt.close("all")
    return drawn


def copy_project(destination):
    """A copy of what the site is built from (config, docs, snippets, the requirements, part
    of the execution cache's key; node_modules linked, for the math hook), for benchmarks."""
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "requirements.txt", "docs", "snippets"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)
    # The math hook looks for node_modules beside mkdocs.yml (installed by ./dev.sh setup).
    (destination / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return destination


@functools.lru_cache(maxsize=None)
def parsed_html(path):
    """A built HTML file, parsed once per test process (large pages take a second each).
    The soup is shared between tests: read it, never modify it."""
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def build_site(config_file, site_dir, cwd, site_url=None, env=None):
    """Run a strict `mkdocs build` (extra environment variables in `env`); return the
    CompletedProcess (never raises)."""
    env = dict(BUILD_ENV, **({"SITE_URL": site_url} if site_url else {}), **(env or {}))
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
    )


def free_address():
    """A free (host, port) on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return "127.0.0.1", probe.getsockname()[1]


# The built site's address. Chromium maps this host to the server of the test process that
# uses it (--host-resolver-rules), so one build serves every pytest-xdist worker while
# instant navigation, which only intercepts links under site_url, still works.
SITE_HOST = "ift6135.test"
SITE_URL = f"http://{SITE_HOST}/"


def shared_temp_dir(tmp_path_factory):
    """The test run's temporary folder, shared by the pytest-xdist workers if any."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def exclusive(lock_file):
    """Hold an exclusive lock on `lock_file` (between processes) for the with-block."""
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pytest_collection_modifyitems(items):
    """Order the modules so that two pytest-xdist workers (`--dist loadscope`, in collection
    order: pytest.ini) never wait for each other: the first module that needs the built site
    goes first (its worker builds the site), then every module that does not (the other
    worker runs them meanwhile), then the other modules that need the site."""
    modules = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    needs_site = [name for name, its in modules.items()
                  if any("built_site" in item.fixturenames for item in its)]
    first = needs_site[:1]
    order = first + [m for m in modules if m not in needs_site] + needs_site[1:]
    items[:] = [item for name in order for item in modules[name]]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test run (the first worker to get here builds it, the others
    wait and reuse it) from a directory that is not the project's."""
    shared = shared_temp_dir(tmp_path_factory)
    site_dir, done = shared / "built-site", shared / "built-site.done"
    with exclusive(shared / "built-site.lock"):
        if not done.exists():
            elsewhere = tmp_path_factory.mktemp("cwd")  # the build must not depend on the cwd
            result = build_site(ROOT / "mkdocs.yml", site_dir, cwd=elsewhere, site_url=SITE_URL)
            assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
            done.touch()
    return site_dir


@pytest.fixture(scope="session")
def site_address():
    """This test process's own server address for the built site."""
    return free_address()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory, address):
    """Serve `directory` over HTTP on `address` in a background thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(address, handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{address[0]}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(built_site, site_address):
    """The built site served on this process's address; yields SITE_URL, the address the
    site was built for, which the `browser` fixture's Chromium maps to that server."""
    with serve_directory(built_site, site_address):
        yield SITE_URL


def load_fully(page, url=None):
    """Go to `url` (or reload the page) and return once the document is parsed and loaded
    and the network has been quiet for 500 ms. Playwright's "networkidle" alone does not
    imply "load": on a busy machine a large page can still be parsing when the network has
    gone quiet, and a check would then see half a page."""
    if url is None:
        page.reload(wait_until="load")
    else:
        page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def open_page(browser, url=None, **context_options):
    """A fresh browser page that records console errors, page errors and the host of every
    request (page.errors, page.hosts); goes to `url` if given. Returns (context, page)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.errors, page.hosts = [], set()
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.hosts.add(urlparse(r.url).netloc))
    page.on("requestfailed", lambda r: page.errors.append(f"request failed: {r.url}"))
    if url is not None:
        load_fully(page, url)
    return context, page


def chromium_path():
    """Debian's Chromium, or $CHROMIUM; None if neither is there."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


def launch_chromium(playwright, path, site_address=None):
    """Debian's Chromium, headless; the flags keep it off the (closed) network. With
    `site_address`, the host SITE_HOST resolves to that (host, port)."""
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    if site_address is not None:
        args.append(f"--host-resolver-rules=MAP {SITE_HOST} {site_address[0]}:{site_address[1]}")
    return playwright.chromium.launch(executable_path=path, args=args)


def missing_browser_outcome(environ):
    """What a missing browser means: ("fail", why) with CI=true, else ("skip", why)."""
    message = "Chromium not found (install Debian's `chromium`, or set $CHROMIUM)"
    if environ.get("CI", "").lower() in ("1", "true", "yes"):
        return "fail", message + " -- required when CI=true"
    return "skip", message


@pytest.fixture(scope="session")
def browser(site_address):
    """Headless Chromium driven by Playwright. Outside CI a missing browser skips, with the
    reason; with CI=true it fails, so CI can never go green without the browser tests."""
    path = chromium_path()
    if path is None:
        outcome, message = missing_browser_outcome(os.environ)
        (pytest.fail if outcome == "fail" else pytest.skip)(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, path, site_address)
        yield chromium
        chromium.close()
