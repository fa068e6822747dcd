"""The Regularization notebook: its lesson holds, it is compatible with the classic assignment, and its hidden
tests tell right from wrong.

1. The lesson, on the instructor notebook run end to end (full 30,000-iteration runs).
2. Compatibility: the classic fixtures of ../shared/reference/ (skipped when absent) go through the solution's
   backward functions, checked against the formulas computed here; the classic .mat file loads.
3. The test cells: each common mistake fails the hidden tests with a message that names it (and leaks no hidden
   number), correct variants (0/1 masks, np.multiply, in-place operators, another order of the L2 terms) pass,
   and answers that only work on the public fixtures fail.
4. The frame: points per function and the demo class's one wrong function.
"""
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from instructor import course, release
from instructor.notebooks import HIDDEN_TESTS, answer_cells, grade_id, run_solution, solution_source, test_cells
from instructor.notebooks import without_magics
from utils import three_layer
from utils.data import load_2D_dataset

ASSIGNMENT = course.by_name("regularization")
SOURCE = ASSIGNMENT.source_notebook()
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
KEYS = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
FUNCTIONS = {"compute_cost_with_regularization": 2, "backward_propagation_with_regularization": 3,
             "forward_propagation_with_dropout": 3, "backward_propagation_with_dropout": 3}
RUNS = ("no regularization", "L2, lambd = 0.7", "dropout, keep_prob = 0.86")


def reference(name):
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference data {path} is not available on this machine")
    return path


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


# 1. The lesson ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def results():
    mp = pytest.MonkeyPatch()
    mp.delenv("NBGRADER_EXECUTION", raising=False)  # the full demonstration runs, not the grader's quick ones
    try:
        release.stage_support_files(ASSIGNMENT)
        return run_solution(SOURCE)["results"]
    finally:
        mp.undo()


def test_the_three_runs_are_recorded(results):
    assert list(results) == list(RUNS)
    for train, test in results.values():
        assert 0.5 < train <= 1 and 0.5 < test <= 1


def test_no_regularization_overfits(results):
    """The plain network has the best training accuracy and the worst test accuracy of the three."""
    base_train, base_test = results["no regularization"]
    for name in RUNS[1:]:
        train, test = results[name]
        assert base_train > train, (name, results)
        assert base_test < test, (name, results)
    # The notebook says the plain network does "more than ten points worse" on the test set than on training.
    assert base_train - base_test > 0.10, "the plain network should clearly fit the training set better"


@pytest.mark.parametrize("run", RUNS[1:])
def test_each_regularizer_gains_at_least_two_points_on_the_test_set(results, run):
    gain = results[run][1] - results["no regularization"][1]
    assert gain >= 0.02, f"{run}: test accuracy gain {gain:.3f} over no regularization, expected at least 0.02"


# 2. Compatibility with the classic assignment --------------------------------------------------------------------

def solution_namespace():
    """The instructor's solutions, executed with numpy and the utils helpers under their classic names."""
    namespace = {"np": np, "sigmoid": three_layer.sigmoid, "relu": three_layer.relu,
                 "compute_cost": three_layer.compute_cost}
    for cell in answer_cells(nbformat.read(SOURCE, as_version=4)).values():
        exec(compile(solution_source(cell.source), "<solution>", "exec"), namespace)
    return namespace


def classic_fixture(function):
    data = json.loads(reference("classic_backward_caches.json").read_text())[function]
    array = lambda v: np.array(v["data"], dtype=v["dtype"])
    return {k: (tuple(array(a) for a in v) if k == "cache" else array(v) if isinstance(v, dict) else v)
            for k, v in data.items()}


def formulas(X, Y, A, W, D=None, keep_prob=1.0, lambd=0.0):
    """The backward pass written out from the formulas: A = {1: A1, 2: A2, 3: A3}, W = {1..3}, D = {1, 2}."""
    m = X.shape[1]
    g = {"dZ3": A[3] - Y}
    g["dW3"] = g["dZ3"] @ A[2].T / m + lambd / m * W[3]
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    for l in (2, 1):
        g[f"dA{l}"] = W[l + 1].T @ g[f"dZ{l + 1}"]
        if D is not None:
            g[f"dA{l}"] = g[f"dA{l}"] * D[l] / keep_prob
        g[f"dZ{l}"] = g[f"dA{l}"] * (A[l] > 0)
        g[f"dW{l}"] = g[f"dZ{l}"] @ (A[l - 1] if l > 1 else X).T / m + lambd / m * W[l]
        g[f"db{l}"] = g[f"dZ{l}"].sum(axis=1, keepdims=True) / m
    return g


