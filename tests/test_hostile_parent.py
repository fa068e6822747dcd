"""Nothing a hand-in contains can stop a grading run or be followed out of submitted/ (issue 13, items 4, 5, 7).

The parent process (instructor.grade.autograde) reads submitted/, records results into autograded/, the
gradebook and reports/grading_status.csv; instructor.feedback turns autograded/ into pages. These tests drive
that real path on a one-assignment course with a stand-in grading function (no sandbox is started): links,
FIFOs, odd folder names, odd timestamps, hostile result texts, a corrupt status file from an older run and a
failure while recording must each cost their own row only.
"""
import csv
import os
import shutil
import threading
from pathlib import Path

import nbformat
import pytest
from conftest import grade_jobs_in_this_process
from nbgrader.api import Gradebook

from instructor import course, feedback, grade, gradebook, report
from instructor.grading import pool, recording
from instructor.grading.jobs import Result
from instructor.results import failed_submissions
from instructor.grading.untrusted import STUDENT_ID_RULE, valid_student_id

ASSIGNMENT = course.by_name("initialization")
REAL_POOL = pool._run_locally, pool.workers_starting  # what the `root` fixture replaces
CSV_LIMIT = 131_072  # the csv module's default field_size_limit: what every reader of the status file has


def course_notebook():
    """One answer cell and one test cell worth 2 points: enough for nbgrader and the feedback page."""
    answer = nbformat.v4.new_code_cell("def f():\n    return 1", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "f", "schema_version": 3}})
    test = nbformat.v4.new_code_cell("assert f() == 1", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "test_f", "points": 2,
        "schema_version": 3}})
    return nbformat.v4.new_notebook(cells=[answer, test])


@pytest.fixture(scope="module")
def course_root(tmp_path_factory):
    """A course with only the initialization assignment (its gradebook entry is made by the first run)."""
    root = tmp_path_factory.mktemp("hostile_parent")
    for folder in ("source", "release"):
        (root / folder / ASSIGNMENT.name).mkdir(parents=True)
        nbformat.write(course_notebook(), root / folder / ASSIGNMENT.name / ASSIGNMENT.notebook)
    return root


@pytest.fixture
def root(course_root, monkeypatch):
    """The course with no hand-ins and no results yet; jobs run in this process (the pool is tested elsewhere)."""
    for folder in ("submitted", "autograded", "reports", "feedback"):
        shutil.rmtree(course_root / folder, ignore_errors=True)
    (course_root / "submitted").mkdir()
    grade_jobs_in_this_process(monkeypatch)
    return course_root


def db(root):
    return f"sqlite:///{root / 'gradebook.db'}"


class FakeGrader:
    """Stands in for grade_submission: full marks, or what `hostile` returns for a student; records its jobs."""

    def __init__(self, hostile=None):
        self.hostile, self.seen = hostile or {}, []

    def __call__(self, job):
        self.seen.append(job)
        result = {"student": job.student, "assignment": job.assignment, "status": "graded", "reason": "",
                  "scores": dict(job.max_scores), "max_scores": job.max_scores, "notes": [],
                  "messages": {}, "notebook": nbformat.writes(course_notebook())}
        result.update(self.hostile.get(job.student, {}))
        return Result(**result)


def hand_in(root, student, text=None):
    """submitted/<student>/initialization/Initialization.ipynb (student may be bytes: any file name)."""
    folder = os.path.join(os.fsencode(root / "submitted"), os.fsencode(student), b"initialization")
    os.makedirs(folder)
    with open(os.path.join(folder, b"Initialization.ipynb"), "w", encoding="utf-8") as f:
        f.write(text if text is not None else nbformat.writes(course_notebook()))
    return Path(os.fsdecode(folder))


