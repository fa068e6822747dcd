"""Reads scores out of the nbgrader gradebook, and records results into it."""
import contextlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .course import REPO


def default_db_url(root=REPO):
    return os.environ.get("NBGRADER_DB_URL") or f"sqlite:///{Path(root) / 'gradebook.db'}?timeout=60"


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
    """
    with Gradebook(db_url) as gb, warnings.catch_warnings(), one_transaction(gb):
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy warnings on replacing a submission
        gb.update_or_create_student(result["student"])
        try:
            gb.remove_submission(result["assignment"], result["student"])
        except MissingEntry:
            pass
        submission = gb.add_submission(result["assignment"], result["student"], timestamp=timestamp)
        for notebook in submission.notebooks:
            notebook.flagged = result["status"] != "graded"
            for grade in notebook.grades:
                grade.auto_score = float(result["scores"].get(grade.name, 0.0))


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