def assert_gradients(got, expected):
    assert list(got) == KEYS
    for key in KEYS:
        assert got[key].shape == expected[key].shape, key
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-12, err_msg=key)


def test_classic_fixture_backward_propagation_with_regularization():
    f = classic_fixture("backward_propagation_with_regularization")
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = f["cache"]
    got = solution_namespace()["backward_propagation_with_regularization"](f["X"], f["Y"], f["cache"], f["lambd"])
    expected = formulas(f["X"], f["Y"], {1: A1, 2: A2, 3: A3}, {1: W1, 2: W2, 3: W3}, lambd=f["lambd"])
    assert_gradients(got, expected)
    # the L2 terms are really there, and only on the weights
    plain = formulas(f["X"], f["Y"], {1: A1, 2: A2, 3: A3}, {1: W1, 2: W2, 3: W3})
    for l, W in ((1, W1), (2, W2), (3, W3)):
        np.testing.assert_allclose(got[f"dW{l}"] - plain[f"dW{l}"], f["lambd"] / f["X"].shape[1] * W, rtol=1e-9)
        np.testing.assert_allclose(got[f"db{l}"], plain[f"db{l}"], rtol=1e-12)


def test_classic_fixture_backward_propagation_with_dropout():
    f = classic_fixture("backward_propagation_with_dropout")
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = f["cache"]
    assert D1.dtype == bool and D2.dtype == bool
    got = solution_namespace()["backward_propagation_with_dropout"](f["X"], f["Y"], f["cache"], f["keep_prob"])
    expected = formulas(f["X"], f["Y"], {1: A1, 2: A2, 3: A3}, {1: W1, 2: W2, 3: W3}, D={1: D1, 2: D2},
                        keep_prob=f["keep_prob"])
    assert_gradients(got, expected)
    # the dropped units get no gradient
    assert np.all(got["dA1"][~D1] == 0) and np.all(got["dA2"][~D2] == 0)


def test_load_2D_dataset_reads_the_classic_mat_file():
    train_X, train_Y, test_X, test_Y = load_2D_dataset(reference("classic_football.mat"), plot=False)
    assert (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape) == ((2, 211), (1, 211), (2, 200), (1, 200))
    assert set(np.unique(train_Y)) == {0, 1} and set(np.unique(test_Y)) == {0, 1}


# 3. The test cells -----------------------------------------------------------------------------------------------

def notebook_cells():
    nb = nbformat.read(SOURCE, as_version=4)
    return {grade_id(c): c for c in nb.cells if c.cell_type == "code"}


def solution(function):
    return solution_source(notebook_cells()[function].source)


def mutate(function, *edits):
    code = solution(function)
    for old, new in edits:
        assert code.count(old) == 1, f"{old!r} is not (once) in the solution of {function}"
        code = code.replace(old, new)
    return code


def run_test_cell(function, answer, part="all"):
    """Runs the setup cells, `answer` as the answer cell, then the test cell (or one part of it).

    part: "all", "public" (before the hidden region) or "hidden" (the hidden region alone).
    """
    cells = notebook_cells()
    namespace = {"__name__": "__notebook__"}
    for gid in ("setup", "public_fixtures"):
        exec(compile(without_magics(cells[gid].source), gid, "exec"), namespace)
    exec(compile(answer, function, "exec"), namespace)
    test = cells[f"test_{function}"].source
    hidden = HIDDEN_TESTS.search(test).group(0)
    source = {"all": test, "hidden": hidden, "public": test.replace(hidden, "")}[part]
    exec(compile(source, f"test_{function}", "exec"), namespace)
    return namespace


COST = "compute_cost_with_regularization"
BL2 = "backward_propagation_with_regularization"
FD = "forward_propagation_with_dropout"
BD = "backward_propagation_with_dropout"
L2_SUM = "sum_of_squares = sum((W ** 2).sum() for W in weights)"
L2_TERM = "weight_term = lambd * sum_of_squares / (2 * n_examples)"
BD_DA2 = "dA2 = (W3.T @ dZ3) * D2 / keep_prob"
BD_DA1 = "dA1 = (W2.T @ dZ2) * D1 / keep_prob"

