"""Autogrades every submission in submitted/: isolated, in parallel, merged by this process only.

    python -m instructor.grade [ASSIGNMENT ...]

Each submission is one job (instructor/grading/trusted_run.py) run by a pool of WORKERS local
processes (default: one per core), or by an existing Dask cluster when
DASK_SCHEDULER=tcp://host:port is set. Results come back as plain data; only
this process writes autograded/, the gradebook and reports/grading_status.csv,
one submission at a time, so stopping the run half-way leaves everything
consistent and the next run grades everything again.

Nothing a hand-in holds can stop the run (see instructor/grading/untrusted.py): submitted/
is read as plain files and folders only (a link or a special file anywhere in a
submission fails its row, and is never followed or opened), student folder names
must be valid ids, and every result is cleaned and capped before it is recorded; an
error while recording one result fails that row only.
"""
import csv
import os
import re
import resource
import shutil
import stat
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

from .grading import sandbox
from .course import ASSIGNMENTS, DUE_DATES, REPO, assignments, by_name
from .gradebook import GradebookWriter, course_root, default_db_url, ensure_assignment, record_due_date, usable_db_url
from .grading.trusted_run import copy_support_files, failed_result, grade_submission, read_support_files
from .notebooks import test_cells
from .release import generate, stage_support_files
from .grading.untrusted import (MAX_NOTES, MAX_TIMESTAMP_BYTES, STUDENT_ID_RULE, Refused, block, display_name,
                        no_surrogates, one_line, read_csv_rows, read_regular_file, shown_name, sorted_entries,
                        valid_student_id)

STATUS_FIELDS = ["student", "assignment", "status", "score", "max_score", "reason", "notes"]


MAX_SUBMITTED_BYTES = 20 * 1024 * 1024  # a larger notebook is refused, not read
MAX_ENTRIES = 10_000  # files and folders in one submission folder, all levels: more is refused, not read
LINKS_REFUSED = "links are refused, never followed"


def _is_dir(path):
    """True for a real folder (a link to one is not)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def check_tree(folder):
    """Refused if anything under `folder` is a link or neither a regular file nor a folder (a FIFO, a socket,
    a device), or if it holds more than MAX_ENTRIES entries. Nothing is followed or opened."""
    pending, seen = [Path(folder)], 0
    while pending:
        current = pending.pop()
        for entry in sorted_entries(current):
            seen += 1
            if seen > MAX_ENTRIES:
                raise Refused(f"more than {MAX_ENTRIES} files and folders")
            relative = Path(entry.path).relative_to(folder)
            if entry.is_symlink():
                raise Refused(f"{display_name(str(relative))} is a symbolic link ({LINKS_REFUSED})")
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif not entry.is_file(follow_symlinks=False):
                raise Refused(f"{display_name(str(relative))} is not a regular file or folder")


def read_submission(folder):
    """{file name: text} of the notebooks in a submission folder (other files by name only).

    Refused (with the reason) if the folder holds a link or a special file anywhere, or a notebook larger
    than MAX_SUBMITTED_BYTES.
    """
    check_tree(folder)
    files = {}
    for entry in sorted_entries(folder):
        if not entry.is_file(follow_symlinks=False) or entry.name == "timestamp.txt":
            continue
        if not entry.name.endswith(".ipynb"):
            files[entry.name] = ""
        else:
            files[entry.name] = read_regular_file(entry.path, MAX_SUBMITTED_BYTES).decode("utf-8", errors="replace")
    return files


# A date, a time, and a zone as a short name of letters (a file name under zoneinfo, never a path) or an offset
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
                       r"( ?([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?", re.ASCII)


def read_timestamp(folder):
    """(UTC datetime or None, note or None) from the timestamp.txt `nbgrader collect` writes in `folder`.

    A timestamp.txt that is missing gives no time and no note. One that cannot be read or parsed (a link,
    not a time, a zone that is a path) gives no time and a note: nbgrader then counts the submission on time, and
    the note asks the instructor to check it. Only the formats nbgrader writes are accepted, so no
    student-chosen text reaches the date parser's time-zone lookup (which reads files by name).
    """
    path = Path(folder) / "timestamp.txt"
    if not os.path.lexists(path):
        return None, None
    unread = "timestamp.txt {}: recorded without a time (counted on time); check the hand-in's time by hand"
    try:
        text = read_regular_file(path, MAX_TIMESTAMP_BYTES).decode("utf-8").strip()
    except (Refused, UnicodeDecodeError) as exc:
        return None, unread.format(f"cannot be read ({one_line(exc, 200)})" if isinstance(exc, Refused)
                                   else "is not UTF-8 text")
    if not TIMESTAMP.fullmatch(text):
        return None, unread.format(f"does not hold a time as nbgrader writes it ({display_name(text)})")
    from nbgrader.utils import parse_utc
    try:
        return parse_utc(text), None
    except Exception as exc:  # whatever the date parser raises on the student's text: a note, never a stop
        return None, unread.format(f"holds an impossible time ({display_name(text)}: {one_line(exc, 200)})")


def _course_job(assignment, root):
    """What every job of one assignment carries: the course's notebooks, support files and points."""
    source_text = assignment.source_notebook(root).read_text()
    release_dir = Path(root) / "release" / assignment.name
    course = {"source": source_text, "release": (release_dir / assignment.notebook).read_text(),
              "support": read_support_files(release_dir)}
    max_scores = {gid: float(c.metadata.nbgrader.points)
                  for gid, c in test_cells(nbformat.reads(source_text, as_version=4)).items()}
    return course, max_scores


