"""The class report: one HTML page per assignment plus an index, in reports/class_report/.

    python -m instructor.report          (run after `make autograde export`)

Each assignment page shows the score distribution, the pass rate of every graded
function, the most frequent diagnosed mistakes (the error messages of the test cells
in autograded/), the functions handed in unanswered (not attempted, shown apart from the
mistakes), the late and failed submissions with their reasons, and a table of students.
The index links the assignments and shows the whole class.

Inputs, all written earlier in the pipeline:
    the gradebook                    the score of every graded test cell (else reports/grades_by_function.csv)
    reports/grading_status.csv       status, score and reason of every submission (make autograde)
    reports/grades.csv               nbgrader's export: timestamps, due dates, late penalties (make export)
    autograded/<student>/<assignment>/<Notebook>.ipynb   the diagnostic messages

The pages are for instructors (they quote hidden-test messages). They are self-contained:
plots are matplotlib PNGs embedded as base64 and the CSS is inline, with no script and no
link to anything outside the page except the other report pages, so they open offline.
grades.csv and grades_by_function.csv stay the machine-readable outputs.
"""
import base64
import html
import io
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from .course import ASSIGNMENTS, REPO
from .notebooks import answer_cells, grade_id, test_cells
from .grading.untrusted import read_csv_rows

REPORT_DIR = Path("reports") / "class_report"
TOP_MISTAKES = 10


# ---------------------------------------------------------------- reading the inputs

def read_csv(path):
    """The rows of one of the course's CSV files; a missing or corrupt one never stops the report."""
    return read_csv_rows(path) if Path(path).is_file() else []


def number(text, default=0.0):
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def function_of(test_id, functions):
    """The graded function a test cell belongs to: the longest function name its grade_id starts with.

    test_gradient_check_n belongs to gradient_check_n, not to gradient_check.
    """
    name = test_id[len("test_"):] if test_id.startswith("test_") else test_id
    matches = [f for f in functions if name == f or name.startswith(f + "_")]
    return max(matches, key=len) if matches else name


