"""Records finished submissions: the parent's only writes, one result at a time.

record() merges one result into autograded/, the gradebook (gradebook.record_result, called from here
only) and reports/grading_status.csv (StatusFile). Every result is first cleaned and capped (clean_result):
it is whatever a worker sent back, so its fields may have any type and its texts any characters. An error
while recording one result fails that row only.
"""
import csv
import os
import shutil
from dataclasses import replace
from pathlib import Path

from ..exchange_files import copy_exchange_files
from ..gradebook import record_result
from .jobs import Result, failed_result
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


def clean_result(result, job):
    """A grading result as the parent may handle it.

    Its student and assignment are the job's, scores exist only for the job's test cells, and every text
    it carries (reason, notes, messages, the notebook) is cleaned of lone surrogates and capped; one-line
    fields lose their control characters. A result that is not what a job returns fails its row.
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
    except Exception as exc:  # not a Result, or fields of the wrong types: a bug on the grading side
        return failed_result(job, f"the grading job returned a malformed result ({type(exc).__name__})")
    if notebook is not None and len(notebook) > MAX_NOTEBOOK:
        status, reason, notebook = "failed", f"the autograded notebook is larger than {MAX_NOTEBOOK} characters", None
    if status != "graded":  # zeros, no notebook: make feedback writes a short page saying why
        scores, notebook, reason = {}, None, reason or "grading failed (no reason given)"
    return Result(student=job.student, assignment=job.assignment, status=status, reason=reason, scores=scores,
                  max_scores=job.max_scores, notes=notes, messages=messages, notebook=notebook)


def write_autograded(root, result, notebook_name):
    """Writes the graded notebook (and what it imports) into autograded/<student>/<assignment>/."""
    folder = Path(root) / "autograded" / result.student / result.assignment
    if folder.exists() or folder.is_symlink():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if result.notebook:
        copy_support_files(Path(root) / "release" / result.assignment, folder)
        (folder / notebook_name).write_text(no_surrogates(result.notebook), encoding="utf-8")
    copy_exchange_files(root, result.student, result.assignment, folder)  # for nbgrader release_feedback


def _remove_autograded(root, result):
    """Best effort: no feedback page may come from a notebook the gradebook does not match."""
    shutil.rmtree(Path(root) / "autograded" / result.student / result.assignment, ignore_errors=True)


def _failed_while(job, result, step, exc):
    return clean_result(failed_result(job, f"grading finished, but {step} failed: {type(exc).__name__}: "
                                           f"{one_line(exc, 500)}", notes=result.notes), job)


def record(root, db_url, job, result, status):
    """Merges one finished submission: autograded/, the gradebook, its status row. Returns the result recorded.

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
            kept = record_result(db_url, result, timestamp=job.timestamp)
        except Exception as exc:  # record_result is one transaction: the gradebook keeps the old submission
            _remove_autograded(root, result)
            result = _failed_while(job, result, "recording it in the gradebook", exc)
        else:
            announce_kept(result, kept)
    try:
        status.update(result)
    except Exception as exc:  # the next update rewrites every row, this one included
        print(f"warning: {status.path} could not be written ({type(exc).__name__}: {one_line(exc, 500)})")
    return result


def announce_kept(result, kept):
    """One loud line per submission whose hand-made (formgrader) scores outlived this regrade."""
    if kept:
        print(f"KEPT {len(kept)} hand-made score{'s' if len(kept) > 1 else ''} of {result.student}/"
              f"{result.assignment} over the runner's: {'; '.join(k.describe() for k in kept)}. "
              f"To use the runner's, empty the score box in the formgrader.")


class StatusFile:
    """reports/grading_status.csv: one row per submission, rewritten whole after each result.

    Every field is one line of clean text, capped far below the csv module's field limit, so the file
    always reads back; a corrupt file from an older run is read as far as it goes (read_csv_rows).
    """

    def __init__(self, root):
        self.path = Path(root) / "reports" / "grading_status.csv"
        self.rows = {}
        for row in read_csv_rows(self.path, STATUS_FIELDS):
            if row["student"] and row["assignment"]:
                self.rows[(row["student"], row["assignment"])] = row

    def keep_only(self, jobs):
        wanted = {(j.student, j.assignment) for j in jobs}
        graded_assignments = {j.assignment for j in jobs}
        self.rows = {k: v for k, v in self.rows.items() if k in wanted or k[1] not in graded_assignments}

    def update(self, result):
        self.rows[(result.student, result.assignment)] = {
            "student": one_line(result.student), "assignment": one_line(result.assignment),
            "status": result.status, "score": f"{sum(result.scores.values()):g}",
            "max_score": f"{sum(result.max_scores.values()):g}", "reason": one_line(result.reason),
            "notes": one_line(" | ".join(result.notes), MAX_NOTES)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=STATUS_FIELDS)
            writer.writeheader()
            for key in sorted(self.rows):
                writer.writerow(self.rows[key])
        os.replace(tmp, self.path)
