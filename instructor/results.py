"""The class's results, read once for every report: export, summary, the class report and feedback.

Definitions used everywhere:
    failed          a submission whose row in reports/grading_status.csv is not `graded`: the grader could not
                    grade it (its reason is on that row). Reports call it "not graded": it counts in no mean,
                    median or pass rate and is shown as its own count.
    late            handed in after its due date (nbgrader's seconds late, which count a student's extension) or
                    carrying a late penalty. Read from the gradebook; from reports/grades.csv (nbgrader's export)
                    only when the gradebook cannot be read.
    not attempted   a graded function whose test cells failed with NotImplementedError: the stub as released.
    per function    passed (every point), wrong, not attempted, or grading failed (the submission was not graded);
                    these four add up to the submissions.

Inputs, all written earlier in the pipeline:
    the gradebook                    the score of every graded test cell (else reports/grades_by_function.csv)
    reports/grading_status.csv       status, score and reason of every submission (make autograde)
    reports/grades.csv               nbgrader's export: timestamps, due dates, late penalties (make export)
    autograded/<student>/<assignment>/<Notebook>.ipynb   the diagnostic messages of the failing test cells
"""
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from .course import ASSIGNMENTS, REPO
from .grading.untrusted import read_csv_rows
from .notebooks import answer_cells, grade_id, test_cells
from .text import describe_delay

GRADED, FAILED = "graded", "failed"                                      # a submission
PASSED, WRONG, NOT_ATTEMPTED, NOT_GRADED = "passed", "wrong", "not attempted", "grading failed"  # a function
FUNCTION_RESULTS = (PASSED, WRONG, NOT_ATTEMPTED, NOT_GRADED)


# ---------------------------------------------------------------- small readers

def read_csv(path):
    """The rows of one of the course's CSV files; a missing or corrupt one never stops a report."""
    return read_csv_rows(path)


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


def not_attempted_message(message):
    """True for the message of a function the student has not written yet (its stub raises NotImplementedError)."""
    return "NotImplementedError" in str(message)


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


def failed_submissions(root):
    """{(student, assignment): reason} for every submission the grader could not grade."""
    return {(r.get("student", ""), r.get("assignment", "")): r.get("reason") or "no reason recorded"
            for r in read_csv(Path(root) / "reports" / "grading_status.csv")
            if r.get("student") and r.get("assignment") and r.get("status") != GRADED}


def cell_result(score, max_score, message, graded=True):
    """passed, wrong, not attempted or grading failed, for one graded test cell of one submission."""
    if not graded:
        return NOT_GRADED
    if score >= max_score:
        return PASSED
    return NOT_ATTEMPTED if not_attempted_message(message) else WRONG


# ---------------------------------------------------------------- lateness

def parse_time(text):
    """A timestamp (nbgrader's export or the gradebook) as an aware UTC datetime, or None."""
    if isinstance(text, datetime):
        value = text
    elif not text or not str(text).strip():
        return None
    else:
        try:
            from nbgrader.utils import parse_utc
            value = parse_utc(str(text).strip())
        except Exception:
            try:
                value = datetime.fromisoformat(str(text).strip())
            except ValueError:
                return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


@dataclass(frozen=True)
class Lateness:
    seconds: float = 0.0        # after the due date; 0 when on time or not known
    penalty: float = 0.0        # points taken off by nbgrader's late policy
    duedate: datetime = None

    @property
    def late(self):
        return self.seconds > 0 or self.penalty > 0

    @property
    def delay(self):
        """"1 d 2 h 30 min", or "" when not handed in after the due date."""
        return describe_delay(self.seconds) if self.seconds > 0 else ""

    @property
    def reason(self):
        """What makes it late, in a phrase for the reports ("" when on time)."""
        reasons = []
        if self.seconds > 0:
            due = f" ({self.duedate:%Y-%m-%d %H:%M} UTC)" if self.duedate else ""
            reasons.append(f"submitted {self.delay} after the due date{due}")
        if self.penalty > 0:
            reasons.append(f"late penalty {self.penalty:g} point(s)")
        return "; ".join(reasons)


