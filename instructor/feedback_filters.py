"""nbgrader feedback preprocessors: students see what failed and why, not hidden tests.

Stock feedback shows the full source of every test cell, hidden region included,
and full tracebacks, which quote the hidden lines that failed. HideHiddenTests
removes the hidden region from test cells and reduces every error in a test cell to
its one-line message (our hidden tests word their messages so they reveal no expected
values).

ScoreSummary puts a summary at the top of the feedback page: for each graded function,
the points earned, whether it passed, and the diagnostic message when it did not. It
reads the scores GetGrades put into the cells and the outputs HideHiddenTests already
cleaned, so it must run after both. A late hand-in's summary says how late it was (the gradebook's
timestamp and due date, as `make summary` reads them).
"""
import html

from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from .summary import describe_delay, late_submissions

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


def function_of(test_id, functions):
    """The graded function a test cell belongs to: the longest function name its grade_id starts with."""
    name = test_id[len("test_"):] if test_id.startswith("test_") else test_id
    matches = [f for f in functions if name == f or name.startswith(f + "_")]
    return max(matches, key=len) if matches else name


def _points(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _fmt(x):
    return f"{x:g}"


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


FAILED = '<span style="color:#c62828">&#10008; failed</span>'


def _verdict(row):
    if row["passed"]:
        return '<span style="color:#2e7d32">&#10004; passed</span>', "public and hidden tests passed"
    if row["public_passed"]:
        return FAILED, "public tests passed; a hidden test (other inputs) failed"
    if "NotImplementedError" in row["message"]:
        return FAILED, "not attempted yet: the function still raises NotImplementedError"
    return FAILED, "public tests failed"


def summary_html(rows, score=None, max_score=None, late_penalty=0.0, late_by=""):
    """The summary block: raw HTML without blank lines, so Markdown passes it through unchanged."""
    got = sum(r["score"] for r in rows) if score is None else score
    out_of = sum(r["points"] for r in rows) if max_score is None else max_score
    cell = 'style="border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top"'
    num = 'style="border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top;white-space:nowrap"'
    tag = 'style="border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;white-space:nowrap"'
    lines = ['<div class="feedback-summary" id="feedback-summary">',
             f"<h2>Your results: {_fmt(got)} / {_fmt(out_of)} points</h2>"]
    if late_by:
        lines.append(f'<p class="feedback-late" style="color:#c62828">Handed in {html.escape(late_by)} after the '
                     "due date.</p>")
    if late_penalty:
        lines.append(f'<p style="color:#c62828">Late submission penalty: -{_fmt(late_penalty)} point(s).</p>')
    lines.append('<table class="feedback-summary-table" style="border-collapse:collapse;margin:0.5em 0">')
    lines.append(f"<thead><tr><th {cell}>function</th><th {num}>points</th><th {cell}>result</th>"
                 f"<th {cell}>what the tests said</th></tr></thead><tbody>")
    for r in rows:
        verdict, detail = _verdict(r)
        message = r["message"] if not r["passed"] else ""
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + " ..."
        said = html.escape(detail)
        if message:
            said += ('<div class="feedback-message" style="font-family:monospace;font-size:0.9em;'
                     'white-space:pre-wrap;background:#f7f7f7;border-left:3px solid #c62828;padding:2px 6px;'
                     'margin-top:3px">' + html.escape(message).replace("\n", "<br>") + "</div>")
        lines.append(f'<tr class="{"passed" if r["passed"] else "failed"}" data-function="'
                     f'{html.escape(r["function"])}"><td {cell}><code>{html.escape(r["function"])}</code></td>'
                     f'<td {num}>{_fmt(r["score"])} / {_fmt(r["points"])}</td><td {tag}>{verdict}</td>'
                     f"<td {cell}>{said}</td></tr>")
    lines.append("</tbody></table>")
    lines.append("<p>Each function's test cell below shows its details. The grader also runs hidden tests on "
                 "other inputs; their code is not shown, only what they found. Before your next submission, "
                 "run <code>from utils.selfcheck import self_check; self_check()</code> in the notebook (or "
                 "<code>python -m utils.selfcheck</code> in its folder) to check the public tests.</p>")
    lines.append("</div>")
    return "\n".join(line.replace("\n\n", "\n") for line in lines)


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
    seconds = late_submissions(info["db_url"]).get((info["student"], info["assignment"]))
    return describe_delay(seconds) if seconds else ""
