"""Hidden-test helpers of Gradient Checking: known forward and backward passes to swap in, the right relative
differences, and the differences known mistakes give, each under the words that name the mistake.

The forward passes handed to the student's gradient checks take their arguments by position only, as the
hidden tests' own functions always did. The vector helpers handed to gradient_check_n are the course's own
(utils/vectorize.py, which the notebook imports): they run in the student's process (see
instructor/grading/course_helpers.py), with the signatures the student reads there.
"""
import contextlib

import numpy as np

from ..grading.course_helpers import CourseHelper

DEFAULT_EPSILON = 1e-7
MISTAKE_TOLERANCE = (1e-5, 1e-9)  # relative, absolute: how near a mistake's value a result must be to name it


@contextlib.contextmanager
def swapped(function, **names):
    """Rebinds global names `function` looks up (forward_propagation, ...), and always restores them.

    function: the graded function as the test cell has it (in the grader, its stand-in)."""
    space = function.__globals__
    absent = object()
    saved = {k: space.get(k, absent) for k in names}
    space.update(names)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is absent:
                space.pop(k, None)
            else:
                space[k] = v


def explain(values, candidates):
    """" It looks like <mistake>." for the mistake whose value matches the student's in every run, else "".

    values: the student's result of each run; candidates: the dict of each run (candidates_1d, candidates_n)."""
    relative, absolute = MISTAKE_TOLERANCE
    for why in candidates[0]:
        if why != "ok" and all(abs(got - cand[why]) <= relative * abs(cand[why]) + absolute
                               for got, cand in zip(values, candidates)):
            return " It looks like " + why + "."
    return ""


# ---- gradient_check (one dimension)

def linear(x, theta):
    return theta * x


def linear_derivative(x, theta):
    return x


def cubic(x, theta):
    return x * theta ** 3


def cubic_derivative(x, theta):
    return 3 * x * theta ** 2


def cases_1d():
    """[(forward, backward, x, theta, epsilon or None for the default, what a right answer returns)]."""
    return [
        (linear, linear_derivative, -3.5, 1.25, None, "correct"),
        (linear, linear_derivative, 0.75, -2.0, None, "correct"),
        (linear, linear_derivative, 5.0, 0.3, None, "correct"),
        (linear, lambda x, theta: 2 * x, -3.5, 1.25, None, "wrong"),
        (linear, lambda x, theta: x + 0.5, 0.75, -2.0, None, "wrong"),
        (linear, lambda x, theta: -x, -1.2, 0.6, None, "wrong"),
        (cubic, cubic_derivative, 1.5, 1.3, 1e-3, "curved"), (cubic, cubic_derivative, -0.7, -2.2, 1e-2, "curved")]


def candidates_1d(fwd, bwd, x, theta, eps):
    """{"ok": the right difference, <mistake>: the difference it gives} (used to explain a failure, never shown)."""
    Jp, Jm, J0 = fwd(x, theta + eps), fwd(x, theta - eps), fwd(x, theta)
    g = bwd(x, theta)
    a = (Jp - Jm) / (2 * eps)
    rel = lambda g, a: abs(g - a) / (abs(g) + abs(a))
    return {
        "ok": rel(g, a),
        "a one-sided difference, from the cost at theta + epsilon and at theta itself: use the centred difference "
        "of the two shifted costs": rel(g, (Jp - J0) / eps),
        "dividing by epsilon instead of 2 * epsilon: theta_plus and theta_minus are 2 * epsilon apart":
            rel(g, (Jp - Jm) / eps),
        "J_minus computed at theta itself instead of theta - epsilon": rel(g, (Jp - J0) / (2 * eps)),
        "a denominator without norms: add the norms of grad and gradapprox, which stay positive when the "
        "gradient is negative": abs(g - a) / (g + a),
        "no denominator: divide by the sum of the norms of grad and gradapprox": abs(g - a),
        "a denominator with only one of the two norms: add the norms of grad and of gradapprox":
            abs(g - a) / abs(g),
        "a difference of norms in the numerator: use the norm of the difference, np.linalg.norm(grad - gradapprox)":
            (abs(g) - abs(a)) / (abs(g) + abs(a)),
        "the backward pass asked at theta_plus: grad is the derivative at theta itself":
            rel(bwd(x, theta + eps), a),
        "`/ 2 * epsilon`, which multiplies by epsilon: the whole of 2 * epsilon is the divisor":
            rel(g, (Jp - Jm) / 2 * eps),
        "gradapprox with the opposite sign: the cost change is J_plus minus J_minus": rel(g, (Jm - Jp) / (2 * eps)),
        "grad is theta itself, not the derivative: grad must come from the backward pass": rel(theta, a),
        "backward_propagation gets its arguments in the wrong order: x comes first, then theta":
            rel(bwd(theta, x), a),
        "epsilon fixed at its default value: use the epsilon argument":
            rel(g, (fwd(x, theta + 1e-7) - fwd(x, theta - 1e-7)) / 2e-7),
    }