def student_folders(submitted):
    """[(name, refusal or None)] for the entries of submitted/ that are student folders (or links).

    A link is refused (never followed), and so is a name that is no valid student id (STUDENT_ID_RULE).
    Loose files are nobody's folder: unrecognised_entries lists them.
    """
    if not Path(submitted).is_dir():
        return []
    found = []
    for entry in sorted_entries(submitted):
        if not (entry.is_symlink() or entry.is_dir(follow_symlinks=False)):
            continue
        if not valid_student_id(entry.name):
            found.append((entry.name, f"the folder name {shown_name(entry.name)} is refused: {STUDENT_ID_RULE}"))
        elif entry.is_symlink():
            found.append((entry.name, f"submitted/{entry.name} is a symbolic link ({LINKS_REFUSED})"))
        else:
            found.append((entry.name, None))
    return found


def find_jobs(root, chosen):
    """One self-contained job per (student, assignment) submission in submitted/.

    A submission is normally the folder submitted/<student>/<assignment>/. A student
    folder that lacks it but holds a stray that plausibly is that assignment (see
    sort_strays) gets a job that fails with the path expected, so the hand-in is not
    lost silently; a stray beside the right folder is only noted on its row.
    A student folder that is refused (a link, a name that is no valid id) gets a refused
    job for every assignment graded, and so does a submission holding a link anywhere:
    what is refused is never read. A job whose "unsafe_id" is set never reaches the
    gradebook or autograded/ (its "student" is the name, escaped).
    """
    jobs = []
    submitted = Path(root) / "submitted"
    folders = student_folders(submitted)
    strays = {name: sort_strays(submitted / name)[0] for name, refusal in folders if not refusal}
    for assignment in chosen:
        course, max_scores = _course_job(assignment, root)
        base = {"assignment": assignment.name, "notebook": assignment.notebook, "max_scores": max_scores}
        for student, refusal in folders:
            if refusal:
                unsafe = not valid_student_id(student)
                jobs.append({**base, "student": shown_name(student) if unsafe else student, "refused": refusal,
                             "unsafe_id": unsafe})
                continue
            job = {**base, "student": student}
            folder = submitted / student / assignment.name
            found = strays[student].get(assignment.name, [])
            shown = ", ".join(_shown(p) for p in found)
            expected = f"submitted/{student}/{assignment.name}/{assignment.notebook}"
            if os.path.islink(folder):
                jobs.append({**job, "refused": f"submitted/{student}/{assignment.name} is a symbolic link "
                                                f"({LINKS_REFUSED})"})
            elif _is_dir(folder):
                job["timestamp"], note = read_timestamp(folder)
                notes = [note] if note else []
                if found:
                    notes.append(f"also handed in, not graded: {shown} in submitted/{student}")
                if notes:
                    job["runner_notes"] = notes
                try:
                    job.update(submission=read_submission(folder), course=course)
                except Refused as exc:
                    job["refused"] = f"submitted/{student}/{assignment.name}: {exc}"
                except OSError as exc:  # vanished or unreadable while being read
                    job["refused"] = f"submitted/{student}/{assignment.name} cannot be read ({exc.strerror})"
                jobs.append(job)
            elif found:
                beside = found[0] if _is_dir(found[0]) else found[0].parent
                job["timestamp"], note = read_timestamp(beside)
                if note:
                    job["runner_notes"] = [note]
                jobs.append({**job, "refused": f"no folder named {assignment.name} in submitted/{student} "
                                        f"(found: {shown}); expected {expected}"})
    return jobs


NEAR_MATCH = 0.8  # difflib ratio: "initialisation" vs "initialization" is 0.93; two course names, 0.57 at most


