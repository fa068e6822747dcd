"""Autograding the demo class through the real grading path gives the scores we expect."""
import csv

import nbformat
import pytest

from instructor import course, export
from instructor.gradebook import assignment_scores, cell_scores
from instructor.notebooks import test_cells

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]


def points(assignment):
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    return {gid: float(c.metadata.nbgrader.points) for gid, c in test_cells(nb).items()}


def scores_of(db_url, student, assignment):
    return {r.grade_id: r.score for r in cell_scores(db_url) if r.student == student and r.assignment == assignment}


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_solution_earns_full_marks(graded_demo_class, assignment):
    root, db_url, _ = graded_demo_class
    assert scores_of(db_url, "demo_full_marks", assignment.name) == points(assignment)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_untouched_release_is_graded_and_earns_zero(graded_demo_class, assignment):
    root, db_url, _ = graded_demo_class
    got = scores_of(db_url, "demo_untouched", assignment.name)
    assert set(got) == set(points(assignment)), "every test cell must be graded"
    assert all(score == 0 for score in got.values())
    assert (root / "autograded" / "demo_untouched" / assignment.name / assignment.notebook).exists()


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_one_wrong_function_loses_exactly_its_points(graded_demo_class, assignment):
    root, db_url, _ = graded_demo_class
    function = assignment.demo_mistake[0]
    expected = {gid: (0.0 if gid.startswith(f"test_{function}") else p) for gid, p in points(assignment).items()}
    assert scores_of(db_url, "demo_one_wrong", assignment.name) == expected


def test_export_writes_grades_and_per_function_table(graded_demo_class):
    root, db_url, _ = graded_demo_class
    assert export.export(root=root, db_url=db_url)
    with open(root / "reports" / "grades.csv") as f:
        grades = list(csv.DictReader(f))
    totals = assignment_scores(db_url)
    assert len(grades) == len(totals) == 3 * len(ASSIGNMENTS)
    for row in grades:
        assert float(row["score"]) == totals[(row["student_id"], row["assignment"])][0]
    with open(root / "reports" / "grades_by_function.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["student", "assignment", "notebook", "grade_id", "score", "max_score"]
    assert len(rows) == 3 * sum(len(points(a)) for a in ASSIGNMENTS)
