"""Hidden-test helpers of Initialization: the weights a right answer draws on other network sizes, and a wrong
size of weights put into words."""
import numpy as np

SEED = 3  # the seed every initialize_parameters_* sets before its first draw


def parameter_names(dims):
    """W1, b1, ..., WL, bL for a network of layer sizes `dims`."""
    return [f"{p}{l}" for l in range(1, len(dims)) for p in ("W", "b")]


def _seeded_weights(dims, scale):
    """{l: W_l}: standard normal draws randn(n_l, n_(l-1)) after seeding with SEED, layer by layer, times scale(l)."""
    rng = np.random.RandomState(SEED)
    return {l: rng.randn(dims[l], dims[l - 1]) * scale(l) for l in range(1, len(dims))}


def random_weights(dims):
    """What initialize_parameters_random(dims) draws: the standard normal draws times 10."""
    return _seeded_weights(dims, lambda l: 10)


def he_weights(dims):
    """What initialize_parameters_he(dims) draws: the standard normal draws times sqrt(2 / n_(l-1))."""
    return _seeded_weights(dims, lambda l: np.sqrt(2.0 / dims[l - 1]))


def size_words(W, expected):
    """How the size of the entries (their root mean square) compares with the expected one, in words."""
    ratio = np.sqrt(np.mean(np.square(W))) / np.sqrt(np.mean(np.square(expected)))
    if not np.isfinite(ratio):
        return "some entries are not finite numbers"
    if ratio > 1.5:
        return "its entries are too large"
    if ratio < 1 / 1.5:
        return "its entries are too small"
    return "its entries have about the right size but other values"