# ---- gradient_check_n (a network of layer sizes DIMS)

DIMS = (4, 5, 3, 1)
ORDER = [f"{p}{l}" for l in (1, 2, 3) for p in ("W", "b")]
PARAMETER_COUNT = 47  # entries of W1, b1, ..., W3, b3 for DIMS


def to_vector(params, /):
    """dictionary_to_vector: (theta, the key of each entry)."""
    theta = np.concatenate([np.reshape(params[k], (-1, 1)) for k in ORDER], axis=0)
    return theta, sum(([k] * np.size(params[k]) for k in ORDER), [])


def to_dictionary(theta, /):
    """vector_to_dictionary for DIMS."""
    flat, out, at = np.asarray(theta, dtype=float).reshape(-1), {}, 0
    for l in (1, 2, 3):
        for k, shape in ((f"W{l}", (DIMS[l], DIMS[l - 1])), (f"b{l}", (DIMS[l], 1))):
            n = shape[0] * shape[1]
            out[k] = flat[at:at + n].reshape(shape).copy()
            at += n
    return out


def gradients_to_vector(grads, /):
    return np.concatenate([np.reshape(grads["d" + k], (-1, 1)) for k in ORDER], axis=0)


# What gradient_check_n gets as its vector helpers: the notebook's own, whatever the student's namespace holds.
VECTOR_HELPERS = {name: CourseHelper("utils.vectorize", name)
                  for name in ("vector_to_dictionary", "dictionary_to_vector", "gradients_to_vector")}


def forward(X, Y, p, /):
    """forward_propagation_n: (cost, (A1, A2, A3))."""
    A1 = np.maximum(0, p["W1"] @ X + p["b1"])
    A2 = np.maximum(0, p["W2"] @ A1 + p["b2"])
    A3 = 1 / (1 + np.exp(-(p["W3"] @ A2 + p["b3"])))
    cost = float(-np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / X.shape[1])
    return cost, (A1, A2, A3)


