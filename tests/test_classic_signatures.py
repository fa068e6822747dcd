"""Both generations of the classic Gradient Checking signatures grade unchanged (issue 14, item 1).

Before 2021 the classic assignment had gradient_check(x, theta, epsilon=1e-7) and
gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7), which print their verdict on every call; the newer
ones add print_msg=False. The notebook passes print_msg only where the signature takes it (utils.gradcheck_net
.accepts), in its public and hidden tests and its demonstration cells, so a right answer of either generation
earns full marks, graded on the difference it returns, with no error in any cell, in the grader and in the
student's self-check.
"""
import inspect
from dataclasses import replace

import nbformat
import pytest

from instructor import course
from instructor.accuracy.catalogue import catalogue, solution_job
from instructor.grading import proxies, trusted_run
from instructor.demo_class import solved_notebook
from utils import selfcheck
from utils.gradcheck_net import accepts, check_and_print

ASSIGNMENT = course.by_name("gradient_checking")
GENERATIONS = {
    "before 2021": [e for e in catalogue(ASSIGNMENT) if e.name.endswith("_classic_before_2021")],
    "2021 and later": [],  # the instructor's solution, which has print_msg=False
}


def test_the_catalogue_holds_an_older_right_answer_for_both_checks():
    older = {e.function: e for e in GENERATIONS["before 2021"]}
    assert set(older) == {"gradient_check", "gradient_check_n"}
    for entry in older.values():
        assert entry.kind == "correct" and "print_msg" not in entry.code and "print(" in entry.code


def older_generation_notebook():
    """The release notebook solved, with both checks answered in their pre-2021 form."""
    nb = solved_notebook(ASSIGNMENT)
    answers = {e.function: e.code for e in GENERATIONS["before 2021"]}
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in answers:
            cell.source = answers[cell.metadata.nbgrader.grade_id]
    return nb


def grade(nb):
    """Grades one notebook with the real grader (trusted run + sandboxed student process), in this process."""
    job = replace(solution_job(ASSIGNMENT), submission={ASSIGNMENT.notebook: nbformat.writes(nb)})
    return trusted_run.grade_submission(job)


def proxy_reads_signatures():
    """Whether the grader's stand-in for a student function reports the student's signature (helper C's
    StudentFunction.__signature__). Without it inspect sees (*args, **kwargs) and the notebook must assume
    the newer signature."""
    return "__signature__" in inspect.getsource(proxies)


@pytest.mark.parametrize("generation", GENERATIONS)
def test_both_generations_earn_full_marks_through_the_real_grader(generation):
    if generation == "before 2021" and not proxy_reads_signatures():
        pytest.xfail("needs the grader's proxy to report the student's signature (StudentFunction.__signature__)")
    nb = older_generation_notebook() if generation == "before 2021" else solved_notebook(ASSIGNMENT)
    result = grade(nb)
    assert result["status"] == "graded", result["reason"]
    assert result["scores"] == result["max_scores"], result["messages"]
    # no cell of the graded notebook shows an error: demonstrations call each check as its signature allows
    graded = nbformat.reads(result["notebook"], as_version=4)
    errors = [(c.metadata.get("nbgrader", {}).get("grade_id"), o.get("ename"))
              for c in graded.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_the_older_generation_passes_the_self_check(tmp_path):
    """In the student's own kernel, inspect reads the real function: every public test and demo cell runs."""
    folder = tmp_path / ASSIGNMENT.name
    import shutil
    shutil.copytree(course.REPO / "release" / ASSIGNMENT.name, folder)
    nbformat.write(older_generation_notebook(), folder / ASSIGNMENT.notebook)
    result = selfcheck.check_notebook(folder / ASSIGNMENT.notebook)
    assert [r["status"] for r in result["functions"]] == ["PASS"] * 4, result
    assert result["problems"] == [], result["problems"]


# accepts / check_and_print: the helpers the notebook uses ------------------------------------------------------

def older(x, theta, epsilon=1e-7):
    return "older"


def newer(x, theta, epsilon=1e-7, print_msg=False):
    return ("newer", print_msg)


def forwarding(*args, **kwargs):
    return ("forwarding", kwargs)


def test_accepts_reads_the_signature():
    assert not accepts(older, "print_msg") and accepts(older, "epsilon")
    assert accepts(newer, "print_msg")
    assert accepts(forwarding, "print_msg"), "a function taking **kwargs accepts any keyword"
    positional_only = eval("lambda x, theta, print_msg=False, /: None")
    assert not accepts(positional_only, "print_msg"), "a positional-only parameter cannot be passed by keyword"


def test_accepts_assumes_the_newer_signature_when_there_is_none_to_read():
    class NoSignature:
        __signature__ = "not a signature"  # inspect.signature raises TypeError on it

        def __call__(self, *args, **kwargs):
            return kwargs

    with pytest.raises(TypeError):
        inspect.signature(NoSignature())
    assert accepts(NoSignature(), "print_msg")


def test_check_and_print_passes_print_msg_only_where_it_is_taken():
    assert check_and_print(older, 2, 4) == "older"
    assert check_and_print(newer, 2, 4) == ("newer", True)
    assert check_and_print(newer, 2, 4, epsilon=1e-3) == ("newer", True)
