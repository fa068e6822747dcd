"""The fraud-scoring network of the Gradient Checking notebook, and its data.

The network is LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with layer sizes
[4, 5, 3, 1]: 4 features per card transaction in, one fraud probability out.
X is (4, m) with one transaction per column, Y is (1, m) with 1 = fraud.

The network itself is the course's (utils/network.py); this module adds
the forward pass in the form gradient checking wants (cost and cache in one
call), fixtures, and two small helpers for calling your functions. The
backward pass is the thing under test: the notebook provides it, and you check it.
"""
import contextlib
import inspect

import numpy as np

from .activations import sigmoid
from .network import compute_cost, forward_propagation

LAYER_DIMS = (4, 5, 3, 1)
FEATURES = ("amount", "hour", "distance_from_home", "merchant_risk")


def forward_propagation_n(X, Y, parameters):
    """Runs the network on X and scores it against Y.

    Returns (cost, cache): cost is the mean cross-entropy, a float; cache is the
    12-tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) the backward pass needs.
    """
    A3, cache = forward_propagation(X, parameters)
    return compute_cost(A3, Y), cache


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


def accepts(function, argument):
    """True when `function` can be called with the keyword `argument`.

    Two generations of the classic assignment are in use: before 2021 the checks were
    gradient_check(x, theta, epsilon=1e-7) and gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7),
    which print their verdict on every call; the newer ones add print_msg=False. The notebook and its tests
    pass print_msg only where the signature takes it, so both generations run unchanged.
    """
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return True  # no signature to read: assume the newer generation
    return any(p.kind is p.VAR_KEYWORD or (p.name == argument and p.kind is not p.POSITIONAL_ONLY)
               for p in parameters)


def check_and_print(check, *args, **kwargs):
    """check(*args, **kwargs), asking it to print its verdict where it takes print_msg (older versions always do)."""
    if accepts(check, "print_msg"):
        kwargs["print_msg"] = True
    return check(*args, **kwargs)
