"""The class report: one HTML page per assignment plus an index, in reports/class_report/.

    python -m instructor.report          (run after `make autograde export`)

Each assignment page shows the score distribution, the pass rate of every graded
function, the most frequent diagnosed mistakes (the error messages of the test cells
in autograded/), the functions handed in unanswered (not attempted, shown apart from the
mistakes), the late and failed submissions with their reasons, and a table of students.
The index links the assignments and shows the whole class.

The results come from instructor/results.py (which says what late, failed and not attempted mean); a
submission whose grading failed is "not graded": left out of every mean, median and pass rate and shown as
its own count. Figures are drawn by instructor/report_plots.py, pages laid out by the templates
instructor/templates/report_*.html.

The pages are for instructors (they quote hidden-test messages). They are self-contained:
plots are matplotlib PNGs embedded as base64 and the CSS is inline, with no script and no
link to anything outside the page except the other report pages, so they open offline.
grades.csv and grades_by_function.csv stay the machine-readable outputs.
"""
import re
import statistics
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from . import report_plots
from .course import REPO
from .pages import render
from .results import NOT_ATTEMPTED, NOT_GRADED, PASSED, WRONG, function_of, load, not_attempted_message
from .text import mask_numbers

REPORT_DIR = Path("reports") / "class_report"
TOP_MISTAKES = 10
NOTE_CHARS = 60   # characters of a student's notes shown in the students table; the rest on demand


# ---------------------------------------------------------------- analysis

def mistake_pattern(message):
    """A message's first line with its measured numbers blanked, so the same mistake groups across students."""
    first = next((l.strip() for l in str(message).splitlines() if l.strip()), "(no message)")
    return re.sub(r"\s+", " ", mask_numbers(first))[:300]


class FunctionRate(NamedTuple):
    function: str
    points: float
    passed: int
    wrong: int
    not_attempted: int
    not_graded: int
    mean: float                         # mean points over the graded submissions

    @property
    def graded(self):
        return self.passed + self.wrong + self.not_attempted

    @property
    def submissions(self):
        return self.graded + self.not_graded

    @property
    def pass_rate(self):
        """% of the graded submissions with every point of the function."""
        return 100.0 * self.passed / self.graded if self.graded else 0.0


def pass_rates(a):
    """[FunctionRate] per graded function: its four counts add up to the submissions."""
    rows = []
    for f in a.functions:
        by_result = a.students_by_result(f)
        scores = [a.function_scores(s)[f][0] for s in a.graded]
        rows.append(FunctionRate(f, a.points.get(f, 0.0), len(by_result[PASSED]), len(by_result[WRONG]),
                                 len(by_result[NOT_ATTEMPTED]), len(by_result[NOT_GRADED]),
                                 statistics.fmean(scores) if scores else 0.0))
    return rows


def not_attempted(a):
    """[(function, [students])] for every function some submissions left unanswered, in notebook order."""
    return [(f, students) for f in a.functions if (students := a.students_by_result(f)[NOT_ATTEMPTED])]


def frequent_mistakes(a, top=TOP_MISTAKES):
    """[(function, pattern, count, example message, [students])], the most frequent first.

    A function left unanswered is not a mistake: see not_attempted.
    """
    groups = defaultdict(list)
    for s in a.submissions.values():
        for test_id, message in s.messages.items():
            if not_attempted_message(message):
                continue
            groups[(function_of(test_id, a.functions), mistake_pattern(message))].append((s.student, message))
    rows = [(f, pattern, len(items), items[0][1], [st for st, _ in items]) for (f, pattern), items in groups.items()]
    rows.sort(key=lambda r: (-r[2], a.functions.index(r[0]) if r[0] in a.functions else 99, r[1]))
    return rows[:top]


def assignment_stats(a):
    """Counts of the submissions, and the mean and median of the graded ones (not graded ones excluded)."""
    percents = [s.percent for s in a.graded]
    return {
        "submissions": len(a.submissions),
        "graded": len(a.graded),
        "not_graded": len(a.not_graded),
        "late": sum(s.late for s in a.submissions.values()),
        "mean": statistics.fmean(percents) if percents else None,
        "median": statistics.median(percents) if percents else None,
        "full": sum(1 for s in a.graded if s.max_score and s.score >= s.max_score),
    }


# ---------------------------------------------------------------- pages

def page_name(assignment):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", assignment) + ".html"


def _common(data, current=None):
    return {"nav": [(a.name, page_name(a.name), a.name == current) for a in data],
            "stamp": datetime.now().strftime("%Y-%m-%d %H:%M")}


def student_rows(a):
    rows = []
    for s in a.submissions.values():
        per = a.function_scores(s)
        notes = "; ".join(x for x in (s.reason, s.late_reason, s.notes) if x)
        rows.append({"submission": s, "notes": notes, "long": len(notes) > NOTE_CHARS,
                     "functions": [(per.get(f, (0.0, a.points.get(f, 0.0))), result)
                                   for f, result in a.function_results(s).items() if f in a.functions]})
    return rows


def assignment_page(a, data):
    rates = pass_rates(a)
    return render("report_assignment.html", title=f"Class report: {a.name}", a=a, stats=assignment_stats(a),
                  rates=rates, mistakes=frequent_mistakes(a), skipped=not_attempted(a),
                  issues=[s for s in a.submissions.values() if s.late or not s.graded],
                  students=student_rows(a), note_chars=NOTE_CHARS,
                  histogram=report_plots.histogram(a) if a.graded else None,
                  pass_rate_chart=report_plots.pass_rate_chart(a, rates) if rates else None,
                  **_common(data, a.name))


def index_page(data):
    if not data:
        return render("report_index.html", title="Class report", data=data, **_common(data))
    students = []
    for student in sorted({s for a in data for s in a.submissions}):
        row, got, out_of = [], 0.0, 0.0
        for a in data:
            s = a.submissions.get(student)
            row.append(s)
            if s is None:
                out_of += sum(a.points.values())
            else:
                got, out_of = got + s.score, out_of + s.max_score
        handed_in = [s for s in row if s is not None]
        css = "failed" if any(not s.graded for s in handed_in) else "late" if any(s.late for s in handed_in) else ""
        students.append({"student": student, "cells": row, "got": got, "out_of": out_of, "class": css})
    hardest = sorted(((r, a.name) for a in data for r in pass_rates(a) if r.graded),
                     key=lambda ra: (ra[0].pass_rate, ra[1], ra[0].function))[:8]
    overview = [(a, assignment_stats(a)) for a in data]
    return render("report_index.html", title="Class report", data=data, overview=overview, hardest=hardest,
                  students=students, page_name=page_name,
                  chart=report_plots.overview_chart(data) if any(a.submissions for a in data) else None,
                  chart_text="; ".join(f"{a.name}: {report_plots.describe_counts([s.percent for s in a.graded])}"
                                       f"{report_plots.not_graded_note(len(a.not_graded))}" for a in data),
                  **_common(data))


def write_report(root=REPO, db_url=None, out=None):
    """Writes the index and one page per assignment; returns the index path."""
    root = Path(root)
    out = Path(out) if out else root / REPORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    data = load(root, db_url)
    for old in out.glob("*.html"):
        old.unlink()
    for a in data:
        (out / page_name(a.name)).write_text(assignment_page(a, data), encoding="utf-8")
    index = out / "index.html"
    index.write_text(index_page(data), encoding="utf-8")
    return index


def main():
    from .gradebook import course_root, usable_db_url
    root = course_root()
    index = write_report(root, usable_db_url(root))
    print(f"Class report: {index}")


if __name__ == "__main__":
    main()
