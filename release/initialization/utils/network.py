"""The 3-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID: forward and
backward passes, cost, update, predictions.

It holds no way to draw starting weights: choosing them is the Initialization
assignment's exercise (the Regularization model's own seeded weights are in
three_layer.py, which that assignment alone receives).

Shapes follow the course convention: X is (n_x, m) with one example per
column, Y is (1, m), Wl is (n_l, n_{l-1}) and bl is (n_l, 1).

The cache passed from forward to backward is the 12-tuple
(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
"""
import numpy as np

from .activations import relu, sigmoid


def forward_propagation(X, parameters):
    """Runs the network on X; returns (A3, cache)."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy cost, keyed dZ3, dW3, db3, dA2, ..., db1."""
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    m = X.shape[1]
    grads = {}
    # For a sigmoid output with cross-entropy loss, dLoss/dZ3 simplifies to A3 - Y.
    grads["dZ3"] = dZ3 = A3 - Y
    grads["dW3"] = dZ3 @ A2.T / m
    grads["db3"] = np.sum(dZ3, axis=1, keepdims=True) / m
    grads["dA2"] = dA2 = W3.T @ dZ3
    grads["dZ2"] = dZ2 = dA2 * (A2 > 0)
    grads["dW2"] = dZ2 @ A1.T / m
    grads["db2"] = np.sum(dZ2, axis=1, keepdims=True) / m
    grads["dA1"] = dA1 = W2.T @ dZ2
    grads["dZ1"] = dZ1 = dA1 * (A1 > 0)
    grads["dW1"] = dZ1 @ X.T / m
    grads["db1"] = np.sum(dZ1, axis=1, keepdims=True) / m
    return grads


def compute_cost(A3, Y):
    """Mean cross-entropy between predictions A3 and labels Y, as a float.

    A saturated sigmoid (exactly 0 or 1) gives log(0); the matching 0 * log(0)
    terms are dropped (nansum), and a confident wrong answer costs inf.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = -(np.multiply(Y, np.log(A3)) + np.multiply(1 - Y, np.log(1 - A3)))
    return float(np.nansum(losses) / m)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every Wl and bl."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


def predict(X, y, parameters):
    """Predicts 0/1 labels for X, prints the accuracy against y, returns the labels (1, m)."""
    A3, _ = forward_propagation(X, parameters)
    predictions = (A3 > 0.5).astype(int)
    print(f"Accuracy: {accuracy(predictions, y):.4f}")
    return predictions


def accuracy(predictions, y):
    """Fraction of labels predicted correctly."""
    return float(np.mean(predictions == y))


def predict_dec(parameters, X):
    """Boolean predictions for X, as plot_decision_boundary wants them."""
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5
