"""The grading runner's orchestration: clean setup, quiet test cells, worker deaths, Dask errors,
one job per process at a time, in-place changes the student's process reports, stray hand-ins, recording
results all or nothing, and a progress bar that is quiet in CI."""
import io
import os
import resource
import sys
import threading
import time
from dataclasses import replace

import nbformat
import numpy as np
import pytest

from instructor import course, grade, gradebook
from instructor.grading import pool, submissions, trusted_run
from instructor.course import REPO
from instructor.demo_class import solved_notebook
from instructor.grading.jobs import CourseFiles, course_files, new_job
from instructor.grading.proxies import StudentFunction
from instructor.grading.settings import Settings

ASSIGNMENTS = course.assignments()


def make_job(assignment, nb, student="student"):
    return new_job(course_files(assignment, REPO), student, Settings.from_environment(),
                   submission={assignment.notebook: nbformat.writes(nb)})


# -- 1. the student's process runs the course's cells without spurious errors ----------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_full_marks_submission_is_graded_with_no_notes(assignment):
    result = trusted_run.grade_submission(make_job(assignment, solved_notebook(assignment)))
    assert result["status"] == "graded", result["reason"]
    assert result["notes"] == []
    assert result["scores"] == result["max_scores"], result["messages"]


def test_definitions_only_drops_assignments_that_read_dropped_names():
    code = ("import numpy as np\nSIZES = [2, 3]\ntimings = measure(SIZES)\nslowdown = timings[1] / timings[0]\n"
            "last = SIZES[-1]\nsquares = [n * n for n in SIZES]\nlate = EARLIER\n")
    kept = trusted_run.definitions_only(code, defined={"EARLIER"})
    assert "slowdown" not in kept and "timings" not in kept
    assert "SIZES = [2, 3]" in kept and "last = SIZES[-1]" in kept and "squares" in kept
    assert "late = EARLIER" in kept
    exec(kept, {"EARLIER": 1})  # what is kept runs


# -- 2. the student's prints cannot show hidden inputs ----------------------------------------------

