"""Hidden-test helpers of Regularization: networks of other sizes, the right results on them, and the results of
known mistakes with the message that names each.

Every case list holds three seeded cases and one drawn afresh on every run, so hard-coded numbers cannot pass.
"""
import numpy as np

GRADIENT_KEYS = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
# the array each gradient has the shape of
SHAPE_OF = {"dZ3": "A3", "dA2": "A2", "dZ2": "Z2", "dA1": "A1", "dZ1": "Z1", "dW1": "W1", "dW2": "W2",
            "dW3": "W3", "db1": "b1", "db2": "b2", "db3": "b3"}
DROPOUT_CACHE_ORDER = "(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)"


def close(a, b):
    """Same shape and equal within the tolerance every hidden test of this assignment uses."""
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=1e-9)


def _fresh_dims(fresh):
    return (fresh.randint(2, 6), fresh.randint(2, 9), fresh.randint(2, 6), 1)


def _labels(r, m):
    """Random 0/1 labels with at least one of each."""
    Y = (r.rand(1, m) > 0.5).astype(int)
    Y[0, 0], Y[0, -1] = 1, 0
    return Y


def _relu_network(r, dims, X):
    """The forward cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) of a random network on X."""
    W = {l: r.randn(dims[l], dims[l - 1]) for l in (1, 2, 3)}
    b = {l: 0.5 * r.randn(dims[l], 1) for l in (1, 2, 3)}
    Z1 = W[1] @ X + b[1]
    A1 = np.maximum(0, Z1)
    Z2 = W[2] @ A1 + b[2]
    A2 = np.maximum(0, Z2)
    Z3 = W[3] @ A2 + b[3]
    A3 = 1 / (1 + np.exp(-Z3))
    return (Z1, A1, W[1], b[1], Z2, A2, W[2], b[2], Z3, A3, W[3], b[3])


# ---- compute_cost_with_regularization

def cost_cases():
    """[(random generator, layer sizes, m, lambd)]."""
    fresh = np.random.RandomState()
    return [(np.random.RandomState(71), (4, 5, 3, 1), 7, 0.3),
            (np.random.RandomState(72), (3, 6, 2, 1), 13, 1.7),
            (np.random.RandomState(73), (2, 20, 3, 1), 4, 0.0),
            (fresh, _fresh_dims(fresh), fresh.randint(3, 16), float(fresh.uniform(0.1, 3.0)))]


def cost_case(r, dims, m):
    """(A3, Y, parameters) of one case."""
    Y = _labels(r, m)
    A3 = r.uniform(0.05, 0.95, (1, m))
    P = {}
    for l in range(1, 4):
        P[f"W{l}"] = r.randn(dims[l], dims[l - 1])
        P[f"b{l}"] = r.randn(dims[l], 1)
    return A3, Y, P


def cost_reference(A3, Y, P, lambd):
    """The right cost and [(cost, message)] of known mistakes, with what to say about each mistake."""
    m = Y.shape[1]
    ce = float(-np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m)
    sq = [float(np.sum(P[f"W{l}"] ** 2)) for l in (1, 2, 3)]
    right = ce + lambd / (2 * m) * sum(sq)
    wrong = [
        (ce, "the L2 term is missing: add lambd / (2m) * (sum W1^2 + sum W2^2 + sum W3^2)"),
        (ce + lambd / m * sum(sq), "the L2 term should be divided by 2m, not by m"),
        (ce + lambd / 2 * sum(sq), "the L2 term is divided by 2, not by 2m: the m is missing (m is the "
                                   "number of examples, the columns of Y; len(Y) counts its rows, which is 1)"),
        (ce + sum(sq) / (2 * m), "the L2 term should be multiplied by lambd"),
        (ce + lambd * sum(sq), "the L2 term should be divided by 2m"),
        (ce - lambd / (2 * m) * sum(sq), "the L2 term should be added to the cost, not subtracted"),
        (lambd / (2 * m) * sum(sq), "the cross-entropy part is missing: the cost is compute_cost(A3, Y) "
                                    "plus the L2 term")]
    for l in (1, 2, 3):
        wrong.append((ce + lambd / (2 * m) * (sum(sq) - sq[l - 1]),
                      f"the L2 term leaves out W{l}: it sums the squares of the weights of all three layers"))
    sums = sum(float(np.sum(P[f"W{l}"])) for l in (1, 2, 3))
    wrong.append((ce + lambd / (2 * m) * sums, "square the weights before adding them up"))
    wrong.append((ce + lambd / (2 * m) * sum(float(np.sum(P[f"W{l}"])) ** 2 for l in (1, 2, 3)),
                  "each matrix's sum was squared: square every weight first, then add the squares up"))
    wrong.append((ce + lambd / (2 * m) * sum(float(np.mean(P[f"W{l}"] ** 2)) for l in (1, 2, 3)),
                  "the L2 term averages the squares of each matrix (a mean); it adds them up (a sum)"))
    norms = sum(float(np.linalg.norm(P[f"W{l}"])) for l in (1, 2, 3))
    wrong.append((ce + lambd / (2 * m) * norms, "the norms of the weight matrices were added up without "
                  "squaring them: ||W|| is the square root of the sum of squares"))
    bsq = sum(float(np.sum(P[f"b{l}"] ** 2)) for l in (1, 2, 3))
    wrong.append((right + lambd / (2 * m) * bsq, "the biases are not penalised: leave b1, b2, b3 out"))
    return right, wrong


