"""Writes a small demo class into submitted/, built from source/ and release/.

Five students per assignment, so that `make` shows every kind of result:
    demo_full_marks   every answer cell holds the instructor's solution
    demo_one_wrong    the solution, with one graded function made wrong
    demo_untouched    the release notebook handed in as it was given
    demo_late         the solution, handed in after the due date (course.DUE_DATES)
    demo_broken       a notebook file cut off half-way (as by a failed upload): grading fails with its reason

Every folder gets the timestamp.txt `nbgrader collect` writes: the day before the due date, or, for
demo_late, 1 d 2 h 30 min after it. An assignment without a due date gets no timestamps.

They are regenerated on every run, so they always match the current notebooks.
"""
import shutil
from datetime import timedelta
from pathlib import Path

import nbformat

from .course import DUE_DATES, REPO, assignments
from .notebooks import answer_cells, solution_source

STUDENTS = ("demo_full_marks", "demo_one_wrong", "demo_untouched", "demo_late", "demo_broken")
BROKEN = "demo_broken"       # the one whose grading fails
LATE = "demo_late"           # the one handed in after the due date
LATE_BY = timedelta(days=1, hours=2, minutes=30)


def solved_notebook(assignment, root=REPO, mistake=None):
    """The release notebook with every answer cell filled in from the instructor's solution.

    mistake: optional (function_name, old_text, new_text) applied to that function's answer.
    """
    release = nbformat.read(Path(root) / "release" / assignment.name / assignment.notebook, as_version=4)
    solutions = answer_cells(nbformat.read(assignment.source_notebook(root), as_version=4))
    for grade_id, cell in answer_cells(release).items():
        code = solution_source(solutions[grade_id].source)
        if mistake and mistake[0] == grade_id:
            if mistake[1] not in code:
                raise ValueError(f"{assignment.name}: demo mistake text not found in {grade_id}: {mistake[1]!r}")
            code = code.replace(mistake[1], mistake[2])
        cell.source = code
    return release


def timestamp(assignment, student):
    """The timestamp.txt text for a demo student (as `nbgrader collect` writes it), or None without a due date."""
    if assignment.name not in DUE_DATES:
        return None
    from nbgrader.utils import parse_utc
    handed_in = parse_utc(DUE_DATES[assignment.name]) + (LATE_BY if student == LATE else -timedelta(days=1))
    return handed_in.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def write_demo_class(root=REPO):
    submitted = Path(root) / "submitted"
    for student in STUDENTS:
        shutil.rmtree(submitted / student, ignore_errors=True)
    for assignment in assignments(root):
        solved = nbformat.writes(solved_notebook(assignment, root))
        texts = {
            "demo_full_marks": solved,
            "demo_one_wrong": nbformat.writes(solved_notebook(assignment, root,
                                                              mistake=assignment.demo_mistake or None)),
            "demo_untouched": (Path(root) / "release" / assignment.name / assignment.notebook).read_text(),
            LATE: solved,
            BROKEN: solved[:len(solved) // 2],
        }
        for student, text in texts.items():
            folder = submitted / student / assignment.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / assignment.notebook).write_text(text)
            stamp = timestamp(assignment, student)
            if stamp:
                (folder / "timestamp.txt").write_text(stamp + "\n")
    print(f"Demo class written to {submitted}: {', '.join(STUDENTS)}")


if __name__ == "__main__":
    write_demo_class()
