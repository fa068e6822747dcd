"""Activation functions used by every network in the course."""
import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), applied element-wise."""
    return 1.0 / (1.0 + np.exp(-x))


def relu(x):
    """Rectified linear unit max(0, x), applied element-wise."""
    return np.maximum(0, x)