def _normalised(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _shown(path):
    return display_name(path.name) + ("/" if _is_dir(path) else "")


def sort_strays(student_folder, known=ASSIGNMENTS):
    """({assignment name: [stray paths]}, [unrecognised paths]) in a student's folder.

    A stray is an entry other than an assignment's exact folder (hidden ones such as
    .ipynb_checkpoints are skipped). It plausibly is the assignment whose name or
    notebook name it matches best, ignoring case, punctuation and a file's extension,
    if that match is close (difflib ratio NEAR_MATCH) or contains the name: Initialization/,
    initialisation/, Regularization.ipynb, gradient-checking-v2/. Anything else
    (notes.txt, hw1/) could be any assignment or none: guessing would fail every
    assignment for one stray file, so it gets no row and autograde lists it as ignored.
    Only names are compared: nothing is opened, and links are not followed.
    """
    matched, unrecognised = {}, []
    exact = {a.name for a in known}
    for entry in sorted_entries(student_folder):
        path = Path(entry.path)
        if entry.name.startswith(".") or (entry.name in exact and (entry.is_dir(follow_symlinks=False)
                                                                   or entry.is_symlink())):
            continue
        name = _normalised(path.name if entry.is_dir(follow_symlinks=False) else path.stem)
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
    found = []
    for name, refusal in student_folders(submitted):
        if not refusal:
            found += sort_strays(submitted / name)[1]
    if submitted.is_dir():
        found += [Path(e.path) for e in sorted_entries(submitted) if not e.name.startswith(".")
                  and not e.is_symlink() and not e.is_dir(follow_symlinks=False)]
    return sorted(found)


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
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=limit_memory, initargs=(memory,))
    # Start every worker, and import the grading code in it, before any job's clock starts: on a
    # loaded machine that takes seconds, which must not count against GRADER_JOB_TIMEOUT.
    try:
        for started in [pool.submit(_worker_ready) for _ in range(workers)]:
            started.result()
    except BrokenProcessPool:
        pass  # the jobs submitted next find the pool broken and are handled as a break
    return pool


def _worker_ready():
    return os.getpid()


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


MAX_MESSAGE = 20_000  # characters of one test cell's failure message kept in a result
MAX_NOTEBOOK = 64 * 1024 * 1024  # characters of an autograded notebook; a larger one fails its row


