"""Prints the class's scores: one row per student, one column per assignment, late and failed submissions marked.

A submission whose grading failed (reports/grading_status.csv) is marked `failed` and listed with its reason
under the table; one handed in after its due date (the gradebook's timestamps and due dates) is marked `late`.
"""
from pathlib import Path

from .course import REPO
from .gradebook import assignment_scores, course_root, usable_db_url
from .grading.untrusted import read_csv_rows


def failed_submissions(root):
    """{(student, assignment): reason} from reports/grading_status.csv."""
    rows = read_csv_rows(Path(root) / "reports" / "grading_status.csv")  # a corrupt file never stops it
    return {(r.get("student", ""), r.get("assignment", "")): r.get("reason") or "no reason recorded"
            for r in rows if r.get("status") != "graded"}


def late_submissions(db_url):
    """{(student, assignment): seconds late} for the submissions handed in after their due date."""
    from nbgrader.api import Gradebook
    late = {}
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                if submission.total_seconds_late > 0:
                    late[(submission.student.id, assignment.name)] = submission.total_seconds_late
    return late


def describe_delay(seconds):
    hours, minutes = divmod(int(round(seconds / 60)), 60)
    days, hours = divmod(hours, 24)
    return " ".join([f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes)) \
        or "less than a minute"


def summary_table(db_url, root=REPO):
    totals = assignment_scores(db_url)
    failed, late = failed_submissions(root), late_submissions(db_url)
    students = sorted({s for s, _ in totals})
    names = sorted({a for _, a in totals})
    width = max([len(s) for s in students] + [7])
    lines = ["  ".join([f"{'student':<{width}}"] + [f"{n:>25}" for n in names] + [f"{'total':>12}"])]
    for student in students:
        cells, got, out_of = [], 0.0, 0.0
        for name in names:
            if (student, name) in totals:
                score, maximum = totals[(student, name)]
                mark = "failed" if (student, name) in failed else "late" if (student, name) in late else ""
                cells.append(f"{score:>8g} / {maximum:<7g}{mark:>7}")
                got, out_of = got + score, out_of + maximum
            else:
                cells.append("not submitted")
        lines.append("  ".join([f"{student:<{width}}"] + [f"{c:>25}" for c in cells] + [f"{got:>5g} / {out_of:<5g}"]))
    if failed:
        lines += ["", "Grading failed (scored 0; fix or collect again, then `make autograde`):"]
        lines += [f"  {student}/{name}: {reason}" for (student, name), reason in sorted(failed.items())]
    if late:
        lines += ["", "Handed in after the due date:"]
        lines += [f"  {student}/{name}: {describe_delay(seconds)} late" for (student, name), seconds in sorted(late.items())]
    return "\n".join(lines)


def main():
    root = course_root()
    print(summary_table(usable_db_url(root), root))
    report = root / "reports" / "class_report" / "index.html"
    if report.exists():  # written by `make report`, just before this in `make`
        print(f"\nClass report: {report}")


if __name__ == "__main__":
    main()
