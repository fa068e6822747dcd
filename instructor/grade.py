"""Autogrades every submission in submitted/: isolated, in parallel, merged by this process only.

    python -m instructor.grade [ASSIGNMENT ...]

Each submission is one job (instructor/job.py) run by a pool of WORKERS local
processes (default: one per core), or by an existing Dask cluster when
DASK_SCHEDULER=tcp://host:port is set. Results come back as plain data; only
this process writes autograded/, the gradebook and reports/grading_status.csv,
one submission at a time, so stopping the run half-way leaves everything
consistent and the next run grades everything again.
"""
import csv
import os
import resource
import sys
import tempfile
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from difflib import SequenceMatcher
from multiprocessing import get_context
from pathlib import Path

import nbformat

from . import sandbox
from .course import ASSIGNMENTS, DUE_DATES, REPO, assignments, by_name
from .gradebook import default_db_url, ensure_assignment, record_due_date, record_result
from .job import copy_support_files, failed_result, grade_submission, read_support_files
from .notebooks import test_cells
from .release import generate, stage_support_files

STATUS_FIELDS = ["student", "assignment", "status", "score", "max_score", "reason", "notes"]


MAX_SUBMITTED_BYTES = 20 * 1024 * 1024  # a larger notebook is refused, not read


def read_submission(folder):
    """{file name: text} of the notebooks in a student's folder (other files by name only)."""
    files = {}
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file():
            continue
        if path.suffix != ".ipynb":
            files[path.name] = ""
        elif path.stat().st_size > MAX_SUBMITTED_BYTES:
            files[path.name] = "{}"  # fails to parse as a notebook: reported as unreadable
        else:
            files[path.name] = path.read_bytes().decode("utf-8", errors="replace")
    return files


def find_jobs(root, chosen):
    """One self-contained job per (student, assignment) submission in submitted/.

    A submission is normally the folder submitted/<student>/<assignment>/. A student
    folder that lacks it but holds a stray that plausibly is that assignment (see
    sort_strays) gets a job that fails with the path expected, so the hand-in is not
    lost silently; a stray beside the right folder is only noted on its row.
    """
    jobs = []
    submitted = Path(root) / "submitted"
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.is_dir() else []
    strays = {student: sort_strays(submitted / student)[0] for student in students}
    for assignment in chosen:
        source_text = assignment.source_notebook(root).read_text()
        release_dir = Path(root) / "release" / assignment.name
        course = {"source": source_text, "release": (release_dir / assignment.notebook).read_text(),
                  "support": read_support_files(release_dir)}
        max_scores = {gid: float(c.metadata.nbgrader.points)
                      for gid, c in test_cells(nbformat.reads(source_text, as_version=4)).items()}
        for student in students:
            folder = submitted / student / assignment.name
            found = strays[student].get(assignment.name, [])
            shown = ", ".join(_shown(p) for p in found)
            expected = f"submitted/{student}/{assignment.name}/{assignment.notebook}"
            if folder.is_dir():
                job = {"student": student, "assignment": assignment.name, "notebook": assignment.notebook,
                       "max_scores": max_scores, "submission": read_submission(folder), "course": course,
                       "timestamp_file": str(folder / "timestamp.txt")}
                if found:
                    job["runner_notes"] = [f"also handed in, not graded: {shown} in submitted/{student}"]
                jobs.append(job)
            elif found:
                beside = found[0] if found[0].is_dir() else found[0].parent
                jobs.append({"student": student, "assignment": assignment.name, "notebook": assignment.notebook,
                             "max_scores": max_scores, "timestamp_file": str(beside / "timestamp.txt"),
                             "refused": f"no folder named {assignment.name} in submitted/{student} "
                                        f"(found: {shown}); expected {expected}"})
    return jobs


NEAR_MATCH = 0.8  # difflib ratio: "initialisation" vs "initialization" is 0.93; two course names, 0.57 at most


