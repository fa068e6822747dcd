"""Writes the machine-readable grades into reports/.

    reports/grades.csv               nbgrader's export: one row per student and assignment
    reports/grades_by_function.csv   one row per student, assignment, notebook and graded test cell, with its
                                     result: passed, wrong, not attempted (the stub still raises
                                     NotImplementedError) or grading failed (reports/grading_status.csv),
                                     as instructor/results.py defines them
"""
import csv
import sys
from pathlib import Path

from .course import REPO, nbgrader
from .gradebook import cell_scores, course_root, default_db_url, usable_db_url
from .results import cell_result, failed_submissions, read_messages


def export(root=REPO, db_url=None):
    db_url = db_url or default_db_url(root)
    reports = Path(root) / "reports"
    reports.mkdir(exist_ok=True)
    result = nbgrader("export", f"--to={reports / 'grades.csv'}", "--log-level=WARN",
                      root=root, db_url=db_url, check=False)
    with open(reports / "grades_by_function.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "notebook", "grade_id", "score", "max_score", "result"])
        failed, messages = failed_submissions(root), {}
        for row in cell_scores(db_url):
            key = (row.student, row.assignment, row.notebook)
            if key not in messages:  # the test cells' error messages, from the autograded notebook
                messages[key] = read_messages(Path(root) / "autograded" / row.student / row.assignment
                                              / f"{row.notebook}.ipynb")
            writer.writerow([row.student, row.assignment, row.notebook, row.grade_id, row.score, row.max_score,
                             cell_result(row.score, row.max_score, messages[key].get(row.grade_id, ""),
                                         graded=(row.student, row.assignment) not in failed)])
    print(f"Wrote {reports / 'grades.csv'} and {reports / 'grades_by_function.csv'}")
    return result.returncode == 0


def main():
    root = course_root()
    return 0 if export(root, usable_db_url(root)) else 1


if __name__ == "__main__":
    sys.exit(main())
