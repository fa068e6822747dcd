"""Times every release notebook run top to bottom, solutions filled in, in a fresh kernel.

    python -m instructor.bench_notebooks [ASSIGNMENT ...] [--slowest N] [--budget SECONDS]

What a student's "Restart & Run All" costs once their answers are in: each notebook is
the release version with the instructor's solutions in its answer cells, run by nbclient
in a new Jupyter kernel in a scratch copy of its release folder, with the full training
demonstrations and every plot (not the grader's quick mode). Prints the seconds per
notebook, the kernel's start-up, the slowest cells, and the longest time a cell ran
without printing anything (a student should see progress in a long training loop). Exits 1 if a cell fails; a
notebook over the budget is flagged, not failed: these are figures for the authors, not a
timed test (the machine that runs it is not a student's laptop).
"""
import argparse
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

from .course import REPO, assignments, by_name
from .demo_class import solved_notebook
from .grading.trusted_run import copy_support_files
from .notebooks import grade_id

DEFAULT_BUDGET = 120.0  # seconds a notebook may take on this machine before it is flagged
SILENT_LIMIT = 20.0     # seconds a cell may run without printing before it is flagged


def cell_seconds(cell):
    """Seconds the kernel spent on a cell, from the timings nbclient records in its metadata."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input") or timing.get("shell.execute_reply.started"), \
        timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return max((parse(end) - parse(start)).total_seconds(), 0.0)


def label(cell, index):
    return grade_id(cell) or cell.get("id") or f"cell {index}"


def _timed_client(nb, folder, timeout, ipc_dir):
    """An nbclient NotebookClient that notes when each output arrives (to find long silent stretches)."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class TimedClient(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            self.events.setdefault(cell_index, []).append(time.perf_counter())
            return super().output(outs, msg, display_id, cell_index)

    client = TimedClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True, record_timing=True,
                         resources={"metadata": {"path": str(folder)}})
    client.events = {}
    if os.name == "posix":  # local sockets: no TCP port, no warning about unencrypted TCP
        client.km = KernelManager(kernel_name="python3", transport="ipc",
                                  ip=str(Path(ipc_dir) / "kernel"))
    return client


def longest_silence(bounds, events):
    """(seconds, cell index) of the longest stretch a cell ran without sending any output.

    bounds: {cell index: (start, end)}; events: {cell index: [moments an output arrived]}.
    """
    silent = (0.0, None)
    for index, (start, end) in sorted(bounds.items()):
        moments = [start, *events.get(index, []), end]
        silent = max(silent, (max(b - a for a, b in zip(moments, moments[1:])), index),
                     key=lambda pair: pair[0])
    return silent


def run_notebook(nb, folder, timeout=1800):
    """Executes `nb` in a new kernel with `folder` as its working folder.

    Returns {"total", "startup", "cells": [(label, seconds)], "errors": [(label, message)], "images",
    "silent": (seconds, label)}: silent is the longest stretch a cell ran without printing anything.
    """
    env_saved = {k: os.environ.pop(k) for k in ("NBGRADER_EXECUTION", "MPLBACKEND") if k in os.environ}
    ipc_dir = tempfile.TemporaryDirectory(prefix="bench-kernel-")
    client = _timed_client(nb, folder, timeout, ipc_dir.name)
    started = time.perf_counter()
    bounds = {}
    try:
        with ipc_dir, client.setup_kernel():
            ready = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    begin = time.perf_counter()
                    client.execute_cell(cell, index)
                    bounds[index] = (begin, time.perf_counter())
    finally:
        os.environ.update(env_saved)
    finished = time.perf_counter()
    cells, errors, images = [], [], 0
    gap, where = longest_silence(bounds, client.events)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cells.append((label(cell, index), cell_seconds(cell)))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((label(cell, index), f"{output.get('ename')}: {output.get('evalue', '')}"[:300]))
            images += "image/png" in output.get("data", {})
    return {"total": finished - started, "startup": ready - started, "cells": cells, "errors": errors,
            "images": images, "silent": (gap, label(nb.cells[where], where) if where is not None else "")}


def bench(names=None, slowest=3, budget=DEFAULT_BUDGET, root=REPO, out=sys.stdout):
    """Runs each chosen notebook; prints one block per notebook; returns {assignment: result}."""
    chosen = [by_name(n) for n in names] if names else assignments(root)
    results = {}
    print(f"Running {len(chosen)} release notebook(s), solutions filled in, each in a fresh kernel "
          f"(full demonstrations and plots):", file=out, flush=True)
    for assignment in chosen:
        release_dir = Path(root) / "release" / assignment.name
        if not (release_dir / assignment.notebook).exists():
            print(f"  {assignment.notebook:<28} skipped: release/{assignment.name} missing (run make release)",
                  file=out, flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            folder = Path(tmp) / assignment.name
            copy_support_files(release_dir, folder)
            nb = solved_notebook(assignment, root)
            # saved where a student has it: the notebook's self-check cell reads the file it runs in
            nbformat.write(nb, folder / assignment.notebook)
            result = run_notebook(nb, folder)
        results[assignment.name] = result
        flag = "  SLOW" if result["total"] > budget else ""
        status = f"{len(result['errors'])} ERROR(S)" if result["errors"] else "ok"
        print(f"  {assignment.notebook:<28} {result['total']:7.1f} s  (kernel start {result['startup']:.1f} s, "
              f"{len(result['cells'])} code cells, {result['images']} figures)  {status}{flag}", file=out, flush=True)
        for name, seconds in sorted(result["cells"], key=lambda c: -c[1])[:slowest]:
            print(f"      {seconds:7.1f} s  {name}", file=out)
        gap, where = result["silent"]
        print(f"      longest stretch without output: {gap:.1f} s (in {where})"
              + ("  <- add progress output" if gap > SILENT_LIMIT else ""), file=out, flush=True)
        for name, message in result["errors"]:
            print(f"      ERROR in {name}: {message}", file=out)
    total = sum(r["total"] for r in results.values())
    print(f"  {'all notebooks':<28} {total:7.1f} s  (budget {budget:g} s per notebook on this machine)",
          file=out, flush=True)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    parser.add_argument("--slowest", type=int, default=3, help="how many of the slowest cells to list")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="seconds before a notebook is flagged")
    args = parser.parse_args(argv)
    results = bench(args.assignments, slowest=args.slowest, budget=args.budget)
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