MISTAKES = {
    # compute_cost_with_regularization
    "cost_no_l2": ((COST, (L2_TERM, "weight_term = 0.0")), "the L2 term is missing"),
    "cost_over_m": ((COST, ("/ (2 * n_examples)", "/ n_examples")), "divided by 2m, not by m"),
    "cost_no_m": ((COST, ("/ (2 * n_examples)", "/ 2")), "the m is missing"),
    "cost_no_W3": ((COST, ('("W1", "W2", "W3")', '("W1", "W2")')), "leaves out W3"),
    "cost_not_squared": ((COST, ("(W ** 2).sum()", "W.sum()")), "square the weights"),
    "cost_with_biases": ((COST, (L2_SUM, L2_SUM + " + sum((parameters['b' + str(l)] ** 2).sum() for l in (1, 2, 3))")),
                         "biases are not penalised"),
    "cost_returns_array": ((COST, ("return data_term + weight_term", "return np.array([[data_term + weight_term]])")),
                           "single float"),
    # backward_propagation_with_regularization
    "l2_dW1_no_term": ((BL2, (" + weight_decay * W1", "")), "dW1 is off by exactly lambd/m \\* W1: the L2 term is missing"),
    "l2_dW3_half": ((BL2, (" + weight_decay * W3", " + weight_decay / 2 * W3")), "lambd/\\(2m\\) \\* W3"),
    "l2_dW2_no_m": ((BL2, (" + weight_decay * W2", " + lambd * W2")), "division by m is missing"),
    "l2_db2_penalised": ((BL2, ("db2 = dZ2.sum(axis=1, keepdims=True) / n_examples",
                                "db2 = dZ2.sum(axis=1, keepdims=True) / n_examples + weight_decay * b2")),
                         "db2 carries an L2 term"),
    "l2_dZ3_over_m": ((BL2, ("dZ3 = A3 - Y", "dZ3 = (A3 - Y) / n_examples")), "without 1/m"),
    "l2_relu_mask_missing": ((BL2, ("dZ1 = dA1 * (A1 > 0)", "dZ1 = dA1")), "dZ1 is wrong"),
    "l2_in_place_relu": ((BL2, ("dZ2 = dA2 * (A2 > 0)", "dZ2 = dA2\n    dZ2[A2 <= 0] = 0")), "computing dZ2 in place, on dA2 itself, changes dA2"),
    "l2_missing_key": ((BL2, ("dW1=dW1, db1=db1)", "dW1=dW1, db1=db1, dX=0)")), "exactly the keys"),
    # forward_propagation_with_dropout
    "fd_not_scaled": ((FD, ("A1 = A1 * D1 / keep_prob", "A1 = A1 * D1")), "not divided by keep_prob"),
    "fd_scaled_wrong_way": ((FD, ("A2 = A2 * D2 / keep_prob", "A2 = A2 * D2 * keep_prob")), "not multiplied"),
    "fd_no_mask": ((FD, ("A1 = A1 * D1 / keep_prob", "A1 = A1 / keep_prob")), "not multiplied by the mask D1"),
    "fd_mask_reversed": ((FD, ("D2 = np.random.rand(*A2.shape) < keep_prob", "D2 = np.random.rand(*A2.shape) > keep_prob")),
                         "D2 keeps the wrong units"),
    "fd_no_seed": ((FD, ("np.random.seed(1)", "pass")), "does not match the expected random draws"),
    "fd_masks_drawn_first": ((FD, ("Z1 = W1 @ X + b1", "_extra = np.random.rand(1)\n    Z1 = W1 @ X + b1")),
                             "D1 does not match"),
    "fd_output_dropped": ((FD, ("A3 = sigmoid(Z3)", "A3 = sigmoid(Z3) * (np.random.rand(*Z3.shape) < keep_prob)")),
                          "no dropout on the output layer"),
    # backward_propagation_with_dropout
    "bd_demo_mistake": ((BD, ASSIGNMENT.demo_mistake[1:]), "dA2 was masked with D2 but not divided by keep_prob"),
    "bd_dA1_stored_unmasked": ((BD, (BD_DA1 + "\n    dZ1 = dA1 * (A1 > 0)",
                                     "dA1 = W2.T @ dZ2\n    dZ1 = dA1 * D1 / keep_prob * (A1 > 0)")), "dA1 was not masked"),
    "bd_dA2_not_masked": ((BD, (BD_DA2, "dA2 = (W3.T @ dZ3) / keep_prob")), "dA2 was divided by keep_prob but not masked"),
    "bd_dW1_wrong": ((BD, ("dW1 = dZ1 @ X.T / n_examples", "dW1 = dZ1 @ X.T")), "dW1 is wrong"),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_hidden_tests_catch_and_name_the_mistake(name):
    (function, *edits), message = MISTAKES[name]
    with pytest.raises(AssertionError, match=message) as failure:
        run_test_cell(function, mutate(function, *edits), part="hidden")
    # hidden values never reach the student: no decimal numbers, no shapes
    text = str(failure.value)
    assert not re.search(r"\d\.\d|\(\d+, \d+\)", text), text


HARD_CODED = {
    # right on the public fixtures (m = 5, layer sizes [3, 2, 3, 1]) and wrong anywhere else
    "cost_m_is_5": (COST, ("/ (2 * n_examples)", "/ (2 * 5)")),
    "l2_m_is_5": (BL2, ("n_examples = X.shape[1]", "n_examples = 5")),
    "fd_shapes_of_the_public_network": (FD, ("np.random.rand(*A1.shape)", "np.random.rand(2, 5)"),
                                        ("np.random.rand(*A2.shape)", "np.random.rand(3, 5)")),
    "bd_keep_prob_is_0_8": (BD, (BD_DA2, BD_DA2.replace("keep_prob", "0.8")), (BD_DA1, BD_DA1.replace("keep_prob", "0.8"))),
}


@pytest.mark.parametrize("name", HARD_CODED)
def test_answers_fitted_to_the_public_fixtures_pass_public_tests_only(name):
    function, *edits = HARD_CODED[name]
    code = mutate(function, *edits)
    run_test_cell(function, code, part="public")
    with pytest.raises(Exception):  # a failed assertion, or the answer crashing on other shapes
        run_test_cell(function, code, part="hidden")


HIDDEN_BEFORE = {
    # Requirements only the hidden tests checked before (issue 14, item 2): the public tests now catch them too.
    "fd_keep_prob_is_0_7": ((FD, ("rand(*A1.shape) < keep_prob", "rand(*A1.shape) < 0.7"),
                             ("rand(*A2.shape) < keep_prob", "rand(*A2.shape) < 0.7")), "default keep_prob = 0.5"),
    "fd_other_default": ((FD, ("keep_prob=0.5):", "keep_prob=0.7):")), "default keep_prob = 0.5"),
    "fd_returns_a_list": ((FD, ("return A3, cache", "return [A3, cache]")), "the pair \\(A3, cache\\)"),
    "cost_squares_parameters_in_place": ((COST, (L2_SUM, "for W in weights:\n        W **= 2\n"
                                                         "    sum_of_squares = sum(W.sum() for W in weights)")),
                                         "changed its argument parameters in place"),
    "l2_gate_written_into_cache": ((BL2, ("dZ2 = dA2 * (A2 > 0)", "A2[A2 > 0] = 1\n    dZ2 = dA2 * A2")),
                                   "changed its argument cache in place"),
    "l2_dA2_stored_after_the_gate": ((BL2, ("dA2=dA2, dZ2=dZ2", "dA2=dZ2, dZ2=dZ2")), "dA2 has wrong values"),
    "bd_not_for_integer_masks": ((BD, (BD_DA2, "dA2 = np.where(~D2, 0.0, W3.T @ dZ3) / keep_prob"),
                                  (BD_DA1, "dA1 = np.where(~D1, 0.0, W2.T @ dZ2) / keep_prob")),
                                 "masks hold 0/1 integers"),
}


@pytest.mark.parametrize("name", HIDDEN_BEFORE)
def test_public_tests_check_what_hidden_tests_require(name):
    (function, *edits), message = HIDDEN_BEFORE[name]
    with pytest.raises(AssertionError, match=message):
        run_test_cell(function, mutate(function, *edits), part="public")


CORRECT_VARIANTS = {
    "cost_other_order_and_power": (COST, (L2_SUM, "sum_of_squares = np.sum(np.square(weights[2])) + "
                                                  "np.sum(weights[0] * weights[0]) + (weights[1] ** 2).sum()"),
                                   (L2_TERM, "weight_term = sum_of_squares * lambd / n_examples / 2")),
    "cost_python_float": (COST, ("return data_term + weight_term", "return float(data_term + weight_term)")),
    "l2_multiply_and_in_place": (BL2, ("dW1 = dZ1 @ X.T / n_examples + weight_decay * W1",
                                       "dW1 = np.multiply(1.0 / n_examples, np.dot(dZ1, X.T))\n    dW1 += weight_decay * W1"),
                                 ("dZ2 = dA2 * (A2 > 0)", "dZ2 = np.multiply(dA2, np.int64(A2 > 0))"),
                                 ("dZ1 = dA1 * (A1 > 0)", "dZ1 = np.array(dA1, copy=True)\n    dZ1[Z1 <= 0] = 0"),
                                 ("dW3 = dZ3 @ A2.T / n_examples + weight_decay * W3",
                                  "dW3 = (dZ3 @ A2.T + lambd * W3) / n_examples")),
    "fd_integer_masks_in_place": (FD, ("D1 = np.random.rand(*A1.shape) < keep_prob",
                                       "D1 = (np.random.rand(*A1.shape) < keep_prob).astype(int)"),
                                  ("A1 = A1 * D1 / keep_prob", "A1 *= D1\n    A1 /= keep_prob"),
                                  ("D2 = np.random.rand(*A2.shape) < keep_prob",
                                   "D2 = (np.random.rand(*A2.shape) < keep_prob) * 1.0"),
                                  ("A2 = A2 * D2 / keep_prob", "A2 = np.multiply(A2, D2) / keep_prob")),
    "fd_two_argument_shape": (FD, ("np.random.rand(*A1.shape)", "np.random.rand(A1.shape[0], A1.shape[1])"),
                              ("np.random.rand(*A2.shape)", "np.random.random_sample(A2.shape)")),
    "bd_in_place_and_multiply": (BD, (BD_DA2, "dA2 = np.dot(W3.T, dZ3)\n    dA2 *= D2\n    dA2 /= keep_prob"),
                                 (BD_DA1, "dA1 = np.multiply(W2.T @ dZ2, D1) / keep_prob"),
                                 ("dZ2 = dA2 * (A2 > 0)", "dZ2 = np.multiply(dA2, np.int64(Z2 > 0))")),
}


@pytest.mark.parametrize("name", CORRECT_VARIANTS)
def test_correct_variants_pass_public_and_hidden_tests(name):
    function, *edits = CORRECT_VARIANTS[name]
    run_test_cell(function, mutate(function, *edits))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_solution_passes_on_many_fresh_draws(function):
    """Every test cell draws one case afresh on each run; the solution passes whatever it draws."""
    for _ in range(25):
        run_test_cell(function, solution(function), part="hidden")


def test_unanswered_cells_fail():
    for function in FUNCTIONS:
        with pytest.raises(NotImplementedError):
            run_test_cell(function, f"def {function}(*args, **kwargs):\n    raise NotImplementedError()\n")


# 4. The frame ----------------------------------------------------------------------------------------------------

def test_graded_cells_and_points():
    nb = nbformat.read(SOURCE, as_version=4)
    assert list(answer_cells(nb)) == list(FUNCTIONS)
    tests = test_cells(nb)
    assert {gid: cell.metadata["nbgrader"]["points"] for gid, cell in tests.items()} == {
        f"test_{f}": points for f, points in FUNCTIONS.items()}
    for gid, cell in tests.items():
        assert HIDDEN_TESTS.search(cell.source), f"{gid} has no hidden tests"
        assert "redirect_stderr" in cell.source, f"{gid}: hidden tests must swallow stderr"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(SOURCE, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("function", FUNCTIONS)
def test_test_cells_write_nothing_to_stderr(function, capfd):
    """nbgrader zeroes a test cell that writes to stderr, warnings included."""
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_test_cell(function, solution(function))
    assert not caught, [str(w.message) for w in caught]
    assert capfd.readouterr().err == ""


def test_demo_mistake_breaks_exactly_one_function():
    function, old, new = ASSIGNMENT.demo_mistake
    assert function in FUNCTIONS
    for f in FUNCTIONS:
        code = solution(f)
        if f == function:
            assert code.count(old) == 1
            with pytest.raises(AssertionError):
                run_test_cell(f, code.replace(old, new))
        else:
            run_test_cell(f, code)


@pytest.mark.parametrize("function", [BL2, BD])
def test_hidden_key_messages_name_no_key_the_student_made(function):
    """Issue 13, item 8: a hidden test's message speaks of the expected keys, never echoes the student's own."""
    code = mutate(function, ("dW1=dW1, db1=db1)", "dW1=dW1, db1=db1, my_extra_key=0)"))
    with pytest.raises(AssertionError, match="exactly the keys") as failure:
        run_test_cell(function, code, part="hidden")
    assert "my_extra_key" not in str(failure.value)


def test_a_mask_of_the_other_layer_is_named_though_the_shapes_clash():
    """Issue 14, item 6: dA1 masked with D2 raised a bare ValueError; the public test now finds out why."""
    code = mutate(BD, (BD_DA1, "dA1 = (W2.T @ dZ2) * D2 / keep_prob"))
    with pytest.raises(AssertionError, match="dA1 goes through D2, the mask of the other hidden layer"):
        run_test_cell(BD, code, part="public")
    # a function that fails for another reason gets no such diagnosis
    code = mutate(BD, (BD_DA1, "dA1 = (W2.T @ dZ2) * D1.T / keep_prob"))
    with pytest.raises(ValueError):
        run_test_cell(BD, code, part="public")
