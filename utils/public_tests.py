"""Helpers behind the public tests: checks that say exactly what is wrong.

Each check raises AssertionError with a message naming the key, the shape or
the value that differs, so a student knows where to look. When a wrong value
matches a known mistake (the `hints` of expect_close), the message names that
mistake first. Nothing here is used to decide a grade on its own: hidden tests
check values independently.
"""
import numpy as np


def expect_keys(got, expected_keys, what="the returned dict"):
    """`got` is a dict with exactly `expected_keys`."""
    assert isinstance(got, dict), f"{what} should be a dict, got {type(got).__name__}"
    missing = [k for k in expected_keys if k not in got]
    extra = [k for k in got if k not in expected_keys]
    assert not missing, f"{what} is missing the key(s) {missing}"
    assert not extra, f"{what} has unexpected key(s) {extra}; expected exactly {list(expected_keys)}"


def _shape_hint(got_shape, shape):
    """Why an array may have `got_shape` where `shape` was expected (empty when no common cause fits)."""
    if len(shape) == 2 and len(got_shape) == 2 and tuple(got_shape) == tuple(shape)[::-1]:
        return ": its two sizes are swapped (rows and columns), as if transposed"
    if len(shape) == 2 and shape[1] == 1 and tuple(got_shape) == (shape[0],):
        return f": it is a 1-D array; make it a column of shape {tuple(shape)}, e.g. np.zeros(({shape[0]}, 1))"
    if len(shape) == 2 and shape[1] == 1 and len(got_shape) == 2 and got_shape[0] == 1 and got_shape[1] > 1:
        return ": it looks summed over the wrong axis; a sum over the examples (the columns) is " \
               "np.sum(..., axis=1, keepdims=True)"
    return ""


def expect_shape(name, got, shape):
    """`got` is a numpy array of the given shape."""
    assert isinstance(got, np.ndarray), f"{name} should be a numpy array, got {type(got).__name__}"
    assert got.shape == tuple(shape), (
        f"{name} has shape {got.shape}, expected {tuple(shape)}" + _shape_hint(got.shape, tuple(shape)))


def _matches(got, hint):
    """True if `got` equals the value a known mistake gives (a value), or satisfies its test (a function)."""
    if callable(hint):
        try:
            return bool(hint(got))
        except Exception:
            return False
    hint = np.asarray(hint, dtype=float)
    return np.shape(got) == hint.shape and bool(np.allclose(got, hint, rtol=1e-5, atol=1e-8))


def _relation(got, expected):
    """A simple way `got` relates to `expected` (all zeros, a sign, one common factor), or ''."""
    if not np.any(expected):
        return "it should be all zeros"
    if np.allclose(got, -expected, rtol=1e-5, atol=1e-8):
        return "it has the opposite sign"
    factor = float(np.sum(got * expected) / np.sum(expected * expected))
    if factor != 0 and np.isfinite(factor) and np.allclose(got, factor * expected, rtol=1e-5, atol=1e-8):
        return f"every value is {factor:.4g} times the expected one: a factor is missing, extra or wrong"
    return ""


def known_mistake(got, hints):
    """": <message>" for the first (value, message) of `hints` that fits `got` (as in expect_close), else ""."""
    for value, message in hints:
        if _matches(got, value):
            return ": " + message
    return ""


def expect_close(name, got, expected, rtol=1e-5, atol=1e-8, hints=()):
    """`got` has the shape of `expected` and the same values, within tolerance.

    hints: (value, message) pairs for known mistakes. `value` is what a mistake gives here, or a function
    that returns True for such a wrong result; the first one that fits `got` is named in the message.
    """
    expected = np.asarray(expected, dtype=float)
    if expected.ndim == 0:
        assert np.ndim(got) == 0, f"{name} should be a single number, got shape {np.shape(got)}"
        got_value = float(got)
        if np.isclose(got_value, float(expected), rtol=rtol, atol=atol):
            return
        raise AssertionError(f"{name} is {got_value!r}, expected {float(expected)!r}" + known_mistake(got_value, hints))
    expect_shape(name, got, expected.shape)
    got = np.asarray(got, dtype=float)
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        why = known_mistake(got, hints)[2:] or _relation(got, expected)
        worst = np.unravel_index(np.argmax(np.abs(got - expected)), expected.shape)
        raise AssertionError(
            f"{name} has wrong values" + (f": {why}" if why else "") + ".\n"
            f"The largest difference is at index {tuple(int(i) for i in worst)}: "
            f"got {float(got[worst])!r}, expected {float(expected[worst])!r}.\n"
            f"expected:\n{np.array2string(expected, precision=8)}\ngot:\n{np.array2string(got, precision=8)}")


