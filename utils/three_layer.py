"""The 3-layer network as the Regularization notebook uses it: the network of
network.py plus initialize_parameters, the seeded starting weights of its model.

The starting weights live here, apart from network.py, because they are one factor
away from an answer of the Initialization assignment (He scaling multiplies the same
draws by sqrt(2)): a release gets this module only when its notebook imports it.
"""
import numpy as np

from .activations import relu, sigmoid  # noqa: F401 (part of this module's interface)
from .network import (accuracy, backward_propagation, compute_cost, forward_propagation,  # noqa: F401
                      predict, predict_dec, update_parameters)


def initialize_parameters(layer_dims, seed=3):
    """Scaled random weights W = randn / sqrt(n_{l-1}) and zero biases."""
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        fan_in = layer_dims[l - 1]
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], fan_in) / np.sqrt(fan_in)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters
