"""Benchmark: stock `nbgrader autograde` against this course's grading runner.

    python -m instructor.bench [--students 60] [--workers N]

Builds a synthetic class in a scratch course (students cycle through a full
solution, one wrong function, and the untouched release, for every assignment),
grades it with stock nbgrader (one process, one submission after another), then
with the runner on 1 worker and on N workers of the local pool, then (--dask) with
the runner on a Dask cluster of N one-thread workers on loopback. Prints seconds,
notebooks per minute, the speed-up over stock, the 1 -> N worker scaling
efficiency, what Dask adds per task over the local pool, and whether the scores
agree. Figures only: nothing here passes or fails.
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
from .gradebook import cell_scores
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
    autograde(root=root, db_url=db_url, workers=workers, settings=settings)
    return time.perf_counter() - start, scores(db_url)


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
        t1, scores1 = run_runner(root, 1)
        rows.append(("runner, 1 worker", t1))
        tn, scores_n = run_runner(root, args.workers)
        rows.append((f"runner, {args.workers} workers", tn))
        dask_scores = None
        if args.dask:
            td, dask_scores = run_dask(root, args.workers)
            rows.append((f"runner, Dask, {args.workers} workers", td))
        print()
        print(f"{'grading path':<28}{'seconds':>10}{'notebooks/min':>16}")
        for name, seconds in rows:
            print(f"{name:<28}{seconds:>10.1f}{notebooks / seconds * 60:>16.1f}")
        if stock_scores is not None:
            print(f"speed-up over stock ({args.workers} workers): {rows[0][1] / tn:.2f}x")
            differ = sorted(k for k in stock_scores if stock_scores[k] != scores_n.get(k))
            print(f"scores identical to stock: {not differ and set(stock_scores) == set(scores_n)}"
                  + (f" ({len(differ)} cells differ, e.g. {differ[:3]})" if differ else ""))
        print(f"scaling 1 -> {args.workers} workers: {t1 / tn:.2f}x, efficiency {t1 / tn / args.workers:.0%}")
        print(f"runner scores identical on 1 and {args.workers} workers: {scores1 == scores_n}")
        if dask_scores is not None:
            print(f"Dask adds {(td - tn) / notebooks * 1000:.0f} ms a notebook over the local pool "
                  f"({args.workers} workers each); scores identical to the local pool: {dask_scores == scores_n}")


if __name__ == "__main__":
    main()