def test_student_prints_stay_out_of_every_cell_output():
    assignment = course.by_name("initialization")
    nb = solved_notebook(assignment)
    marker = "LEAKED-ARGUMENT:"
    for cell in nb.cells:
        if cell.source.lstrip().startswith("def initialize_parameters"):
            name = cell.source.split("def ", 1)[1].split("(", 1)[0]
            cell.source = cell.source.replace(f"def {name}(layers_dims):",
                                              f"def {name}(layers_dims):\n    print({marker!r}, layers_dims)", 1)
    result = trusted_run.grade_submission(make_job(assignment, nb))
    assert result["scores"] == result["max_scores"], result["messages"]
    graded = nbformat.reads(result["notebook"], as_version=4)
    shown = [str(c.outputs) for c in graded.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    assert shown and not any(marker in text for text in shown)
    assert marker not in " ".join(result["messages"].values())
    every_output = " ".join(str(c.outputs) for c in graded.cells if c.cell_type == "code")
    assert marker not in every_output, "a demonstration cell after a hidden test could show its inputs"


# -- 3. a dead local worker costs only its own submission -------------------------------------------

def fake_grade(job_):
    """Stands in for grade_submission in the pool's processes; says which process ran it, with what limit."""
    if job_.student == "dies":
        os._exit(9)
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return {"student": job_.student, "assignment": job_.assignment, "status": "graded", "reason": "",
            "scores": {"t": 1.0}, "max_scores": job_.max_scores, "notes": [], "messages": {},
            "notebook": None, "memory_limit": soft, "pid": os.getpid()}


FAKE_COURSE = CourseFiles("a", "A.ipynb", source="", release="", support={}, max_scores={"t": 1.0})


def fake_jobs(students, settings=Settings()):
    return [new_job(FAKE_COURSE, s, settings, submission={}) for s in students]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dead_worker_fails_only_its_own_submission(monkeypatch, workers):
    monkeypatch.setenv("GRADER_WORKER_MEMORY_MB", "1234")
    students = ["s1", "s2", "dies", "s3", "s4", "s5"]
    settings = Settings.from_environment()  # as the parent reads them
    results = list(pool.run_jobs(fake_jobs(students, settings), replace(settings, workers=workers), fake_grade))
    by_student = {r["student"]: r for r in results}
    assert sorted(r["student"] for r in results) == sorted(students), "exactly one row per submission"
    for student in set(students) - {"dies"}:
        assert by_student[student]["status"] == "graded", by_student[student]["reason"]
        assert by_student[student]["memory_limit"] == 1234 * 1024 * 1024
        assert by_student[student]["pid"] != os.getpid(), "jobs run in pool processes, never in the parent"
    assert by_student["dies"]["status"] == "failed" and "worker died" in by_student["dies"]["reason"]


def fake_grade_that_hangs(job_):
    if job_.student == "hangs":
        time.sleep(3600)
    return fake_grade(job_)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_job_that_hangs_fails_alone_and_the_run_goes_on(monkeypatch, workers):
    monkeypatch.setenv("GRADER_JOB_TIMEOUT", "3")
    students = ["s1", "hangs", "s2", "s3"]
    settings = Settings.from_environment()
    results = list(pool.run_jobs(fake_jobs(students, settings), replace(settings, workers=workers),
                                 fake_grade_that_hangs))
    by_student = {r["student"]: r for r in results}
    assert sorted(r["student"] for r in results) == sorted(students), "exactly one row per submission"
    for student in set(students) - {"hangs"}:
        assert by_student[student]["status"] == "graded", by_student[student]["reason"]
    assert by_student["hangs"]["status"] == "failed" and "GRADER_JOB_TIMEOUT" in by_student["hangs"]["reason"]


# -- 4. on Dask, an error in one future fails only that submission ----------------------------------

def fake_grade_that_raises(job_):
    if job_.student == "dies":
        raise RuntimeError("worker lost")
    return fake_grade(job_)


def test_dask_error_in_one_future_fails_only_that_submission(monkeypatch):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        monkeypatch.setenv("DASK_SCHEDULER", cluster.scheduler_address)
        results = list(pool.run_jobs(fake_jobs(["s1", "dies", "s2"]), Settings.from_environment(),
                                     fake_grade_that_raises))
    by_student = {r["student"]: r for r in results}
    assert sorted(by_student) == ["dies", "s1", "s2"] and len(results) == 3
    assert by_student["s1"]["status"] == by_student["s2"]["status"] == "graded"
    assert by_student["dies"]["status"] == "failed" and "worker lost" in by_student["dies"]["reason"]


# -- 5. one job at a time per process --------------------------------------------------------------

def test_jobs_in_threads_of_one_process_run_one_at_a_time(monkeypatch):
    running, most = [], []

    def slow_grade(job_, observer=None):
        running.append(job_)
        most.append(len(running))
        time.sleep(0.3)  # long enough for the other thread to start, if nothing stops it
        running.remove(job_)
        return fake_grade(job_)

    monkeypatch.setattr(trusted_run, "_grade", slow_grade)
    threads = [threading.Thread(target=trusted_run.grade_submission, args=(j,)) for j in fake_jobs(["s1", "s2", "s3"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most and max(most) == 1


# -- 6. the student's process cannot forge changes to the grader's objects -------------------------

class ForgingProcess:
    """A student's process that reports whatever in-place changes it likes."""

    def __init__(self, args_after):
        self.args_after = args_after

    def call(self, name, args, kwargs, overrides=None, rng_state=None, on_output=None):
        return 0.0, self.args_after, None, None


def test_forged_write_backs_cannot_change_shapes_types_or_keys():
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones((2, 1))}
    X = np.zeros((3, 4))
    forged_grads = {"dW1": np.zeros(7), "db1": np.zeros((2, 1), dtype=np.int64), "extra": 1.0}
    f = StudentFunction("f", ForgingProcess([forged_grads, [1, 2, 3]]), {}, ["f"])
    f(grads, X)
    assert set(grads) == {"dW1", "db1"}
    assert grads["dW1"].shape == (2, 2) and (grads["dW1"] == 1).all()
    assert grads["db1"].dtype == np.float64 and (grads["db1"] == 1).all()
    assert isinstance(X, np.ndarray) and X.shape == (3, 4)
    assert f.changed_arguments, "the forged change is still recorded"


def test_a_same_shape_change_is_applied_and_fails_the_test_cell():
    X = np.zeros((2, 3))
    run = trusted_run._TrustedRun(None, [])
    run.proxies["f"] = StudentFunction("f", ForgingProcess([np.ones((2, 3))]), run.namespace, ["f"])
    run.namespace.update(f=run.proxies["f"], np=np, X=X)
    outputs, passed = run.run_cell("reference = X.sum()\nf(X)\nassert X.sum() == 6", is_test=True)
    assert (X == 1).all(), "an honest in-place change is seen by the test"
    assert not passed and "changed its argument 1 in place" in outputs[-1].evalue
    _, passed = run.run_cell("f(X)\nassert X.sum() == 6", is_test=False)
    assert passed, "outside test cells a change is not a failure"


FORGED_GRADIENT_CHECK = '''

_honest_gradient_check_n = gradient_check_n


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    # Honest on the public batch (3 examples); elsewhere, when the gradients are wrong, it zeroes them in
    # place and reports 1.0: a test that computed its reference from the gradients after the call would pass.
    difference = _honest_gradient_check_n(parameters, gradients, X, Y, epsilon, print_msg)
    if difference > 1e-7 and X.shape[1] != 3:
        for value in gradients.values():
            value[...] = 0
        return 1.0
    return difference
'''


def test_zeroing_the_gradients_in_place_cannot_forge_the_gradient_check():
    assignment = course.by_name("gradient_checking")
    nb = solved_notebook(assignment)
    answer = next(c for c in nb.cells if c.source.lstrip().startswith("def gradient_check_n("))
    answer.source += FORGED_GRADIENT_CHECK
    result = trusted_run.grade_submission(make_job(assignment, nb))
    assert result["status"] == "graded", result["reason"]
    assert result["scores"]["test_gradient_check_n"] == 0, result["messages"]
    # Two defences stop it, each enough alone: the hidden test computes its references from arrays the student's
    # function never sees, and any in-place change to an argument fails the test cell (see the tests above).
    others = {k: v for k, v in result["scores"].items() if k != "test_gradient_check_n"}
    assert others == {k: v for k, v in result["max_scores"].items() if k != "test_gradient_check_n"}


# -- 7. every hand-in in submitted/ ends as a row: a misnamed folder or a loose notebook fails, with the path ------

def tiny_course(root):
    """A course at `root` with every assignment's source and release notebook: one test cell worth 2 points."""
    test_cell = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "test_f", "points": 2}})
    for a in ASSIGNMENTS:
        for folder in ("source", "release"):
            (root / folder / a.name).mkdir(parents=True)
            nbformat.write(nbformat.v4.new_notebook(cells=[test_cell]), root / folder / a.name / a.notebook)
    return root