def _numbered_from_0(parameters, layers_dims):
    """True when W0, b0, ..., W(L-1), b(L-1) hold the L layers: the right arrays, under keys shifted by one."""
    L = len(layers_dims) - 1
    shifted = {k for l in range(L) for k in (f"W{l}", f"b{l}")}
    return set(parameters) == shifted and all(
        getattr(parameters[f"W{l}"], "shape", None) == (layers_dims[l + 1], layers_dims[l]) for l in range(L))


def expect_parameter_shapes(parameters, layers_dims):
    """Wl is (n_l, n_{l-1}) and bl is (n_l, 1) for every layer, and nothing else is returned."""
    L = len(layers_dims) - 1
    keys = [f"{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    assert isinstance(parameters, dict), f"parameters should be a dict, got {type(parameters).__name__}"
    missing = [k for k in keys if k not in parameters]
    if _numbered_from_0(parameters, layers_dims):
        raise AssertionError(f"the keys are shifted by one: W0 holds the weights of layer 1, and so on up to "
                             f"W{L - 1} for layer {L}. Layers are numbered from 1 (layer 0 is the input X, which has "
                             f"no weights): name the weights and bias of layer l W<l> and b<l>")
    if missing and all(k not in parameters for k in (f"W{L}", f"b{L}")) and "W1" in parameters and "W0" not in parameters:
        raise AssertionError(f"parameters is missing the key(s) {missing}: the last layer is missing. Does the "
                             f"loop stop one layer early? It must run over l = 1, ..., len(layers_dims) - 1")
    extra = [k for k in parameters if k not in keys]
    if "W0" in extra or "b0" in extra:
        raise AssertionError(f"parameters has unexpected key(s) {extra}: layers are numbered from 1 and there is no "
                             f"layer 0 with weights (layer 0 is the input X), so the loop starts at l = 1")
    expect_keys(parameters, keys, "parameters")
    for l in range(1, L + 1):
        n_here, n_before = layers_dims[l], layers_dims[l - 1]
        W = parameters[f"W{l}"]
        if n_here != n_before and getattr(W, "shape", None) == (n_here, n_here):
            raise AssertionError(f"W{l} has shape {W.shape}, expected {(n_here, n_before)}: both sizes are "
                                 f"layers_dims[l]; the second one is the size of the layer before, layers_dims[l - 1]")
        expect_shape(f"W{l}", W, (n_here, n_before))
        expect_shape(f"b{l}", parameters[f"b{l}"], (layers_dims[l], 1))


def all_passed(function_name):
    """The line a student sees when every public test of a function passes."""
    print(f"\N{CHECK MARK} {function_name}: all public tests passed.")


def matching_mistake(values, mistakes, rtol=1e-5, atol=1e-7):
    """": <message>" for the first (values it gives, message) of `mistakes` that gives all of `values`, else "".

    A test runs a function on several cases; each mistake lists what it returns in every one of them. It is
    named only when every value fits, so a diagnosis never names a mistake that merely shares one number.
    """
    def fits(value, expected):
        try:
            return np.ndim(value) == 0 and bool(np.isclose(float(value), expected, rtol=rtol, atol=atol))
        except (TypeError, ValueError):
            return False

    for expected, message in mistakes:
        if len(expected) == len(values) and all(fits(v, e) for v, e in zip(values, expected)):
            return ": " + message
    return ""
