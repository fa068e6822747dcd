"""Prints the class's scores: one row per student, one column per assignment, late and failed submissions marked.

It reads the results model (instructor/results.py, which defines late and failed): a submission whose grading
failed is marked `failed` and listed with its reason under the table; a late one (handed in after its due date,
or with a late penalty) is marked `late` and listed with how late.
"""
from .course import REPO
from .gradebook import course_root, usable_db_url
from .results import load


def summary_table(db_url, root=REPO):
    data = [a for a in load(root, db_url) if a.submissions]
    students = sorted({s for a in data for s in a.submissions})
    width = max([len(s) for s in students] + [7])
    lines = ["  ".join([f"{'student':<{width}}"] + [f"{a.name:>25}" for a in data] + [f"{'total':>12}"])]
    for student in students:
        cells, got, out_of = [], 0.0, 0.0
        for a in data:
            s = a.submissions.get(student)
            if s is None:
                cells.append("not submitted")
                continue
            mark = "failed" if not s.graded else "late" if s.late else ""
            cells.append(f"{s.score:>8g} / {s.max_score:<7g}{mark:>7}")
            got, out_of = got + s.score, out_of + s.max_score
        lines.append("  ".join([f"{student:<{width}}"] + [f"{c:>25}" for c in cells] + [f"{got:>5g} / {out_of:<5g}"]))
    failed = [(s.student, a.name, s.reason or "no reason recorded") for a in data for s in a.not_graded]
    late = [(s.student, a.name, s.lateness) for a in data for s in a.submissions.values() if s.late]
    if failed:
        lines += ["", "Grading failed (not graded, scored 0; fix or collect again, then `make autograde`):"]
        lines += [f"  {student}/{name}: {reason}" for student, name, reason in sorted(failed)]
    if late:
        lines += ["", "Handed in after the due date:"]
        lines += [f"  {student}/{name}: {lateness.reason}"
                  for student, name, lateness in sorted(late, key=lambda x: x[:2])]
    return "\n".join(lines)


def main():
    root = course_root()
    print(summary_table(usable_db_url(root), root))
    report = root / "reports" / "class_report" / "index.html"
    if report.exists():  # written by `make report`, just before this in `make`
        print(f"\nClass report: {report}")


if __name__ == "__main__":
    main()
