"""Data set loaders. Every loader returns train_X (2, m), train_Y (1, m), test_X, test_Y."""
import matplotlib.pyplot as plt
import numpy as np
import sklearn.datasets

from .plots import plot_dataset


def load_circles(plot=True):
    """Two noisy concentric circles: 300 training and 100 test points.

    The draws are seeded (1 for training, 2 for test) so every student sees the
    same data and the graded numbers are reproducible.
    """
    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    train_X, test_X = train_X.T, test_X.T
    train_Y, test_Y = train_Y.reshape(1, -1), test_Y.reshape(1, -1)
    if plot:
        plot_dataset(train_X, train_Y, title="Training set: blue = 0, red = 1")
        plt.show()
    return train_X, train_Y, test_X, test_Y


# The classic assignment calls this loader load_dataset().
load_dataset = load_circles
