"""The fraud-scoring network of the Gradient Checking notebook, and its data.

The network is LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with layer sizes
[4, 5, 3, 1]: 4 features per card transaction in, one fraud probability out.
X is (4, m) with one transaction per column, Y is (1, m) with 1 = fraud.

The network itself is the course's (utils/network.py); this module adds
the forward pass in the form gradient checking wants (cost and cache in one
call), fixtures, and a per-parameter comparison that helps locate a bug. The
backward pass is the thing under test: the notebook provides it, and you check it.
"""
import contextlib

import numpy as np

from .activations import sigmoid
from .network import compute_cost, forward_propagation
from .vectorize import dictionary_to_vector, vector_to_dictionary

LAYER_DIMS = (4, 5, 3, 1)
FEATURES = ("amount", "hour", "distance_from_home", "merchant_risk")


def forward_propagation_n(X, Y, parameters):
    """Runs the network on X and scores it against Y.

    Returns (cost, cache): cost is the mean cross-entropy, a float; cache is the
    12-tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) the backward pass needs.
    """
    A3, cache = forward_propagation(X, parameters)
    return compute_cost(A3, Y), cache


def difference_by_parameter(parameters, gradients, X, Y, epsilon=1e-7):
    """The relative difference between backprop and centred differences, for each parameter on its own.

    Returns a dict {"W1": ..., "b1": ..., ...} of floats. Where the overall check fails, the
    parameters with a large difference are the ones whose gradient lines to read first.
    """
    theta, keys = dictionary_to_vector(parameters)
    estimate = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        J_plus = forward_propagation_n(X, Y, vector_to_dictionary(plus, _layer_dims(parameters)))[0]
        J_minus = forward_propagation_n(X, Y, vector_to_dictionary(minus, _layer_dims(parameters)))[0]
        estimate[i] = (J_plus - J_minus) / (2 * epsilon)
    keys = np.array(keys)
    differences = {}
    for name in dict.fromkeys(keys):
        grad = np.reshape(np.asarray(gradients["d" + name], dtype=float), (-1, 1))
        approx = estimate[keys == name]
        scale = np.linalg.norm(grad) + np.linalg.norm(approx)
        differences[str(name)] = float(np.linalg.norm(grad - approx) / scale) if scale else 0.0
    return differences


def _layer_dims(parameters):
    """The layer sizes [n_0, n_1, ..., n_L] of a parameters dict."""
    L = len(parameters) // 2
    return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]


def fraud_batch(m=5, seed=1):
    """A small synthetic batch of card transactions: X (4, m) standardised features, Y (1, m) labels.

    The features are, in order, FEATURES. Large amounts, far from home, at a risky
    merchant make fraud likelier; the labels are drawn from that rule, so they are noisy.
    """
    rng = np.random.RandomState(seed)
    X = rng.randn(4, m)
    score = 1.2 * X[0] - 0.3 * X[1] + 0.8 * X[2] + 1.5 * X[3] - 1.0
    Y = (rng.rand(1, m) < sigmoid(score)).astype(float)
    return X, Y


def random_parameters(seed=2, layer_dims=LAYER_DIMS):
    """Random weights (scaled by sqrt(2 / fan_in)) and random biases (non-zero, so the bias gradients matter)."""
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0 / layer_dims[l - 1])
        parameters[f"b{l}"] = rng.randn(layer_dims[l], 1) * 0.5
    return parameters


def make_fixture(m=5, seed=1):
    """(X, Y, parameters) for checking the gradients of the [4, 5, 3, 1] network."""
    X, Y = fraud_batch(m, seed)
    return X, Y, random_parameters(seed + 1)


@contextlib.contextmanager
def with_globals(function, **names):
    """Runs the body with some global names of `function` bound to other objects, then restores them.

    The tests use it to hand your gradient_check a known forward and backward pass:
        with with_globals(gradient_check, backward_propagation=lambda x, theta: x + 1):
            gradient_check(2.0, 4.0)
    """
    space = function.__globals__
    missing = object()
    saved = {name: space.get(name, missing) for name in names}
    space.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                space.pop(name, None)
            else:
                space[name] = value