# ---- backward_propagation_with_regularization

L2_FORMULA = {"dZ3": "A3 - Y", "dA2": "W3.T @ dZ3", "dZ2": "dA2 * (A2 > 0)", "dA1": "W2.T @ dZ2",
              "dZ1": "dA1 * (A1 > 0)"}


def l2_cases():
    """[(random generator, layer sizes, m, lambd)]."""
    fresh = np.random.RandomState()
    return [(np.random.RandomState(81), (4, 5, 3, 1), 6, 0.4),
            (np.random.RandomState(82), (3, 7, 4, 1), 11, 1.3),
            (np.random.RandomState(83), (2, 20, 3, 1), 9, 0.7),
            (fresh, _fresh_dims(fresh), fresh.randint(3, 16), float(fresh.uniform(0.1, 3.0)))]


def l2_case(r, dims, m):
    """(X, Y, cache) of one case, the cache as forward_propagation makes it."""
    X = r.randn(dims[0], m)
    Y = _labels(r, m)
    return X, Y, _relu_network(r, dims, X)


def l2_reference(X, Y, cache, lambd):
    """{key: the right gradient}."""
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    m = X.shape[1]
    g = {"dZ3": A3 - Y}
    g["dW3"] = g["dZ3"] @ A2.T / m + lambd / m * W3
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    g["dA2"] = W3.T @ g["dZ3"]
    g["dZ2"] = g["dA2"] * (A2 > 0)
    g["dW2"] = g["dZ2"] @ A1.T / m + lambd / m * W2
    g["db2"] = g["dZ2"].sum(axis=1, keepdims=True) / m
    g["dA1"] = W2.T @ g["dZ2"]
    g["dZ1"] = g["dA1"] * (A1 > 0)
    g["dW1"] = g["dZ1"] @ X.T / m + lambd / m * W1
    g["db1"] = g["dZ1"].sum(axis=1, keepdims=True) / m
    return g


def l2_weight_mistakes(key, expected, cache, lambd, m):
    """[(dW<l>, message)] after known mistakes in its L2 term; expected: the right dW<l>."""
    l = int(key[-1])
    W = cache[{1: 2, 2: 6, 3: 10}[l]]
    return [
        (expected - lambd / m * W, f"{key} is off by exactly lambd/m * W{l}: the L2 term is missing"),
        (expected - lambd / (2 * m) * W, f"{key} has lambd/(2m) * W{l} as its L2 term, but the derivative of "
                                         f"lambd/(2m) * W^2 is lambd/m * W{l}"),
        (expected - lambd / m * W + lambd * W, f"the L2 term of {key} should be lambd/m * W{l}: the division by m "
                                               f"is missing"),
        (expected - 2 * lambd / m * W, f"the L2 term of {key} should be added (+ lambd/m * W{l}), not subtracted"),
        (expected - lambd / m * W + lambd / m * W ** 2, f"its L2 term is lambd/m * W{l}**2: the derivative of "
                                                        f"lambd/(2m) * W^2 is lambd/m * W, not squared")]


