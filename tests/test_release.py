"""release/ is current, holds no solutions or hidden tests, and every test cell fails on it."""
import re
import shutil

import nbformat
import pytest

from instructor import course, release
from instructor.notebooks import answer_cells, solution_source, test_cells
from instructor.validate import validate

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]


def test_release_is_what_make_release_generates():
    assert release.check(), "release/ is stale: run `make release` and commit it"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment):
    text = (course.REPO / "release" / assignment.name / assignment.notebook).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    source = nbformat.read(assignment.source_notebook(), as_version=4)
    released = nbformat.read(course.REPO / "release" / assignment.name / assignment.notebook, as_version=4)
    assert set(answer_cells(released)) == set(answer_cells(source))
    assert set(test_cells(released)) == set(test_cells(source))
    for grade_id, cell in answer_cells(source).items():
        between = cell.source.split("### BEGIN SOLUTION")[1:]
        solution_lines = [l.strip() for part in between for l in part.split("### END SOLUTION")[0].splitlines()]
        # text the student is given anyway (a docstring may quote the formula) is no leak
        given = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", cell.source, flags=re.S)
        leaked = [l for l in solution_lines
                  if l and l in answer_cells(released)[grade_id].source and l not in given]
        assert not leaked, f"{grade_id}: solution lines reached the release: {leaked}"
    for grade_id, cell in test_cells(released).items():
        assert "_rng" not in cell.source and "HIDDEN" not in cell.source
    # nothing from the instructor side ships
    shipped = {p.name for p in (course.REPO / "release" / assignment.name).rglob("*")}
    assert not shipped & {"instructor", "tests", "gradebook.db", "nbgrader_config.py"}


def test_naming_conventions():
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(assignment.source_notebook(), as_version=4)
        answers, tests = answer_cells(nb), test_cells(nb)
        assert answers, f"{assignment.name} has no graded function"
        for function in answers:
            assert f"def {function}(" in answers[function].source, f"answer cell {function} must define it"
            assert any(t.startswith(f"test_{function}") for t in tests), f"{function} has no test cell"
        for grade_id, cell in tests.items():
            assert any(grade_id.startswith(f"test_{f}") for f in answers), f"{grade_id} tests no graded function"
            assert cell.metadata.nbgrader.points > 0
        for cell in nb.cells:
            assert cell.cell_type != "code" or not cell.get("outputs"), "commit notebooks without outputs"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_instructor_notebook_passes_every_test(assignment):
    release.stage_support_files(assignment)
    assert validate(assignment.source_notebook()) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_release_folder_is_self_contained_and_every_test_cell_fails(assignment, tmp_path):
    # a copy far from the repo: it must run on what it carries
    copy = tmp_path / "student_laptop" / assignment.name
    shutil.copytree(course.REPO / "release" / assignment.name, copy)
    failures = validate(copy / assignment.notebook)
    released = nbformat.read(copy / assignment.notebook, as_version=4)
    assert len(failures) == len(test_cells(released))
    assert all(f.startswith("failed") for f in failures)
    assert all("NotImplementedError" in f for f in failures), failures
