"""The Gradient Checking notebook: its lesson holds, and its hidden tests tell right from wrong.

1. The lesson, on the instructor notebook run end to end: the teammate's backward pass fails the check by a
   wide margin, the corrected one passes, each bug alone still fails, dropout defeats the check.
2. The hidden tests, run alone on mutated solutions: each common mistake fails with a message that names it,
   and correct variants of the solution pass.
3. The student-side network helpers in utils/gradcheck_net.py.
"""
import re
import shutil

import nbformat
import numpy as np
import pytest

from instructor import course, release
from instructor.notebooks import HIDDEN_TESTS, answer_cells, grade_id, run_solution, solution_source, test_cells
from utils import gradcheck_net, three_layer
from utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary

ASSIGNMENT = course.by_name("gradient_checking")
SOURCE = ASSIGNMENT.source_notebook()
BAR = 2e-7


@pytest.fixture(scope="module")
def staged():
    release.stage_support_files(ASSIGNMENT)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")  # run_solution leaves them open when a cell fails


@pytest.fixture(scope="module")
def notebook(staged):
    return run_solution(SOURCE)


# 1. The lesson ---------------------------------------------------------------------------------------------------

def test_centred_difference_beats_one_sided(notebook):
    errors = notebook["derivative_errors"]
    at = list(errors["epsilon"]).index(1e-3)
    assert errors["centred"][at] < 1e-3 * errors["one-sided"][at]
    assert errors["centred"].min() < 0.01 * errors["one-sided"].min()
    # and shrinking epsilon too far makes things worse again (rounding)
    assert errors["centred"][-1] > 100 * errors["centred"].min()


def test_one_d_check_passes(notebook):
    assert 0 <= notebook["results"]["1-D model, J = theta * x"] < BAR


def test_buggy_backprop_fails_the_check_and_the_fixed_one_passes(notebook):
    results = notebook["results"]
    assert results["fraud network, backward pass as written"] > 1e-3
    assert results["fraud network, backward pass as written"] > 1e6 * BAR  # "more than a million times the bar"
    assert results["fraud network, both bugs fixed"] < BAR
    # each fix alone is not enough
    assert results["fraud network, only dW2 fixed"] > 1e-3
    assert results["fraud network, only db1 fixed"] > 1e-3
    # the figures the prose quotes: 0.68 as written; about the same with db1 alone fixed (the dW2 bug dominates);
    # about 0.08, some 400,000 times the bar, with dW2 alone fixed
    as_written = results["fraud network, backward pass as written"]
    assert round(as_written, 2) == 0.68
    assert round(results["fraud network, only db1 fixed"], 2) == 0.68
    assert abs(results["fraud network, only db1 fixed"] - as_written) < 0.01 * as_written
    assert round(results["fraud network, only dW2 fixed"], 2) == 0.08
    assert 3e5 < results["fraud network, only dW2 fixed"] / BAR < 5e5


