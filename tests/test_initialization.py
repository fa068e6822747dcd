"""The Initialization notebook's lesson holds on its real training runs."""
import pytest

from instructor import course, release
from instructor.notebooks import run_solution


@pytest.fixture(scope="module")
def results():
    assignment = course.by_name("initialization")
    release.stage_support_files(assignment)
    return run_solution(assignment.source_notebook())["results"]


def test_zeros_never_breaks_symmetry(results):
    assert results["zeros"] == (0.5, 0.5)


def test_large_random_learns_slowly_and_badly(results):
    train, test = results["random"]
    assert train == pytest.approx(0.83, abs=0.02) and test == pytest.approx(0.86, abs=0.02)


def test_he_learns_well(results):
    train, test = results["he"]
    assert train >= 0.98 and test >= 0.94
    assert train > results["random"][0] and test > results["random"][1]
