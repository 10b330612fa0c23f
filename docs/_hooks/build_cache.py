"""What the build's caches share: whether they are on, the environment's key, their folder,
and the report of what each ran (read by the tests and the benchmarks)."""

import hashlib
import json
import os
import sys
from pathlib import Path


def cache_enabled(environ=os.environ):
    """False when EXEC_CACHE is off, 0, false or no (`./dev.sh build --fresh`)."""
    return environ.get("EXEC_CACHE", "on").strip().lower() not in ("off", "0", "false", "no")


def environment_key(root):
    """What every cached output depends on besides its code: Python and the locked packages."""
    requirements = Path(root) / "requirements.txt"
    text = requirements.read_text(encoding="utf-8") if requirements.is_file() else ""
    return hashlib.sha256("\0".join([sys.version, sys.implementation.name, text]).encode()).hexdigest()


def cache_dir(root):
    return Path(root) / ".cache" / "execution"


def write_report(root, name, counts):
    """Write `counts` to .cache/reports/<name>.json (also with the cache off)."""
    report = Path(root) / ".cache" / "reports" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    unfinished = report.with_suffix(f".{os.getpid()}.tmp")
    unfinished.write_text(json.dumps(counts, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    os.replace(unfinished, report)