def test_exactly_two_planted_bugs_and_the_fix_is_right(notebook):
    X, Y, parameters = notebook["X"], notebook["Y"], notebook["parameters"]
    _, cache = notebook["forward_propagation_n"](X, Y, parameters)
    buggy = notebook["backward_propagation_n"](X, Y, cache)
    fixed = notebook["backward_propagation_n_fixed"](X, Y, cache)
    # the fixed pass agrees with the course's independently tested backprop of the same network
    _, cache3 = three_layer.forward_propagation(X, parameters)
    reference = three_layer.backward_propagation(X, Y, cache3)
    assert set(fixed) == set(reference)
    for key in reference:
        np.testing.assert_allclose(fixed[key], reference[key], rtol=1e-12, atol=1e-15)
    # our planted bugs (issue 4: "a scaled dW2 and a wrong factor in db1"): dW2 is the sum over the examples
    # (no 1/m, so m times too large), and db1 divides by 2 * m instead of m (half what it should be)
    m = X.shape[1]
    assert m == 8, "the prose says the batch has m = 8 examples, and reads dW2's difference as a factor of 8"
    np.testing.assert_allclose(buggy["dW2"], m * fixed["dW2"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(buggy["db1"], fixed["db1"] / 2, rtol=1e-12, atol=1e-15)
    for key in set(reference) - {"dW2", "db1"}:
        np.testing.assert_allclose(buggy[key], fixed[key], rtol=1e-12, atol=1e-15)
    assert not np.allclose(buggy["dW2"], fixed["dW2"]) and not np.allclose(buggy["db1"], fixed["db1"])
    # and they are not the classic assignment's (a doubled dW2, a 4/m in db1)
    assert not np.allclose(buggy["dW2"], 2 * fixed["dW2"]) and not np.allclose(buggy["db1"], 4 * fixed["db1"])
    # the source itself carries the two buggy lines and none of the classic ones
    source = next(c.source for c in nbformat.read(SOURCE, as_version=4).cells
                  if c.cell_type == "code" and c.source.startswith("def backward_propagation_n("))
    lines = {line.strip() for line in source.splitlines()}
    assert {"dW2 = dZ2 @ A1.T", "db1 = np.sum(dZ1, axis=1, keepdims=True) / (2 * m)"} <= lines
    assert {"dW3 = dZ3 @ A2.T / m", "dZ1 = dA1 * (A1 > 0)"} <= lines
    assert not any(line.startswith(("dW2 = 2 *", "db1 = 4./m", "db1 = 4. / m", "db1 = 4 / m")) for line in lines)


def test_the_check_one_parameter_at_a_time_points_at_the_buggy_parameters(notebook):
    """The notebook builds the per-parameter differences on the student's own gradient_check_n."""
    by_parameter = notebook["by_parameter"]
    assert list(by_parameter) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert {name for name, value in by_parameter.items() if value >= BAR} == {"W2", "b1"}
    # the hints read these as scale factors, |c - 1| / (c + 1): W2 about 0.78 (c = m = 8), b1 about 0.33 (c = 1/2)
    assert by_parameter["W2"] == pytest.approx(7 / 9, rel=1e-6) and round(by_parameter["W2"], 2) == 0.78
    assert by_parameter["b1"] == pytest.approx(1 / 3, rel=1e-6) and round(by_parameter["b1"], 2) == 0.33
    X, Y, parameters = notebook["X"], notebook["Y"], notebook["parameters"]
    fixed = {name: notebook["difference_for"](name, parameters, notebook["fixed"], X, Y) for name in parameters}
    assert all(value < BAR for value in fixed.values()), fixed
    # it is the student's check that runs: a check that always says 0.5 makes every parameter 0.5
    with gradcheck_net.with_globals(notebook["difference_for"], gradient_check_n=lambda *args, **kwargs: 0.5):
        assert notebook["difference_for"]("W2", parameters, notebook["buggy"], X, Y) == 0.5


def test_no_release_helper_computes_per_parameter_differences():
    """utils/gradcheck_net.py once had difference_by_parameter, the whole gradient_check_n algorithm."""
    assert not hasattr(gradcheck_net, "difference_by_parameter")
    release_utils = course.REPO / "release" / "gradient_checking" / "utils" / "gradcheck_net.py"
    assert "difference_by_parameter" not in release_utils.read_text()


def test_dropout_defeats_the_check(notebook):
    demo = notebook["dropout_demo"]
    assert demo["cost change between two calls, same parameters"] > 1e-2
    # the student's own gradient_check_n on the corrected backprop: fails with dropout on, passes with it off
    assert demo["check, dropout on (keep_prob = 0.8)"] > 0.5
    assert demo["check, dropout off (keep_prob = 1)"] < BAR
    results = notebook["results"]
    assert results["fraud network, fixed, checked with dropout on"] > 0.5
    assert results["fraud network, fixed, checked with dropout off"] < BAR
    # and the check ran with the real forward pass put back afterwards
    assert notebook["gradient_check_n"].__globals__["forward_propagation_n"] is notebook["forward_propagation_n"]


def test_the_check_is_much_slower_than_backprop_in_forward_passes(notebook):
    # no wall-clock assertion: count the work instead
    calls = {"n": 0}
    real = notebook["forward_propagation_n"]

    def counting(*args):
        calls["n"] += 1
        return real(*args)

    check = notebook["gradient_check_n"]
    with gradcheck_net.with_globals(check, forward_propagation_n=counting):
        check(notebook["parameters"], notebook["fixed"], notebook["X"], notebook["Y"])
    assert calls["n"] == 2 * notebook["n_parameters"] == 94
    assert set(notebook["timings"]) == {"one forward + backward pass", "gradient_check_n"}


def test_notebook_leaves_the_real_forward_pass_in_place(notebook):
    assert notebook["forward_propagation_n"] is notebook["gradient_check_n"].__globals__["forward_propagation_n"]
    assert notebook["forward_propagation_n"].__module__ == "utils.gradcheck_net"


def test_notebook_ends_with_a_self_check():
    code_cells = [c for c in nbformat.read(SOURCE, as_version=4).cells if c.cell_type == "code"]
    assert "self_check()" in code_cells[-1].source and "utils.selfcheck" in code_cells[-1].source


# 2. The hidden tests ---------------------------------------------------------------------------------------------

def _solution(function):
    return solution_source(answer_cells(nbformat.read(SOURCE, as_version=4))[function].source)


def run_tests_on(tmp_path, function, new_answer, hidden_only=True, namespace=None, public_only=False):
    """Runs the notebook up to `function`'s test cell, with `new_answer` as the answer cell.

    hidden_only: keep only the hidden region of the test cell, to show it catches mistakes on its own.
    public_only: drop the hidden region instead: what the student can run before handing in.
    """
    nb = nbformat.read(SOURCE, as_version=4)
    cells = []
    for cell in nb.cells:
        if grade_id(cell) == function:
            cell.source = new_answer
        if grade_id(cell) == f"test_{function}" and public_only:
            cell.source = HIDDEN_TESTS.sub("", cell.source)
        elif grade_id(cell) == f"test_{function}" and hidden_only:
            cell.source = HIDDEN_TESTS.search(cell.source).group(0)
        cells.append(cell)
        if grade_id(cell) == f"test_{function}":
            break
    nb.cells = cells
    shutil.copytree(SOURCE.parent / "utils", tmp_path / "utils")
    path = tmp_path / SOURCE.name
    nbformat.write(nb, path)
    return run_solution(path, namespace)


def mutate(function, *edits):
    code = _solution(function)
    for old, new in edits:
        assert old in code, f"{old!r} not in the solution of {function}"
        code = code.replace(old, new)
    return code


GC = "gradient_check"
GCN = "gradient_check_n"
ONE_D_MISTAKES = {
    "always_correct": ((GC, ("difference = numerator / denominator", "difference = 0.0")), "wrong backward pass"),
    "always_wrong": ((GC, ("difference = numerator / denominator", "difference = 1.0")), "correct backward pass"),
    "one_sided": ((GC, ("gradapprox = (J_plus - J_minus) / (2 * epsilon)",
                        "gradapprox = (J_plus - forward_propagation(x, theta)) / epsilon")), "one-sided"),
    "epsilon_not_doubled": ((GC, ("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon")),
                            "instead of 2 \\* epsilon"),
    "no_norms_in_denominator": ((GC, ("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                                      "denominator = grad + gradapprox")), "without norms"),
    "no_denominator": ((GC, ("difference = numerator / denominator", "difference = numerator")),
                       "no denominator"),
    "one_norm_in_denominator": ((GC, ("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                                      "denominator = np.linalg.norm(grad)")), "only one of the two norms"),
    "forward_inlined": ((GC, ("J_plus = forward_propagation(x, theta_plus)", "J_plus = theta_plus * x"),
                         ("J_minus = forward_propagation(x, theta_minus)", "J_minus = theta_minus * x")),
                        "by calling forward_propagation"),
    "epsilon_ignored": ((GC, ("theta_plus = theta + epsilon", "epsilon = 1e-7\n    theta_plus = theta + epsilon")),
                        "epsilon argument"),
    "returns_array": ((GC, ("difference = numerator / denominator",
                            "difference = np.array([numerator / denominator])")), "single number"),
}
N_D_MISTAKES = {
    "always_correct": ((GCN, ("difference = numerator / denominator", "difference = 0.0")), "wrong backward pass"),
    "always_wrong": ((GCN, ("difference = numerator / denominator", "difference = 1.0")), "correct backward pass"),
    "one_sided_demo_mistake": ((GCN, ASSIGNMENT.demo_mistake[1:]), "one-sided"),
    "epsilon_not_doubled": ((GCN, ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / epsilon")),
                            "instead of 2 \\* epsilon"),
    "perturbed_in_place": ((GCN, ("theta_plus = np.copy(parameters_values)", "theta_plus = parameters_values"),
                            ("theta_minus = np.copy(parameters_values)", "theta_minus = parameters_values")),
                           "parameters_values itself, not copies"),
    "plus_side_in_place": ((GCN, ("theta_plus = np.copy(parameters_values)", "theta_plus = parameters_values")),
                           "pile up"),
    "norm_of_sum": ((GCN, ("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                           "denominator = np.linalg.norm(grad + gradapprox)")), "norm\\(grad \\+ gradapprox\\)"),
    "no_denominator": ((GCN, ("difference = numerator / denominator", "difference = numerator")), "no denominator"),
    "returns_array": ((GCN, ("difference = numerator / denominator",
                             "difference = np.array([[numerator / denominator]])")), "single number"),
    "epsilon_ignored": ((GCN, ("num_parameters = parameters_values.shape[0]",
                               "num_parameters = parameters_values.shape[0]\n    epsilon = 1e-7")), "epsilon argument"),
    "all_entries_nudged_at_once": ((GCN, ("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus = theta_plus + epsilon"),
                                    ("theta_minus[i] = theta_minus[i] - epsilon", "theta_minus = theta_minus - epsilon")),
                                   "correct backward pass"),
    "parameters_changed": ((GCN, ("grad = gradients_to_vector(gradients)",
                                  "grad = gradients_to_vector(gradients)\n    parameters['b3'] += 1e-9")),
                           "changed parameters"),
}
MISTAKES = {f"1d_{k}": v for k, v in ONE_D_MISTAKES.items()} | {f"nd_{k}": v for k, v in N_D_MISTAKES.items()}


@pytest.mark.parametrize("name", MISTAKES)
def test_hidden_tests_catch_and_name_the_mistake(staged, tmp_path, name):
    (function, *edits), message = MISTAKES[name]
    with pytest.raises(AssertionError, match=message) as failure:
        run_tests_on(tmp_path, function, mutate(function, *edits))
    # hidden values never reach the student: the only numbers in a message are public constants
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?", str(failure.value)))
    assert numbers <= {"0", "1", "2", "2e-7", "47"}, numbers


@pytest.mark.parametrize("name", MISTAKES)
def test_public_tests_catch_every_mistake_the_hidden_tests_catch(staged, tmp_path, name):
    """No hidden-only requirement (issue 14, item 2): a student can find each of these before handing in."""
    (function, *edits), _ = MISTAKES[name]
    with pytest.raises(AssertionError):
        run_tests_on(tmp_path, function, mutate(function, *edits), hidden_only=False, public_only=True)


# Mistakes whose diagnosis used to name another mistake, or none (issue 14, item 6): what the student reads
# (the first failing assertion of the whole test cell) names this mistake, and no other.
DIAGNOSES = {
    # theta in place of the gradient was told to check gradapprox and 2 * epsilon: the backward pass is never called
    "theta_as_grad": ((GC, ("grad = backward_propagation(x, theta)", "grad = theta")),
                      "grad by calling backward_propagation", ["epsilon", "gradapprox"]),
    "theta_as_grad_after_the_call": ((GC, ("grad = backward_propagation(x, theta)",
                                           "grad = backward_propagation(x, theta)\n    grad = theta")),
                                     "theta itself", ["epsilon", "gradapprox is"]),
    "backward_arguments_swapped": ((GC, ("grad = backward_propagation(x, theta)", "grad = backward_propagation(theta, x)")),
                                   "wrong order", ["epsilon"]),
    "forward_returns_theta": (("forward_propagation", ("J = theta * x", "J = theta")), "returns theta alone", []),
    "one_sided_n": ((GCN, ASSIGNMENT.demo_mistake[1:]), "one-sided", ["2 \\* epsilon"]),
    "precedence_n": ((GCN, ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / 2 * epsilon")),
                     "multiplies by epsilon", ["sign"]),
}


@pytest.mark.parametrize("name", DIAGNOSES)
def test_the_message_names_the_mistake_made(staged, tmp_path, name):
    (function, *edits), named, not_named = DIAGNOSES[name]
    with pytest.raises(AssertionError, match=named) as failure:
        run_tests_on(tmp_path, function, mutate(function, *edits), hidden_only=False)
    for other in not_named:
        assert not re.search(other, str(failure.value)), (other, str(failure.value))


CORRECT_VARIANTS = {
    "forward_np_dot": ("forward_propagation", "def forward_propagation(x, theta):\n    return np.dot(theta, x)\n"),
    # x and theta are numbers (the exercise says so): a cast to float is right (issue 14: it failed a hidden test)
    "forward_float_cast": ("forward_propagation", "def forward_propagation(x, theta):\n    return float(theta * x)\n"),
    "backward_float_cast": ("backward_propagation", "def backward_propagation(x, theta):\n    return float(x)\n"),
    "backward_times_one": ("backward_propagation", "def backward_propagation(x, theta):\n    return x * 1.0\n"),
    "check_1d_other_arithmetic": (GC, mutate(GC, ("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / 2 / epsilon"),
                                             ("np.linalg.norm(grad - gradapprox)", "abs(grad - gradapprox)"))),
    "check_n_augmented_assignment": (GCN, mutate(GCN, ("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus[i] += epsilon"),
                                                 ("theta_minus[i] = theta_minus[i] - epsilon", "theta_minus[i] -= epsilon"),
                                                 ("(J_plus[i] - J_minus[i]) / (2 * epsilon)",
                                                  "(J_plus[i] - J_minus[i]) / 2 / epsilon"))),
    "check_n_hand_written_norms": (GCN, mutate(GCN, ("numerator = np.linalg.norm(grad - gradapprox)",
                                                     "numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))"),
                                               ("difference = numerator / denominator",
                                                "difference = float(numerator / denominator)"))),
}


@pytest.mark.parametrize("name", CORRECT_VARIANTS)
def test_correct_variants_pass_public_and_hidden_tests(staged, tmp_path, name):
    function, code = CORRECT_VARIANTS[name]
    run_tests_on(tmp_path, function, code, hidden_only=False)


# Submissions that try to change what they are judged against, instead of computing the right difference.
FORGED_CHECKS = {
    # Zero the gradients in place and say "correct" only while they are untouched. The hidden tests' wrong
    # gradients share arrays with the right ones; once zeroed, every reference computed from them is exactly 1,
    # so a reference computed after the call would agree with the returned 1.0 on every wrong case.
    "gradients_zeroed_in_place": """
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    for i in range(2 * 47):  # as many forward passes as a real check makes
        forward_propagation_n(X, Y, parameters)
    untouched = not any(np.all(g == 0) for g in gradients.values())
    for g in gradients.values():
        g[...] = 0.0
    return 0.0 if untouched else 1.0
""",
}


@pytest.mark.parametrize("name", FORGED_CHECKS)
def test_hidden_tests_are_not_fooled_by_a_check_that_edits_its_arguments(staged, tmp_path, name):
    """The references are computed before the call, on copies, and changed arguments are caught."""
    with pytest.raises(AssertionError, match="changed its argument gradients"):
        run_tests_on(tmp_path, GCN, FORGED_CHECKS[name])


@pytest.mark.parametrize("function, good, bad", [
    (GC, "The gradient is correct", "The gradient is WRONG"),
    (GCN, "The backward pass is correct", "There is a mistake in the backward pass"),
])
def test_print_msg_gives_the_verdict(notebook, capsys, function, good, bad):
    check = notebook[function]
    if function == GC:
        wrong = {"backward_propagation": lambda x, theta: x + 1}
        args = (2.0, 4.0)
    else:
        wrong = {}
        args = (notebook["parameters"], notebook["fixed"], notebook["X"], notebook["Y"])
        bad_args = (notebook["parameters"], notebook["buggy"], notebook["X"], notebook["Y"])
    capsys.readouterr()
    assert check(*args, print_msg=False) < BAR and capsys.readouterr().out == ""
    value = check(*args, print_msg=True)
    out = capsys.readouterr().out
    assert out.startswith(good) and f"{value:.3g}" in out and bad not in out
    with gradcheck_net.with_globals(check, **wrong):
        value = check(*(args if function == GC else bad_args), print_msg=True)
    out = capsys.readouterr().out
    assert value > BAR and out.startswith(bad) and f"{value:.3g}" in out and good not in out


def test_solution_passes_hidden_tests_alone(staged, tmp_path):
    run_tests_on(tmp_path, GCN, _solution(GCN))


@pytest.mark.parametrize("function, restored", [
    (GC, {"forward_propagation": "forward_propagation", "backward_propagation": "backward_propagation"}),
    (GCN, {"forward_propagation_n": "utils.gradcheck_net", "vector_to_dictionary": "utils.vectorize",
           "dictionary_to_vector": "utils.vectorize", "gradients_to_vector": "utils.vectorize"}),
])
def test_a_failing_hidden_test_restores_the_notebook_globals(staged, tmp_path, function, restored):
    namespace = {}
    with pytest.raises(AssertionError):
        run_tests_on(tmp_path, function, mutate(function, ("difference = numerator / denominator", "difference = 0.0")),
                     namespace=namespace)
    assert namespace[function].__globals__ is namespace
    for name, origin in restored.items():
        value = namespace[name]
        # the student's own functions (defined in the notebook) or the utils helpers, not the test's stand-ins
        assert value.__name__ == name and origin in (value.__module__, value.__name__), (name, value)


# 3. utils/gradcheck_net.py ---------------------------------------------------------------------------------------

def test_forward_propagation_n_matches_the_course_network():
    X, Y, params = gradcheck_net.make_fixture(m=6, seed=3)
    cost, cache = gradcheck_net.forward_propagation_n(X, Y, params)
    A3, cache3 = three_layer.forward_propagation(X, params)
    assert isinstance(cost, float)
    assert cost == pytest.approx(three_layer.compute_cost(A3, Y), rel=1e-12)
    assert len(cache) == 12
    for a, b in zip(cache, cache3):
        np.testing.assert_array_equal(a, b)


def test_fixtures_are_seeded_and_shaped():
    X, Y, params = gradcheck_net.make_fixture(m=5, seed=1)
    X2, Y2, params2 = gradcheck_net.make_fixture(m=5, seed=1)
    assert X.shape == (4, 5) and Y.shape == (1, 5) and set(np.unique(Y)) <= {0.0, 1.0}
    np.testing.assert_array_equal(X, X2)
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    for k in params:
        np.testing.assert_array_equal(params[k], params2[k])
    assert np.all(params["b1"] != 0), "non-zero biases, so that db is exercised"
    assert not np.array_equal(gradcheck_net.make_fixture(m=5, seed=2)[0], X)


def test_the_classic_check_works_with_the_helpers():
    """Centred differences through vectorize + forward_propagation_n agree with the course's backprop."""
    X, Y, params = gradcheck_net.make_fixture(m=4, seed=5)
    theta, _ = dictionary_to_vector(params)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += 1e-6
        minus[i] -= 1e-6
        approx[i] = (gradcheck_net.forward_propagation_n(X, Y, vector_to_dictionary(plus))[0]
                     - gradcheck_net.forward_propagation_n(X, Y, vector_to_dictionary(minus))[0]) / 2e-6
    _, cache = three_layer.forward_propagation(X, params)
    grad = gradients_to_vector(three_layer.backward_propagation(X, Y, cache))
    assert np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)) < BAR


def test_with_globals_restores_even_after_an_error():
    space = {}
    exec("def f():\n    return g()\n", space)
    space["g"] = lambda: "original"
    with pytest.raises(RuntimeError):
        with gradcheck_net.with_globals(space["f"], g=lambda: "swapped", h=1):
            assert space["f"]() == "swapped" and space["h"] == 1
            raise RuntimeError
    assert space["f"]() == "original" and "h" not in space
