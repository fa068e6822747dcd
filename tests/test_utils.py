"""Unit tests of the student-side helpers in utils/."""
import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from utils import activations, data, public_tests, runmode, three_layer
from utils.plots import plot_costs, plot_decision_boundary


def small_problem(seed=0, m=7):
    rng = np.random.RandomState(seed)
    X = rng.randn(2, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    params = three_layer.initialize_parameters([2, 4, 3, 1], seed=seed + 1)
    for key in params:
        if key.startswith("b"):
            params[key] = rng.randn(*params[key].shape) * 0.1  # non-zero biases exercise db
    return X, Y, params


def test_activations():
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(activations.relu(x), [[0.0, 0.0, 3.0]])
    np.testing.assert_allclose(activations.sigmoid(np.array([0.0])), [0.5])
    assert activations.sigmoid(np.array([50.0]))[0] == pytest.approx(1.0)


def test_initialize_parameters_scale_and_shapes():
    params = three_layer.initialize_parameters([2, 20, 3, 1])
    assert params["W1"].shape == (20, 2) and params["b2"].shape == (3, 1)
    np.random.seed(3)
    expected = np.random.randn(20, 2) / np.sqrt(2)
    np.testing.assert_allclose(params["W1"], expected)
    assert not params["b1"].any()


def test_forward_cache_layout():
    X, Y, params = small_problem()
    A3, cache = three_layer.forward_propagation(X, params)
    assert len(cache) == 12 and A3.shape == (1, X.shape[1])
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3c, W3, b3 = cache
    np.testing.assert_allclose(A1, np.maximum(W1 @ X + b1, 0))
    assert W1 is params["W1"] and A3c is A3


def test_backward_matches_numerical_gradient():
    X, Y, params = small_problem()
    _, cache = three_layer.forward_propagation(X, params)
    grads = three_layer.backward_propagation(X, Y, cache)
    assert set(grads) == {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}
    eps = 1e-6
    for key in params:
        numeric = np.zeros_like(params[key])
        for idx in np.ndindex(params[key].shape):
            for sign in (1, -1):
                shifted = {k: v.copy() for k, v in params.items()}
                shifted[key][idx] += sign * eps
                cost = three_layer.compute_cost(three_layer.forward_propagation(X, shifted)[0], Y)
                numeric[idx] += sign * cost / (2 * eps)
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-4, atol=1e-7)


def test_compute_cost_value_and_saturation():
    Y = np.array([[1, 0]])
    assert three_layer.compute_cost(np.array([[0.5, 0.5]]), Y) == pytest.approx(np.log(2))
    assert isinstance(three_layer.compute_cost(np.array([[0.9, 0.2]]), Y), float)
    # a certain and right prediction costs nothing; a certain and wrong one costs inf
    assert three_layer.compute_cost(np.array([[1.0, 0.0]]), Y) == 0.0
    assert three_layer.compute_cost(np.array([[0.0, 0.0]]), Y) == np.inf


def test_update_parameters_steps_against_gradient():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.full((2, 2), 2.0), "db1": np.ones((2, 1))}
    new = three_layer.update_parameters(params, grads, 0.5)
    np.testing.assert_allclose(new["W1"], np.zeros((2, 2)))
    np.testing.assert_allclose(new["b1"], -0.5 * np.ones((2, 1)))


def test_predict_prints_accuracy_and_returns_ints():
    X, Y, params = small_problem()
    out = io.StringIO()
    with redirect_stdout(out):
        predictions = three_layer.predict(X, Y, params)
    assert predictions.shape == Y.shape and predictions.dtype.kind == "i"
    assert f"{three_layer.accuracy(predictions, Y):.4f}" in out.getvalue()
    np.testing.assert_array_equal(three_layer.predict_dec(params, X), predictions.astype(bool))


def test_load_circles_is_seeded_and_shaped():
    a = data.load_circles(plot=False)
    b = data.load_dataset(plot=False)
    assert [x.shape for x in a] == [(2, 300), (1, 300), (2, 100), (1, 100)]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert set(np.unique(a[1])) == {0, 1}


def test_plots_draw_without_error():
    X, Y, params = small_problem()
    plot_costs([0.7, 0.5, 0.3], learning_rate=0.1)
    plot_decision_boundary(lambda pts: three_layer.predict_dec(params, pts.T), X, Y, title="t", step=0.1)


def test_public_test_helpers_name_the_problem():
    with pytest.raises(AssertionError, match="missing the key"):
        public_tests.expect_keys({"W1": 1}, ["W1", "b1"])
    with pytest.raises(AssertionError, match=r"shape \(2, 1\), expected \(1, 2\)"):
        public_tests.expect_shape("b1", np.zeros((2, 1)), (1, 2))
    with pytest.raises(AssertionError, match="largest difference is at index"):
        public_tests.expect_close("W1", np.zeros((2, 2)), np.eye(2))
    with pytest.raises(AssertionError, match="should be a single number"):
        public_tests.expect_close("cost", np.zeros(2), 1.0)
    public_tests.expect_close("cost", np.float64(1.0), 1.0)
    public_tests.expect_parameter_shapes({"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1))}, [2, 3])


def test_demo_iterations_shorten_only_when_autograding(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert runmode.demo_iterations(15000) == 15000
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert runmode.demo_iterations(15000) == 15000
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert runmode.demo_iterations(15000) == 10 and runmode.is_autograding()
