"""utils/vectorize.py: parameter dicts <-> one column vector, in the classic order and shapes."""
import numpy as np
import pytest

from utils.vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary

CLASSIC_SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
ORDER = ["W1", "b1", "W2", "b2", "W3", "b3"]


def classic_parameters(seed=0):
    rng = np.random.RandomState(seed)
    return {k: rng.randn(*shape) for k, shape in CLASSIC_SHAPES.items()}


def test_dictionary_to_vector_classic_order_and_keys():
    params = classic_parameters()
    theta, keys = dictionary_to_vector(params)
    assert theta.shape == (47, 1)
    expected = np.concatenate([params[k].reshape(-1, 1) for k in ORDER])  # row by row, W1 first
    np.testing.assert_array_equal(theta, expected)
    assert isinstance(keys, list) and len(keys) == 47
    assert keys == sum(([k] * params[k].size for k in ORDER), [])
    assert keys[0] == "W1" and keys[20] == "b1" and keys[25] == "W2" and keys[-1] == "b3"
    # W1[0, 1] is the second entry: row-major flattening
    assert theta[1, 0] == params["W1"][0, 1] and theta[4, 0] == params["W1"][1, 0]


def test_dictionary_to_vector_ignores_insertion_order_and_copies():
    params = classic_parameters(1)
    shuffled = {k: params[k] for k in reversed(ORDER)}
    theta, _ = dictionary_to_vector(shuffled)
    np.testing.assert_array_equal(theta, dictionary_to_vector(params)[0])
    theta[0, 0] += 1.0
    assert theta[0, 0] != params["W1"][0, 0], "theta must not be a view of the parameters"


def test_vector_to_dictionary_classic_shapes_and_round_trip():
    params = classic_parameters(2)
    theta, _ = dictionary_to_vector(params)
    back = vector_to_dictionary(theta)
    assert list(back) == ORDER
    for k, shape in CLASSIC_SHAPES.items():
        assert back[k].shape == shape
        np.testing.assert_array_equal(back[k], params[k])
    # the other way round: vector -> dict -> vector
    theta2 = np.arange(47, dtype=float).reshape(-1, 1)
    np.testing.assert_array_equal(dictionary_to_vector(vector_to_dictionary(theta2))[0], theta2)
    assert vector_to_dictionary(theta2)["b1"][0, 0] == 20.0


def test_vector_to_dictionary_returns_copies_and_accepts_flat_vectors():
    theta = np.arange(47, dtype=float).reshape(-1, 1)
    params = vector_to_dictionary(theta)
    params["W1"][0, 0] = -99.0
    assert theta[0, 0] == 0.0, "changing the dict must not change theta"
    np.testing.assert_array_equal(vector_to_dictionary(theta.ravel())["W3"], params["W3"])


def test_vector_to_dictionary_rejects_wrong_length():
    with pytest.raises(ValueError, match="46 numbers"):
        vector_to_dictionary(np.zeros((46, 1)))


def test_gradients_to_vector_order_matches_parameters_and_ignores_other_keys():
    params = classic_parameters(3)
    grads = {"d" + k: v * 10 for k, v in params.items()}
    grads.update(dZ1=np.ones((5, 7)), dA2=np.ones((3, 7)), dZ3=np.ones((1, 7)))
    g = gradients_to_vector(grads)
    assert g.shape == (47, 1)
    np.testing.assert_array_equal(g, 10 * dictionary_to_vector(params)[0])


def test_general_layer_sizes():
    dims = [2, 10, 5, 1]
    rng = np.random.RandomState(4)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        params[f"b{l}"] = rng.randn(dims[l], 1)
    theta, keys = dictionary_to_vector(params)
    assert theta.shape == (2 * 10 + 10 + 10 * 5 + 5 + 5 + 1, 1) and len(keys) == theta.shape[0]
    back = vector_to_dictionary(theta, layer_dims=dims)
    for k in params:
        np.testing.assert_array_equal(back[k], params[k])
    grads = {"d" + k: v for k, v in params.items()}
    np.testing.assert_array_equal(gradients_to_vector(grads), theta)
    # a two-layer network too
    small = {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1)), "W2": np.ones((1, 3)), "b2": np.zeros((1, 1))}
    assert dictionary_to_vector(small)[0].shape == (13, 1)


def test_missing_entries_are_named():
    params = classic_parameters()
    del params["b2"]
    with pytest.raises(KeyError, match="b2"):
        dictionary_to_vector(params)
    with pytest.raises(KeyError, match="dW1"):
        gradients_to_vector({"W1": np.ones((5, 4))})
