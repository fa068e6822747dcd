"""Property: whatever a class hands in and whatever its grading jobs send back, `make autograde`'s parent
process ends cleanly with exactly one row per submission in reports/grading_status.csv.

Hypothesis throws arbitrary bytes and text into every field that reaches the parent: student folder names,
file names, notebook bytes (JSON escapes of lone surrogates too), timestamp.txt, a damaged status file from an
older run, and the job's result (status, reason, notes, messages, notebook text; lone surrogates, control
characters, strings far over the csv module's field limit). The real recording path runs (grade.autograde:
autograded/, the gradebook, the status file); a stand-in returns the drawn result instead of grading, in this
process, so no sandbox starts and the test stays fast.
"""
import csv
import json
import math
import os
import shutil

import nbformat
import pytest
from conftest import grade_jobs_in_this_process
from hypothesis import HealthCheck, given, settings, strategies as st

from instructor import course, grade, report
from instructor.grading.jobs import TIMING_PHASES, Job, Result
from instructor.grading.recording import clean_result
from instructor.grading.settings import Settings
from instructor.results import failed_submissions

ASSIGNMENT = course.by_name("initialization")


def course_notebook(answer="def f():\n    return 1"):
    cell = nbformat.v4.new_code_cell(answer, metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "f", "schema_version": 3}})
    test = nbformat.v4.new_code_cell("assert f() == 1", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "test_f", "points": 2, "schema_version": 3}})
    return nbformat.v4.new_notebook(cells=[cell, test])


@pytest.fixture(scope="module")
def course_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz_parent")
    for folder in ("source", "release"):
        (root / folder / ASSIGNMENT.name).mkdir(parents=True)
        nbformat.write(course_notebook(), root / folder / ASSIGNMENT.name / ASSIGNMENT.notebook)
    return root


# -- what a class may hand in and a job may send back -------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=40)  # lone surrogates and controls included
huge_text = st.builds(lambda part, times: part * times, st.text(st.characters(exclude_categories=()), min_size=1,
                                                                 max_size=3), st.integers(50_000, 150_000))
hostile_text = st.one_of(any_text, huge_text)
file_name = st.binary(min_size=1, max_size=60).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")) \
    .filter(lambda b: b not in (b".", b".."))
plain_id = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
student_name = st.one_of(plain_id.map(str.encode), file_name)


def notebook_with(text):
    """A real notebook whose answer holds `text`, its lone surrogates written as JSON escapes."""
    return json.dumps(course_notebook("x = " + repr(text)), ensure_ascii=True).encode()


notebook_bytes = st.one_of(any_text.map(notebook_with), st.binary(max_size=300),
                           st.just(nbformat.writes(course_notebook()).encode()))
timestamp = st.one_of(st.none(), st.binary(max_size=40), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.just(b"2025-10-01 12:00:00.000000 UTC\n"))
result = st.fixed_dictionaries({
    "status": st.sampled_from(["graded", "failed", "", None, 3]),
    "reason": st.one_of(hostile_text, st.none()),
    "notes": st.one_of(st.lists(hostile_text, max_size=3), hostile_text),
    "messages": st.dictionaries(any_text, hostile_text, max_size=2),
    "notebook": st.one_of(st.none(), hostile_text, any_text.map(lambda t: nbformat.writes(course_notebook(t)))),
    "scores": st.dictionaries(st.sampled_from(["test_f", "other"]),
                              st.one_of(st.floats(allow_nan=True), st.text(max_size=3)), max_size=2),
    "timings": st.one_of(st.none(), any_text, st.dictionaries(
        st.one_of(st.sampled_from(TIMING_PHASES), any_text, st.integers()),
        st.one_of(st.floats(allow_nan=True), st.integers(min_value=-10, max_value=10 ** 400), st.text(max_size=3),
                  st.booleans(), st.none()), max_size=4)),
})
hand_in = st.fixed_dictionaries({"notebook": notebook_bytes, "timestamp": timestamp, "result": result,
                                 "extra_files": st.dictionaries(file_name, st.binary(max_size=50), max_size=2)})
