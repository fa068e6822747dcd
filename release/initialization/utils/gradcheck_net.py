"""The fraud-scoring network of the Gradient Checking notebook, and its data.

The network is LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with layer sizes
[4, 5, 3, 1]: 4 features per card transaction in, one fraud probability out.
X is (4, m) with one transaction per column, Y is (1, m) with 1 = fraud.

The forward pass is right. The backward pass here is a teammate's, and it is
the thing under test: the notebook shows its code, and you check it. It stays
here, unchanged, whatever you try in the notebook, so that the tests always
check the same gradients.
"""
import contextlib

import numpy as np

from .activations import relu, sigmoid

LAYER_DIMS = (4, 5, 3, 1)
FEATURES = ("amount", "hour", "distance_from_home", "merchant_risk")


def forward_propagation_n(X, Y, parameters):
    """Runs the network on X and scores it against Y.

    Returns (cost, cache): cost is the mean cross-entropy, a float; cache is the
    12-tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) the backward pass needs.
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    losses = -(Y * np.log(A3) + (1 - Y) * np.log(1 - A3))
    cost = float(np.sum(losses) / m)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def teammate_backward_propagation(X, Y, cache):
    """The teammate's backward pass for forward_propagation_n: the gradients of its mean cross-entropy cost."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y  # sigmoid output with cross-entropy cost
    dW3 = 1.0 / m * dZ3 @ A2.T
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)  # ReLU lets the gradient through where it was active
    dW2 = 1.0 / m * dZ2 @ A1.T
    db2 = 1.0 / m * np.sum(dA2, axis=1, keepdims=True)

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * dA1 @ X.T
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


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
