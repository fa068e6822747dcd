"""The grading runner against hostile submissions: each case is a real notebook graded by the real path.

All cases are graded together in one run, so the test also shows that no
submission can stop, slow down unboundedly or change the grading of the others.
"""
import csv
import json
import os
import socket
import subprocess
import sys
import time

import nbformat
import pytest

from instructor import grade, release
from instructor.gradebook import cell_scores

from conftest import REPO, make_scratch_course
import hostile_class


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = make_scratch_course(tmp_path_factory.mktemp("hostile"))
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    expected = hostile_class.build(root, listener.getsockname()[1])
    limits = {"GRADER_CALL_TIMEOUT": "8", "GRADER_SETUP_TIMEOUT": "40", "GRADER_CELL_TIMEOUT": "5",
              "GRADER_MEMORY_MB": "1500"}
    old = {k: os.environ.get(k) for k in limits}
    os.environ.update(limits)
    try:
        results = grade.autograde(["initialization"], root=root, db_url=db_url)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k)
            else:
                os.environ[k] = v
        listener.close()
    return root, db_url, expected, {r["student"]: r for r in results}


def test_every_submission_ends_as_exactly_one_row(hostile_run):
    root, db_url, expected, results = hostile_run
    assert set(results) == set(expected)
    with open(root / "reports" / "grading_status.csv") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["student"] for r in rows) == sorted(expected)
    for row in rows:
        assert row["status"] == expected[row["student"]][0], row
        if row["status"] == "failed":
            assert row["reason"], "a failure must say why"


@pytest.mark.parametrize("student", sorted([
    "honest", "infinite_loop", "kills_its_process", "memory_bomb", "exits_at_top_level", "endless_top_level",
    "tampers_with_tests", "deletes_tests", "raises_with_hidden_inputs", "monkeypatches", "equal_to_anything", "ndarray_subclass", "probes_the_sandbox",
    "prints_and_warns", "lost_cell_metadata", "duplicated_answer_cell_last_wins", "renamed_file"]))
def test_exact_scores(hostile_run, student):
    root, db_url, expected, results = hostile_run
    status, scores = expected[student]
    result = results[student]
    assert result["status"] == status, result["reason"]
    assert result["scores"] == scores, result["notes"]
    in_gradebook = {r.grade_id: r.score for r in cell_scores(db_url) if r.student == student}
    assert in_gradebook == scores


