"""Benchmark: stock `nbgrader autograde` against this course's grading runner.

    python -m instructor.bench [--students 60] [--workers N]

Builds a synthetic class in a scratch course (students cycle through a full
solution, one wrong function, and the untouched release, for every assignment),
grades it with stock nbgrader (one process, one submission after another), then
with the runner on 1 worker and on N workers of the local pool, then (--dask) with
the runner on a Dask cluster of N one-thread workers on loopback. Prints seconds,
notebooks per minute, the speed-up over stock, the 1 -> N worker scaling
efficiency, what Dask adds per task over the local pool, and whether the scores
agree. For the 1-worker run it also prints where a notebook's time goes (breakdown()): the phases each
result's timings measured (jobs.TIMING_PHASES), averaged over the class, and the wall time per notebook as a
multiple of the tests' own work (tests_own_work, taken just before and just after that run; issue 17's target:
at most 2.5x). Figures only: nothing here passes or fails.
"""
import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from .course import assignments, nbgrader
from .demo_class import solved_notebook
from .grading.jobs import TIMING_PHASES
from .scratch import scratch_course


def build_class(root, students):
    scratch_course(root)
    for a in assignments(root):
        variants = [solved_notebook(a, root), solved_notebook(a, root, mistake=a.demo_mistake or None),
                    nbformat.read(root / "release" / a.name / a.notebook, as_version=4)]
        for i in range(students):
            folder = root / "submitted" / f"student_{i:03d}" / a.name
            folder.mkdir(parents=True)
            nbformat.write(variants[i % 3], folder / a.notebook)


def scores(db_url):
    from .gradebook import cell_scores  # here: the pool's workers import this (main) module, and not nbgrader
    return {(r.student, r.assignment, r.grade_id): r.score for r in cell_scores(db_url)}


def run_stock(root):
    db_url = f"sqlite:///{root / 'stock.db'}"
    shutil.copy(root / "gradebook.db", root / "stock.db")  # assignments already recorded
    start = time.perf_counter()
    for a in assignments(root):
        nbgrader("autograde", a.name, "--create", "--force", "--log-level=ERROR",
                 "--CourseDirectory.autograded_directory=autograded_stock", root=root, db_url=db_url,
                 check=False, capture=True)
    return time.perf_counter() - start, scores(db_url)


def run_runner(root, workers, label="runner", settings=None):
    from .grade import autograde
    db_url = f"sqlite:///{root / f'{label}{workers}.db'}"
    shutil.copy(root / "gradebook.db", root / f"{label}{workers}.db")
    start = time.perf_counter()
    results = autograde(root=root, db_url=db_url, workers=workers, settings=settings)
    return time.perf_counter() - start, scores(db_url), results


LABELS = {"student cells": "student cells (imports and definitions)", "calls": "calls to the student's functions"}


def time_breakdown(results, seconds):
    """[(row, mean seconds per notebook)]: every phase of the results' timings, then "other" (the rest of the
    wall time `seconds` the run took: the pool, pickling, the parent's waiting) and "total"."""
    per_notebook = seconds / len(results)
    rows = [(LABELS.get(phase, phase), sum(r.timings.get(phase, 0.0) for r in results) / len(results))
            for phase in TIMING_PHASES]
    return rows + [("other", per_notebook - sum(mean for _, mean in rows)), ("total", per_notebook)]


def overhead(results, seconds):
    """Wall seconds per notebook over trusted compute per notebook (None if nothing was measured)."""
    trusted = dict(time_breakdown(results, seconds))["trusted compute"]
    return seconds / len(results) / trusted if trusted > 0 else None


def tests_own_work(root, repeats=3):
    """{assignment: seconds}: the work the tests themselves do, issue 17's yardstick. Each instructor notebook
    (solutions in place, hidden tests included) runs cell by cell in this one warm process with
    NBGRADER_EXECUTION=autograde, as the runner's trusted side runs it; after one untimed run (imports,
    data), the fastest of `repeats` runs counts."""
    import contextlib
    import io
    import warnings
    from .notebooks import run_solution
    saved = os.environ.get("NBGRADER_EXECUTION")
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    seconds = {}
    try:
        for assignment in assignments(root):
            path = assignment.source_notebook(root)
            times = []
            for _ in range(repeats + 1):
                started = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    run_solution(path)
                times.append(time.perf_counter() - started)
            seconds[assignment.name] = min(times[1:])
    finally:
        if saved is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = saved
    return seconds


def against_tests_own_work(results, seconds, own_work):
    """Lines: the tests' own work per assignment and for the class (each notebook counted at its
    assignment's), and the runner's wall time per notebook as a multiple of it (issue 17: at most 2.5x)."""
    per_class = sum(own_work[r.assignment] for r in results) / len(results)
    per_notebook = seconds / len(results)
    return [f"the tests' own work (instructor notebook, one warm process): "
            + ", ".join(f"{name} {value:.3f} s" for name, value in own_work.items())
            + f"; class mean {per_class:.3f} s",
            f"runner, 1 worker: {per_notebook:.3f} s a notebook = {per_notebook / per_class:.2f}x the tests' own "
            "work (target <= 2.5x)"]


