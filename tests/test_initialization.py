"""The Initialization notebook's lesson holds on its real training runs, and its prose quotes their numbers."""
import re
import sys

import nbformat
import numpy as np
import pytest
import sklearn.datasets

from instructor import course, release
from instructor.bench_notebooks import run_notebook
from instructor.demo_class import solved_notebook
from instructor.grading.trusted_run import copy_support_files
from instructor.notebooks import HIDDEN_TESTS, grade_id, run_solution, without_magics


@pytest.fixture(scope="module")
def notebook():
    """The namespace of the instructor notebook after running it top to bottom (full training runs)."""
    assignment = course.by_name("initialization")
    release.stage_support_files(assignment)
    return run_solution(assignment.source_notebook())


@pytest.fixture(scope="module")
def results(notebook):
    return notebook["results"]


def circles(seed, m):
    """The issue's data spec, built here without the course's loader: make_circles right after seeding numpy."""
    X, Y = sklearn.datasets.make_circles(n_samples=m, noise=0.05, random_state=np.random.RandomState(seed))
    return X.T, Y.reshape(1, m)


def test_the_data_is_the_specified_make_circles_draw(notebook):
    train_X, train_Y = circles(seed=1, m=300)
    test_X, test_Y = circles(seed=2, m=100)
    assert notebook["train_X"].shape == (2, 300) and notebook["train_Y"].shape == (1, 300)
    assert notebook["test_X"].shape == (2, 100) and notebook["test_Y"].shape == (1, 100)
    np.testing.assert_array_equal(notebook["train_X"], train_X)
    np.testing.assert_array_equal(notebook["train_Y"], train_Y)
    np.testing.assert_array_equal(notebook["test_X"], test_X)
    np.testing.assert_array_equal(notebook["test_Y"], test_Y)


def test_zeros_never_breaks_symmetry(results):
    assert results["zeros"] == (0.5, 0.5)


def test_large_random_learns_slowly_and_badly(results):
    train, test = results["random"]
    assert train == pytest.approx(0.83, abs=0.01) and test == pytest.approx(0.86, abs=0.01)


def test_he_learns_well(results):
    train, test = results["he"]
    assert train == pytest.approx(0.993, abs=0.004) and test == pytest.approx(0.96, abs=0.005)


def test_the_prose_quotes_the_measured_starts(notebook):
    """Section 4 and 5 quote these sizes and shares; they must be what the untrained networks give."""
    random_start, he_start = notebook["random_start"], notebook["he_start"]
    sizes = random_start["sizes"]
    assert sizes["Z1"] == pytest.approx(9, rel=0.15)
    assert sizes["Z2"] == pytest.approx(240, rel=0.1)
    assert sizes["Z3"] == pytest.approx(3900, rel=0.1)
    assert 15 <= sizes["Z2"] / sizes["Z1"] <= 30 and 15 <= sizes["Z3"] / sizes["Z2"] <= 30
    assert random_start["saturated"] == 1.0 and random_start["saturated_and_wrong"] == pytest.approx(0.5, abs=0.05)
    assert random_start["cost"] == np.inf
    assert he_start["saturated"] == 0.0 and np.isfinite(he_start["cost"])
    assert all(0.5 <= size <= 2 for size in he_start["sizes"].values())


def cell_text(cell):
    """Everything a cell printed (streams and plain-text results)."""
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", []))


def test_the_release_with_solutions_pasted_in_runs_end_to_end_in_a_kernel(tmp_path):
    """What a student gets, solved: a real Jupyter kernel (nbclient) in a copy of the release folder, every cell.

    The notebook is saved there first, so the closing self-check cell checks it as a student's saved file.
    """
    assignment = course.by_name("initialization")
    folder = tmp_path / assignment.name
    copy_support_files(course.REPO / "release" / assignment.name, folder)
    nb = solved_notebook(assignment)
    nbformat.write(nb, folder / assignment.notebook)
    result = run_notebook(nb, folder, timeout=900)
    assert result["errors"] == []
    by_id = {grade_id(c): c for c in nb.cells if c.cell_type == "code"}
    for function in ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"):
        assert "all public tests passed" in cell_text(by_id[f"test_{function}"]), function
    check = cell_text(nb.cells[-1])
    assert "self_check()" in nb.cells[-1].source
    assert check.count("PASS") == 3 and "FAIL" not in check and "TODO" not in check, check
    assert result["images"] >= 6  # a cost curve and a decision boundary for each of the three runs


# The test cells -------------------------------------------------------------------------------------------------

