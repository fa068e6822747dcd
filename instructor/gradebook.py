"""Reads scores out of the nbgrader gradebook, and records results into it."""
import contextlib
import os
import re
import time
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


def knows_assignment(db_url, assignment_name):
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
    with Gradebook(db_url) as gb, one_transaction(gb):
        return replace_submission(gb, result, timestamp)


def replace_submission(gb, result, timestamp=None):
    """record_result's work inside an open transaction (one_transaction, or a GradebookWriter's one-by-one
    fallback); returns the HandMadeScores kept."""
    with warnings.catch_warnings():
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


BATCH_SIZE = 200  # results per commit at most...
BATCH_SECONDS = 2.0  # ...and a batch this old is committed with the next result (a slow run still shows progress)


@dataclass
class NotebookCells:
    """What add_submission mirrors for one notebook of an assignment: a Grade per graded cell, a Comment per
    solution or task cell."""
    notebook_id: str
    name: str
    graded: list  # [(cell id, cell name)]: grade cells and task cells
    commented: list  # [cell id]: solution cells and task cells


def assignment_cells(gb, assignment_name):
    """(assignment id, [NotebookCells]) of an assignment in the gradebook; MissingEntry if it has none."""
    assignment = gb.find_assignment(assignment_name)
    return assignment.id, [
        NotebookCells(nb.id, nb.name, [(c.id, c.name) for c in list(nb.grade_cells) + list(nb.task_cells)],
                      [c.id for c in list(nb.solution_cells) + list(nb.task_cells)])
        for nb in assignment.notebooks]


def submission_rows(cells, result, timestamp=None):
    """{table: [row]} of the submission replace_submission writes for `result`: the same rows, built without
    the ORM, before any hand-made score is kept (GradebookWriter._write puts those in). cells:
    assignment_cells() of its assignment."""
    from nbgrader.api import new_uuid
    from nbgrader.utils import parse_utc
    assignment_id, notebooks = cells
    submission_id = new_uuid()
    rows = {"submitted_assignment": [{"id": submission_id, "assignment_id": assignment_id,
                                      "student_id": result["student"], "timestamp": parse_utc(timestamp),
                                      "extension": None}],
            "submitted_notebook": [], "grade": [], "comment": []}
    for notebook in notebooks:
        notebook_id = new_uuid()
        rows["submitted_notebook"].append({"id": notebook_id, "assignment_id": submission_id,
                                           "notebook_id": notebook.notebook_id,
                                           "flagged": result["status"] != "graded",
                                           "late_submission_penalty": None})
        rows["grade"] += [{"id": new_uuid(), "notebook_id": notebook_id, "cell_id": cell_id,
                           "auto_score": float(result["scores"].get(name, 0.0)), "manual_score": None,
                           "extra_credit": None, "needs_manual_grade": result["status"] != "graded"}
                          for cell_id, name in notebook.graded]
        rows["comment"] += [{"id": new_uuid(), "notebook_id": notebook_id, "cell_id": cell_id,
                             "auto_comment": None, "manual_comment": None} for cell_id in notebook.commented]
    return rows