def _normalised(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _shown(path):
    return path.name + ("/" if path.is_dir() else "")


def sort_strays(student_folder, known=ASSIGNMENTS):
    """({assignment name: [stray paths]}, [unrecognised paths]) in a student's folder.

    A stray is an entry other than an assignment's exact folder (hidden ones such as
    .ipynb_checkpoints are skipped). It plausibly is the assignment whose name or
    notebook name it matches best, ignoring case, punctuation and a file's extension,
    if that match is close (difflib ratio NEAR_MATCH) or contains the name: Initialization/,
    initialisation/, Regularization.ipynb, gradient-checking-v2/. Anything else
    (notes.txt, hw1/) could be any assignment or none: guessing would fail every
    assignment for one stray file, so it gets no row and autograde lists it as ignored.
    """
    matched, unrecognised = {}, []
    exact = {a.name for a in known}
    for path in sorted(Path(student_folder).iterdir()):
        if path.name.startswith(".") or (path.is_dir() and path.name in exact):
            continue
        name = _normalised(path.name if path.is_dir() else path.stem)
        best, best_score = None, 0.0
        for assignment in known:
            for key in {_normalised(assignment.name), _normalised(Path(assignment.notebook).stem)}:
                score = 1.0 if key in name else SequenceMatcher(None, name, key).ratio()
                if score > best_score:
                    best, best_score = assignment.name, score
        if best_score >= NEAR_MATCH:
            matched.setdefault(best, []).append(path)
        else:
            unrecognised.append(path)
    return matched, unrecognised


def unrecognised_entries(root):
    """Paths in submitted/ that are no student's submission of any assignment (see sort_strays)."""
    submitted = Path(root) / "submitted"
    if not submitted.is_dir():
        return []
    found = []
    for path in sorted(submitted.iterdir()):
        if path.is_dir():
            found += sort_strays(path)[1]
        elif not path.name.startswith("."):
            found.append(path)
    return found


WORKER_DIED = "the grading worker died while grading this submission (out of memory?)"


def job_timeout():
    """Wall-clock seconds one job may run in a local worker (GRADER_JOB_TIMEOUT, default 900).

    A safety net for the trusted side: student code already has tighter limits of its own
    (GRADER_CALL_TIMEOUT, GRADER_SUBMISSION_TIMEOUT), so only a hang in the grader itself
    reaches this one, and it then fails that submission instead of stalling the whole run.
    """
    return float(os.environ.get("GRADER_JOB_TIMEOUT", "900"))


def run_jobs(jobs, workers, grade=None):
    """Yields one result per job as they finish: on Dask if DASK_SCHEDULER is set, else on local processes.

    grade: the job function (grade_submission; tests pass stand-ins).
    """
    grade = grade or grade_submission
    for job in jobs:  # a stray hand-in (see find_jobs): nothing to grade, a failed row with its reason
        if job.get("refused"):
            yield failed_result(job, job["refused"])
    jobs = [job for job in jobs if not job.get("refused")]
    scheduler = os.environ.get("DASK_SCHEDULER")
    if scheduler:
        yield from _run_on_dask(jobs, scheduler, grade)
    else:
        yield from _run_locally(jobs, workers, grade)


def _run_on_dask(jobs, scheduler, grade):
    from distributed import Client, as_completed as dask_completed
    with Client(scheduler) as client:
        futures = client.map(grade, jobs, pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs)}
        for future in dask_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a lost worker (KilledWorker) or a failed job: this submission only
                yield failed_result(job_of[future.key], f"grading worker failed: {type(exc).__name__}: {exc}")


def _run_locally(jobs, workers, grade):
    """Runs the jobs on a pool of `workers` processes, never in this one.

    A worker that dies (the OOM killer, say) breaks the whole pool, and every job in
    flight with it: the pool is rebuilt and those jobs are graded again. A job that
    was in flight at two breaks is graded alone; if it breaks a pool on its own, it
    is the culprit and gets a failed row, and nobody else pays for it.
    """
    # One BLAS thread per worker: N workers, each with a sandboxed student process, already fill N cores.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    queue, suspects, breaks = deque(jobs), [], Counter()
    while queue:
        died = yield from _drain(queue, workers, grade)
        for job in died:
            breaks[_key(job)] += 1
        suspects += [job for job in died if breaks[_key(job)] >= 2]
        queue.extendleft(reversed([job for job in died if breaks[_key(job)] < 2]))
    for job in suspects:
        alone = deque([job])
        while alone:
            if (yield from _drain(alone, 1, grade)):
                yield failed_result(job, WORKER_DIED)


def _drain(queue, workers, grade):
    """Grades jobs from `queue` on a new pool until the queue is empty or the pool breaks.

    Keeps exactly as many jobs in flight as there are workers, so a break is blamed on
    the jobs that were really running. Returns the jobs lost in a break (none if it held).
    """
    died, broken, limit = [], False, job_timeout()
    with _new_pool(workers) as pool:
        in_flight, started = {}, {}
        while (queue and not broken) or in_flight:
            while queue and len(in_flight) < workers and not broken:
                job = queue.popleft()
                try:
                    future = pool.submit(grade, job)
                except BrokenProcessPool:  # broke since the last check: this job never started
                    queue.appendleft(job)
                    broken = True
                else:
                    in_flight[future], started[future] = job, time.monotonic()
            if not in_flight:
                continue
            first_due = min(started[f] for f in in_flight) + limit
            done, _ = wait(in_flight, timeout=max(first_due - time.monotonic(), 0), return_when=FIRST_COMPLETED)
            overdue = [f for f in in_flight if f not in done and time.monotonic() - started[f] >= limit]
            if overdue:
                for future in overdue:
                    yield failed_result(in_flight.pop(future), f"grading took longer than {limit:g} s "
                                                               "(GRADER_JOB_TIMEOUT) and was stopped")
                # A running job cannot be cancelled: stop the workers; the jobs still in flight break
                # with them and are graded again. (_processes: Python 3.11 has no public way to do this.)
                for process in list(pool._processes.values()):
                    process.kill()
                broken = True
            for future in done:
                job = in_flight.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    died.append(job)
                    broken = True
                except Exception as exc:  # say, a result that could not be sent back
                    yield failed_result(job, f"grading worker failed: {type(exc).__name__}: {exc}")
    return died


