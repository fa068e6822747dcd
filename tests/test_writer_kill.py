"""A kill at any moment of the parent's recording leaves one consistent gradebook submission per status row
that claims it, and the next run completes the rest.

The recording runs in a child process (this file, run as a script) through recording.record() and
recording.checkpoint() with a small batch, so kills land before, inside and after many commits and status
writes. Every run gives every student a different score than the run before, so a status row left over
from an earlier run that the gradebook no longer matches is caught too.
"""
import contextlib
import csv
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STUDENTS = 120
BATCH = 10
MAX_SCORES = {"test_f": 2.0, "test_g": 1.0}
KILLS = 4


def expected(i, run):
    """(status, scores) of student i in run `run`: the total changes from one run to the next."""
    if i % 11 == 5:
        return "failed", {}
    return "graded", {"test_f": float((i + run) % 3), "test_g": 1.0}


@contextlib.contextmanager
def no_disk_syncs():
    """SQLite connections opened inside skip their disk syncs: those guard against a power cut, not against a
    killed process (whose writes the operating system keeps), and on a busy disk they take seconds."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def connected(connection, _):
        if type(connection).__module__.startswith("sqlite3"):
            connection.execute("PRAGMA synchronous=OFF")

    event.listen(Engine, "connect", connected)
    try:
        yield
    finally:
        event.remove(Engine, "connect", connected)


def record_class(root, db_url, run):
    """The child: records every student's result of this run as grade.autograde() does, one line per result."""
    from instructor.gradebook import GradebookWriter
    from instructor.grading import recording
    from instructor.grading.jobs import Job, Result
    from instructor.grading.settings import Settings
    jobs = {(f"s{i:04d}", "a"): Job(student=f"s{i:04d}", assignment="a", notebook="nb.ipynb",
                                    max_scores=MAX_SCORES, settings=Settings()) for i in range(STUDENTS)}
    status = recording.StatusFile(root)
    status.keep_only(list(jobs.values()))
    with no_disk_syncs(), GradebookWriter(db_url, batch_size=BATCH, batch_seconds=1e9) as writer:
        for i, job in enumerate(jobs.values()):
            state, scores = expected(i, run)
            result = Result(job.student, job.assignment, state, "synthetic failure", scores, MAX_SCORES,
                            notebook=f'{{"run": {run}}}' if state == "graded" else None)
            recording.record(root, writer, job, result, status)
            if writer.due():
                recording.checkpoint(root, writer, status, jobs)
            print(i, flush=True)
        recording.checkpoint(root, writer, status, jobs)


def make_course(root, db_url):
    from nbgrader.api import Gradebook
    (root / "release" / "a" / "utils").mkdir(parents=True)
    (root / "release" / "a" / "utils" / "helper.py").write_text("X = 1\n")
    with no_disk_syncs(), Gradebook(db_url) as gb:
        gb.add_assignment("a")
        gb.add_notebook("nb", "a")
        for name, points in MAX_SCORES.items():
            gb.add_grade_cell(name, "nb", "a", max_score=points, cell_type="code")
        gb.add_solution_cell("answer", "nb", "a")


