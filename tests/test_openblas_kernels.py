"""The same site from every machine. numpy's OpenBLAS chooses its compute kernel from the
CPU at run time (OPENBLAS_CORETYPE forces one), so sums, solves and eigenvalues round
differently elsewhere. Every page script and every notebook, run again under other kernels
than the one that built the site, must print exactly what the site shows and draw
byte-identical figures; blocks and cells that print timings (first line TIMINGS) are the
only exception."""

import difflib
import json
import os
import platform
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from conftest import DOCS, SNIPPETS
from test_page_scripts import (QUESTION_PAGES, TIMINGS, executed_blocks, lines,
                               outputs_by_block, saved_lines, soup_of)

# OpenBLAS x86-64 kernels, each with the CPU flag it needs (None: any x86-64), in the
# order they are tried: the first three that the CPU runs, other than the build's own.
KERNELS = [("Prescott", None), ("Haswell", "avx2"), ("SkylakeX", "avx512f"),
           ("Sandybridge", "avx"), ("Nehalem", "sse4_2")]
HOW_MANY = 3
REPORT_KERNEL = ("import json, sys, numpy, threadpoolctl\n"
                 "print(json.dumps([i.get('architecture') for i in "
                 "threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas']))")
NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.py"))


def cpu_flags(cpuinfo):
    """The feature flags of the first processor in a /proc/cpuinfo text."""
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def kernels_to_try(flags, in_use):
    """The kernels of KERNELS that these flags run, in order, other than `in_use`."""
    runnable = [name for name, flag in KERNELS if flag is None or flag in flags]
    return [name for name in runnable if name.lower() != in_use.lower()]


