"""Autograding the demo class through the real grading path gives the scores we expect."""
import csv

import nbformat
import pytest

from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from instructor import course, demo_class, export
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


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_late_submission_is_graded_and_recorded_late(graded_demo_class, assignment):
    root, db_url, _ = graded_demo_class
    assert scores_of(db_url, demo_class.LATE, assignment.name) == points(assignment)
    with Gradebook(db_url) as gb:
        assert gb.find_assignment(assignment.name).duedate == parse_utc(course.DUE_DATES[assignment.name])
        late = gb.find_submission(assignment.name, demo_class.LATE)
        assert late.total_seconds_late == demo_class.LATE_BY.total_seconds()
        assert gb.find_submission(assignment.name, "demo_full_marks").total_seconds_late == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_corrupt_notebook_fails_with_its_reason_and_scores_zero(graded_demo_class, assignment):
    root, db_url, results = graded_demo_class
    (broken,) = [r for r in results if r["student"] == demo_class.BROKEN and r["assignment"] == assignment.name]
    assert broken["status"] == "failed" and "cannot be read" in broken["reason"]
    got = scores_of(db_url, demo_class.BROKEN, assignment.name)
    assert set(got) == set(points(assignment)) and not any(got.values())
    assert all(r["status"] == "graded" for r in results if r["student"] != demo_class.BROKEN)


def test_export_writes_grades_and_per_function_table(graded_demo_class):
    root, db_url, _ = graded_demo_class
    assert export.export(root=root, db_url=db_url)
    with open(root / "reports" / "grades.csv") as f:
        grades = list(csv.DictReader(f))
    totals = assignment_scores(db_url)
    assert len(grades) == len(totals) == len(demo_class.STUDENTS) * len(ASSIGNMENTS)
    for row in grades:
        assert float(row["score"]) == totals[(row["student_id"], row["assignment"])][0]
    with open(root / "reports" / "grades_by_function.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["student", "assignment", "notebook", "grade_id", "score", "max_score", "result"]
    assert len(rows) == len(demo_class.STUDENTS) * sum(len(points(a)) for a in ASSIGNMENTS)
    results = {}
    for row in rows:
        results.setdefault(row["student"], []).append(row["result"])
    # an untouched stub is "not attempted", not "wrong"; a notebook that cannot be read is "grading failed"
    assert set(results["demo_untouched"]) == {"not attempted"}
    assert set(results["demo_full_marks"]) == set(results[demo_class.LATE]) == {"passed"}
    assert set(results[demo_class.BROKEN]) == {"grading failed"}
    wrong = sum(1 for a in ASSIGNMENTS if a.demo_mistake)
    assert results["demo_one_wrong"].count("wrong") >= wrong > 0
    assert set(results["demo_one_wrong"]) <= {"passed", "wrong"}
    late = [row for row in grades if row["student_id"] == demo_class.LATE]
    assert late and all(parse_utc(row["timestamp"]) > parse_utc(row["duedate"]) for row in late)