def breakdown(results, seconds, title):
    """The breakdown as printed lines: the table, the overhead, and one line of phases per assignment."""
    rows = time_breakdown(results, seconds)
    total = rows[-1][1]
    lines = [title] + [f"  {name:<42}{mean:>8.3f} s{mean / total:>7.0%}" for name, mean in rows]
    ratio = overhead(results, seconds)
    lines.append(f"wall time: {ratio:.2f}x the trusted compute above" if ratio is not None else
                 "wall time: no trusted compute measured")
    widths = [max(len(phase), 7) + 2 for phase in TIMING_PHASES]
    lines.append(f"  {'per assignment (s/notebook)':<30}" + "".join(
        f"{phase:>{width}}" for phase, width in zip(TIMING_PHASES, widths)))
    for assignment in sorted({r.assignment for r in results}):
        mine = [r for r in results if r.assignment == assignment]
        lines.append(f"  {assignment:<30}" + "".join(
            f"{sum(r.timings.get(phase, 0.0) for r in mine) / len(mine):>{width}.3f}"
            for phase, width in zip(TIMING_PHASES, widths)))
    return lines


def run_dask(root, workers):
    """The runner through a Dask scheduler on loopback with `workers` one-thread worker processes."""
    from distributed import LocalCluster
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as the local pool's workers
        os.environ.setdefault(var, "1")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        from dataclasses import replace
        from .grading.settings import Settings
        settings = replace(Settings.from_environment(), dask_scheduler=cluster.scheduler_address)
        return run_runner(root, workers, label="dask", settings=settings)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-stock", action="store_true", help="time only the runner")
    parser.add_argument("--dask", action="store_true", help="also grade through a Dask cluster on loopback")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = Path(tmp)
        build_class(root, args.students)
        notebooks = args.students * len(assignments(root))
        print(f"Synthetic class: {args.students} students x {len(assignments(root))} notebooks = {notebooks}")
        rows = []
        stock_scores = None
        if not args.skip_stock:
            seconds, stock_scores = run_stock(root)
            rows.append(("stock nbgrader autograde", seconds))
        from . import gradebook, release  # noqa: F401  imported before any clock starts, as the workers' code
        # The yardstick is taken just before and just after the 1-worker run and averaged: this machine has
        # slower and faster minutes, and a ratio is only fair between figures from the same ones.
        own_before = tests_own_work(root)
        t1, scores1, results1 = run_runner(root, 1)
        own_after = tests_own_work(root)
        own_work = {name: (own_before[name] + own_after[name]) / 2 for name in own_before}
        rows.append(("runner, 1 worker", t1))
        tn, scores_n, _ = run_runner(root, args.workers)
        rows.append((f"runner, {args.workers} workers", tn))
        dask_scores = None
        if args.dask:
            td, dask_scores, _ = run_dask(root, args.workers)
            rows.append((f"runner, Dask, {args.workers} workers", td))
        print()
        print(f"{'grading path':<28}{'seconds':>10}{'notebooks/min':>16}")
        for name, seconds in rows:
            print(f"{name:<28}{seconds:>10.1f}{notebooks / seconds * 60:>16.1f}")
        if stock_scores is not None:
            print(f"speed-up over stock ({args.workers} workers): {rows[0][1] / tn:.2f}x (goal >= 20x)")
            differ = sorted(k for k in stock_scores if stock_scores[k] != scores_n.get(k))
            print(f"scores identical to stock: {not differ and set(stock_scores) == set(scores_n)}"
                  + (f" ({len(differ)} cells differ, e.g. {differ[:3]})" if differ else ""))
        print(f"scaling 1 -> {args.workers} workers: {t1 / tn:.2f}x, efficiency {t1 / tn / args.workers:.0%}")
        print(f"runner scores identical on 1 and {args.workers} workers: {scores1 == scores_n}")
        if dask_scores is not None:
            print(f"Dask adds {(td - tn) / notebooks * 1000:.0f} ms a notebook over the local pool "
                  f"({args.workers} workers each); scores identical to the local pool: {dask_scores == scores_n}")
        print()
        print("\n".join(breakdown(results1, t1, "Where a notebook's time goes (runner, 1 worker, mean per notebook)")))
        print("\n".join(against_tests_own_work(results1, t1, own_work)))
        print("  (the tests' own work, class mean: " + " s just before, ".join(
            f"{sum(own[r.assignment] for r in results1) / len(results1):.3f}" for own in (own_before, own_after))
            + " s just after the 1-worker run; their mean is used)")


if __name__ == "__main__":
    main()
