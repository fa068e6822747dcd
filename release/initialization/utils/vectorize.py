"""Parameter dicts <-> one flat column vector, for gradient checking.

Gradient checking nudges one number at a time. That is easiest when all the
numbers of a network sit in a single column vector theta of shape (n, 1):

    W1, b1, W2, b2, ..., WL, bL    each flattened row by row, one after the other.

The classic calls work on the Gradient Checking network, layers [4, 5, 3, 1]:

    theta, keys = dictionary_to_vector(parameters)     # theta (47, 1); keys[i] names theta[i]
    parameters = vector_to_dictionary(theta)           # W1 (5, 4), b1 (5, 1), ..., b3 (1, 1)
    grad = gradients_to_vector(gradients)              # dW1, db1, ..., db3 in the same order

For another network pass its layer sizes: vector_to_dictionary(theta, layer_dims=[2, 10, 5, 1]).
dictionary_to_vector and gradients_to_vector find the number of layers from the keys.
"""
import numpy as np

DEFAULT_LAYER_DIMS = (4, 5, 3, 1)


def _num_layers(mapping, prefix=""):
    """How many layers W1, W2, ... (or dW1, dW2, ... with prefix "d") the dict holds."""
    L = 0
    while f"{prefix}W{L + 1}" in mapping:
        L += 1
    if L == 0:
        raise KeyError(f"expected keys {prefix}W1, {prefix}b1, ...; got {sorted(mapping)}")
    return L


def _stack(mapping, names):
    """The arrays mapping[name] for each name, flattened row by row into one (n, 1) column."""
    pieces = []
    for name in names:
        if name not in mapping:
            raise KeyError(f"{name} is missing: expected {names}")
        pieces.append(np.reshape(np.asarray(mapping[name], dtype=float), (-1, 1)))
    return np.concatenate(pieces, axis=0)


def dictionary_to_vector(parameters):
    """Flattens W1, b1, ..., WL, bL into one column vector.

    Returns (theta, keys): theta has shape (n, 1); keys is a list of n names,
    keys[i] being the parameter ("W1", "b1", ...) that theta[i] came from.
    theta is a new array: changing it does not change `parameters`.
    """
    L = _num_layers(parameters)
    names = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    theta = _stack(parameters, names)
    keys = []
    for name in names:
        keys += [name] * np.size(parameters[name])
    return theta, keys


def vector_to_dictionary(theta, layer_dims=None):
    """The inverse of dictionary_to_vector: cuts theta back into W1, b1, ..., WL, bL.

    layer_dims: layer sizes, input first; the default [4, 5, 3, 1] gives
    W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1).
    The arrays returned are copies: changing them does not change theta.
    """
    dims = list(DEFAULT_LAYER_DIMS if layer_dims is None else layer_dims)
    shapes = []
    for l in range(1, len(dims)):
        shapes += [(f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))]
    flat = np.asarray(theta, dtype=float).reshape(-1)
    expected = sum(r * c for _, (r, c) in shapes)
    if flat.size != expected:
        raise ValueError(f"theta holds {flat.size} numbers, but layers {dims} need {expected}")
    parameters, start = {}, 0
    for name, (rows, cols) in shapes:
        parameters[name] = flat[start:start + rows * cols].reshape(rows, cols).copy()
        start += rows * cols
    return parameters


def gradients_to_vector(gradients):
    """Flattens dW1, db1, ..., dWL, dbL into one column vector, in the order of dictionary_to_vector.

    Other entries of `gradients` (dZ1, dA1, ...) are ignored.
    """
    L = _num_layers(gradients, prefix="d")
    return _stack(gradients, [f"d{p}{l}" for l in range(1, L + 1) for p in ("W", "b")])
