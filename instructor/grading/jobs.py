"""What goes to a grading worker (a Job) and what comes back (a Result): plain data that pickles.

A job is self-contained, so it can run on another machine (Dask) with no shared file system: the course's
notebooks and support files travel in it (CourseFiles), with the hand-in and the run's settings. Jobs are
built by new_job only, from the CourseFiles of one assignment (course_files); submissions.py builds one per
hand-in, the accuracy tools one for the instructor's solution.

A Result is built by the worker (trusted_run.grade_submission) or, for a hand-in that never reaches one, by
failed_result. The parent cleans every result before it records it (recording.clean_result): nothing in
a Result is trusted to have the types written here until then.
"""
import base64
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path

import nbformat

from ..notebooks import test_cells
from .settings import Settings


@dataclass(frozen=True)
class CourseFiles:
    """One assignment as every job of it carries it.

    source, release: the instructor's and the released notebook, as text; support: {relative path: base64
    bytes} of the release's other files (utils/, datasets/); max_scores: {grade_id: points} of its test cells.
    """
    assignment: str
    notebook: str
    source: str
    release: str
    support: dict
    max_scores: dict


@dataclass(frozen=True)
class Job:
    """One (student, assignment) hand-in.

    submission: {file name: text} of the student's folder (notebooks as text, other files by name only);
    refused: why the hand-in is not graded (a link, a misplaced folder), then it never reaches a worker;
    unsafe_id: the student's folder name is no valid id (`student` is then the name escaped), so the result
    never reaches the gradebook or autograded/; timestamp: the hand-in's time (UTC) or None; runner_notes: what
    the parent noticed while reading the hand-in, added to the result's notes.
    """
    student: str
    assignment: str
    notebook: str
    max_scores: dict
    settings: Settings
    course: CourseFiles | None = None
    submission: dict | None = None
    timestamp: datetime | None = None
    runner_notes: tuple = ()
    refused: str | None = None
    unsafe_id: bool = False


@dataclass(frozen=True)
class Result:
    """What grading one job gave.

    status: "graded" or "failed" (then reason says why, scores are zeros); scores and max_scores:
    {grade_id: points}; notes: instructor-only remarks; messages: {grade_id: why the test cell failed};
    notebook: the autograded notebook as text (None when failed); timings: {phase: seconds} of this job, for
    `make bench`'s breakdown (phases from TIMING_PHASES; empty when not measured).

    result["field"] reads a field too, for code written against the plain dicts results were
    (gradebook.record_result among them).
    """
    student: str
    assignment: str
    status: str
    reason: str
    scores: dict
    max_scores: dict
    notes: list = field(default_factory=list)
    messages: dict = field(default_factory=dict)
    notebook: str | None = None
    timings: dict = field(default_factory=dict)

    def __getitem__(self, name):
        if name not in FIELDS_OF_RESULT:
            raise KeyError(name)
        return getattr(self, name)


FIELDS_OF_RESULT = frozenset(f.name for f in fields(Result))

# Where a job's seconds go, in the order `make bench` prints them. The worker measures the first five
# (trusted_run._job_timings), the parent the last (grade.autograde).
TIMING_PHASES = ("sandbox start", "student cells", "calls", "sandbox stop", "trusted compute", "writing results")


def read_support_files(release_folder):
    """{relative path: base64 bytes} of a release folder's files other than notebooks."""
    found = {}
    for path in sorted(Path(release_folder).rglob("*")):
        if path.is_file() and path.suffix != ".ipynb" and "__pycache__" not in path.parts:
            found[str(path.relative_to(release_folder))] = base64.b64encode(path.read_bytes()).decode("ascii")
    return found


def course_files(assignment, root):
    """The CourseFiles of `assignment` (a course.Assignment) in the course folder `root`."""
    source = assignment.source_notebook(root).read_text()
    release_dir = Path(root) / "release" / assignment.name
    max_scores = {gid: float(c.metadata.nbgrader.points)
                  for gid, c in test_cells(nbformat.reads(source, as_version=4)).items()}
    return CourseFiles(assignment.name, assignment.notebook, source, (release_dir / assignment.notebook).read_text(),
                       read_support_files(release_dir), max_scores)


def new_job(course, student, settings, **details):
    """The job of `student`'s hand-in of the assignment `course` (CourseFiles) describes.

    details: the other fields of Job (submission, timestamp, runner_notes, refused, unsafe_id).
    """
    if "runner_notes" in details:
        details["runner_notes"] = tuple(details["runner_notes"])
    return Job(student=student, assignment=course.assignment, notebook=course.notebook,
               max_scores=course.max_scores, settings=settings, course=course, **details)


def failed_result(job, reason, notes=()):
    """The result of a submission that could not be graded: zeros, with the reason."""
    return Result(student=job.student, assignment=job.assignment, status="failed", reason=reason, scores={},
                  max_scores=job.max_scores, notes=list(notes), messages={}, notebook=None)
