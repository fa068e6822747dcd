"""Helpers behind the public tests: checks that say exactly what is wrong.

Each check raises AssertionError with a message naming the key, the shape or
the value that differs, so a student knows where to look. Nothing here is
used to decide a grade on its own: hidden tests check values independently.
"""
import numpy as np


def expect_keys(got, expected_keys, what="the returned dict"):
    """`got` is a dict with exactly `expected_keys`."""
    assert isinstance(got, dict), f"{what} should be a dict, got {type(got).__name__}"
    missing = [k for k in expected_keys if k not in got]
    extra = [k for k in got if k not in expected_keys]
    assert not missing, f"{what} is missing the key(s) {missing}"
    assert not extra, f"{what} has unexpected key(s) {extra}; expected exactly {list(expected_keys)}"


def expect_shape(name, got, shape):
    """`got` is a numpy array of the given shape."""
    assert isinstance(got, np.ndarray), f"{name} should be a numpy array, got {type(got).__name__}"
    assert got.shape == tuple(shape), f"{name} has shape {got.shape}, expected {tuple(shape)}"


def expect_close(name, got, expected, rtol=1e-5, atol=1e-8):
    """`got` has the shape of `expected` and the same values, within tolerance."""
    expected = np.asarray(expected, dtype=float)
    if expected.ndim == 0:
        assert np.ndim(got) == 0, f"{name} should be a single number, got shape {np.shape(got)}"
        got_value = float(got)
        assert np.isclose(got_value, float(expected), rtol=rtol, atol=atol), (
            f"{name} is {got_value!r}, expected {float(expected)!r}")
        return
    expect_shape(name, got, expected.shape)
    got = np.asarray(got, dtype=float)
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(got - expected)), expected.shape)
        raise AssertionError(
            f"{name} has wrong values; the largest difference is at index {tuple(int(i) for i in worst)}: "
            f"got {float(got[worst])!r}, expected {float(expected[worst])!r}.\n"
            f"expected:\n{np.array2string(expected, precision=8)}\ngot:\n{np.array2string(got, precision=8)}")


def expect_parameter_shapes(parameters, layers_dims):
    """Wl is (n_l, n_{l-1}) and bl is (n_l, 1) for every layer, and nothing else is returned."""
    L = len(layers_dims) - 1
    keys = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    expect_keys(parameters, keys, "parameters")
    for l in range(1, L + 1):
        expect_shape(f"W{l}", parameters[f"W{l}"], (layers_dims[l], layers_dims[l - 1]))
        expect_shape(f"b{l}", parameters[f"b{l}"], (layers_dims[l], 1))


def all_passed(function_name):
    """The line a student sees when every public test of a function passes."""
    print(f"\N{CHECK MARK} {function_name}: all public tests passed.")