class GradebookWriter:
    """Records results into the gradebook in batches, one transaction per batch: what makes the parent keep up.

    Per result, replace_submission through nbgrader's objects costs dozens of queries and flushes, and
    record_result adds a new engine (nothing compiled is reused) and a commit (a disk sync) on top. Here
    record() only builds the result's rows (submission_rows: the same rows replace_submission writes), and
    commit() replaces every submission of the batch with a few statements per table, in one transaction;
    due() says when to commit (BATCH_SIZE results, or a batch older than BATCH_SECONDS). So a batch is all
    or nothing: a kill before commit() returns leaves every submission of it as it was, and only results
    commit() has returned for may be counted as recorded (grading/recording.py's checkpoint() writes their
    status rows after it).

    Hand-made (formgrader) scores are kept over the new results as record_result keeps them, and come back
    from commit() for the caller to announce. If the batch cannot be committed, its results are recorded again
    one by one (replace_submission, each in its own transaction); those that still fail come back from
    commit() as (result, error).
    """

    def __init__(self, db_url, batch_size=BATCH_SIZE, batch_seconds=BATCH_SECONDS):
        self.gb = Gradebook(db_url)
        self.batch_size, self.batch_seconds = batch_size, batch_seconds
        self.batch, self.opened, self.cells = [], 0.0, {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def record(self, result, timestamp=None):
        """Adds one result to the open batch (nothing is written yet); raises if it cannot be recorded."""
        assignment = result["assignment"]
        if assignment not in self.cells:  # read once: a run never changes the assignments
            try:
                self.cells[assignment] = assignment_cells(self.gb, assignment)
            finally:
                self.gb.db.rollback()  # ends the read, so the next transaction sees new commits
        rows = submission_rows(self.cells[assignment], result, timestamp)
        if not self.batch:
            self.opened = time.monotonic()
        self.batch.append((result, timestamp, rows))

    def keys(self):
        """(student, assignment) of every result in the open batch."""
        return [(result["student"], result["assignment"]) for result, _, _ in self.batch]

    def due(self):
        """True when the open batch should be committed now."""
        return bool(self.batch) and (len(self.batch) >= self.batch_size
                                     or time.monotonic() - self.opened >= self.batch_seconds)

    def commit(self):
        """Commits the open batch. Returns (failures, kept): [(result, error)] for results record() took that are
        not recorded, and [(result, [HandMadeScore])] for recorded results whose hand-made scores were kept."""
        batch, self.batch = self.batch, []
        if not batch:
            return [], []
        try:
            kept = self._write(batch)
            self.gb.db.commit()
            return [], kept
        except Exception:  # say, a row the database refuses, or a lost connection: one by one
            self.gb.db.rollback()
        failures, kept = [], []
        for result, timestamp, _ in batch:
            try:
                with one_transaction(self.gb):
                    scores = replace_submission(self.gb, result, timestamp)
            except Exception as exc:
                failures.append((result, exc))
            else:
                if scores:
                    kept.append((result, scores))
        return failures, kept

    def close(self):
        """Closes the session; an uncommitted batch is dropped (call commit() first to keep it)."""
        self.gb.close()

    def _write(self, batch):
        """replace_submission for every result of the batch, a few statements per table. Returns the kept
        hand-made scores as commit() does."""
        import sqlalchemy as sa
        from nbgrader.api import Comment, Grade, Student, SubmittedAssignment, SubmittedNotebook
        execute = self.gb.db.execute
        students = {result["student"] for result, _, _ in batch}
        known = set()
        for some in chunks(sorted(students)):
            known.update(execute(sa.select(Student.id).where(Student.id.in_(some))).scalars())
        if students - known:
            execute(sa.insert(Student.__table__), [{"id": s} for s in sorted(students - known)])
        old_submissions = []
        by_assignment = {}
        for result, _, rows in batch:
            by_assignment.setdefault(rows["submitted_assignment"][0]["assignment_id"], []).append(result["student"])
        for assignment_id, students_of in by_assignment.items():
            for some in chunks(students_of):
                old_submissions += execute(sa.select(SubmittedAssignment.id).where(
                    SubmittedAssignment.assignment_id == assignment_id,
                    SubmittedAssignment.student_id.in_(some))).scalars().all()
        hand_made = {}  # {(student, assignment id, notebook id, cell id): (manual_score, extra_credit)}
        for some in chunks(old_submissions):
            hand_made.update({tuple(row[:4]): tuple(row[4:]) for row in execute(
                sa.select(SubmittedAssignment.student_id, SubmittedAssignment.assignment_id,
                          SubmittedNotebook.notebook_id, Grade.cell_id, Grade.manual_score, Grade.extra_credit)
                .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
                .where(SubmittedAssignment.id.in_(some),
                       sa.or_(Grade.manual_score.is_not(None), Grade.extra_credit.is_not(None))))})
        kept = [(result, keep_hand_made(self.cells[result["assignment"]], rows, hand_made))
                for result, _, rows in batch] if hand_made else []
        for some in chunks(old_submissions):
            notebooks = execute(sa.select(SubmittedNotebook.id).where(
                SubmittedNotebook.assignment_id.in_(some))).scalars().all()
            for few in chunks(notebooks):
                execute(sa.delete(Grade).where(Grade.notebook_id.in_(few)))
                execute(sa.delete(Comment).where(Comment.notebook_id.in_(few)))
                execute(sa.delete(SubmittedNotebook).where(SubmittedNotebook.id.in_(few)))
            execute(sa.delete(SubmittedAssignment).where(SubmittedAssignment.id.in_(some)))
        for model in (SubmittedAssignment, SubmittedNotebook, Grade, Comment):  # parents first
            rows = [row for _, _, rows_of in batch for row in rows_of[model.__tablename__]]
            if rows:
                execute(sa.insert(model.__table__), rows)
        return [(result, scores) for result, scores in kept if scores]


def keep_hand_made(cells, rows, hand_made):
    """Puts the old submission's hand-made scores into its new grade rows, as replace_submission does.
    Returns the HandMadeScores kept. hand_made: {(student, assignment id, notebook id, cell id): (manual, extra)}."""
    _, notebooks = cells
    names = {(nb.notebook_id, cell_id): (nb.name, name) for nb in notebooks for cell_id, name in nb.graded}
    submission = rows["submitted_assignment"][0]
    notebook_of = {nb["id"]: nb["notebook_id"] for nb in rows["submitted_notebook"]}
    kept = []
    for grade in rows["grade"]:
        key = (submission["student_id"], submission["assignment_id"], notebook_of[grade["notebook_id"]],
               grade["cell_id"])
        if key in hand_made:
            grade["manual_score"], grade["extra_credit"] = hand_made[key]
            grade["needs_manual_grade"] = True  # as nbgrader's autograde: a person looks again
            notebook, name = names[key[2:]]
            kept.append(HandMadeScore(notebook, name, _number(grade["manual_score"]),
                                      _number(grade["extra_credit"]), auto_score=grade["auto_score"]))
    return kept


def chunks(items, size=500):
    """`items` in lists of at most `size` (an IN list per statement stays far below any database's limit)."""
    items = list(items)
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextlib.contextmanager
def commits_only_flush(gb):
    """Inside this block nbgrader's own commits only flush, and expire the session's objects as a commit
    does (so later queries read the database); whoever opened the transaction commits or rolls it back.

    nbgrader's methods (update_or_create_student, remove_submission, add_submission, ...) each commit on
    their own: on the scoped session gb.db, which is shadowed here only.
    """
    session = gb.db

    def flush_instead_of_commit():
        session.flush()
        session.expire_all()

    session.commit = flush_instead_of_commit
    try:
        yield gb
    finally:
        del session.commit


@contextlib.contextmanager
def one_transaction(gb):
    """Runs a block of nbgrader Gradebook calls as one database transaction.

    The block commits once at its end, or rolls everything back if it raises.
    Works on any database SQLAlchemy drives (SQLite, PostgreSQL, ...).
    """
    try:
        with commits_only_flush(gb):
            yield gb
    except BaseException:
        gb.db.rollback()
        raise
    gb.db.commit()