def backward(X, Y, p):
    """The right gradients {dW1: ..., db3: ...}."""
    _, (A1, A2, A3) = forward(X, Y, p)
    m = X.shape[1]
    dZ3 = A3 - Y
    dZ2 = (p["W3"].T @ dZ3) * (A2 > 0)
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    return {"dW3": dZ3 @ A2.T / m, "db3": dZ3.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
            "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}


def fixture(seed, m):
    """(X, Y, parameters): a batch of m examples and He-scaled parameters, drawn from `seed`."""
    rng = np.random.RandomState(seed)
    X = rng.randn(4, m)
    Y = (rng.rand(1, m) < 0.4).astype(float)
    params = {}
    for l in (1, 2, 3):
        params[f"W{l}"] = rng.randn(DIMS[l], DIMS[l - 1]) * np.sqrt(2.0 / DIMS[l - 1])
        params[f"b{l}"] = rng.randn(DIMS[l], 1) * 0.5
    return X, Y, params


def cases_n(good):
    """[(gradients, epsilon or None for the default)]: a correct backward pass (default and larger epsilon)
    and two wrong ones."""
    bad1 = dict(good, dW3=-good["dW3"])
    bad2 = dict(good, db2=good["db2"] + 0.1, dW1=1.5 * good["dW1"])
    return [(good, None), (bad1, None), (bad2, 1e-5), (good, 1e-3)]


def unchanged(given, kept):
    """True when the student's copy of an argument still equals the pristine one (dicts of arrays, or arrays)."""
    if isinstance(kept, dict):
        return isinstance(given, dict) and set(given) == set(kept) and all(
            np.array_equal(given[k], kept[k]) for k in kept)
    return np.array_equal(given, kept)


def candidates_n(params, grads, X, Y, eps):
    """{"ok": the right difference, <mistake>: the difference it gives} (used to explain a failure, never shown)."""
    theta, _ = to_vector(params)
    g = gradients_to_vector(grads)
    J = lambda t: forward(X, Y, to_dictionary(t))[0]
    J0 = J(theta)
    n = theta.shape[0]
    centred, one, half, drift = (np.zeros((n, 1)) for _ in range(4))
    work = theta.copy()
    for i in range(n):
        p, m = theta.copy(), theta.copy()
        p[i] += eps
        m[i] -= eps
        Jp, Jm = J(p), J(m)
        centred[i] = (Jp - Jm) / (2 * eps)
        one[i] = (Jp - J0) / eps
        half[i] = (Jp - J0) / (2 * eps)  # the minus side evaluated at theta itself
        work[i] += eps  # nudged in place and never put back
        drift[i] = (J(work) - J(work - eps * (np.arange(n) == i).reshape(-1, 1))) / (2 * eps)
    norm = np.linalg.norm
    rel = lambda a: norm(g - a) / (norm(g) + norm(a))
    return {
        "ok": rel(centred),
        "a one-sided difference, against the cost at the unshifted parameters: use the centred difference of "
        "the two shifted costs": rel(one),
        "dividing by epsilon instead of 2 * epsilon: theta_plus and theta_minus are 2 * epsilon apart":
            rel(2 * centred),
        "J_minus[i] is the cost at the unshifted parameters (theta_plus and theta_minus are parameters_values "
        "itself, not copies, or J_minus[i] is computed from parameters_values)": rel(half),
        "the shifts pile up from one entry to the next: start each shifted vector from a copy of "
        "parameters_values": rel(drift),
        "a denominator of np.linalg.norm(grad + gradapprox), the norm of the sum: use the sum of the two norms":
            norm(g - centred) / norm(g + centred),
        "no denominator: divide by the sum of the norms of grad and gradapprox": norm(g - centred),
        "a denominator with only the norm of grad: add the norm of gradapprox": norm(g - centred) / norm(g),
        "a denominator with only the norm of gradapprox: add the norm of grad": norm(g - centred) / norm(centred),
        "`/ 2 * epsilon`, which multiplies by epsilon: the whole of 2 * epsilon is the divisor":
            rel(centred * eps ** 2),
        "gradapprox with the opposite sign: the cost change is J_plus[i] minus J_minus[i]": rel(-centred),
        "a difference of norms in the numerator: use the norm of the difference, np.linalg.norm(grad - gradapprox)":
            (norm(g) - norm(centred)) / (norm(g) + norm(centred)),
        "epsilon added to all the entries at once: shift one entry at a time":
            rel(np.full((n, 1), (J(theta + eps) - J(theta - eps)) / (2 * eps))),
        "epsilon fixed at its default value: use the epsilon argument": rel(np.array(
            [[(J(theta + 1e-7 * e) - J(theta - 1e-7 * e)) / 2e-7] for e in np.eye(n)[:, :, None]]
        ).reshape(-1, 1)),
    }