def _score(value, points):
    """A score the gradebook can hold: a finite number between 0 and the cell's points."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return min(max(value, 0.0), points) if value == value else 0.0  # NaN fails value == value


def _notes(notes):
    """Notes as one-line texts, capped one by one and all together (MAX_NOTES)."""
    kept, total = [], 0
    for note in notes if isinstance(notes, (list, tuple)) else [notes]:
        note = one_line(note)
        if total + len(note) > MAX_NOTES:
            kept.append("... (more notes cut)")
            break
        kept.append(note)
        total += len(note) + 3
    return kept


def clean_result(result, job):
    """A grading result as the parent may handle it.

    Its student and assignment are the job's, scores exist only for the job's test cells, and every text
    it carries (reason, notes, messages, the notebook) is cleaned of lone surrogates and capped; one-line
    fields lose their control characters. A result that is not what a job returns fails its row.
    """
    try:
        status = "graded" if result.get("status") == "graded" else "failed"
        scores = result.get("scores") or {}
        scores = {gid: _score(scores[gid], points) for gid, points in job["max_scores"].items() if gid in scores}
        messages = result.get("messages") or {}
        messages = {one_line(gid, 200): block(text, MAX_MESSAGE) for gid, text in list(messages.items())[:1000]}
        notebook = result.get("notebook")
        notebook = no_surrogates(notebook) if isinstance(notebook, str) else None
        reason = one_line(result.get("reason") or "")
        notes = _notes(result.get("notes") or [])
    except Exception as exc:  # not a dict, or fields of the wrong types: a bug on the grading side
        return failed_result(job, f"the grading job returned a malformed result ({type(exc).__name__})")
    if notebook is not None and len(notebook) > MAX_NOTEBOOK:
        status, reason, notebook = "failed", f"the autograded notebook is larger than {MAX_NOTEBOOK} characters", None
    if status != "graded":  # zeros, no notebook: make feedback writes a short page saying why
        scores, notebook, reason = {}, None, reason or "grading failed (no reason given)"
    return {"student": job["student"], "assignment": job["assignment"], "status": status, "reason": reason,
            "scores": scores, "max_scores": job["max_scores"], "notes": notes, "messages": messages,
            "notebook": notebook}


def write_autograded(root, result, notebook_name):
    """Writes the graded notebook (and what it imports) into autograded/<student>/<assignment>/."""
    folder = Path(root) / "autograded" / result["student"] / result["assignment"]
    if folder.exists() or folder.is_symlink():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if result["notebook"]:
        link_or_copy_support_files(Path(root) / "release" / result["assignment"], folder)
        (folder / notebook_name).write_text(no_surrogates(result["notebook"]), encoding="utf-8")


SUPPORT_COPIES = {}  # {release folder: (autograded folder of this run with real copies, their relative paths)}


def link_or_copy_support_files(release_folder, folder):
    """Copies the release's support files into `folder` once a run; after that, hard-links those copies.

    Creating a file costs the disk far more than linking one (on a busy disk, most of the time spent
    recording a result). The links share the first copy, never release/ itself: regenerating release/
    cannot change an autograded folder. If linking fails (the first copy is gone, a file system without
    links), this folder gets real copies and becomes the one linked to.
    """
    first = SUPPORT_COPIES.get(release_folder)
    if first is not None:
        source, files = first
        try:
            for relative in files:
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                os.link(source / relative, folder / relative)
            return
        except OSError:
            shutil.rmtree(folder)
            folder.mkdir(parents=True)
    copy_support_files(release_folder, folder)
    SUPPORT_COPIES[release_folder] = (folder, [p.relative_to(folder) for p in sorted(folder.rglob("*"))
                                               if p.is_file() and not p.is_symlink()])


def _remove_autograded(root, result):
    """Best effort: no feedback page may come from a notebook the gradebook does not match."""
    shutil.rmtree(Path(root) / "autograded" / result["student"] / result["assignment"], ignore_errors=True)


def _failed_while(job, result, step, exc):
    return clean_result(failed_result(job, f"grading finished, but {step} failed: {type(exc).__name__}: "
                                           f"{one_line(exc, 500)}", notes=result["notes"]), job)


def record(root, writer, job, result, status):
    """Merges one finished submission: autograded/, the gradebook, its status row. Returns the result recorded.

    The gradebook row goes into the writer's open batch and the status row is kept in memory: both reach
    the disk at the next checkpoint(), the status row after the gradebook's commit.
    An error in any step fails this row only (the row says which step and why) and the run goes on. A job
    whose student name is no valid id (job["unsafe_id"]) gets its status row only.
    """
    result = clean_result(result, job)
    result["notes"] = _notes(result["notes"] + list(job.get("runner_notes", [])))
    if not job.get("unsafe_id"):
        try:
            write_autograded(root, result, job["notebook"])
        except Exception as exc:
            _remove_autograded(root, result)
            result = _failed_while(job, result, "writing autograded/", exc)
        try:
            writer.record(result, timestamp=job.get("timestamp"))
        except Exception as exc:  # all or nothing: the gradebook keeps the old submission
            _remove_autograded(root, result)
            result = _failed_while(job, result, "recording it in the gradebook", exc)
    status.update(result)
    return result


def checkpoint(root, writer, status, jobs):
    """Commits the writer's batch, then writes the status file: a row never claims a result the gradebook lacks.

    A row already on disk that says `graded` and is about to change is first written as failed (the run
    stopped before recording it again): a kill between the commit and the status write then leaves no
    `graded` row whose scores the gradebook no longer holds. jobs: {(student, assignment): job} of the run.
    """
    changing = [key for key in writer.keys() if status.saved_differs(key)]
    try:
        if changing:
            status.save(interrupted=changing)
        for result, exc in writer.commit():  # recorded into the batch, but the gradebook could not keep it
            job = jobs[_key(result)]
            _remove_autograded(root, result)
            result.update(_failed_while(job, result, "recording it in the gradebook", exc))  # the run's list too
            status.update(result)
        status.save()
    except OSError as exc:  # the next checkpoint rewrites every row, these included
        print(f"warning: {status.path} could not be written ({type(exc).__name__}: {one_line(exc, 500)})")


INTERRUPTED = "the grading run stopped before this result was recorded again: run the grading again"


class StatusFile:
    """reports/grading_status.csv: one row per submission, rewritten whole at each checkpoint (save()).

    Every field is one line of clean text, capped far below the csv module's field limit, so the file
    always reads back; a corrupt file from an older run is read as far as it goes (read_csv_rows).
    """

    def __init__(self, root):
        self.path = Path(root) / "reports" / "grading_status.csv"
        self.rows = {}
        for row in read_csv_rows(self.path, STATUS_FIELDS):
            if row["student"] and row["assignment"]:
                self.rows[(row["student"], row["assignment"])] = row
        self.saved = dict(self.rows)  # the rows as the file on disk has them

    def keep_only(self, jobs):
        wanted = {(j["student"], j["assignment"]) for j in jobs}
        graded_assignments = {j["assignment"] for j in jobs}
        self.rows = {k: v for k, v in self.rows.items() if k in wanted or k[1] not in graded_assignments}

    def update(self, result):
        """Sets the result's row in memory; save() writes it."""
        self.rows[(result["student"], result["assignment"])] = {
            "student": one_line(result["student"]), "assignment": one_line(result["assignment"]),
            "status": result["status"], "score": f"{sum(result['scores'].values()):g}",
            "max_score": f"{sum(result['max_scores'].values()):g}", "reason": one_line(result["reason"]),
            "notes": one_line(" | ".join(result["notes"]), MAX_NOTES)}

    def saved_differs(self, key):
        """True if the file on disk says `graded` for this submission and its row in memory differs."""
        saved = self.saved.get(key)
        return bool(saved) and saved.get("status") == "graded" and saved != self.rows.get(key)

    def save(self, interrupted=()):
        """Writes every row (atomically); the rows of `interrupted` as failed, with INTERRUPTED as the reason."""
        rows = dict(self.rows)
        for key in interrupted:
            rows[key] = dict(rows[key], status="failed", score="0", reason=INTERRUPTED)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=STATUS_FIELDS)
            writer.writeheader()
            for key in sorted(rows):
                writer.writerow(rows[key])
        os.replace(tmp, self.path)
        self.saved = rows


