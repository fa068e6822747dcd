"""Stock `nbgrader autograde` stays usable on this course and scores the demo class as the runner does.

The demo class (instructor.demo_class: 5 students x 3 assignments) is graded twice, in two scratch courses:
by stock nbgrader (`nbgrader autograde`, one Jupyter kernel per notebook) and by the course's runner
(instructor.grade.autograde). Every test cell's score must be the same. The hand-in cut off half-way
(demo_broken) is no notebook: stock nbgrader records nothing for it, the runner records zeros; both mean
0 points, so its cells count as 0 on both sides.

Cost: stock nbgrader takes about 2-3 s per notebook on an idle machine (15 notebooks), plus two scratch
courses and the runner's grading of the same class; measured 6 min on the shared 2-core machine under a load
average of about 10 (eight sessions at work).
"""
from instructor import demo_class, grade
from instructor.course import assignments, nbgrader
from instructor.gradebook import cell_scores

from conftest import make_scratch_course


def demo_course(root):
    make_scratch_course(root)
    demo_class.write_demo_class(root)
    return f"sqlite:///{root / 'gradebook.db'}"


def scores_by_cell(db_url):
    return {(r.student, r.assignment, r.grade_id): r.score for r in cell_scores(db_url)}


def test_stock_nbgrader_autograde_gives_the_runners_scores_on_the_demo_class(tmp_path):
    stock_db = demo_course(tmp_path / "stock")
    runner_db = demo_course(tmp_path / "runner")

    for assignment in assignments(tmp_path / "stock"):
        run = nbgrader("autograde", assignment.name, "--create", "--force", "--log-level=ERROR",
                       root=tmp_path / "stock", db_url=stock_db, check=False, capture=True)
        # nbgrader exits non-zero for the whole assignment when one notebook (demo_broken's) cannot be read
        assert "demo_broken" in run.stderr or run.returncode == 0, run.stderr[-2000:]
    results = grade.autograde(root=tmp_path / "runner", db_url=runner_db)

    stock, runner = scores_by_cell(stock_db), scores_by_cell(runner_db)
    broken = {key for key in runner if key[0] == demo_class.BROKEN}
    assert broken and all(runner[key] == 0 for key in broken)
    assert all(stock.get(key, 0) == 0 for key in broken), "stock nbgrader gave points to a cut-off notebook"
    graded = {key for key in runner if key not in broken}
    assert graded == set(stock) - broken, "both ways grade the same students' test cells"
    differ = {key: (stock[key], runner[key]) for key in graded if stock[key] != runner[key]}
    assert not differ, f"stock nbgrader and the runner disagree (stock, runner): {differ}"
    # The comparison means something only if the class has both full and partial scores.
    assert any(score > 0 for score in runner.values()) and any(score == 0 for score in runner.values())
    assert sum(r["status"] == "graded" for r in results) == len(results) - len(assignments(tmp_path / "runner"))