def run_child(root, db_url, run, kill_after=None, rng=None):
    """Runs the recording of `run`; with kill_after, SIGKILLs it once that many results went through record()."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONWARNINGS="ignore")
    child = subprocess.Popen([sys.executable, __file__, str(root), db_url, str(run)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_after is not None:
        for line in child.stdout:
            if int(line) >= kill_after:
                break
        for _ in range(rng.randrange(4)):  # a few more results: the kill lands anywhere in the loop
            child.stdout.readline()
        child.send_signal(signal.SIGKILL)
    _, err = child.communicate(timeout=300)
    if kill_after is None:
        assert child.returncode == 0, err
    return child.returncode


def status_rows(root):
    path = root / "reports" / "grading_status.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def gradebook_state(db_url):
    """{student: (flagged, {cell: score})} and whether every submission has exactly its rows."""
    from nbgrader.api import Comment, Gradebook, Grade, SubmittedAssignment, SubmittedNotebook
    state = {}
    with Gradebook(db_url) as gb:
        submissions = gb.db.query(SubmittedAssignment).all()
        for submission in submissions:
            assert submission.student.id not in state, f"two submissions of {submission.student.id}"
            notebooks = submission.notebooks
            assert len(notebooks) == 1, f"{submission.student.id}: {len(notebooks)} submitted notebooks"
            notebook = notebooks[0]
            assert sorted(g.name for g in notebook.grades) == sorted(MAX_SCORES), submission.student.id
            assert len(notebook.comments) == 1, submission.student.id
            state[submission.student.id] = (notebook.flagged, {g.name: g.auto_score for g in notebook.grades})
        n = len(submissions)  # nothing left over from a replaced or half-written submission
        assert gb.db.query(SubmittedNotebook).count() == n
        assert gb.db.query(Grade).count() == n * len(MAX_SCORES) and gb.db.query(Comment).count() == n
    return state


def check_consistent(root, db_url, runs):
    """Every status row that claims a result has it in the gradebook; returns how many rows claim one."""
    rows, state = status_rows(root), gradebook_state(db_url)
    claimed = 0
    for student, row in rows.items():
        i = int(student[1:])
        if row["status"] == "graded":
            assert student in state, f"{student}: status graded, no submission in the gradebook"
            flagged, scores = state[student]
            assert not flagged and sum(scores.values()) == float(row["score"]), (student, row, scores)
            assert any(expected(i, run) == ("graded", scores) for run in runs), (student, scores)
            claimed += 1
        elif row["reason"] == "synthetic failure":
            assert student in state and state[student] == (True, {"test_f": 0.0, "test_g": 0.0}), student
            claimed += 1
    return claimed


def check_complete(root, db_url, run):
    rows, state = status_rows(root), gradebook_state(db_url)
    assert len(rows) == len(state) == STUDENTS
    for i in range(STUDENTS):
        status, scores = expected(i, run)
        row, (flagged, recorded) = rows[f"s{i:04d}"], state[f"s{i:04d}"]
        assert row["status"] == status and flagged == (status != "graded")
        assert recorded == {name: scores.get(name, 0.0) for name in MAX_SCORES}
        assert float(row["score"]) == sum(scores.values())
        notebook = root / "autograded" / f"s{i:04d}" / "a" / "nb.ipynb"
        assert notebook.exists() == (status == "graded")
        if status == "graded":
            assert notebook.read_text() == f'{{"run": {run}}}'
            assert (notebook.parent / "utils" / "helper.py").exists()


def kill_and_rerun(root, db_url):
    make_course(root, db_url)
    rng = random.Random(17)
    claimed = []
    for run in range(1, KILLS + 1):
        run_child(root, db_url, run, kill_after=rng.randrange(STUDENTS), rng=rng)
        claimed.append(check_consistent(root, db_url, range(1, run + 1)))
    assert any(claimed), "no kill left a committed batch behind: the checks checked nothing"
    final = KILLS + 1
    run_child(root, db_url, final)
    check_complete(root, db_url, final)


def test_a_killed_recording_into_sqlite_stays_consistent_and_the_next_run_completes(tmp_path):
    kill_and_rerun(tmp_path, f"sqlite:///{tmp_path / 'gradebook.db'}?timeout=60")


def test_a_killed_recording_into_postgresql_stays_consistent_and_the_next_run_completes(tmp_path):
    from instructor.bench_writer import loopback_postgres
    try:
        server = loopback_postgres(durable=False)
        db_url = server.__enter__()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed for this test in CI: {exc}")
        pytest.skip(str(exc))
    try:
        kill_and_rerun(tmp_path, db_url)
    finally:
        server.__exit__(None, None, None)


if __name__ == "__main__":
    record_class(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