old_status = st.one_of(st.none(), st.binary(max_size=300),
                       st.builds(lambda n: b"student,assignment,status,reason\r\nold,initialization,failed,\"" +
                                 b"x" * n + b"\"\r\n", st.integers(0, 300_000)))


def write_class(root, class_, status_bytes):
    for folder in ("submitted", "autograded", "reports"):
        shutil.rmtree(root / folder, ignore_errors=True)
    base = os.fsencode(root / "submitted")
    for name, handed in class_.items():
        folder = os.path.join(base, name, b"initialization")
        os.makedirs(folder)
        for file, data in handed["extra_files"].items():
            with open(os.path.join(folder, file), "wb") as f:
                f.write(data)
        with open(os.path.join(folder, b"Initialization.ipynb"), "wb") as f:
            f.write(handed["notebook"])
        if handed["timestamp"] is not None:
            with open(os.path.join(folder, b"timestamp.txt"), "wb") as f:
                f.write(handed["timestamp"])
    if status_bytes is not None:
        (root / "reports").mkdir()
        (root / "reports" / "grading_status.csv").write_bytes(status_bytes)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(class_=st.dictionaries(student_name, hand_in, min_size=1, max_size=4), status_bytes=old_status)
def test_any_class_and_any_results_give_one_row_per_submission_and_a_clean_exit(course_root, class_, status_bytes):
    root = course_root
    write_class(root, class_, status_bytes)
    drawn = {os.fsdecode(name): handed["result"] for name, handed in class_.items()}

    def stand_in(job):
        return Result(student=job.student, assignment=job.assignment, max_scores=job.max_scores,
                      **drawn[job.student])

    with pytest.MonkeyPatch.context() as patch:  # jobs run in this process: the pool is tested elsewhere
        grade_jobs_in_this_process(patch)
        results = grade.autograde([ASSIGNMENT.name], root=root, db_url=f"sqlite:///{root / 'gradebook.db'}",
                                  workers=1, grade=stand_in)

    assert len(results) == len(class_), "one result per submission"
    for recorded in results:  # the parent adds its own phase; of the worker's, only clean figures remain
        assert set(recorded.timings) <= set(TIMING_PHASES) and "writing results" in recorded.timings
        assert all(type(s) is float and math.isfinite(s) and s >= 0 for s in recorded.timings.values())
    with open(root / "reports" / "grading_status.csv", newline="", encoding="utf-8") as f:  # csv's default limit
        rows = [row for row in csv.DictReader(f) if row["assignment"] == ASSIGNMENT.name]
    assert len(rows) == len({row["student"] for row in rows}) == len(class_), "one row per submission"
    assert all(row["status"] in ("graded", "failed") for row in rows)
    assert all("\n" not in value and "\r" not in value for row in rows for value in row.values())
    report.load(root, f"sqlite:///{root / 'gradebook.db'}")
    failed_submissions(root)


def test_bogus_timings_are_dropped_and_good_ones_kept():
    job = Job(student="s", assignment=ASSIGNMENT.name, notebook=ASSIGNMENT.notebook, max_scores={"test_f": 2.0},
              settings=Settings())
    sent = {"calls": -1.0, "sandbox start": float("nan"), "student cells": "0.3", "sandbox stop": True,
            "writing results": float("inf"), "made up": 1.0, 7: 1.0, "trusted compute": 0.25}
    base = dict(student="s", assignment=ASSIGNMENT.name, status="graded", reason="", scores={"test_f": 2.0},
                max_scores={"test_f": 2.0})
    cleaned = clean_result(Result(**base, timings=sent), job)
    assert cleaned.timings == {"trusted compute": 0.25}
    assert cleaned.status == "graded" and cleaned.scores == {"test_f": 2.0}, "bad figures never fail a row"
    for bogus in (None, "fast", [("calls", 1.0)], {"calls": 10 ** 400}):
        assert clean_result(Result(**base, timings=bogus), job).timings == {}