def progress(total):
    """A progress bar on a terminal; silent in CI and in logs."""
    from tqdm import tqdm
    quiet = os.environ.get("CI") or not sys.stderr.isatty()
    return tqdm(total=total, unit="submission", disable=bool(quiet), dynamic_ncols=True)


def _key_of(result):
    """(student, assignment) of a result, or None if it names none."""
    try:
        key = (result["student"], result["assignment"])
    except Exception:
        return None
    return key if all(isinstance(part, str) for part in key) else None


def autograde(names=None, root=REPO, db_url=None, workers=None, grade=None):
    """Grades every submission; returns the list of results (one per submission).

    grade: the job function run_jobs runs (grade_submission; tests pass stand-ins).
    """
    root = Path(root)
    db_url = db_url or default_db_url(root)
    workers = workers or int(os.environ.get("WORKERS", os.cpu_count() or 1))
    chosen = [by_name(n) for n in names] if names else assignments(root)
    jobs = find_jobs(root, chosen)
    if not jobs:  # nothing recorded, the status file kept: an empty submitted/ is a mistake, not a class
        print_ignored(root)
        print(nothing_to_grade(root, chosen), file=sys.stderr)
        return []
    for assignment in chosen:
        stage_support_files(assignment, root)
        if not ensure_assignment(db_url, assignment.name, root):
            with tempfile.TemporaryDirectory() as tmp:  # records it without touching release/
                generate(Path(tmp) / "release", root=root, db_url=db_url)
        if assignment.name in DUE_DATES:
            record_due_date(db_url, assignment.name, DUE_DATES[assignment.name])
    print(sandbox.describe())
    print(f"Grading {len(jobs)} submission(s) with "
          f"{'Dask at ' + os.environ['DASK_SCHEDULER'] if os.environ.get('DASK_SCHEDULER') else f'{workers} worker(s)'}")
    status = StatusFile(root)
    status.keep_only(jobs)
    SUPPORT_COPIES.clear()  # copies made by an earlier run may hold an older release
    pending = {(j["student"], j["assignment"]): j for j in jobs}
    by_key = dict(pending)
    results = []
    with progress(len(jobs)) as bar, GradebookWriter(db_url) as writer:
        for result in run_jobs(jobs, workers, grade):
            job = pending.pop(_key_of(result), None)
            if job is None:
                print("warning: the grader returned a result for no submission in this run; ignored")
                continue
            results.append(record(root, writer, job, result, status))
            if writer.due():
                checkpoint(root, writer, status, by_key)
            bar.set_postfix(failed=sum(r["status"] != "graded" for r in results))
            bar.update(1)
        for job in pending.values():  # one row per submission, even if its result never came back
            results.append(record(root, writer, job, failed_result(job, "the grader returned no result"), status))
        checkpoint(root, writer, status, by_key)
    failures = sum(r["status"] != "graded" for r in results)
    for r in sorted(results, key=lambda r: (r["assignment"], r["student"])):
        if r["status"] != "graded":
            print(f"FAILED  {r['student']}/{r['assignment']}: {r['reason']}")
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
    """`make autograde`: exits non-zero when there was nothing to grade."""
    root = course_root()
    return 0 if autograde(names, root=root, db_url=usable_db_url(root)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
