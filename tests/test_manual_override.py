"""A score typed in the formgrader ("manual override") outlives a regrade, loudly (issue 16, item 2).

The policy, as nbgrader's own autograde has it: a regrade records the runner's new score as the cell's
auto_score and keeps the hand-made manual_score (and extra credit), which nbgrader counts over the auto_score;
the cell is marked for review, and `make autograde` prints a KEPT line naming every score it kept. Emptying
the score box in the formgrader gives the cell back to the runner. `make export`, `make report` and
`make summary` show the hand-made score. The browser side is browser_tests/test_formgrader.py.
"""
import csv
import shutil
from dataclasses import replace

import nbformat
import pytest
from conftest import grade_jobs_in_this_process
from nbgrader.api import Gradebook

from instructor import course, export, grade, gradebook, release, report, summary
from instructor.grading.jobs import Result

ASSIGNMENT = course.by_name("initialization")
STUDENT = "alice"


def course_notebook():
    """One answer cell and two test cells: test_f (2 points) and test_g (1 point)."""
    def cell(source, grade_id, points=None):
        meta = {"grade": points is not None, "solution": points is None, "locked": points is not None,
                "grade_id": grade_id, "schema_version": 3}
        if points is not None:
            meta["points"] = points
        return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})
    return nbformat.v4.new_notebook(cells=[cell("def f():\n    return 1", "f"),
                                           cell("assert f() == 1", "test_f", 2),
                                           cell("assert f() + 1 == 2", "test_g", 1)])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A one-assignment course with alice's hand-in, its gradebook made once (nbgrader generate_assignment)."""
    root = tmp_path_factory.mktemp("override_course")
    for folder in ("source", "release", f"submitted/{STUDENT}"):
        (root / folder / ASSIGNMENT.name).mkdir(parents=True)
        nbformat.write(course_notebook(), root / folder / ASSIGNMENT.name / ASSIGNMENT.notebook)
    release.generate(root / "generated", root=root, db_url=db(root))
    return root


@pytest.fixture
def root(template, tmp_path, monkeypatch):
    """A fresh copy of the template; jobs run in this process with a stand-in grader."""
    root = tmp_path / "course"
    shutil.copytree(template, root)
    grade_jobs_in_this_process(monkeypatch)
    monkeypatch.setitem(course.DUE_DATES, ASSIGNMENT.name, "2099-01-01 00:00:00 UTC")
    return root


def db(root):
    return f"sqlite:///{root / 'gradebook.db'}"


class Runner:
    """Stands in for grade_submission: these scores for every cell (full marks unless told)."""

    def __init__(self, **scores):
        self.scores = scores

    def __call__(self, job):
        scores = {gid: self.scores.get(gid, points) for gid, points in job.max_scores.items()}
        return Result(student=job.student, assignment=job.assignment, status="graded", reason="", scores=scores,
                      max_scores=job.max_scores, notes=[], messages={}, notebook=nbformat.writes(course_notebook()))


def autograde(root, runner, capsys):
    capsys.readouterr()
    grade.autograde([ASSIGNMENT.name], root=root, db_url=db(root), workers=1, grade=runner)
    return capsys.readouterr().out


def type_in_formgrader(db_url, grade_id, manual_score, extra_credit=None):
    """What the formgrader's score box does (nbgrader's GradeHandler.put): the browser sends the box's text."""
    with Gradebook(db_url) as gb:
        cell = gb.find_grade(grade_id, "Initialization", ASSIGNMENT.name, STUDENT)
        cell.manual_score, cell.extra_credit = manual_score, extra_credit
        cell.needs_manual_grade = manual_score is None and cell.auto_score is None
        gb.db.commit()


def cells(db_url):
    """{grade_id: (score, auto_score, manual_score, needs_manual_grade)} of alice's notebook."""
    with Gradebook(db_url) as gb:
        notebook = gb.find_submission_notebook("Initialization", ASSIGNMENT.name, STUDENT)
        return {g.name: (g.score, g.auto_score, g.manual_score, g.needs_manual_grade) for g in notebook.grades}


def test_a_regrade_keeps_the_hand_made_score_and_says_so(root, capsys):
    out = autograde(root, Runner(), capsys)
    assert "KEPT" not in out
    assert cells(db(root)) == {"test_f": (2.0, 2.0, None, False), "test_g": (1.0, 1.0, None, False)}

    type_in_formgrader(db(root), "test_f", "0.5")  # the box's text, as the browser sends it
    out = autograde(root, Runner(test_g=0.0), capsys)

    assert cells(db(root)) == {"test_f": (0.5, 2.0, 0.5, True), "test_g": (0.0, 0.0, None, False)}
    kept = [line for line in out.splitlines() if line.startswith("KEPT")]
    assert kept == [f"KEPT 1 hand-made score of {STUDENT}/{ASSIGNMENT.name} over the runner's: "
                    "Initialization/test_f 0.5 (runner: 2). To use the runner's, empty the score box in the "
                    "formgrader."], out
    assert gradebook.assignment_scores(db(root)) == {(STUDENT, ASSIGNMENT.name): (0.5, 3.0)}


def test_an_emptied_score_box_gives_the_cell_back_to_the_runner(root, capsys):
    autograde(root, Runner(), capsys)
    type_in_formgrader(db(root), "test_f", 0.5, extra_credit=1.0)
    out = autograde(root, Runner(), capsys)
    assert "Initialization/test_f 0.5 + 1 extra (runner: 2)" in out
    assert cells(db(root))["test_f"] == (1.5, 2.0, 0.5, True)

    type_in_formgrader(db(root), "test_f", None)
    out = autograde(root, Runner(test_f=1.0), capsys)
    assert "KEPT" not in out
    assert cells(db(root))["test_f"] == (1.0, 1.0, None, False)


def test_a_failed_regrade_keeps_it_too_and_flags_the_cells(root, capsys):
    autograde(root, Runner(), capsys)
    type_in_formgrader(db(root), "test_g", 1.0)

    def fails(job):
        return replace(Runner()(job), status="failed", reason="the kernel died")
    out = autograde(root, fails, capsys)
    assert "KEPT 1 hand-made score" in out and "Initialization/test_g 1 (runner: 0)" in out
    assert cells(db(root)) == {"test_f": (0.0, 0.0, None, True), "test_g": (1.0, 0.0, 1.0, True)}


def test_export_report_and_summary_show_the_hand_made_score(root, capsys):
    autograde(root, Runner(), capsys)
    type_in_formgrader(db(root), "test_f", "0.5")
    assert export.export(root=root, db_url=db(root))

    with open(root / "reports" / "grades_by_function.csv", newline="") as f:
        rows = {r["grade_id"]: r for r in csv.DictReader(f)}
    assert (float(rows["test_f"]["score"]), rows["test_f"]["result"]) == (0.5, "wrong")
    assert float(rows["test_g"]["score"]) == 1.0
    with open(root / "reports" / "grades.csv", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["student_id"] == STUDENT]
    assert float(row["score"]) == 1.5

    (data,) = report.load(root=root, db_url=db(root))
    assert data.submissions[STUDENT].score == 1.5, "the report reads the hand-made score, not the runner's total"
    assert "1.5 / 3" in summary.summary_table(db(root), root)