def parse_time(text):
    """A timestamp from nbgrader's export as an aware UTC datetime, or None."""
    if not text or not str(text).strip():
        return None
    try:
        from nbgrader.utils import parse_utc
        value = parse_utc(str(text).strip())
    except Exception:
        try:
            value = datetime.fromisoformat(str(text).strip())
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def describe_delay(seconds):
    minutes = int(round(seconds / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes)
    return " ".join(parts) or "less than a minute"


def late_info(row):
    """(is_late, explanation) from a grades.csv row: a late penalty, or a timestamp after the due date."""
    penalty = number(row.get("late_submission_penalty"))
    submitted, due = parse_time(row.get("timestamp")), parse_time(row.get("duedate"))
    reasons = []
    if submitted and due and submitted > due:
        reasons.append(f"submitted {describe_delay((submitted - due).total_seconds())} after the due date "
                       f"({due:%Y-%m-%d %H:%M} UTC)")
    if penalty > 0:
        reasons.append(f"late penalty {penalty:g} point(s)")
    return bool(reasons), "; ".join(reasons)


NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d+|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def mistake_pattern(message):
    """A message's first line with its numbers blanked, so the same mistake groups across students."""
    first = next((l.strip() for l in str(message).splitlines() if l.strip()), "(no message)")
    return re.sub(r"\s+", " ", NUMBER.sub("#", first))[:300]


@dataclass
class Submission:
    student: str
    assignment: str
    status: str = "graded"              # graded | failed
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    notes: str = ""
    late: bool = False
    late_reason: str = ""
    cells: dict = field(default_factory=dict)      # test grade_id -> (score, max_score)
    messages: dict = field(default_factory=dict)   # test grade_id -> diagnostic message (failed cells)

    @property
    def percent(self):
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass
class AssignmentData:
    name: str
    notebook: str
    functions: list                     # graded functions, in notebook order
    points: dict                        # function -> max points
    submissions: dict                   # student -> Submission

    def function_scores(self, sub):
        """{function: (score, max)} for one submission, summed over the function's test cells."""
        totals = {f: [0.0, self.points.get(f, 0.0)] for f in self.functions}
        if sub.status == "graded" and sub.cells:
            for f in totals:
                totals[f][1] = 0.0
            for test_id, (score, maximum) in sub.cells.items():
                f = function_of(test_id, self.functions)
                totals.setdefault(f, [0.0, 0.0])
                totals[f][0] += score
                totals[f][1] += maximum
        return {f: tuple(v) for f, v in totals.items()}


def known_functions(name, root):
    """(notebook, [functions], {function: points}) from the instructor notebook, when it is there."""
    for a in ASSIGNMENTS:
        if a.name == name and a.source_notebook(root).exists():
            nb = nbformat.read(a.source_notebook(root), as_version=4)
            functions = list(answer_cells(nb))
            points = defaultdict(float)
            for test_id, cell in test_cells(nb).items():
                points[function_of(test_id, functions)] += float(cell.metadata.nbgrader.get("points", 0))
            return a.notebook, functions, dict(points)
    return None, [], {}


def read_messages(notebook_path):
    """{test grade_id: message} for the test cells of an autograded notebook that ended in an error."""
    try:
        nb = nbformat.read(notebook_path, as_version=4)
    except Exception:
        return {}
    messages = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                messages[grade_id(cell)] = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
                break
    return messages


def cell_rows(root, db_url=None):
    """The per-test-cell scores: from the gradebook (current even before `make export`), else grades_by_function.csv."""
    from .gradebook import cell_scores, default_db_url
    db_url = db_url or default_db_url(root)
    sqlite_file = db_url[len("sqlite:///"):].split("?")[0] if db_url.startswith("sqlite:///") else None
    if sqlite_file is None or Path(sqlite_file).exists():
        try:
            return [{"student": r.student, "assignment": r.assignment, "notebook": r.notebook,
                     "grade_id": r.grade_id, "score": r.score, "max_score": r.max_score} for r in cell_scores(db_url)]
        except Exception as exc:  # an unreachable database: the exported table is the next best thing
            print(f"report: cannot read the gradebook ({type(exc).__name__}: {exc}); "
                  "using reports/grades_by_function.csv", file=sys.stderr)
    return read_csv(Path(root) / "reports" / "grades_by_function.csv")


def load(root=REPO, db_url=None):
    """Every assignment with its submissions, in course order."""
    root = Path(root)
    # rows naming no submission (a damaged file from an older run) are left out
    status = [r for r in read_csv(root / "reports" / "grading_status.csv") if r.get("student") and r.get("assignment")]
    grades = [r for r in read_csv(root / "reports" / "grades.csv") if r.get("assignment")]
    cells = [r for r in cell_rows(root, db_url) if r.get("student") and r.get("assignment") and r.get("grade_id")]
    names = {r["assignment"] for r in status} | {r["assignment"] for r in grades} | {r["assignment"] for r in cells}
    order = [a.name for a in ASSIGNMENTS if a.name in names] + sorted(names - {a.name for a in ASSIGNMENTS})
    data = []
    for name in order:
        notebook, functions, points = known_functions(name, root)
        subs = {}

        def sub(student):
            return subs.setdefault(student, Submission(student, name))

        for r in cells:
            if r["assignment"] != name:
                continue
            s = sub(r["student"])
            s.cells[r["grade_id"]] = (number(r["score"]), number(r["max_score"]))
            notebook = notebook or r.get("notebook")
            f = function_of(r["grade_id"], functions)
            if f not in functions:
                functions.append(f)
            points.setdefault(f, 0.0)
        for s in subs.values():
            s.score = sum(v[0] for v in s.cells.values())
            s.max_score = sum(v[1] for v in s.cells.values())
        for r in grades:
            if r["assignment"] != name:
                continue
            s = sub(r.get("student_id") or r.get("student"))
            s.late, s.late_reason = late_info(r)
            if not s.cells:
                s.score, s.max_score = number(r.get("score")), number(r.get("max_score"))
        for r in status:  # the grading run has the last word on status and reason
            if r["assignment"] != name:
                continue
            s = sub(r["student"])
            s.status = r.get("status") or "graded"
            s.reason, s.notes = r.get("reason", ""), r.get("notes", "")
            # a graded one's score comes from its cells: the gradebook has the hand-made (formgrader) scores too
            if r.get("score") not in (None, "") and not (s.cells and s.status == "graded"):
                s.score = number(r["score"])
            if number(r.get("max_score")):
                s.max_score = number(r["max_score"])
        if not any(points.values()):
            for s in subs.values():
                for test_id, (_, maximum) in s.cells.items():
                    points[function_of(test_id, functions)] = max(points.get(function_of(test_id, functions), 0),
                                                                   maximum)
        if notebook and not notebook.endswith(".ipynb"):
            notebook += ".ipynb"
        for s in subs.values():
            path = root / "autograded" / s.student / name / (notebook or "-")
            if s.status == "graded" and path.is_file():
                s.messages = read_messages(path)
        data.append(AssignmentData(name, notebook or "", functions, points, dict(sorted(subs.items()))))
    return data


# ---------------------------------------------------------------- analysis

def pass_rates(a):
    """[(function, points, passed, attempted, mean score)] over every submission of the assignment."""
    rows = []
    subs = list(a.submissions.values())
    for f in a.functions:
        scores = [a.function_scores(s)[f] for s in subs]
        passed = sum(1 for got, maximum in scores if maximum > 0 and got >= maximum)
        mean = statistics.fmean([got for got, _ in scores]) if scores else 0.0
        rows.append((f, a.points.get(f, 0.0), passed, len(scores), mean))
    return rows


def not_attempted_message(message):
    """True for the message of a function the student has not written yet (its stub raises NotImplementedError)."""
    return "NotImplementedError" in str(message)


def not_attempted(a):
    """[(function, [students])] for every function some submissions left unanswered, in notebook order."""
    students = defaultdict(set)
    for s in a.submissions.values():
        for test_id, message in s.messages.items():
            if not_attempted_message(message):
                students[function_of(test_id, a.functions)].add(s.student)
    order = {f: i for i, f in enumerate(a.functions)}
    return [(f, sorted(names)) for f, names in sorted(students.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]


def wrong_answers(a):
    """{function: [students]} whose graded submission lost points on a function they did answer."""
    skipped = dict(not_attempted(a))
    wrong = {f: [] for f in a.functions}
    for s in a.submissions.values():
        if s.status != "graded":
            continue  # a submission that could not be graded is listed under late and failed, not here
        for f, (got, maximum) in a.function_scores(s).items():
            if got < maximum and s.student not in skipped.get(f, ()):
                wrong.setdefault(f, []).append(s.student)
    return wrong


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


# ---------------------------------------------------------------- plots

def _png(fig):
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(b64, alt):
    return f'<img class="plot" alt="{html.escape(alt)}" src="data:image/png;base64,{b64}">'


def histogram(a):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    graded = [s.percent for s in a.submissions.values() if s.status == "graded"]
    failed = [s.percent for s in a.submissions.values() if s.status != "graded"]
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    bins = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001]
    ax.hist([graded, failed], bins=bins, stacked=True, color=["#4C72B0", "#C44E52"],
            label=["graded", "grading failed"], edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 10))
    ax.set_xlabel("score (% of the maximum)")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{a.name}: score distribution ({len(a.submissions)} submissions)")
    if failed:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return _img(_png(fig), f"Histogram of {a.name} scores")