def l2_bias_mistakes(key, expected, cache, lambd, m):
    """[(db<l>, message)] after known mistakes; expected: the right db<l>."""
    l = int(key[-1])
    b = cache[{1: 3, 2: 7, 3: 11}[l]]
    return [(expected + lambd / m * b, f"{key} carries an L2 term, but only the weights are penalised: the bias "
                                       f"gradients are the same as without regularization")]


# ---- forward_propagation_with_dropout

def forward_dropout_cases():
    """[(random generator, layer sizes, m, keep_prob or None for the default 0.5)]."""
    fresh = np.random.RandomState()
    return [(np.random.RandomState(91), (4, 5, 3, 1), 6, 0.7),
            (np.random.RandomState(92), (3, 8, 4, 1), 10, None),
            (np.random.RandomState(93), (2, 20, 3, 1), 12, 0.86),
            (fresh, _fresh_dims(fresh), fresh.randint(3, 16), float(fresh.uniform(0.3, 0.95)))]


def dropout_parameters(r, dims):
    P = {}
    for l in (1, 2, 3):
        P[f"W{l}"] = r.randn(dims[l], dims[l - 1])
        P[f"b{l}"] = 0.5 * r.randn(dims[l], 1)
    return P


def forward_dropout_reference(X, P, keep_prob):
    """{name: array} of the right forward pass, with relu<l> (before dropout) and draw<l> (the uniform draws).

    Seeds numpy's global generator, as the function under test does: the caller sets it afterwards."""
    np.random.seed(1)
    ref = {"Z1": P["W1"] @ X + P["b1"]}
    ref["relu1"] = np.maximum(0, ref["Z1"])
    ref["draw1"] = np.random.rand(*ref["relu1"].shape)
    ref["D1"] = ref["draw1"] < keep_prob
    ref["A1"] = ref["relu1"] * ref["D1"] / keep_prob
    ref["Z2"] = P["W2"] @ ref["A1"] + P["b2"]
    ref["relu2"] = np.maximum(0, ref["Z2"])
    ref["draw2"] = np.random.rand(*ref["relu2"].shape)
    ref["D2"] = ref["draw2"] < keep_prob
    ref["A2"] = ref["relu2"] * ref["D2"] / keep_prob
    ref["Z3"] = P["W3"] @ ref["A2"] + P["b3"]
    ref["A3"] = 1 / (1 + np.exp(-ref["Z3"]))
    return ref


def activation_mistakes(name, ref, l, keep_prob):
    """[(A<l> after dropout, message)] after known mistakes."""
    relu, D = ref[f"relu{l}"], ref[f"D{l}"]
    return [(relu * D, "the kept activations were masked but not divided by keep_prob"),
            (relu, f"{name} was not multiplied by the mask D{l}: dropout was not applied"),
            (relu / keep_prob, f"{name} was divided by keep_prob but not multiplied by the mask D{l}"),
            (relu * D * keep_prob, f"{name} should be divided by keep_prob, not multiplied")]


# ---- backward_propagation_with_dropout

DROPOUT_FORMULA = {"dZ3": "A3 - Y", "dZ2": "dA2 * (A2 > 0)", "dZ1": "dA1 * (A1 > 0)",
                   "dW3": "1/m * dZ3 @ A2.T", "dW2": "1/m * dZ2 @ A1.T", "dW1": "1/m * dZ1 @ X.T",
                   "db3": "1/m * np.sum(dZ3, axis=1, keepdims=True)", "db2": "1/m * np.sum(dZ2, axis=1, keepdims=True)",
                   "db1": "1/m * np.sum(dZ1, axis=1, keepdims=True)"}
UPSTREAM = {2: "W3.T @ dZ3", 1: "W2.T @ dZ2"}  # dA<l> before its mask and scaling


