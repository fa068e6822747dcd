"""Reads scores out of the nbgrader gradebook, and records results into it."""
import contextlib
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .course import REPO


def course_root():
    """The course folder the command-line tools work on: NBGRADER_COURSE_ROOT (as in nbgrader_config.py), else REPO."""
    return Path(os.environ.get("NBGRADER_COURSE_ROOT") or REPO)


def default_db_url(root=REPO):
    return os.environ.get("NBGRADER_DB_URL") or f"sqlite:///{Path(root) / 'gradebook.db'}?timeout=60"


VALID_DB_URL = "postgresql+psycopg2://user:password@host:5432/gradebook"
AS_DEFAULT = "or unset NBGRADER_DB_URL to use gradebook.db in the course folder"


def usable_db_url(root=REPO):
    """default_db_url(root) once it is known to open; else exits with what is wrong and what to do (no traceback).

    The one check every command-line tool runs before it touches the gradebook.
    """
    url = default_db_url(root)
    problem = db_url_problem(url)
    if problem:
        raise SystemExit(problem)
    return url


def db_url_problem(url):
    """None if SQLAlchemy can connect to `url`; else two lines naming NBGRADER_DB_URL, the cause and the fix.

    The URL's password never appears in them.
    """
    import sqlalchemy
    from sqlalchemy.engine import make_url

    setting = f"NBGRADER_DB_URL={masked(url)}"
    try:
        parsed = make_url(url)
    except sqlalchemy.exc.ArgumentError:
        return (f"{setting} is not a database URL.\n"
                f"  Set it to a SQLAlchemy URL such as {VALID_DB_URL}, {AS_DEFAULT}.")
    try:
        engine = sqlalchemy.create_engine(parsed)  # imports the URL's driver
    except sqlalchemy.exc.NoSuchModuleError:
        return (f"{setting} names a database SQLAlchemy does not know ({parsed.drivername}).\n"
                f"  Set it to a SQLAlchemy URL such as {VALID_DB_URL}, {AS_DEFAULT}.")
    except ImportError as exc:
        fix = (f"Use the installed driver psycopg2: {VALID_DB_URL}" if parsed.get_backend_name() == "postgresql"
               else f"Install that driver into .venv, or use PostgreSQL: {VALID_DB_URL}")
        return f"{setting}: the Python driver {exc.name or exc} for {parsed.drivername} is not installed.\n  {fix}."
    database = Path(parsed.database or "")
    try:
        if parsed.get_backend_name() == "sqlite" and not database.exists() and database.parent.is_dir():
            return None  # nbgrader creates the file on first use; connecting now would leave an empty one behind
        with engine.connect():
            return None
    except Exception as exc:  # whatever the driver raises: refused, unknown host, wrong password, bad option
        cause = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        if parsed.password:
            cause = cause.replace(str(parsed.password), "***")
        return (f"{setting}: cannot connect to the gradebook ({cause}).\n"
                f"  Start the database or correct the URL (e.g. {VALID_DB_URL}), {AS_DEFAULT}.")
    finally:
        engine.dispose()


def masked(url):
    """The URL with its password replaced by ***, also when SQLAlchemy cannot parse it."""
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


@dataclass
class CellScore:
    student: str
    assignment: str
    notebook: str
    grade_id: str
    score: float
    max_score: float


def cell_scores(db_url):
    """One CellScore per graded test cell of every submitted notebook."""
    rows = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                for student in gb.students:
                    try:
                        submission = gb.find_submission_notebook(notebook.name, assignment.name, student.id)
                    except MissingEntry:
                        continue
                    for grade in submission.grades:
                        rows.append(CellScore(student.id, assignment.name, notebook.name, grade.name,
                                              float(grade.score or 0), float(grade.max_score or 0)))
    rows.sort(key=lambda r: (r.assignment, r.student, r.notebook, r.grade_id))
    return rows


def assignment_scores(db_url):
    """{(student, assignment): (score, max_score)} for every submission in the gradebook."""
    totals = {}
    for row in cell_scores(db_url):
        score, maximum = totals.get((row.student, row.assignment), (0.0, 0.0))
        totals[(row.student, row.assignment)] = (score + row.score, maximum + row.max_score)
    return totals


