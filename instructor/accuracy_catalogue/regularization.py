"""Regularization: student answers to the L2 cost and backward pass and the dropout passes, wrong and right."""
from . import correct, mistake

COST = "compute_cost_with_regularization"
BL2 = "backward_propagation_with_regularization"
FD = "forward_propagation_with_dropout"
BD = "backward_propagation_with_dropout"


def cost_cell(l2_lines, end="    cost = cross_entropy_cost + L2_regularization_cost\n    return cost\n"):
    """A compute_cost_with_regularization answer cell: the given skeleton with the student's L2 line(s)."""
    return ("def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
            "    m = Y.shape[1]\n"
            "    W1 = parameters[\"W1\"]\n"
            "    W2 = parameters[\"W2\"]\n"
            "    W3 = parameters[\"W3\"]\n"
            "    cross_entropy_cost = compute_cost(A3, Y)  # the cost without regularization\n"
            + "".join("    " + line + "\n" for line in l2_lines.strip("\n").splitlines()) + end)


def variant(name, old, new):
    """A catalogue entry's cell with one edit: the way a student's answer differs from a classmate's."""
    code = next(e.code for e in ENTRIES if e.name == name)
    assert code.count(old) == 1, (name, old)
    return code.replace(old, new)


ENTRIES = [
    # ---- compute_cost_with_regularization: mistakes -----------------------------------------------------------
    # cost_len_Y (below) returns the same on every input: both expect the one message that names both causes
    mistake(COST, "cost_no_m", "divides the L2 term by 2 instead of 2m", ["the m is missing", "len(Y)"], cost_cell(
        "L2_regularization_cost = lambd / 2 * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))")),
    mistake(COST, "cost_over_m", "divides the L2 term by m instead of 2m", "not by m", cost_cell(
        "L2_regularization_cost = lambd / m * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))")),
    mistake(COST, "cost_precedence", "writes lambd / 2 * m, which multiplies by m instead of dividing by 2m",
            "lambd / 2 * m", cost_cell(
        "L2_regularization_cost = lambd / 2 * m * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))")),
    mistake(COST, "cost_forgets_W3", "sums the squares of W1 and W2 only", "leaves out W3", cost_cell(
        "L2_regularization_cost = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)))")),
    mistake(COST, "cost_not_squared", "sums the weights instead of their squares", "square the weights", cost_cell(
        "L2_regularization_cost = lambd / (2 * m) * (np.sum(W1) + np.sum(W2) + np.sum(W3))")),
    mistake(COST, "cost_norm_not_squared", "adds the norms of the weight matrices instead of their squares",
            ["norms", "without squaring"], cost_cell("""
L2_regularization_cost = lambd / (2 * m) * (np.linalg.norm(W1) + np.linalg.norm(W2) + np.linalg.norm(W3))
""")),
    mistake(COST, "cost_with_biases", "penalises the biases as well", "biases are not penalised", cost_cell("""
b1, b2, b3 = parameters["b1"], parameters["b2"], parameters["b3"]
squares = sum(np.sum(np.square(p)) for p in (W1, W2, W3, b1, b2, b3))
L2_regularization_cost = lambd / (2 * m) * squares
""")),

    # ---- compute_cost_with_regularization: correct alternatives ---------------------------------------------
    correct(COST, "cost_loop_over_layers", "a loop over the three layers, ** 2, an accumulator", cost_cell("""
squares = 0.0
for l in range(1, 4):
    squares += np.sum(parameters["W" + str(l)] ** 2)
L2_regularization_cost = squares * lambd / (2 * m)
""")),
    # ||W||_F ** 2 is the sum of the squared entries (equal up to rounding).
    correct(COST, "cost_frobenius_norm_squared", "squared Frobenius norms, a float() and a debug print", cost_cell("""
norms = [np.linalg.norm(W) ** 2 for W in (W1, W2, W3)]
print("squared norms:", norms)
L2_regularization_cost = float(lambd * sum(norms) / (2 * m))
""")),
    correct(COST, "cost_einsum_and_dot", "np.einsum and a flattened dot product, returned directly", cost_cell("""
L2 = np.einsum("ij,ij->", W1, W1) + np.dot(W2.ravel(), W2.ravel()) + (W3 * W3).sum()
L2_regularization_cost = 0.5 * lambd * L2 / m
""")),

    # ---- backward_propagation_with_regularization: mistakes ---------------------------------------------------
    mistake(BL2, "l2_no_term", "the plain backward pass: no L2 term in any dW", "no weight gradient has its L2 term",
            '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_only_on_dW3", "adds the L2 term to dW3 and forgets it in dW2 and dW1",
            ["dW2", "the L2 term is missing"], '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_half_term", "copies lambd / (2m) from the cost into the gradient", "lambd/(2m) * W3", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / (2 * m) * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / (2 * m) * W2
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / (2 * m) * W1
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_no_m", "adds lambd * W without the division by m", "division by m is missing", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd * W2
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd * W1
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_on_biases", "adds an L2 term to the bias gradients too", "only the weights are penalised", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True) + lambd / m * b3
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True) + lambd / m * b2
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True) + lambd / m * b1
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_dZ3_over_m", "puts the 1/m into dZ3 (and so into every gradient below it)", "without 1/m", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = (A3 - Y) / m
            dW3 = np.dot(dZ3, A2.T) + lambd / m * W3
            db3 = np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 > 0)
            dW2 = np.dot(dZ2, A1.T) + lambd / m * W2
            db2 = np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = np.dot(dZ1, X.T) + lambd / m * W1
            db1 = np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_relu_gate_ge", "gates the ReLU with (A2 >= 0), which is always true after a ReLU",
            ["(A2 > 0)", "always"], '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * (A2 >= 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 >= 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BL2, "l2_relu_in_place", "zeroes dZ2 in place, which also zeroes the stored dA2",
            "computing dZ2 in place", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2
            dZ2[A2 <= 0] = 0
            dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1
            dZ1[A1 <= 0] = 0
            dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),

    # ---- backward_propagation_with_regularization: correct alternatives -------------------------------------
    # (Z2 > 0) and (A2 > 0) are the same gate: A2 = relu(Z2) is positive exactly where Z2 is.
    correct(BL2, "l2_matmul_and_z_gate", "@ instead of np.dot, the gate from Z, the L2 term inside the bracket", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = (dZ3 @ A2.T + lambd * W3) / m
            db3 = dZ3.sum(axis=1, keepdims=True) / m
            dA2 = W3.T @ dZ3
            dZ2 = dA2 * (Z2 > 0)
            dW2 = (dZ2 @ A1.T + lambd * W2) / m
            db2 = dZ2.sum(axis=1, keepdims=True) / m
            dA1 = W2.T @ dZ2
            dZ1 = dA1 * (Z1 > 0)
            dW1 = (dZ1 @ X.T + lambd * W1) / m
            db1 = dZ1.sum(axis=1, keepdims=True) / m
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    correct(BL2, "l2_in_place_on_copies", "in-place += for the L2 terms, np.where for the gate, a copy before masking", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = np.dot(dZ3, A2.T) / m
            dW3 += lambd / m * W3
            db3 = np.sum(dZ3, axis=1, keepdims=True) / m
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = np.where(A2 > 0, dA2, 0.0)
            dW2 = np.dot(dZ2, A1.T) / m
            dW2 += lambd / m * W2
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1.copy()
            dZ1[A1 <= 0] = 0
            dW1 = np.dot(dZ1, X.T) / m
            dW1 += lambd / m * W1
            db1 = np.sum(dZ1, axis=1, keepdims=True) / m
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    correct(BL2, "l2_loop_over_layers", "a loop over the layers with the activations in a dict, debug print left in", '''
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
            A = {0: X, 1: A1, 2: A2}
            W = {1: W1, 2: W2, 3: W3}
            gradients = {"dZ3": A3 - Y}
            for l in (3, 2, 1):
                dZ = gradients["dZ" + str(l)]
                gradients["dW" + str(l)] = np.dot(dZ, A[l - 1].T) / m + (lambd / m) * W[l]
                gradients["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    gradients["dA" + str(l - 1)] = np.dot(W[l].T, dZ)
                    gradients["dZ" + str(l - 1)] = gradients["dA" + str(l - 1)] * (A[l - 1] > 0)
            print("computed", sorted(gradients))
            return gradients
        '''),

    # ---- forward_propagation_with_dropout: mistakes ---------------------------------------------------------
    mistake(FD, "fd_not_scaled", "masks the activations but never divides them by keep_prob",
            "not divided by keep_prob", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1])
            D1 = D1 < keep_prob
            A1 = A1 * D1
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1])
            D2 = D2 < keep_prob
            A2 = A2 * D2
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_times_keep_prob", "multiplies the kept activations by keep_prob instead of dividing",
            "divided by keep_prob, not multiplied", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1])
            D1 = D1 < keep_prob
            A1 = A1 * D1 * keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1])
            D2 = D2 < keep_prob
            A2 = A2 * D2 * keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_mask_not_applied", "draws the masks but only rescales: no unit is switched off",
            "not multiplied by the mask", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1])
            D1 = D1 < keep_prob
            A1 = A1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1])
            D2 = D2 < keep_prob
            A2 = A2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_threshold_reversed", "keeps a unit when its draw is above keep_prob", "keeps the wrong units", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1])
            D1 = D1 > keep_prob
            A1 = A1 * D1
            A1 = A1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1])
            D2 = D2 > keep_prob
            A2 = A2 * D2
            A2 = A2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_seed_before_each_mask", "seeds again before the second mask, so D2 repeats D1's draws",
            ["seed", "once"], '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1])
            D1 = D1 < keep_prob
            A1 = A1 * D1
            A1 = A1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            np.random.seed(1)
            D2 = np.random.rand(A2.shape[0], A2.shape[1])
            D2 = D2 < keep_prob
            A2 = A2 * D2
            A2 = A2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_output_dropped", "applies dropout to the output layer as well", "output layer", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
            A1 = A1 * D1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
            A2 = A2 * D2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            D3 = np.random.rand(A3.shape[0], A3.shape[1]) < keep_prob
            A3 = A3 * D3 / keep_prob
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_input_dropped", "also drops input features, drawing a mask for X first", "no dropout on X", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            D0 = np.random.rand(X.shape[0], X.shape[1]) < keep_prob
            X = X * D0 / keep_prob
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
            A1 = A1 * D1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
            A2 = A2 * D2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    mistake(FD, "fd_normal_draws", "draws the masks with np.random.randn (normal) instead of np.random.rand",
            "normal distribution", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = relu(Z1)
            D1 = np.random.randn(A1.shape[0], A1.shape[1])
            D1 = D1 < keep_prob
            A1 = A1 * D1
            A1 = A1 / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = relu(Z2)
            D2 = np.random.randn(A2.shape[0], A2.shape[1])
            D2 = D2 < keep_prob
            A2 = A2 * D2
            A2 = A2 / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),

    # ---- forward_propagation_with_dropout: correct alternatives ---------------------------------------------
    # Drawing D1 from Z1's shape before the ReLU uses the same draws in the same order: nothing observable changes.
    correct(FD, "fd_integer_masks_drawn_early", "0/1 integer masks drawn from Z's shape before the ReLU, in place", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = W1 @ X + b1
            D1 = (np.random.rand(*Z1.shape) < keep_prob).astype(int)
            A1 = relu(Z1)
            A1 *= D1
            A1 /= keep_prob
            Z2 = W2 @ A1 + b2
            D2 = (np.random.rand(*Z2.shape) < keep_prob).astype(int)
            A2 = relu(Z2)
            A2 *= D2
            A2 /= keep_prob
            Z3 = W3 @ A2 + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    correct(FD, "fd_np_where_float_masks", "np.where for the mask, float masks, np.maximum for the ReLU", '''
        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1 = np.maximum(0, Z1)
            D1 = np.where(np.random.random_sample(A1.shape) < keep_prob, 1.0, 0.0)
            A1 = np.multiply(A1, D1) / keep_prob
            Z2 = np.dot(W2, A1) + b2
            A2 = np.maximum(0, Z2)
            D2 = np.where(np.random.random_sample(A2.shape) < keep_prob, 1.0, 0.0)
            A2 = np.multiply(A2, D2) / keep_prob
            Z3 = np.dot(W3, A2) + b3
            A3 = 1 / (1 + np.exp(-Z3))
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),
    correct(FD, "fd_helper_function", "a helper for one dropout layer, a debug print left in", '''
        def dropout_layer(A, keep_prob):
            D = np.random.rand(A.shape[0], A.shape[1]) < keep_prob
            print("kept", D.mean(), "of the units")
            return A * D / keep_prob, D


        def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
            np.random.seed(1)  # keep this line: it makes your masks match the tests
            W1 = parameters["W1"]
            b1 = parameters["b1"]
            W2 = parameters["W2"]
            b2 = parameters["b2"]
            W3 = parameters["W3"]
            b3 = parameters["b3"]
            Z1 = np.dot(W1, X) + b1
            A1, D1 = dropout_layer(relu(Z1), keep_prob)
            Z2 = np.dot(W2, A1) + b2
            A2, D2 = dropout_layer(relu(Z2), keep_prob)
            Z3 = np.dot(W3, A2) + b3
            A3 = sigmoid(Z3)
            cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
            return A3, cache
        '''),

    # ---- backward_propagation_with_dropout: mistakes --------------------------------------------------------
    mistake(BD, "bd_not_rescaled", "masks dA2 and dA1 but does not divide them by keep_prob",
            "not divided by keep_prob", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dA2 = dA2 * D2
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dA1 = dA1 * D1
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    # Right for boolean masks only: for a 0/1 integer mask, ~1 is -2 (true) and ~0 is -1 (true), so nothing is zeroed.
    mistake(BD, "bd_where_not_mask", "zeroes the dropped units with np.where(~D, 0, dA), which needs boolean masks",
            ("integers", "~D2"), '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.where(~D2, 0, np.dot(W3.T, dZ3)) / keep_prob
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.where(~D1, 0, np.dot(W2.T, dZ2)) / keep_prob
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                    "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
        '''),
    mistake(BD, "bd_not_masked", "rescales dA2 and dA1 but does not apply the masks",
            "divided by keep_prob but not masked", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dA2 = dA2 / keep_prob
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dA1 = dA1 / keep_prob
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BD, "bd_times_keep_prob", "multiplies the masked gradients by keep_prob instead of dividing",
            "not multiplied", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3) * D2 * keep_prob
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2) * D1 * keep_prob
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BD, "bd_drop_probability", "divides by 1 - keep_prob, the drop probability, instead of keep_prob",
            "1 - keep_prob", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dA2 = dA2 * D2
            dA2 = dA2 / (1 - keep_prob)
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dA1 = dA1 * D1
            dA1 = dA1 / (1 - keep_prob)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BD, "bd_first_layer_forgotten", "applies dropout to dA2 only and forgets the first layer's mask",
            ["dA1", "neither masked nor scaled"], '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dA2 = dA2 * D2
            dA2 = dA2 / keep_prob
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BD, "bd_mask_only_inside_dZ", "masks inside the dZ lines, so the stored dA2 and dA1 are unmasked",
            ["dA2", "into dZ2 only"], '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dZ2 = dA2 * D2 / keep_prob * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dZ1 = dA1 * D1 / keep_prob * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    mistake(BD, "bd_dW1_without_1_over_m", "forgets the 1/m in dW1", ["dW1", "1/m"], '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.dot(W3.T, dZ3)
            dA2 = dA2 * D2
            dA2 = dA2 / keep_prob
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.dot(W2.T, dZ2)
            dA1 = dA1 * D1
            dA1 = dA1 / keep_prob
            dZ1 = dA1 * (A1 > 0)
            dW1 = np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),

    # ---- backward_propagation_with_dropout: correct alternatives --------------------------------------------
    # Gating with (Z2 > 0) instead of (A2 > 0) changes nothing here: where D2 dropped a unit, dA2 is already 0.
    correct(BD, "bd_in_place_and_z_gate", "in-place *= and /=, the ReLU gate from Z, @ for products", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = dZ3 @ A2.T / m
            db3 = np.sum(dZ3, axis=1, keepdims=True) / m
            dA2 = W3.T @ dZ3
            dA2 *= D2
            dA2 /= keep_prob
            dZ2 = dA2 * (Z2 > 0)
            dW2 = dZ2 @ A1.T / m
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dA1 = W2.T @ dZ2
            dA1 *= D1
            dA1 /= keep_prob
            dZ1 = dA1 * (Z1 > 0)
            dW1 = dZ1 @ X.T / m
            db1 = np.sum(dZ1, axis=1, keepdims=True) / m
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    correct(BD, "bd_np_where_one_line", "np.where on the boolean mask, one expression per gradient", '''
        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = np.where(D2.astype(bool), np.dot(W3.T, dZ3) / keep_prob, 0.0)
            dZ2 = np.multiply(dA2, np.int64(A2 > 0))
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = np.where(D1.astype(bool), np.dot(W2.T, dZ2) / keep_prob, 0.0)
            dZ1 = np.multiply(dA1, np.int64(A1 > 0))
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
    correct(BD, "bd_helper_and_prints", "a helper for the dropout step, debug prints left in", '''
        def undo_dropout(dA, D, keep_prob):
            """The same units as in the forward pass, scaled the same way."""
            return dA * D / keep_prob


        def backward_propagation_with_dropout(X, Y, cache, keep_prob):
            m = X.shape[1]
            (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
            dZ3 = A3 - Y
            dW3 = 1.0 / m * np.dot(dZ3, A2.T)
            db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
            dA2 = undo_dropout(np.dot(W3.T, dZ3), D2, keep_prob)
            print("dA2", dA2.shape, "zeros:", int(np.sum(dA2 == 0)))
            dZ2 = dA2 * (A2 > 0)
            dW2 = 1.0 / m * np.dot(dZ2, A1.T)
            db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
            dA1 = undo_dropout(np.dot(W2.T, dZ2), D1, keep_prob)
            dZ1 = dA1 * (A1 > 0)
            dW1 = 1.0 / m * np.dot(dZ1, X.T)
            db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
            print("dW1", dW1.shape)
            gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                         "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                         "dZ1": dZ1, "dW1": dW1, "db1": db1}
            return gradients
        '''),
]

# Written after the hints in the notebooks, to see how the messages do on mistakes they were not designed for
# (all were caught; the one still undiagnosed is listed by the report). They reuse cells from above.
ENTRIES += [
    # Y is (1, m), so len(Y) is 1 on every input: no test can tell this from cost_no_m, and both get one message.
    mistake(COST, "cost_len_Y", "uses len(Y) as m, which is 1 (the number of rows)", ["the m is missing", "len(Y)"],
            cost_cell(
        "L2_regularization_cost = lambd / (2 * len(Y)) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))")),
    mistake(BL2, "l2_db_wrong_axis", "sums db1 over axis 0, the units, instead of the examples", "axis", variant(
        "l2_in_place_on_copies", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=0, keepdims=True) / m")),
    # the words fixed beforehand were just "keep_prob"; "1 - keep_prob" is what naming this mistake takes
    mistake(FD, "fd_keeps_with_drop_probability", "keeps a unit when its draw is below 1 - keep_prob",
            "1 - keep_prob", variant("fd_helper_function", "D = np.random.rand(A.shape[0], A.shape[1]) < keep_prob",
                                     "D = np.random.rand(A.shape[0], A.shape[1]) < 1 - keep_prob")),
    mistake(BD, "bd_wrong_mask_for_dA1", "masks dA1 with D2, the other layer's mask", "dA1 goes through D2", variant(
        "bd_helper_and_prints", "undo_dropout(np.dot(W2.T, dZ2), D1, keep_prob)",
        "undo_dropout(np.dot(W2.T, dZ2), D2, keep_prob)")),
    mistake(BD, "bd_dZ3_over_m", "puts the 1/m into dZ3", "without 1/m", variant(
        "bd_helper_and_prints", "dZ3 = A3 - Y", "dZ3 = (A3 - Y) / m")),
]

# Issue 14: more realistic mistakes, each with the diagnosis its message should give.
ENTRIES += [
    mistake(COST, "cost_only_l2", "returns the L2 term alone, without the cross-entropy part",
            "the cross-entropy part is missing", cost_cell(
        "L2_regularization_cost = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))",
        end="    return L2_regularization_cost\n")),
    mistake(COST, "cost_square_of_sums", "squares the sum of each matrix instead of summing the squares",
            "sum was squared", cost_cell(
        "L2_regularization_cost = lambd / (2 * m) * (np.sum(W1) ** 2 + np.sum(W2) ** 2 + np.sum(W3) ** 2)")),
    mistake(COST, "cost_mean_of_squares", "takes the mean of the squares of each matrix instead of their sum",
            "averages the squares", cost_cell(
        "L2_regularization_cost = lambd / (2 * m) * (np.mean(np.square(W1)) + np.mean(np.square(W2)) + np.mean(np.square(W3)))")),
    mistake(COST, "cost_no_lambd", "forgets the factor lambd", "multiplied by lambd", cost_cell(
        "L2_regularization_cost = 1 / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))")),
    # Right gradients, but the ReLU gate is written into the cache's A2: the caller's arrays change.
    mistake(BL2, "l2_gate_written_into_cache", "makes the ReLU gate in place, A2[A2 > 0] = 1, changing the cache",
            "changed its argument cache in place", variant(
        "l2_matmul_and_z_gate", "dZ2 = dA2 * (Z2 > 0)", "A2[A2 > 0] = 1\n    dZ2 = dA2 * A2")),
    mistake(BL2, "l2_term_squared", "writes the L2 term of dW3 as lambd/m * W3 ** 2", "W3**2", variant(
        "l2_matmul_and_z_gate", "dW3 = (dZ3 @ A2.T + lambd * W3) / m", "dW3 = (dZ3 @ A2.T + lambd * W3 ** 2) / m")),
]