def backward_dropout_cases():
    """[(random generator, layer sizes, m, keep_prob, mask type)]: boolean and 0/1 integer masks are both right
    answers of the forward pass, so the backward pass must take both."""
    fresh = np.random.RandomState()
    return [(np.random.RandomState(101), (4, 5, 3, 1), 6, 0.7, bool),
            (np.random.RandomState(102), (3, 8, 4, 1), 10, 0.5, int),
            (np.random.RandomState(103), (2, 20, 3, 1), 12, 0.86, bool),
            (fresh, _fresh_dims(fresh), fresh.randint(3, 16), float(fresh.uniform(0.3, 0.95)), int)]


def backward_dropout_case(r, dims, m, keep_prob, mask_type):
    """(X, Y, cache), the cache as forward_propagation_with_dropout makes it, with masks of the given type."""
    X = r.randn(dims[0], m)
    Y = _labels(r, m)
    W = {l: r.randn(dims[l], dims[l - 1]) for l in (1, 2, 3)}
    b = {l: 0.5 * r.randn(dims[l], 1) for l in (1, 2, 3)}
    Z1 = W[1] @ X + b[1]
    D1 = r.rand(*Z1.shape) < keep_prob
    D1[0, 0], D1[-1, -1] = True, False  # at least one kept and one dropped unit
    A1 = np.maximum(0, Z1) * D1 / keep_prob
    Z2 = W[2] @ A1 + b[2]
    D2 = r.rand(*Z2.shape) < keep_prob
    D2[0, 0], D2[-1, -1] = True, False
    A2 = np.maximum(0, Z2) * D2 / keep_prob
    Z3 = W[3] @ A2 + b[3]
    A3 = 1 / (1 + np.exp(-Z3))
    D1, D2 = D1.astype(mask_type), D2.astype(mask_type)
    return X, Y, (Z1, D1, A1, W[1], b[1], Z2, D2, A2, W[2], b[2], Z3, A3, W[3], b[3])


def backward_dropout_reference(X, Y, cache, keep_prob):
    """{key: the right gradient}, with raw<l>: dA<l> before its mask and scaling."""
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    m = X.shape[1]
    g = {"dZ3": A3 - Y}
    g["dW3"] = g["dZ3"] @ A2.T / m
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    g["raw2"] = W3.T @ g["dZ3"]
    g["dA2"] = g["raw2"] * D2 / keep_prob
    g["dZ2"] = g["dA2"] * (A2 > 0)
    g["dW2"] = g["dZ2"] @ A1.T / m
    g["db2"] = g["dZ2"].sum(axis=1, keepdims=True) / m
    g["raw1"] = W2.T @ g["dZ2"]
    g["dA1"] = g["raw1"] * D1 / keep_prob
    g["dZ1"] = g["dA1"] * (A1 > 0)
    g["dW1"] = g["dZ1"] @ X.T / m
    g["db1"] = g["dZ1"].sum(axis=1, keepdims=True) / m
    return g


def mask_of(cache, l):
    """D<l> of a dropout cache."""
    return cache[1 if l == 1 else 6]


def dropout_gradient_mistakes(key, reference, cache, keep_prob):
    """[(dA<l>, message)] after known mistakes in the dropout of the backward pass."""
    l = int(key[-1])
    raw, D, upstream = reference[f"raw{l}"], mask_of(cache, l), UPSTREAM[l]
    mistakes = []
    if D.dtype != bool:
        mistakes.append((np.where(~D, 0.0, raw / keep_prob),
                         f"{key} is wrong when the masks hold 0/1 integers (a right answer of the forward pass): "
                         f"~D{l} is not 'not D{l}' for integers (~1 is -2 and ~0 is -1, both count as true). "
                         f"Multiply by the mask instead, ({upstream}) * D{l} / keep_prob, which works for booleans "
                         f"and integers"))
    return mistakes + [
        (raw * D, f"{key} was masked with D{l} but not divided by keep_prob: the kept activations were scaled "
                  f"by 1/keep_prob in the forward pass, so their gradients must be too"),
        (raw, f"{key} was not masked: store {key} = ({upstream}) * D{l} / keep_prob in the gradients, "
              f"after masking and scaling"),
        (raw / keep_prob, f"{key} was divided by keep_prob but not masked with D{l}"),
        (raw * D * keep_prob, f"{key} should be divided by keep_prob, not multiplied")]