def lateness_of(timestamp, duedate, penalty=0.0, seconds=None):
    """The Lateness of one submission; `seconds` (nbgrader's, extensions counted) wins over the timestamps."""
    submitted, due = parse_time(timestamp), parse_time(duedate)
    if seconds is None:
        seconds = (submitted - due).total_seconds() if submitted and due else 0.0
    return Lateness(max(float(seconds or 0), 0.0), number(penalty), due)


def gradebook_readable(db_url):
    """False for a SQLite gradebook whose file does not exist (opening it would create an empty one)."""
    if not db_url:
        return False
    if db_url.startswith("sqlite:///"):
        return Path(db_url[len("sqlite:///"):].split("?")[0]).exists()
    return True


def lateness_from_gradebook(db_url):
    """{(student, assignment): Lateness} for every submission in the gradebook."""
    from nbgrader.api import Gradebook
    found = {}
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                found[(submission.student.id, assignment.name)] = lateness_of(
                    submission.timestamp, submission.duedate, submission.late_submission_penalty or 0.0,
                    submission.total_seconds_late)
    return found


def lateness_from_export(root):
    """{(student, assignment): Lateness} from reports/grades.csv (nbgrader's export)."""
    return {(r.get("student_id") or r.get("student", ""), r["assignment"]):
            lateness_of(r.get("timestamp"), r.get("duedate"), r.get("late_submission_penalty"))
            for r in read_csv(Path(root) / "reports" / "grades.csv") if r.get("assignment")}


def lateness(db_url=None, root=REPO):
    """{(student, assignment): Lateness} for every submission: the gradebook's, else grades.csv's."""
    if gradebook_readable(db_url):
        try:
            return lateness_from_gradebook(db_url)
        except Exception as exc:  # an unreachable database: the exported table is the next best thing
            print(f"cannot read the gradebook ({type(exc).__name__}: {exc}); using reports/grades.csv",
                  file=sys.stderr)
    return lateness_from_export(root)


def late_submissions(db_url=None, root=REPO):
    """{(student, assignment): Lateness} for the late submissions only."""
    return {key: value for key, value in lateness(db_url, root).items() if value.late}


# ---------------------------------------------------------------- the model

@dataclass
class Submission:
    student: str
    assignment: str
    status: str = GRADED                # graded | failed
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    notes: str = ""
    lateness: Lateness = Lateness()
    cells: dict = field(default_factory=dict)      # test grade_id -> (score, max_score)
    messages: dict = field(default_factory=dict)   # test grade_id -> diagnostic message (failed cells)

    @property
    def graded(self):
        return self.status == GRADED

    @property
    def late(self):
        return self.lateness.late

    @property
    def late_reason(self):
        return self.lateness.reason

    @property
    def percent(self):
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass
class AssignmentResults:
    name: str
    notebook: str
    functions: list                     # graded functions, in notebook order
    points: dict                        # function -> max points
    submissions: dict                   # student -> Submission

    @property
    def graded(self):
        return [s for s in self.submissions.values() if s.graded]

    @property
    def not_graded(self):
        return [s for s in self.submissions.values() if not s.graded]

    def function_scores(self, sub):
        """{function: (score, max)} for one submission, summed over the function's test cells."""
        totals = {f: [0.0, self.points.get(f, 0.0)] for f in self.functions}
        if sub.graded and sub.cells:
            for f in totals:
                totals[f][1] = 0.0
            for test_id, (score, maximum) in sub.cells.items():
                f = function_of(test_id, self.functions)
                totals.setdefault(f, [0.0, 0.0])
                totals[f][0] += score
                totals[f][1] += maximum
        return {f: tuple(v) for f, v in totals.items()}

    def function_results(self, sub):
        """{function: passed | wrong | not attempted | grading failed} for one submission."""
        if not sub.graded:
            return {f: NOT_GRADED for f in self.functions}
        skipped = {function_of(t, self.functions) for t, m in sub.messages.items() if not_attempted_message(m)}
        results = {}
        for f, (got, maximum) in self.function_scores(sub).items():
            if f in skipped:
                results[f] = NOT_ATTEMPTED
            else:
                results[f] = PASSED if maximum > 0 and got >= maximum else WRONG
        return results

    def students_by_result(self, function):
        """{result: [students]} for one function, every result of FUNCTION_RESULTS present."""
        found = {r: [] for r in FUNCTION_RESULTS}
        for s in self.submissions.values():
            found[self.function_results(s).get(function, NOT_GRADED)].append(s.student)
        return found


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


