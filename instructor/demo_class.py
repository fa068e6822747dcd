"""Writes a small demo class into submitted/, built from source/ and release/.

Three students per assignment, so that `make` shows every kind of result:
    demo_full_marks   every answer cell holds the instructor's solution
    demo_one_wrong    the solution, with one graded function made wrong
    demo_untouched    the release notebook handed in as it was given

They are regenerated on every run, so they always match the current notebooks.
"""
import shutil
from pathlib import Path

import nbformat

from .course import REPO, assignments
from .notebooks import answer_cells, solution_source

STUDENTS = ("demo_full_marks", "demo_one_wrong", "demo_untouched")


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


def write_demo_class(root=REPO):
    submitted = Path(root) / "submitted"
    for student in STUDENTS:
        shutil.rmtree(submitted / student, ignore_errors=True)
    for assignment in assignments(root):
        notebooks = {
            "demo_full_marks": solved_notebook(assignment, root),
            "demo_one_wrong": solved_notebook(assignment, root, mistake=assignment.demo_mistake or None),
            "demo_untouched": nbformat.read(Path(root) / "release" / assignment.name / assignment.notebook,
                                            as_version=4),
        }
        for student, nb in notebooks.items():
            folder = submitted / student / assignment.name
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / assignment.notebook)
    print(f"Demo class written to {submitted}: {', '.join(STUDENTS)}")


if __name__ == "__main__":
    write_demo_class()