def hand_in(root, relative):
    """Writes a notebook (relative ends in .ipynb) or a file at submitted/<relative>."""
    path = root / "submitted" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nbformat.v4.new_notebook()) if path.suffix == ".ipynb" else "notes")


def test_misnamed_folders_and_loose_notebooks_end_as_failed_rows_with_the_expected_path(tmp_path, monkeypatch):
    root = tiny_course(tmp_path)
    for relative in ["alice/Initialization/Initialization.ipynb",        # capitalised folder
                     "bob/initialisation/Initialization.ipynb",          # British spelling
                     "carol/Regularization.ipynb",                       # notebook dropped into the student folder
                     "dave/initialization/Initialization.ipynb",         # right, plus a stray copy beside it
                     "dave/Initialization (1).ipynb",
                     "erin/notes.txt", "erin/hw1/work.ipynb",            # nothing that resembles an assignment
                     "frank/.ipynb_checkpoints/Regularization-checkpoint.ipynb",
                     "frank/regularization/Regularization.ipynb",
                     "gina/Gradient Checking.ipynb", "gina/gradient-checking-v2/Gradient_Checking.ipynb"]:
        hand_in(root, relative)
    jobs = submissions.find_jobs(root, ASSIGNMENTS, Settings())
    by_key = {(j.student, j.assignment): j for j in jobs}
    assert sorted(by_key) == [("alice", "initialization"), ("bob", "initialization"), ("carol", "regularization"),
                              ("dave", "initialization"), ("frank", "regularization"),
                              ("gina", "gradient_checking")], "one job per hand-in, none for erin's unknowns"
    assert len(jobs) == len(by_key)
    assert by_key[("alice", "initialization")].refused == (
        "no folder named initialization in submitted/alice (found: Initialization/); "
        "expected submitted/alice/initialization/Initialization.ipynb")
    assert "(found: initialisation/)" in by_key[("bob", "initialization")].refused
    assert by_key[("carol", "regularization")].refused == (
        "no folder named regularization in submitted/carol (found: Regularization.ipynb); "
        "expected submitted/carol/regularization/Regularization.ipynb")
    assert "(found: Gradient Checking.ipynb, gradient-checking-v2/)" in by_key[("gina", "gradient_checking")].refused
    dave = by_key[("dave", "initialization")]
    assert dave.refused is None and "Initialization.ipynb" in dave.submission
    assert dave.runner_notes == ("also handed in, not graded: Initialization (1).ipynb in submitted/dave",)
    frank = by_key[("frank", "regularization")]
    assert frank.refused is None and not frank.runner_notes, ".ipynb_checkpoints is not a hand-in"
    assert sorted(p.relative_to(root).as_posix() for p in submissions.unrecognised_entries(root)) == [
        "submitted/erin/hw1", "submitted/erin/notes.txt"]

    # The refused jobs become failed rows (failed_result: zeros, the reason) without reaching a worker.
    results = list(pool.run_jobs(jobs, Settings(workers=1), fake_grade))
    assert sorted((r["student"], r["assignment"]) for r in results) == sorted(by_key)
    for r in results:
        refused = by_key[(r["student"], r["assignment"])].refused
        if refused:
            assert r["status"] == "failed" and r["reason"] == refused and r["scores"] == {}
            assert r["max_scores"] == {"test_f": 2.0}
        else:
            assert r["status"] == "graded" and r["pid"] != os.getpid()