def environment(kernel=None):
    """os.environ with OPENBLAS_CORETYPE set to `kernel` (None: as the build had it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPL"))}
    if kernel is not None:
        env["OPENBLAS_CORETYPE"] = kernel
    return env


def openblas_kernel(env):
    """The kernel OpenBLAS reports in a fresh interpreter with `env`, or None without
    OpenBLAS."""
    result = subprocess.run([sys.executable, "-c", REPORT_KERNEL], env=env, check=True,
                            capture_output=True, text=True)
    names = json.loads(result.stdout)
    return names[0] if names else None


@pytest.fixture(scope="module")
def kernels():
    """{kernel asked for: kernel OpenBLAS reports}, for the kernels to try here; skips,
    saying why, where there is no other kernel to try."""
    if platform.machine() not in ("x86_64", "AMD64"):
        pytest.skip(f"OpenBLAS kernels are forced only on x86-64; this is {platform.machine()}")
    in_use = openblas_kernel(environment())
    if in_use is None:
        pytest.skip("numpy does not use OpenBLAS here: no other kernel to try")
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        names = kernels_to_try(cpu_flags(cpuinfo.read()), in_use)
    # Keep a kernel only if it really runs something else: OpenBLAS reports the kernel it
    # chose (Prescott calls itself Katmai, and a kernel the CPU lacks falls back to
    # another), and it must be neither the build's own nor one already kept.
    reported = {}
    for name in names:
        used = openblas_kernel(environment(name))
        if used != in_use and used not in reported.values():
            reported[name] = used
        if len(reported) == HOW_MANY:
            break
    if not reported:
        pytest.skip(f"no OpenBLAS kernel other than {in_use} runs on this CPU")
    return {"in use": in_use, **reported}


def test_kernels_are_chosen_from_the_cpu_flags():
    cpuinfo = "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2\nbugs\t\t: none\n"
    assert cpu_flags(cpuinfo) == {"fpu", "sse4_2", "avx", "avx2"}
    flags = cpu_flags(cpuinfo)
    assert kernels_to_try(flags, "Haswell") == ["Prescott", "Sandybridge", "Nehalem"]
    assert kernels_to_try(flags | {"avx512f"}, "SkylakeX") == ["Prescott", "Haswell",
                                                               "Sandybridge", "Nehalem"]
    assert kernels_to_try(set(), "Prescott") == []
    assert cpu_flags("no flags line") == set()


def run_page_script(path, env, cwd):
    """The page script as a reader runs it (`python -I`, an empty folder), then the OpenBLAS
    kernel that process used (on stderr's last line)."""
    runner = (f"import runpy, sys\nrunpy.run_path(sys.argv[1], run_name='__main__')\n"
              f"sys.stdout.flush()\nsys.stdout = sys.stderr\n{REPORT_KERNEL}")
    result = subprocess.run([sys.executable, "-I", "-c", runner, str(path)], cwd=cwd,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, json.loads(result.stderr.strip().splitlines()[-1])[0]


def saved_figures(folder, blocks, names):
    """{name: bytes} of the figures the script saved in `folder`, timing figures aside."""
    return {name: (folder / name).read_bytes() for block, its in zip(blocks, names)
            for name in its if not block[0].startswith(TIMINGS)}


@pytest.mark.parametrize("stem", QUESTION_PAGES)
def test_page_script_prints_the_same_under_every_kernel(built_site, kernels, stem, tmp_path):
    blocks = executed_blocks(soup_of(built_site, stem))
    names = saved_lines(stem, blocks)
    script = built_site / f"{stem}.py"
    default, _ = run_page_script(script, environment(), tmp_path)
    expected = outputs_by_block(blocks, lines(default), names)
    figures = saved_figures(tmp_path, blocks, names)
    for kernel, reported in kernels.items():
        if kernel == "in use":
            continue
        printed, used = run_page_script(script, environment(kernel), tmp_path)
        assert used == reported, f"asked for {kernel}, ran {used}"
        got = outputs_by_block(blocks, lines(printed), names)
        assert len(got) == len(expected), f"{kernel}: blocks printed differently"
        shown = [block for block in blocks if block[1] != "silent"]  # as outputs_by_block
        for number, ((code, *_), old, new) in enumerate(zip(shown, expected, got), 1):
            if code.startswith(TIMINGS):
                continue
            assert new == old, (f"{stem}, block {number}, under {kernel} (the site was built "
                                f"under {kernels['in use']}):\n--- site\n" + "\n".join(old)
                                + f"\n--- {kernel}\n" + "\n".join(new))
        for name, data in saved_figures(tmp_path, blocks, names).items():
            assert data == figures[name], f"{name} differs under {kernel}"


def cell_outputs(nb):
    """{cell index: its outputs as comparable JSON} for each code cell that is not a
    timing cell; streams merged as Jupyter shows them."""
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    shown = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and not cell.source.startswith(TIMINGS):
            shown[index] = [{key: value for key, value in output.items()
                             if key in ("output_type", "name", "text", "data")}
                            for output in cell.get("outputs", [])]
    return shown


def execute_notebook(nb, env, cwd):
    """Execute `nb` in a kernel started with `env` (the kernel inherits this process's
    environment, so the env is set around the start), plus a last cell that reports the
    kernel's OpenBLAS kernel; returns (executed notebook, that kernel)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_KERNEL))
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update({**env, "PYTHONPATH": str(SNIPPETS)})
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    report = nb.cells.pop()
    return nb, json.loads("".join(o["text"] for o in report.outputs))[0]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shows_the_same_under_every_kernel(built_site, kernels, notebook,
                                                    tmp_path):
    stored = nbformat.read(built_site / "notebooks" / notebook.stem / f"{notebook.stem}.ipynb",
                           as_version=4)
    expected = cell_outputs(stored)
    assert expected, "no outputs in the site's notebook"
    for kernel, reported in kernels.items():
        if kernel == "in use":
            continue
        executed, used = execute_notebook(stored, environment(kernel), tmp_path)
        assert used == reported, f"asked for {kernel}, ran {used}"
        got = cell_outputs(executed)
        for index, outputs in expected.items():
            assert got[index] == outputs, (
                f"{notebook.stem}, cell {index}, under {kernel} (site built under "
                f"{kernels['in use']}):\n" + first_differences(outputs, got[index]))


def first_differences(old, new, how_many=12):
    """The first differing lines of two cells' outputs, as a unified diff."""
    old_lines, new_lines = (json.dumps(o, indent=1).splitlines() for o in (old, new))
    diff = difflib.unified_diff(old_lines, new_lines, "site", "kernel", lineterm="", n=0)
    return "\n".join(list(diff)[:how_many])
