"""Writes the machine-readable grades into reports/.

    reports/grades.csv               nbgrader's export: one row per student and assignment
    reports/grades_by_function.csv   one row per student, assignment, notebook and graded test cell
"""
import csv
import sys
from pathlib import Path

from .course import REPO, nbgrader
from .gradebook import cell_scores, default_db_url


def export(root=REPO, db_url=None):
    db_url = db_url or default_db_url(root)
    reports = Path(root) / "reports"
    reports.mkdir(exist_ok=True)
    result = nbgrader("export", f"--to={reports / 'grades.csv'}", root=root, db_url=db_url, check=False)
    with open(reports / "grades_by_function.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "notebook", "grade_id", "score", "max_score"])
        for row in cell_scores(db_url):
            writer.writerow([row.student, row.assignment, row.notebook, row.grade_id, row.score, row.max_score])
    print(f"Wrote {reports / 'grades.csv'} and {reports / 'grades_by_function.csv'}")
    return result.returncode == 0


if __name__ == "__main__":
    sys.exit(0 if export() else 1)