def run_test_cell(function, answer, part="all"):
    """Runs the setup cell, `answer` as the answer cell, then the test cell of `function` (or one part of it).

    part: "all", "public" (before the hidden region) or "hidden" (the hidden region alone).
    """
    assignment = course.by_name("initialization")
    release.stage_support_files(assignment)
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    cells = {grade_id(c): c for c in nb.cells if c.cell_type == "code"}
    namespace = {"__name__": "__notebook__"}
    folder = str(assignment.source_notebook().parent)
    sys.path.insert(0, folder)
    try:
        exec(compile(without_magics(cells["setup"].source), "setup", "exec"), namespace)
        exec(compile(answer, function, "exec"), namespace)
        test = cells[f"test_{function}"].source
        hidden = HIDDEN_TESTS.search(test).group(0)
        source = {"all": test, "hidden": hidden, "public": test.replace(hidden, "")}[part]
        exec(compile(source, f"test_{function}", "exec"), namespace)
    finally:
        sys.path.remove(folder)
        for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
            del sys.modules[name]
    return namespace


ZEROS_FROM_W0 = '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(len(layers_dims) - 1):
        parameters["W" + str(l)] = np.zeros((layers_dims[l + 1], layers_dims[l]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l + 1], 1))
    return parameters
'''


def test_keys_numbered_from_W0_are_told_so_not_that_the_last_layer_is_missing():
    """Issue 14, item 6: the right arrays under keys W0, b0, ... got 'the last layer is missing'."""
    with pytest.raises(AssertionError) as failure:
        run_test_cell("initialize_parameters_zeros", ZEROS_FROM_W0, part="public")
    assert "shifted by one" in str(failure.value) and "last layer is missing" not in str(failure.value)


RANDOM = "initialize_parameters_random"
HE = "initialize_parameters_he"
RIGHT = {
    "initialize_parameters_zeros": '''
def initialize_parameters_zeros(layers_dims):
    return {f"{p}{l}": np.zeros((layers_dims[l], layers_dims[l - 1] if p == "W" else 1))
            for l in range(1, len(layers_dims)) for p in "Wb"}
''',
    RANDOM: '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * SCALE
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
'''.replace("SCALE", "10"),
    HE: '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''',
}


@pytest.mark.parametrize("function", list(RIGHT))
def test_right_answers_pass_public_and_hidden_tests(function):
    run_test_cell(function, RIGHT[function])


@pytest.mark.parametrize("function, edit, words", [
    (RANDOM, ("* 10", "* 10.5"), "about the right size but other values"),
    (RANDOM, ("* 10", "* 100"), "too large"),
    (HE, ("np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(2 / layers_dims[l - 1]) * 0.2"), "too small"),
])
def test_hidden_messages_speak_of_sizes_not_of_the_returned_numbers(function, edit, words):
    """Issue 13, item 8: the hidden tests no longer print the size of the student's entries, only how it compares."""
    with pytest.raises(AssertionError, match=words) as failure:
        run_test_cell(function, RIGHT[function].replace(*edit), part="hidden")
    assert not re.search(r"\d\.\d|\de[+-]", str(failure.value)), str(failure.value)


@pytest.mark.parametrize("function, edit", [
    # the grader fails a test cell whose function changed its arguments; only the public tests now say so too
    ("initialize_parameters_zeros", ("return {", "layers_dims.append(0)\n    return {")),
    (RANDOM, ("return parameters", "layers_dims[-1] = 0\n    return parameters")),
    (HE, ("return parameters", "layers_dims.pop()\n    return parameters")),
])
def test_public_tests_check_that_layers_dims_is_left_alone(function, edit):
    with pytest.raises(AssertionError, match="changed its argument layers_dims"):
        run_test_cell(function, RIGHT[function].replace(*edit), part="public")


def test_public_zeros_test_wants_numbers():
    """The hidden test wants numbers (integer zeros are accepted); now the public test checks it too."""
    code = RIGHT["initialize_parameters_zeros"].replace('else 1))', 'else 1), dtype=bool)')
    with pytest.raises(AssertionError, match="should hold numbers"):
        run_test_cell("initialize_parameters_zeros", code, part="public")


def test_the_loader_leaves_numpys_generator_where_the_draws_leave_it():
    """load_circles reads the draws from datasets/circles.npz; the generator continues as after seeding and
    drawing (the classic loader's side effect, which later cells may rely on)."""
    from utils.data import load_circles
    np.random.seed(1)
    sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    expected = np.random.rand(5)
    np.random.seed(12345)
    load_circles(plot=False)
    np.testing.assert_array_equal(np.random.rand(5), expected)
