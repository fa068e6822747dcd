"""Records finished submissions: the parent's only writes.

record() merges one result into autograded/, the open batch of a GradebookWriter and, in memory, the
status rows of reports/grading_status.csv (StatusFile); checkpoint() commits the batch, then writes the
status file. Every result is first cleaned and capped (clean_result): it is whatever a worker sent back, so
its fields may have any type and its texts any characters. An error while recording one result fails that
row only.
"""
import csv
import math
import os
import shutil
from dataclasses import replace
from pathlib import Path

from ..exchange_files import copy_exchange_files
from .jobs import TIMING_PHASES, Result, failed_result
from .trusted_run import copy_support_files
from .untrusted import MAX_NOTES, block, no_surrogates, one_line, read_csv_rows

STATUS_FIELDS = ["student", "assignment", "status", "score", "max_score", "reason", "notes"]


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


def _timings(timings):
    """{known phase: finite non-negative seconds}; anything else a result carries there is dropped."""
    kept = {}
    for phase, seconds in timings.items() if type(timings) is dict else ():
        try:
            if type(phase) is str and phase in TIMING_PHASES and type(seconds) in (int, float) \
                    and math.isfinite(seconds) and seconds >= 0:
                kept[phase] = float(seconds)
        except OverflowError:  # an int too large for a float
            pass
    return kept


def clean_result(result, job):
    """A grading result as the parent may handle it.

    Its student and assignment are the job's, scores exist only for the job's test cells, and every text
    it carries (reason, notes, messages, the notebook) is cleaned of lone surrogates and capped; one-line
    fields lose their control characters; timings keep only known phases with finite non-negative seconds. A
    result that is not what a job returns fails its row.
    """
    try:
        if not isinstance(result, Result):
            raise TypeError("not a Result")
        status = "graded" if result.status == "graded" else "failed"
        scores = result.scores or {}
        scores = {gid: _score(scores[gid], points) for gid, points in job.max_scores.items() if gid in scores}
        messages = result.messages or {}
        messages = {one_line(gid, 200): block(text, MAX_MESSAGE) for gid, text in list(messages.items())[:1000]}
        notebook = result.notebook
        notebook = no_surrogates(notebook) if isinstance(notebook, str) else None
        reason = one_line(result.reason or "")
        notes = _notes(result.notes or [])
        timings = _timings(getattr(result, "timings", None))
    except Exception as exc:  # not a Result, or fields of the wrong types: a bug on the grading side
        return failed_result(job, f"the grading job returned a malformed result ({type(exc).__name__})")
    if notebook is not None and len(notebook) > MAX_NOTEBOOK:
        status, reason, notebook = "failed", f"the autograded notebook is larger than {MAX_NOTEBOOK} characters", None
    if status != "graded":  # zeros, no notebook: make feedback writes a short page saying why
        scores, notebook, reason = {}, None, reason or "grading failed (no reason given)"
    return Result(student=job.student, assignment=job.assignment, status=status, reason=reason, scores=scores,
                  max_scores=job.max_scores, notes=notes, messages=messages, notebook=notebook, timings=timings)


def write_autograded(root, result, notebook_name):
    """Writes the graded notebook (and what it imports) into autograded/<student>/<assignment>/."""
    folder = Path(root) / "autograded" / result.student / result.assignment
    if folder.exists() or folder.is_symlink():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if result.notebook:
        link_or_copy_support_files(Path(root) / "release" / result.assignment, folder)
        (folder / notebook_name).write_text(no_surrogates(result.notebook), encoding="utf-8")
    copy_exchange_files(root, result.student, result.assignment, folder)  # for nbgrader release_feedback


SUPPORT_COPIES = {}  # {release folder: (autograded folder of this run with real copies, their relative paths)}


def link_or_copy_support_files(release_folder, folder):
    """Copies the release's support files into `folder` once a run; after that, hard-links those copies.

    Creating a file costs the disk far more than linking one (on a busy disk, most of the time spent
    recording a result). The links share the first copy, never release/ itself: regenerating release/
    cannot change an autograded folder. If linking fails (the first copy is gone, a file system without
    links), this folder gets real copies and becomes the one linked to. autograde() clears SUPPORT_COPIES
    at the start of each run.
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
    shutil.rmtree(Path(root) / "autograded" / result.student / result.assignment, ignore_errors=True)


def _failed_while(job, result, step, exc):
    return clean_result(failed_result(job, f"grading finished, but {step} failed: {type(exc).__name__}: "
                                           f"{one_line(exc, 500)}", notes=result.notes), job)


def record(root, writer, job, result, status):
    """Merges one finished submission: autograded/, the gradebook, its status row. Returns the result recorded.

    The gradebook rows go into the writer's open batch and the status row is kept in memory: both reach
    the disk at the next checkpoint(), the status row after the gradebook's commit.
    An error in any step fails this row only (the row says which step and why) and the run goes on. A job
    whose student name is no valid id (job.unsafe_id) gets its status row only.
    """
    result = clean_result(result, job)
    result = replace(result, notes=_notes(result.notes + list(job.runner_notes)))
    if not job.unsafe_id:
        try:
            write_autograded(root, result, job.notebook)
        except Exception as exc:
            _remove_autograded(root, result)
            result = _failed_while(job, result, "writing autograded/", exc)
        try:
            writer.record(result, timestamp=job.timestamp)
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
    Returns {(student, assignment): result} of the results the gradebook could not keep after all, now
    failed (they replace the ones record() returned); prints a KEPT line for every kept hand-made score.
    """
    changed = {}
    changing = [key for key in writer.keys() if status.saved_differs(key)]
    try:
        if changing:
            status.save(interrupted=changing)
        failures, kept = writer.commit()
        for result, hand_made in kept:
            announce_kept(result, hand_made)
        for result, exc in failures:  # recorded into the batch, but the gradebook could not keep it
            key = (result.student, result.assignment)
            _remove_autograded(root, result)
            changed[key] = _failed_while(jobs[key], result, "recording it in the gradebook", exc)
            status.update(changed[key])
        status.save()
    except OSError as exc:  # the next checkpoint rewrites every row, these included
        print(f"warning: {status.path} could not be written ({type(exc).__name__}: {one_line(exc, 500)})")
    return changed


INTERRUPTED = "the grading run stopped before this result was recorded again: run the grading again"


def announce_kept(result, kept):
    """One loud line per submission whose hand-made (formgrader) scores outlived this regrade."""
    if kept:
        print(f"KEPT {len(kept)} hand-made score{'s' if len(kept) > 1 else ''} of {result.student}/"
              f"{result.assignment} over the runner's: {'; '.join(k.describe() for k in kept)}. "
              f"To use the runner's, empty the score box in the formgrader.")


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
        wanted = {(j.student, j.assignment) for j in jobs}
        graded_assignments = {j.assignment for j in jobs}
        self.rows = {k: v for k, v in self.rows.items() if k in wanted or k[1] not in graded_assignments}

    def update(self, result):
        """Sets the result's row in memory; save() writes it."""
        self.rows[(result.student, result.assignment)] = {
            "student": one_line(result.student), "assignment": one_line(result.assignment),
            "status": result.status, "score": f"{sum(result.scores.values()):g}",
            "max_score": f"{sum(result.max_scores.values()):g}", "reason": one_line(result.reason),
            "notes": one_line(" | ".join(result.notes), MAX_NOTES)}

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
