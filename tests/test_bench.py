"""`make bench`'s breakdown of a notebook's time: the arithmetic of the table, and a real job that measures
every phase the worker can see."""
import math
import pickle

import nbformat
import pytest

from instructor import bench, course
from instructor.course import REPO
from instructor.demo_class import solved_notebook
from instructor.grading import trusted_run
from instructor.grading.jobs import TIMING_PHASES, Result, course_files, new_job
from instructor.grading.recording import clean_result
from instructor.grading.settings import Settings


def result(assignment, timings):
    return Result(student="s", assignment=assignment, status="graded", reason="", scores={}, max_scores={},
                  timings=timings)


TIMINGS = [("a", {"sandbox start": 0.2, "student cells": 0.3, "calls": 0.1, "sandbox stop": 0.05,
                  "trusted compute": 0.25, "writing results": 0.1}),
           ("a", {"sandbox start": 0.4, "student cells": 0.1, "calls": 0.3, "trusted compute": 0.15}),
           ("b", {"calls": 0.6, "trusted compute": 0.8, "writing results": 0.02})]


def test_the_breakdown_averages_each_phase_over_the_class_and_the_rest_is_other():
    results = [result(a, t) for a, t in TIMINGS]
    wall = 4.5
    rows = dict(bench.time_breakdown(results, wall))
    for phase in TIMING_PHASES:
        expected = sum(t.get(phase, 0.0) for _, t in TIMINGS) / len(TIMINGS)
        assert rows[bench.LABELS.get(phase, phase)] == pytest.approx(expected), phase
    measured = sum(sum(t.values()) for _, t in TIMINGS) / len(TIMINGS)
    assert rows["total"] == pytest.approx(wall / len(TIMINGS))
    assert rows["other"] == pytest.approx(wall / len(TIMINGS) - measured)
    trusted = sum(t["trusted compute"] for _, t in TIMINGS) / len(TIMINGS)
    assert bench.overhead(results, wall) == pytest.approx(wall / len(TIMINGS) / trusted)

    lines = bench.breakdown(results, wall, "title")
    assert lines[0] == "title"
    assert f"wall time: {wall / len(TIMINGS) / trusted:.2f}x the trusted compute above" in lines
    (line_b,) = [line for line in lines if line.split()[0] == "b"]
    assert [float(x) for x in line_b.split()[1:]] == [round(TIMINGS[2][1].get(p, 0.0), 3) for p in TIMING_PHASES]


def test_no_measured_trusted_compute_gives_no_ratio():
    results = [result("a", {})]
    assert bench.overhead(results, 1.0) is None
    assert "wall time: no trusted compute measured" in bench.breakdown(results, 1.0, "title")


def test_the_runner_is_compared_with_the_tests_own_work_notebook_by_notebook():
    results = [result(a, {}) for a, _ in TIMINGS]  # two notebooks of a, one of b
    own_work = {"a": 0.1, "b": 0.4}
    lines = bench.against_tests_own_work(results, 1.8, own_work)
    assert lines[0].endswith("a 0.100 s, b 0.400 s; class mean 0.200 s")
    assert lines[1] == "runner, 1 worker: 0.600 s a notebook = 3.00x the tests' own work (target <= 2.5x)"


def test_a_graded_job_measures_every_worker_phase_and_they_survive_cleaning_and_pickling():
    assignment = course.assignments()[0]
    job = new_job(course_files(assignment, REPO), "student", Settings.from_environment(),
                  submission={assignment.notebook: nbformat.writes(solved_notebook(assignment))})
    graded = trusted_run.grade_submission(job)
    assert graded.status == "graded", graded.reason
    assert set(graded.timings) == set(TIMING_PHASES) - {"writing results"}  # the parent measures that one
    assert all(isinstance(s, float) and math.isfinite(s) and s >= 0 for s in graded.timings.values())
    assert graded.timings["trusted compute"] > 0
    assert graded.timings["sandbox start"] > 0 and graded.timings["student cells"] > 0  # both processes ran
    assert clean_result(graded, job).timings == graded.timings
    assert pickle.loads(pickle.dumps(graded)) == graded
