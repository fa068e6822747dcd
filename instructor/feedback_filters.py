"""nbgrader feedback preprocessors: students see what failed and why, not hidden tests.

Stock feedback shows the full source of every test cell, hidden region included,
and full tracebacks, which quote the hidden lines that failed. HideHiddenTests
removes the hidden region from test cells and reduces every error in a test cell to
its one-line message (our hidden tests word their messages so they reveal no expected
values).

ScoreSummary puts a summary at the top of the feedback page: for each graded function,
the points earned, whether it passed, and the diagnostic message when it did not. It
reads the scores GetGrades put into the cells and the outputs HideHiddenTests already
cleaned, so it must run after both. A late hand-in's summary says how late it was (instructor/results.py's
lateness, as every report reads it). The block is laid out by templates/feedback_summary.html.
"""
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from .pages import render
from .results import function_of, late_submissions, not_attempted_message

SUMMARY_MARKER = "feedback_summary"
PUBLIC_PASS = "all public tests passed"
MAX_MESSAGE = 600  # characters of a diagnostic message shown in the summary table


class HideHiddenTests(NbGraderPreprocessor):
    """Strips hidden test source and traceback lines from graded test cells."""

    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(enforce_metadata=False)
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell):
                continue
            clear._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = output.get("evalue", "")
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {message}"]
        return nb, resources


def _points(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def function_results(nb):
    """[{function, score, points, passed, public_passed, message}] in notebook order.

    A function passes when it earned every point of its test cells (public and hidden
    tests). public_passed is True when its public tests printed their pass line.
    """
    functions = [c.metadata.nbgrader.grade_id for c in nb.cells
                 if c.cell_type == "code" and utils.is_solution(c) and not utils.is_grade(c)]
    results = {f: {"function": f, "score": 0.0, "points": 0.0, "public_passed": False, "messages": [],
                   "tests": 0} for f in functions}
    for cell in nb.cells:
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            continue
        meta = cell.metadata.nbgrader
        f = function_of(meta.get("grade_id", ""), functions)
        r = results.setdefault(f, {"function": f, "score": 0.0, "points": 0.0, "public_passed": False,
                                   "messages": [], "tests": 0})
        r["tests"] += 1
        r["points"] += _points(meta.get("points"))
        r["score"] += _points(meta.get("score"))
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        if f"{f}: {PUBLIC_PASS}" in text:
            r["public_passed"] = True
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                r["messages"].append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip())
    rows = []
    for r in results.values():
        if not r["tests"]:
            continue
        passed = r["points"] > 0 and r["score"] >= r["points"]
        message = "\n".join(r["messages"])
        if not passed and not message:
            message = "The test cell did not finish (for example it ran out of time)."
        rows.append({"function": r["function"], "score": r["score"], "points": r["points"], "passed": passed,
                     "public_passed": r["public_passed"], "message": message})
    return rows


def verdict(row):
    """What the tests found, in words, for one row of function_results."""
    if row["passed"]:
        return "public and hidden tests passed"
    if row["public_passed"]:
        return "public tests passed; a hidden test (other inputs) failed"
    if not_attempted_message(row["message"]):
        return "not attempted yet: the function still raises NotImplementedError"
    return "public tests failed"


def shown_message(row):
    message = row["message"] if not row["passed"] else ""
    return message[:MAX_MESSAGE] + " ..." if len(message) > MAX_MESSAGE else message


def summary_html(rows, score=None, max_score=None, late_penalty=0.0, late_by=""):
    """The summary block: raw HTML without blank lines, so Markdown passes it through unchanged."""
    got = sum(r["score"] for r in rows) if score is None else score
    out_of = sum(r["points"] for r in rows) if max_score is None else max_score
    shown = [dict(r, detail=verdict(r), shown_message=shown_message(r)) for r in rows]
    block = render("feedback_summary.html", rows=shown, got=got, out_of=out_of, late_penalty=late_penalty,
                   late_by=late_by)
    return "\n".join(line for line in block.splitlines() if line.strip())


class ScoreSummary(NbGraderPreprocessor):
    """Inserts, as the first cell, a per-function score summary of the graded notebook."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get(SUMMARY_MARKER)]
        rows = function_results(nb)
        info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        score = info.get("score")
        max_score = info.get("max_score")
        late_penalty = _points(info.get("late_penalty"))
        summary = new_markdown_cell(summary_html(rows, score, max_score, late_penalty, late_by(info)))
        summary.metadata[SUMMARY_MARKER] = True
        nb.cells.insert(0, summary)
        return nb, resources


def late_by(info):
    """How late this submission was handed in ("1 d 2 h 30 min"), or "" when on time or not known."""
    if not all(info.get(key) for key in ("db_url", "student", "assignment")):
        return ""
    lateness = late_submissions(info["db_url"]).get((info["student"], info["assignment"]))
    return lateness.delay if lateness else ""