def status_rows(root):
    """The status file, read as any csv reader would: the default field limit, strict UTF-8."""
    with open(root / "reports" / "grading_status.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(len(value) < CSV_LIMIT // 4 for row in rows for value in row.values())
    return {row["student"]: row for row in rows}


def gradebook_students(root):
    """The students with a submission of the assignment in the gradebook."""
    with Gradebook(db(root)) as gb:
        return {sub.student.id for sub in gb.find_assignment(ASSIGNMENT.name).submissions}


def autograde(root, grader):
    return grade.autograde([ASSIGNMENT.name], root=root, db_url=db(root), workers=1, grade=grader)


# -- item 4: links are refused, never followed ------------------------------------------------------

def test_links_anywhere_in_submitted_are_refused_and_never_followed(root):
    source_notebook = ASSIGNMENT.source_notebook(root)
    hand_in(root, "honest")
    linked = hand_in(root, "linked_notebook")
    (linked / ASSIGNMENT.notebook).unlink()
    (linked / ASSIGNMENT.notebook).symlink_to(source_notebook)
    (root / "submitted" / "linked_student").symlink_to(root / "source")
    (root / "submitted" / "linked_assignment").mkdir()
    (root / "submitted" / "linked_assignment" / ASSIGNMENT.name).symlink_to(source_notebook.parent)
    (hand_in(root, "linked_timestamp") / "timestamp.txt").symlink_to(source_notebook)
    deep = hand_in(root, "linked_deep") / "utils"
    deep.mkdir()
    (deep / "helper.py").symlink_to(source_notebook)
    os.mkfifo(hand_in(root, "fifo_file") / "pipe")

    grader = FakeGrader()
    results = {r["student"]: r for r in autograde(root, grader)}

    assert [job.student for job in grader.seen] == ["honest"], "nothing refused reaches the grader"
    rows = status_rows(root)
    assert set(rows) == set(results) == {"honest", "linked_notebook", "linked_student", "linked_assignment",
                                         "linked_timestamp", "linked_deep", "fifo_file"}
    assert rows["honest"]["status"] == "graded"
    for student in set(rows) - {"honest", "fifo_file"}:
        assert rows[student]["status"] == "failed" and "symbolic link" in rows[student]["reason"], student
        assert rows[student]["score"] == "0"
    assert "not a regular file" in rows["fifo_file"]["reason"]
    assert "Initialization.ipynb is a symbolic link" in rows["linked_notebook"]["reason"]
    assert "utils/helper.py is a symbolic link" in rows["linked_deep"]["reason"]


def test_a_fifo_for_timestamp_or_notebook_does_not_block_the_run(root):
    os.mkfifo(hand_in(root, "fifo_timestamp") / "timestamp.txt")
    fifo_notebook = hand_in(root, "fifo_notebook")
    (fifo_notebook / ASSIGNMENT.notebook).unlink()
    os.mkfifo(fifo_notebook / ASSIGNMENT.notebook)
    hand_in(root, "honest")
    finished = []
    run = threading.Thread(target=lambda: finished.append(autograde(root, FakeGrader())), daemon=True)
    run.start()
    run.join(300)  # generous: only proves the run did not block on the FIFO
    assert finished, "the run blocked on a FIFO"
    rows = status_rows(root)
    assert rows["honest"]["status"] == "graded"
    for student in ("fifo_timestamp", "fifo_notebook"):
        assert rows[student]["status"] == "failed" and "not a regular file" in rows[student]["reason"]


# -- items 5 and 7: student ids nbgrader cannot handle are refused when read ----------------------------

BAD_NAMES = [b"new\nline", b".hidden", b"with space", b"\xff\xfe-not-utf8", b"x" * 65, b"star*", b"comma,s",
             "caf\u00e9".encode()]


def test_student_ids_that_break_the_rule_are_refused_and_cost_classmates_nothing(root, capsys):
    for name in BAD_NAMES + [b"alice", b"zed"]:
        hand_in(root, name)
    grader = FakeGrader()
    results = autograde(root, grader)
    out = capsys.readouterr().out

    assert sorted(job.student for job in grader.seen) == ["alice", "zed"]
    rows = status_rows(root)
    assert len(rows) == len(results) == len(BAD_NAMES) + 2, "one row per student folder"
    assert rows["alice"]["status"] == rows["zed"]["status"] == "graded"
    refused = [row for student, row in rows.items() if student not in ("alice", "zed")]
    for row in refused:
        assert row["status"] == "failed" and STUDENT_ID_RULE in row["reason"]
        assert row["student"].startswith("'") and row["student"].isprintable() and row["student"].isascii()
    assert "'new\\nline'" in rows and "'.hidden'" in rows
    assert out.count(STUDENT_ID_RULE) == len(BAD_NAMES), "one FAILED line per refused name, saying the rule"
    assert gradebook_students(root) >= {"alice", "zed"}
    assert all(valid_student_id(s) for s in gradebook_students(root)), "a refused name never reaches the gradebook"
    assert sorted(os.listdir(root / "autograded")) == ["alice", "zed"]


# -- item 5: hostile texts, corrupt files and failures while recording stop nothing ---------------------

def test_hostile_result_texts_are_cleaned_and_capped(root):
    nb = course_notebook()
    nb.cells[0].source = "def f():\n    return '\ud800 lone surrogate'"
    hostile = {
        "surrogates": {"notebook": nbformat.writes(nb), "notes": ["line\nbreak \ud800", "\x00\x1b[31m"],
                       "messages": {"test_f": "AssertionError: \udcff"}},
        "huge": {"status": "failed", "reason": "x" * 200_000 + "\ud800", "notes": ["y" * 200_000] * 5},
        "garbage": {"scores": {"test_f": float("nan"), "unknown": 5}, "notes": "not a list", "messages": None},
    }
    for student in [*hostile, "plain"]:
        hand_in(root, student)
    results = {r["student"]: r for r in autograde(root, FakeGrader(hostile))}

    rows = status_rows(root)
    assert set(rows) == set(results) == {*hostile, "plain"}
    assert rows["plain"]["status"] == rows["surrogates"]["status"] == "graded"
    assert "\n" not in rows["surrogates"]["notes"] and "\x1b" not in rows["surrogates"]["notes"]
    assert "\ufffd" in rows["surrogates"]["notes"]
    assert rows["huge"]["status"] == "failed" and rows["huge"]["reason"].startswith("xxx")
    assert rows["garbage"]["score"] == "0" and results["garbage"]["scores"] == {"test_f": 0.0}
    written = (root / "autograded" / "surrogates" / ASSIGNMENT.name / ASSIGNMENT.notebook).read_text(encoding="utf-8")
    assert "\ufffd lone surrogate" in nbformat.reads(written, as_version=4).cells[0].source
    # and everything that reads the status file afterwards still works
    assert ("huge", ASSIGNMENT.name) in failed_submissions(root)
    data = report.load(root, db(root))
    assert data[0].submissions["huge"].status == "failed"


CORRUPT_STATUS = (b"student,assignment,status,score,max_score,reason,notes\r\n"
                  b"old,initialization,failed,0,2,\"" + b"z" * 200_000 + b"\",\r\n"
                  b"\xff\xfe,initialization,graded,2,2,,\r\n"
                  b"only-one-field\r\n\"unterminated")


def test_a_corrupt_status_file_from_an_old_run_stops_nothing(root):
    (root / "reports").mkdir()
    (root / "reports" / "grading_status.csv").write_bytes(CORRUPT_STATUS)
    assert isinstance(failed_submissions(root), dict)
    report.load(root, db(root))
    hand_in(root, "alice")
    autograde(root, FakeGrader())
    assert status_rows(root)["alice"]["status"] == "graded"


def test_an_error_while_recording_one_result_fails_that_row_only(root, monkeypatch):
    for student in ("unlucky", "unwritable", "alice"):
        hand_in(root, student)
    real_rows, real_write = gradebook.submission_rows, recording.write_autograded

    def rows_unless_unlucky(cells, result, timestamp=None):
        if result["student"] == "unlucky":
            raise RuntimeError("database is locked")
        return real_rows(cells, result, timestamp)

    def write(root_, result, name):
        if result["student"] == "unwritable" and result["notebook"]:
            raise OSError(28, "No space left on device")
        return real_write(root_, result, name)

    monkeypatch.setattr(gradebook, "submission_rows", rows_unless_unlucky)
    monkeypatch.setattr(recording, "write_autograded", write)
    autograde(root, FakeGrader())
    rows = status_rows(root)
    assert rows["alice"]["status"] == "graded"
    assert rows["unlucky"]["status"] == "failed" and "gradebook failed: RuntimeError: database is locked" in \
        rows["unlucky"]["reason"]
    assert rows["unwritable"]["status"] == "failed" and "writing autograded/ failed" in rows["unwritable"]["reason"]
    assert "unlucky" not in gradebook_students(root), "the failed transaction left nothing behind"
    assert not (root / "autograded" / "unlucky" / ASSIGNMENT.name / ASSIGNMENT.notebook).exists()
    with Gradebook(db(root)) as gb:  # the failed write is recorded as a failure: zeros, flagged
        notebook = gb.find_submission_notebook(Path(ASSIGNMENT.notebook).stem, ASSIGNMENT.name, "unwritable")
        assert notebook.flagged and notebook.score == 0


@pytest.mark.parametrize("text", [b"next tuesday\n", b"2025-13-45 99:99:99 UTC\n", b"\xff\xfe\n",
                                  b"2025-10-01 12:00:00 ../../../etc/passwd\n", b"9" * 5000])
def test_a_timestamp_that_does_not_parse_is_noted_and_graded_without_a_time(root, text):
    (hand_in(root, "odd_time") / "timestamp.txt").write_bytes(text)
    (hand_in(root, "good_time") / "timestamp.txt").write_text("2025-10-01 12:00:00.000000 UTC\n")
    autograde(root, FakeGrader())
    rows = status_rows(root)
    assert rows["odd_time"]["status"] == rows["good_time"]["status"] == "graded"
    assert "timestamp.txt" in rows["odd_time"]["notes"] and "recorded without a time" in rows["odd_time"]["notes"]
    assert rows["good_time"]["notes"] == ""
    with Gradebook(db(root)) as gb:
        assert gb.find_submission(ASSIGNMENT.name, "odd_time").timestamp is None
        assert gb.find_submission(ASSIGNMENT.name, "good_time").timestamp.day == 1


# -- item 7: one student's feedback failure never costs a classmate a page ------------------------------

def test_every_student_gets_a_feedback_page_or_a_failed_row(root):
    for student in ("alice", "zed", "broken"):
        hand_in(root, student)
    autograde(root, FakeGrader({"broken": {"status": "failed", "reason": "cannot be read"}}))
    # folders left in autograded/ by an older run, under names nbgrader cannot handle
    for name in (b"a\nbad", b".dot"):
        target = os.path.join(os.fsencode(root / "autograded"), name, b"initialization")
        shutil.copytree(root / "autograded" / "alice" / ASSIGNMENT.name, os.fsdecode(target))

    feedback.generate_feedback(root=root, db_url=db(root))

    for student in ("alice", "zed"):
        assert feedback.page_path(root, student, ASSIGNMENT).is_file(), student
    with open(root / "reports" / "feedback_status.csv", newline="", encoding="utf-8") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert set(rows) == {"alice", "zed", "broken", "'a\\nbad'", "'.dot'"}
    assert rows["alice"]["status"] == rows["zed"]["status"] == "written"
    # grading failed: the page says why (tests/test_feedback_for_everyone.py), the row too
    assert rows["broken"]["status"] == "written" and rows["broken"]["reason"] == "grading failed: cannot be read"
    for name in ("'a\\nbad'", "'.dot'"):
        assert rows[name]["status"] == "failed" and STUDENT_ID_RULE in rows[name]["reason"]


# -- the pool's workers start before the parent's set-up --------------------------------------------

def test_autograde_starts_the_workers_before_it_reads_the_gradebook(root, monkeypatch):
    """The parent's set-up (nbgrader's import, the gradebook's assignments and due dates: seconds) runs while
    the pool's workers start, and the run grades on those workers."""
    monkeypatch.setattr(pool, "_run_locally", REAL_POOL[0])
    monkeypatch.setattr(grade, "workers_starting", REAL_POOL[1])
    hand_in(root, "s1")
    seen = []
    knows = gradebook.knows_assignment
    monkeypatch.setattr(gradebook, "knows_assignment", lambda *a: seen.append(list(pool._starting)) or knows(*a))
    grader = FakeGrader()
    results = autograde(root, grader)
    assert [r.status for r in results] == ["graded"]
    assert seen and all(len(keys) == 1 and keys[0][0] == 1 and keys[0][2] is grader for keys in seen)
    assert pool._starting == {}  # taken over by the run