def pass_rate_chart(a, rates):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * max(len(rates), 1)))
    names = [r[0] for r in rates][::-1]
    values = [100.0 * r[2] / r[3] if r[3] else 0.0 for r in rates][::-1]
    bars = ax.barh(names, values, color=["#55A868" if v >= 70 else "#DD8452" if v >= 40 else "#C44E52"
                                         for v in values])
    for bar, value in zip(bars, values):
        ax.text(min(value + 1, 88), bar.get_y() + bar.get_height() / 2, f"{value:.0f}%", va="center")
    ax.set_xlim(0, 100)
    ax.set_xlabel("submissions with full marks on the function (%)")
    ax.set_title(f"{a.name}: pass rate per graded function")
    ax.grid(axis="x", alpha=0.3)
    return _img(_png(fig), f"Pass rate per graded function of {a.name}")


def overview_chart(data):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.5 * max(len(data), 1)))
    names = [a.name for a in data][::-1]
    series = [[s.percent for s in a.submissions.values()] for a in data][::-1]
    ax.boxplot(series, orientation="horizontal", tick_labels=names, widths=0.5)
    for i, values in enumerate(series, start=1):
        ax.scatter(values, [i] * len(values), s=14, alpha=0.6, color="#4C72B0", zorder=3)
    ax.set_xlim(-2, 102)
    ax.set_xlabel("score (% of the maximum), one dot per submission")
    ax.set_title("Scores by assignment")
    ax.grid(axis="x", alpha=0.3)
    return _img(_png(fig), "Scores by assignment")


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 70em;
       padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.8em;
     border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.meta { color: #666; font-size: 0.9em; } nav a { margin-right: 1em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fdecea; } tr.late td:first-child { border-left: 4px solid #e0a800; }
.ok { color: #2e7d32; } .bad { color: #c62828; } .warn { color: #a66d00; }
code, .msg { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
.msg { white-space: pre-wrap; max-width: 48em; display: block; }
img.plot { max-width: 100%; border: 1px solid #eee; margin: 0.4em 0; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 0.8em 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.9em; min-width: 8em; }
.card b { display: block; font-size: 1.4em; }
details summary { cursor: pointer; color: #555; }
"""

e = html.escape


def page(title, body, nav):
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<nav>{nav}</nav>\n<h1>{e(title)}</h1>\n<p class=\"meta\">Generated {stamp} by "
            f"<code>make report</code> from the gradebook, reports/*.csv and the autograded notebooks.</p>\n"
            f"{body}\n</body>\n</html>\n")


def nav_links(data, current=None):
    links = ['<a href="index.html">Class overview</a>']
    for a in data:
        label = f"<b>{e(a.name)}</b>" if a.name == current else e(a.name)
        links.append(f'<a href="{e(page_name(a.name))}">{label}</a>')
    return " ".join(links)


def page_name(assignment):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", assignment) + ".html"


def fmt(x):
    return f"{x:g}" if abs(x - round(x, 2)) < 1e-9 else f"{x:.2f}"


def table(headers, rows, classes=None):
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(
            c if isinstance(c, str) and c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def num(x):
    return f'<td class="num">{x}</td>'


def cards(items):
    return '<div class="cards">' + "".join(f'<div class="card"><b>{v}</b>{e(k)}</div>' for k, v in items) + "</div>"


def assignment_stats(a):
    subs = list(a.submissions.values())
    percents = [s.percent for s in subs]
    return {
        "submissions": len(subs),
        "graded": sum(s.status == "graded" for s in subs),
        "failed": sum(s.status != "graded" for s in subs),
        "late": sum(s.late for s in subs),
        "mean": statistics.fmean(percents) if percents else 0.0,
        "median": statistics.median(percents) if percents else 0.0,
        "full": sum(1 for s in subs if s.max_score and s.score >= s.max_score),
    }


def assignment_page(a, data):
    stats = assignment_stats(a)
    rates = pass_rates(a)
    parts = [f"<p>Notebook <code>{e(a.notebook)}</code>; graded functions: "
             f"{', '.join(f'<code>{e(f)}</code>' for f in a.functions) or 'none found'}.</p>",
             cards([("submissions", stats["submissions"]), ("mean score", f"{stats['mean']:.0f}%"),
                    ("median score", f"{stats['median']:.0f}%"), ("full marks", stats["full"]),
                    ("late", stats["late"]), ("grading failed", stats["failed"])])]

    parts.append("<h2>Score distribution</h2>")
    parts.append(histogram(a) if a.submissions else "<p>No submissions.</p>")

    parts.append("<h2>Pass rate per graded function</h2>")
    if rates:
        parts.append(pass_rate_chart(a, rates))
        skipped, wrong = dict(not_attempted(a)), wrong_answers(a)
        parts.append(table(["function", "points", "full marks", "pass rate", "wrong", "not attempted",
                            "mean points"], [
            [f"<code>{e(f)}</code>", num(fmt(p)), num(f"{passed} / {n}"),
             num(f"{100.0 * passed / n:.0f}%" if n else "-"),
             num(len(wrong[f])), num(len(skipped.get(f, ()))), num(f"{mean:.2f}")]
            for f, p, passed, n, mean in rates]))
    else:
        parts.append("<p>No graded test cells found.</p>")

    parts.append("<h2>Most frequent diagnosed mistakes</h2>")
    mistakes = frequent_mistakes(a)
    if mistakes:
        parts.append("<p>The first line of each failing test cell's message, numbers blanked as <code>#</code> so "
                     "that the same mistake groups across students. These quote hidden-test messages: "
                     "instructors only.</p>")
        parts.append(table(["function", "diagnosis", "submissions", "students", "example message"], [
            [f"<code>{e(f)}</code>", f'<span class="msg">{e(pattern)}</span>', num(count),
             e(", ".join(students)), f'<details><summary>show</summary><span class="msg">{e(example[:2000])}'
                                      f"</span></details>"]
            for f, pattern, count, example, students in mistakes]))
    else:
        parts.append("<p>No mistakes: every failing test cell belongs to a function not attempted.</p>"
                     if not_attempted(a) else "<p>No failing test cells.</p>")

    parts.append("<h2>Not attempted</h2>")
    skipped = not_attempted(a)
    if skipped:
        parts.append("<p>Functions handed in unanswered (their stub still raises <code>NotImplementedError</code>)."
                     "</p>")
        parts.append(table(["function", "submissions", "students"], [
            [f"<code>{e(f)}</code>", num(len(students)), e(", ".join(students))] for f, students in skipped]))
    else:
        parts.append("<p>None: every submission answered every function.</p>")

    parts.append("<h2>Late and failed submissions</h2>")
    issues = [s for s in a.submissions.values() if s.late or s.status != "graded"]
    if issues:
        parts.append(table(["student", "problem", "reason", "score"], [
            [e(s.student),
             '<span class="bad">grading failed</span>' if s.status != "graded" else '<span class="warn">late</span>',
             e("; ".join(x for x in (s.reason if s.status != "graded" else "", s.late_reason) if x)) or "-",
             num(f"{fmt(s.score)} / {fmt(s.max_score)}")]
            for s in issues], ["failed" if s.status != "graded" else "late" for s in issues]))
    else:
        parts.append("<p>None: every submission was on time and graded.</p>")

    parts.append("<h2>Students</h2>")
    headers = ["student", "status", "score", "%"] + [f"<code>{e(f)}</code>" for f in a.functions] + ["notes"]
    rows, classes = [], []
    for s in a.submissions.values():
        per = a.function_scores(s)
        cells = []
        for f in a.functions:
            got, maximum = per.get(f, (0.0, a.points.get(f, 0.0)))
            mark = "ok" if maximum and got >= maximum else "bad"
            cells.append(f'<td class="num {mark}">{fmt(got)} / {fmt(maximum)}</td>')
        status = '<span class="ok">graded</span>' if s.status == "graded" else '<span class="bad">failed</span>'
        if s.late:
            status += ' <span class="warn">late</span>'
        notes = "; ".join(x for x in (s.reason, s.late_reason, s.notes) if x)
        notes_html = (f'<details><summary>{e(notes[:60])}{"..." if len(notes) > 60 else ""}</summary>'
                      f'<span class="msg">{e(notes)}</span></details>' if len(notes) > 60 else e(notes))
        rows.append([e(s.student), status, num(f"{fmt(s.score)} / {fmt(s.max_score)}"),
                     num(f"{s.percent:.0f}")] + cells + [notes_html])
        classes.append(" ".join(c for c in ("failed" if s.status != "graded" else "", "late" if s.late else "") if c))
    parts.append(table(headers, rows, classes) if rows else "<p>No submissions.</p>")
    return page(f"Class report: {a.name}", "\n".join(parts), nav_links(data, a.name))


def index_page(data):
    parts = []
    if not data:
        parts.append("<p>Nothing graded yet: run <code>make autograde export</code>, then <code>make report</code>."
                     "</p>")
        return page("Class report", "\n".join(parts), nav_links(data))
    parts.append("<h2>Assignments</h2>")
    rows = []
    for a in data:
        st = assignment_stats(a)
        rows.append([f'<a href="{e(page_name(a.name))}">{e(a.name)}</a>', num(st["submissions"]),
                     num(st["graded"]), num(st["failed"]), num(st["late"]), num(f"{st['mean']:.0f}%"),
                     num(f"{st['median']:.0f}%"), num(st["full"])])
    parts.append(table(["assignment", "submissions", "graded", "grading failed", "late", "mean", "median",
                        "full marks"], rows))
    if any(a.submissions for a in data):
        parts.append(overview_chart(data))

    parts.append("<h2>Hardest functions</h2>")
    hardest = sorted(((100.0 * passed / n, a.name, f, passed, n) for a in data
                      for f, _, passed, n, _ in pass_rates(a) if n), key=lambda r: (r[0], r[1], r[2]))[:8]
    parts.append(table(["assignment", "function", "full marks", "pass rate"], [
        [f'<a href="{e(page_name(name))}">{e(name)}</a>', f"<code>{e(f)}</code>", num(f"{passed} / {n}"),
         num(f"{rate:.0f}%")] for rate, name, f, passed, n in hardest]))

    parts.append("<h2>Students</h2>")
    students = sorted({s for a in data for s in a.submissions})
    rows, classes = [], []
    for student in students:
        row, got, out_of, flags = [e(student)], 0.0, 0.0, []
        for a in data:
            s = a.submissions.get(student)
            if s is None:
                row.append('<td class="num warn">not submitted</td>')
                out_of += sum(a.points.values())
                continue
            label = f"{fmt(s.score)} / {fmt(s.max_score)}"
            if s.status != "graded":
                label += ' <span class="bad">failed</span>'
                flags.append("failed")
            if s.late:
                label += ' <span class="warn">late</span>'
                flags.append("late")
            row.append(f'<td class="num">{label}</td>')
            got, out_of = got + s.score, out_of + s.max_score
        row.append(num(f"{fmt(got)} / {fmt(out_of)}"))
        row.append(num(f"{100.0 * got / out_of:.0f}%" if out_of else "-"))
        rows.append(row)
        classes.append("failed" if "failed" in flags else "late" if "late" in flags else "")
    parts.append(table(["student"] + [e(a.name) for a in data] + ["total", "%"], rows, classes))
    return page("Class report", "\n".join(parts), nav_links(data))


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
