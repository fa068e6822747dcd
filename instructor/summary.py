"""Prints the class's scores: one row per student, one column per assignment."""
from .course import REPO
from .gradebook import assignment_scores, default_db_url


def summary_table(db_url):
    totals = assignment_scores(db_url)
    students = sorted({s for s, _ in totals})
    names = sorted({a for _, a in totals})
    width = max([len(s) for s in students] + [7])
    lines = ["  ".join([f"{'student':<{width}}"] + [f"{n:>18}" for n in names] + [f"{'total':>12}"])]
    for student in students:
        cells, got, out_of = [], 0.0, 0.0
        for name in names:
            if (student, name) in totals:
                score, maximum = totals[(student, name)]
                cells.append(f"{score:>8g} / {maximum:<7g}")
                got, out_of = got + score, out_of + maximum
            else:
                cells.append(f"{'not submitted':>18}")
        lines.append("  ".join([f"{student:<{width}}"] + [f"{c:>18}" for c in cells] + [f"{got:>5g} / {out_of:<5g}"]))
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary_table(default_db_url(REPO)))
    report = REPO / "reports" / "class_report" / "index.html"
    if report.exists():  # written by `make report`, just before this in `make`
        print(f"\nClass report: {report}")