def test_a_stray_matches_only_the_assignment_it_resembles_most(tmp_path):
    student = tmp_path / "s"
    for folder in ["Regularisation", "normalization", "regularization"]:
        (student / folder).mkdir(parents=True)
    for file in ["initialization_v2.ipynb", "GRADIENT_CHECKING.zip", "optimization.ipynb", ".DS_Store"]:
        (student / file).write_text("")
    matched, unrecognised = submissions.sort_strays(student)
    assert {k: [p.name for p in v] for k, v in matched.items()} == {
        "regularization": ["Regularisation"], "initialization": ["initialization_v2.ipynb"],
        "gradient_checking": ["GRADIENT_CHECKING.zip"]}
    assert [p.name for p in unrecognised] == ["normalization", "optimization.ipynb"]


# -- 8. a submission is replaced in the gradebook all or nothing -------------------------------------

@pytest.fixture
def tiny_gradebook(tmp_path):
    """A gradebook with assignment "a" (notebook "nb": test_f 2 points, test_g 1) and alice's 2 + 1 in it."""
    from nbgrader.api import Gradebook
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db_url) as gb:
        gb.add_assignment("a")
        gb.add_notebook("nb", "a")
        gb.add_grade_cell("test_f", "nb", "a", max_score=2, cell_type="code")
        gb.add_grade_cell("test_g", "nb", "a", max_score=1, cell_type="code")
    gradebook.record_result(db_url, {"student": "alice", "assignment": "a", "status": "graded",
                                     "scores": {"test_f": 2.0, "test_g": 1.0}})
    return db_url


def gradebook_state(db_url):
    """(alice's scores by cell, flagged, number of submissions, number of grades) as the database has them."""
    from nbgrader.api import Gradebook, Grade, SubmittedAssignment
    with Gradebook(db_url) as gb:
        notebook = gb.find_submission_notebook("nb", "a", "alice")
        return ({g.name: g.score for g in notebook.grades}, notebook.flagged,
                gb.db.query(SubmittedAssignment).count(), gb.db.query(Grade).count())


class KilledWhileScoring(dict):
    def get(self, *args):
        raise KeyboardInterrupt("killed while setting the scores")


def fail_after_remove(monkeypatch):
    from nbgrader.api import Gradebook

    def killed(self, *args, **kwargs):
        raise RuntimeError("killed after the old submission was removed")
    monkeypatch.setattr(Gradebook, "add_submission", killed)