def _new_pool(workers):
    memory = int(os.environ.get("GRADER_WORKER_MEMORY_MB", "4096")) * 1024 * 1024
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=limit_memory, initargs=(memory,))


def limit_memory(max_bytes):
    """Pool initializer: a runaway allocation in the grader raises MemoryError in its job,
    instead of growing until the OOM killer takes the worker (or a neighbour) down.

    Only the soft limit: a student process started from here may set its own (GRADER_MEMORY_MB).
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def _key(job):
    return job["student"], job["assignment"]


def write_autograded(root, result, notebook_name):
    """Writes the graded notebook (and what it imports) into autograded/<student>/<assignment>/."""
    folder = Path(root) / "autograded" / result["student"] / result["assignment"]
    if folder.exists():
        import shutil
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if result["notebook"]:
        copy_support_files(Path(root) / "release" / result["assignment"], folder)
        (folder / notebook_name).write_text(result["notebook"])


def read_timestamp(job):
    path = Path(job["timestamp_file"])
    return path.read_text().strip() if path.exists() else None


class StatusFile:
    """reports/grading_status.csv: one row per submission, rewritten whole after each result."""

    def __init__(self, root):
        self.path = Path(root) / "reports" / "grading_status.csv"
        self.rows = {}
        if self.path.exists():
            with open(self.path) as f:
                for row in csv.DictReader(f):
                    self.rows[(row["student"], row["assignment"])] = row

    def keep_only(self, jobs):
        wanted = {(j["student"], j["assignment"]) for j in jobs}
        graded_assignments = {j["assignment"] for j in jobs}
        self.rows = {k: v for k, v in self.rows.items() if k in wanted or k[1] not in graded_assignments}

    def update(self, result):
        self.rows[(result["student"], result["assignment"])] = {
            "student": result["student"], "assignment": result["assignment"], "status": result["status"],
            "score": f"{sum(result['scores'].values()):g}", "max_score": f"{sum(result['max_scores'].values()):g}",
            "reason": result["reason"], "notes": " | ".join(result["notes"])}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=STATUS_FIELDS)
            writer.writeheader()
            for key in sorted(self.rows):
                writer.writerow(self.rows[key])
        os.replace(tmp, self.path)


def progress(total):
    """A progress bar on a terminal; silent in CI and in logs."""
    from tqdm import tqdm
    quiet = os.environ.get("CI") or not sys.stderr.isatty()
    return tqdm(total=total, unit="submission", disable=bool(quiet), dynamic_ncols=True)


def autograde(names=None, root=REPO, db_url=None, workers=None):
    """Grades every submission; returns the list of results (one per submission)."""
    root = Path(root)
    db_url = db_url or default_db_url(root)
    workers = workers or int(os.environ.get("WORKERS", os.cpu_count() or 1))
    chosen = [by_name(n) for n in names] if names else assignments(root)
    for assignment in chosen:
        stage_support_files(assignment, root)
        if not ensure_assignment(db_url, assignment.name, root):
            with tempfile.TemporaryDirectory() as tmp:  # records it without touching release/
                generate(Path(tmp) / "release", root=root, db_url=db_url)
        if assignment.name in DUE_DATES:
            record_due_date(db_url, assignment.name, DUE_DATES[assignment.name])
    jobs = find_jobs(root, chosen)
    print(sandbox.describe())
    print(f"Grading {len(jobs)} submission(s) with "
          f"{'Dask at ' + os.environ['DASK_SCHEDULER'] if os.environ.get('DASK_SCHEDULER') else f'{workers} worker(s)'}")
    status = StatusFile(root)
    status.keep_only(jobs)
    by_key = {(j["student"], j["assignment"]): j for j in jobs}
    results = []
    failures = 0
    with progress(len(jobs)) as bar:
        for result in run_jobs(jobs, workers):
            job = by_key[(result["student"], result["assignment"])]
            result["notes"] = list(result["notes"]) + job.get("runner_notes", [])
            write_autograded(root, result, job["notebook"])
            record_result(db_url, result, timestamp=read_timestamp(job))
            status.update(result)
            results.append(result)
            failures += result["status"] != "graded"
            bar.set_postfix(failed=failures)
            bar.update(1)
    for r in sorted(results, key=lambda r: (r["assignment"], r["student"])):
        if r["status"] != "graded":
            print(f"FAILED  {r['student']}/{r['assignment']}: {r['reason']}")
    for path in unrecognised_entries(root):
        print(f"IGNORED {path.relative_to(root)}: matches no assignment "
              f"(expected submitted/<student>/<assignment>/<Notebook>.ipynb)")
    print(f"Graded {len(results) - failures} of {len(results)} submission(s); status in {status.path}")
    return results


if __name__ == "__main__":
    autograde(sys.argv[1:])