def ensure_assignment(db_url, assignment_name, root):
    """True if the gradebook knows the assignment (nbgrader records it at generate_assignment)."""
    with Gradebook(db_url) as gb:
        try:
            gb.find_assignment(assignment_name)
            return True
        except MissingEntry:
            return False


def record_due_date(db_url, assignment_name, duedate):
    """Sets the assignment's due date in the gradebook (a time string nbgrader parses, e.g. "2025-10-06 17:00 UTC")."""
    from nbgrader.utils import parse_utc
    with Gradebook(db_url) as gb:
        gb.find_assignment(assignment_name).duedate = parse_utc(duedate)
        gb.db.commit()


def record_result(db_url, result, timestamp=None):
    """Replaces the student's submission in the gradebook with this result, in one transaction.

    A failed grading is recorded too, with every score 0 and the notebook flagged,
    so an older score never stands silently. Either the whole replacement is
    committed or none of it: a crash or kill half-way leaves the old submission.

    A score typed in the formgrader (a test cell's manual_score or extra_credit) is kept over the new
    result, as nbgrader's own autograde keeps it, and the cell is marked for review (needs_manual_grade).
    Returns the HandMadeScores kept, with the runner's new score beside each, for the caller to announce.
    """
    with Gradebook(db_url) as gb, warnings.catch_warnings(), one_transaction(gb):
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy warnings on replacing a submission
        gb.update_or_create_student(result["student"])
        hand_made = hand_made_scores(gb, result["assignment"], result["student"])
        try:
            gb.remove_submission(result["assignment"], result["student"])
        except MissingEntry:
            pass
        submission = gb.add_submission(result["assignment"], result["student"], timestamp=timestamp)
        for notebook in submission.notebooks:
            notebook.flagged = result["status"] != "graded"
            for grade in notebook.grades:
                grade.auto_score = float(result["scores"].get(grade.name, 0.0))
                kept = hand_made.get((notebook.name, grade.name))
                if kept is not None:
                    grade.manual_score, grade.extra_credit = kept.manual_score, kept.extra_credit
                    kept.auto_score = grade.auto_score
                # as nbgrader's autograde: a person looks again at a hand-made score (and at a failed grading)
                grade.needs_manual_grade = kept is not None or result["status"] != "graded"
    return [k for k in hand_made.values() if k.auto_score is not None]


@dataclass
class HandMadeScore:
    """A test cell's score set by a person in the formgrader, which a regrade keeps."""
    notebook: str
    grade_id: str
    manual_score: float | None
    extra_credit: float | None
    auto_score: float | None = None  # the runner's score from the regrade that kept it

    def describe(self):
        made = " + ".join(f"{v:g}{label}" for v, label in ((self.manual_score, ""), (self.extra_credit, " extra"))
                          if v is not None)
        return f"{self.notebook}/{self.grade_id} {made} (runner: {self.auto_score:g})"


def hand_made_scores(gb, assignment, student):
    """{(notebook, grade_id): HandMadeScore} of the student's current submission, for cells a person scored."""
    try:
        submission = gb.find_submission(assignment, student)
    except MissingEntry:
        return {}
    return {(nb.name, g.name): HandMadeScore(nb.name, g.name, _number(g.manual_score), _number(g.extra_credit))
            for nb in submission.notebooks for g in nb.grades
            if g.manual_score is not None or g.extra_credit is not None}


def _number(value):
    return None if value is None else float(value)


@contextlib.contextmanager
def one_transaction(gb):
    """Runs a block of nbgrader Gradebook calls as one database transaction.

    nbgrader's methods (update_or_create_student, remove_submission, add_submission, ...)
    each commit on their own. Inside this block their commits only flush (and expire
    the session's objects, as a commit does, so later queries read the database);
    the block commits once at its end, or rolls everything back if it raises.
    Works on any database SQLAlchemy drives (SQLite, PostgreSQL, ...).
    """
    session = gb.db  # nbgrader calls self.db.commit(): shadow it on this scoped session only

    def flush_instead_of_commit():
        session.flush()
        session.expire_all()

    session.commit = flush_instead_of_commit
    try:
        yield gb
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()