def cell_rows(root, db_url=None):
    """The per-test-cell scores: from the gradebook (current even before `make export`), else grades_by_function.csv."""
    from .gradebook import cell_scores, default_db_url
    db_url = db_url or default_db_url(root)
    if gradebook_readable(db_url):
        try:
            return [{"student": r.student, "assignment": r.assignment, "notebook": r.notebook,
                     "grade_id": r.grade_id, "score": r.score, "max_score": r.max_score} for r in cell_scores(db_url)]
        except Exception as exc:  # an unreachable database: the exported table is the next best thing
            print(f"cannot read the gradebook ({type(exc).__name__}: {exc}); "
                  "using reports/grades_by_function.csv", file=sys.stderr)
    return read_csv(Path(root) / "reports" / "grades_by_function.csv")


def load(root=REPO, db_url=None):
    """[AssignmentResults] for every assignment with a submission, in course order."""
    from .gradebook import default_db_url
    root = Path(root)
    db_url = db_url or default_db_url(root)
    # rows naming no submission (a damaged file from an older run) are left out
    status = [r for r in read_csv(root / "reports" / "grading_status.csv") if r.get("student") and r.get("assignment")]
    grades = [r for r in read_csv(root / "reports" / "grades.csv") if r.get("assignment")]
    cells = [r for r in cell_rows(root, db_url) if r.get("student") and r.get("assignment") and r.get("grade_id")]
    late = lateness(db_url, root)
    names = {r["assignment"] for r in status} | {r["assignment"] for r in grades} | {r["assignment"] for r in cells}
    order = [a.name for a in ASSIGNMENTS if a.name in names] + sorted(names - {a.name for a in ASSIGNMENTS})
    return [_assignment(root, name, status, grades, cells, late) for name in order]


def _assignment(root, name, status, grades, cells, late):
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
        if r["assignment"] == name:
            s = sub(r.get("student_id") or r.get("student"))
            if not s.cells:
                s.score, s.max_score = number(r.get("score")), number(r.get("max_score"))
    for r in status:  # the grading run has the last word on status and reason; the gradebook on scores
        if r["assignment"] != name:
            continue
        s = sub(r["student"])
        s.status = r.get("status") or GRADED
        s.reason, s.notes = r.get("reason", ""), r.get("notes", "")
        if not s.cells and r.get("score") not in (None, ""):
            s.score = number(r["score"])
        if not s.cells and number(r.get("max_score")):
            s.max_score = number(r["max_score"])
    for s in subs.values():
        s.lateness = late.get((s.student, name), Lateness())
    if not any(points.values()):
        for s in subs.values():
            for test_id, (_, maximum) in s.cells.items():
                f = function_of(test_id, functions)
                points[f] = max(points.get(f, 0), maximum)
    if notebook and not notebook.endswith(".ipynb"):
        notebook += ".ipynb"
    for s in subs.values():
        path = root / "autograded" / s.student / name / (notebook or "-")
        if s.graded and path.is_file():
            s.messages = read_messages(path)
    return AssignmentResults(name, notebook or "", functions, points, dict(sorted(subs.items())))
