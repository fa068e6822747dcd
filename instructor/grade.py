"""Autogrades every submission in submitted/: isolated, in parallel, merged by this process only.

    python -m instructor.grade [ASSIGNMENT ...]

The settings (instructor/grading/settings.py: WORKERS, DASK_SCHEDULER, the GRADER_* limits) are read once,
here; a bad value stops the run with one line naming it. Each submission is one job
(grading/submissions.py finds them in submitted/) run by a pool of local processes (default: one per core),
or by an existing Dask cluster when DASK_SCHEDULER=tcp://host:port is set (grading/pool.py), each job graded
by grading/trusted_run.py. Results come back as plain data; only this process writes autograded/, the
gradebook and reports/grading_status.csv (grading/recording.py), in batches (gradebook.GradebookWriter: one
transaction per batch, the status file written after each commit), so stopping the run half-way leaves
everything consistent and the next run grades everything again.

Nothing a hand-in holds can stop the run (see instructor/grading/untrusted.py): submitted/
is read as plain files and folders only (a link or a special file anywhere in a
submission fails its row, and is never followed or opened), student folder names
must be valid ids, and every result is cleaned and capped before it is recorded; an
error while recording one result fails that row only.
"""
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from .course import ASSIGNMENTS, DUE_DATES, REPO, assignments, by_name
from .grading import sandbox
from .grading.jobs import failed_result
from .grading.pool import run_jobs, workers_starting
from .grading.recording import SUPPORT_COPIES, StatusFile, checkpoint, record
from .grading.settings import SettingError, Settings
from .grading.submissions import find_jobs, unrecognised_entries
from .grading.untrusted import display_name


def progress(total):
    """A progress bar on a terminal; silent in CI and in logs."""
    from tqdm import tqdm
    quiet = os.environ.get("CI") or not sys.stderr.isatty()
    return tqdm(total=total, unit="submission", disable=bool(quiet), dynamic_ncols=True)


def _key_of(result):
    """(student, assignment) of a result, or None if it names none."""
    try:
        key = (result.student, result.assignment)
    except Exception:  # not a Result: recorded as no submission's
        return None
    return key if all(isinstance(part, str) for part in key) else None


def autograde(names=None, root=REPO, db_url=None, workers=None, grade=None, settings=None):
    """Grades every submission; returns the list of results (jobs.Result, one per submission).

    settings: the run's Settings (default: read from the environment); workers, if given, overrides their
    pool size. grade: the job function run_jobs runs (grade_submission; tests pass stand-ins).
    """
    root = Path(root)
    settings = settings or Settings.from_environment()
    if workers:
        settings = replace(settings, workers=workers)
    chosen = [by_name(n) for n in names] if names else assignments(root)
    jobs = find_jobs(root, chosen, settings)
    if not jobs:  # nothing recorded, the status file kept: an empty submitted/ is a mistake, not a class
        print_ignored(root)
        print(nothing_to_grade(root, chosen), file=sys.stderr)
        return []
    with workers_starting(settings, grade):  # they get ready while this process gets the gradebook ready
        return _grade_jobs(jobs, chosen, root, db_url, settings, grade)


def _grade_jobs(jobs, chosen, root, db_url, settings, grade):
    # Imported here, not at the top: the pool's workers import this module again (it is the main one), and
    # nbgrader's import alone takes seconds that they do not need.
    from .gradebook import GradebookWriter, default_db_url, knows_assignment, record_due_date
    from .release import generate, stage_support_files
    db_url = db_url or default_db_url(root)
    for assignment in chosen:
        stage_support_files(assignment, root)
        if not knows_assignment(db_url, assignment.name):
            with tempfile.TemporaryDirectory() as tmp:  # records it without touching release/
                generate(Path(tmp) / "release", root=root, db_url=db_url)
        if assignment.name in DUE_DATES:
            record_due_date(db_url, assignment.name, DUE_DATES[assignment.name])
    print(sandbox.describe(settings))
    where = f"Dask at {settings.dask_scheduler}" if settings.dask_scheduler else f"{settings.pool_size} worker(s)"
    print(f"Grading {len(jobs)} submission(s) with {where}")
    status = StatusFile(root)
    status.keep_only(jobs)
    SUPPORT_COPIES.clear()  # copies made by an earlier run may hold an older release
    pending = {(j.student, j.assignment): j for j in jobs}
    by_key = dict(pending)
    recorded = {}  # {(student, assignment): result}
    writing = 0.0  # seconds this process spent recording results, shared out evenly in the results' timings
    with progress(len(jobs)) as bar, GradebookWriter(db_url) as writer:
        for result in run_jobs(jobs, settings, grade):
            key = _key_of(result)
            job = pending.pop(key, None)
            if job is None:
                print("warning: the grader returned a result for no submission in this run; ignored")
                continue
            started = time.perf_counter()
            recorded[key] = record(root, writer, job, result, status)
            if writer.due():
                recorded.update(checkpoint(root, writer, status, by_key))
            writing += time.perf_counter() - started
            bar.set_postfix(failed=sum(r.status != "graded" for r in recorded.values()))
            bar.update(1)
        started = time.perf_counter()
        for key, job in pending.items():  # one row per submission, even if its result never came back
            recorded[key] = record(root, writer, job, failed_result(job, "the grader returned no result"), status)
        recorded.update(checkpoint(root, writer, status, by_key))
    writing += time.perf_counter() - started
    results = [replace(r, timings={**r.timings, "writing results": writing / len(recorded)}) for r in recorded.values()]
    failures = sum(r.status != "graded" for r in results)
    for r in sorted(results, key=lambda r: (r.assignment, r.student)):
        if r.status != "graded":
            print(f"FAILED  {r.student}/{r.assignment}: {r.reason}")
    print_ignored(root)
    print(f"Graded {len(results) - failures} of {len(results)} submission(s); status in {status.path}")
    return results


def print_ignored(root):
    for path in unrecognised_entries(root):
        print(f"IGNORED {display_name(str(path.relative_to(root)))}: matches no assignment "
              f"(expected submitted/<student>/<assignment>/<Notebook>.ipynb)")


def nothing_to_grade(root, chosen):
    """Two lines: why nothing was found, and where notebooks go (with a real assignment's names)."""
    submitted = Path(root) / "submitted"
    example = chosen[0] if chosen else ASSIGNMENTS[0]
    return (f"Nothing to grade: no submission of {', '.join(a.name for a in chosen) or 'any assignment'} in "
            f"{submitted}{'' if submitted.is_dir() else ' (no such folder)'}.\n"
            f"  Put each notebook at submitted/<student_id>/<assignment>/<Notebook>.ipynb (e.g. submitted/alice/"
            f"{example.name}/{example.notebook}), or run `make demo` for a demo class.")


def main(names):
    """`make autograde`: exits non-zero when a setting is wrong or there was nothing to grade."""
    try:
        settings = Settings.from_environment()
    except SettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from .gradebook import course_root, usable_db_url
    root = course_root()
    return 0 if autograde(names, root=root, db_url=usable_db_url(root), settings=settings) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