@pytest.mark.parametrize("failure", ["after_remove", "while_scoring"])
def test_a_failure_half_way_through_recording_leaves_the_old_score(tiny_gradebook, monkeypatch, failure):
    assert gradebook_state(tiny_gradebook) == ({"test_f": 2.0, "test_g": 1.0}, False, 1, 2)
    scores = {"test_f": 0.0, "test_g": 0.0}
    if failure == "after_remove":
        fail_after_remove(monkeypatch)
    else:
        scores = KilledWhileScoring(scores)
    with pytest.raises((RuntimeError, KeyboardInterrupt)):
        gradebook.record_result(tiny_gradebook, {"student": "alice", "assignment": "a", "status": "failed",
                                                 "scores": scores})
    with pytest.raises((RuntimeError, KeyboardInterrupt)):  # a new student is not half-created either
        gradebook.record_result(tiny_gradebook, {"student": "bob", "assignment": "a", "status": "graded",
                                                 "scores": scores})
    monkeypatch.undo()
    assert gradebook_state(tiny_gradebook) == ({"test_f": 2.0, "test_g": 1.0}, False, 1, 2), "the old score stands"
    assert gradebook.assignment_scores(tiny_gradebook) == {("alice", "a"): (3.0, 3.0)}
    # ...and the gradebook is consistent: the next result replaces it as usual.
    gradebook.record_result(tiny_gradebook, {"student": "alice", "assignment": "a", "status": "failed", "scores": {}})
    assert gradebook_state(tiny_gradebook) == ({"test_f": 0.0, "test_g": 0.0}, True, 1, 2)


# -- 9. the progress bar shows on a terminal and stays quiet in CI -----------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("ci, shown", [("true", False), ("1", False), (None, True)])
def test_progress_bar_is_quiet_in_ci_and_shown_on_a_terminal(monkeypatch, ci, shown):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with grade.progress(3) as bar:
        disabled = bar.disable  # tqdm sets it on closing
        bar.update(1)
    assert disabled is (not shown)
    assert ("1/3" in terminal.getvalue()) is shown


def test_progress_bar_is_quiet_without_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with grade.progress(3) as bar:
        assert bar.disable


def grade_with_a_template(job_):
    """A stand-in job that starts the worker's template, as a real one does, and says what the worker holds."""
    from instructor.grading import sandbox, warm_start
    template = warm_start.template_for(job_.settings)
    return {"student": job_.student, "assignment": job_.assignment, "status": "graded", "reason": "",
            "scores": {"t": 1.0}, "max_scores": job_.max_scores, "notes": [], "messages": {}, "notebook": None,
            "worker": os.getpid(), "template": template.proc.pid if template else None,
            "staging": template.staging if template else None,
            "cgroup": str(template.cgroup.dirs[0]) if template and template.cgroup else None,
            "sandboxed": bool(sandbox.bwrap_path())}


def _ended(pid):
    """The process has ended (gone, or a zombie its parent has not reaped yet)."""
    return not os.path.exists(f"/proc/{pid}") or "Z" in open(f"/proc/{pid}/stat").read().split()[2]


def test_a_worker_that_ends_quickly_still_leaves_nothing_behind():
    """Workers skip the interpreter's teardown at exit (pool._leave_quickly), but only after their template,
    its cgroup and their folders are gone."""
    results = list(pool.run_jobs(fake_jobs(["s1", "s2"]), Settings(workers=2), grade_with_a_template))
    assert [r["status"] for r in results] == ["graded", "graded"]
    if not results[0]["sandboxed"]:
        pytest.skip("needs bubblewrap (the template runs in it)")
    for r in results:
        for pid in (r["worker"], r["template"]):
            assert _ended(pid)
        assert r["template"] is not None and not os.path.exists(r["staging"])
        assert r["cgroup"] is None or not os.path.exists(r["cgroup"])


def test_workers_started_early_grade_the_run_and_a_pool_nobody_takes_over_is_shut_down():
    """pool.workers_starting starts the pool's workers before the parent's set-up (grade.autograde): the run's
    first pool is that one, not a second; a pool no run takes over ends with the block, its workers too."""
    settings = Settings(workers=2)
    key = (2, settings, fake_grade)
    with pool.workers_starting(settings, fake_grade):
        started, _ = pool._starting[key]
        workers = set(started._processes)  # spawned as the block begins
        results = list(pool.run_jobs(fake_jobs(["s1", "s2", "s3", "s4"], settings), settings, fake_grade))
        assert key not in pool._starting  # taken over
    assert len(workers) == 2 and {r["pid"] for r in results} <= workers
    with pool.workers_starting(settings, fake_grade):
        started, ready = pool._starting[key]
        unused = set(started._processes)
        for future in ready:
            future.result(timeout=60)
    assert key not in pool._starting and len(unused) == 2
    assert all(_ended(pid) for pid in unused)