def test_the_tampered_notebook_really_carries_its_forgeries(hostile_run):
    """The forged grade_id, the unlocked cell and the forged points are in what was handed in, and count for nothing."""
    root, db_url, _, results = hostile_run
    handed_in = nbformat.read(root / "submitted" / "tampers_with_tests" / "initialization" / "Initialization.ipynb",
                              as_version=4)
    code_tests = [c.metadata.nbgrader for c in handed_in.cells
                  if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    assert hostile_class.FORGED_GRADE_ID in [m["grade_id"] for m in code_tests]
    assert any(m["locked"] is False and m["points"] == 100 for m in code_tests)
    assert set(results["tampers_with_tests"]["scores"]) == set(hostile_class.FULL)
    assert {r.grade_id for r in cell_scores(db_url) if r.student == "tampers_with_tests"} == set(hostile_class.FULL)


def test_a_students_exception_does_not_carry_hidden_inputs_into_the_test_cell(hostile_run):
    root, _, _, results = hostile_run
    result = results["raises_with_hidden_inputs"]
    he, zeros = result["messages"]["test_initialize_parameters_he"], result["messages"]["test_initialize_parameters_zeros"]
    # the type, a hint in place of the student's own message, and the student's own line
    assert he.startswith("initialize_parameters_he() raised ValueError: a value has the wrong size"), he
    assert "its message is not shown" in he and "\ncell initialize_parameters_he, line " in he, he
    assert he.endswith(", in initialize_parameters_he: raise ValueError(repr(layers_dims))"), he
    # numpy's own message is shown, its numbers masked
    assert zeros.startswith("initialize_parameters_zeros() raised ValueError: shapes (#,#) and (#,#) not aligned"), zeros
    autograded = nbformat.read(root / "autograded" / "raises_with_hidden_inputs" / "initialization" /
                               "Initialization.ipynb", as_version=4)
    outputs = json.dumps([c.get("outputs", []) for c in autograded.cells])  # what the feedback shows of each cell
    assert "raise ValueError(repr(layers_dims))" in outputs and "[#, #, #, #, #]" not in outputs
    for text in (he, zeros, outputs):
        assert "4, 6, 3, 2, 1" not in text and "(4,1)" not in text and "(6,1)" not in text
    # the full messages stay in the instructor's notes
    notes = " | ".join(result["notes"])
    assert "[4, 6, 3, 2, 1]" in notes and "shapes (4,1) and (6,1) not aligned" in notes, notes


def test_failures_say_why_and_score_zero_in_the_gradebook(hostile_run):
    root, db_url, expected, results = hostile_run
    assert "cannot be read" in results["corrupt_file"]["reason"]
    assert "no notebook found" in results["no_notebook"]["reason"]
    for student in ("corrupt_file", "no_notebook"):
        got = {r.grade_id: r.score for r in cell_scores(db_url) if r.student == student}
        assert got and not any(got.values()), "a failed submission is recorded with zeros, never left out"


def test_runaway_code_is_named_in_the_notes(hostile_run):
    _, _, _, results = hostile_run
    assert any("timed out" in n for n in results["infinite_loop"]["notes"])
    assert any("ran longer than" in n for n in results["endless_top_level"]["notes"])
    assert any("ended" in n for n in results["kills_its_process"]["notes"])
    assert any("renamed" in n or "expected Initialization.ipynb" in n for n in results["renamed_file"]["notes"])


def test_nothing_was_written_outside_the_sandbox(hostile_run):
    root, _, _, _ = hostile_run
    assert not (root / "planted.txt").exists()
    assert not os.path.exists("/usr/planted.txt")


def test_regrading_is_idempotent_and_a_failed_regrade_leaves_no_stale_score(tmp_path):
    root = make_scratch_course(tmp_path)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    hostile_class.build_plain_class(root, 2)
    (root / "submitted" / "student_000").rename(root / "submitted" / "honest")
    first = {r["student"]: r["scores"] for r in grade.autograde(["initialization"], root=root, db_url=db_url)}
    second = {r["student"]: r["scores"] for r in grade.autograde(["initialization"], root=root, db_url=db_url)}
    assert first == second
    assert sum(first["honest"].values()) == 6 and sum(first["student_001"].values()) == 4
    # the honest student's file is now broken: the old full score must not survive the regrade
    (root / "submitted" / "honest" / "initialization" / "Initialization.ipynb").write_text("garbage")
    results = {r["student"]: r for r in grade.autograde(["initialization"], root=root, db_url=db_url)}
    assert results["honest"]["status"] == "failed"
    got = [r.score for r in cell_scores(db_url) if r.student == "honest"]
    assert len(got) == 3 and sum(got) == 0


def test_a_run_killed_half_way_leaves_a_consistent_gradebook_and_the_next_run_finishes(tmp_path):
    root = make_scratch_course(tmp_path)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    # Large enough that the run is still going at the first commit (after GradebookWriter's 2 s), even with
    # student processes forked from the warm template (about 0.1 s a notebook).
    expected = hostile_class.build_plain_class(root, 60)
    env = dict(os.environ, WORKERS="1", PYTHONPATH=str(REPO))
    code = ("import sys; from instructor import grade; "
            f"grade.autograde(['initialization'], root={str(root)!r}, db_url={db_url!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status = root / "reports" / "grading_status.csv"
    deadline = time.time() + 120
    while time.time() < deadline and (not status.exists() or len(status.read_text().splitlines()) < 3):
        time.sleep(0.2)
    os.killpg(proc.pid, 9)
    proc.wait()
    partial = {r.student for r in cell_scores(db_url)}
    assert 2 <= len(partial) < len(expected), "the run was meant to be stopped half-way"
    by_student = {}
    for r in cell_scores(db_url):
        by_student.setdefault(r.student, []).append(r)
    assert all(len(rows) == 3 for rows in by_student.values()), "every recorded submission is complete"
    results = grade.autograde(["initialization"], root=root, db_url=db_url)
    assert {r["student"]: sum(r["scores"].values()) for r in results} == expected
    assert {r.student for r in cell_scores(db_url)} == set(expected)
